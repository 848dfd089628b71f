"""This process's live layer: its hub, its bridge and its live threads, in one object.

The ASGI application (samtale/asgi.py) creates a LiveRuntime on the server's event loop
when the server starts, and registers it as *this process's runtime* until the server
stops: `send` hands every event published in the process (live/publish.py, from any
thread) to it. A process that serves no sockets (the report worker, a management
command, a test that starts no server) has none, and its events leave as they would
from any other process: through Redis, or as a datagram to the web process of this
machine (live/relay.py).

Nothing here lives at module level but that one registration, so a test can create as
many runtimes as it needs, each with its own hub, side by side.
"""

import asyncio
import time

from django.conf import settings

from live import languages
from live.bridge import LocalBridge, RedisBridge, send_from_elsewhere
from live.hub import Hub
from live.threads import LiveThreads

# How long a stopping server waits for its closed sockets' last calls (live/threads.py).
LAST_CALLS_SECONDS = 5


class LiveRuntime:
    """One event loop's sockets and what feeds them; created on the loop it serves."""

    def __init__(self) -> None:
        self.loop = asyncio.get_running_loop()
        self.hub = Hub(self.loop)
        self.threads = LiveThreads()
        self.bridge = (
            RedisBridge(self.hub, settings.REDIS_URL)
            if settings.REDIS_URL
            else LocalBridge(self.hub, settings.LIVE_RELAY_SOCKET)
        )
        # The languages of the open sockets, marked in the cache for every publisher
        # (live/languages.py), again every REMARK_SECONDS on a live thread of its own lane.
        self.languages = languages.Marks(time.monotonic)
        self.chores = self.threads.lane()
        self.remarking = self.loop.call_later(languages.REMARK_SECONDS, self._remark)

    def _remark(self) -> None:
        self.remarking = self.loop.call_later(languages.REMARK_SECONDS, self._remark)
        pairs = self.languages.due()
        if pairs:
            self.chores.call(languages.mark, pairs)  # None, skipped, while the last still runs

    async def ready(self) -> None:
        """Listening for the other processes' events (at once after the first call)."""
        await self.bridge.ready()

    async def close(self) -> None:
        """The server stops: its sockets are written no more, and nothing more is heard."""
        self.remarking.cancel()
        self.chores.close()
        await self.bridge.close()
        for connection in list(self.hub.connections):
            self.hub.detach(connection)
        await self.threads.finish_last_calls(timeout=LAST_CALLS_SECONDS)
        self.threads.shutdown()


_this_process: LiveRuntime | None = None


def serve(runtime: LiveRuntime) -> None:
    """Make `runtime` the one this process's published events go to."""
    global _this_process
    _this_process = runtime


def stop_serving(runtime: LiveRuntime) -> None:
    global _this_process
    if _this_process is runtime:
        _this_process = None


def this_process() -> LiveRuntime | None:
    return _this_process


def send(message: dict) -> None:
    """Deliver a published event: to this process's hub and the others', from any thread."""
    runtime = _this_process
    if runtime is None:
        send_from_elsewhere(message)
    else:
        runtime.bridge.send(message)
