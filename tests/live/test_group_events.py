"""Group events over a real WebSocket: members hear their group, others and facilitators don't."""

import pytest

from groups import domain
from groups.models import Membership, Role
from meetings import domain as meetings
from tests.conftest import joined_client
from tests.factories import group_session


@pytest.fixture
def session(asgi_server):
    return group_session(questions=["Hva er relevant hos oss?"])


def test_group_state_reaches_members_only(session, live_socket, facilitator_client):
    client, user = facilitator_client
    session.meeting.facilitators.add(user)
    clients = [joined_client(session.meeting, name=f"Person {n}") for n in range(4)]
    meetings.meeting_start(meeting=session.meeting)
    first, second = domain.groups_form(item=session, strategy="random", target_size=2, seed=3)
    sockets = {}
    for client_ in clients:
        participant = session.meeting.participants.get(
            token=client_.session["samtale_participants"][str(session.meeting.pk)]
        )
        group = Membership.objects.get(participant=participant).group
        sockets[participant.pk] = (group, live_socket(session.meeting, client_))
    facilitator = live_socket(session.meeting, client)
    for _group, socket in sockets.values():
        socket.receive_event("programme.state")

    member = first.memberships.first()
    domain.role_take(membership=member, role=Role.TIMEKEEPER)
    for _participant_id, (group, socket) in sockets.items():
        if group == first:
            state = socket.receive_event("group.state")
            assert state["group"] == first.pk
            roles = {m["id"]: m["role"] for m in state["members"]}
            assert roles[member.participant_id] == "timekeeper"
        else:
            socket.assert_silent("group.state")
    assert facilitator.receive_event("groups.changed") == {"item": session.pk}


def test_groups_formed_tells_everyone(session, live_socket):
    clients = [joined_client(session.meeting, name=f"Person {n}") for n in range(4)]
    socket = live_socket(session.meeting, clients[0])
    socket.receive_event("programme.state")
    domain.groups_form(item=session, strategy="random", target_size=2, seed=3)
    assert socket.receive_event("groups.changed") == {"item": session.pk, "formed": True}


def test_round_steps_reach_the_group(session, live_socket):
    clients = [joined_client(session.meeting, name=f"Person {n}") for n in range(3)]
    meetings.meeting_start(meeting=session.meeting)
    (group,) = domain.groups_form(item=session, strategy="random", target_size=3, seed=3)
    socket = live_socket(session.meeting, clients[0])
    socket.receive_event("programme.state")

    current = domain.round_start(group=group, question_numbers=[1], speaker_seconds=90)
    state = socket.receive_event("group.state")
    assert state["round"]["phase"] == "speaking"
    assert state["round"]["speaker"] == state["round"]["order"][0]["name"]

    domain.round_pass(current=current)
    state = socket.receive_event("group.state")
    assert state["round"]["turn"] == 1

    domain.round_pause(current=current)
    state = socket.receive_event("group.state")
    assert state["round"]["paused_remaining"] is not None
