"""Late joiners on the facilitator's groups page: someone who joins once the groups are
formed ahead is placed as the plan says at that moment, and the page shows it live."""

import pytest
from playwright.sync_api import expect

from groups import domain as groups
from groups.models import Membership
from meetings import domain as meetings
from meetings.models import ProgrammeItem
from tests.browser.test_live_programme import FOLLOW_TIMEOUT, join
from tests.conftest import login_in_browser
from tests.factories import (
    MeetingFactory,
    ParticipantFactory,
    ProgrammeItemFactory,
    UserFactory,
    group_session,
)

pytestmark = pytest.mark.browser


@pytest.fixture
def session(asgi_server):
    """A talk runs; the group session after it has its groups formed ahead."""
    meeting = MeetingFactory(facilitators=[UserFactory(username="moteleder")])
    ProgrammeItemFactory(meeting=meeting, position=1, title="Velkommen", planned_minutes=10)
    item = group_session(meeting=meeting, position=2)
    for number in range(8):
        ParticipantFactory(meeting=meeting, name=f"Deltaker {number}", organisation="KS")
    meetings.meeting_start(meeting=meeting)
    item.refresh_from_db()
    assert item.status == ProgrammeItem.Status.PENDING
    return item


def groups_page(new_page, session):
    page = new_page()
    login_in_browser(page, session.meeting.facilitators.get())
    page.goto(f"/groups/manage/{session.meeting.pk}/{session.pk}/")
    expect(page.locator("[data-live-status]")).to_have_attribute("data-state", "online")
    return page


def test_a_late_joiner_is_placed_at_once_and_the_groups_page_shows_it(new_page, session):
    groups.groups_form(item=session, strategy="random", target_size=4, max_size=5, seed=3)
    facilitator = groups_page(new_page, session)
    expect(facilitator.locator(".group-card")).to_have_count(2)

    join(new_page(width=390, height=844), session.meeting, "Sen Ankomst", "Skien kommune")

    group = Membership.objects.get(participant__name="Sen Ankomst").group
    card = facilitator.locator(".group-card").nth(group.number - 1)
    expect(card.locator(".member__name", has_text="Sen Ankomst")).to_be_visible(
        timeout=FOLLOW_TIMEOUT
    )
    expect(facilitator.get_by_text("Venter på en gruppe")).to_have_count(0)


def test_a_late_joiner_who_waits_shows_among_those_waiting_without_a_reload(new_page, session):
    groups.groups_form(item=session, strategy="random", target_size=4, seed=3, late_joiners="wait")
    facilitator = groups_page(new_page, session)

    join(new_page(width=390, height=844), session.meeting, "Sen Ankomst", "Skien kommune")

    waiting = facilitator.locator(".unplaced")
    expect(waiting.get_by_text("Sen Ankomst")).to_be_visible(timeout=FOLLOW_TIMEOUT)
    assert not Membership.objects.filter(participant__name="Sen Ankomst").exists()
