"""samtale/asgi.py and live/routing.py: HTTP to Django, ws/meetings/<code>/ to the live socket,
and a WebSocket only from a page of an allowed host."""

import urllib.request

import pytest
from websockets.exceptions import ConnectionClosedError, InvalidStatus
from websockets.sync.client import connect

from live.routing import origin_allowed
from live.socket import CLOSE_FORBIDDEN
from tests.factories import MeetingFactory


def handshake(origin: str | None) -> dict:
    headers = [(b"host", b"samtale.example.org")]
    if origin is not None:
        headers.append((b"origin", origin.encode("latin-1")))
    return {"type": "websocket", "path": "/ws/meetings/ABC/", "headers": headers}


@pytest.mark.parametrize(
    ("allowed", "origin", "passes"),
    [
        (["samtale.example.org"], "https://samtale.example.org", True),
        (["samtale.example.org"], "https://samtale.example.org:8443", True),
        (["samtale.example.org"], "https://SAMTALE.example.org", True),
        (["samtale.example.org"], "https://evil.example.net", False),
        (["samtale.example.org"], "https://samtale.example.org.evil.net", False),
        (["samtale.example.org"], "null", False),
        (["samtale.example.org"], None, False),
        ([".example.org"], "https://meet.example.org", True),
        ([".example.org"], "https://example.org", True),
        ([".example.org"], "https://example.net", False),
        (["[::1]"], "http://[::1]:8000", True),
        (["127.0.0.1"], "http://127.0.0.1:8000", True),
        (["*"], "https://anywhere.example.net", True),
        (["*"], None, True),
    ],
)
def test_an_origin_passes_only_with_a_host_of_allowed_hosts(settings, allowed, origin, passes):
    settings.ALLOWED_HOSTS = allowed
    assert origin_allowed(handshake(origin)) is passes


def test_in_debug_no_allowed_hosts_means_the_local_ones(settings):
    settings.DEBUG, settings.ALLOWED_HOSTS = True, []
    assert origin_allowed(handshake("http://localhost:8000"))
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


def test_a_socket_on_any_other_path_is_refused(asgi_server, meeting):
    assert refusal(asgi_server, "/ws/other/", asgi_server.url) == 403
    assert refusal(asgi_server, f"/ws/meetings/{meeting.code}/extra/", asgi_server.url) == 403
    assert refusal(asgi_server, f"/m/{meeting.code}/", asgi_server.url) == 403


def test_http_goes_to_django(asgi_server):
    with urllib.request.urlopen(f"{asgi_server.url}/healthz", timeout=5) as response:
        assert response.status == 200
