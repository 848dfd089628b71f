"""Keyboard and focus (WCAG 2.1.1, 2.4.3, 3.2.2, 3.3.1): focus stays on the control after a
group-panel swap, a wall card opens by keyboard, the language switch waits for its button,
and a failed join says what went wrong where focus lands."""

import re

import pytest
from django.test import Client
from playwright.sync_api import expect

from groups import domain as groups
from groups.models import Membership, Round
from meetings.models import ProgrammeItem
from tests.browser.conftest import to_group_page
from tests.browser.test_live_programme import FOLLOW_TIMEOUT, join
from tests.conftest import axe_violations, joined_client
from tests.factories import MeetingFactory, ParticipantFactory, ProgrammeItemFactory, group_session
from wall import domain as wall
from wall import report_back

pytestmark = pytest.mark.browser


def press_on_focused(page, key="Enter"):
    """Press `key` on the focused control, marked first: whatever has focus afterwards
    without the mark is a control of a panel swapped in since."""
    page.evaluate("document.activeElement.dataset.pressed = ''")
    page.keyboard.press(key)


def expect_focus_on_new(page, selector):
    expect(page.locator(f"{selector}:not([data-pressed])")).to_be_focused(timeout=FOLLOW_TIMEOUT)


def test_a_keyboard_timekeeper_keeps_focus_through_every_panel_action(session, new_page):
    names = ["Anne Ås", "Bjørn Berg", "Cecilie Dahl"]
    pages = [new_page(width=390, height=844) for _ in names]
    for page, name in zip(pages, names, strict=True):
        join(page, session.meeting, name, "Porsgrunn kulturskole")
    groups.groups_form(item=session, strategy="random", target_size=3, seed=1)
    for page in pages:
        to_group_page(page, session)
    timekeeper, member, _third = pages

    # Take the role: focus moves to "Give up this role" in the same row, and back.
    timekeeper.locator("[data-take-role=timekeeper]").focus()
    press_on_focused(timekeeper)
    expect_focus_on_new(timekeeper, "[data-give-up-role=timekeeper]")
    press_on_focused(timekeeper)
    expect_focus_on_new(timekeeper, "[data-take-role=timekeeper]")
    press_on_focused(timekeeper)
    expect_focus_on_new(timekeeper, "[data-give-up-role=timekeeper]")

    # Start the round: the start button is gone, "Next speaker" takes the focus.
    timekeeper.locator("[data-action=start-round]").focus()
    press_on_focused(timekeeper)
    expect_focus_on_new(timekeeper, "[data-action=pass]")
    order = [
        Membership.objects.get(participant_id=pid).participant.name
        for pid in Round.objects.get().speaking_order
    ]
    speaker = timekeeper.locator(".protocol__speaker strong")
    expect(speaker).to_have_text(order[0])

    # "Next speaker" twice, without moving: both take effect.
    for turn in (1, 2):
        press_on_focused(timekeeper)
        expect(speaker).to_have_text(order[turn])
        expect_focus_on_new(timekeeper, "[data-action=pass]")
    assert timekeeper.evaluate("document.activeElement.dataset.action") == "pass"
    assert Round.objects.get().turn == 2

    # Pause and go on toggle in one place; +1 min keeps its own focus.
    timekeeper.keyboard.press("Tab")
    expect(timekeeper.locator("[data-action=pause]")).to_be_focused()
    press_on_focused(timekeeper)
    expect(timekeeper.locator(".paused")).to_be_visible()
    expect_focus_on_new(timekeeper, "[data-action=resume]")
    press_on_focused(timekeeper)
    expect(timekeeper.locator(".paused")).to_have_count(0)
    expect_focus_on_new(timekeeper, "[data-action=pause]")
    timekeeper.keyboard.press("Tab")
    expect(timekeeper.locator("[data-action=add]")).to_be_focused()
    countdown = timekeeper.locator(".countdown--group")
    ends_before = countdown.get_attribute("data-countdown-to")
    press_on_focused(timekeeper)
    expect(countdown).not_to_have_attribute("data-countdown-to", ends_before)
    expect_focus_on_new(timekeeper, "[data-action=add]")

    # Another member's action reloads the panel live; the focused control keeps focus.
    timekeeper.evaluate("document.activeElement.dataset.pressed = ''")
    member.click("[data-take-role=note_taker]")
    expect(timekeeper.locator(".member .role-badge--note_taker")).to_be_visible(
        timeout=FOLLOW_TIMEOUT
    )
    expect_focus_on_new(timekeeper, "[data-action=add]")

    # The last "Next speaker" of the round leads on; focus is never dropped to the page.
    timekeeper.keyboard.press("Shift+Tab")
    timekeeper.keyboard.press("Shift+Tab")
    expect(timekeeper.locator("[data-action=pass]")).to_be_focused()
    press_on_focused(timekeeper)
    expect(timekeeper.locator(".phase-badge--dialogue")).to_be_visible()
    expect_focus_on_new(timekeeper, "[data-action=pass]")
    assert axe_violations(timekeeper) == []


