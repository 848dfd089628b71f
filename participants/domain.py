"""Joining a meeting without an account, being recognised again, and who is here."""

from collections import Counter
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Count, F, Q, Sum
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from common.cache import first_in_spell
from common.errors import DomainError
from live.events import PARTICIPANT_NAME, PRESENCE_STALE
from live.publish import FACILITATORS, participant_audience, publish
from meetings.domain import meeting_by_code
from meetings.models import Meeting
from participants.models import Participant
from participants.signals import (
    closed_check_wanted,
    participant_back,
    participant_joined,
    participant_left,
)
from register.domain import OrganisationMatch, organisation_close_matches, organisation_resolve

SESSION_KEY = "samtale_participants"
# What a name becomes once the retention period is over (not translated: it is stored).


class JoinError(DomainError):
    """Joining is not possible; the message is for the participant, `status` for HTTP."""

    def __init__(self, message, status=404):
        super().__init__(message)
        self.status = status


def meeting_for_join(code: str, found: Meeting | None = None) -> Meeting:
    """The open meeting with this code, or a JoinError that says why not.

    `found` is the meeting already looked up by this code, if any, so it is not read twice.
    """
    meeting = found or meeting_by_code(code)
    if meeting is None:
        raise JoinError(
            _("We could not find a meeting with that code. Check the code and try again.")
        )
    if meeting.status == Meeting.Status.ENDED:
        raise JoinError(_("This meeting has ended, so it is no longer possible to join."), 410)
    return meeting


def participant_join(
    *,
    meeting: Meeting,
    name: str,
    organisation: str,
    organisation_is_other: bool = False,
    email: str = "",
    is_local_site: bool = False,
    head_count: int = 1,
    join_key: str = "",
) -> Participant:
    """Add a participant (or a local site) to `meeting`.

    The organisation is matched against the municipality register unless the person says it
    is another kind of organisation. The same `join_key` twice returns the first participant.
    """
    if meeting.status == Meeting.Status.ENDED:
        raise JoinError(_("This meeting has ended, so it is no longer possible to join."), 410)
    match = None if organisation_is_other else organisation_resolve(organisation)
    participant = Participant(
        meeting=meeting,
        name=name,
        organisation=match.display_name if match else organisation,
        municipality=match.municipality if match else None,
        county=match.county if match else None,
        email=email,
        is_local_site=is_local_site,
        head_count=head_count if is_local_site else 1,
        join_key=join_key,
    )
    try:
        with transaction.atomic():
            participant.save()
            participant_joined.send(sender=Participant, participant=participant)
            _presence_changed(meeting.pk)
    except IntegrityError:
        # The same form submitted twice (at once or later): the first made the participant.
        # The unique join_key finds it, so the usual join, the first, needs no lookup before.
        return meeting.participants.get(join_key=join_key)
    return participant


def organisation_question(
    organisation: str, *, organisation_is_other: bool
) -> list[OrganisationMatch]:
    """The register entries to offer with "Did you mean …?" before joining, best first.

    A misspelt municipality ("Kristiansnad") would join unmatched: out of its municipality's
    and county's counts, the mixed groups and the video-call name. Nothing to ask when the
    text resolves, is said to be another kind of organisation, or is close to nothing.
    """
    if organisation_is_other:
        return []
    return organisation_close_matches(organisation)


def participant_leave(*, participant: Participant) -> None:
    """The participant pressed "leave": gone for good (their browser forgets them)."""
    with transaction.atomic():
        participant.left_at = timezone.now()
        participant.gone = Participant.Gone.LEFT
        participant.save(update_fields=["left_at", "gone"])
        participant_left.send(sender=Participant, participant=participant)
        _presence_changed(participant.meeting_id)


# --- Pages closed for good: gone without pressing "leave" ---------------------------------
#
# A page of the meeting sends a beacon when it goes away (pagehide: closed, or left for
# another page); a sleeping phone sends none, its page is still there. After the grace
# period the worker checks: no live socket of theirs open, in any process, and none opened
# since the beacon, means every page is closed: they count as gone, as if they had left.
# Opening a page of the meeting again, with the same session, brings them back.


def closed_grace() -> timedelta:
    return timedelta(seconds=settings.PARTICIPANT_CLOSED_GRACE_SECONDS)


