"""The whole path with a real worker: `manage.py db_worker` in its own process builds the
report, and its progress reaches a facilitator's live socket on the web server.

On SQLite (no REDIS_URL) the worker's events cross to the server through the relay
socket (live/relay.py); on PostgreSQL with Redis (the services pass) through Redis.
"""

import os
import signal
import subprocess
import sys
import time

import pytest
from django.conf import settings
from django.core.files.storage import default_storage
from django.db import connection
from django.test import Client

from reports import domain
from reports.models import Report, ReportBuild
from tests.processes import services_database_url, wait_until
from tests.reports.material import finished_meeting


def _database_url() -> str:
    if connection.vendor == "sqlite":
        return f"sqlite:///{connection.settings_dict['NAME']}"
    return services_database_url()


class Worker:
    """`manage.py db_worker`, as `make demo` and the systemd unit start it."""

    def __init__(self, media_root, delay=0.0):
        environment = {
            **os.environ,
            "DATABASE_URL": _database_url(),
            "DJANGO_SETTINGS_MODULE": "tests.reports.worker_settings",
            "MEDIA_ROOT": str(media_root),
            "LIVE_RELAY_SOCKET": settings.LIVE_RELAY_SOCKET,
            "STUB_EXPORTER_DELAY": str(delay),
            "TEST_REPORT_EXPORTERS": settings.REPORT_EXPORTERS,
            "TEST_LOCALE_PATHS": os.pathsep.join(str(path) for path in settings.LOCALE_PATHS),
        }
        self.process = subprocess.Popen(
            [
                sys.executable,
                "manage.py",
                "db_worker",
                "--no-reload",
                "--no-startup-delay",
                "--interval",
                "0.1",
                "--verbosity",
                "0",
            ],
            cwd=settings.BASE_DIR,
            env=environment,
        )

    def stop(self):
        if self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=20)

    def kill(self):
        self.process.send_signal(signal.SIGKILL)
        self.process.wait(timeout=10)


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.REPORT_EXPORTERS = "tests.reports.stub_exporters"
    return settings.MEDIA_ROOT


@pytest.fixture
def workers(media):
    started = []

    def start(delay=0.0):
        worker = Worker(media, delay)
        started.append(worker)
        return worker

    yield start
    for worker in started:
        worker.stop()


def _facilitator(meeting) -> Client:
    client = Client()
    client.force_login(meeting.facilitators.get())
    return client


def _progress_until(socket, build, statuses, timeout=60):
    """The report.state events of `build`, up to the first with one of `statuses`."""
    seen = []
    deadline = time.monotonic() + timeout
    while True:
        event = socket.receive_event("report.state", timeout=deadline - time.monotonic())
        if event["build"] == build.pk:
            seen.append(event)
            if event["status"] in statuses:
                return seen


def test_a_real_worker_builds_the_report_and_its_progress_reaches_the_page(
    asgi_server, live_socket, workers, media, settings
):
    settings.REPORT_EXPORTERS = "reports.exporters"  # the real writers, WeasyPrint and all
    meeting = finished_meeting(cards=4)
    socket = live_socket(meeting, _facilitator(meeting))
    socket.receive_event("programme.state")

    build = domain.build_request(meeting=meeting, language="nb")
    queued = socket.receive_event("report.state")
    assert {key: queued[key] for key in ("build", "status", "step", "done", "total")} == {
        "build": build.pk,
        "status": "queued",
        "step": "",
        "done": 0,
        "total": 0,
    }

    workers()
    events = _progress_until(socket, build, {"done", "failed"})
    assert events[-1]["status"] == "done" and events[-1]["percent"] == 100
    running = [e for e in events if e["status"] == "running"]
    cards = [e for e in running if e["step"] == "cards"]
    assert all(0 <= e["done"] <= e["total"] == 4 for e in cards)
    # Steps that end within one tick are coalesced to the build's newest state (a quick
    # machine may never show "cards 2 of 4"), so the test asks for order, not for each step.
    assert running and all(0 <= e["done"] <= max(e["total"], 1) for e in running)
    # The slow formats are heard; the quick last ones (CSV, Markdown, the ZIP of files
    # already made) may share a tick with "done", and a tick keeps a build's newest state.
    assert {e["format"] for e in running} >= {"pdf", "docx"}
    percents = [e["percent"] for e in running]
    assert percents == sorted(percents)

    build.refresh_from_db()
    assert build.status == "done" and build.started_at and build.finished_at
    assert Report.objects.get(meeting=meeting).published_build_id == build.pk
    files = {fmt: (media / f["name"]).read_bytes() for fmt, f in build.files.items()}
    assert files["pdf"].startswith(b"%PDF")
    assert all(files[fmt].startswith(b"PK") for fmt in ("docx", "xlsx", "zip"))
    assert "Kort fra gruppe 4" in files["md"].decode()
    assert "Kort fra gruppe 4" in files["csv"].decode("utf-8-sig")


def test_a_worker_killed_mid_build_leaves_the_published_files_intact(
    asgi_server, live_socket, workers, media, settings
):
    meeting = finished_meeting(cards=4)
    socket = live_socket(meeting, _facilitator(meeting))
    socket.receive_event("programme.state")
    published = domain.build_run(build_id=domain.build_request(meeting=meeting, language="nb").pk)
    before = {fmt: (media / f["name"]).read_bytes() for fmt, f in published.files.items()}

    # A slow build, stopped the hard way while it writes its second file.
    interrupted = domain.build_request(meeting=meeting, language="nb", include_hidden=True)
    worker = workers(delay=0.3)
    events = []
    while not events or events[-1]["format"] != "docx":
        events += _progress_until(socket, interrupted, {"running"})
    worker.kill()

    assert Report.objects.get(meeting=meeting).published_build_id == published.pk
    assert {fmt: (media / f["name"]).read_bytes() for fmt, f in published.files.items()} == before
    interrupted.refresh_from_db()
    assert interrupted.status == "running" and set(interrupted.files) == {"pdf"}

    # Once it has been silent for long enough, a new build takes its place and its
    # half-written files go; a new worker finishes the new build.
    settings.REPORT_BUILD_STALE_SECONDS = 0
    with_hidden = domain.build_request(meeting=meeting, language="nb", include_hidden=True)
    interrupted.refresh_from_db()
    assert interrupted.status == "failed"
    assert not default_storage.exists(interrupted.files["pdf"]["name"])
    workers()
    _progress_until(socket, with_hidden, {"done"})
    assert Report.objects.get(meeting=meeting).published_build_id == with_hidden.pk
    wait_until(lambda: not (media / published.files["pdf"]["name"]).exists(), what="old files gone")
    assert ReportBuild.objects.get(pk=published.pk).files == {}
