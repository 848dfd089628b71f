"""Two samtale processes on PostgreSQL and Redis serve one meeting, and survive a Redis restart.

This is the scale-out shape: a save through process A reaches a socket on process B, over
one Redis pub/sub subscription per process. It runs in the services pass of `make test`.
"""

import http.cookiejar
import json
import os
import shutil
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from contextlib import ExitStack

import pytest
from django.conf import settings
from django.db import connection

from groups import domain as groups
from meetings import domain as meetings
from tests.conftest import IN_CI, LiveSocket, free_port
from tests.factories import group_session

pytestmark = pytest.mark.services


def wait_until(check, timeout=15.0, what="condition"):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            if check():
                return
        except Exception:  # refused while the server is still starting
            pass
        time.sleep(0.1)
    raise AssertionError(f"timed out waiting for {what}")


class RedisServer:
    """A private Redis for this test, so it can be stopped and started again."""

    def __init__(self):
        self.port = free_port()
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self.process = None

    def start(self):
        self.process = subprocess.Popen(
            [
                "redis-server",
                "--port",
                str(self.port),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no",
            ],
            stdout=subprocess.DEVNULL,
        )
        import redis

        client = redis.Redis.from_url(self.url, socket_connect_timeout=0.5)
        wait_until(client.ping, what="redis to start")

    def stop(self):
        self.process.terminate()
        self.process.wait(timeout=10)


class SamtaleProcess:
    """`uvicorn samtale.asgi:application` in its own process, as in production."""

    def __init__(self, env):
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "uvicorn",
                "samtale.asgi:application",
                "--port",
                str(self.port),
                "--lifespan",
                "off",
                "--ws-per-message-deflate",
                "false",
                "--log-level",
                "warning",
            ],
            cwd=settings.BASE_DIR,
            env=env,
        )
        wait_until(
            lambda: urllib.request.urlopen(f"{self.url}/healthz", timeout=1).status == 200,
            what="samtale to answer",
        )

    def stop(self):
        self.process.terminate()
        self.process.wait(timeout=10)


class Browser:
    """Just enough of a browser: cookies, CSRF, forms."""

    def __init__(self, base):
        self.base = base
        self.cookies = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.cookies))

    def cookie(self, name):
        return next(c.value for c in self.cookies if c.name == name)

    def get(self, path):
        return self.opener.open(self.base + path, timeout=10).read().decode()

    def post(self, path, data):
        request = urllib.request.Request(
            self.base + path,
            data=urllib.parse.urlencode(data, doseq=True).encode(),
            headers={"X-CSRFToken": self.cookie("csrftoken"), "Referer": self.base + path},
        )
        return self.opener.open(request, timeout=10)

    def join(self, code, name):
        self.get(f"/m/{code}/")
        self.post(
            f"/m/{code}/join/",
            {"name": name, "organisation": "KS", "organisation_is_other": "on", "join_key": name},
        )


@pytest.fixture
def cluster(transactional_db):
    if connection.vendor != "postgresql" or not shutil.which("redis-server"):
        if IN_CI and os.environ.get("DATABASE_URL", "").startswith("postgres"):
            pytest.fail("the scale-out test needs PostgreSQL and redis-server")
        pytest.skip("runs in the services pass (PostgreSQL and redis-server)")
    db = connection.settings_dict
    database_url = (
        f"postgres://{db['USER']}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"
    )
    with ExitStack() as stack:
        redis_server = RedisServer()
        redis_server.start()
        stack.callback(lambda: redis_server.process.poll() is None and redis_server.stop())
        env = {
            **os.environ,
            "DATABASE_URL": database_url,
            "REDIS_URL": redis_server.url,
            "SECRET_KEY": "scale-out-test-key-" + "x" * 40,
        }
        first, second = SamtaleProcess(env), SamtaleProcess(env)
        stack.callback(first.stop)
        stack.callback(second.stop)
        yield redis_server, first, second, stack


def open_socket(stack, process, browser, code):
    from websockets.sync.client import connect

    return LiveSocket(
        stack.enter_context(
            connect(
                f"ws://127.0.0.1:{process.port}/ws/meetings/{code}/",
                additional_headers={
                    "Origin": process.url,
                    "Cookie": f"sessionid={browser.cookie('sessionid')}",
                },
                open_timeout=5,
            )
        )
    )


def save(browser, code, base, body):
    response = browser.post(
        f"/wall/{code}/card/save/",
        {"base_version": base, "heading": "Kort", "body": body, "questions": ["1"]},
    )
    return json.loads(response.read())["version"]


def test_save_through_one_process_reaches_a_socket_on_another(cluster):
    redis_server, first, second, stack = cluster
    item = group_session()
    meeting = item.meeting
    writer, reader = Browser(first.url), Browser(second.url)
    writer.join(meeting.code, "Anne Ås")
    reader.join(meeting.code, "Bjørn Berg")
    meetings.meeting_start(meeting=meeting)
    groups.groups_form(item=item, strategy="random", target_size=2, seed=1)

    socket = open_socket(stack, second, reader, meeting.code)
    socket.receive_event("programme.state")
    version = save(writer, meeting.code, 0, "Fra prosess A")
    frame = socket.receive_event("wall.card", timeout=5)
    assert (frame["version"], "Fra prosess A" in frame["html"]) == (version, True)

    # Redis goes away and comes back: the process behind the socket tells it to resync.
    redis_server.stop()
    save(writer, meeting.code, version, "Mens Redis er borte")  # saved; not delivered across
    redis_server.start()
    socket.receive_event("live.resync", timeout=20)
    socket.connection.close()

    socket = open_socket(stack, second, reader, meeting.code)
    socket.receive_event("programme.state")
    save(writer, meeting.code, version + 1, "Etter at Redis kom tilbake")
    frame = socket.receive_event("wall.card", timeout=5)
    assert "Etter at Redis kom tilbake" in frame["html"]
    socket.connection.close()
