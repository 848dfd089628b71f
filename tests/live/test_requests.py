"""Requests over the live socket: the card editor saves there, with HTTP's answers."""

import json

import pytest

from groups import domain as groups
from tests.conftest import joined_client
from tests.factories import group_session
from wall.domain import card_for
from wall.models import Card


@pytest.fixture
def session(asgi_server):
    return group_session(questions=["Hva er relevant?", "Hva mangler?"])


def ask(socket, request_type, data, request_id=1):
    socket.connection.send(json.dumps({"type": request_type, "id": request_id, "data": data}))
    reply = socket.receive_event("live.reply")
    assert reply["id"] == request_id
    return reply["status"], reply["body"]


def members_and_stranger(session):
    clients = [joined_client(session.meeting, name=f"Person {n}") for n in range(4)]
    first, second = groups.groups_form(item=session, strategy="random", target_size=2, seed=3)
    names = {m.participant.name for m in first.memberships.select_related("participant")}
    members = [c for n, c in enumerate(clients) if f"Person {n}" in names]
    stranger = next(c for n, c in enumerate(clients) if f"Person {n}" not in names)  # group 2
    card_for(first), card_for(second)  # as the group pages make them
    return first, members, stranger


def test_a_member_saves_the_card_over_the_socket_and_everyone_sees_it(session, live_socket):
    group, members, stranger = members_and_stranger(session)
    writer = live_socket(session.meeting, members[0])
    watcher = live_socket(session.meeting, stranger)
    for socket in (writer, watcher):
        socket.receive_event("programme.state")

    card = Card.objects.get(group=group)
    watcher.view(card.pk)  # its wall shows the card
    status, body = ask(
        writer,
        "card.save",
        {
            "card": card.pk,
            "base_version": 0,
            "heading": "Tilbud",
            "body": "Mer **musikk**",
            "questions": ["2"],
        },
    )
    assert status == 200 and body["version"] == 1
    card.refresh_from_db()
    assert (card.version, card.heading, card.question_numbers) == (1, "Tilbud", [2])
    assert card.versions.count() == 1
    shown = watcher.receive_event("card.state")
    assert (shown["id"], shown["version"]) == (card.pk, 1)
    assert "<strong>musikk</strong>" in shown["html"]
    # The answer went to the writer alone.
    watcher.assert_silent("live.reply")


def test_a_save_on_an_old_version_gets_the_newer_card_to_merge(session, live_socket):
    group, members, _stranger = members_and_stranger(session)
    card = Card.objects.get(group=group).pk
    first, second = (live_socket(session.meeting, client) for client in members)
    for socket in (first, second):
        socket.receive_event("programme.state")
    mine = {"card": card, "base_version": 0, "heading": "Mitt", "body": "Først"}
    assert ask(first, "card.save", mine)[0] == 200

    yours = {"card": card, "base_version": 0, "heading": "Ditt", "body": "Også"}
    status, body = ask(second, "card.save", yours)
    assert status == 409
    assert (body["conflict"]["version"], body["conflict"]["body"]) == (1, "Først")
    assert Card.objects.get(pk=card).body == "Først"  # nothing overwritten


def test_a_member_of_another_group_cannot_save_this_card(session, live_socket):
    group, _members, stranger = members_and_stranger(session)
    card = Card.objects.get(group=group)
    socket = live_socket(session.meeting, stranger)
    socket.receive_event("programme.state")
    status, body = ask(socket, "card.save", {"card": card.pk, "base_version": 0, "body": "Nei"})
    assert status == 400
    assert body["error"].startswith("Bare de som er med i Gruppe")
    card.refresh_from_db()
    assert card.version == 0


def test_a_socket_left_open_after_leaving_the_meeting_can_no_longer_save(session, live_socket):
    """Access is checked per request, not only when the socket opened."""
    group, members, _stranger = members_and_stranger(session)
    socket = live_socket(session.meeting, members[0])
    socket.receive_event("programme.state")
    card = Card.objects.get(group=group)
    assert ask(socket, "card.save", {"card": card.pk, "base_version": 0, "body": "Ja"})[0] == 200

    assert members[0].post(f"/m/{session.meeting.code}/leave/").status_code == 302
    status, body = ask(
        socket, "card.save", {"card": card.pk, "base_version": 1, "body": "Etter"}, request_id=2
    )

    assert (status, body) == (403, {"error": "Kortet kunne ikke lagres. Last inn siden på nytt."})
    card.refresh_from_db()
    assert (card.version, card.body) == (1, "Ja")


def test_a_facilitator_socket_cannot_save_and_is_told_in_their_language(
    session, live_socket, facilitator_client
):
    group, _members, _stranger = members_and_stranger(session)
    client, user = facilitator_client
    session.meeting.facilitators.add(user)
    client.cookies["django_language"] = "en"
    socket = live_socket(session.meeting, client)
    socket.receive_event("programme.state")

    card = Card.objects.get(group=group).pk
    status, body = ask(socket, "card.save", {"card": card, "base_version": 0, "body": "Y"})
    assert (status, body) == (403, {"error": "The card could not be saved. Reload the page."})
    assert not Card.objects.filter(version__gt=0).exists()


def test_invalid_fields_are_refused_in_the_meeting_language(session, live_socket):
    _group, members, _stranger = members_and_stranger(session)
    socket = live_socket(session.meeting, members[0])
    socket.receive_event("programme.state")
    card = Card.objects.first().pk
    status, body = ask(socket, "card.save", {"card": card, "base_version": "not a number"})
    assert status == 400
    assert body == {"error": "Kortet kunne ikke lagres. Last inn siden på nytt."}


def test_bad_requests_are_refused_and_the_socket_stays_open(session, live_socket):
    _group, members, _stranger = members_and_stranger(session)
    socket = live_socket(session.meeting, members[0])
    socket.receive_event("programme.state")
    socket.connection.send("not json")
    socket.connection.send('["a list"]')
    assert ask(socket, "no.such.request", {}, request_id="a") == (400, {})
    assert ask(socket, "card.save", "not a dict", request_id="b") == (400, {})
    refused = (403, {"error": "Kortet kunne ikke lagres. Last inn siden på nytt."})
    assert ask(socket, "card.save", {"card": "1", "base_version": 0}, request_id="c") == refused
    assert ask(socket, "card.save", {"card": 10**9, "base_version": 0}, request_id="d") == refused
    # A type that is no name, and a frame nested deeper than JSON can be read: answered
    # or passed over, and the socket stays open.
    assert ask(socket, ["card.save"], {}, request_id="e") == (400, {})
    assert ask(socket, {"a": 1}, {}, request_id="f") == (400, {})
    socket.connection.send("[" * 100_000 + "]" * 100_000)
    socket.connection.send('{"type": "ping"}')
    assert socket.receive_event("live.pong") is None


def test_a_request_that_fails_on_the_server_is_answered_500(session, live_socket, monkeypatch):
    from live import requests

    def broken(access, data):
        raise RuntimeError("a bug")

    monkeypatch.setitem(requests.handlers, "broken", broken)
    _group, members, _stranger = members_and_stranger(session)
    socket = live_socket(session.meeting, members[0])
    socket.receive_event("programme.state")
    assert ask(socket, "broken", {}) == (500, {})
    assert ask(socket, "card.save", {"card": 10**9}, request_id=2)[0] == 403  # still answering
