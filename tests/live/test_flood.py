"""One socket that floods the server with requests leaves everyone else's live layer fast.

The flooder sends 10,000 requests as fast as its connection takes them. The server runs
a few of them (at most LIVE_SOCKET_REQUESTS = 8 unanswered, and
LIVE_SOCKET_REQUESTS_PER_SECOND = 10 a second) and answers the rest at once with a
`live.reply` of status 429 and {"error": …} in the person's language, while another
person's save and another socket's snapshot are answered as if nobody flooded. The first
tests lift the socket's read pace (LIVE_SOCKET_MESSAGES_PER_SECOND), so that all 10,000
reach those bounds at once instead of waiting in the network; the last one is about the
pace itself.
"""

import asyncio
import contextlib
import json
import threading
import time

import pytest
from websockets.sync.client import connect

from live import requests
from tests.conftest import LiveSocket, cookie_header
from tests.factories import group_session
from tests.live.test_requests import ask, members_and_stranger
from wall.models import Card

FLOOD = 10_000
SLOW_SECONDS = 0.2
# What a flood may leave waiting on the server loop, whatever the number of its requests.
SERVER_TASKS_AT_MOST = 40
TOO_MANY = {"error": "Too many requests at once. Try again in a moment."}


@pytest.fixture
def session(asgi_server):
    return group_session(questions=["Hva er relevant?"])


@pytest.fixture
def unpaced(settings):
    settings.LIVE_SOCKET_MESSAGES_PER_SECOND = 10_000_000


@pytest.fixture
def reading_socket(asgi_server):
    """A live socket whose client buffers every frame, so a flood's replies never back up."""
    opened = contextlib.ExitStack()

    def open_socket(meeting, client) -> LiveSocket:
        connection = connect(
            f"{asgi_server.ws_url}/ws/meetings/{meeting.code}/",
            additional_headers={"Origin": asgi_server.url, "Cookie": cookie_header(client)},
            compression=None,
            open_timeout=5,
            max_queue=None,
        )
        return LiveSocket(opened.enter_context(connection))

    with opened:
        yield open_socket


class Flood:
    """Sends `count` requests from a thread of its own, as fast as the socket takes them."""

    def __init__(self, socket: LiveSocket, request_type: str, data: dict, count: int = FLOOD):
        self.frames = [
            json.dumps({"type": request_type, "id": f"flood-{n}", "data": data})
            for n in range(count)
        ]
        self.socket = socket
        self.underway = threading.Event()
        self.thread = threading.Thread(target=self._send, daemon=True)

    def _send(self):
        for number, frame in enumerate(self.frames):
            self.socket.connection.send(frame)
            if number == 500:
                self.underway.set()
        self.underway.set()

    def start(self):
        self.thread.start()
        assert self.underway.wait(10), "the flood did not get going"
        return self

    def replies(self, timeout: float) -> dict[str, dict]:
        """Every request's reply, by id; fails if they do not all come within `timeout`."""
        self.thread.join(timeout)
        replies: dict[str, dict] = {}
        deadline = time.monotonic() + timeout
        while len(replies) < len(self.frames):
            left = deadline - time.monotonic()
            assert left > 0, f"{len(replies)} of {len(self.frames)} replies in {timeout} s"
            reply = self.socket.receive_event("live.reply", timeout=left)
            assert reply["id"] not in replies, "a request was answered twice"
            replies[reply["id"]] = reply
        return replies


def server_work(runtime) -> tuple[int, int]:
    """Tasks on the server's event loop and calls waiting for a live thread, read on the loop."""

    async def count():
        return len(asyncio.all_tasks()), runtime.threads.queued

    return asyncio.run_coroutine_threadsafe(count(), runtime.loop).result(timeout=10)


@pytest.fixture
def slow_requests(monkeypatch):
    """A request type that takes SLOW_SECONDS on the server; `finished` counts them."""
    finished = []

    def slow(access, data):
        time.sleep(SLOW_SECONDS)
        finished.append(time.monotonic())
        return 200, {}

    monkeypatch.setitem(requests.handlers, "slow", slow)
    return finished


def test_a_flooding_socket_is_refused_beyond_its_bound_and_stays_open(
    session, reading_socket, unpaced, settings, asgi_server
):
    group, members, _stranger = members_and_stranger(session)
    card = Card.objects.get(group=group)
    flooder = members[0]
    flooder.cookies["django_language"] = "en"
    socket = reading_socket(session.meeting, flooder)
    socket.receive_event("programme.state")
    tasks_before, _queued = server_work(asgi_server.runtime)

    save = {"card": card.pk, "base_version": 0, "heading": "Flom", "body": "Igjen og igjen"}
    flood = Flood(socket, "card.save", save).start()
    most_tasks = most_queued = 0
    while flood.thread.is_alive():
        tasks, queued = server_work(asgi_server.runtime)
        most_tasks, most_queued = max(most_tasks, tasks), max(most_queued, queued)
        time.sleep(0.02)
    # The server held a few requests at a time, not a task for each of them.
    assert most_tasks - tasks_before <= SERVER_TASKS_AT_MOST
    assert most_queued < settings.LIVE_SOCKET_REQUESTS  # one more may be running
    replies = flood.replies(timeout=20)
    refused = [reply for reply in replies.values() if reply["status"] == 429]
    assert len(refused) > FLOOD // 2
    assert all(reply["body"] == TOO_MANY for reply in refused)  # in the person's language
    answered = [reply["status"] for reply in replies.values() if reply["status"] != 429]
    assert sorted(set(answered)) == [200, 409]
    assert answered.count(200) == 1  # the first save; the rest were on an old version
    card.refresh_from_db()
    assert card.version == 1
    # The socket is still open and answering, and asks again within a second.
    socket.connection.send('{"type": "ping"}')
    assert socket.receive_event("live.pong") is None
    time.sleep(1.0)
    assert ask(socket, "card.save", {**save, "base_version": 1}, request_id="after")[0] == 200


