from django.conf import settings
from django.core.management.base import BaseCommand

from participants.domain import personal_data_purge


class Command(BaseCommand):
    help = (
        "Make participants of meetings that ended more than PERSONAL_DATA_RETENTION_DAYS ago "
        "anonymous, and delete their help requests. Run it daily (cron or a systemd timer)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--days", type=int, default=settings.PERSONAL_DATA_RETENTION_DAYS)

    def handle(self, *args, days, **options):
        count = personal_data_purge(older_than_days=days)
        self.stdout.write(
            f"{count} participants made anonymous (meetings ended over {days} days ago)."
        )
