"""The control room of the reference meeting on a laptop screen and a phone: the running
item's controls (next, extend, skip) are in view without scrolling, on load and after the
programme has moved on.

SAMTALE_SCREENSHOTS=… keeps screenshots of the control room at 390 and 1366 px.
"""

import os
from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from playwright.sync_api import expect

from meetings.models import Meeting
from tests.conftest import axe_violations, login_in_browser

pytestmark = pytest.mark.browser

SCREENSHOTS = os.environ.get("SAMTALE_SCREENSHOTS")

# What the facilitator presses while an item runs, in the order the keyboard reaches them.
RUNNING_CONTROLS = [
    "form[action$='/run/advance/'] button",
    "form[action$='/run/extend/'] button >> nth=0",
    "form[action$='/run/extend/'] button >> nth=1",
    "form[action$='/run/extend/'] button >> nth=2",
    "form[action$='/skip/'] button",
]


def _shot(page, name):
    if SCREENSHOTS:
        page.screenshot(path=os.path.join(SCREENSHOTS, f"{name}.png"))


@pytest.fixture
def meeting(asgi_server, settings, tmp_path):
    """The reference meeting, its twelve items and speakers, started."""
    settings.VAR_DIR = tmp_path
    call_command("load_reference_meeting", stdout=StringIO())
    facilitator = get_user_model().objects.get(username="moteleder")
    facilitator.set_password("a-good-password")
    facilitator.save()
    return Meeting.objects.get(code="KULTUR")


def controls(page):
    return page.locator("#run-controls")


def inside_viewport(page, selector):
    """The element's whole box lies in the viewport as it is scrolled now."""
    box = controls(page).locator(selector).bounding_box()
    width, height = page.viewport_size["width"], page.viewport_size["height"]
    assert box is not None, selector
    return (
        box["x"] >= 0
        and box["y"] >= 0
        and box["x"] + box["width"] <= width
        and box["y"] + box["height"] <= height
    )


def assert_controls_in_view(page):
    for selector in RUNNING_CONTROLS:
        expect(controls(page).locator(selector)).to_be_visible()
        assert inside_viewport(page, selector), f"{selector} is out of view"


def test_the_running_items_controls_stay_in_view_at_1366_by_768(new_page, meeting):
    page = new_page(width=1366, height=768)
    login_in_browser(page, meeting.facilitators.get())
    page.goto(f"/meetings/{meeting.pk}/run/")
    expect(page.locator("[data-live-status]")).to_have_attribute("data-state", "online")
    controls(page).locator("form[action$='/run/start/'] button").click()
    expect(page.locator("[data-show=now-title]")).to_have_text("Velkommen til temamøte")

    assert_controls_in_view(page)
    assert page.evaluate("window.scrollY") == 0
    _shot(page, "facil-control-room-1366")

    # Next, twice: the page comes back with the next item's controls, still in view.
    for title in ("Velkommen på vegne av KS og Norsk kulturskoleråd", "Litt om dagen i dag"):
        controls(page).locator("form[action$='/run/advance/'] button").click()
        expect(page.locator("[data-show=now-title]")).to_have_text(title)
        assert_controls_in_view(page)

    # Scrolled down the programme to an item far below: the bar stays at the top.
    page.locator(".run-item").last.scroll_into_view_if_needed()
    assert page.evaluate("window.scrollY") > 300
    assert_controls_in_view(page)
    _shot(page, "facil-control-room-1366-scrolled")

    # Another facilitator moves the programme on: the bar follows without a reload.
    page.evaluate("window.notReloaded = true")
    from meetings import domain

    domain.programme_advance(meeting=meeting)
    expect(controls(page).locator("form[action$='/run/advance/'] button")).to_contain_text(
        domain.programme_view(domain.meeting_with_programme(meeting.pk)).following.title
    )
    assert page.evaluate("window.notReloaded") is True
    assert_controls_in_view(page)
    assert axe_violations(page) == []


