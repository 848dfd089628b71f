"""A participant's own audience on the meeting's socket, registered with live/snapshot.py
by ParticipantsConfig.ready(): the session that joined is the participant's. Their open
sockets are counted in the database, for every process to see (participants/domain.py)."""

from live.publish import participant_audience
from live.snapshot import Grant, LiveAccess, register_access, register_socket_watch
from meetings.models import Meeting
from participants.domain import (
    participant_from_session,
    participant_socket_closed,
    participant_socket_opened,
)


def participant_access(meeting: Meeting, user, session) -> Grant | None:
    participant = participant_from_session(session, meeting)
    if participant is None:
        return None
    return Grant(participant_audience(participant.pk), participant_id=participant.pk)


def socket_opened(access: LiveAccess) -> None:
    if access.participant_id is not None:
        participant_socket_opened(participant_id=access.participant_id, page=access.page)


def socket_closed(access: LiveAccess) -> None:
    if access.participant_id is not None:
        participant_socket_closed(participant_id=access.participant_id)


register_access("participant", participant_access)
register_socket_watch("participant", socket_opened, socket_closed)
