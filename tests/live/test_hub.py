"""The hub on its own: fan-out by audience, coalescing, writes in the tick, bounded backlogs."""

import asyncio
import json

import pytest

from live.hub import RESYNC_FRAME, Connection, Hub
from tests.conftest import run_in_own_loop as run


def message(meeting_id, audience="all", key=None, body="x"):
    return {"meeting": meeting_id, "audience": audience, "key": key, "frame": json.dumps(body)}


class Recorder:
    def __init__(self):
        self.frames = []

    async def send(self, frame):
        self.frames.append(frame)


@pytest.fixture
def fast_tick(settings):
    settings.LIVE_TICK_SECONDS = 0.01


def test_hub_delivers_by_meeting_and_audience(fast_tick):
    async def scenario():
        hub = Hub()
        everyone, facilitator, elsewhere = Recorder(), Recorder(), Recorder()
        hub.attach(Connection(1, frozenset({"all"}), everyone.send))
        hub.attach(Connection(1, frozenset({"all", "facilitators"}), facilitator.send))
        hub.attach(Connection(2, frozenset({"all"}), elsewhere.send))
        hub.dispatch(message(1, body="to all"))
        hub.dispatch(message(1, audience="facilitators", body="to facilitators"))
        await asyncio.sleep(0.05)
        return everyone.frames, facilitator.frames, elsewhere.frames

    everyone, facilitator, elsewhere = run(scenario())
    assert everyone == ['"to all"']
    assert facilitator == ['"to all"', '"to facilitators"']
    assert elsewhere == []


def test_hub_keeps_only_newest_frame_per_key_within_a_tick(fast_tick):
    async def scenario():
        hub = Hub()
        recorder = Recorder()
        hub.attach(Connection(1, frozenset({"all"}), recorder.send))
        for version in range(10):
            hub.dispatch(message(1, key="programme.state", body=version))
        hub.dispatch(message(1, body="other"))
        await asyncio.sleep(0.05)
        return recorder.frames

    (frame,) = run(scenario())
    assert json.loads(frame) == {"type": "live.batch", "data": [9, "other"]}


def test_hub_sends_one_frame_per_audience_per_tick(fast_tick):
    async def scenario():
        hub = Hub()
        participant, facilitator = Recorder(), Recorder()
        hub.attach(Connection(1, frozenset({"all", "participant:5"}), participant.send))
        hub.attach(Connection(1, frozenset({"all", "facilitators"}), facilitator.send))
        for number in range(3):
            hub.dispatch(message(1, key=f"card:{number}", body=number))
        hub.dispatch(message(1, audience="facilitators", body="moderated"))
        hub.dispatch(message(1, audience=["participant:5"], body="yours"))
        await asyncio.sleep(0.05)
        return participant.frames, facilitator.frames

    participant, facilitator = run(scenario())
    assert [json.loads(frame) for frame in participant] == [
        {"type": "live.batch", "data": [0, 1, 2]},
        "yours",
    ]
    assert [json.loads(frame) for frame in facilitator] == [
        {"type": "live.batch", "data": [0, 1, 2]},
        "moderated",
    ]
    # The batch for everyone is one shared string, not a copy per socket.
    assert participant[0] is facilitator[0]


def test_frames_are_written_in_the_tick_without_a_task_when_the_socket_takes_them():
    async def scenario():
        recorder = Recorder()
        connection = Connection(1, frozenset({"all"}), recorder.send)
        connection.offer("first")
        connection.offer("second")
        # Written before this coroutine ever gave way: no task, no queue in between.
        return list(recorder.frames), connection.writer, connection.backlog

    frames, writer, backlog = run(scenario())
    assert frames == ["first", "second"]
    assert writer is None and backlog is None


def test_a_socket_that_must_wait_keeps_its_order_and_catches_up():
    async def scenario():
        drained = asyncio.Event()
        written = []

        async def slow_send(frame):
            if frame == "2":  # the socket's buffer is full at the second frame
                await drained.wait()
            written.append(frame)

        connection = Connection(1, frozenset({"all"}), slow_send, backlog_size=10)
        for number in range(1, 6):
            connection.offer(str(number))
        waiting = list(connection.backlog)
        before = list(written)
        drained.set()
        await asyncio.wait_for(connection.writer, 1)
        connection.offer("6")  # back to writing at once
        return before, waiting, written, connection.backlog

    before, waiting, written, backlog = run(scenario())
    assert before == ["1"]
    assert waiting == ["3", "4", "5"]
    assert written == ["1", "2", "3", "4", "5", "6"]
    assert backlog is None


def test_hub_sends_resync_instead_of_growing_backlog():
    async def scenario():
        blocked = asyncio.Event()

        async def stuck_send(frame):
            await blocked.wait()

        connection = Connection(1, frozenset({"all"}), stuck_send, backlog_size=4)
        for number in range(50):
            connection.offer(str(number))
        waiting = list(connection.backlog)
        connection.stop()
        await asyncio.sleep(0)
        return waiting, connection.resyncs, connection.writer.cancelled()

    waiting, resyncs, cancelled = run(scenario())
    assert len(waiting) <= 4
    assert RESYNC_FRAME in waiting
    assert resyncs >= 1
    assert cancelled


def test_a_socket_that_fails_is_written_to_no_more():
    async def scenario():
        calls = []

        async def broken_send(frame):
            calls.append(frame)
            raise ConnectionResetError

        connection = Connection(1, frozenset({"all"}), broken_send)
        connection.offer("a")
        connection.offer("b")
        return calls, connection.closed

    assert run(scenario()) == (["a"], True)


def test_a_socket_in_two_audiences_hears_a_frame_for_both_once(fast_tick):
    async def scenario():
        hub = Hub()
        both = Recorder()
        hub.attach(Connection(1, frozenset({"all", "facilitators", "participant:3"}), both.send))
        hub.dispatch(message(1, audience=["facilitators", "participant:3"], body="once"))
        await asyncio.sleep(0.05)
        return both.frames

    assert run(scenario()) == ['"once"']


def test_hub_forgets_sockets_that_close(fast_tick):
    async def scenario():
        hub = Hub()
        connection = Connection(7, frozenset({"all"}), Recorder().send)
        hub.attach(connection)
        assert hub.connection_count(7) == 1
        hub.detach(connection)
        return hub.connection_count(7), hub.connection_count()

    assert run(scenario()) == (0, 0)


def test_the_tick_grows_with_the_open_sockets_to_keep_frames_within_budget(settings):
    settings.LIVE_TICK_SECONDS = 0.05
    settings.LIVE_TICK_MAX_SECONDS = 0.5
    settings.LIVE_FRAMES_PER_SECOND = 1000

    async def scenario():
        hub = Hub()
        ticks = [hub.tick()]
        connections = [Connection(1, frozenset({"all"}), Recorder().send) for _ in range(200)]
        for connection in connections[:20]:
            hub.attach(connection)
        ticks.append(hub.tick())
        for connection in connections[20:]:
            hub.attach(connection)
        ticks.append(hub.tick())
        for connection in connections[:150]:
            hub.detach(connection)
        ticks.append(hub.tick())
        for connection in connections[150:]:
            hub.detach(connection)
        hub.detach(connections[0])  # twice: no harm
        ticks.append(hub.tick())
        return ticks, hub.connection_count()

    ticks, left = run(scenario())
    # 20 sockets fit the budget at the shortest tick; 200 would need 0.2 s; 50 need 0.05 s.
    assert ticks == [0.05, 0.05, 0.2, 0.05, 0.05]
    assert left == 0
