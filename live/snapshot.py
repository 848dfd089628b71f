"""Who may listen to a meeting's socket, and what a page gets the moment it connects."""

import json
from dataclasses import dataclass

from django.core.serializers.json import DjangoJSONEncoder
from django.utils import timezone

from live.publish import EVERYONE, FACILITATORS, participant_audience
from meetings.domain import PROGRAMME_EVENT, is_facilitator, meeting_with_programme, programme_state
from meetings.models import Meeting, ProgrammeItem
from participants.domain import participant_from_session
from wall.report_back import REPORT_EVENT, report_state


@dataclass(frozen=True)
class LiveAccess:
    meeting_id: int
    audiences: frozenset[str]
    participant_id: int | None = None
    language: str = "nb"  # what answers to the socket's requests are written in


def live_access(code: str, user, session) -> LiveAccess | None:
    """The audiences this socket may hear, or None if it may not listen to the meeting."""
    meeting = Meeting.objects.filter(code=code).first()
    if meeting is None:
        return None
    audiences = {EVERYONE}
    if is_facilitator(user, meeting):
        audiences.add(FACILITATORS)
    participant = participant_from_session(session, meeting)
    if participant is not None:
        audiences.add(participant_audience(participant.pk))
    if len(audiences) == 1:
        return None
    return LiveAccess(
        meeting_id=meeting.pk,
        audiences=frozenset(audiences),
        participant_id=participant.pk if participant is not None else None,
        language=meeting.language,
    )


def _frame(event_type: str, data: dict) -> str:
    return json.dumps({"type": event_type, "data": data}, cls=DjangoJSONEncoder)


# The programme frame of each meeting at its latest version, so that a thousand pages
# connecting at once cost one rendering. Only the clock in it is filled in per socket.
_NOW = "\u0000now\u0000"
_programme_frames: dict[int, tuple[tuple, str]] = {}


def _programme_frame(meeting_id: int) -> tuple[str, str | None]:
    version, created, kind = (
        Meeting.objects.filter(pk=meeting_id)
        .values_list("state_version", "created_at", "current_item__kind")
        .get()
    )
    cached = _programme_frames.get(meeting_id)
    # The creation time tells a meeting from a later one that got the same id.
    if cached is None or cached[0] != (version, created):
        meeting = meeting_with_programme(meeting_id)
        state = programme_state(meeting)
        state["server_now"] = _NOW
        cached = ((meeting.state_version, meeting.created_at), _frame(PROGRAMME_EVENT, state))
        _programme_frames[meeting_id] = cached
    now = json.dumps(timezone.now().isoformat())
    return cached[1].replace(json.dumps(_NOW), now, 1), kind


def snapshot_frames(access: LiveAccess) -> list[str]:
    programme, current_kind = _programme_frame(access.meeting_id)
    frames = [programme]
    if current_kind == ProgrammeItem.Kind.REPORT_BACK:
        current = Meeting.objects.select_related("current_item").get(pk=access.meeting_id)
        frames.append(_frame(REPORT_EVENT, report_state(current.current_item)))
    return frames
