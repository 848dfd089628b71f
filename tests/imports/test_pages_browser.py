"""The import pages in Chromium: from the meeting list to an imported wall and a Zoom report.

SAMTALE_SCREENSHOTS=dir keeps a picture of each page at phone and desktop width.
"""

import datetime
import os
from pathlib import Path

import pytest
from playwright.sync_api import expect

from imports import domain
from imports.models import VideoCallReport
from meetings.models import Meeting
from tests.conftest import axe_violations, login_in_browser
from tests.factories import UserFactory
from tests.imports.conftest import EXAMPLES, example

pytestmark = pytest.mark.browser

SCREENSHOTS = os.environ.get("SAMTALE_SCREENSHOTS")


def picture(page, name: str) -> None:
    if SCREENSHOTS:
        Path(SCREENSHOTS).mkdir(parents=True, exist_ok=True)
        width = page.viewport_size["width"]
        page.screenshot(path=str(Path(SCREENSHOTS) / f"{name}-{width}.png"), full_page=True)


@pytest.fixture
def facilitator(asgi_server, loaded_register):
    return UserFactory(username="moteleder")


@pytest.mark.parametrize("width", [390, 1366])
def test_facilitator_imports_a_padlet_board_and_a_zoom_report(facilitator, new_page, width):
    page = new_page(width=width, locale="en-GB")
    login_in_browser(page, facilitator)
    picture(page, "meetings")
    page.get_by_role("link", name="Import", exact=True).click()
    expect(page.get_by_role("heading", name="A Padlet board")).to_be_visible()
    assert axe_violations(page) == []
    picture(page, "import")

    # A file that cannot be read: refused, with the line and column, nothing saved.
    page.set_input_files("#id_padlet-file", str(EXAMPLES / "zoom-participants.csv"))
    page.fill("#id_padlet-title", "Fremtidens kulturskole")
    page.fill("#id_padlet-date", "2025-11-20")
    page.get_by_role("button", name="Import the board").click()
    expect(page.locator(".import-problems")).to_contain_text("Nothing was saved")
    assert axe_violations(page) == []
    picture(page, "import-refused")
    assert not Meeting.objects.exists()

    page.set_input_files("#id_padlet-file", str(EXAMPLES / "padlet-board-shelf.xlsx"))
    page.get_by_label("One group per post title").check()
    page.get_by_role("button", name="Import the board").click()
    expect(page.get_by_role("heading", name="On the wall")).to_be_visible()
    expect(page.locator(".import-facts")).to_contain_text("as blocks")
    assert axe_violations(page) == []
    picture(page, "padlet-result")

    page.get_by_role("link", name="Open the wall").first.click()
    expect(page.locator("article").first).to_contain_text("Gruppe 1")
    picture(page, "padlet-wall")
    page.go_back()

    page.get_by_role("link", name="Add the Zoom report").click()
    page.set_input_files("#id_zoom-file", str(EXAMPLES / "zoom-participants.csv"))
    page.get_by_role("button", name="Import the report").click()
    expect(page.get_by_role("heading", name="Not in the naming convention")).to_be_visible()
    expect(page.locator(".import-table")).to_contain_text("Kari Hansen")
    assert axe_violations(page) == []
    picture(page, "zoom-result")
    assert VideoCallReport.objects.get().meeting == Meeting.objects.get()


def test_attachment_links_stay_inside_their_cards_on_the_wall(facilitator, new_page):
    record = domain.padlet_import(
        data=example("padlet-board.csv"),
        file_name="padlet-board.csv",
        title="Fremtidens kulturskole",
        date=datetime.date(2025, 11, 20),
        facilitator=facilitator,
    )
    meeting = record.meeting
    page = new_page(width=1366, locale="en-GB")
    login_in_browser(page, facilitator)
    page.goto(f"/wall/{meeting.code}/{meeting.items.get().pk}/")
    cards = page.locator(".wall-card")
    expect(cards.first).to_be_visible()
    overflowing = page.evaluate(
        """() => [...document.querySelectorAll('.wall-card')]
             .filter(card => [...card.querySelectorAll('.wall-card__body *')].some(
               el => el.getBoundingClientRect().right > card.getBoundingClientRect().right + 1))
             .map(card => card.id)"""
    )
    assert overflowing == []
