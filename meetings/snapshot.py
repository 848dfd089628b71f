"""What a socket of the meeting is told by the programme, registered with live/snapshot.py
by MeetingsConfig.ready(): the meeting of a code, the facilitators' audience, and the
programme frame, followed by the frames of the running item that its kind's app registers
here (wall: the report-back's).
"""

from collections.abc import Callable

from live.events import FACILITATORS, PROGRAMME_STATE
from live.snapshot import (
    Grant,
    LiveAccess,
    frame,
    register_access,
    register_meeting_lookup,
    register_snapshot_part,
)
from meetings.domain import is_facilitator, meeting_by_code, programme_at
from meetings.models import Meeting

# (the running item's id, the socket's language) -> its frames.
RunningItemPart = Callable[[int, str], list[str]]

running_item_parts: dict[str, RunningItemPart] = {}


def register_running_item_part(kind: str, part: RunningItemPart) -> None:
    """`part` adds its frames to the snapshot while an item of `kind` is running."""
    running_item_parts[kind] = part


def facilitator_access(meeting: Meeting, user, session) -> Grant | None:
    return Grant(FACILITATORS) if is_facilitator(user, meeting) else None


def programme_frames(access: LiveAccess) -> list[str]:
    """The programme, read once per state for every page (meetings.domain.programme_at),
    with the clock of this moment; then the running item's own frames, in the socket's
    language."""
    version, created, item_id, kind = (
        Meeting.objects.filter(pk=access.meeting_id)
        .values_list("state_version", "created_at", "current_item_id", "current_item__kind")
        .get()
    )
    programme = programme_at(access.meeting_id, version, created)
    frames = [frame(PROGRAMME_STATE, programme.state_now())]
    part = running_item_parts.get(kind)
    if part is not None:
        frames.extend(part(item_id, access.language))
    return frames


register_meeting_lookup(meeting_by_code)
register_access("facilitators", facilitator_access)
register_snapshot_part("programme", programme_frames)
