"""Live announcements (WCAG 4.1.3, 1.3.1): the page's one live region says what changed in
the meeting, once per change, in the page's language; countdowns can be read in words.

The accessibility tree is the witness: what the region holds is read from Playwright's ARIA
snapshot of it. Every text written into any live region of the page (the region, the
recording pill, the standing announcement, the save status…) is logged as the page runs, so
the tests can tell that nothing is said twice and that an unchanged text is not rewritten.
"""

import re

import pytest
from django.utils import translation
from django.utils.translation import gettext, ngettext
from playwright.sync_api import expect

from groups import domain as groups
from groups.models import Membership, Round
from helpdesk import domain as helpdesk
from helpdesk.models import HelpRequest
from meetings import domain as meetings
from tests.browser.conftest import to_group_page
from tests.browser.test_live_programme import FOLLOW_TIMEOUT, join
from tests.conftest import axe_violations, joined_client
from tests.factories import MeetingFactory, ProgrammeItemFactory, UserFactory, group_session

pytestmark = pytest.mark.browser

# Every text added to a live region of the page, with the region it went into, in order.
RECORD_SPOKEN = """
(() => {
  const LIVE = '[aria-live]:not([aria-live="off"]), [role="status"], [role="alert"], '
    + '[role="log"], output';
  window.spoken = [];
  new MutationObserver((mutations) => {
    for (const mutation of mutations) {
      const node = mutation.target;
      const target = node.nodeType === 1 ? node : node.parentElement;
      const region = target && target.closest(LIVE);
      if (!region) continue;
      const name = region.id || region.dataset.show || region.className;
      const texts = mutation.type === "characterData"
        ? [mutation.target.data]
        : Array.from(mutation.addedNodes).map((node) => node.textContent);
      texts.filter((text) => text.trim())
        .forEach((text) => window.spoken.push({ region: name, text }));
    }
  }).observe(document, { subtree: true, childList: true, characterData: true });
})();
"""


def in_bokmal(text, *args, **values):
    """`text` as a bokmål page says it (the page's language in these tests)."""
    with translation.override("nb"):
        return (ngettext(text, *args) if args else gettext(text)) % values


def region_says(page, text, timeout=FOLLOW_TIMEOUT):
    """The live region holds `text`, as the accessibility tree reads it."""
    region = page.locator("#announcer")
    expect(region).to_contain_text(text, timeout=timeout)
    snapshot = region.aria_snapshot()
    assert snapshot.startswith("- status"), snapshot
    assert text in snapshot, snapshot


def spoken(page, region=None):
    """The texts written into live regions of the page (into `region` alone if given)."""
    entries = page.evaluate("window.spoken")
    return [entry["text"] for entry in entries if region is None or entry["region"] == region]


def spoken_besides(page, *regions):
    """The texts written into live regions of the page other than `regions`."""
    entries = page.evaluate("window.spoken")
    return [entry["text"] for entry in entries if entry["region"] not in regions]


def listening(page):
    page.add_init_script(RECORD_SPOKEN)
    return page


def group_of_three(new_page, session):
    names = ["Anne Ås", "Bjørn Berg", "Cecilie Dahl"]
    pages = [listening(new_page(width=390, height=844)) for _ in names]
    for page, name in zip(pages, names, strict=True):
        join(page, session.meeting, name, "Porsgrunn kulturskole")
    (group,) = groups.groups_form(item=session, strategy="random", target_size=3, seed=1)
    for page in pages:
        to_group_page(page, session)
    return group, pages


def speaking_order(current: Round) -> list[str]:
    return [
        Membership.objects.get(participant_id=pid).participant.name
        for pid in current.speaking_order
    ]


