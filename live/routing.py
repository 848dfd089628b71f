"""Which WebSocket connections reach the live socket: its one path, from an allowed origin.

A browser sends its page's Origin with every WebSocket handshake, and cookies go with it
whatever page opened it, so a socket opened by a page of another site would act with
the person's session. As Django's CSRF check does for a form, the Origin must be this
site itself — the same scheme, host and port as the handshake's own Host, a host of
ALLOWED_HOSTS — or one of CSRF_TRUSTED_ORIGINS. Another site on the same host (another
port) is another origin. Anything else is refused before the handshake completes (uvicorn
answers 403). Behind a proxy the Host must keep its port (deploy/nginx: $http_host) and
X-Forwarded-Proto tells the scheme.
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


def _header(scope, name: bytes) -> str | None:
    values = [value for key, value in scope.get("headers", ()) if key == name]
    return values[-1].decode("latin-1") if values else None


def origin_allowed(scope) -> bool:
    """The handshake's Origin is this site's own, or a trusted one (no Origin: only with
    "*" in ALLOWED_HOSTS, for clients that are not browsers)."""
    hosts = allowed_hosts()
    origin = _header(scope, b"origin")
    if origin is None:
        return "*" in hosts
    try:
        parts = urlsplit(origin)
    except ValueError:
        return False
    if f"{parts.scheme}://{parts.netloc}".lower() in (
        trusted.lower() for trusted in settings.CSRF_TRUSTED_ORIGINS
    ):
        return True
    own_host = _header(scope, b"host") or ""
    own_scheme = "https" if scope.get("scheme") in ("wss", "https") else "http"
    host, _port = split_domain_port(own_host)
    return (
        bool(host)
        and validate_host(host, hosts)
        and parts.scheme == own_scheme
        and parts.netloc.lower() == own_host.lower()
    )


async def websocket(runtime: LiveRuntime, scope, receive, send) -> None:
    match = MEETING_PATH.match(scope["path"])
    if match is None or not origin_allowed(scope):
        await receive()  # websocket.connect
        await send({"type": "websocket.close"})  # before the accept: refused with 403
        return
    await meeting_socket(runtime, match["code"], scope, receive, send)
