"""A misspelt municipality in a browser: the join page asks "Did you mean …?" and one press
answers; what was kept anyway, the facilitator matches by hand on the attendance list.

SAMTALE_SCREENSHOTS=… keeps screenshots of the pages at 390 and 1366 px.
"""

import os
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import translation
from django.utils.translation import gettext
from playwright.sync_api import expect

from meetings import domain as meetings
from participants.models import Participant
from register.domain import clear_register_cache
from tests.conftest import axe_violations, login_in_browser
from tests.factories import MeetingFactory, ProgrammeItemFactory, UserFactory

pytestmark = pytest.mark.browser

SCREENSHOTS = os.environ.get("SAMTALE_SCREENSHOTS")


def in_bokmal(text, **params):
    with translation.override("nb"):
        return gettext(text) % params if params else gettext(text)


def _shot(page, name):
    if SCREENSHOTS:
        page.screenshot(path=os.path.join(SCREENSHOTS, f"{name}.png"), full_page=True)


@pytest.fixture
def meeting(asgi_server):
    call_command("load_register", stdout=StringIO())
    meeting = MeetingFactory(facilitators=[UserFactory(username="moteleder")], title="Temamøte")
    ProgrammeItemFactory(meeting=meeting, position=1, title="Velkommen", planned_minutes=10)
    meetings.meeting_start(meeting=meeting)
    yield meeting
    clear_register_cache()


def fill_and_join(page, meeting, name, organisation):
    page.goto(f"/m/{meeting.code}/")
    page.fill("#id_organisation", organisation)
    page.fill("#id_name", name)
    page.get_by_role("button", name=in_bokmal("Join the meeting")).click()


def question(page):
    return page.get_by_role(
        "heading", name=in_bokmal("Did you mean %(name)s?", name="Kristiansand kommune")
    )


@pytest.mark.parametrize("width", [390, 1366])
def test_did_you_mean_is_asked_and_one_press_accepts_it(new_page, meeting, width):
    page = new_page(width=width, height=844 if width == 390 else 900)
    fill_and_join(page, meeting, "Kari Nordmann", "Kristiansnad")

    expect(question(page)).to_be_visible()
    # Focus lands on the question, so a screen reader reads it first.
    expect(page.locator("#did-you-mean")).to_be_focused()
    expect(page.locator("#id_name")).to_have_value("Kari Nordmann")
    assert Participant.objects.count() == 0
    assert axe_violations(page) == []
    _shot(page, f"join-suggestion-{width}")

    page.get_by_role("button", name=in_bokmal("Yes, %(name)s", name="Kristiansand kommune")).click()

    expect(page.locator("#display-name")).to_have_text("Kristiansand kommune, Kari Nordmann")
    participant = Participant.objects.get()
    assert participant.municipality.number == "4204"
    assert participant.county.name == "Agder"


def test_the_person_may_keep_what_they_typed(new_page, meeting):
    page = new_page(width=390, height=844)
    fill_and_join(page, meeting, "Kari Nordmann", "Kristiansnad")
    expect(question(page)).to_be_visible()

    page.get_by_role("button", name=in_bokmal("No, keep “%(typed)s”", typed="Kristiansnad")).click()

    expect(page.locator("#display-name")).to_have_text("Kristiansnad, Kari Nordmann")
    assert Participant.objects.get().municipality is None


def test_a_local_site_writes_its_room_not_a_persons_name(new_page, meeting):
    page = new_page(width=390, height=844)
    page.goto(f"/m/{meeting.code}/")
    expect(page.locator("#id_name")).to_be_visible()
    expect(page.locator("#id_room_name")).to_be_hidden()

    page.fill("#id_organisation", "Porsgrunn kommune")
    page.check("#id_is_local_site")
    expect(page.locator("#id_name")).to_be_hidden()
    page.fill("#id_room_name", "Kulturhuset, møterom 2")
    page.fill("#id_head_count", "12")
    page.get_by_role("button", name=in_bokmal("Join the meeting")).click()

    expect(page.locator("#display-name")).to_have_text("Porsgrunn kommune, Kulturhuset, møterom 2")


def test_the_facilitator_matches_a_kept_organisation_by_hand(new_page, meeting):
    people = []
    for name in ("Kari Nordmann", "Ola Nordmann"):
        phone = new_page(width=390, height=844)
        fill_and_join(phone, meeting, name, "Kristiansnad")
        phone.get_by_role(
            "button", name=in_bokmal("No, keep “%(typed)s”", typed="Kristiansnad")
        ).click()
        expect(phone.locator("#display-name")).to_have_text(f"Kristiansnad, {name}")
        people.append(phone)

    host = new_page(width=1366, height=900)
    login_in_browser(host, meeting.facilitators.get())
    host.goto(f"/meetings/{meeting.pk}/run/")
    unmatched = host.locator(".presence__unmatched")
    expect(unmatched).to_contain_text("2")
    unmatched.click()

    section = host.locator("section.unmatched")
    expect(section).to_contain_text("“Kristiansnad”")
    field = section.get_by_label(in_bokmal("Register entry for “%(typed)s”", typed="Kristiansnad"))
    # The closest register entry is offered already; one press matches.
    expect(field).to_have_value("Kristiansand kommune")
    _shot(host, "join-attendance-1366")
    section.locator("button[type=submit]").click()

    expect(host.locator("section.unmatched")).to_have_count(0)
    rows = host.locator(".attendance-table tbody tr")
    expect(rows).to_have_count(2)
    for index in range(2):
        expect(rows.nth(index).locator("td").nth(0)).to_have_text("Kristiansand kommune")
        expect(rows.nth(index).locator("td").nth(1)).to_have_text("Agder")
    assert axe_violations(host) == []
    # Their names in the video call follow on their open pages, without a reload.
    expect(people[0].locator("#display-name")).to_have_text("Kristiansand kommune, Kari Nordmann")
    expect(people[1].locator("#display-name")).to_have_text("Kristiansand kommune, Ola Nordmann")


def test_the_attendance_list_on_a_phone(new_page, meeting):
    phone_user = new_page(width=390, height=844)
    fill_and_join(phone_user, meeting, "Kari Nordmann", "Kristiansnad")
    phone_user.get_by_role(
        "button", name=in_bokmal("No, keep “%(typed)s”", typed="Kristiansnad")
    ).click()
    expect(phone_user.locator("#display-name")).to_be_visible()
    fill_and_join(new_page(width=390), meeting, "Per Hansen", "Porsgrunn kommune")

    host = new_page(width=390, height=844)
    login_in_browser(host, meeting.facilitators.get())
    host.goto(f"/m/manage/{meeting.pk}/attendance/")
    expect(host.locator(".attendance-table tbody tr")).to_have_count(2)
    assert axe_violations(host) == []
    _shot(host, "join-attendance-390")
