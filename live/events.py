"""The catalogue of live events: every type a page can hear, and what it carries.

Each type follows one of two rules. *State the page applies*: the payload is the new state,
and the page shows it without asking the server. *A region is stale*: a small ping that
names only the region (and its version, where one exists); the region that lists the type
in its `data-refresh-on` reloads itself (common/static/samtale/js/regions.js). Nothing is
sent that no page reads. `REGISTRY` holds each type's payload, rule, audiences, coalescing
key and listeners; docs/live.md shows the same as a table, and `check` holds every publish
to it when `LIVE_CHECK_EVENTS` is on (in DEBUG and in the tests).
"""

import types
import typing
from dataclasses import dataclass
from typing import Literal, NotRequired, TypedDict

# State the page applies.
PROGRAMME_STATE = "programme.state"
REPORTBACK_STATE = "reportback.state"
CARD_STATE = "card.state"
CARD_SUMMARY = "card.summary"
CARD_TEXT = "card.text"
CARD_EDIT = "card.edit"
PARTICIPANT_NAME = "participant.name"
WALL_STATE = "wall.state"
REPORT_STATE = "report.state"

# A region is stale.
GROUP_STALE = "group.stale"
GROUPS_STALE = "groups.stale"
PRESENCE_STALE = "presence.stale"
HELP_STALE = "help.stale"
SYNTHESIS_STALE = "synthesis.stale"

# Frames of the socket itself, not of the meeting: never published.
LIVE_BATCH = "live.batch"
LIVE_REPLY = "live.reply"
LIVE_PONG = "live.pong"
LIVE_RECONNECT = "live.reconnect"
# Fired by live.js on the page (never sent) after the socket has reconnected.
LIVE_RESYNC = "live.resync"

# The kinds of audience (live/publish.py): every page of the meeting, the facilitators'
# pages, one participant's pages ("participant:<id>"), the pages with one card's editor
# open ("card:<id>", which a page joins: live/snapshot.py), and the pages that have said
# they show card <id> in view ("viewers:<id>", which a page joins by its `wall.view`
# request).
EVERYONE = "all"
FACILITATORS = "facilitators"
PARTICIPANT = "participant"
CARD = "card"
VIEWERS = "viewers"

APPLY = "state the page applies"


def stale(region: str, *, versioned: bool = False) -> str:
    """The rule of a ping: `region` reloads itself (unless it already shows `version`)."""
    return f"region “{region}” is stale" + (" at `version`" if versioned else "")


# --- Payloads -----------------------------------------------------------------------------


class Speaker(TypedDict):
    name: str
    role: str
    organisation: str


class OtherForm(TypedDict):
    """An item in the meeting's other written form (meetings/written.py), once read through."""

    lang: str
    title: str
    description: str
    questions: list[str]


class ItemState(TypedDict):
    id: int
    kind: str
    title: str
    description: str
    planned_start: str | None  # "HH:MM"
    planned_minutes: int
    started_at: str | None  # ISO 8601
    ends_at: str | None
    ends_clock: str | None  # "HH:MM"
    speakers: list[Speaker]
    questions: list[str]
    lang: str  # the meeting's language, the one it is written in
    other: OtherForm | None  # for the pages in the other form (programme.js)


class ItemStatus(TypedDict):
    id: int
    status: str


class Announcement(TypedDict):
    id: int
    text: str
    at: str


class ProgrammeState(TypedDict):
    """meetings.domain.programme_state: where the meeting is, the same for everyone."""

    version: int  # Meeting.state_version: a page ignores an older one
    server_now: str
    status: str
    recording: bool
    video_url: str  # the meeting's video call link, "" when it has none
    current: ItemState | None
    next: ItemState | None
    next_expected: str | None  # "HH:MM": when the next item now starts, if later than planned
    items: list[ItemStatus]
    announcement: Announcement | None


class Presenting(TypedDict):
    group: str
    ends_at: str
    html: str


class ReportbackState(TypedDict):
    """wall.report_back.report_states: who presents now, until when, and who is next, in
    one language (the group's name, the card); `finished` once every group chosen has
    reported."""

    item: int
    server_now: str
    current: Presenting | None
    next: str | None
    left: int
    finished: bool


class CardState(TypedDict):
    """wall.domain.card_payload: the card rendered once per language, for the wall."""

    id: int
    moderator: bool  # the facilitators' frame, with the moderation tools' fields
    item: int
    group: int  # the group's number
    version: int  # the newer version wins on every path
    pinned: bool
    hidden: bool
    questions: list[int]
    html: str  # empty when the card is hidden (public frame)
    name: NotRequired[str]  # facilitators only
    comment: NotRequired[str]  # facilitators only


