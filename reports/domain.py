"""Meeting reports: asking for a build, building it in the worker, publishing and sharing it.

A build is asked for in the web process (`build_request`) and done only by the worker
(`build_run`, started by reports/tasks.py): rendering a PDF holds the interpreter lock
for seconds, which in the web process would stall every live socket of the meeting. The
worker reports its progress over the live socket (`report.state`, to the facilitators).
Every format is written to new files first; the report's published build is switched to
the new one only when all of them are written, so a build that stops half-way leaves the
files readers download as they were.
"""

import dataclasses
import hashlib
import json
import logging
import secrets
import time
from datetime import timedelta
from importlib import import_module

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from common.errors import DomainError
from live.events import REPORT_STATE
from live.publish import FACILITATORS, publish
from meetings.models import Meeting
from reports.content import ReportContent
from reports.gather import report_content
from reports.models import Report, ReportBuild
from reports.signals import build_requested

logger = logging.getLogger("samtale.reports")

# At most this often (seconds) does a running build write and publish its progress.
PROGRESS_INTERVAL = 0.25


class ReportError(DomainError):
    """Something the facilitator asked that cannot be done now; the message says why."""


def exporters():
    """The module that writes each format (settings.REPORT_EXPORTERS)."""
    return import_module(settings.REPORT_EXPORTERS)


def report_for(meeting: Meeting) -> Report:
    report, _created = Report.objects.get_or_create(meeting=meeting)
    return report


# --- Asking for a build (web process) -----------------------------------------------------


def build_is_stale(build: ReportBuild, now=None) -> bool:
    """A queued or running build that has shown no sign of life for too long has stopped."""
    if not build.is_active:
        return False
    last = build.heartbeat_at or build.created_at
    return (now or timezone.now()) - last > timedelta(seconds=settings.REPORT_BUILD_STALE_SECONDS)


def build_request(
    *,
    meeting: Meeting,
    language: str,
    include_names: bool = False,
    include_hidden: bool = False,
    user=None,
) -> ReportBuild:
    """Queue a build of the report in every format, for the worker to do.

    Refused while another build of the meeting is waiting or running; one that has stopped
    (its worker was killed) is marked failed and its partial files removed first.
    """
    with transaction.atomic():
        Meeting.objects.select_for_update().filter(pk=meeting.pk).get()
        for active in meeting.report_builds.filter(
            status__in=[ReportBuild.Status.QUEUED, ReportBuild.Status.RUNNING]
        ):
            if not build_is_stale(active):
                raise ReportError(_("The report is being built already. Wait until it is ready."))
            _fail(active, _("The build stopped before it was finished."))
        build = ReportBuild.objects.create(
            meeting=meeting,
            language=language,
            include_names=include_names,
            include_hidden=include_hidden,
            requested_by=user if user is not None and user.is_authenticated else None,
        )
        report_for(meeting)
        # reports/tasks.py queues the worker's task, in this transaction.
        build_requested.send(sender=ReportBuild, build_id=build.pk)
        _publish_progress(build)
    return build


def _fail(build: ReportBuild, error: str) -> None:
    build.status = ReportBuild.Status.FAILED
    build.error = error
    build.finished_at = timezone.now()
    build.save(update_fields=["status", "error", "finished_at"])
    files = build.files
    transaction.on_commit(lambda: _delete_files(files))
    _publish_progress(build)


def _delete_files(files: dict) -> None:
    for entry in files.values():
        try:
            default_storage.delete(entry["name"])
        except Exception:  # a file already gone, or storage away: the record goes anyway
            logger.warning("could not delete report file %s", entry.get("name"), exc_info=True)


# --- Building (worker only) ---------------------------------------------------------------


