"""Shared fixtures: a real ASGI server in a thread, real WebSocket clients, real browsers."""

import asyncio
import concurrent.futures
import copy
import hashlib
import json
import os
import pickle
import secrets
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

IN_CI = os.environ.get("CI") == "true"

# Apertium's bokmål ↔ nynorsk translator (Debian, `make test` installs it). A test that runs
# it is skipped on a machine without it, never in CI: there it must run.
_TRANSLATOR = shutil.which("apertium") is not None and all(
    Path(f"/usr/share/apertium/modes/{mode}.mode").exists() for mode in ("nob-nno_e", "nno-nob")
)
needs_translator = pytest.mark.skipif(
    not _TRANSLATOR and not IN_CI,
    reason="Apertium's nob-nno is not installed (make test installs it)",
)

# Property-based tests: a short run by default (`make test`, CI), HYPOTHESIS_PROFILE=long
# (`make test-long`) for many more examples and the tests marked `long`. Failing examples
# are kept under var/ (ignored by git) to be replayed.
_examples = DirectoryBasedExampleDatabase(str(Path(__file__).parent.parent / "var" / "hypothesis"))
hypothesis_settings.register_profile("samtale", max_examples=25, deadline=None, database=_examples)
hypothesis_settings.register_profile("long", max_examples=1000, deadline=None, database=_examples)
HYPOTHESIS_PROFILE = os.environ.get("HYPOTHESIS_PROFILE", "samtale")
hypothesis_settings.load_profile(HYPOTHESIS_PROFILE)


def pytest_collection_modifyitems(config, items):
    """Tests marked `long` (soak and at-the-limit variants) run with the long profile, or
    when asked for by `-m`; otherwise they are deselected."""
    if HYPOTHESIS_PROFILE == "long" or "long" in (config.option.markexpr or ""):
        return
    long_tests = [item for item in items if item.get_closest_marker("long")]
    if long_tests:
        config.hook.pytest_deselected(items=long_tests)
        items[:] = [item for item in items if not item.get_closest_marker("long")]


@pytest.fixture(autouse=True, scope="session")
def fast_password_hashing():
    """A password hashed the production way (PBKDF2, a million rounds) costs about a second,
    and nearly every test makes a facilitator with one: the tests hash with MD5, as Django's
    testing documentation advises. A stored hash of any other kind is still checked."""
    from django.conf import global_settings
    from django.test import override_settings

    faster = ["django.contrib.auth.hashers.MD5PasswordHasher", *global_settings.PASSWORD_HASHERS]
    with override_settings(PASSWORD_HASHERS=faster):
        yield


@pytest.fixture(autouse=True, scope="session")
def classifier_fitted_once_per_material():
    """Fitting a taxonomy's classifier takes a second or more, and most tests that tag cards
    fit it from the same material (what ships with the taxonomy, no reviews yet). The fit is
    deterministic, so each distinct material is fitted once a run and later fits of the same
    material take a copy: a test still gets the classifier it would have trained."""
    from analysis.tagging import Classifier

    fit = Classifier.fit
    fitted = {}

    def fit_once(self, documents, labels):
        material = [self.slugs, [list(d) for d in documents], [sorted(x) for x in labels]]
        key = hashlib.sha256(pickle.dumps(material)).hexdigest()
        if key in fitted:
            self.vectorizer, self.models = copy.deepcopy(fitted[key])
            return self
        fit(self, documents, labels)
        fitted[key] = copy.deepcopy((self.vectorizer, self.models))
        return self

    Classifier.fit = fit_once
    yield
    Classifier.fit = fit


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
    It can be stopped and started again on the same port, as a server restart would: each
    start has a live runtime of its own (`runtime`), registered as this process's.
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
            lifespan="on",
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

    @property
    def runtime(self):
        from samtale.asgi import application

        return application.runtime

    def stop(self):
        if self.server is not None:
            self.server.should_exit = True
            self.thread.join(timeout=10)
            self.server = None

    def restart(self):
        self.stop()
        self.start()


@pytest.fixture(autouse=True)
def rate_limits_counted_per_test(settings):
    """Each test counts its rate limits (settings.RATE_LIMITS) from nothing: every request of
    the suite comes from 127.0.0.1, and the counts would otherwise add up over a run."""
    settings.RATELIMIT_CACHE_PREFIX = f"rl:{secrets.token_hex(8)}:"


@pytest.fixture(autouse=True, scope="session")
def stylesheet_built():
    """The pages link samtale.css, which is built from its parts (common/stylesheet.py):
    the suite tests the parts as they are now, also when run without make."""
    from common.stylesheet import stylesheet_build

    stylesheet_build()


@pytest.fixture(autouse=True, scope="session")
def check_live_events():
    """Every event the suite publishes is held to live/events.py, in this process and in
    the servers and workers it starts."""
    from django.conf import settings

    os.environ["LIVE_CHECK_EVENTS"] = "1"
    settings.LIVE_CHECK_EVENTS = True


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
    server = LiveServer()
    server.start()
    yield server
    server.stop()


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

    def view(self, *cards: int) -> None:
        """Say the page shows `cards` (`wall.view`), as the wall does: with
        WALL_CARD_BODIES_TO_VIEWERS only such a socket hears a card whole."""
        self.connection.send(json.dumps({"type": "wall.view", "id": -1, "data": {"cards": cards}}))
        reply = self.receive_event("live.reply")
        assert (reply["id"], reply["status"]) == (-1, 200), reply

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

    def open_socket(meeting, client: Client | None = None, *, join: str = "") -> LiveSocket:
        """`join`: an audience the page joins, as live.js asks (`card:<id>`, an editor's)."""
        headers = {"Origin": asgi_server.url}
        if client is not None:
            headers["Cookie"] = cookie_header(client)
        query = f"?join={join}" if join else ""
        connection = opened.enter_context(
            connect(
                f"{asgi_server.ws_url}/ws/meetings/{meeting.code}/{query}",
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
    # Evaluated through the browser's protocol, which the page's Content-Security-Policy
    # does not hold to: it refuses an inline <script> (add_script_tag) as it should.
    page.evaluate(AXE_JS.read_text() + "\n;undefined")
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
    page.click("main form button[type=submit]")
    page.wait_for_url("**/meetings/")
