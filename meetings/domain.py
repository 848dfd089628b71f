"""Meetings and their programme: building it, and running it live.

Every live change is written first, then the whole programme state is published to the
meeting's pages after commit. The state is small, so pages never need to patch it.
"""

from dataclasses import dataclass
from datetime import date as date_type
from datetime import time

from django.db import transaction
from django.db.models import F, Max, Prefetch
from django.utils import timezone
from django.utils.translation import gettext as _

from live.publish import publish
from meetings.models import Announcement, Meeting, ProgrammeItem, Question, Speaker

PROGRAMME_EVENT = "programme.state"
MAX_EXTENSION_MINUTES = 120


class ProgrammeError(Exception):
    """A live action that cannot be done now; the message is for the facilitator."""


def is_facilitator(user, meeting: Meeting) -> bool:
    if user is None or not user.is_authenticated:
        return False
    if user.is_superuser:
        return True
    return meeting.facilitators.filter(pk=user.pk).exists()


def meetings_for_facilitator(user):
    meetings = Meeting.objects.all() if user.is_superuser else user.facilitated_meetings.all()
    return meetings.order_by("-date", "-id")


def meeting_create(
    *, title: str, date: date_type, facilitator, video_url: str = "", language: str = "nb"
) -> Meeting:
    """Create a meeting with `facilitator` as its first facilitator."""
    with transaction.atomic():
        meeting = Meeting.objects.create(
            title=title, date=date, video_url=video_url, language=language
        )
        meeting.facilitators.add(facilitator)
    return meeting


# --- Building the programme -------------------------------------------------------------


def item_create(*, meeting: Meeting, **fields) -> ProgrammeItem:
    """Append an item to the end of the programme."""
    with transaction.atomic():
        last = meeting.items.aggregate(last=Max("position"))["last"]
        item = ProgrammeItem.objects.create(meeting=meeting, position=(last or 0) + 1, **fields)
        _state_changed(meeting)
    return item


def item_move(*, item: ProgrammeItem, offset: int) -> None:
    """Move an item up (offset -1) or down (+1) the programme."""
    with transaction.atomic():
        items = list(item.meeting.items.select_for_update().order_by("position", "id"))
        index = next(i for i, other in enumerate(items) if other.pk == item.pk)
        target = index + offset
        if not 0 <= target < len(items):
            return
        items[index], items[target] = items[target], items[index]
        for position, other in enumerate(items, start=1):
            if other.position != position:
                other.position = position
                other.save(update_fields=["position"])
        _state_changed(item.meeting)


def item_delete(*, item: ProgrammeItem) -> None:
    meeting = item.meeting
    with transaction.atomic():
        if meeting.current_item_id == item.pk:
            raise ProgrammeError(_("This item is running now. Move on before you delete it."))
        item.delete()
        _state_changed(meeting)


def item_saved(*, item: ProgrammeItem) -> None:
    """Tell the pages that an item's details were edited (title, times, questions…)."""
    _state_changed(item.meeting)


def item_replace_children(
    *, item: ProgrammeItem, speakers: list[dict], questions: list[str]
) -> None:
    """Replace an item's speakers and questions with the given ones, in that order."""
    with transaction.atomic():
        item.speakers.all().delete()
        item.questions.all().delete()
        Speaker.objects.bulk_create(
            Speaker(item=item, position=i, **speaker) for i, speaker in enumerate(speakers, 1)
        )
        Question.objects.bulk_create(
            Question(item=item, position=i, text=text) for i, text in enumerate(questions, 1)
        )
        _state_changed(item.meeting)


# --- Running it live --------------------------------------------------------------------


def _locked(meeting: Meeting) -> Meeting:
    return Meeting.objects.select_for_update().get(pk=meeting.pk)


