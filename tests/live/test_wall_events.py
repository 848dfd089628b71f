"""Wall events over a real WebSocket: one rendered card for everyone, the editor for the group."""

import json

import pytest

from groups import domain as groups
from groups.models import Membership
from meetings import domain as meetings
from meetings.models import ProgrammeItem
from tests.conftest import joined_client
from tests.factories import ProgrammeItemFactory, group_session
from wall import document, domain


@pytest.fixture
def session(asgi_server):
    return group_session(questions=["Hva er relevant?"])


def test_card_save_reaches_everyone_as_the_same_html(session, live_socket, facilitator_client):
    client, user = facilitator_client
    session.meeting.facilitators.add(user)
    clients = [joined_client(session.meeting, name=f"Person {n}") for n in range(4)]
    meetings.meeting_start(meeting=session.meeting)
    first, _second = groups.groups_form(item=session, strategy="random", target_size=2, seed=3)
    sockets = [live_socket(session.meeting, c) for c in clients]
    facilitator = live_socket(session.meeting, client)
    for socket in [*sockets, facilitator]:
        socket.receive_event("programme.state")
        socket.view(domain.card_for(first).pk)  # each page shows the card

    author = first.memberships.first().participant
    card = domain.card_save(
        card=domain.card_for(first),
        base_version=0,
        heading="Kulturskolen for alle",
        body="Vi snakket om **tilgjengelighet**.",
        question_numbers=[1],
        author=author,
    )
    frames = [socket.receive_event("card.state") for socket in sockets]
    assert all(frame == frames[0] for frame in frames)  # the same bytes for everyone
    assert frames[0]["id"] == card.pk
    assert frames[0]["version"] == 1
    assert "<strong>tilgjengelighet</strong>" in frames[0]["html"]
    assert "Kulturskolen for alle" in frames[0]["html"]
    assert frames[0]["moderator"] is False

    public = facilitator.receive_event("card.state")
    moderated = facilitator.receive_event("card.state")
    assert (public["moderator"], moderated["moderator"]) == (False, True)


def test_group_members_hear_the_saved_text(session, live_socket):
    clients = [joined_client(session.meeting, name=f"Person {n}") for n in range(2)]
    (group,) = groups.groups_form(item=session, strategy="random", target_size=2, seed=3)
    socket = live_socket(session.meeting, clients[0])
    socket.receive_event("programme.state")
    card = domain.card_save(
        card=domain.card_for(group),
        base_version=0,
        heading="H",
        body="Tekst",
        question_numbers=[],
    )
    saved = socket.receive_event("card.text")
    assert (saved["id"], saved["version"], saved["body"]) == (card.pk, 1, "Tekst")


def _edit_over_socket(socket, card, body):
    """A card.edit request as card-editor.js sends it, from a page of its own (a Yjs
    client of its own) that typed `body` into the empty card; its answer's status."""
    page = document.load(document.state(document.seeded("", "")), "", "")
    update = document.replace(page, "", body)
    data = {"card": card.pk, "update": document.encode(update), "vector": None}
    socket.connection.send(json.dumps({"type": "card.edit", "id": 1, "data": data}))
    return socket.receive_event("live.reply")["status"]


def test_an_edit_reaches_the_pages_with_the_editor_open_alone(
    session, live_socket, facilitator_client
):
    clients = [joined_client(session.meeting, name=f"Person {n}") for n in range(4)]
    first, second = groups.groups_form(item=session, strategy="random", target_size=2, seed=3)
    card, other_card = domain.card_for(first), domain.card_for(second)
    in_first = {m.participant.name for m in Membership.objects.filter(group=first)}
    writer, member = (c for n, c in enumerate(clients) if f"Person {n}" in in_first)
    stranger = next(c for n, c in enumerate(clients) if f"Person {n}" not in in_first)
    facilitator, user = facilitator_client
    session.meeting.facilitators.add(user)
    editor = f"card:{card.pk}"

    writing = live_socket(session.meeting, writer, join=editor)
    member_editor = live_socket(session.meeting, member, join=editor)
    member_page = live_socket(session.meeting, member)  # the meeting or wall page, say
    stranger_page = live_socket(session.meeting, stranger, join=editor)  # may not join
    stranger_own = live_socket(session.meeting, stranger, join=f"card:{other_card.pk}")
    facilitating = live_socket(session.meeting, facilitator, join=editor)
    sockets = (writing, member_editor, member_page, stranger_page, stranger_own, facilitating)
    for socket in sockets:
        socket.receive_event("programme.state")

    assert _edit_over_socket(writing, card, "Vi vil ha mer musikk.") == 200

    heard = member_editor.receive_event("card.edit")
    assert (heard["id"], heard["by"]) == (card.pk, "Person " + str(clients.index(writer)))
    merged = document.load(document.state(document.seeded("", "")), "", "")
    document.apply(merged, document.decode(heard["update"]))
    assert document.texts(merged) == ("", "Vi vil ha mer musikk.")
    assert facilitating.receive_event("card.edit")["id"] == card.pk
    member_page.assert_silent("card.edit")
    stranger_page.assert_silent("card.edit", wait=0.1)
    stranger_own.assert_silent("card.edit", wait=0.1)


