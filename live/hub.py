"""The hub: the open sockets of each meeting, and one encoded frame for all of them.

One per runtime (live/runtime.py). Everything here runs on the event loop of the ASGI
server; other threads (views, live threads) reach it only through
`Hub.dispatch_threadsafe`.
"""

import asyncio
import collections
import itertools
import json
import logging
from collections.abc import Awaitable, Callable, Iterable

from django.conf import settings

from live.events import LIVE_BATCH, LIVE_RECONNECT

logger = logging.getLogger("samtale.live")

RESYNC_FRAME = json.dumps({"type": LIVE_RECONNECT, "data": None})
# Several events of one tick for the same audience travel as one frame: {"type": "live.batch",
# "data": [event, event, …]}.
BATCH_OPEN = '{"type": "' + LIVE_BATCH + '", "data": ['

# An event waiting for the tick: its audiences, its frame, and its frame by language when
# it was rendered in several (live/publish.py); the first frame is for any other language.
Pending = tuple[frozenset[str], str, dict[str, str] | None]
# What the tick writes to one audience: a frame, and the frame by language or None.
Batch = tuple[frozenset[str], str, dict[str, str] | None]


class Connection:
    """One open socket: what it may hear, and how frames reach it.

    Each socket has one writer task for its life, which writes the frames offered to it
    in order and sleeps while there are none: the hub's tick only appends a frame and
    wakes the writer, and never waits for a socket. A socket whose send buffer is full
    holds up its own writer alone, and the frames that arrive meanwhile wait in a bounded
    backlog.
    """

    def __init__(
        self,
        meeting_id: int,
        audiences: frozenset[str],
        send: Callable[[str], Awaitable[None]],
        backlog_size: int | None = None,
        *,
        language: str | None = None,
    ):
        self.meeting_id = meeting_id
        self.audiences = audiences
        # The "viewers:<id>" audiences its page has said it shows (Hub.view), beside those
        # its session is granted.
        self.viewing: frozenset[str] = frozenset()
        self.language = language  # which of a frame's languages it is sent
        self.send = send
        self.backlog_size = backlog_size or settings.LIVE_BACKLOG_SIZE
        self.backlog: collections.deque[str] = collections.deque()
        self.closed = False
        self.resyncs = 0
        self.wake: asyncio.Future | None = None  # set while the writer sleeps
        self.writer = asyncio.get_running_loop().create_task(self._write())

    def offer(self, frame: str) -> None:
        if self.closed:
            return
        if len(self.backlog) < self.backlog_size:
            self.backlog.append(frame)
        else:
            # A client this far behind gets a fresh snapshot rather than a silent gap.
            self.backlog.clear()
            self.backlog.append(RESYNC_FRAME)
            self.resyncs += 1
        if self.wake is not None:
            self.wake.set_result(None)
            self.wake = None

    async def _write(self) -> None:
        loop = asyncio.get_running_loop()
        try:
            while True:
                while self.backlog:
                    await self.send(self.backlog.popleft())
                self.wake = loop.create_future()
                await self.wake
        except asyncio.CancelledError:
            self.closed = True
            raise
        except Exception:  # the socket went away under us; disconnect cleans up
            logger.debug("live socket send failed", exc_info=True)
            self.closed = True

    def stop(self) -> None:
        self.closed = True
        self.writer.cancel()