def test_the_controls_come_first_to_the_keyboard(new_page, meeting):
    """From the page's start, the running item's controls come before the programme list."""
    page = new_page(width=1366, height=768)
    login_in_browser(page, meeting.facilitators.get())
    page.goto(f"/meetings/{meeting.pk}/run/")
    controls(page).locator("form[action$='/run/start/'] button").click()
    expect(page.locator("[data-show=now-title]")).to_have_text("Velkommen til temamøte")
    order = page.evaluate(
        """() => Array.from(document.querySelectorAll('main button, main a[href]'))
             .filter((element) => element.offsetParent !== null)
             .map((element) => element.closest('#run-controls') ? 'bar'
                  : element.closest('.run-list') ? 'list' : 'other')"""
    )
    assert "bar" in order and "list" in order
    assert order.index("bar") < order.index("list")
    # Every control of the bar is reached with Tab, in the order it is shown.
    page.locator("#run-controls form[action$='/run/advance/'] button").focus()
    for selector in RUNNING_CONTROLS[1:]:
        page.keyboard.press("Tab")
        assert controls(page).locator(selector).evaluate("b => b === document.activeElement")
    # Enter on +1 min extends the running item; the page comes back with focus on +1 min,
    # so a second Enter extends it again.
    ends = page.locator("[data-show=now-ends]")
    before = ends.text_content()
    controls(page).locator(RUNNING_CONTROLS[1]).focus()
    page.keyboard.press("Enter")
    expect(ends).not_to_have_text(before)
    page.wait_for_load_state()
    extend = controls(page).locator(RUNNING_CONTROLS[1])
    expect(extend).to_be_focused()
    after_one = ends.text_content()
    page.keyboard.press("Enter")
    expect(ends).not_to_have_text(after_one)
    expect(extend).to_be_focused()
    # Shift+Tab back to Next, Enter: the next item runs, and Next (now naming the item
    # after it) has focus.
    page.keyboard.press("Shift+Tab")
    page.keyboard.press("Enter")
    expect(page.locator("[data-show=now-title]")).to_have_text(
        "Velkommen på vegne av KS og Norsk kulturskoleråd"
    )
    expect(controls(page).locator(RUNNING_CONTROLS[0])).to_be_focused()
    expect(controls(page).locator(RUNNING_CONTROLS[0])).to_contain_text("Litt om dagen i dag")


def test_a_mouse_press_leaves_focus_to_the_browser(new_page, meeting):
    page = new_page(width=1366, height=768)
    login_in_browser(page, meeting.facilitators.get())
    page.goto(f"/meetings/{meeting.pk}/run/")
    controls(page).locator("form[action$='/run/start/'] button").click()
    expect(page.locator("[data-show=now-title]")).to_have_text("Velkommen til temamøte")
    controls(page).locator(RUNNING_CONTROLS[0]).click()
    expect(page.locator("[data-show=now-title]")).to_have_text(
        "Velkommen på vegne av KS og Norsk kulturskoleråd"
    )
    assert page.evaluate("document.activeElement === document.body")


def test_the_controls_are_reachable_and_usable_on_a_phone(new_page, meeting):
    page = new_page(width=390, height=844)
    login_in_browser(page, meeting.facilitators.get())
    page.goto(f"/meetings/{meeting.pk}/run/")
    controls(page).locator("form[action$='/run/start/'] button").click()
    expect(page.locator("[data-show=now-title]")).to_have_text("Velkommen til temamøte")
    _shot(page, "facil-control-room-390")
    # Nothing of the bar sticks out sideways, and every control is large enough to hit.
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    for selector in RUNNING_CONTROLS:
        button = controls(page).locator(selector)
        button.scroll_into_view_if_needed()
        assert inside_viewport(page, selector), f"{selector} is out of view"
        box = button.bounding_box()
        assert box["height"] >= 24 and box["width"] >= 24
    controls(page).locator("form[action$='/run/advance/'] button").click()
    expect(page.locator("[data-show=now-title]")).to_have_text(
        "Velkommen på vegne av KS og Norsk kulturskoleråd"
    )
    assert axe_violations(page) == []
