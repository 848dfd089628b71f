"""The live socket: a plain ASGI endpoint beside Django's app.

It authenticates with the Django session (the same cookie as the pages), attaches the
socket to its runtime's hub (live/runtime.py) and sends the snapshot; from then on the
socket's writer task writes the hub's frames to uvicorn's `send`. A page may also ask
something over it (live/requests.py: a card save while people type), answered to that
socket alone; everything else is written over HTTP.
The socket's database work (access check, snapshot, requests) runs in its own lane on the
live threads (live/threads.py), which the sockets share in turns, and what one socket may
send and ask is bounded (Listener), so that no page can stall the others.
"""

import asyncio
import contextlib
import dataclasses
import functools
import json
import logging
import re
import time
from http.cookies import SimpleCookie
from urllib.parse import parse_qs

from django.conf import settings
from django.contrib.auth import get_user
from django.contrib.sessions.backends.base import SessionBase
from django.utils import translation
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _

from common.database import database_unreachable, unavailable_body
from live import languages, requests
from live.events import LIVE_PONG, LIVE_REPLY, VIEWERS
from live.hub import Connection, Hub
from live.runtime import LiveRuntime
from live.snapshot import LiveAccess, live_access, snapshot_frames, socket_closed, socket_opened
from live.threads import Lane

logger = logging.getLogger("samtale.live")

CLOSE_FORBIDDEN = 4403
# "Try again later" (RFC 6455, 7.4.1): the database is out of reach for now; live.js
# reconnects as after any other close but 4403.
CLOSE_TRY_AGAIN_LATER = 1013
PONG_FRAME = json.dumps({"type": LIVE_PONG, "data": None})
REPLY = LIVE_REPLY


class _SessionRequest:
    """What `django.contrib.auth.get_user` reads from a request: only its session."""

    def __init__(self, session: SessionBase):
        self.session = session


class Allowance:
    """So many a second on average, and a second's worth at once (a token bucket)."""

    def __init__(self, per_second: int):
        self.rate = max(1, per_second)
        self.left = float(self.rate)
        self.at = time.monotonic()

    def _grow(self) -> None:
        now = time.monotonic()
        self.left = min(self.rate, self.left + (now - self.at) * self.rate)
        self.at = now

    def take(self) -> bool:
        """One from the allowance, if there is one left."""
        self._grow()
        if self.left < 1:
            return False
        self.left -= 1
        return True

    def wait(self) -> float:
        """One from the allowance, owed if need be: seconds until the debt is paid."""
        self._grow()
        self.left -= 1
        return 0.0 if self.left >= 0 else -self.left / self.rate


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


PAGE_ID = re.compile(r"^[A-Za-z0-9_-]{1,64}$")


def _page(scope) -> str:
    """The id live.js gave its page (?page=…), for the socket watches; "" without one."""
    query = parse_qs(scope.get("query_string", b"").decode("latin-1"))
    page = (query.get("page") or [""])[0]
    return page if PAGE_ID.match(page) else ""


JOIN = re.compile(r"^([a-z]{1,20}):([1-9][0-9]{0,17})$")
# A page joins an audience or two (its card's editors); more is not a page's.
MAX_JOINS = 4


def _joins(scope) -> list[tuple[str, int]]:
    """The audiences the page asks to join (?join=<kind>:<id>, live.js), as (kind, id)."""
    query = parse_qs(scope.get("query_string", b"").decode("latin-1"))
    asked = [JOIN.match(each) for each in query.get("join", [])[:MAX_JOINS]]
    return [(match[1], int(match[2])) for match in asked if match]