def _check_expected(meeting: Meeting, expected_item_id: int | None) -> None:
    # Two facilitators (or one double click) pressing "next" must not skip an item.
    # The page sends 0 when it saw nothing running.
    if expected_item_id is not None and (meeting.current_item_id or 0) != expected_item_id:
        raise ProgrammeError(
            _("The programme has already moved on. Check what is running now and try again.")
        )


def _finish_current(meeting: Meeting, now, status=ProgrammeItem.Status.DONE) -> None:
    if meeting.current_item_id is None:
        return
    ProgrammeItem.objects.filter(pk=meeting.current_item_id).update(status=status, finished_at=now)
    meeting.current_item = None


def _start(meeting: Meeting, item: ProgrammeItem, now) -> None:
    item.status = ProgrammeItem.Status.RUNNING
    item.started_at = now
    item.extra_seconds = 0
    item.finished_at = None
    item.save(update_fields=["status", "started_at", "extra_seconds", "finished_at"])
    meeting.current_item = item


def _next_pending(meeting: Meeting) -> ProgrammeItem | None:
    current = meeting.current_item
    pending = meeting.items.filter(status=ProgrammeItem.Status.PENDING)
    if current is not None:
        later = pending.filter(position__gt=current.position) | pending.filter(
            position=current.position, id__gt=current.id
        )
        following = later.order_by("position", "id").first()
        if following is not None:
            return following
    return pending.order_by("position", "id").first()


def meeting_start(*, meeting: Meeting) -> Meeting:
    """Open the meeting live and start the first item that has not been run."""
    with transaction.atomic():
        meeting = _locked(meeting)
        if meeting.status == Meeting.Status.ENDED:
            raise ProgrammeError(_("This meeting has ended."))
        if meeting.status == Meeting.Status.LIVE:
            return meeting
        now = timezone.now()
        meeting.status = Meeting.Status.LIVE
        meeting.started_at = now
        first = _next_pending(meeting)
        if first is not None:
            _start(meeting, first, now)
        meeting.save(update_fields=["status", "started_at", "current_item"])
        _state_changed(meeting)
    return meeting


def item_start(
    *, meeting: Meeting, item: ProgrammeItem, expected_item_id: int | None = None
) -> Meeting:
    """Start `item` now, whatever its place; the running one is marked done."""
    with transaction.atomic():
        meeting = _locked(meeting)
        _require_live(meeting)
        _check_expected(meeting, expected_item_id)
        item = meeting.items.get(pk=item.pk)
        if meeting.current_item_id == item.pk:
            return meeting
        now = timezone.now()
        _finish_current(meeting, now)
        _start(meeting, item, now)
        meeting.save(update_fields=["current_item"])
        _state_changed(meeting)
    return meeting


def programme_advance(*, meeting: Meeting, expected_item_id: int | None = None) -> Meeting:
    """Finish what runs now and start the next item that has not been run."""
    return _move_on(meeting, expected_item_id, ProgrammeItem.Status.DONE)


def item_skip(*, meeting: Meeting, item: ProgrammeItem) -> Meeting:
    """Skip `item`: if it runs now, move on to the next; if it is coming, leave it out."""
    if meeting.current_item_id == item.pk:
        return _move_on(meeting, item.pk, ProgrammeItem.Status.SKIPPED)
    with transaction.atomic():
        meeting = _locked(meeting)
        _require_not_ended(meeting)
        updated = meeting.items.filter(pk=item.pk, status=ProgrammeItem.Status.PENDING).update(
            status=ProgrammeItem.Status.SKIPPED
        )
        if not updated:
            raise ProgrammeError(_("Only an item that has not been run can be skipped."))
        _state_changed(meeting)
    return meeting


def item_restore(*, meeting: Meeting, item: ProgrammeItem) -> Meeting:
    """Put a skipped or finished item back into the programme as coming."""
    with transaction.atomic():
        meeting = _locked(meeting)
        _require_not_ended(meeting)
        if meeting.current_item_id == item.pk:
            return meeting
        meeting.items.filter(pk=item.pk).update(
            status=ProgrammeItem.Status.PENDING, started_at=None, finished_at=None, extra_seconds=0
        )
        _state_changed(meeting)
    return meeting


