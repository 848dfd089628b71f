"""The wall in real browsers: live cards, conflicts, a server restart while typing, no scripts."""

import re
import time

import pytest
from playwright.sync_api import expect

from groups import domain as groups
from groups.models import Membership
from meetings import domain as meetings
from tests.browser.test_live_programme import VERSION_TIMEOUT, join
from tests.conftest import axe_violations
from tests.factories import group_session
from wall.models import Card, CardVersion

pytestmark = pytest.mark.browser


@pytest.fixture
def session(asgi_server, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    item = group_session()
    meetings.meeting_start(meeting=item.meeting)
    return item


def joined_pages(new_page, session, names):
    pages = []
    for name in names:
        page = new_page(width=390, height=844)
        join(page, session.meeting, name, "Porsgrunn kulturskole")
        pages.append(page)
    return pages


def to_group_page(page, session):
    page.goto(f"/groups/{session.meeting.code}/")
    expect(page.locator("[data-card-editor]")).to_be_visible()
    expect(page.locator("[data-live-status]")).to_have_attribute("data-state", "online")


def to_wall(page, session):
    page.goto(f"/wall/{session.meeting.code}/{session.pk}/")
    expect(page.locator("[data-live-status]")).to_have_attribute("data-state", "online")


def test_card_saved_in_one_browser_appears_in_three_others(session, new_page):
    pages = joined_pages(new_page, session, ["Anne Ås", "Bjørn Berg", "Cecilie Dahl", "Dag Ek"])
    groups.groups_form(item=session, strategy="random", target_size=2, seed=1)
    writer, *watchers = pages
    to_group_page(writer, session)
    for page in watchers:
        to_wall(page, session)
        expect(page.locator("[data-wall-empty]")).to_be_visible()

    writer.fill("#card-heading", "Kulturskolen for alle")
    writer.check("[data-card-form] [name=questions][value='1']")
    writer.fill("#card-body", "Vi snakket om **tilgjengelighet** og pris.")
    expect(writer.locator("[data-save-status]")).to_have_attribute("data-state", "saved")
    for page in watchers:
        card = page.locator(".wall-card")
        expect(card.locator(".wall-card__heading")).to_have_text(
            "Kulturskolen for alle", timeout=VERSION_TIMEOUT
        )
        expect(card.locator("strong")).to_have_text("tilgjengelighet")

    watcher = watchers[0]
    watcher.select_option("[data-wall-filter]", "2")
    expect(watcher.locator(".wall-card")).to_be_hidden()
    watcher.select_option("[data-wall-filter]", "")
    watcher.check("[data-wall-layout][value=columns]")
    expect(watcher.locator(".wall-column").first.locator(".wall-card")).to_have_count(1)
    assert axe_violations(watcher) == []
    assert axe_violations(writer) == []


def test_two_members_writing_at_once_never_overwrite_silently(session, new_page):
    """Both texts are kept, merged in the shared document: no one is asked to choose."""
    first, second = joined_pages(new_page, session, ["Anne Ås", "Bjørn Berg"])
    (group,) = groups.groups_form(item=session, strategy="random", target_size=2, seed=1)
    to_group_page(first, session)
    to_group_page(second, session)

    first.fill("#card-body", "Annes tekst om rammer")
    second.fill("#card-body", "Bjørns tekst om verdier")
    for page in (first, second):
        for text in ("Annes tekst om rammer", "Bjørns tekst om verdier"):
            expect(page.locator("#card-body")).to_have_value(re.compile(re.escape(text)))
        expect(page.locator("[data-conflict-panel]")).to_have_count(0)
    merged = first.locator("#card-body").input_value()
    expect(second.locator("#card-body")).to_have_value(merged)
    card = Card.objects.get(group=group)
    for _ in range(60):  # a version once the typing has paused
        card.refresh_from_db()
        if card.body == merged:
            break
        first.wait_for_timeout(100)
    assert card.body == merged
    assert CardVersion.objects.filter(card=card, body=merged).exists()


def test_text_typed_while_the_server_restarts_is_saved(session, new_page, asgi_server):
    (page,) = joined_pages(new_page, session, ["Anne Ås"])
    (other,) = joined_pages(new_page, session, ["Bjørn Berg"])
    (group,) = groups.groups_form(item=session, strategy="random", target_size=2, seed=1)
    to_group_page(page, session)

    asgi_server.stop()
    page.fill("#card-body", "Skrevet mens tjeneren startet på nytt")
    expect(page.locator("[data-save-status]")).to_have_attribute("data-state", "offline")
    asgi_server.start()

    expect(page.locator("[data-save-status]")).to_have_attribute(
        "data-state", "saved", timeout=15000
    )
    # The text is in the shared document at once, and the card's version at the pause.
    deadline = time.monotonic() + 6
    while Card.objects.get(group=group).body != "Skrevet mens tjeneren startet på nytt":
        assert time.monotonic() < deadline, Card.objects.get(group=group).body
        page.wait_for_timeout(100)
    assert Membership.objects.filter(group=group).count() == 2
    other.close()


def test_a_script_in_a_card_never_runs(session, new_page):
    writer, viewer = joined_pages(new_page, session, ["Anne Ås", "Bjørn Berg"])
    groups.groups_form(item=session, strategy="random", target_size=2, seed=1)
    to_group_page(writer, session)
    to_wall(viewer, session)

    writer.fill("#card-heading", "<img src=x onerror=window.pwned=1>")
    writer.fill(
        "#card-body",
        "<script>window.pwned=2</script>\n\n[klikk](javascript:window.pwned=3)\n\n"
        '<img src=x onerror="window.pwned=4">',
    )
    expect(writer.locator("[data-save-status]")).to_have_attribute("data-state", "saved")
    heading = viewer.locator(".wall-card__heading")
    expect(heading).to_have_text("<img src=x onerror=window.pwned=1>", timeout=VERSION_TIMEOUT)
    expect(viewer.locator(".wall-card__body")).to_contain_text("<script>window.pwned=2</script>")
    assert viewer.locator(".wall-card script, .wall-card img[onerror]").count() == 0
    assert viewer.locator(".wall-card a[href^=javascript]").count() == 0
    heading.click()  # open large
    expect(viewer.locator("[data-card-dialog]")).to_be_visible()
    viewer.reload()
    expect(viewer.locator(".wall-card__heading")).to_be_visible()
    assert viewer.evaluate("window.pwned") is None
    assert writer.evaluate("window.pwned") is None


def test_wall_catches_up_after_a_restart_without_reloading(session, new_page, asgi_server):
    from wall import domain as wall

    (viewer,) = joined_pages(new_page, session, ["Anne Ås"])
    joined_pages(new_page, session, ["Bjørn Berg"])
    (group,) = groups.groups_form(item=session, strategy="random", target_size=2, seed=1)
    to_wall(viewer, session)
    viewer.evaluate("window.stillTheSamePage = true")

    asgi_server.stop()
    expect(viewer.locator("[data-live-status]")).to_have_attribute("data-state", "reconnecting")
    wall.card_save(
        card=wall.card_for(group),
        base_version=0,
        heading="Skrevet mens du var borte",
        body="Tekst",
        question_numbers=[1],
    )
    asgi_server.start()
    expect(viewer.locator(".wall-card__heading")).to_have_text(
        "Skrevet mens du var borte", timeout=15000
    )
    assert viewer.evaluate("window.stillTheSamePage") is True
