"""`backup` and `restore` (meetings/backup.py): a backup taken while cards are being saved
restores the same cards, versions and pictures; a bad archive, another vendor or a
database holding meetings are refused, with nothing changed.

The round trip runs on the database the suite runs on: SQLite in `make test`, PostgreSQL
in the services pass (CI), where it must run, never skip.
"""

import io
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import threading
from pathlib import Path

import psycopg
import pytest
from django.core.management import CommandError, call_command
from django.db import connection, connections
from PIL import Image

from meetings import backup
from meetings.models import Meeting
from tests.conftest import IN_CI
from tests.factories import GroupFactory, MeetingFactory, ProgrammeItemFactory
from wall import domain, images
from wall.models import CardVersion

OTHER_VENDOR = {"sqlite": "postgresql", "postgresql": "sqlite"}


def jpeg() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (640, 480), "teal").save(buffer, "JPEG")
    return buffer.getvalue()


def vendor() -> str:
    return backup.vendor_of(connection.settings_dict)


def pg_admin_dsn() -> str:
    return psycopg.conninfo.make_conninfo(
        backup._pg_dsn(connection.settings_dict), dbname="postgres"
    )


@pytest.fixture
def pg_tools():
    """pg_dump and pg_restore, new enough for the server, when the suite runs on PostgreSQL."""
    if os.environ.get("DATABASE_URL", "").startswith("postgres") and vendor() != "postgresql":
        pytest.fail("DATABASE_URL names PostgreSQL but Django is not using it")
    if vendor() != "postgresql":
        return
    for tool in ("pg_dump", "pg_restore"):
        if not shutil.which(tool):
            if IN_CI:
                pytest.fail(f"{tool} is missing (postgresql-client)")
            pytest.skip(f"{tool} is not installed (postgresql-client)")
    client = subprocess.run(["pg_dump", "--version"], capture_output=True, text=True).stdout
    server = connection.cursor().connection.info.server_version // 10000
    if int(client.split()[2].split(".")[0]) < server:
        pytest.skip(f"pg_dump {client.split()[2]} cannot dump PostgreSQL {server}")


