"""`manage.py restore ARCHIVE [--yes]`: the database and pictures of a `backup` archive back
in place, then counted against its manifest (meetings/backup.py)."""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connections

from meetings.backup import BackupError, backup_restore, describe


class Command(BaseCommand):
    help = (
        "Restore a backup made by `backup`: its database and pictures. Stop samtale's "
        "processes first. Refuses a database that holds meetings unless given --yes."
    )

    def add_arguments(self, parser):
        parser.add_argument("archive", help="the samtale-backup-….tar.gz file")
        parser.add_argument(
            "--yes", action="store_true", help="replace a database that already holds meetings"
        )

    def handle(self, *args, archive, yes, **options):
        database = connections["default"]
        self.stdout.write(
            "Restoring: samtale's processes must be stopped (systemctl stop samtale.target), "
            "or they keep serving what they hold in memory."
        )
        # Our own connection is closed, so the restore replaces nothing under it.
        connections.close_all()
        try:
            restored = backup_restore(
                archive=Path(archive),
                database=database.settings_dict,
                media_storage=settings.MEDIA_STORAGE,
                media_root=Path(settings.MEDIA_ROOT),
                overwrite=yes,
            )
        except BackupError as error:
            raise CommandError(str(error)) from error
        manifest = restored.manifest
        self.stdout.write(f"Backup of {manifest['created_at']}: {describe(manifest)}")
        counts = restored.counts
        self.stdout.write(
            f"Restored: {counts['meetings']} meetings, {counts['cards']} cards, "
            f"{counts['card_versions']} card versions, {counts['pictures']} pictures"
        )
        if manifest["media_storage"] != "local":
            self.stdout.write("The backup holds no pictures: they are in the S3 bucket.")
        for name in restored.missing_files:
            self.stderr.write(f"Picture file missing after the restore: {name}")
        if not restored.matches:
            raise CommandError(
                "The restore does not match the backup's manifest: see the counts and the "
                "missing files above."
            )
        self.stdout.write("The counts match the backup. Run `migrate` if this samtale is newer.")
