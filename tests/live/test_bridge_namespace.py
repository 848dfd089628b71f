"""Two samtale deployments (or two test runs) on one Redis do not hear each other's events.

Redis pub/sub channels are shared by every client of a Redis server, whatever its database
number, and meeting ids repeat between deployments. So each deployment publishes on a
channel of its own: LIVE_REDIS_CHANNEL, by default named after its database. The other
deployment here is a real second process with its own settings, publishing through its
own bridge to the same Redis as this one; this one is a runtime (live/runtime.py) of its own,
as a web process has.
"""

import asyncio
import json
import os
import subprocess
import sys

import pytest
from django.conf import settings

from live.hub import Connection
from live.publish import EVERYONE
from live.runtime import LiveRuntime
from tests.conftest import IN_CI, run_in_own_loop

pytestmark = pytest.mark.services

MEETING_ID = 4242  # the same id in both deployments, as two databases easily give

PUBLISH_FROM_OTHER_PROCESS = f"""
import django, json
django.setup()
from live.runtime import send  # a process with no runtime: straight to Redis
send({{"meeting": {MEETING_ID}, "audience": "all", "key": None,
                   "frame": json.dumps({{"type": "test.event", "data": "other"}})}})
"""


@pytest.fixture
def redis_url(settings):
    """The Redis at 127.0.0.1 (TEST_REDIS_URL to change); skipped without one, except in CI."""
    import redis

    url = os.environ.get("TEST_REDIS_URL") or settings.REDIS_URL or "redis://127.0.0.1:6379/0"
    try:
        redis.Redis.from_url(url, socket_connect_timeout=2).ping()
    except redis.RedisError:
        if IN_CI:
            pytest.fail(f"no Redis at {url}")
        pytest.skip(f"no Redis at {url}")
    settings.REDIS_URL = url
    return url


def database_url(name: str) -> str:
    """A DATABASE_URL whose database NAME is `name` (the other process never connects)."""
    if settings.DATABASES["default"]["ENGINE"].endswith("postgresql"):
        return f"postgres://samtale@127.0.0.1/{name}"
    return f"sqlite:///{name}"


def other_process(redis_url, tmp_path, **env):
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "samtale.settings",
        "REDIS_URL": redis_url,
        "SAMTALE_VAR_DIR": str(tmp_path),
        "SECRET_KEY": "namespace-test-key-" + "x" * 40,
        "LIVE_REDIS_CHANNEL": "",
        **env,
    }


def heard_here(env) -> list:
    """What a socket of this process hears of the meeting when the other process publishes
    to it, then this one: this process's event always, the other's only on a shared channel."""

    async def listen():
        frames = []

        async def send(text):
            frame = json.loads(text)
            frames.extend(frame["data"] if frame["type"] == "live.batch" else [frame])

        here = LiveRuntime()
        connection = Connection(MEETING_ID, frozenset([EVERYONE]), send)
        here.hub.attach(connection)
        try:
            await here.ready()
            # The other process has published (and exited) before this one publishes, and
            # Redis delivers in that order: if its event comes at all, it comes first.
            await asyncio.to_thread(
                subprocess.run,
                [sys.executable, "-c", PUBLISH_FROM_OTHER_PROCESS],
                env=env,
                cwd=settings.BASE_DIR,
                check=True,
                timeout=60,
            )
            frame = json.dumps({"type": "test.event", "data": "here"})
            await asyncio.to_thread(
                here.bridge.send,
                {"meeting": MEETING_ID, "audience": EVERYONE, "key": None, "frame": frame},
            )
            async with asyncio.timeout(5):
                while {"type": "test.event", "data": "here"} not in frames:
                    await asyncio.sleep(0.02)
        finally:
            here.hub.detach(connection)
            await here.close()
        return [frame["data"] for frame in frames]

    return run_in_own_loop(listen())


def test_bridge_hears_nothing_from_another_database_on_the_same_redis(redis_url, tmp_path):
    other = database_url(str(tmp_path / "other-deployment.sqlite3"))
    assert heard_here(other_process(redis_url, tmp_path, DATABASE_URL=other)) == ["here"]


def test_bridge_hears_another_process_of_the_same_database(redis_url, tmp_path):
    same = database_url(settings.DATABASES["default"]["NAME"])
    assert heard_here(other_process(redis_url, tmp_path, DATABASE_URL=same)) == ["other", "here"]


def test_bridge_channels_named_apart_are_apart_on_one_database(redis_url, tmp_path, settings):
    settings.LIVE_REDIS_CHANNEL = "samtale:live:test-a"
    same = database_url(settings.DATABASES["default"]["NAME"])
    env = other_process(
        redis_url, tmp_path, DATABASE_URL=same, LIVE_REDIS_CHANNEL="samtale:live:test-b"
    )
    assert heard_here(env) == ["here"]


def test_bridge_channel_named_alike_joins_two_databases(redis_url, tmp_path, settings):
    settings.LIVE_REDIS_CHANNEL = "samtale:live:test-a"
    other = database_url(str(tmp_path / "other-deployment.sqlite3"))
    env = other_process(
        redis_url, tmp_path, DATABASE_URL=other, LIVE_REDIS_CHANNEL="samtale:live:test-a"
    )
    assert heard_here(env) == ["other", "here"]