def test_hidden_card_leaves_the_public_wall(session, live_socket):
    clients = [joined_client(session.meeting, name=f"Person {n}") for n in range(2)]
    (group,) = groups.groups_form(item=session, strategy="random", target_size=2, seed=3)
    card = domain.card_save(
        card=domain.card_for(group),
        base_version=0,
        heading="H",
        body="Tekst",
        question_numbers=[],
    )
    socket = live_socket(session.meeting, clients[0])
    socket.receive_event("programme.state")
    socket.view(card.pk)
    domain.card_moderate(card=card, hidden=True, hidden_reason="Navn på barn")
    frame = socket.receive_event("card.state")
    assert (frame["hidden"], frame["html"]) == (True, "")
    # The text and its version are as they were: the group's editor hears nothing.
    socket.assert_silent("card.text")


def test_wall_lock_is_announced(session, live_socket):
    client = joined_client(session.meeting)
    socket = live_socket(session.meeting, client)
    socket.receive_event("programme.state")
    domain.wall_lock(item=session, locked=True)
    assert socket.receive_event("wall.state") == {"item": session.pk, "locked": True}


def test_report_back_state_reaches_everyone(session, live_socket):
    from wall import report_back

    clients = [joined_client(session.meeting, name=f"Person {n}") for n in range(4)]
    first, _second = groups.groups_form(item=session, strategy="random", target_size=2, seed=3)
    domain.card_save(
        card=domain.card_for(first),
        base_version=0,
        heading="Vårt svar",
        body="Tekst",
        question_numbers=[1],
    )
    report = ProgrammeItemFactory(
        meeting=session.meeting,
        kind=ProgrammeItem.Kind.REPORT_BACK,
        position=session.position + 1,
    )
    socket = live_socket(session.meeting, clients[0])
    socket.receive_event("programme.state")
    report_back.report_pick(item=report, group_numbers=[first.number], seconds=60)
    assert socket.receive_event("reportback.state")["next"] == first.name
    report_back.report_next(item=report)
    state = socket.receive_event("reportback.state")
    assert state["current"]["group"] == first.name
    assert "Vårt svar" in state["current"]["html"]


def test_snapshot_carries_report_state_during_report_back(session, live_socket):
    from wall import report_back

    clients = [joined_client(session.meeting, name=f"Person {n}") for n in range(2)]
    groups.groups_form(item=session, strategy="random", target_size=2, seed=3)
    report = ProgrammeItemFactory(
        meeting=session.meeting,
        kind=ProgrammeItem.Kind.REPORT_BACK,
        position=session.position + 1,
    )
    report_back.report_pick(item=report, group_numbers=[1], seconds=60)
    meetings.meeting_start(meeting=session.meeting)
    meetings.item_start(meeting=session.meeting, item=report)
    socket = live_socket(session.meeting, clients[0])
    socket.receive_event("programme.state")
    assert socket.receive_event("reportback.state")["item"] == report.pk


def test_a_report_back_that_starts_is_told_after_the_programme(session, live_socket):
    from wall import report_back

    clients = [joined_client(session.meeting, name=f"Person {n}") for n in range(2)]
    groups.groups_form(item=session, strategy="random", target_size=2, seed=3)
    report = ProgrammeItemFactory(
        meeting=session.meeting,
        kind=ProgrammeItem.Kind.REPORT_BACK,
        position=session.position + 1,
    )
    meetings.meeting_start(meeting=session.meeting)
    socket = live_socket(session.meeting, clients[0])
    socket.receive_event("programme.state")

    meetings.programme_advance(meeting=session.meeting)
    # In this order: a page that follows the programme to the report-back hears where it
    # stands next.
    assert socket.receive()["type"] == "programme.state"
    frame = socket.receive()
    assert frame["type"] == "reportback.state"
    assert frame["data"]["item"] == report.pk
    assert frame["data"]["current"] is None and frame["data"]["finished"] is False

    report_back.report_pick(item=report, group_numbers=[1], seconds=60)
    report_back.report_next(item=report)
    report_back.report_next(item=report)
    while not (state := socket.receive_event("reportback.state"))["finished"]:
        assert state["current"] is not None or state["left"] == 1
