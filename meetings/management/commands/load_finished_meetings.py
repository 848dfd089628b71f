"""Load two finished demo meetings: «Fremtidens kulturskole» as it ran, and a smaller
dialogue meeting in nynorsk, so the report and the analysis have material at once. Each
meeting's report is queued for the worker (`make demo` starts it) and shared by a link.

Run it again any time: each meeting (found by its fixed code) is replaced, not duplicated.
"""

import time

from django.apps import apps
from django.core.management.base import BaseCommand
from django.urls import reverse

from accounts.domain import facilitator_create
from meetings.demo import material, material_nn
from meetings.demo.loader import finished_meeting_load, meeting_fields_present
from meetings.management.commands.load_reference_meeting import demo_password


def queue_reports(meetings) -> dict[int, str]:
    """Ask the worker to build each meeting's report and publish it behind a share link, so
    it is ready moments after the demo starts; the share token of each, by meeting."""
    if not apps.is_installed("reports"):
        return {}
    from reports.domain import build_request, report_share

    tokens = {}
    for meeting in meetings:
        build_request(meeting=meeting, language=meeting.language)
        tokens[meeting.pk] = report_share(meeting=meeting, enabled=True).share_token
    return tokens


class Command(BaseCommand):
    help = (
        "Load the finished demo meetings «Fremtidens kulturskole» and «Kulturskulen i "
        "Vestland», replacing earlier copies."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--base-url",
            default="http://127.0.0.1:8000",
            help="Where samtale is served, for the links printed at the end.",
        )

    def handle(self, *args, base_url, **options):
        began = time.monotonic()
        facilitator = facilitator_create(
            username=material.FACILITATOR_USERNAME, password=demo_password()
        )
        base = base_url.rstrip("/")
        loaded = []
        for source in (material, material_nn):
            meeting = finished_meeting_load(material=source, facilitator=facilitator)
            loaded.append(meeting)
        reports = queue_reports(loaded)
        seconds = time.monotonic() - began
        self.stdout.write(self.style.SUCCESS(f"Finished demo meetings loaded in {seconds:.1f} s."))
        for meeting in loaded:
            cards = sum(item.cards.count() for item in meeting.items.all())
            run = base + reverse("meetings:run", args=[meeting.pk])
            self.stdout.write(
                f"  {meeting.title} ({meeting.date:%d.%m.%Y}, {meeting.participants.count()} "
                f"joined, {cards} cards): {run}"
            )
            for item in meeting.items.filter(wall__share_token__isnull=False):
                shared = base + reverse("wall:shared", args=[item.wall.share_token])
                self.stdout.write(f"    wall «{item.title}»: {shared}")
            if meeting.pk in reports:
                page = base + reverse("reports:page", args=[meeting.pk])
                shared = base + reverse("reports:shared", args=[reports[meeting.pk]])
                self.stdout.write(f"    report (the worker builds it): {page}   shared: {shared}")
        missing = {"organised_by", "recording_url", "summary"} - meeting_fields_present()
        if missing:
            self.stdout.write(
                "  Not set (the meeting model has no such field yet): " + ", ".join(sorted(missing))
            )
