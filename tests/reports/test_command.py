"""`manage.py build_report --meeting CODE --format FMT --out FILE [--names]`."""

import os
import subprocess
import sys

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command

from tests.reports.material import finished_meeting
from tests.reports.test_worker import _database_url


@pytest.fixture(autouse=True)
def stub_exporters(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.REPORT_EXPORTERS = "tests.reports.stub_exporters"


def build_report(*args) -> subprocess.CompletedProcess:
    """The command as a script runs it, in a process of its own, on the test database."""
    return subprocess.run(
        [sys.executable, "manage.py", "build_report", *args],
        cwd=settings.BASE_DIR,
        env={
            **os.environ,
            "DATABASE_URL": _database_url(),
            "DJANGO_SETTINGS_MODULE": "tests.reports.worker_settings",
            "MEDIA_ROOT": str(settings.MEDIA_ROOT),
        },
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.mark.django_db
def test_the_command_writes_one_format_to_the_file(tmp_path):
    meeting = finished_meeting(cards=2)
    (tmp_path / "out").mkdir()
    out = tmp_path / "out" / "rapport.md"
    call_command("build_report", "--meeting", meeting.code, "--format", "md", "--out", str(out))
    text = out.read_text()
    assert text.startswith("md: Fremtidens kulturskole")
    assert "Kort fra gruppe 1" in text
    assert "Person Nummer" not in text
    assert list(out.parent.iterdir()) == [out]  # no temporary file left beside it


@pytest.mark.django_db
def test_the_command_includes_names_only_when_asked(tmp_path):
    meeting = finished_meeting(cards=1)
    out = tmp_path / "rapport.csv"
    code = meeting.code.lower()  # as typed
    call_command("build_report", "--meeting", code, "--format", "csv", "--out", str(out))
    assert "Person Nummer0" not in out.read_text()
    assert "(referent for gruppe 1)" in out.read_text()
    call_command("build_report", "--meeting", code, "--format", "csv", "--out", str(out), "--names")
    assert "(Person Nummer0)" in out.read_text()
    assert "Porsgrunn kommune, Person Nummer0" in out.read_text()


@pytest.mark.django_db
def test_an_unknown_meeting_or_format_is_refused_in_process(tmp_path):
    meeting = finished_meeting(cards=1)
    with pytest.raises(CommandError, match="No meeting has the code 'NOSUCH'"):
        call_command("build_report", "--meeting", "NOSUCH", "--format", "md", "--out", "x.md")
    with pytest.raises(CommandError, match=r"Unknown format 'odt'. Choose one of: pdf, docx"):
        call_command("build_report", "--meeting", meeting.code, "--format", "odt", "--out", "x")
    assert not (tmp_path / "x").exists()


@pytest.mark.django_db(transaction=True)
def test_the_command_exits_non_zero_with_a_clear_message(tmp_path):
    meeting = finished_meeting(cards=1)
    out = tmp_path / "rapport.pdf"

    unknown_meeting = build_report("--meeting", "NOSUCH", "--format", "pdf", "--out", str(out))
    assert unknown_meeting.returncode == 1
    assert "No meeting has the code 'NOSUCH'." in unknown_meeting.stderr

    unknown_format = build_report("--meeting", meeting.code, "--format", "odt", "--out", str(out))
    assert unknown_format.returncode == 1
    assert "Unknown format 'odt'. Choose one of: pdf, docx, xlsx, csv, md, zip." in (
        unknown_format.stderr
    )

    missing = build_report("--meeting", meeting.code, "--out", str(out))
    assert missing.returncode == 2 and "--format" in missing.stderr
    assert not out.exists()

    written = build_report("--meeting", meeting.code, "--format", "pdf", "--out", str(out))
    assert written.returncode == 0, written.stderr
    assert out.read_bytes().startswith(b"pdf: Fremtidens kulturskole")


@pytest.mark.django_db
def test_the_command_writes_a_real_pdf(settings, tmp_path):
    settings.REPORT_EXPORTERS = "reports.exporters"
    meeting = finished_meeting(cards=1)
    out = tmp_path / "rapport.pdf"
    call_command("build_report", "--meeting", meeting.code, "--format", "pdf", "--out", str(out))
    assert out.read_bytes().startswith(b"%PDF")
