"""A light wall (WALL_CARD_BODIES_TO_VIEWERS) over real WebSockets: every page hears a saved
card's summary, and only the pages that said they show the card hear it whole."""

import json

import pytest

from groups import domain as groups
from meetings import domain as meetings
from tests.conftest import joined_client
from tests.factories import group_session
from wall import domain


@pytest.fixture
def session(asgi_server, settings):
    settings.WALL_CARD_BODIES_TO_VIEWERS = True
    return group_session(questions=["Hva er relevant?"])


def _view(socket, cards, request_id=1) -> dict:
    request = {"type": "wall.view", "id": request_id, "data": {"cards": cards}}
    socket.connection.send(json.dumps(request))
    return socket.receive_event("live.reply")


def _save(card, version, heading="Kulturskolen for alle", body="Vi snakket om **tilgang**."):
    return domain.card_save(
        card=card, base_version=version, heading=heading, body=body, question_numbers=[1]
    )


def test_only_the_socket_that_shows_the_card_hears_it_whole(session, live_socket):
    clients = [joined_client(session.meeting, name=f"Person {n}") for n in range(4)]
    meetings.meeting_start(meeting=session.meeting)
    first, second = groups.groups_form(item=session, strategy="random", target_size=2, seed=3)
    card = domain.card_for(first)
    viewing, elsewhere = (
        live_socket(session.meeting, clients[0]),
        live_socket(session.meeting, clients[1]),
    )
    for socket in (viewing, elsewhere):
        socket.receive_event("programme.state")
    reply = _view(viewing, [card.pk, domain.card_for(second).pk])
    assert (reply["id"], reply["status"], reply["body"]) == (1, 200, {"cards": 2})

    _save(card, 0)
    whole = viewing.receive_event("card.state")
    assert (whole["id"], whole["version"]) == (card.pk, 1)
    assert "<strong>tilgang</strong>" in whole["html"]
    summary = elsewhere.receive_event("card.summary")
    assert summary == {
        "id": card.pk,
        "item": session.pk,
        "group": first.number,
        "version": 1,
        "pinned": False,
        "hidden": False,
        "questions": [1],
        "heading": "Kulturskolen for alle",
    }
    assert viewing.receive_event("card.summary") == summary  # the one that shows it too
    elsewhere.assert_silent("card.state")


def test_a_new_view_replaces_the_one_before(session, live_socket):
    clients = [joined_client(session.meeting, name=f"Person {n}") for n in range(2)]
    (group,) = groups.groups_form(item=session, strategy="random", target_size=2, seed=3)
    card = domain.card_for(group)
    socket = live_socket(session.meeting, clients[0])
    socket.receive_event("programme.state")
    _view(socket, [card.pk])
    _save(card, 0)
    assert socket.receive_event("card.state")["version"] == 1
    assert _view(socket, [], request_id=2)["status"] == 200
    _save(card, 1, heading="Ny tittel")
    assert socket.receive_event("card.summary")["version"] == 2
    socket.assert_silent("card.state")


def test_facilitators_hear_every_card_whole_as_before(session, live_socket, facilitator_client):
    client, user = facilitator_client
    session.meeting.facilitators.add(user)
    joined_client(session.meeting, name="Person 0")
    joined_client(session.meeting, name="Person 1")
    (group,) = groups.groups_form(item=session, strategy="random", target_size=2, seed=3)
    socket = live_socket(session.meeting, client)
    socket.receive_event("programme.state")
    _save(domain.card_for(group), 0)
    moderated = socket.receive_event("card.state")
    assert (moderated["moderator"], moderated["version"]) == (True, 1)


@pytest.mark.parametrize(
    "data", [{}, {"cards": "1"}, {"cards": [0]}, {"cards": [True]}, {"cards": list(range(1, 300))}]
)
def test_a_view_that_is_no_list_of_cards_is_refused(session, live_socket, data):
    client = joined_client(session.meeting, name="Person 0")
    socket = live_socket(session.meeting, client)
    socket.receive_event("programme.state")
    socket.connection.send(json.dumps({"type": "wall.view", "id": 7, "data": data}))
    assert socket.receive_event("live.reply")["status"] == 400


def test_with_the_setting_off_every_socket_hears_every_card_whole(session, live_socket, settings):
    settings.WALL_CARD_BODIES_TO_VIEWERS = False
    clients = [joined_client(session.meeting, name=f"Person {n}") for n in range(2)]
    (group,) = groups.groups_form(item=session, strategy="random", target_size=2, seed=3)
    socket = live_socket(session.meeting, clients[0])
    socket.receive_event("programme.state")
    _save(domain.card_for(group), 0)
    assert socket.receive_event("card.state")["version"] == 1
    socket.assert_silent("card.summary")
