"""The hub on its own: fan-out by audience, coalescing, and bounded queues."""

import asyncio
import concurrent.futures
import json

import pytest

from live.hub import RESYNC_FRAME, Connection, Hub


def message(meeting_id, audience="all", key=None, body="x"):
    return {"meeting": meeting_id, "audience": audience, "key": key, "frame": json.dumps(body)}


def run(coroutine):
    # A thread of its own: a browser test may have left an event loop in this one.
    with concurrent.futures.ThreadPoolExecutor(1) as pool:
        return pool.submit(asyncio.run, coroutine).result()


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


def test_hub_sends_resync_instead_of_growing_queue():
    async def scenario():
        blocked = asyncio.Event()

        async def stuck_send(frame):
            await blocked.wait()

        connection = Connection(1, frozenset({"all"}), stuck_send, queue_size=4)
        connection.start()
        await asyncio.sleep(0)
        for number in range(50):
            connection.offer(str(number))
        waiting = [connection.queue.get_nowait() for _ in range(connection.queue.qsize())]
        connection.stop()
        return waiting, connection.resyncs

    waiting, resyncs = run(scenario())
    assert len(waiting) <= 4
    assert RESYNC_FRAME in waiting
    assert resyncs >= 1


def test_hub_forgets_sockets_that_close(fast_tick):
    async def scenario():
        hub = Hub()
        connection = Connection(7, frozenset({"all"}), Recorder().send)
        hub.attach(connection)
        assert hub.connection_count(7) == 1
        hub.detach(connection)
        return hub.connection_count(7), hub.connection_count()

    assert run(scenario()) == (0, 0)