def test_a_wall_card_opens_by_keyboard_and_gives_focus_back(session, new_page):
    page = new_page()
    join(page, session.meeting, "Anne Ås", "Porsgrunn kulturskole")
    joined_client(session.meeting, name="Bjørn Berg", organisation_is_other="on")
    (group,) = groups.groups_form(item=session, strategy="random", target_size=2, seed=1)
    wall.card_save(
        card=wall.card_for(group),
        base_version=0,
        heading="Kulturskolen for alle",
        body="Tilgjengelighet og pris.",
        question_numbers=[1],
    )
    page.goto(f"/wall/{session.meeting.code}/{session.pk}/")
    card = page.locator(".wall [data-card]")
    dialog = page.locator("[data-card-dialog]")
    expect(card).to_be_visible()

    for key in ("Enter", " "):
        card.focus()
        page.keyboard.press(key)
        expect(dialog).to_be_visible()
        expect(dialog).to_contain_text("Kulturskolen for alle")
        page.wait_for_timeout(300)  # the key's own activation has had its chance
        expect(dialog).to_be_visible()
        assert axe_violations(page) == []
        page.keyboard.press("Escape")
        expect(dialog).to_be_hidden()
        expect(card).to_be_focused()

    # Closed with its button, by keyboard: focus goes back to the card as well.
    card.focus()
    page.keyboard.press("Enter")
    close = dialog.get_by_role("button")
    expect(close).to_be_focused()
    page.keyboard.press("Enter")
    expect(dialog).to_be_hidden()
    expect(card).to_be_focused()


def test_the_language_switch_changes_only_when_its_button_is_pressed(asgi_server, new_page):
    page = new_page()
    page.goto("/")
    options = page.locator("#language-select option")
    assert [options.nth(i).get_attribute("lang") for i in range(options.count())] == [
        options.nth(i).get_attribute("value") for i in range(options.count())
    ]
    assert set(options.evaluate_all("all => all.map(o => o.lang)")) == {"nb", "nn", "en"}

    select = page.locator("#language-select")
    select.focus()
    page.evaluate("window.stillTheSamePage = true")
    page.keyboard.press("ArrowDown")  # nynorsk, chosen but not yet asked for
    expect(select).to_have_value("nn")
    page.wait_for_timeout(500)
    assert page.evaluate("window.stillTheSamePage") is True
    expect(page.locator("html")).to_have_attribute("lang", "nb")
    expect(select).to_be_focused()

    page.keyboard.press("Tab")
    expect(page.locator("[data-language-submit]")).to_be_focused()
    page.keyboard.press("Enter")
    expect(page.locator("html")).to_have_attribute("lang", "nn")
    expect(page.locator(".skip-link")).to_have_text("Hopp til innhaldet")
    assert axe_violations(page) == []


DUPLICATE_IDS = """() => {
  const seen = new Map();
  document.querySelectorAll("[id]").forEach((e) => seen.set(e.id, (seen.get(e.id) || 0) + 1));
  return [...seen].filter(([, count]) => count > 1).map(([id]) => id);
}"""