class CardSummary(TypedDict):
    """wall.domain.card_summary: what a wall needs to place a card and show its heading and
    that it changed, sent to every page when only the card's viewers hear it whole
    (WALL_CARD_BODIES_TO_VIEWERS). No words of the meeting's own: the same in every language."""

    id: int
    item: int
    group: int  # the group's number
    version: int  # a body older than this is fetched when the card comes into view
    pinned: bool
    hidden: bool
    questions: list[int]
    heading: str  # empty when the card is hidden


class CardText(TypedDict):
    """A saved text, for the group's card editor to tell its own save from another's."""

    id: int
    version: int
    heading: str
    body: str
    questions: list[int]


class CardEdit(TypedDict):
    """An edit of the card's shared document (wall/document.py), as it is typed: a Yjs
    update, base64. The group's editors merge it; one heard twice changes nothing."""

    id: int
    update: str
    by: str  # who typed it, for "Writing now:" (empty for a facilitator's restore)


class ParticipantName(TypedDict):
    """The name a participant uses in the video call, after a facilitator matched their
    organisation to the register by hand."""

    display_name: str


class WallState(TypedDict):
    item: int
    locked: bool


class ReportState(TypedDict):
    """reports.domain.build_state: a report build's status and how far it is."""

    build: int
    status: str
    format: str
    step: str
    done: int
    total: int
    percent: int


class GroupStale(TypedDict):
    group: int


class GroupsStale(TypedDict):
    item: int
    # The one group that changed (its id): the overview fetches that group alone. Without
    # it the session's groups changed as a whole (formed, one fewer, the waiting list).
    group: NotRequired[int]


class PresenceStale(TypedDict):
    pass


class HelpStale(TypedDict):
    pass


class SynthesisStale(TypedDict):
    item: int
    version: int  # SessionSynthesis.version: a panel rendered from it skips the reload


# --- The registry -------------------------------------------------------------------------


@dataclass(frozen=True)
class Event:
    payload: type  # a TypedDict
    rule: str  # APPLY, or stale(region)
    audiences: tuple[str, ...]  # the kinds of audience it may be sent to
    key: str  # how a burst is coalesced: the `key` it is published with
    listeners: tuple[str, ...]  # the files of the pages that read it
    # Its payload holds words (a rendered card, a group's name): it is rendered in each
    # language the meeting's pages are in, and each page is sent its own (live/publish.py).
    in_languages: bool = False


REGISTRY: dict[str, Event] = {
    PROGRAMME_STATE: Event(
        ProgrammeState,
        APPLY,
        (EVERYONE,),
        key="`programme.state`: the newest per meeting",
        listeners=(
            "common/static/samtale/js/programme.js",
            # The report-back stage follows the programme to the report-back that runs.
            "common/static/samtale/js/report.js",
            # The control room's regions that follow the programme reload as well.
            "meetings/templates/meetings/_run_programme.html",
            "meetings/templates/meetings/_run_controls.html",
            "analysis/templates/analysis/_session_panel.html",
        ),
    ),
    REPORTBACK_STATE: Event(
        ReportbackState,
        APPLY,
        (EVERYONE,),
        key="`reportback.state:<item>`",
        listeners=("common/static/samtale/js/report.js",),
        in_languages=True,
    ),
    CARD_STATE: Event(
        CardState,
        APPLY,
        # The public frame to everyone, or to the card's viewers alone with
        # WALL_CARD_BODIES_TO_VIEWERS (then everyone hears card.summary).
        (EVERYONE, FACILITATORS, VIEWERS),
        key="`card.state:<card>` (public), `card.state:f:<card>` (facilitators)",
        listeners=("common/static/samtale/js/wall.js",),
        in_languages=True,
    ),
    CARD_SUMMARY: Event(
        CardSummary,
        APPLY,
        (EVERYONE,),
        key="`card.summary:<card>`",
        listeners=("common/static/samtale/js/wall.js",),
    ),
    CARD_TEXT: Event(
        CardText,
        APPLY,
        (PARTICIPANT,),
        key="`card.text:<card>`",
        listeners=("common/static/samtale/js/card-editor.js",),
    ),
    CARD_EDIT: Event(
        CardEdit,
        APPLY,
        # The editors alone: a member's other pages (meeting, wall) do not read it.
        (CARD,),
        key="none: every edit is sent",
        listeners=("common/static/samtale/js/card-editor.js",),
    ),
    PARTICIPANT_NAME: Event(
        ParticipantName,
        APPLY,
        (PARTICIPANT,),
        key="`participant.name:<participant>`",
        listeners=("common/static/samtale/js/ui.js",),
    ),
    WALL_STATE: Event(
        WallState,
        APPLY,
        (EVERYONE,),
        key="`wall.state:<item>`",
        listeners=("common/static/samtale/js/card-editor.js",),
    ),
    REPORT_STATE: Event(
        ReportState,
        APPLY,
        (FACILITATORS,),
        key="`report.state:<build>`",
        listeners=("common/static/samtale/js/report-build.js",),
    ),
    GROUP_STALE: Event(
        GroupStale,
        stale("group panel"),
        (PARTICIPANT,),
        key="`group.stale:<group>`",
        listeners=("groups/templates/groups/_panel.html",),
    ),
    GROUPS_STALE: Event(
        GroupsStale,
        stale("groups overview"),
        (FACILITATORS, EVERYONE),
        key="`groups.stale:<item>` (the whole overview), `groups.stale:<item>:<group>`",
        listeners=(
            "groups/templates/groups/_overview.html",
            "common/static/samtale/js/move.js",
            "groups/templates/groups/_panel.html",
        ),
    ),
    PRESENCE_STALE: Event(
        PresenceStale,
        stale("presence panel"),
        (FACILITATORS,),
        key="`presence.stale`: one per meeting",
        listeners=("participants/templates/participants/_presence.html",),
    ),
    HELP_STALE: Event(
        HelpStale,
        stale("help panel"),
        (FACILITATORS, PARTICIPANT),
        key="`help.stale` (facilitators), `help.stale:<participant>`",
        listeners=(
            "helpdesk/templates/helpdesk/_panel.html",
            "helpdesk/templates/helpdesk/_mine.html",
            # The count of open questions on every facilitator page of the meeting.
            "helpdesk/templates/helpdesk/_signal_count.html",
        ),
    ),
    SYNTHESIS_STALE: Event(
        SynthesisStale,
        stale("synthesis panel", versioned=True),
        (FACILITATORS,),
        key="`synthesis.stale:<item>`",
        listeners=(
            "analysis/templates/analysis/_session_panel.html",
            "meetings/templates/meetings/run.html",
        ),
    ),
}

