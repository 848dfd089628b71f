"""What the browser tests share: a running meeting in its group session, and the way a
member's browser reaches its group page."""

import pytest
from playwright.sync_api import expect

from meetings import domain as meetings
from tests.factories import group_session


@pytest.fixture
def session(asgi_server):
    """A started meeting whose running item is a group session (a module may define its own)."""
    item = group_session()
    meetings.meeting_start(meeting=item.meeting)
    return item


def to_group_page(page, session):
    """The member's group page, with its live socket online."""
    page.goto(f"/groups/{session.meeting.code}/")
    expect(page.locator("#group-heading")).to_be_visible()
    expect(page.locator("[data-live-status]")).to_have_attribute("data-state", "online")
