"""A participant's help question reaches every facilitator page of the meeting over the
real socket: the count of open questions on the groups page, the wall and the report-back
page, said once to screen readers, with a chime that can be turned off and stays off.

SAMTALE_SCREENSHOTS=… keeps a screenshot of the groups page with the count.
"""

import os

import pytest
from django.utils import translation
from django.utils.translation import gettext, ngettext
from playwright.sync_api import expect

from groups import domain as groups
from helpdesk import domain as helpdesk
from meetings import domain as meetings
from meetings.models import ProgrammeItem
from participants.models import Participant
from tests.conftest import axe_violations, login_in_browser
from tests.factories import MeetingFactory, ParticipantFactory, ProgrammeItemFactory, UserFactory

pytestmark = pytest.mark.browser

SCREENSHOTS = os.environ.get("SAMTALE_SCREENSHOTS")
FOLLOW_TIMEOUT = 3000  # ms

# Counts every chime the page makes: each audio context made and each tone started.
AUDIO_SPY = """
window.sounds = {contexts: 0, tones: 0};
(() => {
  const Real = window.AudioContext;
  if (!Real) return;
  window.AudioContext = class extends Real {
    constructor(...args) { super(...args); window.sounds.contexts += 1; }
    createOscillator() {
      const tone = super.createOscillator();
      const start = tone.start.bind(tone);
      tone.start = (...args) => { window.sounds.tones += 1; return start(...args); };
      return tone;
    }
  };
})();
"""


@pytest.fixture
def meeting(asgi_server):
    facilitator = UserFactory(username="moteleder")
    meeting = MeetingFactory(title="Fremtidens kulturskole", facilitators=[facilitator])
    session = ProgrammeItemFactory(
        meeting=meeting, kind=ProgrammeItem.Kind.GROUP_SESSION, title="Gruppesamtaler", position=1
    )
    session.questions.create(position=1, text="Hva er relevant?")
    ProgrammeItemFactory(
        meeting=meeting,
        kind=ProgrammeItem.Kind.REPORT_BACK,
        title="Hva snakket dere om",
        position=2,
    )
    for n in range(4):
        ParticipantFactory(meeting=meeting, name=f"Deltaker {n}")
    groups.groups_form(item=session, strategy="random", target_size=2, seed=1)
    meetings.meeting_start(meeting=meeting)
    return meeting


def items(meeting):
    session = meeting.items.get(kind=ProgrammeItem.Kind.GROUP_SESSION)
    report = meeting.items.get(kind=ProgrammeItem.Kind.REPORT_BACK)
    return session, report


def facilitator_tabs(new_page, meeting):
    """The facilitator's groups page, moderated wall and report-back page, in one browser."""
    session, report = items(meeting)
    first = new_page()
    first.context.add_init_script(AUDIO_SPY)
    login_in_browser(first, meeting.facilitators.get())
    pages = {
        "groups": f"/groups/manage/{meeting.pk}/{session.pk}/",
        "wall": f"/wall/{meeting.code}/{session.pk}/",
        "report": f"/wall/manage/{meeting.pk}/report/{report.pk}/",
    }
    tabs = {}
    for name, url in pages.items():
        tab = first if not tabs else first.context.new_page()
        tab.goto(url)
        expect(tab.locator("[data-live-status]")).to_have_attribute("data-state", "online")
        tabs[name] = tab
    return tabs


def join(page, meeting):
    page.goto(f"/m/{meeting.code}/")
    page.fill("#id_organisation", "Porsgrunn kulturskole")
    page.check("#id_organisation_is_other")
    page.fill("#id_name", "Morten Hagevik")
    page.click("form[action$='/join/'] button[type=submit]")
    expect(page.locator("[data-live-status]")).to_have_attribute("data-state", "online")


def ask(page, question):
    page.fill(
        "form[action$='/ask/'] textarea, form[action$='/ask/'] input[name=question]", question
    )
    page.click("form[action$='/ask/'] button[type=submit]")


def in_bokmal(count=None, text=None):
    """The words the page shows, in bokmål once translated, else as written."""
    with translation.override("nb"):
        if text is not None:
            return gettext(text)
        if count == 0:
            return gettext("No open help requests.")
        template = ngettext(
            "%(requests)s open help request", "%(requests)s open help requests", count
        )
        return template % {"requests": count}


def count_link(page):
    return page.locator("#help-signal a")


def expect_count(page, count, **options):
    """The link to the help panel says the count, to sight and to a screen reader."""
    link = count_link(page)
    expect(link).to_have_accessible_name(in_bokmal(count), **options)
    expect(link.locator(".help-signal__count")).to_have_text(str(count))


def said(page):
    return page.locator("#announcer").all_text_contents()


