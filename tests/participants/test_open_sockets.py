"""A person's open live sockets, counted in the database over real WebSockets: what the
check of pages closed for good reads (participants/domain.py), for every process alike."""

import pytest

from groups import domain as groups
from meetings import domain as meetings
from participants import domain
from participants.models import Participant
from tests.conftest import joined_client
from tests.factories import group_session
from tests.processes import wait_until


@pytest.fixture
def session(asgi_server):
    item = group_session()
    meetings.meeting_start(meeting=item.meeting)
    meetings.item_start(meeting=item.meeting, item=item)
    return item


def open_sockets(name: str) -> int:
    return Participant.objects.get(name=name).open_sockets


def test_the_count_follows_the_sockets_open_and_closed(session, live_socket):
    client = joined_client(session.meeting, name="Anne Ås")

    first = live_socket(session.meeting, client)
    first.receive_event("programme.state")  # counted before the snapshot is sent
    assert open_sockets("Anne Ås") == 1
    second = live_socket(session.meeting, client)
    second.receive_event("programme.state")
    assert open_sockets("Anne Ås") == 2

    first.connection.close()
    wait_until(lambda: open_sockets("Anne Ås") == 1, timeout=5, what="one socket uncounted")
    second.connection.close()
    wait_until(lambda: open_sockets("Anne Ås") == 0, timeout=5, what="both uncounted")


def test_a_facilitators_socket_counts_nobody(session, live_socket, facilitator_client):
    client, user = facilitator_client
    session.meeting.facilitators.add(user)
    joined_client(session.meeting, name="Anne Ås")

    live_socket(session.meeting, client).receive_event("programme.state")

    assert open_sockets("Anne Ås") == 0


def test_someone_gone_by_closing_is_back_with_their_socket(
    session, live_socket, facilitator_client, settings
):
    settings.PARTICIPANT_CLOSED_GRACE_SECONDS = 0
    client, user = facilitator_client
    session.meeting.facilitators.add(user)
    anne = joined_client(session.meeting, name="Anne Ås")
    bjorn = joined_client(session.meeting, name="Bjørn Berg")
    (group,) = groups.groups_form(item=session, strategy="random", target_size=2, seed=1)
    participant = Participant.objects.get(name="Anne Ås")
    domain.participant_closing(participant=participant)
    assert domain.participant_closed_check(participant_id=participant.pk)
    facilitator = live_socket(session.meeting, client)
    facilitator.receive_event("programme.state")
    member = live_socket(session.meeting, bjorn)
    member.receive_event("programme.state")

    live_socket(session.meeting, anne).receive_event("programme.state")

    participant.refresh_from_db()
    assert (participant.left_at, participant.gone, participant.open_sockets) == (None, "", 1)
    assert facilitator.receive_event("presence.stale") == {}
    assert member.receive_event("group.stale") == {"group": group.pk}
