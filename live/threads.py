"""Where the live sockets' database work runs: a few threads that the sockets take turns on.

Each socket has a lane: its access check, its snapshot and the requests its page sends
(live/requests.py), run one at a time and in the order they came, at most
LIVE_SOCKET_REQUESTS of them unanswered; the socket refuses more at once. The lanes with
work wait in a ring, and a free thread takes the next call of the next lane, so a socket
that sends thousands of requests gets one thread's turn like any other socket, and a new
socket's access check waits behind one call of each busy socket, not behind a flood.

A thread that has finished a call takes the next turn itself: the event loop only adds
calls and hears their answers. When the turns were handed out on the loop, a thread sat
idle from the end of each call until the loop came round to its callback; in the move of
1,000 people to their group pages (`python -m bench meeting`, one process) the loop was
slow to come round, the live threads ran calls a fifth of the time and a socket's access
check waited up to 10 s for its turn (docs/capacity.md).

These are LIVE_THREADS threads of their own, not Django's view threads (samtale/handlers.py):
a view thread takes every request handed to it in arrival order, while here the turns are
given out one call at a time, and a burst of page loads or joins over HTTP does not hold
up the saves of people typing, nor the other way round.
"""

import asyncio
import collections
import contextvars
import logging
import threading

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


def _settle(future: asyncio.Future, result, error: BaseException | None) -> None:
    """On the loop: the answer of a call a thread has run."""
    if future.done():  # cancelled meanwhile: the socket went away
        return
    if error is not None:
        future.set_exception(error)
    else:
        future.set_result(result)


class Lane:
    """One socket's calls, in order; `call` returns None when the lane is full.

    Used on the event loop; what the threads share with it is changed under the threads'
    lock."""

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
        with self.threads.lock:
            dropped = list(self.waiting)
            self.waiting.clear()
            self.threads.queued -= len(dropped)
        for _function, _args, future, _context in dropped:
            future.cancel()
        if then is not None and not self.threads.stopped:
            function, *args = then
            future = asyncio.get_running_loop().create_future()
            self.threads.last_calls.add(future)
            future.add_done_callback(self.threads.last_call_done)
            self.threads.submit(self, (function, tuple(args), future))


class LiveThreads:
    """LIVE_THREADS threads, which take the lanes' calls one at a time, in turn.

    One per runtime (live/runtime.py). Calls are added on its event loop; the ring of
    lanes with work is shared with the threads under `lock`, and each answer goes back to
    the loop.
    """

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.work = threading.Condition(self.lock)
        self.threads: list[threading.Thread] = []
        self.loop: asyncio.AbstractEventLoop | None = None
        self.turns: collections.deque[Lane] = collections.deque()  # lanes with a call waiting
        # Calls handed to a free thread as they came (Lane.running already), not yet taken.
        self.handed: collections.deque[tuple[Lane, tuple]] = collections.deque()
        self.idle = 0  # threads waiting for work
        self.busy = 0  # threads running a call
        self.queued = 0  # calls waiting for a thread, over all lanes
        self.last_calls: set[asyncio.Future] = set()  # of closed lanes (Lane.close), unfinished
        self.stopped = False

    def lane(self) -> Lane:
        # At least one: a socket's access check and snapshot go through its lane too.
        return Lane(self, max(1, settings.LIVE_SOCKET_REQUESTS))

    def submit(self, lane: Lane, call: tuple) -> None:
        if not self.threads:
            self.loop = asyncio.get_running_loop()
            for number in range(max(1, settings.LIVE_THREADS)):
                thread = threading.Thread(
                    target=self._serve, name=f"samtale-live_{number}", daemon=True
                )
                self.threads.append(thread)
                thread.start()
        # A fresh copy of the context for each call, as sync_to_async gives: a language
        # switched on in one request does not carry over to the next.
        function, args, future = call
        call = (function, args, future, contextvars.copy_context())
        with self.lock:
            if not lane.running and not lane.in_turns and len(self.handed) < self.idle:
                # A thread is free and no lane is in line: the call runs from now on, as
                # the thread takes it.
                lane.running = True
                self.busy += 1
                self.handed.append((lane, call))
                self.work.notify()
                return
            lane.waiting.append(call)
            self.queued += 1
            if not lane.running and not lane.in_turns:
                lane.in_turns = True
                self.turns.append(lane)
                self.work.notify()

    def _next(self) -> tuple[Lane, tuple] | None:
        """The next lane's next call (under the lock), waiting for one; None once stopped."""
        while True:
            if self.stopped:
                return None
            if self.handed:
                return self.handed.popleft()
            while self.turns:
                lane = self.turns.popleft()
                lane.in_turns = False
                if lane.waiting:  # else closed meanwhile
                    self.queued -= 1
                    lane.running = True
                    self.busy += 1
                    return lane, lane.waiting.popleft()
            self.idle += 1
            self.work.wait()
            self.idle -= 1

    def _serve(self) -> None:
        while True:
            with self.lock:
                taken = self._next()
            if taken is None:
                return
            lane, (function, args, future, context) = taken
            result, error = None, None
            try:
                result = context.run(_with_connections, function, args)
            except BaseException as raised:  # handed to the caller, as an executor does
                error = raised
            with self.lock:
                self.busy -= 1
                lane.running = False
                if lane.waiting:  # a closed lane's waiting calls were dropped, but its last
                    lane.in_turns = True
                    self.turns.append(lane)  # its next call waits for the lanes in line
            try:
                self.loop.call_soon_threadsafe(_settle, future, result, error)
            except RuntimeError:  # the loop has closed: nobody waits for the answer
                return

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
        with self.lock:
            self.stopped = True
            dropped = [call for lane in self.turns for call in lane.waiting]
            dropped += [call for _lane, call in self.handed]
            self.handed.clear()
            for lane in self.turns:
                lane.waiting.clear()
            self.turns.clear()
            self.queued = 0
            self.work.notify_all()
        for _function, _args, future, _context in dropped:
            future.cancel()