def test_every_facilitator_page_shows_a_new_help_question_without_reload(new_page, meeting):
    tabs = facilitator_tabs(new_page, meeting)
    for tab in tabs.values():
        expect_count(tab, 0)
        tab.evaluate("window.notReloaded = true")
    # The facilitator has pressed something on the groups page (a browser allows sound
    # only then), not on the others.
    tabs["groups"].locator("h1").click()

    phone = new_page(width=390, height=844)
    join(phone, meeting)
    ask(phone, "Jeg hører ingen lyd")

    for tab in tabs.values():
        expect_count(tab, 1, timeout=FOLLOW_TIMEOUT)
        expect(count_link(tab)).to_have_attribute(
            "href", f"/meetings/{meeting.pk}/run/#help-panel-heading"
        )
        assert tab.evaluate("window.notReloaded") is True
        # Said once, politely, through the page's one live region.
        expect(tab.locator("#announcer")).to_have_text(in_bokmal(1))
        assert tab.locator("#announcer p").count() == 1
    # A chime where the facilitator has acted on the page; none (not even an audio
    # context, which a browser would refuse) where they have not.
    assert tabs["groups"].evaluate("window.sounds") == {"contexts": 1, "tones": 2}
    assert tabs["report"].evaluate("window.sounds") == {"contexts": 0, "tones": 0}
    assert tabs["wall"].evaluate("window.sounds") == {"contexts": 0, "tones": 0}

    # Solved: the count goes down, and no chime is played for it.
    helpdesk.help_request_solve(request=meeting.help_requests.get())
    expect_count(tabs["groups"], 0)
    assert tabs["groups"].evaluate("window.sounds.tones") == 2

    if SCREENSHOTS:
        ask(phone, "Hvor finner jeg lenken til gruppa?")
        expect_count(tabs["groups"], 1)
        for name in ("wall", "report"):
            expect_count(tabs[name], 1)
        for width in (1366, 390):
            for name in ("groups", "wall", "report"):
                tabs[name].set_viewport_size({"width": width, "height": 900})
                tabs[name].screenshot(
                    path=os.path.join(SCREENSHOTS, f"facil-{name}-help-{width}.png")
                )
    for tab in tabs.values():
        assert axe_violations(tab) == []


def test_the_chime_can_be_turned_off_and_stays_off(new_page, meeting):
    tabs = facilitator_tabs(new_page, meeting)
    page = tabs["groups"]
    sound = page.locator("[data-help-sound]")
    expect(sound).to_have_attribute("aria-pressed", "true")
    expect(sound).to_have_accessible_name(in_bokmal(text="Sound for new help requests"))
    sound.click()
    expect(sound).to_have_attribute("aria-pressed", "false")
    # The meeting's other pages in the same browser follow the switch.
    expect(tabs["wall"].locator("[data-help-sound]")).to_have_attribute("aria-pressed", "false")
    page.reload()
    expect(page.locator("[data-live-status]")).to_have_attribute("data-state", "online")
    expect(sound).to_have_attribute("aria-pressed", "false")
    page.locator("h1").click()
    tabs["wall"].locator("h1").click()

    participant = Participant.objects.get(name="Deltaker 0")
    helpdesk.help_request_create(participant=participant, question="Jeg hører ingen lyd")
    expect_count(page, 1, timeout=FOLLOW_TIMEOUT)
    expect_count(tabs["wall"], 1)
    assert page.evaluate("window.sounds") == {"contexts": 0, "tones": 0}
    assert tabs["wall"].evaluate("window.sounds") == {"contexts": 0, "tones": 0}

    # On again (from the wall): the next question chimes once, in one of the two tabs.
    tabs["wall"].locator("[data-help-sound]").click()
    expect(sound).to_have_attribute("aria-pressed", "true")
    helpdesk.help_request_create(participant=participant, question="Og ikke noe bilde")
    expect_count(page, 2, timeout=FOLLOW_TIMEOUT)
    expect_count(tabs["wall"], 2)

    def tones():
        return sorted(tab.evaluate("window.sounds.tones") for tab in (page, tabs["wall"]))

    for _ in range(30):
        if tones() != [0, 0]:
            break
        page.wait_for_timeout(100)
    page.wait_for_timeout(500)  # time for a second chime, if there were one
    assert tones() == [0, 2]


def test_the_control_room_shows_the_count_beside_its_help_panel(new_page, meeting):
    page = new_page(width=1366, height=768)
    page.context.add_init_script(AUDIO_SPY)
    login_in_browser(page, meeting.facilitators.get())
    page.goto(f"/meetings/{meeting.pk}/run/")
    expect(page.locator("[data-live-status]")).to_have_attribute("data-state", "online")
    page.locator("h1").click()
    participant = Participant.objects.get(name="Deltaker 1")
    helpdesk.help_request_create(participant=participant, question="Jeg kommer ikke inn")
    expect_count(page, 1, timeout=FOLLOW_TIMEOUT)
    expect(page.locator(".help-panel .help-item")).to_have_count(1)
    page.wait_for_function("window.sounds.tones === 2")
    count_link(page).click()
    expect(page.locator("#help-panel-heading")).to_be_in_viewport()
    assert axe_violations(page) == []
