"""The participant follows the meeting wherever they are, and the projector follows the
programme: over the real socket, as the facilitator moves on."""

import os
import re

import pytest
from django.utils import translation
from django.utils.translation import gettext
from playwright.sync_api import expect

from groups import domain as groups
from meetings import domain as meetings
from meetings.models import ProgrammeItem
from tests.browser.conftest import to_group_page
from tests.browser.test_live_programme import FOLLOW_TIMEOUT, join
from tests.conftest import axe_violations, login_in_browser
from tests.factories import MeetingFactory, ParticipantFactory, ProgrammeItemFactory, UserFactory
from wall import domain as wall
from wall import report_back

pytestmark = pytest.mark.browser

# A folder to keep screenshots of the pages in, to look at them while working on them.
SHOTS = os.environ.get("SAMTALE_SCREENSHOTS")


def nb(text: str) -> str:
    """What the pages (in bokmål) say for `text`."""
    with translation.override("nb"):
        return gettext(text)


@pytest.fixture
def meeting(asgi_server):
    facilitator = UserFactory(username="moteleder")
    meeting = MeetingFactory(title="Fremtidens kulturskole", facilitators=[facilitator])
    session = ProgrammeItemFactory(
        meeting=meeting,
        kind=ProgrammeItem.Kind.GROUP_SESSION,
        title="Gruppesamtaler",
        position=1,
        planned_minutes=30,
    )
    session.questions.create(position=1, text="Hva er relevant?")
    ProgrammeItemFactory(
        meeting=meeting,
        kind=ProgrammeItem.Kind.REPORT_BACK,
        title="Hva snakket dere om",
        position=2,
        planned_minutes=10,
    )
    ProgrammeItemFactory(meeting=meeting, title="Kaffepause", position=3, planned_minutes=15)
    return meeting


def session_of(meeting):
    return meeting.items.get(kind=ProgrammeItem.Kind.GROUP_SESSION)


def report_of(meeting):
    return meeting.items.get(kind=ProgrammeItem.Kind.REPORT_BACK)


def joined_in_groups(meeting, new_page, names, others=3):
    """Participants' pages (phones) that joined, and `others` who joined elsewhere; then the
    session running with groups of two formed, and each group's card on the wall."""
    for n in range(others):
        ParticipantFactory(meeting=meeting, name=f"Deltaker {n}")
    pages = []
    for name in names:
        page = new_page(width=390, height=844)
        join(page, meeting, name, "Porsgrunn kulturskole")
        pages.append(page)
    meetings.meeting_start(meeting=meeting)
    formed = groups.groups_form(item=session_of(meeting), strategy="random", target_size=2, seed=1)
    for group in formed:
        wall.card_save(
            card=wall.card_for(group),
            base_version=0,
            heading=f"Svar fra {group.name}",
            body="Vi vil ha **mer samarbeid**.",
            question_numbers=[1],
        )
    return pages


def group_name_of(page) -> str:
    return page.locator("#group-heading").text_content().strip()


def test_a_participant_on_the_group_page_sees_the_report_back_and_that_the_session_is_over(
    meeting, new_page
):
    (phone, on_wall) = joined_in_groups(meeting, new_page, ["Morten Hagevik", "Hilde Bjørkum"])
    to_group_page(phone, session_of(meeting))
    expect(phone.locator("[data-report-follow]")).to_be_hidden()
    on_wall.goto(f"/wall/{meeting.code}/{session_of(meeting).pk}/")
    expect(on_wall.locator("[data-live-status]")).to_have_attribute("data-state", "online")
    expect(on_wall.locator("[data-report-follow]")).to_be_hidden()

    meetings.programme_advance(meeting=meeting)  # the report-back starts

    finished = phone.locator("[data-after-item]")
    expect(finished).to_be_visible(timeout=FOLLOW_TIMEOUT)
    expect(finished).to_contain_text(nb("The group session is over."))
    back = finished.get_by_role("link", name=re.compile(nb("Back to the meeting")))
    expect(back).to_have_attribute("href", f"/m/{meeting.code}/")
    expect(phone.locator(".protocol")).to_be_hidden()
    for page in (phone, on_wall):
        expect(page.locator("[data-report-follow]")).to_be_visible(timeout=FOLLOW_TIMEOUT)
        expect(page.locator("[data-report-waiting]")).to_be_visible()

    report = report_of(meeting)
    presenting = group_name_of(phone)
    number = int(presenting.rsplit(" ", 1)[1])
    report_back.report_pick(item=report, group_numbers=[number])
    report_back.report_next(item=report)
    for page in (phone, on_wall):
        expect(page.locator("[data-report-group]")).to_have_text(presenting, timeout=FOLLOW_TIMEOUT)
        expect(page.locator("[data-report-card] .wall-card__heading")).to_have_text(
            f"Svar fra {presenting}"
        )
    for width in (390, 1366):
        phone.set_viewport_size({"width": width, "height": 844 if width == 390 else 900})
        if SHOTS:
            phone.screenshot(
                path=f"{SHOTS}/follow-group-page-report-back-{width}.png", full_page=True
            )
    assert axe_violations(phone) == []

    # Opened afresh, the page of the finished session says the same.
    phone.reload()
    expect(phone.locator("[data-after-item]")).to_be_visible()
    expect(phone.locator("[data-report-group]")).to_have_text(presenting)
    back.click()
    expect(phone.locator("[data-report-group]")).to_have_text(presenting)


