"""Shared fixtures: a real ASGI server in a thread, real WebSocket clients, real browsers."""

import asyncio
import concurrent.futures
import json
import os
import shutil
import socket
import tempfile
import threading
import time
from contextlib import ExitStack
from pathlib import Path

import pytest
from django.test import Client
from hypothesis import settings as hypothesis_settings
from hypothesis.database import DirectoryBasedExampleDatabase

from live import bridge

IN_CI = os.environ.get("CI") == "true"

# Property-based tests: a short run by default, HYPOTHESIS_PROFILE=long for many more
# examples. Failing examples are kept under var/ (ignored by git) to be replayed.
_examples = DirectoryBasedExampleDatabase(str(Path(__file__).parent.parent / "var" / "hypothesis"))
hypothesis_settings.register_profile("samtale", max_examples=30, deadline=None, database=_examples)
hypothesis_settings.register_profile("long", max_examples=1000, deadline=None, database=_examples)
hypothesis_settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "samtale"))


def run_in_own_loop(coroutine):
    """Run `coroutine` to its end on a new event loop, in a thread of its own: a browser
    test may have left an event loop running in this one."""
    with concurrent.futures.ThreadPoolExecutor(1) as pool:
        return pool.submit(asyncio.run, coroutine).result()


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class LiveServer:
    """samtale's ASGI application served by uvicorn in a thread, as in production.

    The thread shares the test database, so data a test writes is what the server sees.
    It can be stopped and started again on the same port, as a server restart would.
    """

    def __init__(self):
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.ws_url = f"ws://127.0.0.1:{self.port}"
        self.server = None
        self.thread = None

    def start(self):
        import uvicorn

        from samtale.asgi import application

        config = uvicorn.Config(
            application,
            host="127.0.0.1",
            port=self.port,
            lifespan="off",
            log_level="warning",
            ws_per_message_deflate=False,
        )
        self.server = uvicorn.Server(config)
        self.thread = threading.Thread(target=self.server.run, daemon=True)
        self.thread.start()
        deadline = time.monotonic() + 10
        while not self.server.started:
            if time.monotonic() > deadline or not self.thread.is_alive():
                raise RuntimeError("the test server did not start")
            time.sleep(0.02)

    def stop(self):
        if self.server is not None:
            self.server.should_exit = True
            self.thread.join(timeout=10)
            self.server = None

    def restart(self):
        self.stop()
        self.start()


@pytest.fixture(autouse=True, scope="session")
def private_relay_socket():
    """Each test run has its own relay socket (live/relay.py), so that two runs on one machine
    never hear each other's events; a worker a test starts is given the same path."""
    from django.conf import settings

    folder = tempfile.mkdtemp(prefix="samtale-relay-")
    settings.LIVE_RELAY_SOCKET = os.path.join(folder, "live.sock")
    yield settings.LIVE_RELAY_SOCKET
    shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture
def asgi_server(transactional_db):
    bridge.reset_bridge()
    server = LiveServer()
    server.start()
    yield server
    server.stop()
    bridge.reset_bridge()


def cookie_header(client: Client) -> str:
    """The client's cookies (the session, a chosen language…) as a browser would send them."""
    return "; ".join(f"{name}={morsel.value}" for name, morsel in client.cookies.items())


class LiveSocket:
    """A real WebSocket client on a meeting's live endpoint, reading JSON frames."""

    def __init__(self, connection):
        self.connection = connection
        self.buffered: list[dict] = []

    def receive(self, timeout=3.0) -> dict:
        """The next event; a batch frame is unpacked into its events, in order."""
        if not self.buffered:
            frame = json.loads(self.connection.recv(timeout=timeout))
            self.buffered = frame["data"] if frame["type"] == "live.batch" else [frame]
        return self.buffered.pop(0)

    def receive_event(self, event_type: str, timeout=3.0) -> dict:
        """The next frame of `event_type`, skipping others; fails after `timeout` seconds."""
        deadline = time.monotonic() + timeout
        while True:
            left = deadline - time.monotonic()
            if left <= 0:
                raise AssertionError(f"no {event_type} event within {timeout}s")
            frame = self.receive(timeout=left)
            if frame["type"] == event_type:
                return frame["data"]

    def assert_silent(self, event_type: str, wait=0.5) -> None:
        """No frame of `event_type` arrives within `wait` seconds."""
        deadline = time.monotonic() + wait
        while (left := deadline - time.monotonic()) > 0:
            try:
                frame = self.receive(timeout=left)
            except TimeoutError:
                return
            assert frame["type"] != event_type, f"unexpected {event_type}: {frame}"


