"""The item page's other written form: the translator's proposal, reading it through, saving;
and what a participant who reads that form is shown."""

import json

import pytest
from django.conf import settings
from django.contrib.messages import get_messages
from django.urls import reverse

from analysis import apertium
from meetings import domain
from meetings.models import ProgrammeItem
from tests.conftest import joined_client
from tests.factories import MeetingFactory, ProgrammeItemFactory, group_session
from tests.meetings.test_views import item_post_data

pytestmark = pytest.mark.django_db


@pytest.fixture
def meeting(facilitator_client):
    client, user = facilitator_client
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"  # the messages as written here
    meeting = MeetingFactory(language="nb")
    meeting.facilitators.add(user)
    return meeting


@pytest.fixture
def item(meeting):
    return ProgrammeItemFactory(meeting=meeting, title="Innledning")


@pytest.fixture
def translator(monkeypatch):
    """A translator that marks what it made, so the test sees what went where."""
    runs = []

    def translate(texts, *, source, target, **_options):
        runs.append(list(texts))
        return [f"{target}: {text}" if text else "" for text in texts]

    monkeypatch.setattr(apertium, "translate", translate)
    return runs


def edit_url(meeting, item):
    return reverse("meetings:item_edit", args=[meeting.pk, item.pk])


def messages_of(response) -> list[str]:
    return [str(message) for message in get_messages(response.wsgi_request)]


def test_the_page_offers_the_other_form_of_a_norwegian_meeting_only(
    facilitator_client, meeting, item
):
    client, user = facilitator_client
    page = client.get(edit_url(meeting, item)).content.decode()
    assert "Make the nynorsk version" in page
    assert 'name="other_title"' in page and 'lang="nn"' in page

    english = MeetingFactory(language="en")
    english.facilitators.add(user)
    other = ProgrammeItemFactory(meeting=english)
    page = client.get(edit_url(english, other)).content.decode()
    assert 'name="other_title"' not in page and 'name="propose"' not in page


def test_the_programme_says_which_items_have_their_nynorsk_version(
    facilitator_client, meeting, item
):
    client, _user = facilitator_client
    ProgrammeItemFactory(
        meeting=meeting, other_language="nn", other_title="Kva no?", other_reviewed=True
    )
    page = client.get(reverse("meetings:edit", args=[meeting.pk])).content.decode()
    assert page.count("Not in nynorsk yet") == 1
    assert page.count("In nynorsk too") == 1


def test_the_proposal_fills_the_form_and_saves_nothing(
    facilitator_client, meeting, item, translator
):
    client, _user = facilitator_client
    data = item_post_data(
        title="Velkommen", description="Om dagen", questions=["Hva nå?"], propose="1"
    )

    response = client.post(edit_url(meeting, item), data)

    assert response.status_code == 200
    form = response.context["form"]
    questions = response.context["questions"]
    assert form["other_title"].value() == "nn: Velkommen"
    assert form["other_description"].value() == "nn: Om dagen"
    assert not form["other_reviewed"].value()
    assert questions.forms[0]["other_text"].value() == "nn: Hva nå?"
    assert form["title"].value() == "Velkommen"  # what was typed stays
    assert response.context["other_unread"]
    assert translator == [["Velkommen", "Om dagen", "Hva nå?"]]
    item.refresh_from_db()
    assert (item.title, item.other_title) == ("Innledning", "")


def test_a_new_proposal_is_not_read_through_until_ticked_again(
    facilitator_client, meeting, item, translator
):
    client, _user = facilitator_client
    data = item_post_data(
        title="Velkommen", other_title="Velkomen", other_reviewed="on", propose="1"
    )

    response = client.post(edit_url(meeting, item), data)

    assert not response.context["form"]["other_reviewed"].value()


def test_without_the_translator_the_page_says_so_and_keeps_what_was_typed(
    facilitator_client, meeting, item, monkeypatch
):
    monkeypatch.setattr(apertium, "available", lambda *_direction: False)
    client, _user = facilitator_client
    data = item_post_data(title="Velkommen", other_title="Velkomen", propose="1")

    response = client.post(edit_url(meeting, item), data)

    assert response.status_code == 200
    assert messages_of(response) == ["The translator is not installed on this server."]
    form = response.context["form"]
    assert (form["title"].value(), form["other_title"].value()) == ("Velkommen", "Velkomen")
    item.refresh_from_db()
    assert item.title == "Innledning"


