"""On SQLite, writers in one process take turns on samtale's lock instead of SQLite's sleeps."""

import threading
import time

import pytest
from django.db import connection, transaction

from samtale.sqlite import base as sqlite_writer

pytestmark = pytest.mark.skipif(
    connection.vendor != "sqlite", reason="the lock is for the embedded SQLite database"
)


def write(name, hold=0.0, finished=None):
    from django.contrib.auth.models import User

    try:
        with transaction.atomic():
            User.objects.create(username=name)
            time.sleep(hold)
        if finished is not None:
            finished[name] = time.monotonic()
    finally:
        connection.close()


def test_a_second_writer_goes_on_the_moment_the_first_commits(transactional_db):
    from django.contrib.auth.models import User

    finished = {}
    first = threading.Thread(target=write, args=("first", 0.3, finished))
    first.start()
    time.sleep(0.05)
    assert sqlite_writer._writer.locked()  # the first writer holds samtale's lock
    second = threading.Thread(target=write, args=("second", 0.0, finished))
    second.start()
    first.join(5)
    second.join(5)
    assert set(User.objects.values_list("username", flat=True)) >= {"first", "second"}
    # SQLite's busy handler would have slept in steps of up to 100 ms before trying again.
    assert 0 <= finished["second"] - finished["first"] < 0.05
    assert not sqlite_writer._writer.locked()


def test_a_failed_transaction_lets_the_next_writer_in(transactional_db):
    from django.contrib.auth.models import User

    with pytest.raises(RuntimeError), transaction.atomic():
        User.objects.create(username="rolled-back")
        assert sqlite_writer._writer.locked()
        raise RuntimeError("the transaction fails")
    assert not sqlite_writer._writer.locked()
    other = threading.Thread(target=write, args=("after",))
    other.start()
    other.join(5)
    assert list(User.objects.values_list("username", flat=True)) == ["after"]
