"""The base layout works by keyboard alone: skip link, join form, language switch."""

import pytest
from playwright.sync_api import expect

from tests.conftest import axe_violations
from tests.factories import MeetingFactory

pytestmark = pytest.mark.browser


def test_a_participant_joins_by_keyboard_alone(asgi_server, new_page):
    meeting = MeetingFactory(title="Fremtidens kulturskole")
    page = new_page(width=390, height=844)
    page.goto("/")
    page.keyboard.press("Tab")
    skip = page.locator(".skip-link")
    expect(skip).to_be_focused()
    expect(skip).to_be_visible()
    page.keyboard.press("Enter")
    expect(page.locator("#main")).to_be_focused()

    page.locator("#id_code").focus()
    page.keyboard.type(meeting.code.lower())
    page.keyboard.press("Enter")
    expect(page.locator("#id_organisation")).to_be_visible()
    assert axe_violations(page) == []

    page.locator("#id_organisation").focus()
    page.keyboard.type("Norsk kulturskoleråd")
    page.keyboard.press("Tab")  # to "not a municipality"
    page.keyboard.press("Space")
    page.keyboard.press("Tab")
    page.keyboard.type("Kari Nordmann")
    page.keyboard.press("Enter")
    expect(page.locator("#display-name")).to_have_text("Norsk kulturskoleråd, Kari Nordmann")


def test_language_switch_works_by_keyboard(asgi_server, new_page):
    page = new_page()
    page.goto("/")
    page.locator("#language-select").focus()
    page.keyboard.press("ArrowDown")  # nynorsk
    page.keyboard.press("Tab")  # to the button: choosing alone changes nothing (3.2.2)
    page.keyboard.press("Enter")
    expect(page.locator("html")).to_have_attribute("lang", "nn")
    expect(page.locator(".skip-link")).to_have_text("Hopp til innhaldet")
