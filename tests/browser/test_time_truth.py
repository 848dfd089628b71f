"""One truth about time on a participant's page: a break says once when we start again,
and that time moves when the facilitator extends; a late meeting shows the next item at
the time it is now expected, not the planned one."""

import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from meetings import domain as meetings
from meetings.models import ProgrammeItem
from tests.browser.test_live_programme import FOLLOW_TIMEOUT, join
from tests.factories import MeetingFactory, ProgrammeItemFactory, UserFactory

pytestmark = pytest.mark.browser


@pytest.fixture
def meeting(asgi_server):
    meeting = MeetingFactory(facilitators=[UserFactory(username="moteleder")])
    ProgrammeItemFactory(
        meeting=meeting,
        position=1,
        kind=ProgrammeItem.Kind.BREAK,
        title="Kaffepause",
        description="Hent en kopp kaffe.",
        planned_minutes=15,
    )
    # Planned for midnight: whenever the test runs, the meeting is running late.
    ProgrammeItemFactory(
        meeting=meeting, position=2, title="Om forpilot", planned_start=datetime.time(0, 0)
    )
    return meeting


def ends_clock(meeting):
    item = ProgrammeItem.objects.get(meeting=meeting, position=1)
    return timezone.localtime(item.ends_at).strftime("%H:%M")


def test_a_break_says_once_when_we_start_again_and_moves_it(new_page, meeting):
    phone = new_page(width=390, height=844)
    join(phone, meeting, "Morten Hagevik", "Porsgrunn kulturskole")
    meetings.meeting_start(meeting=meeting)
    now = phone.locator("[data-show=now]")
    expect(now.locator("[data-show=break]")).to_have_text(
        f"Vi starter igjen {ends_clock(meeting)}", timeout=FOLLOW_TIMEOUT
    )
    expect(now.get_by_text("Vi starter igjen")).to_have_count(1)
    expect(now.locator("[data-show=now-ends]")).to_be_hidden()
    next_time = phone.locator("[data-show=next-time]")
    expect(next_time).to_have_text(f"ventet kl. {ends_clock(meeting)} (planlagt 00:00)")

    meetings.item_extend(meeting=meeting, minutes=5)

    expect(now.locator("[data-show=break]")).to_have_text(
        f"Vi starter igjen {ends_clock(meeting)}", timeout=FOLLOW_TIMEOUT
    )
    expect(next_time).to_have_text(f"ventet kl. {ends_clock(meeting)} (planlagt 00:00)")
