"""A light wall (WALL_CARD_BODIES_TO_VIEWERS) in a real browser: a card saved while it is
off the screen shows its new heading at once and its new body when it is scrolled to.

SAMTALE_SCREENSHOTS=… keeps screenshots of the wall at 390 and 1366 px.
"""

import os

import pytest
from playwright.sync_api import expect

from groups import domain as groups
from meetings import domain as meetings
from tests.browser.test_live_programme import join
from tests.factories import ParticipantFactory, group_session
from wall import domain as wall

pytestmark = pytest.mark.browser

SCREENSHOTS = os.environ.get("SAMTALE_SCREENSHOTS")
LONG = "\n\n".join(f"Avsnitt {n} om kulturskolen, tilbudet og ventelistene." for n in range(8))


def _shot(page, name):
    if SCREENSHOTS:
        page.screenshot(path=os.path.join(SCREENSHOTS, f"{name}.png"), full_page=True)


@pytest.fixture
def session(asgi_server, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    settings.WALL_CARD_BODIES_TO_VIEWERS = True
    item = group_session(questions=["Hva er relevant?"])
    meetings.meeting_start(meeting=item.meeting)
    return item


def save(group, version, heading, body):
    return wall.card_save(
        card=wall.card_for(group),
        base_version=version,
        heading=heading,
        body=body,
        question_numbers=[1],
    )


@pytest.mark.parametrize(("width", "height"), [(390, 844), (1366, 900)])
def test_a_card_scrolled_into_view_after_a_save_shows_the_new_body(
    session, new_page, width, height
):
    viewer = new_page(width=width, height=height)
    join(viewer, session.meeting, "Anne Ås", "Porsgrunn kulturskole")
    for _ in range(23):
        ParticipantFactory(meeting=session.meeting)
    formed = groups.groups_form(item=session, strategy="random", target_size=2, seed=1)
    own = session.meeting.participants.get(name="Anne Ås").memberships.get().group
    others = sorted((g for g in formed if g.pk != own.pk), key=lambda g: g.number)
    last, unsaved = others[-1], others[-2]
    for group in formed:
        if group != unsaved:
            save(group, 0, f"Kort {group.number}", LONG)
    viewer.goto(f"/wall/{session.meeting.code}/{session.pk}/")
    expect(viewer.locator("[data-live-status]")).to_have_attribute("data-state", "online")
    card = viewer.locator(f"#card-{wall.card_for(last).pk}")
    expect(card).not_to_be_in_viewport()
    viewer.wait_for_timeout(800)  # the page has told its socket what it shows

    new_text = "Helt ny tekst, lagret mens kortet var utenfor skjermen."
    save(last, 1, "Ny overskrift nederst", new_text)
    save(unsaved, 0, "Et nytt kort", "Teksten til det nye kortet.")
    # Off the screen: the summary's heading and a mark, the body it had.
    expect(card.locator(".wall-card__heading")).to_have_text("Ny overskrift nederst")
    expect(card.locator("[data-stale-badge]")).to_be_visible()
    expect(card).to_have_attribute("data-version", "1")
    expect(card.locator(".wall-card__body")).to_contain_text("Avsnitt 7")
    # A card first heard as a summary: its group and heading, no body yet.
    fresh = viewer.locator(f"#card-{wall.card_for(unsaved).pk}")
    expect(fresh.locator(".wall-card__heading")).to_have_text("Et nytt kort")
    expect(fresh).to_have_attribute("data-version", "0")
    expect(fresh.locator(".wall-card__body")).to_have_count(0)
    _shot(viewer, f"wall-light-summaries-{width}")

    card.scroll_into_view_if_needed()
    expect(card.locator(".wall-card__body")).to_have_text(new_text)
    expect(card).to_have_attribute("data-version", "2")
    expect(card.locator("[data-stale-badge]")).to_have_count(0)
    fresh.scroll_into_view_if_needed()
    expect(fresh.locator(".wall-card__body")).to_have_text("Teksten til det nye kortet.")
    expect(fresh).to_have_attribute("data-version", "1")
    _shot(viewer, f"wall-light-fetched-{width}")

    # In view now, its next version comes whole over the socket, with no fetch.
    card.scroll_into_view_if_needed()
    viewer.wait_for_timeout(800)
    fetched = []
    viewer.route(f"**/card/{wall.card_for(last).pk}/", lambda route: fetched.append(route.abort()))
    save(last, 2, "Ny overskrift nederst", "Tredje utgave.")
    expect(card.locator(".wall-card__body")).to_have_text("Tredje utgave.")
    assert fetched == []


def test_a_fetched_body_older_than_the_one_shown_is_not_applied(session, new_page):
    viewer = new_page(width=390, height=844)
    join(viewer, session.meeting, "Anne Ås", "Porsgrunn kulturskole")
    for _ in range(11):
        ParticipantFactory(meeting=session.meeting)
    formed = groups.groups_form(item=session, strategy="random", target_size=2, seed=1)
    own = session.meeting.participants.get(name="Anne Ås").memberships.get().group
    last = max((g for g in formed if g.pk != own.pk), key=lambda g: g.number)
    for group in formed:
        save(group, 0, f"Kort {group.number}", LONG)
    viewer.goto(f"/wall/{session.meeting.code}/{session.pk}/")
    expect(viewer.locator("[data-live-status]")).to_have_attribute("data-state", "online")
    card = viewer.locator(f"#card-{wall.card_for(last).pk}")
    expect(card).not_to_be_in_viewport()
    viewer.wait_for_timeout(800)
    save(last, 1, "Andre", "Andre utgave.")
    expect(card.locator("[data-stale-badge]")).to_be_visible()

    held = []  # the fetch of version 2, answered only after version 3 has come
    viewer.route(
        f"**/card/{wall.card_for(last).pk}/", lambda route: held.append((route, route.fetch()))
    )
    card.scroll_into_view_if_needed()
    for _ in range(50):
        if held:
            break
        viewer.wait_for_timeout(100)
    assert held, "the card in view did not fetch its body"
    viewer.wait_for_timeout(800)  # its socket now says it shows the card
    save(last, 2, "Tredje", "Tredje utgave.")
    expect(card.locator(".wall-card__body")).to_have_text("Tredje utgave.")
    for route, response in held:
        route.fulfill(response=response)
    viewer.wait_for_timeout(500)
    expect(card.locator(".wall-card__body")).to_have_text("Tredje utgave.")
    expect(card).to_have_attribute("data-version", "3")
