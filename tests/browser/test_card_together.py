"""The card is one shared document: three members of a group type in it at the same moment,
each sees the others' words as they come, and all end with the same text, holding every
word each typed. Nothing to merge by hand: no merge panel, ever."""

import os
import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from groups import domain as groups
from tests.browser.test_wall import joined_pages, to_group_page
from wall import domain as wall
from wall.models import Card, CardVersion

pytestmark = pytest.mark.browser

NAMES = ["Anne Ås", "Bjørn Berg", "Cecilie Dahl"]
# Words no one else types, so that each writer's words can be found in the end.
WORDS = {
    "Anne Ås": ["alfa", "august", "ananas", "amboss"],
    "Bjørn Berg": ["bravo", "bjørk", "ballong", "bøtte"],
    "Cecilie Dahl": ["charlie", "ceder", "citron", "cembalo"],
}
# A folder to keep screenshots of the pages in, to look at them while working on them.
SHOTS = Path(os.environ["SAMTALE_SCREENSHOTS"]) if os.environ.get("SAMTALE_SCREENSHOTS") else None

# Each writes on a line of their own, as a group splits a card: where two type at the very
# same spot, the CRDT keeps both, but their letters may interleave.
START = "Anne:\nBjørn:\nCecilie:"
# The caret at the end of the writer's own line.
TO_MY_LINE = """(label) => {
  const field = document.querySelector("#card-body");
  field.focus();
  const start = field.value.indexOf(label);
  const end = field.value.indexOf("\\n", start);
  const at = end === -1 ? field.value.length : end;
  field.setSelectionRange(at, at);
}"""
# Typing in the page as a person does, a character every `pause` ms, at the caret:
# started in all three pages before any is waited for, so the three type at once.
TYPE_IN_PAGE = """([words, pause]) => {
  const field = document.querySelector("#card-body");
  field.focus();
  const characters = Array.from(" " + words.join(" "));
  window.typingDone = false;
  (function next() {
    if (!characters.length) { window.typingDone = true; return; }
    field.focus();
    document.execCommand("insertText", false, characters.shift());
    setTimeout(next, pause);
  })();
}"""


def same_text_everywhere(pages):
    texts = [page.locator("#card-body").input_value() for page in pages]
    return texts[0] if len(set(texts)) == 1 else None


def wait_for_same_text(pages, words, timeout=15.0):
    first = pages[0]
    deadline = 0.0
    while True:
        text = same_text_everywhere(pages)
        if text is not None and all(word in text.split() for word in words):
            return text
        if deadline > timeout * 1000:
            shown = [page.locator("#card-body").input_value() for page in pages]
            raise AssertionError(f"the three texts did not meet: {shown}")
        first.wait_for_timeout(100)
        deadline += 100


def group_of_three(new_page, session, body=""):
    pages = joined_pages(new_page, session, NAMES)
    (group,) = groups.groups_form(item=session, strategy="random", target_size=3, seed=1)
    if body:
        wall.card_save(
            card=wall.card_for(group), base_version=0, heading="", body=body, question_numbers=[]
        )
    for page in pages:
        to_group_page(page, session)
    return pages


def no_merge_panel(pages):
    for page in pages:
        expect(page.locator("[data-conflict-panel]")).to_have_count(0)
        assert page.locator("[data-save-status]").get_attribute("data-state") != "conflict"


def test_three_members_type_at_once_and_all_end_with_every_word(session, new_page):
    pages = group_of_three(new_page, session, body=START)
    for page, name in zip(pages, NAMES, strict=True):
        page.evaluate(TO_MY_LINE, name.split()[0] + ":")

    # Real keystrokes, interleaved word by word: each page types while the others' words
    # are still on their way to it.
    for round_ in range(2):
        for page, name in zip(pages, NAMES, strict=True):
            page.locator("#card-body").press_sequentially(" " + WORDS[name][round_])
    # Then all three at the same moment, typing on for a second and a half each.
    for page, name in zip(pages, NAMES, strict=True):
        page.evaluate(TYPE_IN_PAGE, [WORDS[name][2:], 40])
    for page in pages:
        page.wait_for_function("() => window.typingDone === true")

    every_word = [word for words in WORDS.values() for word in words]
    text = wait_for_same_text(pages, every_word)
    for name in NAMES:  # each writer's words in the order typed, on the writer's line
        assert f"{name.split()[0]}: {' '.join(WORDS[name])}" in text.splitlines()
    no_merge_panel(pages)

    # The server holds the same, and a version of it once the typing has paused.
    for page in pages:
        expect(page.locator("[data-save-status]")).to_have_attribute(
            "data-state", "saved", timeout=10000
        )
    card = Card.objects.get(item=session)
    for _ in range(50):  # the typing pauses for two seconds, then a version is made
        card.refresh_from_db()
        if card.body == text.strip():
            break
        pages[0].wait_for_timeout(100)
    assert card.body == text.strip()
    assert CardVersion.objects.filter(card=card, body=card.body).exists()
    # Reloaded, each page shows the document as the server keeps it.
    pages[1].reload()
    expect(pages[1].locator("#card-body")).to_have_value(text)
    no_merge_panel(pages)


