"""Two samtale processes on PostgreSQL and Redis serve one meeting, and survive a Redis restart.

This is the scale-out shape: a save through process A reaches a socket on process B, over
one Redis pub/sub subscription per process. It runs in the services pass of `make test`.
"""

import os
from contextlib import ExitStack

import pytest

from groups import domain as groups
from meetings import domain as meetings
from tests.factories import group_session
from tests.processes import (
    Browser,
    RedisServer,
    SamtaleProcess,
    open_socket,
    require_services,
    save,
    services_database_url,
)
from wall.models import Card

pytestmark = pytest.mark.services


@pytest.fixture
def cluster(transactional_db):
    require_services("the scale-out test")
    database_url = services_database_url()
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


def test_save_through_one_process_reaches_a_socket_on_another(cluster):
    redis_server, first, second, stack = cluster
    item = group_session()
    meeting = item.meeting
    writer, reader = Browser(first.url), Browser(second.url)
    writer.join(meeting.code, "Anne Ås")
    reader.join(meeting.code, "Bjørn Berg")
    meetings.meeting_start(meeting=meeting)
    groups.groups_form(item=item, strategy="random", target_size=2, seed=1)

    card = Card.objects.get(item=item)
    socket = open_socket(stack, second, reader, meeting.code)
    socket.receive_event("programme.state")
    socket.view(card.pk)  # a wall that shows the card
    version = save(writer, meeting.code, 0, "Fra prosess A")
    frame = socket.receive_event("card.state", timeout=5)
    assert (frame["version"], "Fra prosess A" in frame["html"]) == (version, True)

    # Redis goes away and comes back: the process behind the socket tells it to resync.
    redis_server.stop()
    save(writer, meeting.code, version, "Mens Redis er borte")  # saved; not delivered across
    redis_server.start()
    socket.receive_event("live.reconnect", timeout=20)
    socket.connection.close()

    socket = open_socket(stack, second, reader, meeting.code)
    socket.receive_event("programme.state")
    socket.view(card.pk)
    save(writer, meeting.code, version + 1, "Etter at Redis kom tilbake")
    frame = socket.receive_event("card.state", timeout=5)
    assert "Etter at Redis kom tilbake" in frame["html"]
    socket.connection.close()
