"""The card's shared document on the server: edits from several pages merge (pycrdt reads
the browser's Yjs updates), the document is kept with the card, an edit goes only to the
group's members, and a pause makes a version, so that every version is still kept."""

import base64

import pytest
from pycrdt import Doc, Text

from groups import domain as groups
from tests.conftest import joined_client
from tests.factories import group_session
from tests.live.test_requests import ask, members_and_stranger
from wall import document, domain
from wall.models import Card, CardDocument, CardVersion


def page_copy(card: Card) -> Doc:
    """A page's copy of the card's document, as its editor starts from it."""
    doc = Doc()
    doc.get("heading", type=Text)
    doc.get("body", type=Text)
    doc.apply_update(domain.document_state(card))
    return doc


def typed(doc: Doc, at: int, words: str) -> bytes:
    """What a page sends after typing `words` at `at` (a byte offset) of the body."""
    before = doc.get_state()
    doc.get("body", type=Text).insert(at, words)
    return doc.get_update(before)


def b64(data: bytes) -> str:
    return base64.b64encode(data).decode()


# --- Merging, without a server ---------------------------------------------------------------


def test_edits_made_apart_merge_into_one_text_in_any_order():
    start = document.seeded("Kortet", "Vi vil ha .")
    pages = []
    for _ in range(3):
        copy = Doc()
        copy.apply_update(document.state(start))
        pages.append(copy)
    updates = [
        typed(pages[0], 10, " kor"),
        typed(pages[1], 10, " band"),
        typed(pages[2], 0, "Til slutt: "),
    ]
    orders = [updates, updates[::-1], [updates[1], updates[2], updates[0], updates[1]]]
    results = set()
    for order in orders:
        server = document.load(document.state(start), "", "")
        for update in order:
            document.apply(server, update)
        results.add(document.texts(server))
    (result,) = results  # the same text whatever the order, an update twice as once
    heading, body = result
    assert heading == "Kortet"
    assert body.startswith("Til slutt: Vi vil ha")
    assert " kor" in body and " band" in body and body.endswith(".")


def test_a_card_without_a_document_gets_the_same_one_everywhere():
    assert document.state(document.seeded("H", "Tekst")) == document.state(
        document.seeded("H", "Tekst")
    )
    assert document.texts(document.load(None, "H", "Tekst")) == ("H", "Tekst")


def test_replace_edits_only_what_differs_and_keeps_the_rest_in_place():
    doc = document.seeded("", "æøå og 😀 her")
    other = Doc()
    other.apply_update(document.state(doc))
    late = typed(other, len("æøå og 😀 her".encode()), " til slutt")
    document.replace(doc, "Ny", "æøå, og 😀 her")
    document.apply(doc, late)  # typed meanwhile on another page, after the changed span
    assert document.texts(doc) == ("Ny", "æøå, og 😀 her til slutt")


def test_bytes_that_are_not_an_update_are_refused():
    doc = document.seeded("", "Tekst")
    with pytest.raises(document.DocumentError):
        document.apply(doc, b"\x07not an update")
    assert document.texts(doc) == ("", "Tekst")


# --- The domain: kept with the card, versions at a pause ----------------------------------------


@pytest.fixture
def card(db):
    session = group_session(questions=["Hva er relevant?", "Hva mangler?"])
    for n in range(2):
        joined_client(session.meeting, name=f"Person {n}")
    (group,) = groups.groups_form(item=session, strategy="random", target_size=2, seed=1)
    return domain.card_for(group)


def author_of(card):
    return card.group.memberships.first().participant


def test_edits_are_kept_with_the_card_and_make_no_version_until_a_pause(card):
    writer = author_of(card)
    first, second = page_copy(card), page_copy(card)
    domain.card_edit(card=card, update=typed(first, 0, "Mer musikk"), author=writer)
    domain.card_edit(card=card, update=typed(second, 0, "Flere lærere. "), author=writer)

    stored = CardDocument.objects.get(card=card)
    body = document.texts(document.load(bytes(stored.state), "", ""))[1]
    assert "Mer musikk" in body and "Flere lærere." in body
    card.refresh_from_db()
    assert (card.version, card.body, card.versions.count()) == (0, "", 0)

    domain.card_edit(card=card, update=b"", pause=True, author=writer)
    card.refresh_from_db()
    assert (card.version, card.body) == (1, body.strip())
    assert card.updated_by == writer
    # Paused again with nothing new: no version that repeats the last one.
    domain.card_edit(card=card, update=b"", pause=True, author=writer)
    assert CardVersion.objects.filter(card=card).count() == 1


def test_an_edit_that_only_deletes_is_kept_too(card):
    """A deletion leaves Yjs's state vector as it was: it must still be kept and sent."""
    writer = author_of(card)
    page = page_copy(card)
    domain.card_edit(card=card, update=typed(page, 0, "Mer musikk"), author=writer)
    before = page.get_state()
    del page.get("body", type=Text)[0:4]
    domain.card_edit(card=card, update=page.get_update(before), author=writer)
    assert document.texts(document.load(domain.document_state(card), "", "")) == ("", "musikk")


def test_the_answer_brings_what_the_page_lacks_by_its_state_vector(card):
    writer = author_of(card)
    mine, theirs = page_copy(card), page_copy(card)
    domain.card_edit(card=card, update=typed(theirs, 0, "Deres ord. "), author=writer)
    _card, lacking = domain.card_edit(
        card=card, update=typed(mine, 0, "Mine ord."), vector=mine.get_state(), author=writer
    )
    mine.apply_update(lacking)
    body = str(mine.get("body", type=Text))
    assert "Deres ord." in body and "Mine ord." in body


