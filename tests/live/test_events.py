"""Every live event type, over a real WebSocket to a real server: who gets it, and what."""

import pytest
from django.urls import reverse

from helpdesk.domain import help_request_answer, help_request_create, help_request_solve
from meetings import domain
from meetings.models import ProgrammeItem
from participants.domain import participant_join
from tests.conftest import joined_client
from tests.factories import meeting_with_programme


@pytest.fixture
def meeting(asgi_server):
    return meeting_with_programme()


def test_snapshot_is_sent_on_connect(meeting, live_socket, facilitator_client):
    client, user = facilitator_client
    meeting.facilitators.add(user)
    socket = live_socket(meeting, client)
    state = socket.receive_event("programme.state")
    assert state["status"] == "draft"
    assert state["current"] is None
    assert state["next"]["title"] == "talk 1"
    assert [item["status"] for item in state["items"]] == ["pending"] * 4


def test_programme_state_follows_start_advance_extend(meeting, live_socket):
    participant = joined_client(meeting)
    socket = live_socket(meeting, participant)
    socket.receive_event("programme.state")

    domain.meeting_start(meeting=meeting)
    state = socket.receive_event("programme.state")
    assert state["status"] == "live"
    assert state["current"]["title"] == "talk 1"
    assert state["next"]["title"] == "group_session 2"
    assert state["current"]["ends_at"] is not None

    first = meeting.items.get(title="talk 1")
    domain.programme_advance(meeting=meeting, expected_item_id=first.pk)
    state = socket.receive_event("programme.state")
    assert state["current"]["kind"] == "group_session"
    assert state["items"][0]["status"] == "done"

    ends_before = state["current"]["ends_at"]
    domain.item_extend(meeting=meeting, minutes=5)
    state = socket.receive_event("programme.state")
    assert state["current"]["ends_at"] > ends_before
    assert state["version"] > 0


def test_programme_state_carries_break_restart_time(meeting, live_socket):
    import datetime

    pause = meeting.items.get(kind=ProgrammeItem.Kind.BREAK)
    pause.resume_at = datetime.time(23, 59)
    pause.save()
    socket = live_socket(meeting, joined_client(meeting))
    socket.receive_event("programme.state")
    domain.meeting_start(meeting=meeting)
    socket.receive_event("programme.state")
    domain.item_start(meeting=meeting, item=pause)
    state = socket.receive_event("programme.state")
    assert state["current"]["kind"] == "break"
    assert state["current"]["ends_clock"] == "23:59"


def test_recording_and_announcement_reach_everyone(meeting, live_socket, facilitator_client):
    _client, user = facilitator_client
    sockets = [live_socket(meeting, joined_client(meeting, name=f"Person {n}")) for n in range(3)]
    for socket in sockets:
        socket.receive_event("programme.state")
    domain.recording_set(meeting=meeting, recording=True)
    domain.announcement_post(meeting=meeting, text="Vi starter om to minutter", author=user)
    for socket in sockets:
        # Both changes may be coalesced into one frame: the newest state holds them both.
        state = socket.receive_event("programme.state")
        if state["announcement"] is None:
            state = socket.receive_event("programme.state")
        assert state["recording"] is True
        assert state["announcement"]["text"] == "Vi starter om to minutter"


def test_presence_pings_facilitators_only(meeting, live_socket, facilitator_client):
    client, user = facilitator_client
    meeting.facilitators.add(user)
    facilitator = live_socket(meeting, client)
    participant = live_socket(meeting, joined_client(meeting, name="Først Inne"))
    facilitator.receive_event("programme.state")
    participant.receive_event("programme.state")

    participant_join(meeting=meeting, name="Hilde Bjørkum", organisation="Sunnfjord kommune")
    # A ping, not the counts: only the facilitators' presence panel reads them, and reloads.
    assert facilitator.receive_event("presence.stale") == {}
    participant.assert_silent("presence.stale")


def test_local_site_counts_its_heads_in_the_panel_the_ping_reloads(
    meeting, live_socket, facilitator_client
):
    client, user = facilitator_client
    meeting.facilitators.add(user)
    facilitator = live_socket(meeting, client)
    facilitator.receive_event("programme.state")
    participant_join(
        meeting=meeting,
        name="Møterom 2",
        organisation="Skien kommune",
        is_local_site=True,
        head_count=6,
    )
    assert facilitator.receive_event("presence.stale") == {}

    panel = client.get(reverse("participants:presence", args=[meeting.pk]))
    assert '<dd data-presence="people">6</dd>' in panel.content.decode()


def test_help_pings_facilitators_and_the_asker_only(meeting, live_socket, facilitator_client):
    client, user = facilitator_client
    meeting.facilitators.add(user)
    asker_client = joined_client(meeting, name="Spør Meg")
    other_client = joined_client(meeting, name="Annen Person")
    facilitator = live_socket(meeting, client)
    asker = live_socket(meeting, asker_client)
    other = live_socket(meeting, other_client)
    for socket in (facilitator, asker, other):
        socket.receive_event("programme.state")

    participant = meeting.participants.get(name="Spør Meg")
    request = help_request_create(participant=participant, question="Jeg får ikke lyd")
    assert facilitator.receive_event("help.stale") == {}
    assert asker.receive_event("help.stale") == {}

    help_request_answer(request=request, answer="Sjekk at høyttaleren er på", author=user)
    assert asker.receive_event("help.stale") == {}
    mine = asker_client.get(reverse("helpdesk:mine", args=[meeting.code])).content.decode()
    assert "Sjekk at høyttaleren er på" in mine
    help_request_solve(request=request)
    assert asker.receive_event("help.stale") == {}
    assert facilitator.receive_event("help.stale") == {}
    other.assert_silent("help.stale")


def refusal(asgi_server, code: str):
    """How the server answers a socket to `code` from someone who has not joined."""
    from websockets.exceptions import ConnectionClosed
    from websockets.sync.client import connect

    with (
        connect(
            f"{asgi_server.ws_url}/ws/meetings/{code}/",
            additional_headers={"Origin": asgi_server.url},
        ) as connection,
        pytest.raises(ConnectionClosed) as closed,
    ):
        connection.recv(timeout=3)
    return closed.value.rcvd.code, closed.value.rcvd.reason


def test_socket_without_access_is_refused(meeting, asgi_server):
    assert refusal(asgi_server, meeting.code)[0] == 4403


def test_the_socket_tells_a_code_prober_nothing(meeting, asgi_server):
    """The socket is no way round the unknown-code limit of the pages (common/limits.py): to
    someone who has not joined, a meeting's code and a code that is no meeting's get the
    same answer, so it is not counted as a lookup there."""
    assert refusal(asgi_server, "NOSUCH") == refusal(asgi_server, meeting.code)


def test_burst_of_changes_is_coalesced(meeting, live_socket):
    socket = live_socket(meeting, joined_client(meeting))
    socket.receive_event("programme.state")
    domain.meeting_start(meeting=meeting)
    for _ in range(20):
        domain.item_extend(meeting=meeting, minutes=1)
    meeting.refresh_from_db()
    frames = []
    while True:
        state = socket.receive_event("programme.state")
        frames.append(state)
        if state["version"] == meeting.state_version:
            break
    # 21 changes arrive as a handful of frames, and the last one is the newest state.
    assert len(frames) < 21
    assert frames[-1]["version"] == meeting.state_version
