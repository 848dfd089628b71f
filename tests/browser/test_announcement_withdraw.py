"""An announcement leaves every participant's screen when the facilitator withdraws it, or
by itself when the item it was tied to ends, live, without a reload."""

import pytest
from playwright.sync_api import expect

from tests.browser.test_live_programme import FOLLOW_TIMEOUT, join, meeting  # noqa: F401
from tests.conftest import axe_violations, login_in_browser

pytestmark = pytest.mark.browser


def control_room(new_page, meeting):  # noqa: F811
    host = new_page()
    login_in_browser(host, meeting.facilitators.get())
    host.goto(f"/meetings/{meeting.pk}/run/")
    expect(host.locator("[data-live-status]")).to_have_attribute("data-state", "online")
    host.click("#run-controls form[action$='/run/start/'] button")
    expect(host.locator("[data-show=now-title]")).to_have_text("Velkommen")
    return host


def announce(host, text, *, until_item_ends=False):
    host.get_by_label("Kunngjøring til alle").fill(text)
    if until_item_ends:
        host.get_by_label("Fjern den når punktet som pågår, er ferdig").check()
    host.get_by_role("button", name="Vis for alle").or_(
        host.get_by_role("button", name="Vis i stedet")
    ).click()


def test_a_withdrawn_announcement_leaves_the_phones(new_page, meeting):  # noqa: F811
    host = control_room(new_page, meeting)
    phone = new_page(width=390, height=844)
    join(phone, meeting, "Morten Hagevik", "Porsgrunn kulturskole")
    shown = phone.locator("[data-show=announcement]")

    announce(host, "Pause til 11:10")
    expect(phone.locator("[data-show=announcement-text]")).to_have_text(
        "Pause til 11:10", timeout=FOLLOW_TIMEOUT
    )
    announce(host, "Vi starter 11:20")
    expect(phone.locator("[data-show=announcement-text]")).to_have_text(
        "Vi starter 11:20", timeout=FOLLOW_TIMEOUT
    )
    expect(host.locator(".announcement-showing")).to_contain_text("Vi starter 11:20")
    assert axe_violations(host) == []

    host.get_by_role("button", name="Trekk tilbake").click()

    expect(shown).to_be_hidden(timeout=FOLLOW_TIMEOUT)
    expect(host.locator(".announcement-showing")).to_have_count(0)
    withdrawn = host.get_by_role("status").filter(has_text="Kunngjøringen er trukket tilbake.")
    expect(withdrawn).to_be_visible()


def test_an_announcement_tied_to_the_item_goes_when_the_item_ends(new_page, meeting):  # noqa: F811
    host = control_room(new_page, meeting)
    phone = new_page(width=390, height=844)
    join(phone, meeting, "Hilde Bjørkum", "Sunnfjord kulturadministrasjon")

    announce(host, "Still spørsmål i chatten", until_item_ends=True)
    expect(phone.locator("[data-show=announcement-text]")).to_have_text(
        "Still spørsmål i chatten", timeout=FOLLOW_TIMEOUT
    )
    showing = host.locator(".announcement-showing")
    expect(showing).to_contain_text("til punktet som pågår, er ferdig")

    host.click("#run-controls form[action$='/run/advance/'] button")

    expect(phone.locator("[data-show=now-title]")).to_have_text(
        "Gruppesamtaler", timeout=FOLLOW_TIMEOUT
    )
    expect(phone.locator("[data-show=announcement]")).to_be_hidden()