def _access(code: str, scope) -> LiveAccess | None:
    cookies = _cookies(scope)
    session = _session(cookies)
    access = live_access(code, get_user(_SessionRequest(session)), session, _joins(scope))
    if access is not None:
        access = dataclasses.replace(access, page=_page(scope))
    chosen = cookies.get(settings.LANGUAGE_COOKIE_NAME)
    if access is not None and chosen and translation.check_for_language(chosen.value):
        # The language the person chose on the pages, as the pages' own answers would be,
        # by its code in LANGUAGES ("en" for "en-gb"), as live frames are rendered.
        with contextlib.suppress(LookupError):
            language = translation.get_supported_language_variant(chosen.value)
            access = dataclasses.replace(access, language=language)
    return access


def _answer(access: LiveAccess, handler: requests.Handler, data: dict) -> tuple[int, dict]:
    with translation.override(access.language):
        return handler(access, data)


@functools.cache
def _refusal_end(language: str) -> str:
    """What follows the id in a 429 reply, in `language`: encoded once, as a flood's
    refusals are written on the event loop."""
    with translation.override(language):
        body = {"error": _("Too many requests at once. Try again in a moment.")}
    return ', "status": 429, "body": ' + json.dumps(body) + "}}"


class Listener:
    """What one open socket sends: its pings and requests, and the bounds on them.

    A socket is read at most LIVE_SOCKET_MESSAGES_PER_SECOND messages a second: reading
    and refusing one costs the event loop, which every socket shares, ~30 µs, and a
    socket read as fast as it can send would keep the loop busy and the live threads
    waiting for the interpreter lock. Past its pace it is not read until its allowance
    has grown again; what it sends meanwhile waits in the network (TCP holds the sender
    up) and costs nothing here. Of its requests, at most LIVE_SOCKET_REQUESTS_PER_SECOND
    a second and LIVE_SOCKET_REQUESTS unanswered run (live/threads.py); the others are
    answered 429 at once.
    """

    def __init__(
        self, connection: Connection, lane: Lane, access: LiveAccess, hub: Hub | None = None
    ):
        self.connection = connection
        self.hub = hub
        self.lane = lane
        self.access = access
        self.pace = Allowance(settings.LIVE_SOCKET_MESSAGES_PER_SECOND)
        self.asking = Allowance(settings.LIVE_SOCKET_REQUESTS_PER_SECOND)

    def received(self, text: str | None) -> float:
        """Handle one message; returns the seconds to wait before reading the next."""
        try:
            request = json.loads(text or "")
        except (ValueError, RecursionError):  # not JSON, or nested too deep to read
            request = None
        if isinstance(request, dict):
            if request.get("type") == "ping":  # keeps proxies from closing an idle socket
                self.connection.offer(PONG_FRAME)
            else:
                self.ask(request)
        return self.pace.wait()

    def ask(self, request: dict) -> None:
        """Queue the request in the socket's lane: answered when its turn has run, while
        the next message is read (a slow save holds up no ping)."""
        request_type = request.get("type")
        handler = requests.handlers.get(request_type) if isinstance(request_type, str) else None
        data = request.get("data")
        if handler is None or not isinstance(data, dict):
            self.reply(request.get("id"), 400, {})
            return
        # A request runs on a live thread for some milliseconds, most of them holding the
        # interpreter lock: a socket that kept a thread busy all the time would slow every
        # other thread's database calls, each of which waits for the lock on its way back.
        if self.lane.full or not self.asking.take():
            # Refused at once, on the loop: what this socket asks beyond its share costs
            # a reply, never a thread's time, and never a place in anyone else's line.
            self.refuse(request.get("id"))
            return
        answering = self.lane.call(_answer, self.access, handler, data)
        answering.add_done_callback(functools.partial(self.answered, request))

    def answered(self, request: dict, answering: asyncio.Future) -> None:
        if answering.cancelled():  # the socket went away first
            return
        error = answering.exception()
        if error is not None and database_unreachable(error):
            # As a page answers (common.middleware.DatabaseUnreachableMiddleware): the page
            # keeps what it sent and asks again after body["retry_after"] seconds.
            logger.warning("database unreachable for live %r: %s", request.get("type"), error)
            with translation.override(self.access.language):
                status, body = 503, unavailable_body()
        elif error is not None:  # as a view's error would be a 500: logged
            logger.error("live request %r failed", request.get("type"), exc_info=error)
            status, body = 500, {}
        else:
            answer = answering.result()
            status, body = answer[0], answer[1]
            if isinstance(answer, requests.Viewing) and self.hub is not None:
                # Only audiences of what a page shows: never one a session must be granted.
                shown = frozenset(a for a in answer.audiences if a.startswith(VIEWERS + ":"))
                self.hub.view(self.connection, shown)
        self.reply(request.get("id"), status, body)

    def reply(self, request_id, status: int, body: dict) -> None:
        reply = {"id": request_id, "status": status, "body": body}
        self.connection.offer(json.dumps({"type": REPLY, "data": reply}))

    def refuse(self, request_id) -> None:
        """The frame reply(request_id, 429, {"error": …}) would write, in fewer steps."""
        start = '{"type": "' + REPLY + '", "data": {"id": '
        self.connection.offer(start + json.dumps(request_id) + _refusal_end(self.access.language))


