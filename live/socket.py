"""The live socket: a plain ASGI endpoint beside Django's app.

It authenticates with the Django session (the same cookie as the pages), attaches the
socket to the hub and sends the snapshot; from then on the hub writes frames straight to
uvicorn's `send`. Writes never come through here; they go over HTTP to the domain functions.
"""

import json
from http.cookies import SimpleCookie

from asgiref.sync import sync_to_async
from django.conf import settings
from django.contrib.auth import get_user
from django.contrib.sessions.backends.base import SessionBase
from django.db import close_old_connections
from django.utils.module_loading import import_string

from live.bridge import get_bridge
from live.hub import Connection, hub
from live.snapshot import LiveAccess, live_access, snapshot_frames

CLOSE_FORBIDDEN = 4403
PONG_FRAME = json.dumps({"type": "live.pong", "data": None})


class _SessionRequest:
    """What `django.contrib.auth.get_user` reads from a request: only its session."""

    def __init__(self, session: SessionBase):
        self.session = session


def _session(scope) -> SessionBase:
    cookies = SimpleCookie()
    for name, value in scope.get("headers", ()):
        if name == b"cookie":
            cookies.load(value.decode("latin-1"))
    morsel = cookies.get(settings.SESSION_COOKIE_NAME)
    store = import_string(settings.SESSION_ENGINE + ".SessionStore")
    return store(morsel.value if morsel else None)


def _in_thread(function):
    """Run a database function from the event loop, with Django's connection upkeep around it."""

    def run(*args):
        close_old_connections()
        try:
            return function(*args)
        finally:
            close_old_connections()

    return sync_to_async(run)


def _access(code: str, scope) -> LiveAccess | None:
    session = _session(scope)
    return live_access(code, get_user(_SessionRequest(session)), session)


async def meeting_socket(scope, receive, send) -> None:
    """ws/meetings/<code>/: the meeting's events for the audiences this socket may hear."""
    if (await receive())["type"] != "websocket.connect":
        return
    code = scope["url_route"]["kwargs"]["code"]
    access = await _in_thread(_access)(code, scope)
    await send({"type": "websocket.accept"})
    if access is None:
        # Accept first, so the page learns why (4403) and stops reconnecting.
        await send({"type": "websocket.close", "code": CLOSE_FORBIDDEN})
        return
    connection = Connection(
        access.meeting_id,
        access.audiences,
        lambda frame: send({"type": "websocket.send", "text": frame}),
    )
    hub.attach(connection)
    try:
        await get_bridge().ready()
        # Attached first, so nothing published while the snapshot is read is missed.
        for frame in await _in_thread(snapshot_frames)(access):
            connection.offer(frame)
        while True:
            message = await receive()
            if message["type"] == "websocket.disconnect":
                return
            # Pages only ping, to keep proxies from closing an idle socket.
            if '"ping"' in (message.get("text") or ""):
                connection.offer(PONG_FRAME)
    finally:
        hub.detach(connection)