class Hub:
    """The open sockets of one event loop, by meeting and audience (one per runtime)."""

    def __init__(self, loop: asyncio.AbstractEventLoop | None = None) -> None:
        self.loop = loop  # where other threads' messages are handed over
        # meeting id -> audience -> its sockets, so a frame finds its sockets without a scan.
        self.meetings: dict[int, dict[str, set[Connection]]] = {}
        # meeting id -> {coalesce key: (audiences, frame, the frame by language or None)};
        # insertion order is delivery order.
        self.pending: dict[int, dict[object, Pending]] = {}
        self.flush_handle: asyncio.TimerHandle | None = None
        self.unique_keys = itertools.count()
        self.connections: set[Connection] = set()

    def attach(self, connection: Connection) -> None:
        self.connections.add(connection)
        audiences = self.meetings.setdefault(connection.meeting_id, {})
        for audience in connection.audiences:
            audiences.setdefault(audience, set()).add(connection)

    def detach(self, connection: Connection) -> None:
        connection.stop()
        if connection not in self.connections:
            return
        self.connections.discard(connection)
        audiences = self.meetings[connection.meeting_id]
        self._leave(audiences, connection, connection.audiences | connection.viewing)
        if not audiences:
            del self.meetings[connection.meeting_id]

    @staticmethod
    def _leave(by_audience: dict[str, set[Connection]], connection: Connection, audiences) -> None:
        for audience in audiences:
            sockets = by_audience.get(audience)
            if sockets is not None:
                sockets.discard(connection)
                if not sockets:
                    del by_audience[audience]

    def view(self, connection: Connection, audiences: frozenset[str]) -> None:
        """Let `connection` hear `audiences` (what its page shows now) instead of those it
        viewed before; from the next tick on, as the audiences are looked up at the flush."""
        if connection not in self.connections:
            return
        by_audience = self.meetings[connection.meeting_id]
        # An audience its session grants stays whatever the page says it views.
        self._leave(by_audience, connection, connection.viewing - audiences - connection.audiences)
        for audience in audiences - connection.viewing:
            by_audience.setdefault(audience, set()).add(connection)
        connection.viewing = audiences

    def connection_count(self, meeting_id: int | None = None) -> int:
        if meeting_id is None:
            return len(self.connections)
        return sum(1 for connection in self.connections if connection.meeting_id == meeting_id)

    def dispatch_threadsafe(self, message: dict) -> None:
        loop = self.loop
        if loop is None or loop.is_closed():
            return  # the server has stopped: nobody to tell
        loop.call_soon_threadsafe(self.dispatch, message)

    def dispatch(self, message: dict) -> None:
        """Queue a message for the next tick; a newer message with the same key replaces it."""
        meeting_id = message["meeting"]
        if meeting_id not in self.meetings:
            return
        key = message.get("key") or next(self.unique_keys)
        pending = self.pending.setdefault(meeting_id, {})
        pending.pop(key, None)
        audience = message["audience"]
        audiences = frozenset([audience] if isinstance(audience, str) else audience)
        pending[key] = (audiences, message["frame"], message.get("languages"))
        if self.flush_handle is None:
            self.flush_handle = asyncio.get_running_loop().call_later(self.tick(), self.flush)

    def tick(self) -> float:
        """Seconds to gather events before a flush: longer as more sockets are open.

        Every socket can get a frame each tick, so the tick keeps the frames written per
        second within LIVE_FRAMES_PER_SECOND, and the process's time for everything else.
        """
        return min(
            max(
                settings.LIVE_TICK_SECONDS,
                len(self.connections) / settings.LIVE_FRAMES_PER_SECOND,
            ),
            settings.LIVE_TICK_MAX_SECONDS,
        )

    def flush(self) -> None:
        """Write what gathered in this tick: one frame per audience (and language, for the
        events rendered in several), shared by its sockets."""
        self.flush_handle = None
        pending, self.pending = self.pending, {}
        for meeting_id, messages in pending.items():
            by_audience = self.meetings.get(meeting_id)
            if not by_audience:
                continue
            for audiences, frame, by_language in batch_by_audience(messages.values()):
                sockets = self._sockets(by_audience, audiences)
                if by_language is None:
                    for connection in sockets:
                        connection.offer(frame)
                else:
                    for connection in sockets:
                        connection.offer(by_language.get(connection.language, frame))

    @staticmethod
    def _sockets(by_audience: dict[str, set[Connection]], audiences: frozenset[str]):
        if len(audiences) == 1:
            (audience,) = audiences
            return list(by_audience.get(audience, ()))
        # A socket in several of the audiences (a facilitator who also joined) hears it once.
        return list(dict.fromkeys(c for a in audiences for c in by_audience.get(a, ())))

    def resync_all(self) -> None:
        """Tell every socket to reload its snapshot, after events may have been missed."""
        for connection in list(self.connections):
            connection.offer(RESYNC_FRAME)


def _batch(frames: list[str]) -> str:
    return frames[0] if len(frames) == 1 else BATCH_OPEN + ",".join(frames) + "]}"


def batch_by_audience(messages: Iterable[Pending]) -> list[Batch]:
    """Join the frames for the same audience into one, in order of first appearance.

    The frames are already JSON, so the batch is built by joining strings, not re-encoding.
    Where some of an audience's frames are in several languages, the audience gets one
    batch per language as well (each frame in that language, or its first where it has
    none), and the batch of first frames for a socket of any other language.
    """
    grouped: dict[frozenset[str], list[Pending]] = {}
    for message in messages:
        grouped.setdefault(message[0], []).append(message)
    batches = []
    for audiences, group in grouped.items():
        frames = [frame for _audiences, frame, _by_language in group]
        spoken = {language for *_rest, by_language in group for language in by_language or ()}
        by_language = {
            language: _batch([(by or {}).get(language, frame) for _audiences, frame, by in group])
            for language in spoken
        }
        batches.append((audiences, _batch(frames), by_language or None))
    return batches
