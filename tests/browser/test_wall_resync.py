"""The wall after a reconnect: what the socket brought while the page was fetched stays."""

import pytest
from playwright.sync_api import expect

from groups import domain as groups
from meetings import domain as meetings
from tests.browser.test_live_programme import FOLLOW_TIMEOUT, join
from tests.factories import group_session
from wall import domain as wall

pytestmark = pytest.mark.browser


@pytest.fixture
def session(asgi_server, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    item = group_session()
    meetings.meeting_start(meeting=item.meeting)
    return item


@pytest.fixture
def two_groups(session, new_page):
    viewer = new_page(width=390, height=844)
    join(viewer, session.meeting, "Anne Ås", "Porsgrunn kulturskole")
    for name in ("Bjørn Berg", "Cecilie Dahl", "Dag Ek"):
        join(new_page(width=390, height=844), session.meeting, name, "Skien kulturskole")
    first, second = groups.groups_form(item=session, strategy="random", target_size=2, seed=1)
    return viewer, first, second


def save(group, heading, base_version):
    return wall.card_save(
        card=wall.card_for(group),
        base_version=base_version,
        heading=heading,
        body="Tekst",
        question_numbers=[1],
    )


class HeldFetch:
    """Answers the wall's resync fetch with the page as the server rendered it at the moment of
    the request, but only when released: whatever the socket brings meanwhile comes first."""

    def __init__(self, page, url):
        self.page, self.held = page, []
        page.route(url, self.hold)

    def hold(self, route):
        self.held.append((route, route.fetch()))

    def wait(self):
        for _ in range(150):
            if self.held:
                return
            self.page.wait_for_timeout(100)
        raise AssertionError("the wall did not fetch itself after the reconnect")

    def release(self):
        for route, response in self.held:
            route.fulfill(response=response)


def reconnect_with_held_fetch(viewer, session, asgi_server):
    url = f"**/wall/{session.meeting.code}/{session.pk}/"
    fetch = HeldFetch(viewer, url)
    asgi_server.stop()
    expect(viewer.locator("[data-live-status]")).to_have_attribute("data-state", "reconnecting")
    return fetch


def test_newer_card_from_the_socket_outlives_an_older_fetched_page(
    session, two_groups, asgi_server
):
    viewer, first, second = two_groups
    save(first, "Første utkast", 0)
    viewer.goto(f"/wall/{session.meeting.code}/{session.pk}/")
    expect(viewer.locator(".wall-card__heading")).to_have_text(["Første utkast"])

    fetch = reconnect_with_held_fetch(viewer, session, asgi_server)
    save(second, "Skrevet mens du var borte", 0)  # only the fetched page can bring this one
    asgi_server.start()
    fetch.wait()  # the server has rendered the wall: version 1 of the first card
    save(first, "Andre utkast", 1)
    card = viewer.locator(f"#card-{wall.card_for(first).pk}")
    expect(card.locator(".wall-card__heading")).to_have_text("Andre utkast", timeout=FOLLOW_TIMEOUT)

    fetch.release()
    expect(viewer.locator(f"#card-{wall.card_for(second).pk}")).to_be_visible()
    expect(card.locator(".wall-card__heading")).to_have_text("Andre utkast")
    assert card.get_attribute("data-version") == "2"
    assert viewer.locator(".wall-card").count() == 2


def test_moderation_from_the_socket_outlives_a_fetched_page_of_the_same_version(
    session, two_groups, asgi_server
):
    viewer, first, second = two_groups
    save(first, "Første utkast", 0)
    viewer.goto(f"/wall/{session.meeting.code}/{session.pk}/")
    expect(viewer.locator(".wall-card__heading")).to_have_text(["Første utkast"])

    fetch = reconnect_with_held_fetch(viewer, session, asgi_server)
    save(second, "Skrevet mens du var borte", 0)
    asgi_server.start()
    fetch.wait()
    # Pinning leaves the text, and so the version, as it was in the page being fetched.
    wall.card_moderate(card=wall.card_for(first), pinned=True)
    card = viewer.locator(f"#card-{wall.card_for(first).pk}")
    expect(card.locator(".pin-badge")).to_be_visible(timeout=FOLLOW_TIMEOUT)

    fetch.release()
    expect(viewer.locator(f"#card-{wall.card_for(second).pk}")).to_be_visible()
    expect(card.locator(".pin-badge")).to_be_visible()
    assert viewer.locator(".wall-card").count() == 2


def test_card_hidden_over_the_socket_stays_off_the_wall_after_the_fetch(
    session, two_groups, asgi_server
):
    viewer, first, second = two_groups
    save(first, "Første utkast", 0)
    viewer.goto(f"/wall/{session.meeting.code}/{session.pk}/")
    expect(viewer.locator(".wall-card__heading")).to_have_text(["Første utkast"])

    fetch = reconnect_with_held_fetch(viewer, session, asgi_server)
    save(second, "Skrevet mens du var borte", 0)
    asgi_server.start()
    fetch.wait()
    wall.card_moderate(card=wall.card_for(first), hidden=True, hidden_reason="Personopplysninger")
    card = viewer.locator(f"#card-{wall.card_for(first).pk}")
    expect(card).to_have_count(0, timeout=FOLLOW_TIMEOUT)

    fetch.release()
    expect(viewer.locator(f"#card-{wall.card_for(second).pk}")).to_be_visible()
    expect(card).to_have_count(0)
    assert viewer.locator(".wall-card").count() == 1
