"""reports/domain.py: asking for a build, building it, publishing it atomically, sharing it."""

from datetime import timedelta

import pytest
from django.core.files.storage import default_storage
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from reports import domain
from reports.models import Report, ReportBuild
from tests.reports.material import finished_meeting

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def stub_exporters(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    settings.REPORT_EXPORTERS = "tests.reports.stub_exporters"


def _built(meeting, **options):
    build = domain.build_request(meeting=meeting, language="nb", **options)
    return domain.build_run(build_id=build.pk)


def test_asking_for_a_build_queues_it_for_the_worker_and_builds_nothing():
    meeting = finished_meeting(cards=2)
    build = domain.build_request(meeting=meeting, language="nn", include_names=True)
    assert (build.status, build.language, build.include_names, build.files) == (
        "queued",
        "nn",
        True,
        {},
    )
    task = DBTaskResult.objects.get()
    assert (task.task_path, task.args_kwargs["args"]) == (
        "reports.tasks.build_report",
        [build.pk],
    )
    assert Report.objects.get(meeting=meeting).published_build is None


def test_a_second_build_is_refused_while_one_is_waiting():
    meeting = finished_meeting(cards=1)
    domain.build_request(meeting=meeting, language="nb")
    with pytest.raises(domain.ReportError):
        domain.build_request(meeting=meeting, language="nb")
    assert meeting.report_builds.count() == 1


def test_a_build_that_stopped_gives_way_to_a_new_one(settings):
    meeting = finished_meeting(cards=1)
    stopped = domain.build_request(meeting=meeting, language="nb")
    ReportBuild.objects.filter(pk=stopped.pk).update(
        status="running",
        heartbeat_at=timezone.now() - timedelta(seconds=settings.REPORT_BUILD_STALE_SECONDS + 1),
    )
    fresh = domain.build_request(meeting=meeting, language="nb")
    stopped.refresh_from_db()
    assert (stopped.status, fresh.status) == ("failed", "queued")


def test_the_build_writes_every_format_and_publishes_it():
    meeting = finished_meeting(cards=3)
    build = _built(meeting)
    assert build.status == "done" and build.percent == 100
    assert sorted(build.files) == sorted(["pdf", "docx", "xlsx", "csv", "md", "zip"])
    markdown = default_storage.open(build.files["md"]["name"]).read().decode()
    assert "md: Fremtidens kulturskole" in markdown
    assert "Kort fra gruppe 1" in markdown and "Kort fra gruppe 2" not in markdown  # hidden
    assert Report.objects.get(meeting=meeting).published_build == build
    found = domain.report_file(build, "pdf")
    assert (found.name, found.content_type) == (
        "fremtidens-kulturskole-2024-11-20.pdf",
        "application/pdf",
    )


def test_a_build_only_runs_once():
    meeting = finished_meeting(cards=1)
    build = _built(meeting)
    assert domain.build_run(build_id=build.pk) is None


def test_a_new_build_replaces_the_published_files_only_when_it_is_done(
    django_capture_on_commit_callbacks,
):
    meeting = finished_meeting(cards=1)
    first = _built(meeting)
    old_name = first.files["md"]["name"]
    with django_capture_on_commit_callbacks(execute=True):
        second = _built(meeting, include_hidden=True)
    first.refresh_from_db()
    assert Report.objects.get(meeting=meeting).published_build == second
    assert first.files == {} and not default_storage.exists(old_name)
    assert default_storage.exists(second.files["md"]["name"])


def test_a_failing_build_leaves_the_published_report_as_it_was(
    monkeypatch, django_capture_on_commit_callbacks
):
    meeting = finished_meeting(cards=2)
    published = _built(meeting)
    failing = domain.build_request(meeting=meeting, language="nb")
    from tests.reports import stub_exporters

    real_write = stub_exporters.write

    def write(content, fmt, *, progress=None):
        if fmt == "xlsx":
            raise RuntimeError("the disk is full")
        return real_write(content, fmt, progress=progress)

    monkeypatch.setattr(stub_exporters, "write", write)
    with pytest.raises(RuntimeError), django_capture_on_commit_callbacks(execute=True):
        domain.build_run(build_id=failing.pk)
    failing.refresh_from_db()
    assert (failing.status, failing.error) == ("failed", "RuntimeError: the disk is full")
    # The two files it had written before the error are gone; the published ones stay.
    assert failing.files.keys() == {"pdf", "docx"}
    assert not any(default_storage.exists(f["name"]) for f in failing.files.values())
    assert Report.objects.get(meeting=meeting).published_build == published
    assert all(default_storage.exists(f["name"]) for f in published.files.values())


def test_the_page_says_when_the_material_changed_since_the_build():
    meeting = finished_meeting(cards=2)
    _built(meeting)
    assert domain.report_overview(meeting).material_changed is False
    card = meeting.items.get(title="Gruppesamtale 1").cards.get(group__number=1)
    card.body = "Ny tekst etter møtet"
    card.save()
    assert domain.report_overview(meeting).material_changed is True


def test_a_change_to_a_hidden_card_is_no_change_to_a_report_without_hidden_cards():
    meeting = finished_meeting(cards=2)
    _built(meeting)
    hidden = meeting.items.get(title="Gruppesamtale 1").cards.get(hidden=True)
    hidden.body = "Endret, men skjult"
    hidden.save()
    assert domain.report_overview(meeting).material_changed is False


def test_sharing_makes_a_long_secret_link_and_withdrawing_removes_it():
    meeting = finished_meeting(cards=1)
    report = domain.report_share(meeting=meeting, enabled=True)
    token = report.share_token
    assert len(token) >= 40
    assert domain.report_by_token(token) == report
    assert domain.report_share(meeting=meeting, enabled=True).share_token == token
    domain.report_share(meeting=meeting, enabled=False)
    assert domain.report_by_token(token) is None
    assert domain.report_by_token("") is None


def test_the_real_writers_build_every_format(settings):
    """The build with reports.exporters itself, not the stub: every file is what it says."""
    settings.REPORT_EXPORTERS = "reports.exporters"
    meeting = finished_meeting(cards=2)
    build = _built(meeting)
    data = {fmt: default_storage.open(f["name"]).read() for fmt, f in build.files.items()}
    assert data["pdf"].startswith(b"%PDF")
    assert data["docx"].startswith(b"PK") and data["xlsx"].startswith(b"PK")
    assert data["zip"].startswith(b"PK")
    assert "Kort fra gruppe 1" in data["md"].decode()
    assert "Kort fra gruppe 1" in data["csv"].decode("utf-8-sig")
    assert build.files["pdf"]["name"].endswith("/fremtidens-kulturskole-2024-11-20.pdf")
