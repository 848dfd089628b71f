"""The facilitator's presence panel keeps up during a rush of joins, not only after it."""

import time

import pytest
from playwright.sync_api import expect

from participants import domain as participants
from tests.conftest import login_in_browser
from tests.factories import MeetingFactory, ProgrammeItemFactory, UserFactory

pytestmark = pytest.mark.browser

JOINS = 80
# Seconds between joins: faster than the regions' quiet period, so a debounce that starts
# again on every event would never reload while the rush lasts.
PACE = 0.05
MAX_WAIT = 0.5  # s: regions.js reloads a region at most this long after a burst's first event
SLACK = 1.0  # s: the hub's tick, the reload's request and its rendering, on a busy machine


def test_presence_panel_counts_joins_while_a_rush_goes_on(asgi_server, new_page):
    facilitator = UserFactory()
    meeting = MeetingFactory(facilitators=[facilitator])
    ProgrammeItemFactory(meeting=meeting, position=1)
    host = new_page()
    login_in_browser(host, facilitator)
    host.goto(f"/meetings/{meeting.pk}/run/")
    expect(host.locator("[data-live-status]")).to_have_attribute("data-state", "online")
    people = host.locator("[data-presence=people]")
    expect(people).to_have_text("0")

    joined: list[tuple[float, int]] = []  # when each count was reached
    late = []
    start = time.monotonic()
    for count in range(1, JOINS + 1):
        participants.participant_join(
            meeting=meeting,
            name=f"Deltaker {count}",
            organisation="Porsgrunn kulturskole",
            organisation_is_other=True,
        )
        now = time.monotonic()
        joined.append((now, count))
        shown = int(people.text_content())
        due = max((c for at, c in joined if at <= now - MAX_WAIT - SLACK), default=0)
        if shown < due:
            late.append(f"{now - start:.1f}s: {shown} shown, {due} due")
        host.wait_for_timeout(max(0, (start + count * PACE - time.monotonic()) * 1000))

    assert late == []
    expect(people).to_have_text(str(JOINS))
