"""Meetings and their programme: building it, and running it live.

Every live change is written first, then the whole programme state is published to the
meeting's pages after commit. The state is small, so pages never need to patch it.
"""

from dataclasses import dataclass
from datetime import date as date_type
from datetime import time, timedelta

from django.db import transaction
from django.db.models import F, Max, Prefetch
from django.utils import timezone
from django.utils.translation import gettext as _

from common.cache import cached
from common.errors import DomainError
from live.events import PROGRAMME_STATE
from live.publish import publish
from meetings.models import Announcement, Meeting, ProgrammeItem, Question, Speaker
from meetings.signals import item_started, meeting_ended
from meetings.written import item_other_form

MAX_EXTENSION_MINUTES = 120


class ProgrammeError(DomainError):
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


def normalised_code(code: str) -> str:
    """A meeting code as it is stored: people type it in any case, with spaces around or in it."""
    return code.strip().upper().replace(" ", "")


def meeting_by_code(code: str, *, with_current_item: bool = False) -> Meeting | None:
    """The meeting of a typed or linked code, or None; with its running item read if asked.

    Every page, socket and command that is given a code finds its meeting here, so a code is
    accepted everywhere as the join form accepts it.
    """
    meetings = (
        Meeting.objects.select_related("current_item") if with_current_item else Meeting.objects
    )
    try:
        # get(), not first(): the code is unique, and first() would sort by the ordering.
        return meetings.get(code=normalised_code(code))
    except Meeting.DoesNotExist:
        return None


def meeting_create(
    *,
    title: str,
    date: date_type,
    facilitator,
    video_url: str = "",
    language: str = "nb",
    zoom_preassign: bool = False,
    **privacy,
) -> Meeting:
    """Create a meeting with `facilitator` as its first facilitator; `privacy` may hold who is
    responsible for its personal data and how long it is kept (Meeting.controller_name…)."""
    with transaction.atomic():
        meeting = Meeting.objects.create(
            title=title,
            date=date,
            video_url=video_url,
            language=language,
            zoom_preassign=zoom_preassign,
            **privacy,
        )
        meeting.facilitators.add(facilitator)
    return meeting


def meeting_update(*, meeting: Meeting, **fields) -> Meeting:
    """Change the meeting's details (title, date, video call link, language…); the open
    pages hear it at once."""
    with transaction.atomic():
        for name, value in fields.items():
            setattr(meeting, name, value)
        meeting.save(update_fields=list(fields))
        _state_changed(meeting)
    return meeting


def programme_edited(*, meeting: Meeting) -> None:
    """The meeting or its programme was saved by a form of its own (the Django admin's):
    the open pages hear it once, after commit, as they do every other change."""
    _state_changed(meeting)


# --- Building the programme -------------------------------------------------------------
# Each edit is one transaction that bumps state_version once and publishes once.


def item_create(
    *,
    meeting: Meeting,
    speakers: list[dict] | None = None,
    questions: list[str | dict] | None = None,
    **fields,
) -> ProgrammeItem:
    """Append an item to the end of the programme, with its speakers and questions (each a
    text, or a dict of the text and `other_text`, the question in the other written form)."""
    with transaction.atomic():
        last = meeting.items.aggregate(last=Max("position"))["last"]
        item = ProgrammeItem.objects.create(meeting=meeting, position=(last or 0) + 1, **fields)
        _replace_children(item, speakers, questions)
        _state_changed(meeting)
    return item


def item_update(
    *,
    item: ProgrammeItem,
    speakers: list[dict] | None = None,
    questions: list[str | dict] | None = None,
    **fields,
) -> ProgrammeItem:
    """Change an item's details (title, times…) and, when given, replace its speakers and
    questions with these, in this order."""
    with transaction.atomic():
        for name, value in fields.items():
            setattr(item, name, value)
        if fields:
            item.save(update_fields=list(fields))
        _replace_children(item, speakers, questions)
        _state_changed(item.meeting)
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
    items_delete(items=[item])


def items_delete(*, items) -> None:
    """Delete programme items (a list or a queryset), never the one running now; each
    meeting they belong to publishes its programme once."""
    items = list(items)
    with transaction.atomic():
        if any(item_is_running(item) for item in items):
            raise ProgrammeError(_("This item is running now. Move on before you delete it."))
        meetings = {item.meeting_id: item.meeting for item in items}
        ProgrammeItem.objects.filter(pk__in=[item.pk for item in items]).delete()
        for meeting in meetings.values():
            _state_changed(meeting)


