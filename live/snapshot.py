"""Who may listen to a meeting's socket, and what a page gets the moment it connects.

live/ knows no meeting, participant or card: the apps that do tell it, each from its
AppConfig.ready(), as they register request handlers (live/requests.py):

- the *meeting lookup*: the meeting of the socket's code (meetings);
- *access providers*: each may grant one audience to the socket's person (meetings: the
  facilitators'; participants: the participant's own). A socket nobody grants anything
  may not listen;
- *snapshot parts*: the frames a page gets at once, in the order they were registered
  (meetings: the programme, and the running item's frames, such as the report-back's
  that wall registers there);
- *socket watches*: told when a socket that may listen has opened and when it has closed
  (participants: a person's open sockets, counted for every process to see);
- *joinable audiences*: the audiences a page asks to join beside what its person is
  granted, by kind and id (`?join=card:<id>` on the socket's URL), each with the check of
  who may (wall: the editors of a card, `card:<id>`, its group's members and the
  facilitators). An audience the check refuses is not joined; the socket still opens.

All of them run on a live thread (live/threads.py), in the socket's lane.
"""

import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from typing import Any, Protocol

from django.core.serializers.json import DjangoJSONEncoder

from live.events import EVERYONE


@dataclass(frozen=True)
class LiveAccess:
    meeting_id: int
    audiences: frozenset[str]
    participant_id: int | None = None
    language: str = "nb"  # what answers to the socket's requests are written in
    page: str = ""  # the id live.js gave the page the socket is of, if any


class LiveMeeting(Protocol):
    """What live/ reads of the meeting the lookup found."""

    pk: int
    language: str


@dataclass(frozen=True)
class Grant:
    """One audience an access provider lets the socket hear."""

    audience: str
    participant_id: int | None = None  # the person the socket is, if it is a participant


MeetingLookup = Callable[[str], LiveMeeting | None]
# (the meeting the lookup found, the session's user, the session) -> a grant, or None
AccessProvider = Callable[[Any, Any, Any], Grant | None]
SnapshotPart = Callable[[LiveAccess], list[str]]
# (the socket's access) -> None
SocketWatch = Callable[[LiveAccess], None]
# (the socket's access as granted, the id the page names) -> may the socket join?
JoinCheck = Callable[[LiveAccess, int], bool]

_meeting_lookup: MeetingLookup | None = None
access_providers: dict[str, AccessProvider] = {}
snapshot_parts: dict[str, SnapshotPart] = {}
socket_watches: dict[str, tuple[SocketWatch, SocketWatch]] = {}
joinable: dict[str, JoinCheck] = {}


def register_meeting_lookup(lookup: MeetingLookup) -> None:
    global _meeting_lookup
    _meeting_lookup = lookup


def register_access(name: str, provider: AccessProvider) -> None:
    access_providers[name] = provider


def register_snapshot_part(name: str, part: SnapshotPart) -> None:
    snapshot_parts[name] = part


def register_socket_watch(name: str, opened: SocketWatch, closed: SocketWatch) -> None:
    """`opened(access)` once a socket is attached, and `closed(access)` once it is gone."""
    socket_watches[name] = (opened, closed)


def register_joinable(kind: str, check: JoinCheck) -> None:
    """A page may join the audience `<kind>:<id>` where `check(access, id)` is true."""
    joinable[kind] = check


def socket_opened(access: LiveAccess) -> None:
    for opened, _closed in socket_watches.values():
        opened(access)


def socket_closed(access: LiveAccess) -> None:
    for _opened, closed in socket_watches.values():
        closed(access)


def frame(event_type: str, data) -> str:
    """A frame as live/publish.py writes it, for a snapshot part."""
    return json.dumps({"type": event_type, "data": data}, cls=DjangoJSONEncoder)


def live_access(
    code: str, user, session, joins: Iterable[tuple[str, int]] = ()
) -> LiveAccess | None:
    """The audiences this socket may hear, or None if it may not listen to the meeting;
    with those of `joins` (kind, id) that their checks allow."""
    meeting = _meeting_lookup(code) if _meeting_lookup is not None else None
    if meeting is None:
        return None
    grants = [
        grant
        for provider in access_providers.values()
        if (grant := provider(meeting, user, session)) is not None
    ]
    if not grants:
        return None
    participant_ids = [grant.participant_id for grant in grants if grant.participant_id]
    access = LiveAccess(
        meeting_id=meeting.pk,
        audiences=frozenset({EVERYONE, *(grant.audience for grant in grants)}),
        participant_id=participant_ids[0] if participant_ids else None,
        language=meeting.language,
    )
    joined = {
        f"{kind}:{number}"
        for kind, number in joins
        if (check := joinable.get(kind)) is not None and check(access, number)
    }
    return replace(access, audiences=access.audiences | joined) if joined else access


def snapshot_frames(access: LiveAccess) -> list[str]:
    """Every part's frames, in the order the parts were registered."""
    return [each for part in snapshot_parts.values() for each in part(access)]