class _Progress:
    """The worker's progress: written to the build and published, a few times a second."""

    def __init__(self, build: ReportBuild, formats: tuple[str, ...]):
        self.build = build
        self.formats = formats
        self.index = 0
        self.last_sent = 0.0
        self.last_step = None

    def start_format(self, index: int) -> None:
        self.index = index
        self.build.file_format = self.formats[index]
        self.last_step = None  # the first step of each format is always told

    def __call__(self, step: str, done: int, total: int) -> None:
        fraction = min(done / total, 1.0) if total else 0.0
        percent = int(100 * (self.index + fraction) / len(self.formats))
        now = time.monotonic()
        finished_step = bool(total) and done >= total
        recent = now - self.last_sent < PROGRESS_INTERVAL
        if step == self.last_step and recent and not finished_step:
            return
        self.last_step, self.last_sent = step, now
        build = self.build
        build.step, build.done, build.total = step, done, total
        build.percent = max(build.percent, min(percent, 99))
        build.heartbeat_at = timezone.now()
        build.save(
            update_fields=["file_format", "step", "done", "total", "percent", "heartbeat_at"]
        )
        _publish_progress(build)


def build_run(*, build_id: int) -> ReportBuild | None:
    """Build every format of the report for `build_id`, then publish it. Runs in the worker.

    Returns None when the build is no longer waiting (another worker took it, or it was
    given up). On an error the build is marked failed, its new files are removed, and the
    error is raised again for the worker's log.
    """
    now = timezone.now()
    claimed = ReportBuild.objects.filter(pk=build_id, status=ReportBuild.Status.QUEUED).update(
        status=ReportBuild.Status.RUNNING, started_at=now, heartbeat_at=now, step="gather"
    )
    if not claimed:
        return None
    build = ReportBuild.objects.select_related("meeting").get(pk=build_id)
    _publish_progress(build)
    try:
        writers = exporters()
        content = report_content(
            meeting=build.meeting,
            language=build.language,
            include_names=build.include_names,
            include_hidden=build.include_hidden,
            synthesis=True,
        )
        build.fingerprint = content_fingerprint(content)
        folder = f"reports/{build.meeting_id}/{build.pk}-{secrets.token_urlsafe(16)}"
        progress = _Progress(build, tuple(writers.FORMATS))
        # One pass for every format: the pictures prepared once, the ZIP from the files made.
        made = writers.write_each(content, progress=progress)
        for index, fmt in enumerate(writers.FORMATS):
            progress.start_format(index)
            progress(fmt, 0, 0)
            _, data = next(made)
            name = writers.file_name(content, fmt)
            stored = default_storage.save(f"{folder}/{name}", ContentFile(data))
            # Recorded as each is written, so the files of a build that stops can be found.
            build.files = {**build.files, fmt: {"name": stored, "size": len(data)}}
            build.save(update_fields=["files", "fingerprint"])
    except BaseException as error:
        build.refresh_from_db(fields=["files"])
        _fail(build, f"{type(error).__name__}: {error}"[:2000])
        raise
    return _publish(build)


def _publish(build: ReportBuild) -> ReportBuild:
    """Make `build` the meeting's published report, in one step, and drop the older files."""
    with transaction.atomic():
        report = Report.objects.select_for_update().get(meeting_id=build.meeting_id)
        status = ReportBuild.objects.values_list("status", flat=True).get(pk=build.pk)
        if status != ReportBuild.Status.RUNNING:
            # Given up as stopped while it was in fact slow: a newer build has its place.
            files = build.files
            transaction.on_commit(lambda: _delete_files(files))
            build.status = status
            return build
        previous = report.published_build_id
        build.status = ReportBuild.Status.DONE
        build.finished_at = timezone.now()
        build.heartbeat_at = build.finished_at
        build.percent = 100
        build.file_format = build.step = ""
        build.save(
            update_fields=[
                "status",
                "finished_at",
                "heartbeat_at",
                "percent",
                "file_format",
                "step",
            ]
        )
        report.published_build = build
        report.save(update_fields=["published_build"])
        if previous is not None and previous != build.pk:
            old = ReportBuild.objects.filter(pk=previous).first()
            if old is not None and old.files:
                files = old.files
                old.files = {}
                old.save(update_fields=["files"])
                transaction.on_commit(lambda: _delete_files(files))
        _publish_progress(build)
    return build


