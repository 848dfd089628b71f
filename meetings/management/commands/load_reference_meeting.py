"""Load the reference meeting "Fremtidens kulturskole" and a facilitator to run it.

Safe to run again: an existing reference meeting (found by its fixed code) is kept as it is;
`--reset` deletes it, with everything that belongs to it, and builds it afresh, not started.
"""

import os
import secrets
from datetime import datetime, time, timedelta

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from accounts.domain import facilitator_create
from meetings import reference_meeting as reference
from meetings.domain import item_create, item_replace_children, meeting_by_code, meeting_create
from meetings.models import Meeting
from meetings.reference_meeting_nn import NYNORSK
from participants.domain import participant_join

PASSWORD_FILE = "demo_password"
MIN_PASSWORD_LENGTH = 8


def _clock(value: str) -> time:
    return datetime.strptime(value, "%H:%M").time()


def _plus(start: time, minutes: int) -> time:
    return (datetime.combine(datetime.min, start) + timedelta(minutes=minutes)).time()


def check_programme(programme: list[dict]) -> None:
    """Refuse a programme whose times do not follow on from each other."""
    previous_end = None
    for entry in programme:
        start = _clock(entry["start"])
        if previous_end is not None and start != previous_end:
            raise CommandError(
                f"«{entry['title']}» starts at {entry['start']}, "
                f"but the item before it ends at {previous_end:%H:%M}."
            )
        previous_end = _plus(start, entry["minutes"])
        resume_at = entry.get("resume_at")
        if resume_at and _clock(resume_at) != previous_end:
            raise CommandError(
                f"«{entry['title']}» ends at {previous_end:%H:%M}, "
                f"but says we start again at {resume_at}."
            )


def demo_password() -> str:
    """The facilitator's password: generated once, then read from var/ on every run."""
    path = settings.VAR_DIR / PASSWORD_FILE
    if path.exists():
        password = path.read_text(encoding="utf-8").strip()
        if len(password) >= MIN_PASSWORD_LENGTH:
            return password
    password = secrets.token_urlsafe(12)
    path.parent.mkdir(parents=True, exist_ok=True)
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(descriptor, "w", encoding="utf-8") as handle:
        handle.write(password + "\n")
    return password


def build_meeting(*, facilitator, spec=None, programme=None, date=None) -> Meeting:
    """Create the reference meeting, dated today, with its whole programme.

    The finished demo meetings (meetings/demo) pass their own `spec`, `programme` and `date`.
    """
    spec = spec or reference.MEETING
    meeting = meeting_create(
        title=spec["title"],
        date=date or timezone.localdate(),
        facilitator=facilitator,
        video_url=spec["video_url"],
        zoom_preassign=spec.get("zoom_preassign", False),
        language=spec["language"],
        controller_name=spec.get("controller_name", ""),
        controller_contact=spec.get("controller_contact", ""),
    )
    # No domain function sets the code: it is random unless a fixed one is wanted, as here.
    meeting.code = spec["code"]
    meeting.save(update_fields=["code"])
    for entry in programme or reference.PROGRAMME:
        # The nynorsk version read through, for the participants who read nynorsk.
        nynorsk = NYNORSK.get(entry["title"]) if meeting.language == "nb" else None
        other = (
            {
                "other_language": "nn",
                "other_title": nynorsk["title"],
                "other_description": nynorsk["description"],
                "other_reviewed": True,
            }
            if nynorsk
            else {}
        )
        item = item_create(
            meeting=meeting,
            kind=entry["kind"],
            title=entry["title"],
            description=entry.get("description", ""),
            planned_start=_clock(entry["start"]),
            planned_minutes=entry["minutes"],
            resume_at=_clock(entry["resume_at"]) if entry.get("resume_at") else None,
            **other,
        )
        questions = entry.get("questions", [])
        other_questions = (nynorsk or {}).get("questions") or [""] * len(questions)
        if entry.get("speakers") or questions:
            item_replace_children(
                item=item,
                speakers=entry.get("speakers", []),
                questions=[
                    {"text": text, "other_text": other_text}
                    for text, other_text in zip(questions, other_questions, strict=True)
                ],
            )
    return meeting


class Command(BaseCommand):
    help = (
        "Load the reference meeting «Fremtidens kulturskole» and the facilitator "
        f"«{reference.FACILITATOR_USERNAME}». Run it again any time; --reset rebuilds the meeting."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--reset",
            action="store_true",
            help="Delete the reference meeting (groups, wall, participants and all) and "
            "build it again, not started.",
        )
        parser.add_argument(
            "--participants",
            type=int,
            default=0,
            help="Also let this many sample participants join a new meeting (two of them as "
            "local sites), so groups can be formed at once.",
        )
        parser.add_argument(
            "--base-url",
            default="http://127.0.0.1:8000",
            help="Where samtale is served, for the links printed at the end.",
        )

    def handle(self, *args, reset, base_url, participants, **options):
        check_programme(reference.PROGRAMME)
        code = reference.MEETING["code"]
        password = demo_password()
        with transaction.atomic():
            facilitator = facilitator_create(
                username=reference.FACILITATOR_USERNAME, password=password
            )
            meeting = meeting_by_code(code)
            if meeting is not None and reset:
                meeting.delete()
                meeting = None
                note = "The reference meeting was deleted and built again, not started."
            elif meeting is not None:
                meeting.facilitators.add(facilitator)
                note = (
                    f"The reference meeting was already there (status: {meeting.status}) "
                    "and is kept as it is. Use --reset to build it again."
                )
            else:
                note = "The reference meeting was created."
            if meeting is None:
                meeting = build_meeting(facilitator=facilitator)
                for sample in reference.sample_participants(participants):
                    participant_join(meeting=meeting, **sample)

        base = base_url.rstrip("/")
        login = base + reverse("accounts:login")
        run = base + reverse("meetings:run", args=[meeting.pk])
        join = base + reverse("participants:meeting", args=[meeting.code])
        self.stdout.write(note)
        self.stdout.write(self.style.SUCCESS("samtale is ready."))
        self.stdout.write(
            f"  Facilitator:      {login}   user: {facilitator.username}   password: {password}"
        )
        self.stdout.write(f"  Run the meeting:  {run}")
        self.stdout.write(f"  Participants:     {join}   (code {meeting.code})")
