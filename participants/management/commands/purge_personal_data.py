from django.core.management.base import BaseCommand

from participants.privacy import personal_data_purge


class Command(BaseCommand):
    help = (
        "Make the participants of meetings whose retention is over anonymous (each meeting "
        "keeps personal data its own number of days after it ended), with their help requests, "
        "the names on their card versions and pictures and in imported video-call reports; and "
        "delete login attempts older than PERSONAL_DATA_RETENTION_DAYS. Run it daily (cron or "
        "a systemd timer)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--days",
            type=int,
            default=None,
            help="Treat every meeting as keeping personal data this many days.",
        )

    def handle(self, *args, days, **options):
        purged = personal_data_purge(older_than_days=days)
        self.stdout.write(
            f"{purged.participants} participants made anonymous in {purged.meetings} meetings; "
            f"{purged.login_attempts} old login attempts deleted."
        )
