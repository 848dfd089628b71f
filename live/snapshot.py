"""Who may listen to a meeting's socket, and what a page gets the moment it connects."""

import json
from dataclasses import dataclass

from django.core.serializers.json import DjangoJSONEncoder

from live.publish import EVERYONE, FACILITATORS, participant_audience
from meetings.domain import PROGRAMME_EVENT, is_facilitator, meeting_with_programme, programme_state
from meetings.models import Meeting, ProgrammeItem
from participants.domain import participant_from_session
from wall.report_back import REPORT_EVENT, report_state


@dataclass(frozen=True)
class LiveAccess:
    meeting_id: int
    audiences: frozenset[str]


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
    return LiveAccess(meeting_id=meeting.pk, audiences=frozenset(audiences))


def _frame(event_type: str, data: dict) -> str:
    return json.dumps({"type": event_type, "data": data}, cls=DjangoJSONEncoder)


def snapshot_frames(access: LiveAccess) -> list[str]:
    meeting = meeting_with_programme(access.meeting_id)
    frames = [_frame(PROGRAMME_EVENT, programme_state(meeting))]
    current = meeting.current_item
    if current is not None and current.kind == ProgrammeItem.Kind.REPORT_BACK:
        frames.append(_frame(REPORT_EVENT, report_state(current)))
    return frames
