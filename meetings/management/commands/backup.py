"""`manage.py backup [--to DIR | --output FILE]`: one archive of the database and the card
pictures, consistent while a meeting runs (meetings/backup.py)."""

from datetime import UTC, datetime
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connections

from meetings.backup import BackupError, archive_name, backup_create, describe


class Command(BaseCommand):
    help = (
        "Write one archive (tar.gz) of the database, the card pictures (MEDIA_STORAGE=local) "
        "and a manifest with what it holds. Safe while samtale runs."
    )

    def add_arguments(self, parser):
        where = parser.add_mutually_exclusive_group()
        where.add_argument(
            "--to", default=".", help="the folder for samtale-backup-<UTC time>.tar.gz (here)"
        )
        where.add_argument("--output", help="the archive's file name, instead of --to")

    def handle(self, *args, to, output, **options):
        now = datetime.now(UTC)
        target = Path(output) if output else Path(to) / archive_name(now)
        try:
            backup = backup_create(
                database=connections["default"].settings_dict,
                output=target,
                media_storage=settings.MEDIA_STORAGE,
                media_root=Path(settings.MEDIA_ROOT),
                now=now,
            )
        except BackupError as error:
            raise CommandError(str(error)) from error
        manifest = backup.manifest
        self.stdout.write(f"Backup written to {backup.path}")
        self.stdout.write(describe(manifest))
        if manifest["media_storage"] != "local":
            self.stdout.write(
                "The pictures are in the S3 bucket, not in this archive: back the bucket up "
                "at its provider (versioning or replication)."
            )
        for name in manifest["missing_files"]:
            self.stderr.write(f"Missing from MEDIA_ROOT, so not in the archive: {name}")