def test_questions_ticked_make_a_version_at_once(card):
    domain.card_edit(card=card, update=b"", question_numbers=[2, 9], author=author_of(card))
    card.refresh_from_db()
    assert (card.version, card.question_numbers) == (1, [2])


def test_a_restore_brings_the_document_back_to_that_version(card):
    writer = author_of(card)
    page = page_copy(card)
    domain.card_edit(card=card, update=typed(page, 0, "Første"), pause=True, author=writer)
    domain.card_edit(card=card, update=typed(page, 0, "Andre, "), pause=True, author=writer)
    card.refresh_from_db()
    assert card.body == "Andre, Første"

    domain.card_restore(card=card, version=1, author=writer)
    card.refresh_from_db()
    assert (card.version, card.body) == (3, "Første")
    assert list(card.versions.values_list("body", flat=True)) == [
        "Første",
        "Andre, Første",
        "Første",
    ]
    # The page that typed before the restore follows it, and what it types next stays.
    page.apply_update(domain.document_state(card))
    assert str(page.get("body", type=Text)) == "Første"


def test_no_member_may_not_edit_and_a_locked_wall_refuses(card):
    stranger_session = group_session()
    joined_client(stranger_session.meeting, name="Utenfor")
    stranger = stranger_session.meeting.participants.get()
    with pytest.raises(domain.CardError):
        domain.card_edit(card=card, update=typed(page_copy(card), 0, "x"), author=stranger)
    domain.wall_lock(item=card.item, locked=True)
    with pytest.raises(domain.CardError):
        domain.card_edit(card=card, update=typed(page_copy(card), 0, "x"), author=author_of(card))
    assert not CardDocument.objects.filter(card=card).exists()


def test_the_group_page_shows_the_document_and_writes_nothing(card):
    writer = author_of(card)
    domain.card_edit(card=card, update=typed(page_copy(card), 0, "Skrevet nå"), author=writer)
    state = domain.document_state(card)
    assert document.texts(document.load(state, "", ""))[1] == "Skrevet nå"


# --- Over a real socket: to the group's members only --------------------------------------------


@pytest.fixture
def session(asgi_server):
    return group_session(questions=["Hva er relevant?", "Hva mangler?"])


def test_an_edit_reaches_the_groups_members_and_no_one_else(
    session, live_socket, facilitator_client
):
    client, user = facilitator_client
    session.meeting.facilitators.add(user)
    group, members, stranger = members_and_stranger(session)
    card = Card.objects.get(group=group)
    # Each page with the card's editor open joins its editors, as live.js asks.
    editors = f"card:{card.pk}"
    writer = live_socket(session.meeting, members[0], join=editors)
    fellow = live_socket(session.meeting, members[1], join=editors)
    other_group = live_socket(session.meeting, stranger, join=editors)
    facilitator = live_socket(session.meeting, client)
    for socket in (writer, fellow, other_group, facilitator):
        socket.receive_event("programme.state")
    other_group.view(card.pk)  # its wall shows the card
    page = page_copy(card)
    update = typed(page, 0, "Hei fra Person")

    status, body = ask(
        writer,
        "card.edit",
        {"card": card.pk, "update": b64(update), "vector": b64(page.get_state())},
    )
    assert status == 200 and body["card"] == card.pk
    heard = fellow.receive_event("card.edit")
    assert heard["id"] == card.pk and heard["by"].startswith("Person")
    copy = page_copy(Card(heading="", body=""))
    copy.apply_update(base64.b64decode(heard["update"]))
    assert str(copy.get("body", type=Text)) == "Hei fra Person"
    other_group.assert_silent("card.edit")
    facilitator.assert_silent("card.edit")
    # No version yet, so the wall has not been sent anything.
    other_group.assert_silent("card.state", wait=0.1)

    # At the pause the text becomes a version, and the wall gets one card.
    status, body = ask(writer, "card.edit", {"card": card.pk, "update": "", "pause": True}, 2)
    assert status == 200 and body["version"] == 1
    shown = other_group.receive_event("card.state")
    assert (shown["id"], shown["version"]) == (card.pk, 1) and "Hei fra Person" in shown["html"]


def test_a_stranger_and_bad_bytes_are_refused_over_the_socket(session, live_socket):
    group, members, stranger = members_and_stranger(session)
    card = Card.objects.get(group=group)
    outsider = live_socket(session.meeting, stranger)
    member = live_socket(session.meeting, members[0])
    for socket in (outsider, member):
        socket.receive_event("programme.state")
    update = b64(typed(page_copy(card), 0, "Ikke min"))
    assert ask(outsider, "card.edit", {"card": card.pk, "update": update})[0] == 400
    assert ask(member, "card.edit", {"card": card.pk, "update": "!!"})[0] == 400
    assert ask(member, "card.edit", {"card": card.pk, "update": b64(b"\x09zz")}, 2)[0] == 400
    assert not CardDocument.objects.filter(card=card).exists()


def test_an_edit_over_http_gives_the_same_answer(session):
    joined = [joined_client(session.meeting, name=f"Person {n}") for n in range(2)]
    (group,) = groups.groups_form(item=session, strategy="random", target_size=2, seed=1)
    card = domain.card_for(group)
    page = page_copy(card)
    response = joined[0].post(
        f"/wall/{session.meeting.code}/card/edit/",
        {"update": b64(typed(page, 0, "Over HTTP")), "pause": "1", "questions_given": "1"},
    )
    assert response.status_code == 200, response.content
    card.refresh_from_db()
    assert (card.version, card.body, card.question_numbers) == (1, "Over HTTP", [])
