"""The wall in the reader's language: when the page opens, and after every live update."""

import pytest
from django.conf import settings
from django.core.cache import cache
from playwright.sync_api import expect

from groups import domain as groups
from live import languages
from tests.browser.test_live_programme import FOLLOW_TIMEOUT, join
from wall import domain

pytestmark = pytest.mark.browser


@pytest.fixture
def forget_languages(session):
    # Marks left by an earlier test's sockets on a meeting of the same id are not this one's.
    cache.delete_many([languages._key(session.meeting_id, code) for code in languages.codes()])


def choose_language(page, asgi_server, code):
    page.context.add_cookies(
        [{"name": settings.LANGUAGE_COOKIE_NAME, "value": code, "url": asgi_server.url}]
    )


def save(group, version, heading):
    author = group.memberships.order_by("pk").first().participant
    domain.card_save(
        card=domain.card_for(group),
        base_version=version,
        heading=heading,
        body="Tekst",
        question_numbers=[1],
        author=author,
    )
    return author


def test_an_english_participants_wall_stays_english_after_a_live_update(
    session, new_page, asgi_server, forget_languages
):
    english = new_page()
    join(english, session.meeting, "Ann Reader", "Porsgrunn kulturskole")
    choose_language(english, asgi_server, "en")
    # A browser that asks for English but chose nothing on samtale reads the meeting's
    # language (bokmål), on the page and in its live updates alike.
    asks_english = new_page(locale="en-GB")
    join(asks_english, session.meeting, "Bjørn Leser", "Porsgrunn kulturskole")
    (group,) = groups.groups_form(item=session, strategy="random", target_size=2, seed=1)
    author = save(group, 0, "Før")

    wall = f"/wall/{session.meeting.code}/{session.pk}/"
    for page in (english, asks_english):
        page.goto(wall)
        expect(page.locator("[data-live-status]")).to_have_attribute("data-state", "online")
    english_card = english.locator(".wall-card")
    bokmal_card = asks_english.locator(".wall-card")
    expect(english_card.locator(".wall-card__writer")).to_have_text(f"Written by {author.name}")
    expect(bokmal_card.locator(".wall-card__writer")).to_have_text(f"Skrevet av {author.name}")

    save(group, 1, "Etter")

    expect(english_card.locator(".wall-card__heading")).to_have_text(
        "Etter", timeout=FOLLOW_TIMEOUT
    )
    expect(english_card.locator(".wall-card__writer")).to_have_text(f"Written by {author.name}")
    expect(english_card.locator(".wall-card__group")).to_have_text("Group 1")
    expect(english_card.locator(".wall-card__questions")).to_have_text("Answers question 1")
    expect(bokmal_card.locator(".wall-card__heading")).to_have_text("Etter", timeout=FOLLOW_TIMEOUT)
    expect(bokmal_card.locator(".wall-card__writer")).to_have_text(f"Skrevet av {author.name}")
    expect(bokmal_card.locator(".wall-card__group")).to_have_text("Gruppe 1")
