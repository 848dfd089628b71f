"""The groups page of a meeting of 300: the facilitator searches, opens a group, moves people
by keyboard and by drag and drop and swaps into a full group, all without the page
reloading; a second facilitator's page shows each change live."""

import re

import pytest
from playwright.sync_api import expect

from groups import domain
from groups.models import Membership
from meetings import domain as meetings
from participants.models import Participant
from tests.conftest import axe_violations, login_in_browser
from tests.factories import ParticipantFactory, UserFactory, group_session

pytestmark = pytest.mark.browser

PEOPLE = 300
ORGANISATIONS = ["Porsgrunn kommune", "Skien kommune", "Bodø kommune", "KS", "Vestland fylke"]


@pytest.fixture
def session(asgi_server):
    """300 people in 50 groups of six, at most seven each."""
    item = group_session()
    meeting = item.meeting
    meeting.facilitators.add(UserFactory(username="moteleder"), UserFactory(username="medhjelper"))
    Participant.objects.bulk_create(
        ParticipantFactory.build(
            meeting=meeting,
            name=f"Deltaker {n:03d}",
            organisation=ORGANISATIONS[n % len(ORGANISATIONS)],
        )
        for n in range(PEOPLE - 1)
    )
    ParticipantFactory(meeting=meeting, name="Kari Nordmann", organisation="Nome kommune")
    meetings.meeting_start(meeting=meeting)
    meetings.item_start(meeting=meeting, item=item)
    domain.groups_form(item=item, strategy="random", target_size=6, max_size=7, seed=5)
    return item


def groups_page(new_page, session, username):
    page = new_page(height=1600)  # the groups dragged between on screen: a drag cannot scroll
    login_in_browser(page, session.meeting.facilitators.get(username=username))
    page.goto(f"/groups/manage/{session.meeting.pk}/{session.pk}/")
    expect(page.locator("[data-live-status]")).to_have_attribute("data-state", "online")
    # A page that reloads loses this.
    page.evaluate("window.samtaleNotReloaded = true")
    return page


def group(page, number):
    return page.locator(f"li[data-drop-group='{number}']")


def member_named(scope, name):
    return scope.locator(".member").filter(has_text=re.compile(f"^\\s*{re.escape(name)}\\b"))


def membership(name):
    return Membership.objects.select_related("group").get(participant__name=name)


def test_the_facilitator_searches_opens_moves_and_swaps_without_a_reload(session, new_page):
    host = groups_page(new_page, session, "moteleder")
    helper = groups_page(new_page, session, "medhjelper")
    expect(host.locator(".group-item")).to_have_count(50)
    assert host.locator(".member").count() == 0  # every group closed: the page is light

    # Search by name, then by organisation: the one group she is in, opened, her marked.
    kari = membership("Kari Nordmann")
    for query in ("nordmann", "Nome"):
        host.fill("#group-search", query)
        expect(host.locator(".group-search__result")).to_contain_text(query)
        expect(host.locator(".group-item")).to_have_count(1)
        expect(host.locator(f"#group-{kari.group_id} .member--match")).to_have_text(
            re.compile("Kari Nordmann")
        )
    host.locator("[data-search-clear]").click()
    expect(host.locator(".group-item")).to_have_count(50)
    assert host.url.endswith(f"/{session.pk}/")

    # Open a group: its members come.
    group(host, 1).locator("summary").click()
    expect(group(host, 1).locator(".member")).to_have_count(6)

    # By keyboard: the member's own form, a number and Enter.
    moving = group(host, 1).locator(".member").first
    name = moving.locator(".member__name").inner_text()
    field = moving.locator("input[name=group]")
    field.focus()
    host.keyboard.press("Control+A")
    host.keyboard.type("2")
    host.keyboard.press("Enter")
    expect(member_named(group(host, 2), name)).to_be_visible()
    expect(group(host, 1).locator(".member")).to_have_count(5)
    # Focus follows the person to their new group, so the keyboard goes on from there.
    expect(member_named(group(host, 2), name).locator("input[name=group]")).to_be_focused()
    assert membership(name).group.number == 2
    # The other facilitator's page hears of it: group 2 now holds seven, and is full.
    expect(group(helper, 2).locator("summary")).to_contain_text("7 personer")
    expect(group(helper, 2).locator(".full-badge")).to_be_visible()
    expect(group(helper, 1).locator("summary")).to_contain_text("5 personer")

    # By drag and drop: from an open group onto a closed one.
    for number in (1, 2):
        group(host, number).locator("summary").click()  # closed again, out of the way
    group(host, 3).locator("summary").click()
    expect(group(host, 3).locator(".member")).to_have_count(6)
    dragged = group(host, 3).locator(".member").first
    dragged_name = dragged.locator(".member__name").inner_text()
    dragged.locator(".member__name").drag_to(group(host, 4).locator("summary"))
    expect(member_named(group(host, 4), dragged_name)).to_be_visible()
    assert membership(dragged_name).group.number == 4
    expect(group(helper, 4).locator("summary")).to_contain_text("7 personer")

    # Into a full group: the page offers a swap with one of its members instead.
    group(host, 1).locator("summary").click()
    second = group(host, 1).locator(".member").first
    second_name = second.locator(".member__name").inner_text()
    second.locator("input[name=group]").fill("2")
    second.locator("input[name=group]").press("Enter")
    choice = host.locator("[data-swap-choice]")
    expect(choice).to_contain_text("Gruppe 2 er full")
    expect(choice.locator("button").first).to_be_focused()
    assert axe_violations(host) == []
    partner = (
        Membership.objects.filter(group__item=session, group__number=2)
        .exclude(participant__name=name)
        .select_related("participant")
        .first()
        .participant.name
    )
    choice.locator("button", has_text=partner).click()
    expect(member_named(group(host, 2), second_name)).to_be_visible()
    expect(member_named(group(host, 1), partner)).to_be_visible()
    expect(choice).to_have_count(0)
    assert (membership(second_name).group.number, membership(partner).group.number) == (2, 1)
    # The helper's open group follows too.
    group(helper, 1).locator("summary").click()
    expect(member_named(group(helper, 1), partner)).to_be_visible()

    # A change to the session as a whole reloads the overview: the groups open stay open.
    domain.roles_assign(item=session, rotate=False, seed=1)
    expect(group(host, 1).locator(".role-badge")).to_have_count(3)
    for number in (1, 2, 3, 4):
        expect(group(host, number).locator("details")).to_have_attribute("open", "")
    expect(group(host, 5).locator("details")).not_to_have_attribute("open", "")

    assert host.evaluate("window.samtaleNotReloaded") is True
    assert helper.evaluate("window.samtaleNotReloaded") is True
    assert axe_violations(host) == []
