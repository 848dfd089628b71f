"""Static files: served by the process under ASGI, left to runserver under WSGI."""

import asyncio

from django.test import AsyncClient, Client

from tests.conftest import run_in_own_loop


def test_static_files_are_served_under_asgi(db):
    async def fetch():
        response = await AsyncClient().get("/static/samtale/js/live.js")
        return response.status_code, b"".join([c async for c in response.streaming_content])

    status, body = run_in_own_loop(fetch())
    assert status == 200
    assert b"samtaleLive" in body


def test_a_sync_request_in_a_thread_with_a_running_loop_still_works(db, monkeypatch):
    # As after a browser test: Playwright's sync API leaves a loop running in the thread.
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

    async def inside_a_loop():
        return Client().get("/healthz")

    assert asyncio.run(inside_a_loop()).status_code == 200
