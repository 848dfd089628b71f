"""Moderating the wall in a real browser, where Django's CSRF check is not skipped."""

import pytest
from playwright.sync_api import expect

from groups import domain as groups
from meetings import domain as meetings
from tests.browser.test_live_programme import VERSION_TIMEOUT, join
from tests.conftest import axe_violations, login_in_browser
from tests.factories import MeetingFactory, UserFactory, group_session
from wall.models import Card

pytestmark = pytest.mark.browser


@pytest.fixture
def session(asgi_server, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    meeting = MeetingFactory(
        title="Fremtidens kulturskole", facilitators=[UserFactory(username="moteleder")]
    )
    item = group_session(meeting=meeting)
    meetings.meeting_start(meeting=meeting)
    return item


def write_heading(page, heading):
    page.fill("#card-heading", heading)
    expect(page.locator("[data-save-status]")).to_have_attribute("data-state", "saved")


def arrives_live(host, heading):
    """The card reaches the open wall page over the socket, without the page loading again."""
    card = host.locator(".wall-card")
    expect(card.locator(".wall-card__heading")).to_have_text(heading, timeout=VERSION_TIMEOUT)
    assert host.evaluate("window.sameLoad") is True, "the wall page loaded again"
    card.locator(".wall-card__tools summary").click()
    return card


def after_submit(host):
    """The form's answer has loaded: mark the new page, so the next card must come live."""
    host.wait_for_load_state()
    expect(host.locator("[data-live-status]")).to_have_attribute("data-state", "online")
    host.evaluate("window.sameLoad = true")


def test_facilitator_moderates_a_card_that_arrived_live(session, new_page):
    writer = new_page(width=390, height=844)
    join(writer, session.meeting, "Anne Ås", "Porsgrunn kulturskole")
    other = new_page(width=390, height=844)
    join(other, session.meeting, "Bjørn Berg", "Skien kulturskole")
    (group,) = groups.groups_form(item=session, strategy="random", target_size=2, seed=1)
    writer.goto(f"/groups/{session.meeting.code}/")
    expect(writer.locator("[data-live-status]")).to_have_attribute("data-state", "online")

    host = new_page()
    login_in_browser(host, session.meeting.facilitators.get())
    host.goto(f"/wall/{session.meeting.code}/{session.pk}/")
    after_submit(host)
    expect(host.locator("[data-wall-empty]")).to_be_visible()

    # Pin: the card's first version, pushed to the facilitator's page.
    write_heading(writer, "Kulturskolen for alle")
    card = arrives_live(host, "Kulturskolen for alle")
    card.locator("form:has(input[name=action][value=pin]) button").click()
    after_submit(host)
    expect(host.locator(".wall-card .pin-badge")).to_be_visible()
    assert Card.objects.get(group=group).pinned is True

    # Hide, with a reason: a newer version came live since the page loaded.
    write_heading(writer, "Kulturskolen for alle, også de med lite penger")
    card = arrives_live(host, "Kulturskolen for alle, også de med lite penger")
    expect(card.locator("form:has(input[name=action][value=unpin])")).to_have_count(1)
    hide = card.locator("form:has(input[name=action][value=hide])")
    hide.locator("input[name=reason]").fill("Navn på et barn")
    hide.locator("button").click()
    after_submit(host)
    expect(host.locator(".wall-card .hidden-badge")).to_be_visible()
    saved = Card.objects.get(group=group)
    assert (saved.hidden, saved.hidden_reason) == (True, "Navn på et barn")

    # Comment on the hidden card, which facilitators still hear about live.
    write_heading(writer, "Kulturskolen for alle barn")
    card = arrives_live(host, "Kulturskolen for alle barn")
    expect(card.locator("form:has(input[name=action][value=unhide])")).to_have_count(1)
    expect(card.locator("form:has(input[name=action][value=hide])")).to_have_count(0)
    assert axe_violations(host) == []  # the tools a live card was given, open
    comment = card.locator("form:has(input[name=action][value=comment])")
    comment.locator("input[name=comment]").fill("Takk, vi tar det opp i plenum.")
    comment.locator("button").click()
    after_submit(host)
    expect(host.locator(".wall-card__comment")).to_contain_text("Takk, vi tar det opp i plenum.")
    saved = Card.objects.get(group=group)
    assert (saved.comment, saved.pinned, saved.hidden) == (
        "Takk, vi tar det opp i plenum.",
        True,
        True,
    )
    assert axe_violations(host) == []
    other.close()
