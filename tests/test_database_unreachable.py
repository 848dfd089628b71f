"""A page or a live save that finds the database out of reach answers a calm 503 with a
wait, in the person's language, instead of a 500 (common/database.py, common.middleware.
DatabaseUnreachableMiddleware, live/socket.py). Here the database is made unreachable by
failing every query as psycopg fails when PostgreSQL is away; tests/deploy/test_faults.py
stops a real PostgreSQL."""

import sqlite3

import psycopg
import pytest
from django.db import InterfaceError, OperationalError
from django.db.models.sql.compiler import SQLCompiler
from django.test import Client

from common.database import database_unreachable
from live import requests
from tests.conftest import joined_client
from tests.factories import MeetingFactory, group_session

NYNORSK = "samtale får ikkje kontakt med databasen akkurat no."


def psycopg_error(message="connection failed: Connection refused", sqlstate=None):
    cause = psycopg.OperationalError(message)
    if sqlstate:
        cause.sqlstate = sqlstate
    error = OperationalError(message)
    error.__cause__ = cause
    return error


def sqlite_error(message):
    error = OperationalError(message)
    error.__cause__ = sqlite3.OperationalError(message)
    return error


def test_what_counts_as_the_database_out_of_reach():
    assert database_unreachable(psycopg_error())
    assert database_unreachable(psycopg_error("terminating connection", sqlstate="57P01"))
    assert database_unreachable(psycopg_error("the database system is starting up", "57P03"))
    assert database_unreachable(InterfaceError("connection already closed"))
    assert database_unreachable(sqlite_error("database is locked"))
    assert database_unreachable(OperationalError("database is locked"))  # samtale's writer lock
    # A wrong query is a bug, answered 500 as before.
    assert not database_unreachable(psycopg_error("relation does not exist", sqlstate="42P01"))
    assert not database_unreachable(sqlite_error("no such table: meetings_meeting"))
    assert not database_unreachable(ValueError("no"))


@pytest.fixture
def database_away(monkeypatch):
    """From now on, every query fails as it does when PostgreSQL has stopped."""

    def fail(*args, **kwargs):
        raise psycopg_error()

    def away():
        monkeypatch.setattr(SQLCompiler, "execute_sql", fail)

    return away


def test_a_page_answers_503_with_retry_after_and_a_page_that_needs_no_database(db, database_away):
    meeting = MeetingFactory()
    client = Client()
    database_away()
    response = client.get(f"/m/{meeting.code}/", headers={"accept": "text/html"})
    assert response.status_code == 503
    assert response["Retry-After"] == "5"
    assert "no-store" in response["Cache-Control"]
    page = response.content.decode()
    assert '<html lang="nb">' in page
    assert "Traceback" not in page and "Server Error" not in page


def test_the_page_speaks_the_language_the_person_chose(db, database_away, settings):
    meeting = MeetingFactory()
    client = Client()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "nn"
    database_away()
    response = client.get(f"/m/{meeting.code}/", headers={"accept": "text/html"})
    assert response.status_code == 503
    page = response.content.decode()
    assert '<html lang="nn">' in page
    assert NYNORSK in page  # with the pending translations (faults.json)


def test_a_fetch_gets_json_with_a_code_and_the_wait(db, database_away):
    item = group_session()
    client = joined_client(item.meeting)
    database_away()
    response = client.post(
        f"/wall/{item.meeting.code}/card/save/",
        {"base_version": 0, "heading": "Kort", "body": "Tekst", "questions": ["1"]},
        headers={"accept": "*/*", "accept-language": "nn"},
    )
    assert response.status_code == 503
    assert response["Retry-After"] == "5"
    body = response.json()
    assert (body["code"], body["retry_after"]) == ("unavailable", 5)
    assert body["error"]


def test_a_query_that_is_wrong_is_still_a_server_error(db, monkeypatch):
    meeting = MeetingFactory()

    def wrong(*args, **kwargs):
        raise psycopg_error("relation does not exist", sqlstate="42P01")

    monkeypatch.setattr(SQLCompiler, "execute_sql", wrong)
    client = Client(raise_request_exception=False)
    assert client.get(f"/m/{meeting.code}/").status_code == 500


def test_a_socket_save_answers_unavailable_and_the_socket_stays_open(
    asgi_server, live_socket, monkeypatch
):
    from meetings import domain as meetings

    item = group_session()
    meetings.meeting_start(meeting=item.meeting)
    client = joined_client(item.meeting)
    client.cookies["django_language"] = "nn"
    socket = live_socket(item.meeting, client)
    socket.receive_event("programme.state")

    def database_gone(access, data):
        raise psycopg_error("consuming input failed: server closed the connection")

    monkeypatch.setitem(requests.handlers, "card.save", database_gone)
    save = '{"type": "card.save", "id": 7, "data": {"card": 0, "base_version": 0}}'
    socket.connection.send(save)
    reply = socket.receive_event("live.reply")
    assert (reply["id"], reply["status"]) == (7, 503)
    assert (reply["body"]["code"], reply["body"]["retry_after"]) == ("unavailable", 5)
    assert NYNORSK in reply["body"]["error"]  # with the pending translations (faults.json)
    socket.connection.send('{"type": "ping"}')
    assert socket.receive_event("live.pong") is None
