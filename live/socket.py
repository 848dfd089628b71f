"""The live socket: a plain ASGI endpoint beside Django's app.

It authenticates with the Django session (the same cookie as the pages), attaches the
socket to the hub and sends the snapshot; from then on the hub writes frames straight to
uvicorn's `send`. A page may also ask something over it (live/requests.py: a card save
while people type), answered to that socket alone; everything else is written over HTTP.
"""

import asyncio
import dataclasses
import json
import logging
from http.cookies import SimpleCookie

from asgiref.sync import sync_to_async
from django.conf import settings
from django.contrib.auth import get_user
from django.contrib.sessions.backends.base import SessionBase
from django.db import close_old_connections
from django.utils import translation
from django.utils.module_loading import import_string

from live import requests
from live.bridge import get_bridge
from live.hub import Connection, hub
from live.snapshot import LiveAccess, live_access, snapshot_frames

logger = logging.getLogger("samtale.live")

CLOSE_FORBIDDEN = 4403
PONG_FRAME = json.dumps({"type": "live.pong", "data": None})
REPLY = "live.reply"


class _SessionRequest:
    """What `django.contrib.auth.get_user` reads from a request: only its session."""

    def __init__(self, session: SessionBase):
        self.session = session


def _cookies(scope) -> SimpleCookie:
    cookies = SimpleCookie()
    for name, value in scope.get("headers", ()):
        if name == b"cookie":
            cookies.load(value.decode("latin-1"))
    return cookies


def _session(cookies: SimpleCookie) -> SessionBase:
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
    cookies = _cookies(scope)
    session = _session(cookies)
    access = live_access(code, get_user(_SessionRequest(session)), session)
    chosen = cookies.get(settings.LANGUAGE_COOKIE_NAME)
    if access is not None and chosen and translation.check_for_language(chosen.value):
        # The language the person chose on the pages, as the pages' own answers would be.
        access = dataclasses.replace(access, language=chosen.value)
    return access


def _answer(access: LiveAccess, handler: requests.Handler, data: dict) -> tuple[int, dict]:
    with translation.override(access.language):
        return handler(access, data)


async def _reply(connection: Connection, access: LiveAccess, request: dict) -> None:
    handler = requests.handlers.get(request.get("type"))
    data = request.get("data")
    if handler is None or not isinstance(data, dict):
        status, body = 400, {}
    else:
        try:
            status, body = await _in_thread(_answer)(access, handler, data)
        except Exception:  # as a view's error would be a 500: logged, and the page told
            logger.exception("live request %r failed", request.get("type"))
            status, body = 500, {}
    reply = {"id": request.get("id"), "status": status, "body": body}
    connection.offer(json.dumps({"type": REPLY, "data": reply}))


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
    answering: set[asyncio.Task] = set()
    try:
        await get_bridge().ready()
        # Attached first, so nothing published while the snapshot is read is missed.
        for frame in await _in_thread(snapshot_frames)(access):
            connection.offer(frame)
        while True:
            message = await receive()
            if message["type"] == "websocket.disconnect":
                return
            try:
                request = json.loads(message.get("text") or "")
            except ValueError:
                continue
            if not isinstance(request, dict):
                continue
            if request.get("type") == "ping":  # keeps proxies from closing an idle socket
                connection.offer(PONG_FRAME)
                continue
            # Answered while the next message is read: a slow save holds up no ping.
            task = asyncio.get_running_loop().create_task(_reply(connection, access, request))
            answering.add(task)
            task.add_done_callback(answering.discard)
    finally:
        hub.detach(connection)
        for task in answering:
            task.cancel()