DESCRIBED_BY = """() => [...document.querySelectorAll("[aria-describedby]")].map((e) => ({
  field: e.id,
  missing: e.getAttribute("aria-describedby").split(/\\s+/)
    .filter((id) => !document.getElementById(id)),
}))"""


def give_cookies(page, client, asgi_server):
    """The Django test client's cookies (a session, a language) in the browser."""
    page.context.add_cookies(
        [
            {"name": name, "value": morsel.value, "url": asgi_server.url}
            for name, morsel in client.cookies.items()
        ]
    )


@pytest.fixture
def meeting(asgi_server):
    return MeetingFactory(title="Fremtidens kulturskole", zoom_preassign=True)


@pytest.mark.parametrize(
    ("language", "prefix"), [("nb", "Feil:"), ("nn", "Feil:"), ("en", "Error:")]
)
def test_a_failed_join_says_what_is_wrong_where_focus_lands(
    asgi_server, new_page, meeting, language, prefix
):
    page = new_page(width=390, height=844)
    chosen = Client()
    chosen.post("/i18n/setlang/", {"language": language, "next": "/"})
    give_cookies(page, chosen, asgi_server)
    page.goto(f"/m/{meeting.code}/")
    expect(page.locator("html")).to_have_attribute("lang", language)
    assert page.evaluate(DUPLICATE_IDS) == []
    described = page.evaluate(DESCRIBED_BY)
    assert {entry["field"] for entry in described} >= {"id_organisation", "id_email"}
    assert all(entry["missing"] == [] for entry in described), described
    expect(page.locator("#id_email")).to_have_attribute("autocomplete", "email")

    page.locator("#id_email").fill("ikke-en-adresse")
    page.locator("#id_name").focus()
    page.keyboard.press("Enter")  # nothing else filled in

    summary = page.locator("#error-summary")
    expect(summary).to_be_focused()
    assert page.title().startswith(f"{prefix} ")
    links = summary.get_by_role("link")
    expect(links).to_have_count(3)  # organisation, name, e-mail
    snapshot = summary.aria_snapshot()
    assert re.search(r"- heading .+ \[level=2\]", snapshot), snapshot
    assert snapshot.count("- listitem:") == 3, snapshot

    # Every field that says it is described points at elements that are there: its help
    # and its error; the invalid ones say so.
    described = {entry["field"]: entry["missing"] for entry in page.evaluate(DESCRIBED_BY)}
    assert all(missing == [] for missing in described.values()), described
    for field in ("organisation", "name", "email"):
        control = page.locator(f"#id_{field}")
        expect(control).to_have_attribute("aria-invalid", "true")
        assert f"id_{field}_error" in control.get_attribute("aria-describedby")
    expect(page.locator("#id_email")).to_have_accessible_description(
        re.compile(r"\S+.*\S+.*", re.S)
    )
    assert page.evaluate(DUPLICATE_IDS) == []

    # A link in the summary leads to its field.
    links.first.press("Enter")
    expect(page.locator("#id_organisation")).to_be_focused()
    assert axe_violations(page) == []


def test_the_report_back_manage_page_has_no_duplicate_ids(asgi_server, new_page):
    item = group_session(position=1)
    meeting = item.meeting
    report = ProgrammeItemFactory(
        meeting=meeting, kind=ProgrammeItem.Kind.REPORT_BACK, title="Tilbakemelding", position=2
    )
    for number in range(4):
        ParticipantFactory(meeting=meeting, name=f"Deltaker {number}")
    groups.groups_form(item=item, strategy="random", target_size=2, seed=1)
    report_back.report_pick(item=report, group_numbers=[1], seconds=120)

    page = new_page()
    logged_in = Client()
    logged_in.force_login(meeting.facilitators.get())
    give_cookies(page, logged_in, asgi_server)
    page.goto(f"/wall/manage/{meeting.pk}/report/{report.pk}/")
    # The slot's minutes; the draw's count and minutes; the pick's minutes.
    expect(page.get_by_role("spinbutton")).to_have_count(4)
    assert page.evaluate(DUPLICATE_IDS) == []
    for label in page.locator("label[for]").all():
        assert page.locator(f"[id='{label.get_attribute('for')}']").count() == 1
    assert axe_violations(page) == []
