"""Who may listen to a meeting's socket, and what a page gets the moment it connects."""

import json
from dataclasses import dataclass

from django.core.serializers.json import DjangoJSONEncoder

from live.publish import EVERYONE, FACILITATORS, participant_audience
from meetings.domain import PROGRAMME_EVENT, is_facilitator, meeting_with_programme, programme_state
from meetings.models import Meeting
from participants.domain import participant_from_session


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


def snapshot_frames(access: LiveAccess) -> list[str]:
    state = programme_state(meeting_with_programme(access.meeting_id))
    return [json.dumps({"type": PROGRAMME_EVENT, "data": state}, cls=DjangoJSONEncoder)]
