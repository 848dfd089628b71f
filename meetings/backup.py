"""A backup of all that samtale holds, in one archive taken while a meeting runs, and its
restore (docs/deploy.md, section 13).

The archive (tar.gz) holds `manifest.json`, the database (`database.sqlite3` from SQLite's
online backup API, or `database.dump` from `pg_dump --format=custom`) and, with
MEDIA_STORAGE=local, the card pictures under `media/`. The manifest's counts are read from
the backed-up database itself (on PostgreSQL: in the snapshot pg_dump dumps), so they
describe exactly what the archive holds, however many saves happened meanwhile.
"""

import contextlib
import importlib.metadata
import io
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
import zlib
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path, PurePosixPath

import psycopg
from psycopg import conninfo

from meetings.models import Meeting
from wall.models import Card, CardImage, CardVersion

FORMAT = 1
MANIFEST = "manifest.json"
DATABASE_MEMBER = {"sqlite": "database.sqlite3", "postgresql": "database.dump"}
MEDIA_PREFIX = "media/"
# What the manifest counts, and the tables it counts them in.
COUNTED = {
    "meetings": Meeting._meta.db_table,
    "cards": Card._meta.db_table,
    "card_versions": CardVersion._meta.db_table,
    "pictures": CardImage._meta.db_table,
}
PICTURE_FILES = f"SELECT image, thumbnail FROM {CardImage._meta.db_table}"
TOOL_TIMEOUT = 3600


class BackupError(Exception):
    """The backup or restore cannot go on; the message says why and what to do."""


@dataclass
class Backup:
    path: Path
    manifest: dict


@dataclass
class Restored:
    manifest: dict
    counts: dict[str, int]
    missing_files: list[str]

    @property
    def matches(self) -> bool:
        """The counts are the manifest's, and no picture file is missing that the backup
        had (one already missing when it was taken is listed, but cannot come back)."""
        already_missing = set(self.manifest.get("missing_files", []))
        return self.counts == self.manifest["counts"] and set(self.missing_files) <= already_missing


def archive_name(now: datetime) -> str:
    return f"samtale-backup-{now:%Y%m%dT%H%M%SZ}.tar.gz"


def describe(manifest: dict) -> str:
    """One line of what a backup holds, for the commands' output."""
    counts = manifest["counts"]
    return (
        f"{manifest['vendor']} database, samtale {manifest['samtale_version']}: "
        f"{counts['meetings']} meetings, {counts['cards']} cards, "
        f"{counts['card_versions']} card versions, {counts['pictures']} pictures "
        f"({manifest['picture_files']} picture files)"
    )


def vendor_of(database: dict) -> str:
    engine = database["ENGINE"]
    if "sqlite" in engine:  # Django's backend, or samtale.sqlite built on it
        return "sqlite"
    if "postgresql" in engine:
        return "postgresql"
    raise BackupError(f"Backups know SQLite and PostgreSQL, not {engine}.")


def backup_create(
    *, database: dict, output: Path, media_storage: str, media_root: Path, now: datetime = None
) -> Backup:
    """Write the archive to `output` (through a temporary file beside it: a failed backup
    leaves no half archive); only readable by its owner, as it holds personal data."""
    now = now or datetime.now(UTC)
    vendor = vendor_of(database)
    if output.exists():
        raise BackupError(f"{output} exists already; give another name or folder.")
    if not output.parent.is_dir():
        raise BackupError(f"The folder {output.parent} does not exist.")
    with tempfile.TemporaryDirectory(prefix="samtale-backup-") as work:
        dump = Path(work) / DATABASE_MEMBER[vendor]
        if vendor == "sqlite":
            _sqlite_copy(Path(database["NAME"]), dump)
            with contextlib.closing(sqlite3.connect(dump)) as copy:
                counts, migrations, files = _facts(copy.execute)
        else:
            counts, migrations, files = _pg_dump(database, dump)
        manifest = {
            "format": FORMAT,
            "samtale_version": _samtale_version(),
            "vendor": vendor,
            "created_at": now.isoformat(timespec="seconds"),
            "migrations": migrations,
            "counts": counts,
            "media_storage": media_storage,
            "picture_files": 0,
            "missing_files": [],
        }
        partial = output.with_name(output.name + ".partial")
        try:
            descriptor = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            with os.fdopen(descriptor, "wb") as raw, tarfile.open(fileobj=raw, mode="w:gz") as tar:
                tar.add(dump, arcname=dump.name)
                if media_storage == "local":
                    for name in files:
                        path = media_root / name
                        if path.is_file():
                            tar.add(path, arcname=MEDIA_PREFIX + name)
                            manifest["picture_files"] += 1
                        else:  # removed since the snapshot, or lost before it
                            manifest["missing_files"].append(name)
                _add_bytes(tar, MANIFEST, json.dumps(manifest, indent=2).encode())
            os.replace(partial, output)
        finally:
            partial.unlink(missing_ok=True)
    return Backup(path=output, manifest=manifest)