# The socket's own frames (live/hub.py, live/socket.py), documented with the events.
FRAMES = (LIVE_BATCH, LIVE_REPLY, LIVE_PONG, LIVE_RECONNECT)


# --- Checking a publish -------------------------------------------------------------------


class EventError(ValueError):
    """A publish that does not match the catalogue."""


def check(
    event_type: str, data, *, audience: str | list[str] | None = None, key: str | None = None
) -> None:
    """Raise EventError unless `data` is what `event_type` carries (and, when given, the
    audience is one the type may reach and the key is the type's own)."""
    event = REGISTRY.get(event_type)
    if event is None:
        raise EventError(f"{event_type!r} is not a live event of live/events.py")
    problem = _mismatch(data, event.payload, "data")
    if problem:
        raise EventError(f"{event_type}: {problem}")
    if audience is not None:
        for each in [audience] if isinstance(audience, str) else audience:
            if each.split(":", 1)[0] not in event.audiences:
                raise EventError(f"{event_type} may not be sent to {each!r}")
    if key is not None and key != event_type and not key.startswith(event_type + ":"):
        raise EventError(f"{event_type}: the key {key!r} does not start with its type")


def _mismatch(value, annotation, where: str) -> str | None:
    """What is wrong with `value` as an `annotation`, or None."""
    origin = typing.get_origin(annotation)
    if origin in (types.UnionType, typing.Union):
        options = typing.get_args(annotation)
        if any(_mismatch(value, option, where) is None for option in options):
            return None
        return f"{where} is {value!r}, not {annotation}"
    if origin is Literal:
        return None if value in typing.get_args(annotation) else f"{where} is {value!r}"
    if origin is list:
        if not isinstance(value, list):
            return f"{where} is {type(value).__name__}, not a list"
        (item,) = typing.get_args(annotation)
        return next(
            (p for i, v in enumerate(value) if (p := _mismatch(v, item, f"{where}[{i}]"))), None
        )
    if typing.is_typeddict(annotation):
        return _dict_mismatch(value, annotation, where)
    if annotation is None or annotation is type(None):
        return None if value is None else f"{where} is {value!r}, not None"
    if annotation is float:
        ok = isinstance(value, int | float) and not isinstance(value, bool)
    elif annotation is int:
        ok = isinstance(value, int) and not isinstance(value, bool)
    else:
        ok = isinstance(value, annotation)
    return None if ok else f"{where} is {type(value).__name__}, not {annotation.__name__}"


def _dict_mismatch(value, payload: type, where: str) -> str | None:
    if not isinstance(value, dict):
        return f"{where} is {type(value).__name__}, not a {payload.__name__}"
    fields = typing.get_type_hints(payload)
    missing = payload.__required_keys__ - value.keys()
    if missing:
        return f"{where} lacks {', '.join(sorted(missing))}"
    unknown = value.keys() - fields.keys()
    if unknown:
        return f"{where} has {', '.join(sorted(map(str, unknown)))}, not in {payload.__name__}"
    return next(
        (p for name, v in value.items() if (p := _mismatch(v, fields[name], f"{where}.{name}"))),
        None,
    )
