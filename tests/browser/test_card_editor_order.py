"""The card editor knows its own save whichever arrives first: the answer or the broadcast.

Under load the `card.text` frame of a save can reach the editor before the save's own
answer. The page's socket (and, for the HTTP path, the save request) is held in the
browser, so that order is forced every time instead of hoped for.
"""

import json
import time

import pytest
from playwright.sync_api import expect

from groups import domain as groups
from tests.browser.test_wall import joined_pages, to_group_page
from wall import domain as wall
from wall.models import Card

pytestmark = pytest.mark.browser

# Every card.text this page hears, in order, so the test can wait for the broadcast.
RECORD_CARD_SAVED = """
document.addEventListener("live:card.text", (event) => {
  (window.cardSavedHeard = window.cardSavedHeard || []).push(event.detail.version);
});
"""


def writer(new_page, session):
    """The page of one member of a group of two, recording the card.text it hears."""
    page, _other = joined_pages(new_page, session, ["Anne Ås", "Bjørn Berg"])
    groups.groups_form(item=session, strategy="random", target_size=2, seed=1)
    page.add_init_script(RECORD_CARD_SAVED)
    return page


def open_editor(page, session):
    """The group page, and its card (made when the page first asks for it)."""
    to_group_page(page, session)
    return Card.objects.get(item=session)


def wait_until(page, check, what, timeout=10.0):
    """Let the page run (its routes are served meanwhile) until `check()` holds."""
    deadline = time.monotonic() + timeout
    while not check():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        page.wait_for_timeout(20)


def heard_card_saved(page, version):
    page.wait_for_function(
        "version => (window.cardSavedHeard || []).includes(version)", arg=version
    )


class HeldReplies:
    """The page's live socket, passed through, except that answers wait while `holding`;
    with `closing`, the socket closes as an answer comes, which is then lost."""

    def __init__(self, page):
        self.holding = False
        self.closing = False
        self.held: list[tuple[object, str]] = []
        page.route_web_socket("**/ws/meetings/**", self.connect)

    def connect(self, socket):
        server = socket.connect_to_server()
        socket.on_message(server.send)
        server.on_message(lambda message: self.from_server(socket, message))

    def from_server(self, socket, message):
        if self.holding and json.loads(message)["type"] == "live.reply":
            self.held.append((socket, message))
            if self.closing:
                socket.close()
        else:
            socket.send(message)

    def release(self):
        self.holding = False
        for socket, message in self.held:
            socket.send(message)
        self.held.clear()


class DropsOnFirstSave:
    """The page's live socket, passed through, but closed as the first save is asked over
    it: the editor saves over HTTP while the socket reconnects."""

    def __init__(self):
        self.dropped = False

    def connect(self, socket):
        server = socket.connect_to_server()
        server.on_message(socket.send)
        socket.on_message(lambda message: self.from_page(socket, server, message))

    def from_page(self, socket, server, message):
        if not self.dropped and json.loads(message)["type"] == "card.save":
            self.dropped = True
            socket.close()
        else:
            server.send(message)


def assert_saves_on(page, card, text, version):
    """No merge panel, and the next text is saved on top of the editor's own version."""
    expect(page.locator("[data-save-status]")).to_have_attribute("data-state", "saved")
    expect(page.locator("[data-conflict-panel]")).to_be_hidden()
    page.fill("#card-body", text)
    expect(page.locator("[data-save-status]")).to_have_attribute("data-state", "saved")
    expect(page.locator("[data-conflict-panel]")).to_be_hidden()
    card.refresh_from_db()
    assert (card.version, card.body) == (version, text)


def test_own_save_broadcast_before_its_socket_answer_opens_no_merge_panel(session, new_page):
    page = writer(new_page, session)
    socket = HeldReplies(page)
    card = open_editor(page, session)

    socket.holding = True
    page.fill("#card-body", "Første utkast fra referenten")
    wait_until(page, lambda: socket.held, "the save's answer")
    heard_card_saved(page, 1)  # the broadcast of this very save, before its answer
    socket.release()

    assert_saves_on(page, card, "Andre utkast fra referenten", 2)


def test_own_http_save_broadcast_before_its_answer_opens_no_merge_panel(session, new_page):
    page = writer(new_page, session)
    page.route_web_socket("**/ws/meetings/**", DropsOnFirstSave().connect)
    saves = []
    page.route("**/card/save/", lambda route: saves.append(route))
    card = open_editor(page, session)

    page.fill("#card-body", "Første utkast fra referenten")
    wait_until(page, lambda: saves, "the save over HTTP")
    # The socket is back before the HTTP save reaches the server, so it hears the
    # broadcast; the HTTP answer is let through only after that.
    expect(page.locator("[data-live-status]")).to_have_attribute("data-state", "online")
    (route,) = saves
    answer = route.fetch()
    heard_card_saved(page, 1)
    route.fulfill(response=answer)
    page.unroute("**/card/save/")

    assert_saves_on(page, card, "Andre utkast fra referenten", 2)


def test_own_save_whose_answer_was_lost_is_recognised_when_sent_again(session, new_page):
    page = writer(new_page, session)
    socket = HeldReplies(page)
    card = open_editor(page, session)

    # Saved, but the socket drops before the answer: the editor sends it again over HTTP
    # on the version it had, and is refused with its own text as the newer card.
    socket.holding = socket.closing = True
    page.fill("#card-body", "Første utkast fra referenten  ")
    wait_until(page, lambda: socket.held, "the save's answer")
    socket.held.clear()
    socket.holding = socket.closing = False

    assert_saves_on(page, card, "Andre utkast fra referenten", 2)


def test_other_save_heard_while_saving_still_opens_the_merge_panel(session, new_page):
    page = writer(new_page, session)
    socket = HeldReplies(page)
    card = open_editor(page, session)

    socket.holding = True
    page.fill("#card-body", "Første utkast fra referenten")
    wait_until(page, lambda: socket.held, "the save's answer")
    page.fill("#card-body", "Første utkast fra referenten, og mer")  # typed on meanwhile
    other = card.group.memberships.exclude(participant__name="Anne Ås").get().participant
    wall.card_save(
        card=card,
        base_version=1,
        heading="",
        body="Bjørns tekst",
        question_numbers=[],
        author=other,
    )
    heard_card_saved(page, 2)
    socket.release()

    expect(page.locator("[data-conflict-panel]")).to_be_visible()
    expect(page.locator("[data-conflict-body]")).to_have_text("Bjørns tekst")
    card.refresh_from_db()
    assert (card.version, card.body) == (2, "Bjørns tekst")
