"""When the meeting ends, the cards are locked, and the participant's page says so live and
where the material will be (issue 12: "after Møtet er avsluttet, cards are locked")."""

import pytest
from playwright.sync_api import expect

from groups import domain as groups
from meetings import domain as meetings
from tests.browser.test_live_programme import join
from tests.conftest import joined_client
from tests.factories import group_session
from wall import domain as wall

pytestmark = pytest.mark.browser


def test_the_page_says_the_cards_are_locked_when_the_meeting_ends(asgi_server, new_page):
    item = group_session(questions=["Hva er relevant?"])
    meeting = item.meeting
    page = new_page()
    join(page, meeting, "Kari Nordmann", "Norsk kulturskoleråd")
    material = page.locator("[data-show='material']")
    expect(material).to_be_hidden()

    meetings.meeting_end(meeting=meeting)

    expect(material).to_be_visible(timeout=3000)
    expect(material).to_contain_text("Kortene er låst")
    page.reload()  # and the page served after the end says it too
    expect(material).to_be_visible()


@pytest.mark.django_db
def test_ending_the_meeting_locks_every_group_sessions_wall():
    item = group_session(questions=["Hva er relevant?"])
    for n in range(2):
        joined_client(item.meeting, name=f"Person {n}")
    (group,) = groups.groups_form(item=item, strategy="random", target_size=2, seed=1)
    card = wall.card_save(
        card=wall.card_for(group),
        base_version=0,
        heading="H",
        body="Før slutt",
        question_numbers=[],
    )

    meetings.meeting_end(meeting=item.meeting)

    assert wall.wall_for(item).locked
    with pytest.raises(wall.CardError, match="låst"):
        wall.card_save(card=card, base_version=1, heading="H", body="Etter", question_numbers=[])
    card.refresh_from_db()
    assert card.body == "Før slutt"