def participant_closing(*, participant: Participant, page: str = "") -> None:
    """A page of `participant` (`page`: live.js's id for it) says it is going away: note
    when, and have the worker check after the grace period whether every page of theirs
    is closed by then.

    Noted if it is the page whose socket opened last, or if that one has said so already
    (the last of several tabs). The beacon of a page left for another can come after the
    next page's socket has opened: that page is open, and the beacon is no closing."""
    now = timezone.now()
    noted = (
        Participant.objects.filter(pk=participant.pk, left_at__isnull=True)
        .filter(Q(last_page=page) | Q(closed_at__isnull=False))
        .update(closed_at=now)
    )
    if not noted:
        return
    # One check waits per person at a time: a later beacon within the first half of the
    # grace finds it waiting, and the check looks again at the latest closing
    # (participant_closed_check). Half, so a beacon after it is never lost to a check
    # that has already run.
    spell = max(1, settings.PARTICIPANT_CLOSED_GRACE_SECONDS // 2)
    if first_in_spell(("participants", "closing", participant.pk), spell):
        closed_check_wanted.send(
            sender=Participant, participant_id=participant.pk, run_after=now + closed_grace()
        )


def participant_closed_check(*, participant_id: int) -> bool:
    """The worker's check after a beacon: whether the person is gone now, every page of the
    meeting closed for the grace period, and none open since. A page with its socket open
    (or a phone asleep, which sent no beacon) keeps them here."""
    found = (
        Participant.objects.filter(pk=participant_id)
        .values_list("open_sockets", "closed_at", "left_at")
        .first()
    )
    if found is None:
        return False
    open_sockets, closed_at, left_at = found
    if left_at is not None or closed_at is None or open_sockets > 0:
        return False  # gone already, back since the beacon, or a page open
    due = closed_at + closed_grace()
    if due > timezone.now():  # a later beacon than the one this check was for
        closed_check_wanted.send(sender=Participant, participant_id=participant_id, run_after=due)
        return False
    with transaction.atomic():
        # Only as the check found them: a socket opened meanwhile keeps them here.
        gone = Participant.objects.filter(
            pk=participant_id, left_at__isnull=True, open_sockets=0, closed_at=closed_at
        ).update(left_at=closed_at, gone=Participant.Gone.CLOSED)
        if gone:
            participant = Participant.objects.get(pk=participant_id)
            participant_left.send(sender=Participant, participant=participant)
            _presence_changed(participant.meeting_id)
    return bool(gone)


def participant_socket_opened(*, participant_id: int, page: str = "") -> None:
    """A live socket of the person opened (in any process), of `page`: counted, and any
    closing forgotten. One UPDATE; someone who had closed every page is back, with their
    groups."""
    counted = (
        Participant.objects.filter(pk=participant_id)
        .exclude(gone=Participant.Gone.CLOSED)
        .update(open_sockets=F("open_sockets") + 1, closed_at=None, last_page=page)
    )
    if counted:
        return
    with transaction.atomic():
        back = Participant.objects.filter(pk=participant_id, gone=Participant.Gone.CLOSED).update(
            open_sockets=F("open_sockets") + 1,
            closed_at=None,
            last_page=page,
            left_at=None,
            gone="",
        )
        if back:
            participant = Participant.objects.get(pk=participant_id)
            participant_back.send(sender=Participant, participant=participant)
            _presence_changed(participant.meeting_id)


def participant_socket_closed(*, participant_id: int) -> None:
    """A live socket of the person closed: one UPDATE."""
    Participant.objects.filter(pk=participant_id, open_sockets__gt=0).update(
        open_sockets=F("open_sockets") - 1
    )


def _presence_changed(meeting_id: int) -> None:
    # A ping, not the counts: the panel reloads and counts once per burst of joins,
    # where counting here would cost a query for every join.
    publish(meeting_id, PRESENCE_STALE, {}, audience=FACILITATORS, key=PRESENCE_STALE)


def participant_remember(session, participant: Participant) -> None:
    """Let this browser be the same participant when it comes back."""
    known = dict(session.get(SESSION_KEY, {}))
    known[str(participant.meeting_id)] = participant.token
    session[SESSION_KEY] = known


def participant_forget(session, meeting: Meeting) -> None:
    """This browser is no longer a participant of `meeting` (after leaving it)."""
    known = dict(session.get(SESSION_KEY, {}))
    known.pop(str(meeting.pk), None)
    session[SESSION_KEY] = known


def participant_from_session(session, meeting: Meeting) -> Participant | None:
    if session is None:
        return None
    token = session.get(SESSION_KEY, {}).get(str(meeting.pk))
    if not token:
        return None
    try:
        participant = Participant.objects.select_related("municipality", "county").get(
            meeting=meeting, token=token
        )
    except Participant.DoesNotExist:
        return None
    participant.meeting = meeting  # already read: following it costs no query
    return participant


def present_participants(meeting: Meeting):
    return meeting.participants.filter(left_at__isnull=True).select_related("county")


def presence_counts(meeting: Meeting) -> dict:
    """How many are here: people (a local site counts its heads), devices, local sites, and
    devices whose organisation is not in the register.

    Counted by the database, in one query; the presence panel asks once per burst of joins
    (a presence.stale ping), not once per join."""
    return meeting.participants.filter(left_at__isnull=True).aggregate(
        people=Coalesce(Sum("head_count"), 0),
        joined=Count("id"),
        local_sites=Count("id", filter=Q(is_local_site=True)),
        # Joined with an organisation the register does not know: for the facilitator to see.
        unmatched=Count("id", filter=Q(municipality__isnull=True, county__isnull=True)),
    )


@dataclass(frozen=True)
class PresenceGroup:
    label: str
    people: int
    participants: list[Participant]


def presence_by(meeting: Meeting, *, field: str) -> list[PresenceGroup]:
    """Who is here, grouped by organisation or by county, largest group first."""
    groups: dict[str, list[Participant]] = {}
    for participant in present_participants(meeting):
        if field == "county":
            label = participant.county.name if participant.county else _("Other organisations")
        else:
            label = participant.organisation
        groups.setdefault(label, []).append(participant)
    people = Counter(
        {label: sum(p.head_count for p in members) for label, members in groups.items()}
    )
    return [
        PresenceGroup(label=label, people=people[label], participants=groups[label])
        for label in sorted(groups, key=lambda label: (-people[label], label))
    ]


# --- Organisations that are not in the register, matched by a facilitator -----------------


@dataclass(frozen=True)
class UnmatchedOrganisation:
    organisation: str  # as the participants typed it
    participants: int
    people: int  # a local site counts its heads
    suggestion: OrganisationMatch | None  # the register entry it comes closest to, if any


def unmatched_organisations(meeting: Meeting) -> list[UnmatchedOrganisation]:
    """Every organisation typed in `meeting` that is neither a municipality nor a county of
    the register, most people first: those who kept "Kristiansnad", and other organisations
    ("Norsk kulturskoleråd"), which rightly stay so."""
    rows = (
        meeting.participants.filter(municipality__isnull=True, county__isnull=True)
        .values("organisation")
        .annotate(participants=Count("id"), people=Coalesce(Sum("head_count"), 0))
        .order_by("-people", "organisation")
    )
    found = []
    for row in rows:
        close = organisation_close_matches(row["organisation"], limit=1)
        found.append(
            UnmatchedOrganisation(
                organisation=row["organisation"],
                participants=row["participants"],
                people=row["people"],
                suggestion=close[0] if close else None,
            )
        )
    return found


def organisation_match_by_hand(
    *, meeting: Meeting, typed: str, register_name: str
) -> tuple[int, str]:
    """Match everyone in `meeting` who typed the unmatched organisation `typed` to the
    register entry `register_name` names ("Kristiansand kommune", or "Kristiansand"), all at
    once; how many participants that was. Their video-call name follows.

    Groups already formed stay as they are; the counts and the next forming see the match.
    """
    match = organisation_resolve(register_name)
    if match is None:
        raise DomainError(
            gettext_lazy(
                "“%(name)s” is not one municipality or county of the register. "
                "Choose one from the list."
            ),
            code="not_in_register",
            name=register_name,
        )
    with transaction.atomic():
        people = meeting.participants.filter(
            organisation=typed, municipality__isnull=True, county__isnull=True
        )
        ids = list(people.values_list("pk", flat=True))
        matched = Participant.objects.filter(pk__in=ids).update(
            organisation=match.display_name,
            municipality=match.municipality,
            county=match.county,
        )
        if matched:
            _presence_changed(meeting.pk)
        # Their pages show the name to use in the call: it changes now, not at a reload.
        for participant in Participant.objects.filter(pk__in=ids):
            publish(
                meeting.pk,
                PARTICIPANT_NAME,
                {"display_name": participant.display_name},
                audience=participant_audience(participant.pk),
                key=f"{PARTICIPANT_NAME}:{participant.pk}",
            )
    return matched, match.display_name


# --- Who took part: the meeting's attendance list ---------------------------------------


def attendance(meeting: Meeting):
    """Everyone who joined `meeting`, in the order they joined, with their county; those who
    left keep their row, with when."""
    return meeting.participants.select_related("county").order_by("joined_at", "id")
