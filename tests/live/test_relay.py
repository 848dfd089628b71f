"""live/relay.py: events from a process without pages reach the web process's hub."""

import asyncio
import os
import socket
import stat

import pytest

from live.relay import RelayListener, relay_send
from tests.conftest import run_in_own_loop

MESSAGE = {"meeting": 7, "audience": "facilitators", "key": None, "frame": '{"type": "x"}'}


@pytest.fixture
def relay_path(settings, tmp_path_factory):
    settings.LIVE_RELAY_SOCKET = str(tmp_path_factory.mktemp("relay") / "live.sock")
    return settings.LIVE_RELAY_SOCKET


def test_sending_with_no_web_process_listening_is_a_quiet_no(relay_path):
    assert relay_send(MESSAGE) is False


def test_a_listener_hands_each_valid_event_to_the_hub_and_ignores_the_rest(relay_path):
    async def scenario():
        received = []
        listener = RelayListener(relay_path, received.append)
        await asyncio.gather(*(listener.start() for _ in range(3)))
        mode = stat.S_IMODE(os.stat(relay_path).st_mode)
        with socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM) as other:
            other.sendto(b"not json", relay_path)
            other.sendto(b'{"meeting": "7", "frame": 1}', relay_path)
        sent = await asyncio.to_thread(relay_send, MESSAGE)
        for _ in range(100):
            if received:
                break
            await asyncio.sleep(0.01)
        listener.stop()
        return sent, received, mode

    sent, received, mode = run_in_own_loop(scenario())
    assert (sent, received, mode) == (True, [MESSAGE], 0o600)


def test_the_socket_file_of_a_listener_that_is_gone_gives_way_to_the_next(relay_path):
    """As after a web process that ended without closing it: the next one binds afresh."""
    gone = RelayListener(relay_path, lambda message: None)
    run_in_own_loop(gone.start())  # its loop ends; the file stays behind

    async def next_process():
        received = []
        listener = RelayListener(relay_path, received.append)
        await listener.start()
        await asyncio.to_thread(relay_send, MESSAGE)
        for _ in range(100):
            if received:
                break
            await asyncio.sleep(0.01)
        listener.stop()
        return received

    assert os.path.exists(relay_path)
    assert run_in_own_loop(next_process()) == [MESSAGE]
