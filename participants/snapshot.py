"""A participant's own audience on the meeting's socket, registered with live/snapshot.py
by ParticipantsConfig.ready(): the session that joined is the participant's."""

from live.publish import participant_audience
from live.snapshot import Grant, register_access
from meetings.models import Meeting
from participants.domain import participant_from_session


def participant_access(meeting: Meeting, user, session) -> Grant | None:
    participant = participant_from_session(session, meeting)
    if participant is None:
        return None
    return Grant(participant_audience(participant.pk), participant_id=participant.pk)


register_access("participant", participant_access)
