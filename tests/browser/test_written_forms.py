"""Both written forms in the browser: the programme in the reader's form once read through,
and "show in nynorsk" beside a bokmål card."""

import pytest
from django.conf import settings
from playwright.sync_api import expect

from groups import domain as groups
from meetings import domain as meetings
from tests.browser.test_live_programme import FOLLOW_TIMEOUT, join
from tests.conftest import axe_violations, login_in_browser, needs_translator
from tests.factories import MeetingFactory, ProgrammeItemFactory, UserFactory, group_session
from wall import domain

pytestmark = pytest.mark.browser


@pytest.fixture
def session(asgi_server):
    item = group_session(
        MeetingFactory(title="Fremtidens kulturskole", language="nb"),
        title="Gruppesamtaler",
        other_language="nn",
        other_title="Gruppesamtalar",
        other_reviewed=True,
    )
    first = item.questions.order_by("position").first()
    first.other_text = "Kva er viktigast for barn og unge?"
    first.save()
    meetings.meeting_start(meeting=item.meeting)
    meetings.item_start(meeting=item.meeting, item=item)
    return item


def reader(new_page, asgi_server, session, name, language):
    page = new_page()
    page.context.add_cookies(
        [{"name": settings.LANGUAGE_COOKIE_NAME, "value": language, "url": asgi_server.url}]
    )
    join(page, session.meeting, name, "Porsgrunn kulturskole")
    return page


def test_the_programme_is_shown_in_the_readers_form_and_marked_where_it_is_not(
    session, new_page, asgi_server
):
    nynorsk = reader(new_page, asgi_server, session, "Nils Nynorsk", "nn")
    english = reader(new_page, asgi_server, session, "Emma English", "en")

    title = nynorsk.locator("[data-show=now-title]")
    expect(title).to_have_text("Gruppesamtalar")
    expect(title).not_to_have_attribute("lang", "nb")
    expect(nynorsk.locator("[data-show=now-questions] li").first).to_have_text(
        "Kva er viktigast for barn og unge?"
    )
    english_title = english.locator("[data-show=now-title]")
    expect(english_title).to_have_text("Gruppesamtaler")
    expect(english_title).to_have_attribute("lang", "nb")

    # Read through no more: the live state that follows takes the nynorsk version away.
    meetings.item_update(item=session, other_reviewed=False)
    expect(title).to_have_text("Gruppesamtaler", timeout=FOLLOW_TIMEOUT)
    expect(title).to_have_attribute("lang", "nb")


@needs_translator
def test_a_bokmaal_card_is_shown_in_nynorsk_on_request(session, new_page, asgi_server):
    page = reader(new_page, asgi_server, session, "Berit Bokmål", "nb")
    reader(new_page, asgi_server, session, "Per Partner", "nb")
    (group,) = groups.groups_form(item=session, strategy="random", target_size=2, seed=1)
    domain.card_save(
        card=domain.card_for(group),
        base_version=0,
        heading="Flere lærere",
        body="Vi trenger flere lærere i kulturskolen.",
        question_numbers=[1],
        author=group.memberships.first().participant,
    )
    page.goto(f"/wall/{session.meeting.code}/{session.pk}/")
    card = page.locator(".wall-card")
    expect(card.locator(".wall-card__heading")).to_have_text("Flere lærere")
    expect(card.locator(".wall-card__heading")).not_to_have_attribute("lang", "nb")

    toggle = card.locator("[data-card-other-to=nn]")
    expect(toggle).to_have_attribute("aria-expanded", "false")
    toggle.focus()
    page.keyboard.press("Enter")

    expect(toggle).to_have_attribute("aria-expanded", "true")
    translated = card.locator(".wall-card__other-text")
    expect(translated).to_have_attribute("lang", "nn")
    expect(translated).to_contain_text("Vi treng fleire lærarar i kulturskulen.")
    expect(page.locator("dialog[open]")).to_have_count(0)  # the card did not open large
    assert axe_violations(page) == []

    page.keyboard.press("Enter")
    expect(toggle).to_have_attribute("aria-expanded", "false")
    expect(card.locator("[data-card-other-result]")).to_be_hidden()


def test_the_read_only_link_offers_no_translation(session, new_page, asgi_server):
    reader(new_page, asgi_server, session, "Berit Bokmål", "nb")
    reader(new_page, asgi_server, session, "Per Partner", "nb")
    (group,) = groups.groups_form(item=session, strategy="random", target_size=2, seed=1)
    domain.card_save(
        card=domain.card_for(group),
        base_version=0,
        heading="Flere lærere",
        body="Vi trenger flere lærere.",
        question_numbers=[1],
    )
    token = domain.wall_share(item=session, enabled=True).share_token
    page = new_page()
    page.goto(f"/wall/shared/{token}/")
    expect(page.locator(".wall-card__heading")).to_have_text("Flere lærere")
    expect(page.locator("[data-card-other-to]")).to_be_hidden()


@needs_translator
def test_the_facilitator_reads_the_proposal_before_anyone_sees_it(new_page, asgi_server):
    facilitator = UserFactory()
    meeting = MeetingFactory(language="nb", facilitators=[facilitator])
    item = ProgrammeItemFactory(meeting=meeting, title="Hva er viktigst for barn og unge?")
    page = new_page()
    login_in_browser(page, facilitator)
    page.goto(f"/meetings/{meeting.pk}/items/{item.pk}/")

    page.click("button[name=propose]")

    other_title = page.locator("#id_other_title")
    expect(other_title).to_have_value("Kva er viktigast for barn og unge?")
    expect(other_title).to_have_attribute("lang", "nn")
    expect(page.locator("#id_other_reviewed")).not_to_be_checked()
    assert axe_violations(page) == []
    item.refresh_from_db()
    assert item.other_title == ""  # nothing saved until it is read through

    other_title.fill("Kva er viktigast for born og unge?")
    page.check("#id_other_reviewed")
    page.click("main form button[type=submit]:not([name])")
    page.wait_for_url(f"**/meetings/{meeting.pk}/")
    item.refresh_from_db()
    assert (item.other_title, item.other_reviewed) == ("Kva er viktigast for born og unge?", True)