@pytest.fixture
def fresh_database(tmp_path, pg_tools):
    """The settings of a new, empty database of the suite's vendor; dropped afterwards."""
    if vendor() == "sqlite":
        yield {**connection.settings_dict, "NAME": str(tmp_path / "restored.sqlite3")}
        return
    name = f"{connection.settings_dict['NAME']}_restored"
    with psycopg.connect(pg_admin_dsn(), autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}"')
        admin.execute(f'CREATE DATABASE "{name}"')
    yield {**connection.settings_dict, "NAME": name}
    with psycopg.connect(pg_admin_dsn(), autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture
def wall(transactional_db, settings, tmp_path):
    """A session with two cards, the first saved three times and with a picture; committed,
    so that the backup's own connection sees it."""
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.MEDIA_STORAGE = "local"
    images.decoders.reset()
    item = ProgrammeItemFactory(kind="group_session", meeting=MeetingFactory())
    item.questions.create(position=1, text="Hva gjør vi først?")
    quiet, busy = (domain.card_for(GroupFactory(item=item)) for _ in range(2))
    for n in range(1, 4):
        quiet = domain.card_save(
            card=quiet, base_version=n - 1, heading=f"Utkast {n}", body=f"Tekst {n}",
            question_numbers=[1],
        )  # fmt: skip
    picture = domain.card_image_add(card=quiet, data=jpeg(), alt="Tavla vår")
    yield quiet, busy, picture
    images.decoders.reset()


def saving_all_along(card, stop: threading.Event, saved: threading.Event):
    """A group that keeps saving its card in another thread, as during a meeting."""

    def save():
        try:
            while not stop.is_set():
                current = domain.card_save(
                    card=card, base_version=card.version, heading="Travelt",
                    body=f"Lagret {card.version + 1}", question_numbers=[1],
                )  # fmt: skip
                card.version = current.version
                if current.version >= 5:
                    saved.set()
        finally:
            connections.close_all()

    thread = threading.Thread(target=save, daemon=True)
    thread.start()
    return thread


def versions_in(database: dict) -> dict[tuple[int, int], tuple[str, str]]:
    query = f"SELECT card_id, version, heading, body FROM {CardVersion._meta.db_table}"
    if backup.vendor_of(database) == "sqlite":
        with sqlite3.connect(database["NAME"]) as db:
            rows = db.execute(query).fetchall()
    else:
        with psycopg.connect(backup._pg_dsn(database)) as db:
            rows = db.execute(query).fetchall()
    return {(card, version): (heading, body) for card, version, heading, body in rows}


def test_a_backup_taken_while_cards_are_saved_restores_the_same_cards_versions_and_pictures(
    wall, fresh_database, tmp_path, settings
):
    quiet, busy, picture = wall
    stop, saved = threading.Event(), threading.Event()
    writer = saving_all_along(busy, stop, saved)
    try:
        assert saved.wait(30), "the other thread saved nothing"
        made = backup.backup_create(
            database=connection.settings_dict,
            output=tmp_path / "backup.tar.gz",
            media_storage="local",
            media_root=Path(settings.MEDIA_ROOT),
        )
        during = CardVersion.objects.filter(card=busy).count()
    finally:
        stop.set()
        writer.join(30)
    after = CardVersion.objects.filter(card=busy).count()

    manifest = made.manifest
    assert manifest["vendor"] == vendor()
    assert manifest["migrations"]["wall"].startswith("00")
    assert manifest["counts"]["meetings"] == 1
    assert manifest["counts"]["cards"] == 2
    assert manifest["counts"]["pictures"] == 1
    assert manifest["picture_files"] == 2  # the picture and its thumbnail
    assert oct(made.path.stat().st_mode & 0o777) == "0o600"
    # Taken while the other card kept changing: its versions as they were at one moment.
    in_backup = manifest["counts"]["card_versions"] - 3
    assert 5 <= in_backup <= during <= after

    restored_media = tmp_path / "restored-media"
    restored = backup.backup_restore(
        archive=made.path,
        database=fresh_database,
        media_storage="local",
        media_root=restored_media,
        overwrite=False,
    )

    assert restored.matches
    assert restored.counts == manifest["counts"]
    versions = versions_in(fresh_database)
    live = versions_in(connection.settings_dict)
    assert {key: text for key, text in versions.items() if key[0] == quiet.pk} == {
        (quiet.pk, n): (f"Utkast {n}", f"Tekst {n}") for n in (1, 2, 3)
    }
    assert sorted(v for card, v in versions if card == busy.pk) == list(range(1, in_backup + 1))
    assert all(live[key] == text for key, text in versions.items())
    for field in (picture.image, picture.thumbnail):
        assert (restored_media / field.name).read_bytes() == Path(field.path).read_bytes()


def test_restore_refuses_a_database_that_holds_meetings_unless_told_yes(wall, tmp_path, pg_tools):
    archive = tmp_path / "backup.tar.gz"
    call_command("backup", output=str(archive), stdout=io.StringIO())
    MeetingFactory(title="Made after the backup")

    with pytest.raises(CommandError, match="already holds meetings. Give --yes"):
        call_command("restore", str(archive), stdout=io.StringIO())
    assert Meeting.objects.filter(title="Made after the backup").exists()


def test_restore_with_yes_puts_back_what_the_backup_holds(wall, tmp_path, settings, pg_tools):
    quiet, busy, picture = wall
    archive = tmp_path / "backup.tar.gz"
    call_command("backup", output=str(archive), stdout=io.StringIO())
    MeetingFactory(title="Made after the backup")
    quiet_pk = quiet.pk
    quiet.delete()
    Path(picture.image.path).unlink()

    out = io.StringIO()
    call_command("restore", str(archive), "--yes", stdout=out)

    assert "Restored: 1 meetings, 2 cards, 3 card versions, 1 pictures" in out.getvalue()
    assert "The counts match the backup." in out.getvalue()
    assert not Meeting.objects.filter(title="Made after the backup").exists()
    assert list(
        CardVersion.objects.filter(card_id=quiet_pk).order_by("version").values_list("body")
    ) == [("Tekst 1",), ("Tekst 2",), ("Tekst 3",)]
    assert Path(picture.image.path).is_file()


def test_a_picture_file_lost_before_the_backup_is_named_and_does_not_fail_the_restore(
    wall, tmp_path, settings, pg_tools
):
    _, _, picture = wall
    Path(picture.thumbnail.path).unlink()
    archive, errors = tmp_path / "backup.tar.gz", io.StringIO()
    call_command("backup", output=str(archive), stdout=io.StringIO(), stderr=errors)
    assert f"not in the archive: {picture.thumbnail.name}" in errors.getvalue()

    errors = io.StringIO()
    call_command("restore", str(archive), "--yes", stdout=io.StringIO(), stderr=errors)
    assert f"Picture file missing after the restore: {picture.thumbnail.name}" in errors.getvalue()
    assert Path(picture.image.path).is_file()


def test_the_backup_says_the_pictures_are_in_the_bucket_with_s3(wall, tmp_path, settings):
    settings.MEDIA_STORAGE = "s3"
    out = io.StringIO()
    call_command("backup", to=str(tmp_path), stdout=out)
    assert "The pictures are in the S3 bucket, not in this archive" in out.getvalue()
    (archive,) = tmp_path.glob("samtale-backup-*.tar.gz")
    with tarfile.open(archive) as tar:
        assert not [name for name in tar.getnames() if name.startswith("media/")]


def test_the_backup_overwrites_no_file(wall, tmp_path):
    existing = tmp_path / "backup.tar.gz"
    existing.write_bytes(b"an older backup")
    with pytest.raises(CommandError, match="exists already"):
        call_command("backup", output=str(existing), stdout=io.StringIO())
    assert existing.read_bytes() == b"an older backup"


def archive_with(path: Path, manifest: dict, members: dict[str, bytes]) -> Path:
    with tarfile.open(path, "w:gz") as tar:
        for name, data in {"manifest.json": json.dumps(manifest).encode(), **members}.items():
            info = tarfile.TarInfo(name)
            info.size = len(data)
            tar.addfile(info, io.BytesIO(data))
    return path


def not_gzip(path: Path):
    path.write_bytes(b"\x1f\x8b but no gzip stream after it")


def truncated(path: Path):
    archive_with(path, {"format": 1}, {"media/x.webp": os.urandom(4000)})
    path.write_bytes(path.read_bytes()[:100])


def without_vendor(path: Path):
    archive_with(path, {"format": 1}, {})


def of_the_other_vendor(path: Path):
    other = OTHER_VENDOR[vendor()]
    archive_with(
        path, {"format": 1, "vendor": other, "counts": {}}, {backup.DATABASE_MEMBER[other]: b"x"}
    )


def with_a_corrupt_database(path: Path):
    archive_with(
        path,
        {"format": 1, "vendor": vendor(), "counts": {}},
        {backup.DATABASE_MEMBER[vendor()]: b"not a database at all"},
    )


@pytest.mark.parametrize(
    "make, message",
    [
        (lambda path: None, "does not exist"),
        (not_gzip, "is not a readable samtale backup"),
        (truncated, "is not a readable samtale backup"),
        (without_vendor, "lacks its counts or database vendor"),
        (of_the_other_vendor, "Restore it into the same kind of database"),
        (with_a_corrupt_database, "cannot be read"),
    ],
    ids=["missing", "not-gzip", "truncated", "no-vendor", "other-vendor", "corrupt-database"],
)
def test_restore_refuses_a_bad_archive_and_changes_nothing(
    wall, tmp_path, settings, pg_tools, make, message
):
    archive = tmp_path / "bad.tar.gz"
    make(archive)
    pictures_before = sorted(Path(settings.MEDIA_ROOT).rglob("*"))

    with pytest.raises(CommandError, match=message):
        call_command("restore", str(archive), "--yes", stdout=io.StringIO())

    assert Meeting.objects.count() == 1
    assert CardVersion.objects.count() == 3
    assert sorted(Path(settings.MEDIA_ROOT).rglob("*")) == pictures_before
