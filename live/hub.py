"""The per-process hub: the open sockets of each meeting, and one encoded frame for all of them.

Everything here runs on the event loop of the ASGI server. Other threads (Django's
sync views) reach it only through `Hub.dispatch_threadsafe`.
"""

import asyncio
import itertools
import json
import logging
from collections.abc import Awaitable, Callable

from django.conf import settings

logger = logging.getLogger("samtale.live")

RESYNC_FRAME = json.dumps({"type": "live.resync", "data": None})
# Several events of one tick for the same audience travel as one frame: {"type": "live.batch",
# "data": [event, event, …]}.
BATCH_OPEN = '{"type": "live.batch", "data": ['


class Connection:
    """One open socket: what it may hear, and a bounded queue drained by its own task."""

    def __init__(
        self,
        meeting_id: int,
        audiences: frozenset[str],
        send: Callable[[str], Awaitable[None]],
        queue_size: int | None = None,
    ):
        self.meeting_id = meeting_id
        self.audiences = audiences
        self.send = send
        self.queue: asyncio.Queue[str] = asyncio.Queue(
            maxsize=queue_size or settings.LIVE_QUEUE_SIZE
        )
        self.task: asyncio.Task | None = None
        self.resyncs = 0

    def offer(self, frame: str) -> None:
        try:
            self.queue.put_nowait(frame)
        except asyncio.QueueFull:
            # A client this far behind gets a fresh snapshot rather than a silent gap.
            while not self.queue.empty():
                self.queue.get_nowait()
            self.queue.put_nowait(RESYNC_FRAME)
            self.resyncs += 1

    def start(self) -> None:
        self.task = asyncio.get_running_loop().create_task(self._drain())

    def stop(self) -> None:
        if self.task:
            self.task.cancel()

    async def _drain(self) -> None:
        try:
            while True:
                frame = await self.queue.get()
                await self.send(frame)
        except asyncio.CancelledError:
            pass
        except Exception:  # the socket went away under us; disconnect cleans up
            logger.debug("live socket send failed", exc_info=True)


class Hub:
    def __init__(self) -> None:
        self.loop: asyncio.AbstractEventLoop | None = None
        self.meetings: dict[int, set[Connection]] = {}
        # meeting id -> {coalesce key: (audiences, frame)}; insertion order is delivery order.
        self.pending: dict[int, dict[object, tuple[frozenset[str], str]]] = {}
        self.flush_handle: asyncio.TimerHandle | None = None
        self.unique_keys = itertools.count()

    def attach(self, connection: Connection) -> None:
        loop = asyncio.get_running_loop()
        if self.loop is not loop:
            # A new server loop (a restart in the same process): the old sockets are gone.
            self.loop, self.meetings, self.pending, self.flush_handle = loop, {}, {}, None
        self.meetings.setdefault(connection.meeting_id, set()).add(connection)
        connection.start()

    def detach(self, connection: Connection) -> None:
        connection.stop()
        sockets = self.meetings.get(connection.meeting_id)
        if sockets is not None:
            sockets.discard(connection)
            if not sockets:
                del self.meetings[connection.meeting_id]

    def connection_count(self, meeting_id: int | None = None) -> int:
        if meeting_id is not None:
            return len(self.meetings.get(meeting_id, ()))
        return sum(len(sockets) for sockets in self.meetings.values())

    def dispatch_threadsafe(self, message: dict) -> None:
        loop = self.loop
        if loop is None or loop.is_closed():
            return  # no socket has ever been open in this process: nobody to tell
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
        pending[key] = (audiences, message["frame"])
        if self.flush_handle is None:
            self.flush_handle = asyncio.get_running_loop().call_later(
                settings.LIVE_TICK_SECONDS, self.flush
            )

    def flush(self) -> None:
        """Write what gathered in this tick: one frame per audience, shared by its sockets."""
        self.flush_handle = None
        pending, self.pending = self.pending, {}
        for meeting_id, messages in pending.items():
            sockets = self.meetings.get(meeting_id, ())
            for audiences, frame in batch_by_audience(messages.values()):
                for connection in sockets:
                    if not audiences.isdisjoint(connection.audiences):
                        connection.offer(frame)

    def resync_all(self) -> None:
        """Tell every socket to reload its snapshot, after events may have been missed."""
        for sockets in self.meetings.values():
            for connection in sockets:
                connection.offer(RESYNC_FRAME)


def batch_by_audience(messages) -> list[tuple[frozenset[str], str]]:
    """Join the frames for the same audience into one, in order of first appearance.

    The frames are already JSON, so the batch is built by joining strings, not re-encoding.
    """
    grouped: dict[frozenset[str], list[str]] = {}
    for audiences, frame in messages:
        grouped.setdefault(audiences, []).append(frame)
    return [
        (audiences, frames[0] if len(frames) == 1 else BATCH_OPEN + ",".join(frames) + "]}")
        for audiences, frames in grouped.items()
    ]


hub = Hub()
