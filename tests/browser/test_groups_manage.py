"""The facilitator forms groups and moves people by keyboard and by drag and drop."""

import pytest
from playwright.sync_api import expect

from groups.models import Membership
from tests.conftest import axe_violations, login_in_browser
from tests.factories import ParticipantFactory, UserFactory, group_session

pytestmark = pytest.mark.browser


@pytest.fixture
def session(asgi_server):
    facilitator = UserFactory(username="moteleder")
    item = group_session()
    item.meeting.facilitators.add(facilitator)
    organisations = ["Porsgrunn kommune", "Skien kommune", "Bodø kommune", "KS"]
    for number in range(12):
        ParticipantFactory(
            meeting=item.meeting,
            name=f"Deltaker {number:02d}",
            organisation=organisations[number % 4],
        )
    return item


def group_of(name):
    return Membership.objects.get(participant__name=name).group.number


def test_facilitator_forms_groups_and_moves_people(session, new_page):
    page = new_page(height=1600)  # both groups on screen: a drag cannot scroll the page
    login_in_browser(page, session.meeting.facilitators.get(username="moteleder"))
    page.goto(f"/groups/manage/{session.meeting.pk}/{session.pk}/")
    page.select_option("#id_strategy", "mixed")
    page.fill("#id_target_size", "4")
    page.fill("#id_max_size", "6")
    page.fill("#id_seed", "7")
    page.click("form[action$='/form/'] button[type=submit]")
    expect(page.locator(".group-card")).to_have_count(3)

    # By keyboard: type the group's number in the member's own form and press Move.
    first = page.locator(".group-card").nth(0).locator(".member").first
    name = first.locator(".member__name").inner_text()
    first.get_by_label(f"Flytt {name} til Gruppe").fill("2")
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    expect(
        page.locator(".group-card").nth(1).locator(".member__name", has_text=name)
    ).to_be_visible()
    assert group_of(name) == 2

    # By drag and drop onto another group.
    dragged = page.locator(".group-card").nth(2).locator(".member").first
    dragged_name = dragged.locator(".member__name").inner_text()
    dragged.locator(".member__name").drag_to(page.locator(".group-card").nth(0))
    expect(
        page.locator(".group-card").nth(0).locator(".member__name", has_text=dragged_name)
    ).to_be_visible()
    assert group_of(dragged_name) == 1
    assert axe_violations(page) == []