def test_the_speaking_countdown_stops_at_zero_for_participants_not_for_the_facilitator(
    meeting, new_page
):
    (phone,) = joined_in_groups(meeting, new_page, ["Morten Hagevik"])
    group = groups.membership_now(meeting.participants.get(name="Morten Hagevik")).group
    groups.round_start(group=group, question_numbers=[1], speaker_seconds=1)
    to_group_page(phone, session_of(meeting))
    host = new_page()
    login_in_browser(host, meeting.facilitators.get())
    host.goto(f"/groups/manage/{meeting.pk}/{session_of(meeting).pk}/")

    facilitators = host.locator(".group-card__round [data-countdown-to]")
    expect(facilitators).to_have_text(re.compile(r"^\+0:0[2-9]$"), timeout=9000)
    expect(facilitators).to_have_attribute("data-over", "1")
    red = facilitators.evaluate("element => getComputedStyle(element).color")
    participants = phone.locator(".protocol [data-countdown-to]")
    for _ in range(3):  # over time, second after second
        expect(participants).to_have_text("0:00")
        expect(participants).not_to_have_attribute("data-over", "1")
        assert participants.evaluate("element => getComputedStyle(element).color") != red
        phone.wait_for_timeout(700)


def test_the_projector_says_the_report_back_is_over_and_moves_on_with_the_programme(
    meeting, new_page
):
    (phone,) = joined_in_groups(meeting, new_page, ["Kari Nordmann"])
    report = report_of(meeting)
    meetings.item_start(meeting=meeting, item=report)
    projector = new_page(width=1920, height=1080)
    login_in_browser(projector, meeting.facilitators.get())
    projector.goto(f"/wall/{meeting.code}/present/{report.pk}/")
    expect(projector.locator("[data-live-status]")).to_have_attribute("data-state", "online")

    report_back.report_pick(item=report, group_numbers=[1, 2])
    report_back.report_next(item=report)
    report_back.report_next(item=report)
    for page in (projector, phone):
        expect(page.locator("[data-report-group]")).to_have_text("Gruppe 2", timeout=FOLLOW_TIMEOUT)
        expect(page.locator("[data-report-finished]")).to_be_hidden()

    report_back.report_next(item=report)  # the last group has reported
    for page in (projector, phone):
        over = page.locator("[data-report-finished]")
        expect(over).to_be_visible(timeout=FOLLOW_TIMEOUT)
        expect(over).to_have_text(nb("The report-back is over. Thank you!"))
        expect(page.locator("[data-report-waiting]")).to_be_hidden()
        expect(page.locator("[data-report-card]")).to_be_empty()
    if SHOTS:
        projector.screenshot(path=f"{SHOTS}/follow-projector-report-back-over-1920.png")

    meetings.programme_advance(meeting=meeting)  # on to the break, without a reload
    expect(projector.locator("[data-report-elsewhere]")).to_be_visible(timeout=FOLLOW_TIMEOUT)
    expect(projector.locator("[data-report-follow]")).to_be_hidden()
    expect(projector.locator("[data-report-elsewhere] [data-show=now-title]")).to_have_text(
        "Kaffepause"
    )
    expect(projector.locator("h1")).to_have_text("Fremtidens kulturskole")
    expect(phone.locator("[data-report-follow]")).to_be_hidden()
    if SHOTS:
        projector.screenshot(path=f"{SHOTS}/follow-projector-after-report-back-1920.png")
    assert axe_violations(projector) == []
