"""Sync views run on a few long-lived threads, not on a new thread per request."""

import asyncio
import threading

import pytest

from samtale.handlers import SamtaleASGIHandler
from tests.conftest import run_in_own_loop as run


async def get(handler, query=""):
    scope = {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": "GET",
        "scheme": "http",
        "path": "/thread/",
        "raw_path": b"/thread/",
        "query_string": query.encode(),
        "root_path": "",
        "headers": [(b"host", b"127.0.0.1")],
        "client": ("127.0.0.1", 1234),
        "server": ("127.0.0.1", 80),
    }
    sent = []
    requests = [{"type": "http.request", "body": b"", "more_body": False}]

    async def receive():
        if requests:
            return requests.pop()
        await asyncio.Event().wait()  # the client stays connected

    async def send(message):
        sent.append(message)

    await handler(scope, receive, send)
    assert sent[0]["status"] == 200
    return b"".join(m.get("body", b"") for m in sent[1:]).decode()


@pytest.fixture
def handler(settings):
    settings.ROOT_URLCONF = "tests.view_thread_urls"
    settings.VIEW_THREADS = 3
    return SamtaleASGIHandler()


def test_requests_one_after_another_reuse_one_thread(handler):
    async def scenario():
        return [await get(handler) for _ in range(20)]

    before = threading.active_count()
    names = run(scenario())
    assert set(names) == {"samtale-views-0_0"}
    # One thread was started for all twenty, where Django's handler starts one each.
    assert threading.active_count() - before <= 1


def test_a_slow_request_does_not_hold_up_the_next(handler):
    async def scenario():
        slow = asyncio.create_task(get(handler, "sleep=0.5"))
        await asyncio.sleep(0.05)
        started = asyncio.get_running_loop().time()
        quick = await get(handler)
        waited = asyncio.get_running_loop().time() - started
        return await slow, quick, waited

    slow, quick, waited = run(scenario())
    assert slow != quick
    assert waited < 0.4