def backup_restore(
    *, archive: Path, database: dict, media_storage: str, media_root: Path, overwrite: bool
) -> Restored:
    """Restore the archive's database and pictures, after checking all that can be checked
    first: a bad archive, another vendor or data in the way change nothing."""
    vendor = vendor_of(database)
    with tempfile.TemporaryDirectory(prefix="samtale-restore-") as work:
        manifest, dump, pictures = _unpack(archive, Path(work))
        if manifest["vendor"] != vendor:
            raise BackupError(
                f"The backup is of a {manifest['vendor']} database; this samtale uses {vendor}. "
                "Restore it into the same kind of database."
            )
        if pictures and media_storage != "local":
            raise BackupError(
                "The backup holds pictures, but MEDIA_STORAGE is not local: restore with "
                "MEDIA_STORAGE=local, or copy its media/ folder into the bucket yourself."
            )
        if vendor == "sqlite":
            _sqlite_check(dump, manifest)
        else:
            _pg_check(dump)
        if not overwrite and not database_empty(database):
            raise BackupError(
                "The database already holds meetings. Give --yes to replace them with the backup."
            )
        if vendor == "sqlite":
            _sqlite_copy(dump, Path(database["NAME"]))
        else:
            _pg_restore(database, dump)
        for name in pictures:
            target = media_root / name
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(Path(work) / "media" / name, target)
    counts, files = database_facts(database)
    missing = [name for name in files if not (media_root / name).is_file()]
    if media_storage != "local":
        missing = []  # in the bucket, which is not ours to look into here
    return Restored(manifest=manifest, counts=counts, missing_files=missing)


def database_empty(database: dict) -> bool:
    """No meeting in it, or not even its tables (a new file, a database just created)."""
    try:
        counts, _ = database_facts(database)
    except (sqlite3.Error, psycopg.Error):
        return True
    return counts["meetings"] == 0


def database_facts(database: dict) -> tuple[dict[str, int], list[str]]:
    """The counts, and the picture files the rows name, as the database holds them now."""
    if vendor_of(database) == "sqlite":
        path = Path(database["NAME"])
        if not path.is_file():
            raise sqlite3.OperationalError(f"{path} does not exist")
        with contextlib.closing(sqlite3.connect(f"{path.as_uri()}?mode=ro", uri=True)) as db:
            counts, _, files = _facts(db.execute)
    else:
        with psycopg.connect(_pg_dsn(database), autocommit=True) as db:
            counts, _, files = _facts(db.execute)
    return counts, files


def _facts(execute) -> tuple[dict[str, int], dict[str, str], list[str]]:
    counts = {
        key: execute(f"SELECT count(*) FROM {table}").fetchone()[0]  # noqa: S608 (our names)
        for key, table in COUNTED.items()
    }
    migrations = {}
    for app, name in execute("SELECT app, name FROM django_migrations ORDER BY id"):
        migrations[app] = name  # the last applied of each app
    files = sorted({name for row in execute(PICTURE_FILES) for name in row if name})
    return counts, migrations, files


def _sqlite_copy(source: Path, target: Path) -> None:
    """Copy with SQLite's online backup API: a consistent copy while others write (WAL),
    and into a database others may have open, which then see all of it at once."""
    if not source.is_file():
        raise BackupError(f"The database {source} does not exist.")
    try:
        with (
            contextlib.closing(sqlite3.connect(f"{source.as_uri()}?mode=ro", uri=True)) as src,
            contextlib.closing(sqlite3.connect(target)) as dst,
        ):
            src.backup(dst)
    except sqlite3.Error as error:
        raise BackupError(f"Copying {source} to {target} failed: {error}") from error


def _sqlite_check(dump: Path, manifest: dict) -> None:
    try:
        with contextlib.closing(sqlite3.connect(f"{dump.as_uri()}?mode=ro", uri=True)) as db:
            if db.execute("PRAGMA quick_check").fetchone()[0] != "ok":
                raise BackupError("The database in the backup is damaged.")
            counts, _, _ = _facts(db.execute)
    except sqlite3.Error as error:
        raise BackupError(f"The database in the backup cannot be read: {error}") from error
    if counts != manifest["counts"]:
        raise BackupError("The database in the backup does not match its manifest.")


def _pg_dsn(database: dict) -> str:
    return conninfo.make_conninfo(
        dbname=database["NAME"],
        user=database["USER"] or None,
        password=database["PASSWORD"] or None,
        host=database["HOST"] or None,
        port=str(database["PORT"]) if database["PORT"] else None,
        sslmode=database.get("OPTIONS", {}).get("sslmode"),
    )


