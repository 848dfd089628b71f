"""The programme in both written forms of Norwegian.

The facilitator writes the programme in one form, the meeting's language (`Meeting.language`);
samtale proposes the other form through Apertium (analysis/apertium.py), the facilitator reads
the proposal through and corrects it, and only then (`ProgrammeItem.other_reviewed`) is it
shown, to the readers whose page is in that form. Everyone else reads what was written, and
the page marks it with its language where it is not the page's (meetings/templatetags/written.py,
programme.js), so that a screen reader reads it with the right voice.
"""

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from analysis import apertium
from common.errors import DomainError
from meetings.models import Meeting, ProgrammeItem, Question

OTHER_FORM = {"nb": "nn", "nn": "nb"}


def other_form(language: str) -> str | None:
    """The other written form of a meeting in `language`: none for a meeting in English."""
    return OTHER_FORM.get(language)


@dataclass(frozen=True)
class Text:
    """A piece of the programme as one reader is shown it, and the language it is in."""

    text: str
    lang: str


def _shown_other(item: ProgrammeItem, reader: str | None) -> bool:
    return bool(item.other_reviewed and item.other_language and item.other_language == reader)


def item_text(item: ProgrammeItem, field: str, reader: str | None) -> Text:
    """The item's `field` ("title", "description") for a reader of `reader`: the other
    form when it is theirs and was read through (and says something), else as written."""
    if _shown_other(item, reader):
        other = getattr(item, f"other_{field}")
        if other:
            return Text(other, item.other_language)
    return Text(getattr(item, field), item.meeting.language)


def question_text(question: Question, reader: str | None) -> Text:
    item = question.item
    if _shown_other(item, reader) and question.other_text:
        return Text(question.other_text, item.other_language)
    return Text(question.text, item.meeting.language)


def item_other_form(item: ProgrammeItem, questions: list[Question]) -> dict | None:
    """The item in its other form for the live programme (programme.js picks it for the
    pages in that form), or None while there is none read through."""
    if not (item.other_reviewed and item.other_language and item.other_title):
        return None
    return {
        "lang": item.other_language,
        "title": item.other_title,
        "description": item.other_description or item.description,
        "questions": [q.other_text or q.text for q in questions],
    }


@dataclass(frozen=True)
class Proposal:
    """Apertium's proposal of an item in the other form, for the facilitator to read."""

    lang: str
    title: str
    description: str
    questions: list[str]


def propose(*, meeting: Meeting, title: str, description: str, questions: list[str]) -> Proposal:
    """The item's words in the meeting's other written form, as the translator proposes them;
    raises a DomainError (apertium.TranslatorError among them) with a message to show."""
    target = other_form(meeting.language)
    if target is None:
        raise DomainError(
            _("Only a meeting in bokmål or nynorsk has another written form."),
            code="no-other-form",
        )
    if not title.strip():
        raise DomainError(_("Write the title first: the proposal is made from it."), code="empty")
    # No longer than the fields may be: what is posted is not checked before a proposal.
    texts = apertium.translate(
        [title[:200], description[:5000], *(text[:500] for text in questions)],
        source=meeting.language,
        target=target,
    )
    return Proposal(
        lang=target,
        title=texts[0][:200],
        description=texts[1][:5000],
        questions=[text[:500] for text in texts[2:]],
    )
