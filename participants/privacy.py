"""A participant's personal data: what samtale holds of them, and how it goes.

- `personal_data_purge`: once a meeting has ended `Meeting.retention_days` ago, every
  participant's name becomes "Deltaker N" and their e-mail address, device token and join key
  go; card versions and pictures no longer name who saved them, help requests are deleted and
  the names in an imported video-call report become "Deltaker N" too. Cards stay, attributed
  to their group, and organisations stay, so that the report by municipality and county still
  adds up. Login attempts (django-axes) older than PERSONAL_DATA_RETENTION_DAYS go with them.
- `personal_data_of`: everything samtale holds of one participant (an access request).
- `participant_erase`: the same as the purge, for one participant, now (an erasure request).
"""

from dataclasses import dataclass
from datetime import timedelta

from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.conf import settings
from django.db import transaction
from django.utils import timezone

from groups.models import Membership
from helpdesk.models import HelpRequest
from imports.models import VideoCallAttendee
from live.events import PRESENCE_STALE
from live.publish import FACILITATORS, publish
from meetings.models import Meeting
from participants.models import Participant, new_participant_token
from wall.models import CardImage, CardVersion

ANONYMOUS_PREFIX = "Deltaker"


@dataclass(frozen=True)
class Controller:
    """Who is responsible for a meeting's personal data, and where to ask about it."""

    name: str
    contact: str


def controller_of(meeting: Meeting) -> Controller:
    """The meeting's own controller when its facilitator named one, else who organises it,
    else the organisation running samtale (OPERATOR_NAME)."""
    return Controller(
        name=meeting.controller_name or meeting.organised_by or settings.OPERATOR_NAME,
        contact=meeting.controller_contact
        or settings.PRIVACY_OFFICER_EMAIL
        or settings.OPERATOR_CONTACT_EMAIL,
    )


def kept_until(meeting: Meeting):
    """When the meeting's personal data goes: `retention_days` after it ended (None before)."""
    if meeting.ended_at is None:
        return None
    return meeting.ended_at + timedelta(days=meeting.retention_days)


def anonymous_name(participant_pk: int) -> str:
    return f"{ANONYMOUS_PREFIX} {participant_pk}"


@dataclass(frozen=True)
class Purged:
    meetings: int
    participants: int
    login_attempts: int


def meetings_due(now=None, *, older_than_days: int | None = None) -> list[Meeting]:
    """The ended meetings whose retention is over: each by its own `retention_days`, or all
    by `older_than_days` when it is given."""
    now = now or timezone.now()
    ended = Meeting.objects.filter(status=Meeting.Status.ENDED, ended_at__isnull=False)
    return [
        meeting
        for meeting in ended.only("pk", "ended_at", "retention_days")
        if meeting.ended_at
        < now - timedelta(days=older_than_days if older_than_days else meeting.retention_days)
    ]


def _anonymise(participants) -> int:
    """Make `participants` (a queryset) anonymous; returns how many still had a name."""
    ids = list(participants.values_list("pk", flat=True))
    CardVersion.objects.filter(author_id__in=ids).update(author=None)
    CardImage.objects.filter(uploaded_by_id__in=ids).update(uploaded_by=None)
    HelpRequest.objects.filter(participant_id__in=ids).delete()
    named = 0
    for participant in Participant.objects.filter(pk__in=ids).only("pk", "name", "email"):
        if participant.name != anonymous_name(participant.pk) or participant.email:
            named += 1
        Participant.objects.filter(pk=participant.pk).update(
            name=anonymous_name(participant.pk),
            email="",
            token=new_participant_token(),  # the device that joined is no longer recognised
            join_key="",
        )
    return named


def personal_data_purge(*, now=None, older_than_days: int | None = None) -> Purged:
    """Remove the personal data of every meeting whose retention is over (module docstring);
    running it again changes nothing."""
    now = now or timezone.now()
    meetings = meetings_due(now, older_than_days=older_than_days)
    with transaction.atomic():
        count = _anonymise(Participant.objects.filter(meeting__in=meetings))
        for attendee in VideoCallAttendee.objects.filter(report__meeting__in=meetings).exclude(
            display_name__startswith=f"{ANONYMOUS_PREFIX} "
        ):
            attendee.display_name = anonymous_name(attendee.pk)
            attendee.save(update_fields=["display_name"])
        cutoff = now - timedelta(days=settings.PERSONAL_DATA_RETENTION_DAYS)
        attempts = AccessAttempt.objects.filter(attempt_time__lt=cutoff).delete()[0]
        attempts += AccessFailureLog.objects.filter(attempt_time__lt=cutoff).delete()[0]
        attempts += AccessLog.objects.filter(attempt_time__lt=cutoff).delete()[0]
    return Purged(meetings=len(meetings), participants=count, login_attempts=attempts)


def participant_erase(*, participant: Participant) -> None:
    """Erase one participant's personal data now, as the purge does: their cards stay with
    their group, their name and e-mail address go, and their device is signed out."""
    with transaction.atomic():
        _anonymise(Participant.objects.filter(pk=participant.pk))
    publish(participant.meeting_id, PRESENCE_STALE, {}, audience=FACILITATORS, key=PRESENCE_STALE)


def _when(value) -> str | None:
    return value.isoformat() if value else None


def personal_data_of(participant: Participant) -> dict:
    """Everything samtale holds of `participant`, as plain data for a JSON file."""
    meeting = participant.meeting
    controller = controller_of(meeting)
    memberships = Membership.objects.filter(participant=participant).select_related("group__item")
    versions = CardVersion.objects.filter(author=participant).select_related("card__group")
    pictures = CardImage.objects.filter(uploaded_by=participant).select_related("card__group")
    return {
        "meeting": {"title": meeting.title, "date": meeting.date.isoformat(), "code": meeting.code},
        "controller": {"name": controller.name, "contact": controller.contact},
        "participant": {
            "name": participant.name,
            "organisation": participant.organisation,
            "municipality": participant.municipality.name if participant.municipality else None,
            "county": participant.county.name if participant.county else None,
            "email": participant.email,
            "local_site": participant.is_local_site,
            "people_in_the_room": participant.head_count,
            "joined_at": _when(participant.joined_at),
            "left_at": _when(participant.left_at),
            "left_how": participant.gone or None,
        },
        "groups": [
            {"session": m.group.item.title, "group": m.group.name, "role": m.role}
            for m in memberships
        ],
        "card_versions": [
            {
                "group": v.card.group.name,
                "version": v.version,
                "heading": v.heading,
                "text": v.body,
                "saved_at": _when(v.created_at),
            }
            for v in versions
        ],
        "pictures": [
            {"group": p.card.group.name, "description": p.alt, "added_at": _when(p.created_at)}
            for p in pictures
        ],
        "help_requests": [
            {
                "question": h.question,
                "answer": h.answer,
                "asked_at": _when(h.created_at),
                "answered_at": _when(h.answered_at),
            }
            for h in HelpRequest.objects.filter(participant=participant)
        ],
        "kept_until": _when(kept_until(meeting)),
    }