def test_a_busy_translator_is_a_message_too(facilitator_client, meeting, item, monkeypatch):
    def busy(*_args, **_kwargs):
        raise apertium.TranslatorError(
            "The translator is busy. Try again in a moment.", code="busy"
        )

    monkeypatch.setattr(apertium, "translate", busy)
    client, _user = facilitator_client

    response = client.post(edit_url(meeting, item), item_post_data(propose="1"))

    assert messages_of(response) == ["The translator is busy. Try again in a moment."]


def test_saving_the_version_read_through(facilitator_client, meeting, item):
    client, _user = facilitator_client
    data = item_post_data(
        title="Hva nå?",
        other_title="Kva no?",
        other_description="",
        other_reviewed="on",
        questions=["Hva mangler?"],
        **{"questions-0-other_text": "Kva manglar?"},
    )

    response = client.post(edit_url(meeting, item), data)

    assert response.status_code == 302
    item.refresh_from_db()
    assert (item.other_language, item.other_title, item.other_reviewed) == ("nn", "Kva no?", True)
    assert [(q.text, q.other_text) for q in item.questions.all()] == [
        ("Hva mangler?", "Kva manglar?")
    ]


def test_a_version_read_through_needs_its_title_and_every_question(
    facilitator_client, meeting, item
):
    client, _user = facilitator_client
    data = item_post_data(
        title="Hva nå?", other_title="", other_reviewed="on", questions=["Hva mangler?"]
    )

    response = client.post(edit_url(meeting, item), data)

    assert response.status_code == 200
    assert response.context["form"].errors["other_title"]
    data["other_title"] = "Kva no?"
    response = client.post(edit_url(meeting, item), data)
    assert response.status_code == 200
    assert response.context["questions"].forms[0].errors["other_text"] == [
        "Write the question in this written form too."
    ]
    item.refresh_from_db()
    assert (item.title, item.other_reviewed) == ("Innledning", False)


def test_a_version_not_read_through_may_be_saved_half_done(facilitator_client, meeting, item):
    client, _user = facilitator_client
    data = item_post_data(title="Hva nå?", other_title="Kva no", questions=["Hva mangler?"])

    assert client.post(edit_url(meeting, item), data).status_code == 302
    item.refresh_from_db()
    assert (item.other_title, item.other_reviewed) == ("Kva no", False)


# --- What participants see --------------------------------------------------------------------


def started_session(*, reviewed: bool) -> ProgrammeItem:
    item = group_session(
        MeetingFactory(language="nb"),
        title="Gruppesamtaler",
        other_language="nn",
        other_title="Gruppesamtalar",
        other_reviewed=reviewed,
    )
    domain.meeting_start(meeting=item.meeting)
    domain.item_start(meeting=item.meeting, item=item)
    return item


def participant_page(item, language: str):
    client = joined_client(item.meeting)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    response = client.get(reverse("participants:meeting", args=[item.meeting.code]))
    assert response.status_code == 200
    return response.content.decode()


def programme_state_of(page: str) -> dict:
    start = page.index('<script id="programme-state" type="application/json">')
    script = page[start:].split(">", 1)[1].split("</script>", 1)[0]
    return json.loads(script)


def test_a_nynorsk_reader_sees_the_nynorsk_version_once_read_through():
    item = started_session(reviewed=True)

    nynorsk = participant_page(item, "nn")
    assert ">Gruppesamtalar</a>" in nynorsk  # the wall's link, in the reader's form
    assert programme_state_of(nynorsk)["current"]["other"]["title"] == "Gruppesamtalar"

    bokmaal = participant_page(item, "nb")
    assert ">Gruppesamtaler</a>" in bokmaal and "Gruppesamtalar" not in bokmaal.split("<script")[0]


def test_a_version_not_read_through_is_not_shown_and_the_words_carry_their_lang():
    item = started_session(reviewed=False)

    nynorsk = participant_page(item, "nn")

    assert "Gruppesamtalar" not in nynorsk
    assert '<span lang="nb">Gruppesamtaler</span></a>' in nynorsk
    assert programme_state_of(nynorsk)["current"]["other"] is None
