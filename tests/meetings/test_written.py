"""The programme in both written forms (meetings/written.py) and `{% content %}`, which marks
the meeting's words with their language where the page is in another."""

import pytest
from django.template import Context, Template
from django.utils import translation

from analysis import apertium
from common.errors import DomainError
from meetings import written
from meetings.domain import GroupSessionLink, item_replace_children, programme_state
from meetings.models import ProgrammeItem, Question
from tests.conftest import needs_translator
from tests.factories import MeetingFactory, ProgrammeItemFactory

pytestmark = pytest.mark.django_db


def item_in_both(*, reviewed=True, language="nb", **fields) -> ProgrammeItem:
    item = ProgrammeItemFactory(
        meeting=MeetingFactory(language=language),
        title="Fremtidens kulturskole",
        description="Hva skal vi bli?",
        other_language=written.other_form(language) or "",
        other_title="Framtidas kulturskule",
        other_description="Kva skal vi bli?",
        other_reviewed=reviewed,
        **fields,
    )
    item_replace_children(
        item=item,
        speakers=[],
        questions=[{"text": "Hva mangler?", "other_text": "Kva manglar?"}, "Hva nå?"],
    )
    return item


def test_the_other_form_of_each_language():
    assert (written.other_form("nb"), written.other_form("nn"), written.other_form("en")) == (
        "nn",
        "nb",
        None,
    )


def test_a_reader_of_the_other_form_gets_it_once_read_through():
    item = item_in_both()
    assert written.item_text(item, "title", "nn") == written.Text("Framtidas kulturskule", "nn")
    assert written.item_text(item, "description", "nn").text == "Kva skal vi bli?"
    # Readers of the form it was written in, and of English, get it as written.
    for reader in ("nb", "en", None):
        assert written.item_text(item, "title", reader) == written.Text(
            "Fremtidens kulturskole", "nb"
        )


def test_a_version_not_read_through_is_shown_to_nobody():
    item = item_in_both(reviewed=False)
    assert written.item_text(item, "title", "nn") == written.Text("Fremtidens kulturskole", "nb")
    assert written.item_other_form(item, list(item.questions.all())) is None


def test_a_question_without_its_other_form_stays_as_written():
    item = item_in_both()
    first, second = item.questions.all()
    assert written.question_text(first, "nn") == written.Text("Kva manglar?", "nn")
    assert written.question_text(second, "nn") == written.Text("Hva nå?", "nb")
    assert written.question_text(first, "nb") == written.Text("Hva mangler?", "nb")


def test_the_live_item_state_carries_the_other_form_once_read_through():
    item = item_in_both()
    meeting = item.meeting
    meeting.current_item = item
    meeting.status = "live"
    meeting.save()

    current = programme_state(meeting)["current"]

    assert current["lang"] == "nb"
    assert current["title"] == "Fremtidens kulturskole"
    assert current["other"] == {
        "lang": "nn",
        "title": "Framtidas kulturskule",
        "description": "Kva skal vi bli?",
        "questions": ["Kva manglar?", "Hva nå?"],
    }

    item.other_reviewed = False
    item.save()
    assert programme_state(meeting)["current"]["other"] is None


def test_propose_translates_title_description_and_questions_in_one_run(monkeypatch):
    runs = []

    def translate(texts, *, source, target, **_options):
        runs.append((list(texts), source, target))
        return [f"[{target}] {text}" if text else "" for text in texts]

    monkeypatch.setattr(apertium, "translate", translate)
    meeting = MeetingFactory(language="nb")

    proposal = written.propose(
        meeting=meeting, title="Velkommen", description="", questions=["Hva nå?"]
    )

    assert proposal == written.Proposal(
        lang="nn", title="[nn] Velkommen", description="", questions=["[nn] Hva nå?"]
    )
    assert runs == [(["Velkommen", "", "Hva nå?"], "nb", "nn")]


def test_propose_refuses_an_english_meeting_and_an_empty_title():
    with pytest.raises(DomainError) as english:
        written.propose(
            meeting=MeetingFactory(language="en"), title="Hi", description="", questions=[]
        )
    assert english.value.code == "no-other-form"
    with pytest.raises(DomainError) as empty:
        written.propose(
            meeting=MeetingFactory(language="nb"), title=" ", description="", questions=[]
        )
    assert empty.value.code == "empty"


def test_a_missing_translator_is_a_message_to_show(monkeypatch):
    monkeypatch.setattr(apertium, "available", lambda *_direction: False)
    with pytest.raises(apertium.TranslatorError) as missing:
        written.propose(
            meeting=MeetingFactory(language="nb"), title="Velkommen", description="", questions=[]
        )
    assert missing.value.code == "unavailable"
    with translation.override("en"):
        assert str(missing.value) == "The translator is not installed on this server."


@needs_translator
def test_apertium_writes_nynorsk_and_bokmaal():
    nynorsk = written.propose(
        meeting=MeetingFactory(language="nb"),
        title="Hva er viktigst for barn og unge?",
        description="",
        questions=["Hvordan kan vi nå flere elever?"],
    )
    assert nynorsk.title == "Kva er viktigast for barn og unge?"
    assert nynorsk.questions == ["Korleis kan vi nå fleire elevar?"]
    assert apertium.translate(["Eg trur ikkje det."], source="nn", target="nb") == [
        "Jeg tror ikke det."
    ]


# --- {% content %} ------------------------------------------------------------------------


def rendered(source: str, language: str, **context) -> str:
    with translation.override(language):
        return Template("{% load written %}" + source).render(Context(context))


def test_content_is_marked_with_its_language_on_a_page_in_another():
    item = item_in_both(reviewed=False)
    assert rendered('{% content item "title" %}', "nb", item=item) == "Fremtidens kulturskole"
    assert (
        rendered('{% content item "title" %}', "en", item=item)
        == '<span lang="nb">Fremtidens kulturskole</span>'
    )
    assert (
        rendered('{% content item "title" %}', "nn", item=item)
        == '<span lang="nb">Fremtidens kulturskole</span>'
    )


def test_content_in_the_readers_form_needs_no_mark():
    item = item_in_both()
    question = Question.objects.filter(item=item).first()
    assert rendered('{% content item "title" %}', "nn", item=item) == "Framtidas kulturskule"
    assert rendered('{% content q "text" %}', "nn", q=question) == "Kva manglar?"
    assert (
        rendered('{% content q "text" %}', "en", q=question)
        == '<span lang="nb">Hva mangler?</span>'
    )


def test_content_is_escaped_and_gives_an_attribute_for_an_element_of_its_own():
    meeting = MeetingFactory(language="nn", title="<Møte> & meir")
    assert rendered('{% content m "title" %}', "nn", m=meeting) == "&lt;Møte&gt; &amp; meir"
    assert (
        rendered('{% content m "title" as t %}<h1{{ t.attr }}>{{ t.text }}</h1>', "nb", m=meeting)
        == '<h1 lang="nn">&lt;Møte&gt; &amp; meir</h1>'
    )
    assert rendered('{% content "Kort" lang="nn" %}', "nb") == '<span lang="nn">Kort</span>'
    assert rendered('{% content "Kort" lang="" %}', "nb") == "Kort"


def test_content_of_a_shared_programme_link():
    link = GroupSessionLink(
        pk=1, title="Gruppesamtaler", lang="nb", other_lang="nn", other_title="Gruppesamtalar"
    )
    assert rendered('{% content l "title" %}', "nn", l=link) == "Gruppesamtalar"
    assert (
        rendered('{% content l "title" %}', "en", l=link) == '<span lang="nb">Gruppesamtaler</span>'
    )