def _move_on(meeting: Meeting, expected_item_id, finished_status) -> Meeting:
    with transaction.atomic():
        meeting = _locked(meeting)
        _require_live(meeting)
        _check_expected(meeting, expected_item_id)
        now = timezone.now()
        following = _next_pending(meeting)
        _finish_current(meeting, now, finished_status)
        if following is not None:
            _start(meeting, following, now)
        meeting.save(update_fields=["current_item"])
        _state_changed(meeting)
    return meeting


def item_extend(*, meeting: Meeting, minutes: int) -> Meeting:
    """Give the running item more time (or, with negative minutes, less)."""
    if not -MAX_EXTENSION_MINUTES <= minutes <= MAX_EXTENSION_MINUTES or minutes == 0:
        raise ProgrammeError(
            _("Extend by between 1 and %(max)d minutes.") % {"max": MAX_EXTENSION_MINUTES}
        )
    with transaction.atomic():
        meeting = _locked(meeting)
        _require_live(meeting)
        if meeting.current_item_id is None:
            raise ProgrammeError(_("Nothing is running, so there is nothing to extend."))
        item = ProgrammeItem.objects.select_for_update().get(pk=meeting.current_item_id)
        item.extra_seconds += minutes * 60
        item.save(update_fields=["extra_seconds"])
        _state_changed(meeting)
    return meeting


def meeting_end(*, meeting: Meeting) -> Meeting:
    """End the meeting: the running item is done and nobody can join any more."""
    with transaction.atomic():
        meeting = _locked(meeting)
        if meeting.status == Meeting.Status.ENDED:
            return meeting
        now = timezone.now()
        _finish_current(meeting, now)
        meeting.status = Meeting.Status.ENDED
        meeting.ended_at = now
        meeting.recording = False
        meeting.save(update_fields=["status", "ended_at", "current_item", "recording"])
        _state_changed(meeting)
    return meeting


def recording_set(*, meeting: Meeting, recording: bool) -> Meeting:
    """Show everyone whether the meeting is being recorded."""
    with transaction.atomic():
        meeting = _locked(meeting)
        if recording:
            _require_not_ended(meeting)
        meeting.recording = recording
        meeting.save(update_fields=["recording"])
        _state_changed(meeting)
    return meeting


def announcement_post(*, meeting: Meeting, text: str, author) -> Announcement:
    """Show a message on every participant's screen."""
    with transaction.atomic():
        _require_not_ended(_locked(meeting))
        announcement = Announcement.objects.create(meeting=meeting, text=text, created_by=author)
        _state_changed(meeting)
    return announcement


def _require_not_ended(meeting: Meeting) -> None:
    if meeting.status == Meeting.Status.ENDED:
        raise ProgrammeError(_("This meeting has ended."))


def _require_live(meeting: Meeting) -> None:
    if meeting.status == Meeting.Status.DRAFT:
        raise ProgrammeError(_("Start the meeting first."))
    if meeting.status == Meeting.Status.ENDED:
        raise ProgrammeError(_("This meeting has ended."))


def _state_changed(meeting: Meeting) -> None:
    Meeting.objects.filter(pk=meeting.pk).update(state_version=F("state_version") + 1)
    meeting.refresh_from_db(fields=["state_version"])
    fresh = meeting_with_programme(meeting.pk)
    publish(meeting.pk, PROGRAMME_EVENT, programme_state(fresh), key=PROGRAMME_EVENT)


# --- Reading the state ------------------------------------------------------------------


def meeting_with_programme(meeting_id: int) -> Meeting:
    """The meeting with everything the programme state needs, in a fixed number of queries."""
    items = ProgrammeItem.objects.prefetch_related("speakers", "questions")
    return (
        Meeting.objects.select_related("current_item")
        .prefetch_related(
            Prefetch("items", queryset=items),
            Prefetch("announcements", queryset=Announcement.objects.all()[:1], to_attr="latest"),
        )
        .get(pk=meeting_id)
    )


