"""What a page may ask over its live socket instead of over HTTP, and the answer it gets.

A request is {"type": …, "id": …, "data": {…}}; the answer, to that socket alone, is
{"type": "live.reply", "data": {"id": …, "status": <as HTTP>, "body": {…}}}. Apps register
their handlers in AppConfig.ready(); a handler runs on a view thread, like a view, with
the socket's LiveAccess, and returns (status, body). The page falls back to HTTP when its
socket is closed, so every request here also has an HTTP view that gives the same answer.
"""

from collections.abc import Callable

from live.snapshot import LiveAccess

Handler = Callable[[LiveAccess, dict], tuple[int, dict]]

handlers: dict[str, Handler] = {}


def register(request_type: str, handler: Handler) -> None:
    handlers[request_type] = handler
