"""Report-back: the facilitator picks groups; the projector and participants follow card by card."""

import re

import pytest
from playwright.sync_api import expect

from groups import domain as groups
from meetings import domain as meetings
from meetings.models import ProgrammeItem
from tests.browser.test_live_programme import FOLLOW_TIMEOUT, join
from tests.conftest import axe_violations, login_in_browser
from tests.factories import MeetingFactory, ParticipantFactory, ProgrammeItemFactory, UserFactory
from wall import domain as wall

pytestmark = pytest.mark.browser


@pytest.fixture
def meeting(asgi_server):
    facilitator = UserFactory(username="moteleder")
    meeting = MeetingFactory(title="Fremtidens kulturskole", facilitators=[facilitator])
    session = ProgrammeItemFactory(
        meeting=meeting,
        kind=ProgrammeItem.Kind.GROUP_SESSION,
        title="Gruppesamtaler",
        position=1,
    )
    session.questions.create(position=1, text="Hva er relevant?")
    ProgrammeItemFactory(
        meeting=meeting,
        kind=ProgrammeItem.Kind.REPORT_BACK,
        title="Hva snakket dere om",
        position=2,
        planned_minutes=10,
    )
    for n in range(6):
        ParticipantFactory(meeting=meeting, name=f"Deltaker {n}")
    for group in groups.groups_form(item=session, strategy="random", target_size=2, seed=1):
        wall.card_save(
            card=wall.card_for(group),
            base_version=0,
            heading=f"Svar fra {group.name}",
            body="Vi vil ha **mer samarbeid**.",
            question_numbers=[1],
        )
    return meeting


def test_projector_and_participants_follow_the_report_back(meeting, new_page):
    report = meeting.items.get(kind=ProgrammeItem.Kind.REPORT_BACK)
    participant = new_page(width=390, height=844)
    join(participant, meeting, "Morten Hagevik", "Porsgrunn kulturskole")
    meetings.meeting_start(meeting=meeting)
    meetings.item_start(meeting=meeting, item=report)
    expect(participant.locator("[data-report-waiting]")).to_be_visible(timeout=FOLLOW_TIMEOUT)

    host = new_page()
    login_in_browser(host, meeting.facilitators.get())
    host.goto(f"/wall/manage/{meeting.pk}/report/{report.pk}/")
    projector = new_page(width=1920, height=1080)
    login_in_browser(projector, meeting.facilitators.get())
    projector.goto(f"/wall/{meeting.code}/present/{report.pk}/")
    expect(projector.locator("[data-live-status]")).to_have_attribute("data-state", "online")

    host.check("input[name=groups][value='2']")
    host.check("input[name=groups][value='3']")
    host.click("form[action$='/pick/'] button[type=submit]")
    expect(host.locator(".slot__name")).to_have_text(["Gruppe 2", "Gruppe 3"])
    host.click("[data-action=report-next]")

    for page in (participant, projector):
        expect(page.locator("[data-report-group]")).to_have_text("Gruppe 2", timeout=FOLLOW_TIMEOUT)
        expect(page.locator("[data-report-card] .wall-card__heading")).to_have_text(
            "Svar fra Gruppe 2"
        )
        expect(page.locator("[data-report-next]")).to_have_text("Gruppe 3")
        expect(page.locator("[data-report-countdown]")).to_have_text(re.compile(r"^[12]:\d\d$"))

    host.click("[data-action=report-next]")
    for page in (participant, projector):
        expect(page.locator("[data-report-group]")).to_have_text("Gruppe 3", timeout=FOLLOW_TIMEOUT)
        expect(page.locator("[data-report-next-line]")).to_be_hidden()
    assert axe_violations(projector) == []
    assert axe_violations(participant) == []
    assert axe_violations(host) == []