async def meeting_socket(runtime: LiveRuntime, code: str, scope, receive, send) -> None:
    """ws/meetings/<code>/: the meeting's events for the audiences this socket may hear."""
    if (await receive())["type"] != "websocket.connect":
        return
    # The socket's turns on the live threads, from its access check on (live/threads.py).
    lane = runtime.threads.lane()
    try:
        await _listen(runtime, scope, receive, send, code, lane)
    finally:
        lane.close()


async def _listen(runtime: LiveRuntime, scope, receive, send, code: str, lane: Lane) -> None:
    try:
        access = await lane.call(_access, code, scope)
    except Exception as error:
        if not database_unreachable(error):
            raise
        # Accepted and closed with a reason, so the page tries again in a moment instead
        # of meeting a failed handshake.
        logger.warning("database unreachable for a live socket: %s", error)
        await send({"type": "websocket.accept"})
        await send({"type": "websocket.close", "code": CLOSE_TRY_AGAIN_LATER})
        return
    await send({"type": "websocket.accept"})
    if access is None:
        # Accept first, so the page learns why (4403) and stops reconnecting.
        await send({"type": "websocket.close", "code": CLOSE_FORBIDDEN})
        return
    meeting_id, language = access.meeting_id, access.language
    connection = Connection(
        meeting_id,
        access.audiences,
        lambda frame: send({"type": "websocket.send", "text": frame}),
        language=language,
    )
    runtime.hub.attach(connection)
    first_of_its_language = runtime.languages.opened(meeting_id, language)
    listener = Listener(connection, lane, access, runtime.hub)
    watched = False
    try:
        try:
            if first_of_its_language:
                # Publishers render in the socket's language from now on (live/languages.py).
                await lane.call(languages.mark, [(meeting_id, language)])
            await lane.call(socket_opened, access)
            watched = True
            await runtime.ready()
            # Attached first, so nothing published while the snapshot is read is missed.
            snapshot = await lane.call(snapshot_frames, access)
        except Exception as error:
            if not database_unreachable(error):
                raise
            logger.warning("database unreachable for a live snapshot: %s", error)
            await send({"type": "websocket.close", "code": CLOSE_TRY_AGAIN_LATER})
            return
        for frame in snapshot:
            connection.offer(frame)
        while True:
            message = await receive()
            if message["type"] == "websocket.disconnect":
                return
            # uvicorn hands over all the messages of one read without the loop in between:
            # at least one turn of the loop per message, and no more than the pace allows.
            await asyncio.sleep(listener.received(message.get("text")))
    finally:
        runtime.hub.detach(connection)
        runtime.languages.closed(meeting_id, language)
        if watched:
            # Last in the socket's lane, whatever still waits in it: an open socket counted
            # and never uncounted would keep its person "here" (live/snapshot.py).
            lane.close(then=(socket_closed, access))