def test_a_flooding_socket_leaves_another_persons_save_fast(
    session, reading_socket, live_socket, slow_requests, unpaced, settings
):
    group, members, stranger = members_and_stranger(session)
    flooder = reading_socket(session.meeting, stranger)
    writer = live_socket(session.meeting, members[0])
    for socket in (flooder, writer):
        socket.receive_event("programme.state")
    card = Card.objects.get(group=group)

    flood = Flood(flooder, "slow", {}).start()
    started = time.monotonic()
    status, body = ask(
        writer, "card.save", {"card": card.pk, "base_version": 0, "body": "Vårt svar"}
    )
    took = time.monotonic() - started
    done_by_then = len(slow_requests)

    assert status == 200 and body["version"] == 1
    assert took < 1.0  # without the flood: a few milliseconds
    replies = flood.replies(timeout=20)
    accepted = [reply for reply in replies.values() if reply["status"] == 200]
    refused = [reply for reply in replies.values() if reply["status"] == 429]
    assert len(accepted) + len(refused) == FLOOD
    # The flooder had its LIVE_SOCKET_REQUESTS waiting (and more refused) while the save
    # was answered before most of them had run: it took its turn, it did not queue.
    assert refused
    assert done_by_then < settings.LIVE_SOCKET_REQUESTS


def test_a_new_socket_gets_its_snapshot_promptly_during_a_flood(
    session, reading_socket, live_socket, slow_requests, unpaced
):
    _group, members, stranger = members_and_stranger(session)
    flooder = reading_socket(session.meeting, stranger)
    flooder.receive_event("programme.state")

    flood = Flood(flooder, "slow", {}).start()
    started = time.monotonic()
    newcomer = live_socket(session.meeting, members[0])
    state = newcomer.receive_event("programme.state")
    took = time.monotonic() - started

    assert [item["id"] for item in state["items"]] == [session.pk]
    assert took < 1.0
    assert len(flood.replies(timeout=20)) == FLOOD


def test_a_socket_asking_faster_than_its_allowance_is_refused_the_excess(
    session, live_socket, settings, monkeypatch
):
    settings.LIVE_SOCKET_REQUESTS_PER_SECOND = 10
    monkeypatch.setitem(requests.handlers, "quick", lambda access, data: (200, {}))
    _group, members, _stranger = members_and_stranger(session)
    socket = live_socket(session.meeting, members[0])
    socket.receive_event("programme.state")

    # One at a time, each after the answer to the one before: the lane is never full.
    started = time.monotonic()
    statuses = [ask(socket, "quick", {}, request_id=n)[0] for n in range(40)]
    took = time.monotonic() - started
    answered = statuses.count(200)
    assert set(statuses) == {200, 429}
    assert 10 <= answered <= 10 + 10 * took + 1  # a second's worth at once, then 10 a second
    assert statuses[:10] == [200] * 10


def test_a_socket_sending_faster_than_its_pace_is_read_at_its_pace(
    session, reading_socket, live_socket, settings
):
    settings.LIVE_SOCKET_MESSAGES_PER_SECOND = PACE = 200
    _group, members, stranger = members_and_stranger(session)
    sender = reading_socket(session.meeting, stranger)
    other = live_socket(session.meeting, members[0])
    for socket in (sender, other):
        socket.receive_event("programme.state")

    pings = 1_000
    started = time.monotonic()
    for _ in range(pings):
        sender.connection.send('{"type": "ping"}')
    time.sleep(max(0.0, started + 1.0 - time.monotonic()))
    # Another socket is read at once meanwhile.
    other.connection.send('{"type": "ping"}')
    assert other.receive_event("live.pong", timeout=1.0) is None
    early = 0
    with contextlib.suppress(TimeoutError):
        while True:  # what has come so far
            sender.receive(timeout=0)
            early += 1
    read_by_then = time.monotonic() - started

    # A second's worth at once, then PACE a second; the rest waited in the network.
    assert early <= PACE + PACE * read_by_then + 1
    assert early < pings
    # Read in the end, in order, and answered: the socket stayed open.
    for _ in range(pings - early):
        assert sender.receive_event("live.pong", timeout=10) is None
