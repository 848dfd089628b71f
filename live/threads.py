"""Where the live sockets' database work runs: a few threads that the sockets take turns on.

Each socket has a lane: its access check, its snapshot and the requests its page sends
(live/requests.py), run one at a time and in the order they came, at most
LIVE_SOCKET_REQUESTS of them unanswered; the socket refuses more at once. The lanes with
work wait in a ring, and a free thread takes the next call of the next lane, so a socket
that sends thousands of requests gets one thread's turn like any other socket, and a new
socket's access check waits behind one call of each busy socket, not behind a flood.

These are LIVE_THREADS threads of their own, not Django's view threads (samtale/handlers.py):
a view thread takes every request handed to it in arrival order, while here the turns are
given out on the event loop one call at a time, and a burst of page loads or joins over
HTTP does not hold up the saves of people typing, nor the other way round.
"""

import asyncio
import collections
import contextvars
import functools
import logging
from concurrent.futures import ThreadPoolExecutor

from django.conf import settings
from django.db import close_old_connections

logger = logging.getLogger("samtale.live")


def _with_connections(function, args):
    # As around a view: a connection past its age or broken is replaced first, and after.
    close_old_connections()
    try:
        return function(*args)
    finally:
        close_old_connections()


class Lane:
    """One socket's calls, in order; `call` returns None when the lane is full."""

    def __init__(self, threads: "LiveThreads", limit: int):
        self.threads = threads
        self.limit = limit
        self.waiting: collections.deque[tuple] = collections.deque()
        self.running = False
        self.in_turns = False  # waiting in the ring for a thread
        self.closed = False

    @property
    def full(self) -> bool:
        return self.closed or len(self.waiting) + self.running >= self.limit

    def call(self, function, *args) -> asyncio.Future | None:
        """Run `function(*args)` on a live thread in this lane's turn; None if it is full."""
        if self.full:
            return None
        future = asyncio.get_running_loop().create_future()
        self.threads.submit(self, (function, args, future))
        return future

    def close(self, then: tuple | None = None) -> None:
        """The socket has gone: what still waits is dropped (a running call finishes).

        `then`, (function, *args), is called last all the same, past the lane's limit: what
        must follow a socket's end (live/snapshot.py's socket watches). A second close does
        nothing."""
        if self.closed:
            return
        self.closed = True
        self.threads.queued -= len(self.waiting)
        while self.waiting:
            self.waiting.popleft()[2].cancel()
        if then is not None and not self.threads.stopped:
            function, *args = then
            future = asyncio.get_running_loop().create_future()
            self.threads.last_calls.add(future)
            future.add_done_callback(self.threads.last_call_done)
            self.threads.submit(self, (function, tuple(args), future))


class LiveThreads:
    """LIVE_THREADS threads, handed out one call at a time to the lanes in turn.

    One per runtime (live/runtime.py). Runs on its event loop alone, so its state needs
    no lock.
    """

    def __init__(self) -> None:
        self.executor: ThreadPoolExecutor | None = None
        self.size = 0
        self.turns: collections.deque[Lane] = collections.deque()  # lanes with a call waiting
        self.busy = 0  # threads running a call
        self.queued = 0  # calls waiting for a thread, over all lanes
        self.last_calls: set[asyncio.Future] = set()  # of closed lanes (Lane.close), unfinished
        self.stopped = False

    def lane(self) -> Lane:
        # At least one: a socket's access check and snapshot go through its lane too.
        return Lane(self, max(1, settings.LIVE_SOCKET_REQUESTS))

    def submit(self, lane: Lane, call: tuple) -> None:
        if self.executor is None:
            self.size = settings.LIVE_THREADS
            self.executor = ThreadPoolExecutor(self.size, "samtale-live")
        lane.waiting.append(call)
        self.queued += 1
        if not lane.running and not lane.in_turns:
            lane.in_turns = True
            self.turns.append(lane)
        self._start()

    def _start(self) -> None:
        while self.busy < self.size and self.turns:
            lane = self.turns.popleft()
            lane.in_turns = False
            if not lane.waiting:  # closed meanwhile
                continue
            function, args, future = lane.waiting.popleft()
            self.queued -= 1
            lane.running = True
            self.busy += 1
            # A fresh copy of the context for each call, as sync_to_async gives: a
            # language switched on in one request does not carry over to the next.
            context = contextvars.copy_context()
            running = asyncio.get_running_loop().run_in_executor(
                self.executor, context.run, _with_connections, function, args
            )
            running.add_done_callback(functools.partial(self._done, lane, future))

    def _done(self, lane: Lane, future: asyncio.Future, done: asyncio.Future) -> None:
        self.busy -= 1
        lane.running = False
        if not future.done():
            if done.cancelled():
                future.cancel()
            elif done.exception() is not None:
                future.set_exception(done.exception())
            else:
                future.set_result(done.result())
        if lane.waiting:  # a closed lane's waiting calls were dropped, but for its last
            lane.in_turns = True
            self.turns.append(lane)  # its next call waits for the lanes already in line
        self._start()

    def last_call_done(self, future: asyncio.Future) -> None:
        self.last_calls.discard(future)
        if not future.cancelled() and future.exception() is not None:
            logger.warning("a closed socket's last call failed", exc_info=future.exception())

    async def finish_last_calls(self, timeout: float) -> None:
        """Wait (at most `timeout` seconds) for the closed sockets' last calls: a server that
        stops lets the sockets it has just closed be uncounted."""
        if self.last_calls:
            await asyncio.wait(set(self.last_calls), timeout=timeout)

    def shutdown(self) -> None:
        """The server stops: what waits is dropped, the running calls finish on their own."""
        self.stopped = True
        if self.executor is not None:
            self.executor.shutdown(wait=False, cancel_futures=True)
