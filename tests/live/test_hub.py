"""The hub on its own: fan-out by audience, coalescing, one writer per socket, bounded backlogs."""

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


def test_a_socket_writes_what_it_is_offered_in_order_through_its_one_writer():
    async def scenario():
        recorder = Recorder()
        connection = Connection(1, frozenset({"all"}), recorder.send, backlog_size=1000)
        tasks = len(asyncio.all_tasks())
        for number in range(100):
            connection.offer(str(number))
        # Offering never waits for the socket and starts no task of its own.
        offered_tasks, written_by_then = len(asyncio.all_tasks()), list(recorder.frames)
        await asyncio.sleep(0)  # the writer's turn: all of it in one go
        written = list(recorder.frames)
        connection.offer("later")
        await asyncio.sleep(0)
        return tasks, offered_tasks, written_by_then, written, recorder.frames, connection

    tasks, offered_tasks, written_by_then, written, frames, connection = run(scenario())
    assert offered_tasks == tasks
    assert written_by_then == []
    assert written == [str(number) for number in range(100)]
    assert frames[-1] == "later" and len(frames) == 101
    assert not connection.backlog


async def until(condition) -> None:
    """Give the loop turns until `condition()` holds (a hundred at most)."""
    for _ in range(100):
        if condition():
            return
        await asyncio.sleep(0)
    raise AssertionError("the condition never held")


def test_a_socket_that_must_wait_keeps_its_order_and_catches_up():
    async def scenario():
        drained = asyncio.Event()
        written = []

        async def slow_send(frame):
            if frame == "2":  # the socket's buffer is full at the second frame
                await drained.wait()
            written.append(frame)

        connection = Connection(1, frozenset({"all"}), slow_send, backlog_size=10)
        connection.offer("1")
        connection.offer("2")
        await asyncio.sleep(0)  # "1" written; the writer waits on "2"
        for number in range(3, 6):
            connection.offer(str(number))
        waiting = list(connection.backlog)
        before = list(written)
        drained.set()
        await until(lambda: len(written) == 5)
        connection.offer("6")  # the writer slept, and is woken for it
        await until(lambda: len(written) == 6)
        return before, waiting, written, connection.backlog

    before, waiting, written, backlog = run(scenario())
    assert before == ["1"]
    assert waiting == ["3", "4", "5"]
    assert written == ["1", "2", "3", "4", "5", "6"]
    assert not backlog


def test_hub_sends_resync_instead_of_growing_backlog():
    async def scenario():
        blocked = asyncio.Event()

        async def stuck_send(frame):
            await blocked.wait()

        connection = Connection(1, frozenset({"all"}), stuck_send, backlog_size=4)
        connection.offer("first")
        await asyncio.sleep(0)  # the writer is stuck on it
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
        await asyncio.sleep(0)
        connection.offer("c")
        await asyncio.sleep(0)
        return calls, connection.closed, connection.writer.done()

    assert run(scenario()) == (["a"], True, True)


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


def test_a_socket_hears_the_cards_it_views_until_it_views_others(fast_tick):
    async def scenario():
        hub = Hub()
        viewer, other = Recorder(), Recorder()
        connection = Connection(1, frozenset({"all", "participant:4"}), viewer.send)
        hub.attach(connection)
        hub.attach(Connection(1, frozenset({"all"}), other.send))
        heard = []

        async def tick(*audiences):
            for audience in audiences:
                hub.dispatch(message(1, audience=audience, body=audience))
            await asyncio.sleep(0.05)
            heard.append(list(viewer.frames))
            viewer.frames.clear()

        hub.view(connection, frozenset({"viewers:7", "viewers:8"}))
        await tick("viewers:7", "viewers:9")
        # Viewing a new set leaves the old; what its session grants, it keeps whatever it views.
        hub.view(connection, frozenset({"viewers:9", "participant:4"}))
        await tick("viewers:7", "viewers:9", "participant:4")
        hub.view(connection, frozenset())
        await tick("viewers:9", "participant:4")
        hub.detach(connection)
        return heard, other.frames, hub.meetings

    heard, other, meetings = run(scenario())
    assert heard == [['"viewers:7"'], ['"viewers:9"', '"participant:4"'], ['"participant:4"']]
    assert other == []
    assert set(meetings[1]) == {"all"}  # nothing of the closed socket is left behind
