"""A light wall (WALL_CARD_BODIES_TO_VIEWERS) in a real browser: a card saved while it is
off the screen shows its new heading at once and its new body when it is scrolled to."""

import pytest
from playwright.sync_api import expect

from groups import domain as groups
from meetings import domain as meetings
from tests.browser.test_live_programme import join
from tests.factories import ParticipantFactory, group_session
from wall import domain as wall

pytestmark = pytest.mark.browser

LONG = "\n\n".join(f"Avsnitt {n} om kulturskolen, tilbudet og ventelistene." for n in range(8))


@pytest.fixture
def session(asgi_server, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    settings.WALL_CARD_BODIES_TO_VIEWERS = True
    item = group_session(questions=["Hva er relevant?"])
    meetings.meeting_start(meeting=item.meeting)
    return item


def test_a_card_scrolled_into_view_after_a_save_shows_the_new_body(session, new_page):
    viewer = new_page(width=390, height=844)
    join(viewer, session.meeting, "Anne Ås", "Porsgrunn kulturskole")
    for _ in range(15):
        ParticipantFactory(meeting=session.meeting)
    formed = groups.groups_form(item=session, strategy="random", target_size=2, seed=1)
    for group in formed:
        wall.card_save(
            card=wall.card_for(group),
            base_version=0,
            heading=f"Kort {group.number}",
            body=LONG,
            question_numbers=[1],
        )
    own = session.meeting.participants.get(name="Anne Ås").memberships.get().group
    last = max((g for g in formed if g.pk != own.pk), key=lambda g: g.number)
    viewer.goto(f"/wall/{session.meeting.code}/{session.pk}/")
    expect(viewer.locator("[data-live-status]")).to_have_attribute("data-state", "online")
    card = viewer.locator(f"#card-{wall.card_for(last).pk}")
    expect(card).not_to_be_in_viewport()
    viewer.wait_for_timeout(800)  # the page has told its socket what it shows

    wall.card_save(
        card=wall.card_for(last),
        base_version=1,
        heading="Ny overskrift nederst",
        body="Helt ny tekst, lagret mens kortet var utenfor skjermen.",
        question_numbers=[1],
    )
    # Off the screen: the summary's heading and a mark, the body it had.
    expect(card.locator(".wall-card__heading")).to_have_text("Ny overskrift nederst")
    expect(card.locator("[data-stale-badge]")).to_be_visible()
    expect(card).to_have_attribute("data-version", "1")
    expect(card.locator(".wall-card__body")).to_contain_text("Avsnitt 7")

    card.scroll_into_view_if_needed()
    expect(card.locator(".wall-card__body")).to_have_text(
        "Helt ny tekst, lagret mens kortet var utenfor skjermen."
    )
    expect(card).to_have_attribute("data-version", "2")
    expect(card.locator("[data-stale-badge]")).to_have_count(0)
    # In view now, its next version comes whole over the socket, with no fetch.
    fetched = []
    viewer.route(f"**/card/{wall.card_for(last).pk}/", lambda route: fetched.append(route.abort()))
    wall.card_save(
        card=wall.card_for(last),
        base_version=2,
        heading="Ny overskrift nederst",
        body="Tredje utgave.",
        question_numbers=[1],
    )
    expect(card.locator(".wall-card__body")).to_have_text("Tredje utgave.")
    assert fetched == []
    viewer.screenshot(path="/work/var-lightwall/light-wall-390.png", full_page=False)