@pytest.fixture
def live_socket(asgi_server):
    """Open sockets as `live_socket(meeting, client)`; all are closed after the test."""
    from websockets.sync.client import connect

    opened = ExitStack()

    def open_socket(meeting, client: Client | None = None) -> LiveSocket:
        headers = {"Origin": asgi_server.url}
        if client is not None:
            headers["Cookie"] = cookie_header(client)
        connection = opened.enter_context(
            connect(
                f"{asgi_server.ws_url}/ws/meetings/{meeting.code}/",
                additional_headers=headers,
                compression=None,
                open_timeout=5,
            )
        )
        return LiveSocket(connection)

    with opened:
        yield open_socket


@pytest.fixture
def facilitator_client(db):
    """A logged-in client and its user: `client, user = facilitator_client`."""
    from tests.factories import UserFactory

    user = UserFactory()
    client = Client()
    client.force_login(user)
    return client, user


def joined_client(meeting, name="Morten Hagevik", organisation="Porsgrunn kommune", **extra):
    """A participant's browser session that has joined `meeting` through the join form."""
    client = Client()
    data = {"name": name, "organisation": organisation, "join_key": f"key-{name}", **extra}
    response = client.post(f"/m/{meeting.code}/join/", data)
    assert response.status_code == 302, response.content.decode()[:2000]
    return client


# --- Browsers -----------------------------------------------------------------------------

CHROMIUM = "/usr/bin/chromium"
AXE_JS = Path(__file__).parent / "vendor" / "axe-core" / "axe.min.js"


@pytest.fixture(scope="session")
def browser():
    if not Path(CHROMIUM).exists():
        if IN_CI:
            pytest.fail("Debian's Chromium is missing at /usr/bin/chromium (make test installs it)")
        pytest.skip("Debian's Chromium is not installed (make test installs it)")
    # Playwright's sync API keeps an event loop in this thread; the ORM calls in the
    # tests are still plain synchronous calls.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"],
        )
        yield chromium
        chromium.close()


@pytest.fixture
def new_page(browser, asgi_server):
    """Open a page in a fresh browser context (its own cookies): `new_page(width=390)`."""
    contexts = []

    def open_page(width=1366, height=900, locale="nb-NO"):
        context = browser.new_context(
            viewport={"width": width, "height": height}, locale=locale, base_url=asgi_server.url
        )
        context.set_default_timeout(7000)
        contexts.append(context)
        return context.new_page()

    yield open_page
    for context in contexts:
        context.close()


def axe_violations(page, impacts=("serious", "critical")) -> list:
    """axe-core's WCAG 2.1 A/AA violations on the page at `impacts` levels."""
    page.add_script_tag(path=str(AXE_JS))
    violations = page.evaluate(
        """() => axe.run(document, {runOnly: {type: 'tag',
             values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}})
           .then(result => result.violations.map(v => ({id: v.id, impact: v.impact,
             nodes: v.nodes.map(n => n.target.join(' ')).slice(0, 5)})))"""
    )
    return [violation for violation in violations if violation["impact"] in impacts]


def login_in_browser(page, user, password="a-good-password"):
    page.goto("/accounts/login/")
    page.fill("#id_username", user.username)
    page.fill("#id_password", password)
    page.click("form button[type=submit]")
    page.wait_for_url("**/meetings/")
