"""live/runtime.py: a runtime's hub, bridge and threads are its own; the one the application
serves is where the process's published events go; what runs where."""

import asyncio
import json
import threading

import pytest
from websockets.sync.client import connect

from live import requests
from live import runtime as live_runtime
from live.hub import Connection
from live.relay import relay_send
from live.runtime import LiveRuntime
from tests.conftest import LiveServer, LiveSocket, cookie_header, joined_client
from tests.factories import MeetingFactory, group_session
from tests.live.test_requests import ask


def message(body: str, meeting: int = 1) -> dict:
    return {"meeting": meeting, "audience": "all", "key": None, "frame": json.dumps(body)}


class Served:
    """A runtime on an event loop of its own, in a thread of its own, as a server has it,
    with one socket of meeting 1 that records what it is written."""

    def __init__(self):
        self.frames: list[str] = []
        self.loop = asyncio.new_event_loop()
        self.thread = threading.Thread(target=self.loop.run_forever, daemon=True)
        self.thread.start()
        self.runtime: LiveRuntime = self.call(self._start)

    def call(self, coroutine_function):
        return asyncio.run_coroutine_threadsafe(coroutine_function(), self.loop).result(10)

    async def _start(self) -> LiveRuntime:
        runtime = LiveRuntime()

        async def record(frame):
            self.frames.append(frame)

        runtime.hub.attach(Connection(1, frozenset({"all"}), record))
        await runtime.ready()
        return runtime

    def heard(self, wait: float = 1.0) -> list[str]:
        """What the socket was written within `wait` seconds (a tick or more)."""
        threading.Event().wait(wait)
        return [json.loads(frame) for frame in self.frames]

    def close(self):
        self.call(self.runtime.close)
        self.loop.call_soon_threadsafe(self.loop.stop)
        self.thread.join(10)
        self.loop.close()


@pytest.fixture
def two_runtimes(settings, tmp_path):
    """Two runtimes side by side in this process, each listening on a relay socket of its own."""
    settings.REDIS_URL = None
    settings.LIVE_TICK_SECONDS = 0.01
    served = []
    for name in ("first", "second"):
        settings.LIVE_RELAY_SOCKET = str(tmp_path / f"{name}.sock")
        served.append(Served())
    yield served
    for each in served:
        live_runtime.stop_serving(each.runtime)
        each.close()


def test_two_runtimes_side_by_side_each_keep_their_own_sockets(two_runtimes, settings, tmp_path):
    first, second = two_runtimes
    assert first.runtime.hub is not second.runtime.hub
    assert first.runtime.threads is not second.runtime.threads

    first.runtime.bridge.send(message("to the first"))  # from this thread, as a view sends
    settings.LIVE_RELAY_SOCKET = str(tmp_path / "second.sock")
    assert relay_send(message("relayed to the second"))

    assert first.heard() == ["to the first"]
    assert second.heard() == ["relayed to the second"]


def test_published_events_go_to_the_runtime_this_process_serves(two_runtimes, settings, tmp_path):
    first, second = two_runtimes
    live_runtime.serve(second.runtime)
    assert live_runtime.this_process() is second.runtime
    live_runtime.send(message("served"))
    assert (first.heard(), second.heard(0)) == ([], ["served"])

    # Served by none: sent as from a process without pages, to the relay socket.
    live_runtime.stop_serving(second.runtime)
    assert live_runtime.this_process() is None
    settings.LIVE_RELAY_SOCKET = str(tmp_path / "first.sock")
    live_runtime.send(message("relayed"))
    assert (first.heard(), second.heard(0)) == (["relayed"], ["served"])


@pytest.mark.services
def test_two_runtimes_on_one_redis_channel_hear_each_other(settings):
    """As two processes of one deployment do; each also hears its own event once."""
    import redis

    url = settings.REDIS_URL or "redis://127.0.0.1:6379/0"
    try:
        redis.Redis.from_url(url, socket_connect_timeout=2).ping()
    except redis.RedisError:
        pytest.skip(f"no Redis at {url}")
    settings.REDIS_URL, settings.LIVE_TICK_SECONDS = url, 0.01
    settings.LIVE_REDIS_CHANNEL = "samtale:live:test-two-runtimes"
    first, second = Served(), Served()
    try:
        first.runtime.bridge.send(message("from the first"))
        assert first.heard() == second.heard(0) == ["from the first"]
    finally:
        first.close()
        second.close()


def test_the_server_serves_a_new_runtime_after_each_start(asgi_server, live_socket):
    meeting = MeetingFactory()
    client = joined_client(meeting)
    live_socket(meeting, client).receive_event("programme.state")
    served = asgi_server.runtime
    assert live_runtime.this_process() is served
    assert served.hub.connection_count() == 1

    asgi_server.restart()  # as a process restarted: the old runtime is closed, a new one serves
    assert asgi_server.runtime is not served
    assert live_runtime.this_process() is asgi_server.runtime
    assert served.hub.connection_count() == 0
    live_socket(meeting, client).receive_event("programme.state")
    assert asgi_server.runtime.hub.connection_count() == 1

    asgi_server.stop()
    assert live_runtime.this_process() is None


def test_without_the_lifespan_the_first_socket_starts_the_runtime(transactional_db):
    """`uvicorn samtale.asgi:application --lifespan off` still serves sockets and events."""
    import uvicorn

    from samtale.asgi import Application

    application = Application()
    server = LiveServer()
    config = uvicorn.Config(application, host="127.0.0.1", port=server.port, lifespan="off")
    server.server = uvicorn.Server(config)
    server.thread = threading.Thread(target=server.server.run, daemon=True)
    server.thread.start()
    try:
        for _ in range(500):
            if server.server.started:
                break
            threading.Event().wait(0.02)
        assert application.runtime is None
        meeting = MeetingFactory()
        client = joined_client(meeting)
        with connect(
            f"{server.ws_url}/ws/meetings/{meeting.code}/",
            additional_headers={"Origin": server.url, "Cookie": cookie_header(client)},
            open_timeout=5,
        ) as connection:
            socket = LiveSocket(connection)
            socket.receive_event("programme.state")
            assert live_runtime.this_process() is application.runtime is not None
            frame = json.dumps({"type": "test.event", "data": "hei"})
            event = {"meeting": meeting.pk, "audience": "all", "key": None, "frame": frame}
            live_runtime.send(event)
            assert socket.receive_event("test.event") == "hei"
    finally:
        live_runtime.stop_serving(application.runtime)
        server.stop()


def test_a_socket_request_runs_on_a_live_thread(asgi_server, live_socket, monkeypatch):
    session = group_session()
    client = joined_client(session.meeting)
    monkeypatch.setitem(
        requests.handlers, "where", lambda access, data: (200, {"thread": thread_name()})
    )
    socket = live_socket(session.meeting, client)
    socket.receive_event("programme.state")
    status, body = ask(socket, "where", {})
    # Not the event loop's thread, nor a view thread (samtale-views-…, tests/test_handlers.py).
    assert status == 200 and body["thread"].startswith("samtale-live")


def thread_name() -> str:
    return threading.current_thread().name