def item_is_running(item: ProgrammeItem) -> bool:
    """Asked of the database: the caller's meeting may have been read before it moved on."""
    return Meeting.objects.filter(pk=item.meeting_id, current_item=item.pk).exists()


def item_replace_children(
    *, item: ProgrammeItem, speakers: list[dict], questions: list[str]
) -> None:
    """Replace an item's speakers and questions with the given ones, in that order."""
    item_update(item=item, speakers=speakers, questions=questions)


def _replace_children(
    item: ProgrammeItem, speakers: list[dict] | None, questions: list[str | dict] | None
) -> None:
    if speakers is not None:
        item.speakers.all().delete()
        Speaker.objects.bulk_create(
            Speaker(item=item, position=i, **speaker) for i, speaker in enumerate(speakers, 1)
        )
    if questions is not None:
        item.questions.all().delete()
        Question.objects.bulk_create(
            Question(item=item, position=i, **(text if isinstance(text, dict) else {"text": text}))
            for i, text in enumerate(questions, 1)
        )


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
        _state_changed(meeting, started=first)
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
        _state_changed(meeting, started=item)
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
        _state_changed(meeting, started=following)
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
        moved = _resume_moved(item, minutes)
        if moved is not None:
            # A break that says when we start again: that time moves, so the page, the
            # projector and the programme all say the one time (ends_at follows it).
            item.resume_at = moved
            item.save(update_fields=["resume_at"])
        else:
            item.extra_seconds += minutes * 60
            item.save(update_fields=["extra_seconds"])
        _state_changed(meeting)
    return meeting


def _resume_moved(item: ProgrammeItem, minutes: int) -> time | None:
    """The break's restart time `minutes` later, or None when it has none or the new time
    would fall on another day or before the break began (then the extension is extra time)."""
    if item.kind != ProgrammeItem.Kind.BREAK or item.resume_at is None or item.started_at is None:
        return None
    resume = item.ends_at
    if resume is None or item.extra_seconds:
        return None
    moved = timezone.localtime(resume) + timedelta(minutes=minutes)
    if moved.date() != timezone.localtime(resume).date() or moved <= item.started_at:
        return None
    return moved.time().replace(second=0, microsecond=0)


def meeting_end(*, meeting: Meeting) -> Meeting:
    """End the meeting: the running item is done, nobody can join any more, and the walls
    are locked (wall/receivers.py): the cards are the material now."""
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
        meeting_ended.send(sender=Meeting, meeting=meeting)
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


def announcement_post(
    *, meeting: Meeting, text: str, author, until_item_ends: bool = False
) -> Announcement:
    """Show a message on every participant's screen, in place of the one shown before.

    With `until_item_ends`, it goes away by itself when the item running now ends.
    """
    with transaction.atomic():
        locked = _locked(meeting)
        _require_not_ended(locked)
        announcement = Announcement.objects.create(
            meeting=meeting,
            text=text,
            created_by=author,
            until_item_ends_id=locked.current_item_id if until_item_ends else None,
        )
        _state_changed(meeting)
    return announcement


def announcement_withdraw(*, meeting: Meeting, announcement_id: int) -> None:
    """Take an announcement off every screen; a withdrawn one is not shown again."""
    with transaction.atomic():
        _locked(meeting)
        withdrawn = Announcement.objects.filter(
            meeting=meeting, pk=announcement_id, withdrawn_at=None
        ).update(withdrawn_at=timezone.now())
        if withdrawn:
            _state_changed(meeting)


def announcement_showing(meeting: Meeting) -> Announcement | None:
    """The announcement on everyone's screen now, if any."""
    latest = getattr(meeting, "latest", None)
    if latest is None:
        latest = list(meeting.announcements.all()[:1])
    announcement = latest[0] if latest else None
    if announcement is None or announcement.withdrawn_at is not None:
        return None
    expires_with = announcement.until_item_ends_id
    if expires_with is not None and expires_with != meeting.current_item_id:
        return None
    return announcement