def test_two_typing_show_each_other_as_they_type(session, new_page):
    """The screenshots of the card with two people typing, at 390 and 1366 px."""
    pages = group_of_three(new_page, session)
    anne, bjorn, cecilie = pages
    anne.fill("#card-heading", "Kulturskolen for alle")
    anne.locator("#card-body").press_sequentially("Vi vil ha lavere pris og flere ")
    expect(bjorn.locator("#card-body")).to_have_value("Vi vil ha lavere pris og flere ")
    bjorn.locator("#card-body").press("Control+End")
    bjorn.locator("#card-body").press_sequentially("lærere ute i skolene. ")
    expect(anne.locator("#card-body")).to_have_value(
        "Vi vil ha lavere pris og flere lærere ute i skolene. "
    )
    anne.locator("#card-body").press("Control+End")
    anne.locator("#card-body").press_sequentially("Og samarbeid ")
    expect(cecilie.locator("[data-writing]")).to_contain_text("Anne Ås")
    expect(cecilie.locator("#card-body")).to_have_value(
        "Vi vil ha lavere pris og flere lærere ute i skolene. Og samarbeid "
    )
    for width in (390, 1366):
        cecilie.set_viewport_size({"width": width, "height": 900 if width > 400 else 844})
        bjorn.locator("#card-body").press_sequentially("med ")
        anne.locator("#card-body").press("Control+End")
        anne.locator("#card-body").press_sequentially("korps ")
        expect(cecilie.locator("[data-writing]")).to_contain_text("Anne Ås")
        expect(cecilie.locator("[data-writing]")).to_contain_text("Bjørn Berg")
        expect(cecilie.locator("#card-body")).to_have_value(re.compile(r"med .*korps|korps .*med"))
        cecilie.evaluate("() => document.querySelector('#card-editor').scrollIntoView()")
        if SHOTS:
            cecilie.screenshot(path=str(SHOTS / f"coedit-two-typing-{width}.png"))
    no_merge_panel(pages)


class Cuttable:
    """The page's live socket, passed through until `cut()`: then closed, and refused until
    `mend()`; the card's HTTP edits fail meanwhile, as they would offline."""

    def __init__(self, page):
        self.page = page
        self.open: list = []
        self.cut_off = False
        page.route_web_socket("**/ws/meetings/**", self.connect)

    def connect(self, socket):
        if self.cut_off:
            socket.close()
            return
        server = socket.connect_to_server()
        socket.on_message(server.send)
        server.on_message(socket.send)
        self.open.append(socket)

    def cut(self):
        self.cut_off = True
        self.page.route("**/card/edit/", lambda route: route.abort())
        for socket in self.open:
            socket.close()
        self.open.clear()

    def mend(self):
        self.cut_off = False
        self.page.unroute("**/card/edit/")


def test_what_is_typed_offline_survives_a_reload_and_merges_when_back(session, new_page):
    pages = joined_pages(new_page, session, NAMES[:2])
    (group,) = groups.groups_form(item=session, strategy="random", target_size=2, seed=1)
    wall.card_save(
        card=wall.card_for(group),
        base_version=0,
        heading="",
        body="Anne:\nBjørn:",
        question_numbers=[],
    )
    anne, bjorn = pages
    line = Cuttable(anne)
    for page, name in zip(pages, NAMES[:2], strict=True):
        to_group_page(page, session)
        page.evaluate(TO_MY_LINE, name.split()[0] + ":")

    line.cut()
    expect(anne.locator("[data-live-status]")).not_to_have_attribute("data-state", "online")
    anne.locator("#card-body").press_sequentially(" uten nett")
    expect(anne.locator("[data-save-status]")).to_have_attribute("data-state", "offline")
    bjorn.locator("#card-body").press_sequentially(" på nett")
    expect(bjorn.locator("[data-save-status]")).to_have_attribute("data-state", "saved")
    # Anne's page is reloaded while still offline: her words come back from this device.
    anne.reload()
    expect(anne.locator("#card-body")).to_have_value("Anne: uten nett\nBjørn: på nett")
    expect(bjorn.locator("#card-body")).to_have_value("Anne:\nBjørn: på nett")

    line.mend()
    for page in pages:
        expect(page.locator("#card-body")).to_have_value(
            "Anne: uten nett\nBjørn: på nett", timeout=10000
        )
    no_merge_panel(pages)
    card = Card.objects.get(group=group)
    for _ in range(60):
        card.refresh_from_db()
        if card.body == "Anne: uten nett\nBjørn: på nett":
            break
        anne.wait_for_timeout(100)
    assert card.body == "Anne: uten nett\nBjørn: på nett"
