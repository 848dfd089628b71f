"""`{% content %}`: the meeting's words (an item's title, a question, a card) as the reader
is shown them, marked with their language where it is not the page's, so that a screen
reader reads them with the right voice.

    {% content item "title" %}              the item's title in the reader's written form
                                            when one was read through, else as written
    {% content question "text" %}           a question, the same way
    {% content meeting "title" %}           as written, in the meeting's language
    {% content link "title" %}              a GroupSessionLink of the shared programme
    {% content card.heading lang=form %}    any text, in the language given

As it is, it writes the text, in a <span lang="…"> when its language is not the page's.
With `as name`, {{ name.text }} is the text and {{ name.attr }} the ` lang="…"` for an
element of its own: <h1{{ title.attr }}>{{ title.text }}</h1> (and where a span may not
go: an option, an attribute).
"""

from dataclasses import dataclass

from django import template
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language

from meetings import written
from meetings.domain import GroupSessionLink
from meetings.models import Meeting, ProgrammeItem, Question

register = template.Library()


@dataclass(frozen=True)
class Content:
    text: str
    lang: str
    page: str

    @property
    def differs(self) -> bool:
        return bool(self.lang) and self.lang != self.page

    @property
    def attr(self) -> SafeString:
        return format_html(' lang="{}"', self.lang) if self.differs else mark_safe("")

    def __html__(self) -> str:
        if self.differs:
            return format_html('<span lang="{}">{}</span>', self.lang, self.text)
        return conditional_escape(self.text)

    def __str__(self) -> str:
        return self.__html__()


def _text(value, field: str | None, reader: str) -> written.Text:
    if isinstance(value, ProgrammeItem):
        return written.item_text(value, field or "title", reader)
    if isinstance(value, Question):
        return written.question_text(value, reader)
    if isinstance(value, GroupSessionLink):
        if value.other_title and value.other_lang == reader:
            return written.Text(value.other_title, value.other_lang)
        return written.Text(value.title, value.lang)
    if isinstance(value, Meeting):
        return written.Text(getattr(value, field or "title"), value.language)
    return written.Text("" if value is None else value, "")


@register.simple_tag
def content(value, field: str | None = None, *, lang: str = "") -> Content:
    page = (get_language() or "").split("-")[0]
    found = _text(value, field, page)
    return Content(text=found.text, lang=lang or found.lang, page=page)
