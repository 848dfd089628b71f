"""Group events over a real WebSocket: members hear their group is stale, others don't."""

import pytest
from django.urls import reverse

from groups import domain
from groups.models import Membership, Role
from meetings import domain as meetings
from tests.conftest import joined_client
from tests.factories import group_session


@pytest.fixture
def session(asgi_server):
    return group_session(questions=["Hva er relevant hos oss?"])


def test_a_group_change_pings_its_members_only(session, live_socket, facilitator_client):
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
        sockets[participant.pk] = (group, live_socket(session.meeting, client_), client_)
    facilitator = live_socket(session.meeting, client)
    for _group, socket, _client in sockets.values():
        socket.receive_event("programme.state")

    member = first.memberships.first()
    domain.role_take(membership=member, role=Role.TIMEKEEPER)
    for _participant_id, (group, socket, member_client) in sockets.items():
        if group == first:
            # Only what names the region: the page reloads its group panel, which shows it.
            assert socket.receive_event("group.stale") == {"group": first.pk}
            panel = member_client.get(reverse("groups:panel", args=[session.meeting.code]))
            assert str(Role.TIMEKEEPER.label) in panel.content.decode()
        else:
            socket.assert_silent("group.stale")
    # The facilitators' overview hears which group changed, and fetches that one alone.
    assert facilitator.receive_event("groups.stale") == {"item": session.pk, "group": first.pk}


def test_a_move_names_both_groups_to_the_facilitators(session, live_socket, facilitator_client):
    client, user = facilitator_client
    session.meeting.facilitators.add(user)
    for n in range(4):
        joined_client(session.meeting, name=f"Person {n}")
    first, second = domain.groups_form(item=session, strategy="random", target_size=2, seed=3)
    facilitator = live_socket(session.meeting, client)
    facilitator.receive_event("programme.state")

    domain.membership_move(membership=first.memberships.first(), group=second)

    heard = [facilitator.receive_event("groups.stale") for _ in range(2)]
    assert sorted(event["group"] for event in heard) == sorted([first.pk, second.pk])
    assert all(event["item"] == session.pk for event in heard)


def test_groups_formed_tells_everyone(session, live_socket):
    clients = [joined_client(session.meeting, name=f"Person {n}") for n in range(4)]
    socket = live_socket(session.meeting, clients[0])
    socket.receive_event("programme.state")
    domain.groups_form(item=session, strategy="random", target_size=2, seed=3)
    assert socket.receive_event("groups.stale") == {"item": session.pk}


def test_every_round_step_pings_the_group(session, live_socket):
    clients = [joined_client(session.meeting, name=f"Person {n}") for n in range(3)]
    meetings.meeting_start(meeting=session.meeting)
    (group,) = domain.groups_form(item=session, strategy="random", target_size=3, seed=3)
    socket = live_socket(session.meeting, clients[0])
    socket.receive_event("programme.state")

    current = domain.round_start(group=group, question_numbers=[1], speaker_seconds=90)
    assert socket.receive_event("group.stale") == {"group": group.pk}
    domain.round_pass(current=current)
    assert socket.receive_event("group.stale") == {"group": group.pk}
    domain.round_pause(current=current)
    assert socket.receive_event("group.stale") == {"group": group.pk}