def _pg_tool(*args: str, database: dict) -> subprocess.CompletedProcess:
    """pg_dump or pg_restore on the database, its password in the environment, not in ps."""
    dsn = conninfo.conninfo_to_dict(_pg_dsn(database))
    environment = {**os.environ}
    if dsn.pop("password", None):
        environment["PGPASSWORD"] = database["PASSWORD"]
    if shutil.which(args[0]) is None:
        raise BackupError(f"{args[0]} is not installed (Debian: apt install postgresql-client).")
    command = [*args, f"--dbname={conninfo.make_conninfo(**dsn)}"]
    done = subprocess.run(
        command, env=environment, capture_output=True, text=True, timeout=TOOL_TIMEOUT
    )
    if done.returncode != 0:
        raise BackupError(f"{args[0]} failed: {done.stderr.strip()}")
    return done


def _pg_dump(database: dict, dump: Path) -> tuple[dict, dict, list[str]]:
    """pg_dump in a snapshot of our own, held open while it runs, in which we count too."""
    with psycopg.connect(_pg_dsn(database)) as db:
        db.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        snapshot = db.execute("SELECT pg_export_snapshot()").fetchone()[0]
        facts = _facts(db.execute)
        _pg_tool(
            "pg_dump", "--format=custom", f"--snapshot={snapshot}", f"--file={dump}",
            database=database,
        )  # fmt: skip
        db.rollback()
    return facts


def _pg_check(dump: Path) -> None:
    if shutil.which("pg_restore") is None:
        raise BackupError("pg_restore is not installed (Debian: apt install postgresql-client).")
    listed = subprocess.run(["pg_restore", "--list", str(dump)], capture_output=True, text=True)
    if listed.returncode != 0:
        raise BackupError(f"The database in the backup cannot be read: {listed.stderr.strip()}")


def _pg_restore(database: dict, dump: Path) -> None:
    # One transaction: a restore that fails on the way leaves the database as it was.
    _pg_tool(
        "pg_restore", "--clean", "--if-exists", "--no-owner", "--single-transaction",
        "--exit-on-error", str(dump), database=database,
    )  # fmt: skip


def _unpack(archive: Path, work: Path) -> tuple[dict, Path, list[str]]:
    """The manifest, the database file and the pictures' names, unpacked into `work`;
    only members we know, at paths that stay inside `work`."""
    if not archive.is_file():
        raise BackupError(f"{archive} does not exist.")
    try:
        with tarfile.open(archive, mode="r:gz") as tar:
            manifest = _manifest(tar)
            vendor = manifest["vendor"]
            if vendor not in DATABASE_MEMBER:
                raise BackupError(f"The backup's database is of an unknown kind: {vendor!r}.")
            pictures = []
            dump = None
            for member in tar:
                name = member.name
                if name == DATABASE_MEMBER[vendor] and member.isfile():
                    dump = work / name
                    _extract(tar, member, dump)
                elif name.startswith(MEDIA_PREFIX) and member.isfile():
                    relative = PurePosixPath(name.removeprefix(MEDIA_PREFIX))
                    if relative.is_absolute() or ".." in relative.parts:
                        raise BackupError(f"The backup holds a file outside media/: {name}")
                    _extract(tar, member, work / "media" / relative)
                    pictures.append(str(relative))
    except (tarfile.TarError, EOFError, OSError, ValueError, zlib.error) as error:
        raise BackupError(f"{archive} is not a readable samtale backup: {error}") from error
    if dump is None:
        raise BackupError(f"{archive} holds no database.")
    return manifest, dump, pictures


def _manifest(tar: tarfile.TarFile) -> dict:
    try:
        member = tar.extractfile(MANIFEST)
        manifest = json.load(member)
    except KeyError:
        raise BackupError("Not a samtale backup: it has no manifest.json.") from None
    except (json.JSONDecodeError, UnicodeDecodeError, TypeError) as error:
        raise BackupError(f"The backup's manifest cannot be read: {error}") from error
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise BackupError(f"The backup's manifest is not of format {FORMAT}.")
    if not isinstance(manifest.get("counts"), dict) or "vendor" not in manifest:
        raise BackupError("The backup's manifest lacks its counts or database vendor.")
    return manifest


def _extract(tar: tarfile.TarFile, member: tarfile.TarInfo, target: Path) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    with tar.extractfile(member) as source, open(target, "wb") as copy:
        shutil.copyfileobj(source, copy)


def _add_bytes(tar: tarfile.TarFile, name: str, data: bytes) -> None:
    info = tarfile.TarInfo(name)
    info.size = len(data)
    info.mtime = int(datetime.now(UTC).timestamp())
    info.mode = 0o600
    tar.addfile(info, io.BytesIO(data))


def _samtale_version() -> str:
    try:
        return importlib.metadata.version("samtale")
    except importlib.metadata.PackageNotFoundError:
        return "unknown"
