"""Which WebSocket connections reach the live socket: its one path, from an allowed origin.

A browser sends its page's Origin with every WebSocket handshake, and cookies go with it
whatever page opened it, so a socket opened by a page of another site would act with
the person's session: only an origin whose host is in ALLOWED_HOSTS passes, as Django
checks the Host of a request. Anything else is refused before the handshake completes
(uvicorn answers 403).
"""

import re
from urllib.parse import urlsplit

from django.conf import settings
from django.http.request import split_domain_port, validate_host

from live.runtime import LiveRuntime
from live.socket import meeting_socket

MEETING_PATH = re.compile(r"^/ws/meetings/(?P<code>[^/]+)/$")


def allowed_hosts() -> list[str]:
    # What Django's HttpRequest.get_host allows: in DEBUG an empty list means local hosts.
    if settings.DEBUG and not settings.ALLOWED_HOSTS:
        return [".localhost", "127.0.0.1", "[::1]"]
    return settings.ALLOWED_HOSTS


def origin_allowed(scope) -> bool:
    """The handshake's Origin names a host of ALLOWED_HOSTS (no Origin: only with "*")."""
    hosts = allowed_hosts()
    origins = [value for name, value in scope.get("headers", ()) if name == b"origin"]
    if not origins:
        return "*" in hosts
    try:
        netloc = urlsplit(origins[-1].decode("latin-1")).netloc
    except ValueError:
        return False
    host, _port = split_domain_port(netloc)
    return bool(host) and validate_host(host, hosts)


async def websocket(runtime: LiveRuntime, scope, receive, send) -> None:
    match = MEETING_PATH.match(scope["path"])
    if match is None or not origin_allowed(scope):
        await receive()  # websocket.connect
        await send({"type": "websocket.close"})  # before the accept: refused with 403
        return
    await meeting_socket(runtime, match["code"], scope, receive, send)