@dataclass(frozen=True)
class ProgrammeView:
    current: ProgrammeItem | None
    following: ProgrammeItem | None
    items: list[ProgrammeItem]


def programme_view(meeting: Meeting) -> ProgrammeView:
    items = list(meeting.items.all())
    current = next((item for item in items if item.pk == meeting.current_item_id), None)
    pending = [item for item in items if item.status == ProgrammeItem.Status.PENDING]
    following = None
    if current is not None:
        following = next(
            (item for item in pending if (item.position, item.pk) > (current.position, current.pk)),
            None,
        )
    if following is None and pending:
        following = pending[0]
    return ProgrammeView(current=current, following=following, items=items)


def _clock(value: time | None) -> str | None:
    return value.strftime("%H:%M") if value else None


def _item_state(item: ProgrammeItem | None) -> dict | None:
    if item is None:
        return None
    ends_at = item.ends_at
    return {
        "id": item.pk,
        "kind": item.kind,
        "title": item.title,
        "description": item.description,
        "planned_start": _clock(item.planned_start),
        "planned_minutes": item.planned_minutes,
        "started_at": item.started_at.isoformat() if item.started_at else None,
        "ends_at": ends_at.isoformat() if ends_at else None,
        "ends_clock": timezone.localtime(ends_at).strftime("%H:%M") if ends_at else None,
        "speakers": [
            {"name": s.name, "role": s.role, "organisation": s.organisation}
            for s in item.speakers.all()
        ],
        "questions": [q.text for q in item.questions.all()],
    }


def programme_state(meeting: Meeting) -> dict:
    """Everything a page needs to show where the meeting is now; the same for everyone."""
    view = programme_view(meeting)
    latest = getattr(meeting, "latest", None)
    if latest is None:
        latest = list(meeting.announcements.all()[:1])
    announcement = latest[0] if latest else None
    return {
        "version": meeting.state_version,
        "server_now": timezone.now().isoformat(),
        "status": meeting.status,
        "recording": meeting.recording,
        "current": _item_state(view.current),
        "next": _item_state(view.following),
        "items": [{"id": item.pk, "status": item.status} for item in view.items],
        "announcement": {
            "id": announcement.pk,
            "text": announcement.text,
            "at": announcement.created_at.isoformat(),
        }
        if announcement
        else None,
    }


@dataclass(frozen=True)
class GroupSessionLink:
    pk: int
    title: str


@dataclass(frozen=True)
class SharedProgramme:
    """What every participant's page shows of the programme at one state of the meeting."""

    state: dict  # programme_state, its clock left to be filled in per request
    group_sessions: tuple[GroupSessionLink, ...]

    def state_now(self) -> dict:
        return {**self.state, "server_now": timezone.now().isoformat()}


# The shared programme of each meeting at its latest version, so that two thousand pages
# opening at once cost one reading of the programme rather than one each.
_shared_programmes: dict[int, tuple[tuple, SharedProgramme]] = {}


def shared_programme(meeting: Meeting) -> SharedProgramme:
    """The programme of `meeting` at the state_version its row was read with (or newer)."""
    cached = _shared_programmes.get(meeting.pk)
    # The creation time tells a meeting from a later one that got the same id.
    if cached is None or cached[0] != (meeting.state_version, meeting.created_at):
        fresh = meeting_with_programme(meeting.pk)
        shared = SharedProgramme(
            state=programme_state(fresh),
            group_sessions=tuple(
                GroupSessionLink(pk=item.pk, title=item.title)
                for item in fresh.items.all()
                if item.kind == ProgrammeItem.Kind.GROUP_SESSION
            ),
        )
        cached = ((fresh.state_version, fresh.created_at), shared)
        _shared_programmes[meeting.pk] = cached
    return cached[1]
