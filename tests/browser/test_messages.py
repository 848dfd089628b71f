"""Flash messages on a live page: a confirmation goes away by itself so the phone's first
screen is the meeting again, but never while it is being read; an error stays until closed.

The page's clock is Playwright's, so waiting eight seconds costs nothing.
"""

import pytest
from django.utils import translation
from django.utils.translation import gettext
from playwright.sync_api import expect

from meetings import domain as meetings
from tests.browser.test_live_programme import join
from tests.conftest import login_in_browser
from tests.factories import MeetingFactory, ProgrammeItemFactory, UserFactory

pytestmark = pytest.mark.browser

WELCOME = "Welcome! Use the name below in the video call."


def in_bokmal(text):
    with translation.override("nb"):
        return gettext(text)


@pytest.fixture
def meeting(asgi_server):
    meeting = MeetingFactory(facilitators=[UserFactory(username="moteleder")])
    ProgrammeItemFactory(meeting=meeting, position=1, title="Velkommen", planned_minutes=10)
    return meeting


def test_the_welcome_goes_away_by_itself_and_the_meeting_is_the_first_screen(new_page, meeting):
    phone = new_page(width=390, height=844)
    phone.clock.install()
    join(phone, meeting, "Morten Hagevik", "Porsgrunn kulturskole")
    welcome = phone.get_by_role("status").filter(has_text=in_bokmal(WELCOME))
    expect(welcome).to_be_visible()
    # The message shows before the page's scripts have run (on a busy machine, seconds
    # before); its timer starts with them, and the page is online once they have.
    online = phone.locator("[data-live-status]")
    expect(online).to_have_attribute("data-state", "online")

    phone.clock.run_for(4000)
    expect(welcome).to_be_visible()
    phone.clock.run_for(5000)
    expect(welcome).to_have_count(0)
    # The live page itself is untouched: still online, still the participant's.
    expect(online).to_have_attribute("data-state", "online")
    expect(phone.locator("#display-name")).to_have_text("Porsgrunn kulturskole, Morten Hagevik")


def test_a_message_being_read_waits_and_one_can_close_it_by_hand(new_page, meeting):
    phone = new_page(width=390, height=844)
    phone.clock.install()
    join(phone, meeting, "Hilde Bjørkum", "Sunnfjord kulturadministrasjon")
    welcome = phone.locator(".message", has_text=in_bokmal(WELCOME))

    welcome.hover()
    phone.clock.run_for(20_000)
    expect(welcome).to_be_visible()

    close = welcome.get_by_role("button", name=in_bokmal("Close the message"))
    close.focus()
    phone.mouse.move(0, 800)
    phone.clock.run_for(20_000)
    expect(welcome).to_be_visible()

    phone.keyboard.press("Enter")
    expect(welcome).to_have_count(0)
    assert phone.evaluate("document.activeElement.id") == "main"


def test_an_error_stays_until_it_is_closed(new_page, meeting):
    meetings.meeting_start(meeting=meeting)
    meetings.meeting_end(meeting=meeting)
    host = new_page()
    host.clock.install()
    login_in_browser(host, meeting.facilitators.get())
    host.goto(f"/meetings/{meeting.pk}/run/")
    # A form sent from a page opened before the meeting ended: refused, and said so.
    host.evaluate(
        """() => {
          const form = document.createElement('form');
          form.method = 'post';
          form.action = location.pathname + 'announce/';
          const token = document.querySelector('[name=csrfmiddlewaretoken]').cloneNode();
          const text = Object.assign(document.createElement('input'), {name: 'text', value: 'Hei'});
          form.append(token, text);
          document.body.append(form);
          form.submit();
        }"""
    )
    error = host.get_by_role("alert").filter(has_text=in_bokmal("This meeting has ended."))
    expect(error).to_be_visible()
    host.clock.run_for(60_000)
    expect(error).to_be_visible()
    error.get_by_role("button", name=in_bokmal("Close the message")).click()
    expect(error).to_have_count(0)
