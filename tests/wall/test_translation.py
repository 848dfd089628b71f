"""A card in the other written form beside it on the wall (wall/translation.py, card_other)."""

import pytest
from django.conf import settings
from django.core.cache import cache
from django.test import Client
from django.urls import reverse

from analysis import apertium
from tests.conftest import joined_client, needs_translator
from tests.factories import CardFactory, GroupFactory, MeetingFactory, group_session
from wall import domain
from wall.translation import card_form, text_form

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def fresh_cache():
    cache.clear()  # translations are kept per card version: each test makes its own


@pytest.fixture
def translator(monkeypatch):
    runs = []

    def translate(texts, *, source, target, **_options):
        runs.append((source, target))
        return [f"{target}: {text}" if text else "" for text in texts]

    monkeypatch.setattr(apertium, "translate", translate)
    return runs


@pytest.fixture
def wall():
    item = group_session(MeetingFactory(language="nb"))
    card = CardFactory(
        group=GroupFactory(item=item, number=1),
        heading="Flere lærere",
        body="Vi trenger flere lærere i kulturskolen.",
    )
    return item.meeting, card


def other_url(meeting, card, to=""):
    url = reverse("wall:card_other", args=[meeting.code, card.pk])
    return f"{url}?to={to}" if to else url


def english(client: Client) -> Client:
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def test_the_form_of_a_text():
    assert text_form("Vi trenger flere lærere, og det er ikke nok tid.") == "nb"
    assert text_form("Vi treng fleire lærarar, og det er ikkje nok tid.") == "nn"
    assert text_form("We need more teachers, and there is not enough time.") == ""
    assert text_form("  ") == ""


def test_a_participant_gets_the_card_in_nynorsk_marked_with_its_lang(wall, translator):
    meeting, card = wall
    client = joined_client(meeting)

    response = client.get(other_url(meeting, card))

    assert response.status_code == 200
    answer = response.json()
    assert answer["lang"] == "nn"
    assert '<div class="wall-card__other-text" lang="nn">' in answer["html"]
    assert "nn: Flere lærere" in answer["html"]
    assert "<p>nn: Vi trenger flere lærere i kulturskolen.</p>" in answer["html"]
    assert translator == [("nb", "nn")]


def test_the_translation_is_made_once_per_card_version(wall, translator):
    meeting, card = wall
    client = joined_client(meeting)
    client.get(other_url(meeting, card))
    joined_client(meeting, name="Kari Nordmann").get(other_url(meeting, card))
    assert translator == [("nb", "nn")]

    domain.card_save(
        card=card,
        base_version=card.version,
        heading="Ny",
        body="Vi trenger mer tid.",
        question_numbers=[],
        author=None,
    )
    card.refresh_from_db()
    assert "nn: Vi trenger mer tid." in client.get(other_url(meeting, card)).json()["html"]
    assert len(translator) == 2


def test_strangers_are_refused_and_other_meetings_find_nothing(wall, translator):
    meeting, card = wall
    stranger = english(Client()).get(other_url(meeting, card))
    assert stranger.status_code == 403
    assert stranger.json() == {"error": "Only the meeting's participants can see its cards."}

    elsewhere = MeetingFactory()
    crossed = joined_client(elsewhere).get(other_url(elsewhere, card))
    assert crossed.status_code == 404
    assert translator == []


def test_a_hidden_card_is_translated_for_the_facilitators_alone(
    wall, translator, facilitator_client
):
    meeting, card = wall
    domain.card_moderate(card=card, hidden=True, hidden_reason="")
    assert joined_client(meeting).get(other_url(meeting, card)).status_code == 404

    client, user = facilitator_client
    meeting.facilitators.add(user)
    assert client.get(other_url(meeting, card)).status_code == 200


def test_without_the_translator_the_reader_is_told_in_their_language(wall, monkeypatch):
    monkeypatch.setattr(apertium, "available", lambda *_direction: False)
    meeting, card = wall

    response = english(joined_client(meeting)).get(other_url(meeting, card))

    assert response.status_code == 503
    assert response.json() == {"error": "The translator is not installed on this server."}


def test_a_card_already_in_that_form_or_in_neither_is_refused(wall, translator):
    meeting, card = wall
    client = english(joined_client(meeting))
    same = client.get(other_url(meeting, card, to="nb"))
    assert (same.status_code, same.json()) == (
        400,
        {"error": "The card is already in that written form."},
    )
    assert client.get(other_url(meeting, card, to="en")).status_code == 400
    card.heading, card.body = "More teachers", "We need more teachers in the music school."
    card.save()
    assert client.get(other_url(meeting, card)).status_code == 400
    assert translator == []


def test_the_wall_marks_a_card_with_its_form_and_offers_the_other(wall, monkeypatch):
    monkeypatch.setattr(apertium, "available", lambda *_direction: True)
    meeting, card = wall
    card.heading, card.body = (
        "Fleire lærarar",
        "Vi treng fleire lærarar i kulturskulen, ikkje færre.",
    )
    card.save()
    assert card_form(card) == "nn"

    html = domain.card_html(card, language="nb")

    assert f'id="card-{card.pk}-heading" lang="nn"' in html
    assert '<div class="wall-card__body" lang="nn">' in html
    assert 'data-card-other-to="nb"' in html and 'aria-expanded="false"' in html
    assert "Show in bokmål" in domain.card_html(card, language="en")
    # On a page in the card's own form its words need no mark.
    assert 'lang="nn"' not in domain.card_html(card, language="nn")


def test_an_english_card_gets_no_offer(wall):
    meeting, card = wall
    card.heading, card.body = "Teachers", "We need more teachers and more time."
    card.save()
    assert "data-card-other" not in domain.card_html(card, language="nb")


def test_no_offer_on_a_server_without_the_translator(wall, monkeypatch):
    monkeypatch.setattr(apertium, "available", lambda *_direction: False)
    meeting, card = wall
    html = domain.card_html(card, language="nb")
    assert "data-card-other" not in html
    assert 'class="wall-card__body"' in html


@needs_translator
def test_apertium_translates_a_card_with_its_formatting(wall):
    meeting, card = wall
    card.body = "Vi **trenger** flere lærere.\n\n- Hva med lokaler?\n- Jeg tror ikke det"
    card.save()

    html = joined_client(meeting).get(other_url(meeting, card)).json()["html"]

    assert "<strong>treng</strong> fleire lærarar" in html
    assert "<li>Eg trur ikkje det</li>" in html
