"""The live threads: each socket's calls in order, and the sockets taking turns."""

import asyncio
import threading
import time

import pytest

from live.threads import LiveThreads
from tests.conftest import run_in_own_loop


@pytest.fixture
def live_threads(settings):
    settings.LIVE_SOCKET_REQUESTS = 8
    threads = LiveThreads()
    yield threads
    if threads.executor is not None:
        threads.executor.shutdown()


def busy(log, name, seconds=0.01):
    log.append(("start", name, threading.current_thread().name))
    time.sleep(seconds)
    log.append(("end", name, threading.current_thread().name))
    return name


def test_a_busy_socket_takes_turns_with_another_on_one_thread(live_threads, settings):
    settings.LIVE_THREADS = 1
    log = []

    async def main():
        flooder, other = live_threads.lane(), live_threads.lane()
        calls = [flooder.call(busy, log, f"flood {n}") for n in range(8)]
        assert flooder.call(busy, log, "one too many") is None
        calls.append(other.call(busy, log, "other"))
        return await asyncio.gather(*calls)

    answers = run_in_own_loop(main())
    assert answers == [*(f"flood {n}" for n in range(8)), "other"]
    started = [name for event, name, _thread in log if event == "start"]
    # After the call already running, before the flooder's next one.
    assert started[:3] == ["flood 0", "other", "flood 1"]


def test_one_sockets_calls_run_one_at_a_time_in_order(live_threads, settings):
    settings.LIVE_THREADS = 2
    log = []

    async def main():
        lane = live_threads.lane()
        return await asyncio.gather(*(lane.call(busy, log, n) for n in range(5)))

    assert run_in_own_loop(main()) == [0, 1, 2, 3, 4]
    assert [(event, name) for event, name, _thread in log] == [
        (event, n) for n in range(5) for event in ("start", "end")
    ]
    assert {thread for _event, _name, thread in log} <= {"samtale-live_0", "samtale-live_1"}


def test_a_full_socket_has_room_again_once_its_calls_are_answered(live_threads, settings):
    settings.LIVE_THREADS = 1
    settings.LIVE_SOCKET_REQUESTS = 2

    async def main():
        lane = live_threads.lane()
        first, second = lane.call(time.sleep, 0.01), lane.call(time.sleep, 0.01)
        refused = lane.call(time.sleep, 0.01)
        await asyncio.gather(first, second)
        again = lane.call(time.sleep, 0)
        await again
        return refused, again

    refused, again = run_in_own_loop(main())
    assert refused is None and again.done()


def test_a_closed_socket_drops_what_waits_and_the_running_call_ends(live_threads, settings):
    settings.LIVE_THREADS = 1
    log = []

    async def main():
        lane = live_threads.lane()
        running = lane.call(busy, log, "running", 0.05)
        waiting = lane.call(busy, log, "waiting")
        await asyncio.sleep(0.01)
        lane.close()
        other = live_threads.lane().call(busy, log, "someone else")
        assert await other == "someone else"
        return running, waiting

    running, waiting = run_in_own_loop(main())
    assert running.result() == "running" and waiting.cancelled()
    assert [name for event, name, _thread in log if event == "start"] == [
        "running",
        "someone else",
    ]
    assert live_threads.queued == 0


def test_a_closed_full_socket_still_makes_its_last_call(live_threads, settings):
    """What must follow a socket's end (its person uncounted) runs after the call that
    runs, whatever waited, and a stopping server waits for it."""
    settings.LIVE_THREADS = 1
    settings.LIVE_SOCKET_REQUESTS = 2
    log = []

    async def main():
        lane = live_threads.lane()
        running = lane.call(busy, log, "running", 0.05)
        waiting = lane.call(busy, log, "waiting")
        assert lane.full
        lane.close(then=(busy, log, "last"))
        lane.close()  # the socket's own close after it: nothing more
        await live_threads.finish_last_calls(timeout=5)
        return await running, waiting.cancelled()

    assert run_in_own_loop(main()) == ("running", True)
    assert [name for event, name, _thread in log if event == "end"] == ["running", "last"]