def _require_not_ended(meeting: Meeting) -> None:
    if meeting.status == Meeting.Status.ENDED:
        raise ProgrammeError(_("This meeting has ended."))


def _require_live(meeting: Meeting) -> None:
    if meeting.status == Meeting.Status.DRAFT:
        raise ProgrammeError(_("Start the meeting first."))
    if meeting.status == Meeting.Status.ENDED:
        raise ProgrammeError(_("This meeting has ended."))


def _state_changed(meeting: Meeting, started: ProgrammeItem | None = None) -> None:
    """Publish the programme's new state; then, when `started` began running in this
    change, tell the other apps (their frames follow the programme's)."""
    Meeting.objects.filter(pk=meeting.pk).update(state_version=F("state_version") + 1)
    meeting.refresh_from_db(fields=["state_version"])
    fresh = meeting_with_programme(meeting.pk)
    publish(meeting.pk, PROGRAMME_STATE, programme_state(fresh), key=PROGRAMME_STATE)
    if started is not None:
        item_started.send(sender=ProgrammeItem, item=started)


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
    questions = list(item.questions.all())
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
        "questions": [q.text for q in questions],
        # The language it is written in, and the other written form once it is read through:
        # each page shows the one in its language (programme.js), marked with its `lang`.
        "lang": item.meeting.language,
        "other": item_other_form(item, questions),
    }


def _next_expected(view: ProgrammeView) -> str | None:
    """When the next item now looks like starting ("HH:MM"), if the meeting runs late: the
    end of the running item, or now when it already runs over. None when on time."""
    following, current = view.following, view.current
    if following is None or following.planned_start is None or current is None:
        return None
    ends_at = current.ends_at
    if ends_at is None:
        return None
    expected = timezone.localtime(max(ends_at, timezone.now()))
    if expected.time().replace(second=0, microsecond=0) <= following.planned_start:
        return None
    return expected.strftime("%H:%M")


def programme_state(meeting: Meeting) -> dict:
    """Everything a page needs to show where the meeting is now; the same for everyone."""
    view = programme_view(meeting)
    announcement = announcement_showing(meeting)
    return {
        "version": meeting.state_version,
        "server_now": timezone.now().isoformat(),
        "status": meeting.status,
        "recording": meeting.recording,
        "video_url": meeting.video_url,
        "current": _item_state(view.current),
        "next": _item_state(view.following),
        "next_expected": _next_expected(view),
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
    # The meeting's language, and the title in the other written form once read through.
    lang: str = ""
    other_lang: str = ""
    other_title: str = ""


@dataclass(frozen=True)
class SharedProgramme:
    """What every participant's page shows of the programme at one state of the meeting."""

    state: dict  # programme_state, its clock left to be filled in per request
    group_sessions: tuple[GroupSessionLink, ...]

    def state_now(self) -> dict:
        return {**self.state, "server_now": timezone.now().isoformat()}


# Long enough for a wave of pages opening at one state; a state lasts minutes at most in
# a running meeting, and a later reading costs a few queries.
SHARED_PROGRAMME_SECONDS = 10 * 60


def shared_programme(meeting: Meeting) -> SharedProgramme:
    """The programme of `meeting` at the state_version its row was read with (or newer)."""
    return programme_at(meeting.pk, meeting.state_version, meeting.created_at)


def programme_at(meeting_id: int, state_version: int, created_at) -> SharedProgramme:
    """The programme at one state of the meeting (or newer), read once for every page and
    socket that shows that state, so that two thousand opening at once cost one reading.

    The creation time tells a meeting from a later one that got the same id.
    """
    return cached(
        ("programme", meeting_id, state_version, created_at.isoformat()),
        lambda: _programme_read(meeting_id),
        SHARED_PROGRAMME_SECONDS,
    )


def _programme_read(meeting_id: int) -> SharedProgramme:
    fresh = meeting_with_programme(meeting_id)
    return SharedProgramme(
        state=programme_state(fresh),
        group_sessions=tuple(
            GroupSessionLink(
                pk=item.pk,
                title=item.title,
                lang=fresh.language,
                other_lang=item.other_language if item.other_reviewed else "",
                other_title=item.other_title if item.other_reviewed else "",
            )
            for item in fresh.items.all()
            if item.kind == ProgrammeItem.Kind.GROUP_SESSION
        ),
    )
