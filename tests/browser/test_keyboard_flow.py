"""The whole participant flow by keyboard alone (WCAG 2.1.1, 2.4.3, 2.4.7, 4.1.3): join,
follow the programme, take a role, run the round as timekeeper, write the card, see the
report-back. The participant's page gets Tab, Shift+Tab, Enter, Space and typing only; the
facilitator's side runs through the domain. What the page says is read from the
accessibility tree and from where focus is."""

import re

import pytest
from playwright.sync_api import expect

from groups import domain as groups
from groups.models import Round
from meetings import domain as meetings
from meetings.models import ProgrammeItem
from participants.models import Participant
from tests.browser.test_live_programme import FOLLOW_TIMEOUT
from tests.conftest import axe_violations, joined_client
from tests.factories import MeetingFactory, ProgrammeItemFactory, group_session
from wall import report_back

pytestmark = pytest.mark.browser

MOST_TABS = 80  # more stops than any page of samtale has before its last control


def tab_to(page, target, backwards=False):
    """Press Tab (Shift+Tab) until `target` has focus: it is reached by keyboard, in the
    order the page gives, or the test fails."""
    key = "Shift+Tab" if backwards else "Tab"
    for _ in range(MOST_TABS):
        page.keyboard.press(key)
        if target.evaluate("element => element === document.activeElement"):
            return
    raise AssertionError(f"{target} is never reached with {key}")


def focused_name(page):
    """What the focused control is called, as the accessibility tree has it."""
    return page.locator("*:focus").aria_snapshot()


@pytest.fixture
def meeting(asgi_server, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    meeting = MeetingFactory(title="Fremtidens kulturskole")
    ProgrammeItemFactory(meeting=meeting, position=1, title="Velkommen", planned_minutes=10)
    group_session(meeting, position=2, questions=["Hva er relevant hos oss?"])
    ProgrammeItemFactory(
        meeting=meeting,
        position=3,
        kind=ProgrammeItem.Kind.REPORT_BACK,
        title="Hva snakket dere om",
        planned_minutes=10,
    )
    return meeting


def test_a_participant_takes_part_from_joining_to_the_report_back_by_keyboard(meeting, new_page):
    session = meeting.items.get(kind=ProgrammeItem.Kind.GROUP_SESSION)
    report = meeting.items.get(kind=ProgrammeItem.Kind.REPORT_BACK)
    joined_client(meeting, name="Bjørn Berg", organisation_is_other="on")
    joined_client(meeting, name="Cecilie Dahl", organisation_is_other="on")
    page = new_page(width=390, height=844)

    # Join: the skip link first, then the code, then the join form.
    page.goto("/")
    page.keyboard.press("Tab")
    expect(page.get_by_role("link", name="Hopp til innhold")).to_be_focused()
    page.keyboard.press("Enter")
    expect(page.locator("#main")).to_be_focused()
    code = page.get_by_role("textbox", name=re.compile("kode", re.I))
    tab_to(page, code)
    page.keyboard.type(meeting.code.lower())
    page.keyboard.press("Enter")
    organisation = page.locator("#id_organisation")
    tab_to(page, organisation)
    page.keyboard.type("Porsgrunn kulturskole")
    tab_to(page, page.locator("#id_organisation_is_other"))
    page.keyboard.press("Space")
    expect(page.locator("#id_organisation_is_other")).to_be_checked()
    tab_to(page, page.locator("#id_name"))
    page.keyboard.type("Anne Ås")
    page.keyboard.press("Enter")
    expect(page.locator("#display-name")).to_have_text("Porsgrunn kulturskole, Anne Ås")
    expect(page.locator("[data-live-status]")).to_have_attribute("data-state", "online")

    # Follow the programme: what runs now is in the page's text, and said in its live region.
    meetings.meeting_start(meeting=meeting)
    expect(page.locator("[data-show=now-title]")).to_have_text("Velkommen", timeout=FOLLOW_TIMEOUT)
    assert "Velkommen" in page.locator("#main").aria_snapshot()
    meetings.programme_advance(meeting=meeting)
    groups.groups_form(item=session, strategy="random", target_size=3, seed=1)
    to_group = page.get_by_role("link", name=re.compile("Gå til gruppen din"))
    expect(to_group).to_be_visible(timeout=FOLLOW_TIMEOUT)
    expect(page.locator("#announcer")).to_contain_text("Gå til gruppen din")
    tab_to(page, to_group, backwards=True)  # it came in above the focus
    page.keyboard.press("Enter")
    expect(page.locator("#group-heading")).to_be_visible()
    expect(page.locator("[data-live-status]")).to_have_attribute("data-state", "online")

    # Take the timekeeper's role: focus lands on giving it up, in the same row.
    tab_to(page, page.locator("[data-take-role=timekeeper]"))
    page.keyboard.press("Enter")
    expect(page.locator("[data-give-up-role=timekeeper]")).to_be_focused(timeout=FOLLOW_TIMEOUT)
    assert "Gi fra deg" in focused_name(page)

    # Run the round: "Next speaker" keeps the focus, so Enter alone moves the word on.
    tab_to(page, page.get_by_role("button", name=re.compile("Start runden")))
    page.keyboard.press("Enter")
    next_speaker = page.locator("[data-action=pass]")
    expect(next_speaker).to_be_focused(timeout=FOLLOW_TIMEOUT)
    names = [Participant.objects.get(pk=pk).name for pk in Round.objects.get().speaking_order]
    speaker = page.locator(".protocol__speaker strong")
    expect(speaker).to_have_text(names[0])
    for turn in range(1, len(names) + 1):
        page.keyboard.press("Enter")
        if turn < len(names):
            expect(speaker).to_have_text(names[turn], timeout=FOLLOW_TIMEOUT)
        expect(page.locator("[data-action=pass]")).to_be_focused(timeout=FOLLOW_TIMEOUT)
    expect(page.locator(".phase-badge--dialogue")).to_be_visible(timeout=FOLLOW_TIMEOUT)

    # Write the card: heading, the question it answers (Space), the text.
    tab_to(page, page.get_by_role("textbox", name=re.compile("Overskrift")))
    page.keyboard.type("Kulturskolen for alle")
    question = page.get_by_role("checkbox", name=re.compile("Hva er relevant hos oss"))
    tab_to(page, question)
    page.keyboard.press("Space")
    expect(question).to_be_checked()
    tab_to(page, page.locator("#card-body"))
    page.keyboard.type("Vi snakket om tilgjengelighet og pris.")
    expect(page.locator("[data-save-status]")).to_have_attribute("data-state", "saved")
    assert axe_violations(page) == []

    # The report-back: back to the meeting's page by keyboard, where the group's card shows.
    meetings.item_start(meeting=meeting, item=report)
    report_back.report_pick(item=report, group_numbers=[1], seconds=120)
    report_back.report_next(item=report)
    tab_to(page, page.get_by_role("link", name=re.compile("Møtet")), backwards=True)
    page.keyboard.press("Enter")
    stage = page.get_by_role("region", name=re.compile("Gir tilbakemelding"))
    expect(stage).to_be_visible(timeout=FOLLOW_TIMEOUT)
    expect(stage.get_by_role("heading", level=2)).to_contain_text("Gruppe 1")
    expect(stage).to_contain_text("Kulturskolen for alle")
    assert axe_violations(page) == []
