"""Faults a meeting survives, each on real processes (docs/deploy.md, "Faults").

- samtale's process killed with SIGKILL while a group types its card, and started again:
  the page reconnects by itself within seconds, what was saved is all there, and what was
  typed meanwhile and after is saved.
- PostgreSQL stopped under a running samtale: pages answer 503 with Retry-After in the
  person's language, a save over the socket answers "unavailable"; started again, the next
  page and save work without restarting samtale.

A Redis outage is tested in tests/live/test_scale_out.py, a worker killed mid-report in
tests/reports/test_worker.py. These run in `make test` (each well under 30 s) and in CI.
"""

import json
import sqlite3
import time
from contextlib import ExitStack
from pathlib import Path
from types import SimpleNamespace

import psycopg
import pytest
from playwright.sync_api import expect

from tests.browser.test_live_programme import join
from tests.conftest import free_port
from tests.deploy.conftest import deploy_environment, manage, unit_command
from tests.processes import (
    Browser,
    PostgresCluster,
    SamtaleProcess,
    open_socket,
    require_postgres_server,
)

NYNORSK_UNAVAILABLE = "samtale får ikkje kontakt med databasen akkurat no."

# A started meeting in its group session, made in the samtale process's own database.
MEETING = """
from meetings import domain
from tests.factories import group_session
item = group_session()
domain.meeting_start(meeting=item.meeting)
print(item.meeting.code)
"""

# The members who joined, put in one group.
GROUPS = """
from groups import domain
from meetings.models import Meeting
item = Meeting.objects.get(code="{code}").items.get(kind="group_session")
domain.groups_form(item=item, strategy="random", target_size=2, seed=1)
"""


def start_meeting(environment) -> str:
    """A meeting in its group session, in the database of `environment`: its code."""
    return manage(environment, "shell", "-c", MEETING).stdout.strip().splitlines()[-1]


def form_groups(environment, code):
    """Once the members have joined: one group of them."""
    manage(environment, "shell", "-c", GROUPS.format(code=code))


def socket_save(socket, request_id, base_version, body):
    """A card save over the live socket, as card-editor.js sends it; its reply."""
    data = {"card": 0, "base_version": base_version, "heading": "Kort", "body": body}
    socket.connection.send(
        json.dumps({"type": "card.save", "id": request_id, "data": {**data, "questions": [1]}})
    )
    while True:
        reply = socket.receive_event("live.reply", timeout=10)
        if reply["id"] == request_id:
            return reply


# --- samtale killed -------------------------------------------------------------------------


def card_versions(database: Path) -> list[tuple[int, str]]:
    with sqlite3.connect(database) as stored:
        return stored.execute(
            "SELECT version, body FROM wall_cardversion ORDER BY version"
        ).fetchall()


def card_version(socket, version: int, timeout=5.0) -> dict:
    """The socket's first card.state of `version` or newer, skipping older ones."""
    deadline = time.monotonic() + timeout
    while True:
        card = socket.receive_event("card.state", timeout=max(0.1, deadline - time.monotonic()))
        if card["version"] >= version:
            return card


def versions_become(page, database, expected, timeout=6.0):
    """Wait (the page running meanwhile) until the card's versions are `expected`."""
    deadline = time.monotonic() + timeout
    while card_versions(database) != expected and time.monotonic() < deadline:
        page.wait_for_timeout(100)
    assert card_versions(database) == expected