def content_fingerprint(content: ReportContent) -> str:
    """A hash of what the report holds, apart from when it was gathered and from what the
    analysis makes of the cards (the cards themselves are in it; pages gather without it)."""
    data = dataclasses.asdict(content)
    data.pop("generated_at", None)
    data.pop("synthesis", None)
    encoded = json.dumps(data, sort_keys=True, default=str, ensure_ascii=False)
    return hashlib.sha256(encoded.encode()).hexdigest()


def build_state(build: ReportBuild) -> dict:
    """What a page shows of a build: its status and how far it is."""
    return {
        "build": build.pk,
        "status": build.status,
        "format": build.file_format,
        "step": build.step,
        "done": build.done,
        "total": build.total,
        "percent": build.percent,
    }


def _publish_progress(build: ReportBuild) -> None:
    publish(
        build.meeting_id,
        REPORT_STATE,
        build_state(build),
        audience=FACILITATORS,
        key=f"{REPORT_STATE}:{build.pk}",
    )


# --- Reading ------------------------------------------------------------------------------


@dataclasses.dataclass(frozen=True)
class ReportOverview:
    """What the facilitator's report page shows."""

    report: Report
    latest: ReportBuild | None  # the newest build, whatever its state
    published: ReportBuild | None  # the build whose files are downloaded
    stale: bool  # the newest build stopped without finishing
    material_changed: bool  # rebuilding the published report would give something else


def report_overview(meeting: Meeting) -> ReportOverview:
    report = report_for(meeting)
    latest = meeting.report_builds.first()
    published = report.published_build
    changed = False
    if published is not None:
        content = report_content(
            meeting=meeting,
            language=published.language,
            include_names=published.include_names,
            include_hidden=published.include_hidden,
        )
        changed = content_fingerprint(content) != published.fingerprint
    return ReportOverview(
        report=report,
        latest=latest,
        published=published,
        stale=latest is not None and build_is_stale(latest),
        material_changed=changed,
    )


def report_by_token(token: str) -> Report | None:
    if not token:
        return None
    return (
        Report.objects.select_related("meeting", "published_build")
        .filter(share_token=token)
        .first()
    )


def report_share(*, meeting: Meeting, enabled: bool) -> Report:
    """Publish the report behind a new secret link, or withdraw the link."""
    with transaction.atomic():
        report = Report.objects.select_for_update().get(pk=report_for(meeting).pk)
        if enabled and not report.share_token:
            report.new_share_token()
        elif not enabled:
            report.share_token = None
        report.save(update_fields=["share_token"])
    return report


@dataclasses.dataclass(frozen=True)
class ReportFile:
    name: str  # the file name the browser saves it under
    storage_name: str
    content_type: str
    size: int


def report_file(build: ReportBuild | None, fmt: str) -> ReportFile | None:
    """One format of a finished build, or None if it has none."""
    if build is None or build.status != ReportBuild.Status.DONE:
        return None
    entry = build.files.get(fmt)
    if entry is None:
        return None
    writers = exporters()
    return ReportFile(
        name=entry["name"].rsplit("/", 1)[-1],
        storage_name=entry["name"],
        content_type=writers.CONTENT_TYPES[fmt],
        size=entry["size"],
    )


def report_write(
    *,
    meeting: Meeting,
    fmt: str,
    language: str,
    include_names: bool = False,
    include_hidden: bool = False,
    progress=None,
) -> bytes:
    """One format of the report, written here and now (for the build_report command)."""
    writers = exporters()
    if fmt not in writers.FORMATS:
        raise ReportError(
            _("Unknown format “%(format)s”. Choose one of: %(formats)s.")
            % {"format": fmt, "formats": ", ".join(writers.FORMATS)}
        )
    content = report_content(
        meeting=meeting,
        language=language,
        include_names=include_names,
        include_hidden=include_hidden,
        synthesis=True,
    )
    return writers.write(content, fmt, progress=progress)
