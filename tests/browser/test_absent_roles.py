"""People who left are not in the way: a role whose holder has gone is free for anyone
present in the group, live; the facilitator can draw one group's roles again."""

import pytest
from playwright.sync_api import expect

from groups import domain
from groups.models import Membership, Role
from participants.domain import participant_leave
from tests.browser.conftest import to_group_page
from tests.browser.test_live_programme import FOLLOW_TIMEOUT, join
from tests.conftest import axe_violations, joined_client, login_in_browser
from tests.factories import UserFactory

pytestmark = pytest.mark.browser


def group_with_a_note_taker_who_leaves(session, new_page):
    page = new_page(width=390, height=844)
    join(page, session.meeting, "Anne Ås", "Porsgrunn kulturskole")
    joined_client(session.meeting, name="Bjørn Berg", organisation_is_other="on")
    joined_client(session.meeting, name="Cecilie Dahl", organisation_is_other="on")
    (group,) = domain.groups_form(item=session, strategy="random", target_size=3, seed=1)
    note_taker = group.memberships.select_related("participant").get(
        participant__name="Cecilie Dahl"
    )
    domain.role_take(membership=note_taker, role=Role.NOTE_TAKER)
    to_group_page(page, session)
    expect(page.locator("[data-take-role=note_taker]")).to_have_count(0)
    participant_leave(participant=note_taker.participant)
    return page, group


def test_a_member_takes_over_the_role_of_someone_who_left(session, new_page):
    page, group = group_with_a_note_taker_who_leaves(session, new_page)

    take = page.locator("[data-take-role=note_taker]")
    expect(take).to_be_visible(timeout=FOLLOW_TIMEOUT)
    take.click()

    expect(page.locator("[data-give-up-role=note_taker]")).to_be_visible()
    assert group.memberships.get(role=Role.NOTE_TAKER).participant.name == "Anne Ås"
    assert axe_violations(page) == []


def test_the_facilitator_draws_one_groups_roles_again(session, new_page):
    _page, group = group_with_a_note_taker_who_leaves(session, new_page)
    facilitator = UserFactory(username="moteleder")
    session.meeting.facilitators.add(facilitator)
    manage = new_page()
    login_in_browser(manage, facilitator)
    manage.goto(f"/groups/manage/{session.meeting.pk}/{session.pk}/")

    manage.get_by_text("En som hadde en rolle, har gått.").wait_for()
    manage.get_by_role("button", name="Trekk roller på nytt i Gruppe 1").click()

    expect(manage.get_by_text("Gruppe 1 har fått nye roller.")).to_be_visible()
    expect(manage.get_by_text("En som hadde en rolle, har gått.")).to_have_count(0)
    holders = Membership.objects.filter(group=group).exclude(role="")
    # Two are left in the group: a role each, none for the one who has gone.
    assert holders.count() == 2
    assert not holders.filter(participant__name="Cecilie Dahl").exists()
    assert axe_violations(manage) == []