@pytest.mark.browser
def test_samtale_killed_mid_session_the_pages_reconnect_and_no_text_is_lost(browser, tmp_path):
    database = tmp_path / "samtale.sqlite3"
    environment = deploy_environment(
        tmp_path, DATABASE_URL=f"sqlite:///{database}", REDIS_URL="", HTTPS="false"
    )
    manage(environment, "migrate", "--noinput")
    manage(environment, "collectstatic", "--noinput")
    code = start_meeting(environment)
    port = free_port()
    process = SamtaleProcess(environment, unit_command(port), port=port)
    with ExitStack() as stack:
        stack.callback(lambda: process.process.poll() is None and process.stop())
        context = browser.new_context(
            viewport={"width": 390, "height": 844}, locale="nb-NO", base_url=process.url
        )
        stack.callback(context.close)
        context.set_default_timeout(7000)
        page = context.new_page()
        join(page, SimpleNamespace(code=code), "Anne Ås", "Porsgrunn kulturskole")
        other = Browser(process.url)
        other.join(code, "Bjørn Berg")
        form_groups(environment, code)
        page.goto(f"/groups/{code}/")
        live, saving = page.locator("[data-live-status]"), page.locator("[data-save-status]")
        expect(live).to_have_attribute("data-state", "online")
        socket = open_socket(stack, process, other, code)
        socket.receive_event("programme.state")

        saved = "Det vi ble enige om før serveren stoppet."
        page.fill("#card-body", saved)
        expect(saving).to_have_attribute("data-state", "saved")
        # The server keeps the shared document from the first edit on, and makes it a
        # version when the typing pauses (card-editor.js: PAUSE).
        versions_become(page, database, [(1, saved)])

        process.kill()
        expect(live).to_have_attribute("data-state", "reconnecting")
        typed = saved + "\nSkrevet mens serveren var borte."
        page.fill("#card-body", typed)
        expect(saving).to_have_attribute("data-state", "offline")

        process = SamtaleProcess(environment, unit_command(port), port=port)
        started = time.monotonic()
        # The page comes back by itself (live.js), and sends what was typed meanwhile.
        expect(live).to_have_attribute("data-state", "online", timeout=5000)
        reconnected = time.monotonic() - started
        expect(saving).to_have_attribute("data-state", "saved", timeout=5000)
        assert reconnected < 5, f"the page took {reconnected:.1f} s to reconnect"
        versions_become(page, database, [(1, saved), (2, typed)])

        # A save after the restart reaches the database and the other member's socket.
        socket = open_socket(stack, process, other, code)
        socket.receive_event("programme.state")
        after = typed + "\nEtter omstarten."
        page.fill("#card-body", after)
        expect(saving).to_have_attribute("data-state", "saved")
        # Version 2's event may still be on its way to the new socket: the third's counts.
        assert "Etter omstarten." in card_version(socket, 3)["html"]
        versions_become(page, database, [(1, saved), (2, typed), (3, after)])
        expect(page.locator("#card-body")).to_have_value(after)


# --- PostgreSQL restarted --------------------------------------------------------------------


@pytest.fixture
def postgres():
    cluster = PostgresCluster(require_postgres_server())
    try:
        cluster.start()
        cluster.create_database()
        yield cluster
    finally:
        cluster.remove()


def test_postgresql_restarted_pages_and_saves_fail_clearly_and_the_meeting_goes_on(
    postgres, tmp_path
):
    environment = deploy_environment(
        tmp_path, DATABASE_URL=postgres.url, REDIS_URL="", HTTPS="false"
    )
    manage(environment, "migrate", "--noinput")
    manage(environment, "collectstatic", "--noinput")
    code = start_meeting(environment)
    process = SamtaleProcess(environment, unit_command(port := free_port()), port=port)
    with ExitStack() as stack:
        stack.callback(process.stop)
        members = []
        for name in ("Anne Ås", "Bjørn Berg"):
            member = Browser(process.url)
            member.join(code, name)
            members.append(member)
        form_groups(environment, code)
        writer = members[0]
        writer.choose_language("nn")
        socket = open_socket(stack, process, writer, code)
        socket.receive_event("programme.state")
        saved = socket_save(socket, 1, 0, "Lagra før databasen stoppa")
        assert saved["status"] == 200, saved

        postgres.stop()
        status, headers, page = writer.open(f"/m/{code}/", {"Accept": "text/html"})
        assert (status, headers["Retry-After"]) == (503, "5"), page[:2000]
        assert '<html lang="nn">' in page
        assert NYNORSK_UNAVAILABLE in page  # with the pending translations (faults.json)
        assert writer.open("/healthz")[0] == 503  # monitoring sees it too
        refused = socket_save(socket, 2, 1, "Skrive medan databasen var borte")
        assert refused["status"] == 503, refused
        assert (refused["body"]["code"], refused["body"]["retry_after"]) == ("unavailable", 5)
        assert NYNORSK_UNAVAILABLE in refused["body"]["error"]
        # The socket is still open: it answers a ping.
        socket.connection.send('{"type": "ping"}')
        socket.receive_event("live.pong")

        postgres.start()
        status, _headers, page = writer.open(f"/m/{code}/", {"Accept": "text/html"})
        assert status == 200, page[:2000]
        # The editor's next try, on the same socket and the same process.
        again = socket_save(socket, 3, 1, "Skrive medan databasen var borte")
        assert again["status"] == 200, again
        assert again["body"]["version"] == 2

    with psycopg.connect(postgres.url) as database:
        versions = database.execute(
            "SELECT version, body FROM wall_cardversion ORDER BY version"
        ).fetchall()
    assert versions == [(1, "Lagra før databasen stoppa"), (2, "Skrive medan databasen var borte")]