def test_whose_turn_it_is_is_said_once_each_time_the_word_passes(session, new_page):
    group, (timekeeper, member, _third) = group_of_three(new_page, session)
    groups.role_take(
        membership=Membership.objects.get(participant__name="Anne Ås"), role="timekeeper"
    )
    expect(timekeeper.locator("[data-action=start-round]")).to_be_visible(timeout=FOLLOW_TIMEOUT)

    timekeeper.click("[data-action=start-round]")
    expect(timekeeper.locator(".protocol__speaker")).to_be_visible()
    order = speaking_order(Round.objects.get())
    first = (
        in_bokmal("Speaking now: %(speaker)s.", speaker=order[0])
        + " "
        + in_bokmal("Next: %(speaker)s.", speaker=order[1])
    )
    for page in (timekeeper, member):
        region_says(page, first)

    timekeeper.click("[data-action=pass]")
    second = (
        in_bokmal("Speaking now: %(speaker)s.", speaker=order[1])
        + " "
        + in_bokmal("Next: %(speaker)s.", speaker=order[2])
    )
    for page in (timekeeper, member):
        region_says(page, second)

    # Somebody takes a role: the panel reloads, the turn is the same, nothing is said.
    groups.role_take(
        membership=Membership.objects.get(participant__name="Bjørn Berg"), role="note_taker"
    )
    expect(member.locator(".member .role-badge--note_taker")).to_be_visible(timeout=FOLLOW_TIMEOUT)
    member.wait_for_timeout(300)
    for page in (timekeeper, member):
        # The timekeeper's own answer and the live reload after it: said once all the same.
        assert spoken(page, "announcer").count(first) == 1
        assert spoken(page, "announcer").count(second) == 1
        # The speaker line inside the reloading panel is no live region of its own.
        assert page.locator(".protocol__speaker[aria-live]").count() == 0
    assert axe_violations(member) == []
    assert axe_violations(timekeeper) == []


def test_being_placed_in_a_group_is_said(session, new_page):
    page = listening(new_page())
    join(page, session.meeting, "Anne Ås", "Porsgrunn kulturskole")
    joined_client(session.meeting, name="Bjørn Berg", organisation_is_other="on")
    to_group_page(page, session)
    expect(page.locator(".group-panel .empty")).to_be_visible()

    (group,) = groups.groups_form(item=session, strategy="random", target_size=2, seed=1)
    placed = in_bokmal("You are in group %(number)s", number=group.number)
    region_says(page, placed)
    assert spoken(page, "announcer") == [placed]
    assert axe_violations(page) == []


@pytest.fixture
def meeting(asgi_server):
    meeting = MeetingFactory(title="Fremtidens kulturskole")
    ProgrammeItemFactory(meeting=meeting, position=1, title="Velkommen", planned_minutes=10)
    group_session(meeting=meeting, position=2)
    return meeting


def test_the_group_session_and_the_end_of_the_meeting_are_said(meeting, new_page):
    page = listening(new_page())
    join(page, meeting, "Morten Hagevik", "Porsgrunn kulturskole")

    meetings.meeting_start(meeting=meeting)
    region_says(page, in_bokmal("Now: %(title)s", title="Velkommen"))
    # The programme's countdown is aria-hidden digits; its time can be read in words.
    left = re.escape(in_bokmal("%(time)s left", time="TIME")).replace("TIME", "10 minutter")
    expect(page.locator("[data-show=now] [data-countdown-words]")).to_have_text(re.compile(left))
    assert re.search(left, page.locator("[data-show=now]").aria_snapshot())

    meetings.programme_advance(meeting=meeting)
    go = in_bokmal("Go to your group")
    region_says(page, go)
    region_says(page, in_bokmal("Now: %(title)s", title="Gruppesamtaler"))

    meetings.meeting_end(meeting=meeting)
    ended = in_bokmal("The meeting has ended. Thank you for taking part!")
    region_says(page, ended)
    assert spoken(page, "announcer").count(go) == 1
    assert spoken(page, "announcer").count(ended) == 1
    assert axe_violations(page) == []


def test_a_help_answer_is_said(meeting, new_page):
    page = listening(new_page())
    join(page, meeting, "Morten Hagevik", "Porsgrunn kulturskole")
    page.fill("#id_question", "Hvor finner jeg Zoom-lenken?")
    page.click("form[action$='/ask/'] button[type=submit]")
    expect(page.locator(".help-item__question")).to_have_text("Hvor finner jeg Zoom-lenken?")
    expect(page.locator("[data-live-status]")).to_have_attribute("data-state", "online")

    helpdesk.help_request_answer(
        request=HelpRequest.objects.get(),
        answer="Den står i e-posten du fikk i går.",
        author=UserFactory(),
    )
    answer = in_bokmal(
        "Answer from the facilitator: %(answer)s", answer="Den står i e-posten du fikk i går."
    )
    region_says(page, answer)
    # The list that reloads is no live region: the answer is said by the page's region alone.
    assert page.locator(".help-mine[aria-live]").count() == 0
    assert spoken(page, "announcer") == [answer]
    assert axe_violations(page) == []


