"""Three members of one group follow a rekkefremlegg round driven by their timekeeper."""

import pytest
from playwright.sync_api import expect

from groups import domain
from groups.models import Membership, Round
from tests.browser.test_live_programme import FOLLOW_TIMEOUT, join
from tests.conftest import axe_violations

pytestmark = pytest.mark.browser


def test_members_follow_the_round_their_timekeeper_drives(session, new_page):
    names = ["Anne Ås", "Bjørn Berg", "Cecilie Dahl"]
    pages = [new_page(width=390, height=844) for _ in names]
    for page, name in zip(pages, names, strict=True):
        join(page, session.meeting, name, "Porsgrunn kulturskole")
        expect(page.locator("[data-show=group-link]")).to_be_visible()

    domain.groups_form(item=session, strategy="random", target_size=3, seed=1)
    for page in pages:
        page.click("[data-show=group-link]")
        expect(page.locator("#group-heading")).to_be_visible()
        expect(page.locator("[data-live-status]")).to_have_attribute("data-state", "online")

    timekeeper, *others = pages
    timekeeper.click("[data-take-role=timekeeper]")
    for page in others:
        expect(page.locator(".member .role-badge--timekeeper")).to_be_visible(
            timeout=FOLLOW_TIMEOUT
        )
        expect(page.locator("[data-action=start-round]")).to_have_count(0)

    timekeeper.click("[data-action=start-round]")
    expect(timekeeper.locator(".protocol__speaker")).to_be_visible()
    current = Round.objects.get()
    order = [
        Membership.objects.get(participant_id=pid).participant.name
        for pid in current.speaking_order
    ]
    for page in pages:
        expect(page.locator(".protocol__speaker strong")).to_have_text(
            order[0], timeout=FOLLOW_TIMEOUT
        )
        expect(page.locator(".speaking-order li")).to_have_text(order)

    timekeeper.click("[data-action=pass]")
    for page in pages:
        expect(page.locator(".protocol__speaker strong")).to_have_text(
            order[1], timeout=FOLLOW_TIMEOUT
        )

    timekeeper.click("[data-action=pause]")
    for page in pages:
        expect(page.locator(".paused")).to_be_visible(timeout=FOLLOW_TIMEOUT)

    timekeeper.click("[data-action=resume]")
    expect(timekeeper.locator(".paused")).to_have_count(0)
    timekeeper.click("[data-action=pass]")
    expect(timekeeper.locator(".protocol__speaker strong")).to_have_text(order[2])
    timekeeper.click("[data-action=pass]")
    for page in pages:
        expect(page.locator(".phase-badge--dialogue")).to_be_visible(timeout=FOLLOW_TIMEOUT)

    assert axe_violations(others[0]) == []
    assert axe_violations(timekeeper) == []
