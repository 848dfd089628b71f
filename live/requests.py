"""What a page may ask over its live socket instead of over HTTP, and the answer it gets.

A request is {"type": …, "id": …, "data": {…}}; the answer, to that socket alone, is
{"type": "live.reply", "data": {"id": …, "status": <as HTTP>, "body": {…}}}. Apps register
their handlers in AppConfig.ready(); a handler runs on a live thread (live/threads.py), as
a view runs on a view thread, with the socket's LiveAccess, and returns (status, body).
A socket's requests run one at a time, in the order sent; one that has
LIVE_SOCKET_REQUESTS unanswered, or has asked more than LIVE_SOCKET_REQUESTS_PER_SECOND,
gets status 429 with {"error": …} for the next, at once (live/socket.py: Listener).
The page falls back to HTTP when its socket is closed, so every request here also has an
HTTP view that gives the same answer; except what a page says it shows (`Viewing`), which
only a socket has: a handler that answers `Viewing(status, body, audiences)` has the socket
hear those "viewers:<id>" audiences, instead of the ones before, by the time the reply is
sent.
"""

from collections.abc import Callable
from typing import NamedTuple

from live.snapshot import LiveAccess


class Viewing(NamedTuple):
    """An answer that also says what the socket's page shows now: "viewers:<id>" each
    (live.publish.viewers_audience)."""

    status: int
    body: dict
    audiences: frozenset[str]


Handler = Callable[[LiveAccess, dict], tuple[int, dict] | Viewing]

handlers: dict[str, Handler] = {}


def register(request_type: str, handler: Handler) -> None:
    handlers[request_type] = handler