def test_the_speakers_time_is_said_30_seconds_before_and_when_it_is_up(session, new_page):
    page = listening(new_page())
    join(page, session.meeting, "Anne Ås", "Porsgrunn kulturskole")
    joined_client(session.meeting, name="Bjørn Berg", organisation_is_other="on")
    (group,) = groups.groups_form(item=session, strategy="random", target_size=2, seed=1)
    to_group_page(page, session)

    groups.round_start(group=group, question_numbers=[1], speaker_seconds=33)
    warning = in_bokmal(
        "%(seconds)s second left for %(speaker)s",
        "%(seconds)s seconds left for %(speaker)s",
        30,
        seconds=30,
        speaker="Anne Ås",
    )
    region_says(page, warning, timeout=8000)
    # The digits are aria-hidden; the time in words beside them is read on demand, and
    # rewritten in steps of 15 seconds, not every second.
    words = page.locator("#group-panel [data-countdown-words]")
    thirty = in_bokmal("%(time)s left", time="30 sekunder")
    expect(words).to_have_text(thirty)
    assert thirty in page.locator("#group-panel").aria_snapshot()
    page.wait_for_timeout(1500)
    expect(words).to_have_text(thirty)

    groups.round_start(group=group, question_numbers=[2], speaker_seconds=3)
    up = in_bokmal("Time is up for %(speaker)s", speaker="Anne Ås")
    region_says(page, up, timeout=8000)
    page.wait_for_timeout(1500)
    assert spoken(page, "announcer").count(warning) == 1
    assert spoken(page, "announcer").count(up) == 1
    assert axe_violations(page) == []


def test_the_recording_and_the_announcement_are_written_only_when_they_change(meeting, new_page):
    page = listening(new_page())
    join(page, meeting, "Morten Hagevik", "Porsgrunn kulturskole")
    meetings.meeting_start(meeting=meeting)
    expect(page.locator("[data-show=now-title]")).to_have_text("Velkommen", timeout=FOLLOW_TIMEOUT)

    meetings.recording_set(meeting=meeting, recording=True)
    expect(page.locator("[data-show=recording]")).to_have_attribute("data-recording", "on")
    facilitator = meeting.facilitators.get()
    meetings.announcement_post(
        meeting=meeting, text="Husk å skru på mikrofonen.", author=facilitator
    )
    expect(page.locator("[data-show=announcement-text]")).to_have_text("Husk å skru på mikrofonen.")
    recording_before = spoken(page, "recording")
    announcement_before = spoken(page, "announcement")
    assert recording_before[-1] == in_bokmal("Recording")
    assert announcement_before[-1] == "Husk å skru på mikrofonen."

    # Two more changes of the programme, neither of the recording nor of the announcement.
    ends = page.locator("[data-show=now] [data-show=now-ends]")
    for _change in range(2):
        before = ends.text_content()
        meetings.item_extend(meeting=meeting, minutes=5)
        expect(ends).not_to_have_text(before, timeout=FOLLOW_TIMEOUT)
    page.wait_for_timeout(300)
    assert spoken(page, "recording") == recording_before
    assert spoken(page, "announcement") == announcement_before


def test_the_card_editor_says_saved_once_and_not_on_every_key(session, new_page):
    page = listening(new_page())
    join(page, session.meeting, "Anne Ås", "Porsgrunn kulturskole")
    joined_client(session.meeting, name="Bjørn Berg", organisation_is_other="on")
    groups.groups_form(item=session, strategy="random", target_size=2, seed=1)
    to_group_page(page, session)
    expect(page.locator("[data-card-editor]")).to_be_visible()
    page.evaluate("window.spoken = []")  # what the page held when it loaded is not news

    page.locator("#card-body").press_sequentially("Tilgjengelighet og pris", delay=40)
    saved = in_bokmal("Saved")
    # Said when the typing pauses (card-editor.js: PAUSE) and the text is a version.
    page.wait_for_function(
        "saved => window.spoken.some((entry) => entry.text === saved)", arg=saved, timeout=6000
    )
    expect(page.locator("[data-save-status]")).to_have_attribute("data-state", "saved")
    page.wait_for_timeout(500)
    # The connection and the recording state are theirs to say; nothing else but "Saved",
    # once: not "Not saved yet" on every key, nor "Saving…".
    said = spoken_besides(page, "live-status", "recording")
    assert said == [saved], said
    region_says(page, saved)
    assert axe_violations(page) == []
