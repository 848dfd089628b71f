"""samtale/asgi.py and live/routing.py: HTTP to Django, ws/meetings/<code>/ to the live socket,
and a WebSocket only from a page of an allowed host."""

import urllib.request

import pytest
from websockets.exceptions import ConnectionClosedError, InvalidStatus
from websockets.sync.client import connect

from live.routing import origin_allowed
from live.socket import CLOSE_FORBIDDEN
from tests.factories import MeetingFactory


def handshake(origin: str | None, host="samtale.example.org", scheme="wss") -> dict:
    headers = [(b"host", host.encode("latin-1"))]
    if origin is not None:
        headers.append((b"origin", origin.encode("latin-1")))
    return {"type": "websocket", "scheme": scheme, "path": "/ws/meetings/ABC/", "headers": headers}


@pytest.mark.parametrize(
    ("allowed", "origin", "host", "passes"),
    [
        (["samtale.example.org"], "https://samtale.example.org", "samtale.example.org", True),
        (["samtale.example.org"], "https://SAMTALE.example.org", "samtale.example.org", True),
        (["samtale.example.org"], "https://evil.example.net", "samtale.example.org", False),
        (
            ["samtale.example.org"],
            "https://samtale.example.org.evil.net",
            "samtale.example.org",
            False,
        ),
        (["samtale.example.org"], "null", "samtale.example.org", False),
        (["samtale.example.org"], None, "samtale.example.org", False),
        # The same host is not the same site: another port, or plain http, is another origin.
        (["samtale.example.org"], "https://samtale.example.org:8443", "samtale.example.org", False),
        (["samtale.example.org"], "http://samtale.example.org", "samtale.example.org", False),
        (
            ["samtale.example.org"],
            "https://samtale.example.org:8443",
            "samtale.example.org:8443",
            True,
        ),
        # A Host that is not allowed is refused, even when the Origin repeats it.
        (["samtale.example.org"], "https://evil.example.net", "evil.example.net", False),
        ([".example.org"], "https://meet.example.org", "meet.example.org", True),
        ([".example.org"], "https://example.org", "meet.example.org", False),
        (["*"], "https://anywhere.example.net", "anywhere.example.net", True),
        (["*"], None, "samtale.example.org", True),
    ],
)
def test_an_origin_passes_only_when_it_is_this_sites_own(settings, allowed, origin, host, passes):
    settings.ALLOWED_HOSTS = allowed
    assert origin_allowed(handshake(origin, host)) is passes


def test_another_site_on_the_same_host_is_refused(settings):
    """The finding: a page on 127.0.0.1:9999 opened the socket of 127.0.0.1:8000."""
    settings.ALLOWED_HOSTS = ["127.0.0.1"]
    own = handshake("http://127.0.0.1:8000", host="127.0.0.1:8000", scheme="ws")
    other = handshake("http://127.0.0.1:9999", host="127.0.0.1:8000", scheme="ws")
    assert origin_allowed(own) and not origin_allowed(other)


def test_a_trusted_origin_passes(settings):
    settings.ALLOWED_HOSTS = ["samtale.example.org"]
    settings.CSRF_TRUSTED_ORIGINS = ["https://portal.kommune.no"]
    assert origin_allowed(handshake("https://portal.kommune.no"))
    assert not origin_allowed(handshake("http://portal.kommune.no"))


def test_in_debug_no_allowed_hosts_means_the_local_ones(settings):
    settings.DEBUG, settings.ALLOWED_HOSTS = True, []
    assert origin_allowed(handshake("http://localhost:8000", "localhost:8000", "ws"))
    assert not origin_allowed(handshake("https://samtale.example.org"))


@pytest.fixture
def meeting(asgi_server):
    return MeetingFactory()


def open_socket(asgi_server, path, origin):
    headers = {} if origin is None else {"Origin": origin}
    return connect(f"{asgi_server.ws_url}{path}", additional_headers=headers, open_timeout=5)


def refusal(asgi_server, path, origin) -> int:
    with pytest.raises(InvalidStatus) as refused:
        open_socket(asgi_server, path, origin).close()
    return refused.value.response.status_code


def test_the_meeting_socket_opens_from_an_allowed_origin(asgi_server, meeting):
    with (
        open_socket(asgi_server, f"/ws/meetings/{meeting.code}/", asgi_server.url) as socket,
        pytest.raises(ConnectionClosedError) as closed,
    ):
        socket.recv(timeout=5)
    # Opened, and answered by the meeting's socket: with no session it may not listen.
    assert closed.value.rcvd.code == CLOSE_FORBIDDEN


def test_a_socket_from_another_site_is_refused_before_it_opens(asgi_server, meeting):
    path = f"/ws/meetings/{meeting.code}/"
    assert refusal(asgi_server, path, "https://evil.example.net") == 403
    assert refusal(asgi_server, path, None) == 403
    # The same host on another port is another site.
    other_port = asgi_server.url.rsplit(":", 1)[0] + ":9"
    assert refusal(asgi_server, path, other_port) == 403


def test_a_socket_on_any_other_path_is_refused(asgi_server, meeting):
    assert refusal(asgi_server, "/ws/other/", asgi_server.url) == 403
    assert refusal(asgi_server, f"/ws/meetings/{meeting.code}/extra/", asgi_server.url) == 403
    assert refusal(asgi_server, f"/m/{meeting.code}/", asgi_server.url) == 403


def test_http_goes_to_django(asgi_server):
    with urllib.request.urlopen(f"{asgi_server.url}/healthz", timeout=5) as response:
        assert response.status == 200
