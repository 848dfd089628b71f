"""A facilitator runs the programme while participants' browsers follow, over the real socket."""

import datetime
import re

import pytest
from playwright.sync_api import expect

from meetings import domain
from meetings.models import ProgrammeItem
from tests.conftest import axe_violations, login_in_browser
from tests.factories import MeetingFactory, ProgrammeItemFactory, UserFactory

pytestmark = pytest.mark.browser

FOLLOW_TIMEOUT = 2000  # ms: "every participant's screen follows within a second", with slack
# A card's text reaches the wall as a version once its writer pauses (card-editor.js PAUSE,
# 2 s): "saved" comes before that, when the edit is in the card's shared document.
VERSION_TIMEOUT = 2000 + FOLLOW_TIMEOUT


@pytest.fixture
def meeting(asgi_server):
    facilitator = UserFactory(username="moteleder")
    meeting = MeetingFactory(title="Fremtidens kulturskole", facilitators=[facilitator])
    ProgrammeItemFactory(meeting=meeting, position=1, title="Velkommen", planned_minutes=10)
    session = ProgrammeItemFactory(
        meeting=meeting,
        position=2,
        kind=ProgrammeItem.Kind.GROUP_SESSION,
        title="Gruppesamtaler",
        planned_minutes=30,
    )
    session.questions.create(position=1, text="Hva av dette er relevant hos oss?")
    session.questions.create(position=2, text="Hva griper vi fatt i først?")
    ProgrammeItemFactory(
        meeting=meeting,
        position=3,
        kind=ProgrammeItem.Kind.BREAK,
        title="Kaffepause",
        planned_minutes=15,
        resume_at=datetime.time(23, 59),
    )
    ProgrammeItemFactory(meeting=meeting, position=4, title="Om forpilot", planned_minutes=20)
    return meeting


def join(page, meeting, name, organisation):
    page.goto(f"/m/{meeting.code}/")
    page.fill("#id_organisation", organisation)
    page.check("#id_organisation_is_other")
    page.fill("#id_name", name)
    page.click("form[action$='/join/'] button[type=submit]")
    expect(page.locator("#display-name")).to_have_text(f"{organisation}, {name}")
    expect(page.locator("[data-live-status]")).to_have_attribute("data-state", "online")


def press(page, action):
    page.click(f"#run-controls form[action$='/run/{action}/'] button")


def test_participants_follow_the_facilitator_through_the_programme(asgi_server, new_page, meeting):
    host = new_page()
    login_in_browser(host, meeting.facilitators.get())
    host.goto(f"/meetings/{meeting.pk}/run/")
    expect(host.locator("[data-live-status]")).to_have_attribute("data-state", "online")

    phone = new_page(width=390, height=844)
    laptop = new_page()
    join(phone, meeting, "Morten Hagevik", "Porsgrunn kulturskole")
    join(laptop, meeting, "Hilde Bjørkum", "Sunnfjord kulturadministrasjon")
    participants = [phone, laptop]
    for page in participants:
        expect(page.locator("[data-show=status-line]")).to_be_visible()

    press(host, "start")
    for page in participants:
        expect(page.locator("[data-show=now-title]")).to_have_text(
            "Velkommen", timeout=FOLLOW_TIMEOUT
        )
        expect(page.locator("[data-show=next-title]")).to_have_text("Gruppesamtaler")
        expect(page.locator("[data-show=countdown]")).to_have_text(re.compile(r"^(10:00|9:\d\d)$"))

    press(host, "advance")
    for page in participants:
        expect(page.locator("[data-show=now-title]")).to_have_text(
            "Gruppesamtaler", timeout=FOLLOW_TIMEOUT
        )
        expect(page.locator("[data-show=now-questions] li")).to_have_text(
            ["Hva av dette er relevant hos oss?", "Hva griper vi fatt i først?"]
        )

    host.click("#run-controls form[action$='/run/extend/'] button >> nth=1")  # +5 min
    for page in participants:
        expect(page.locator("[data-show=countdown]")).to_have_text(
            re.compile(r"^3[45]:\d\d$"), timeout=FOLLOW_TIMEOUT
        )

    press(host, "advance")
    for page in participants:
        expect(page.locator("[data-show=break]")).to_contain_text("23:59", timeout=FOLLOW_TIMEOUT)

    host.click("#programme form[action$='/run/recording/'] button")
    for page in participants:
        expect(page.locator("[data-show=recording]")).to_have_attribute(
            "data-recording", "on", timeout=FOLLOW_TIMEOUT
        )

    press(host, "advance")
    press(host, "advance")
    for page in participants:
        expect(page.locator("[data-show=status-line]")).to_be_visible(timeout=FOLLOW_TIMEOUT)
        expect(page.locator("[data-show=now]")).to_be_hidden()
    statuses = list(meeting.items.values_list("status", flat=True))
    assert statuses == ["done", "done", "done", "done"]

    assert axe_violations(phone) == []
    assert axe_violations(host) == []


def test_open_page_resyncs_after_server_restart(asgi_server, new_page, meeting):
    page = new_page(width=390, height=844)
    join(page, meeting, "Morten Hagevik", "Porsgrunn kulturskole")
    domain.meeting_start(meeting=meeting)
    expect(page.locator("[data-show=now-title]")).to_have_text("Velkommen", timeout=FOLLOW_TIMEOUT)

    asgi_server.stop()
    expect(page.locator("[data-live-status]")).to_have_attribute("data-state", "reconnecting")
    # The programme moves on while this page cannot hear it.
    domain.programme_advance(meeting=meeting)
    asgi_server.start()

    expect(page.locator("[data-live-status]")).to_have_attribute(
        "data-state", "online", timeout=10000
    )
    expect(page.locator("[data-show=now-title]")).to_have_text("Gruppesamtaler")
