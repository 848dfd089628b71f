"""A Zoom participant report (CSV) read into people and their minutes in the call.

Zoom's report (Reports → Usage → Participants → Export) has one row per time someone was in
the meeting, under the header "Name (Original Name), User Email, Join Time, Leave Time,
Duration (Minutes), Guest" (newer reports add "Recording Consent", "In Waiting Room" …).
With "Export with meeting data" ticked, a block comes first: a header row "Meeting ID,
Topic, Start Time, End Time, User Email, Duration (Minutes), Participants", its one row,
and an empty row. Someone who left and came back has a row for each time: their minutes
are added up. The name column holds the name shown in the call, then, in parentheses at
the end, the name the person joined with when they renamed themselves since.

Pure functions; checking names against the register is the domain's part.
"""

from dataclasses import dataclass
from datetime import datetime

from django.utils.translation import gettext as _

from imports import tabular
from imports.tabular import ImportRefused, Problem, Row, Table

COLUMNS = {
    "name": ("name (original name)", "name", "participant", "participant name", "display name"),
    "email": ("user email", "email", "e-mail"),
    "join": ("join time", "joined"),
    "leave": ("leave time", "left"),
    "duration": ("duration (minutes)", "duration (mins)", "duration", "total duration (minutes)"),
    "guest": ("guest",),
}
COLUMN_LABELS = {"name": "Name (Original Name)", "duration": "Duration (Minutes)"}
MEETING_COLUMNS = {
    "meeting id": "meeting_id",
    "topic": "topic",
    "start time": "start",
    "end time": "end",
}
MAX_MINUTES_PER_ROW = 24 * 60
MAX_NAME_CHARS = 300
MAX_PROBLEMS = 20

_ALIASES = {alias: key for key, aliases in COLUMNS.items() for alias in aliases}


@dataclass(frozen=True)
class Attendee:
    """One person in the call, all their rows together."""

    display_name: str  # the name shown in the call, from their latest row
    original_name: str  # the name they joined with, when they renamed themselves
    minutes: int
    rows: int
    guest: bool | None
    first_line: int


@dataclass(frozen=True)
class ParticipantReport:
    attendees: tuple[Attendee, ...]
    rows: int
    topic: str = ""
    meeting_id: str = ""
    started_at: datetime | None = None
    ended_at: datetime | None = None
    has_meeting_block: bool = False
    encoding: str = ""
    delimiter: str = ""


def _keys(cells) -> list[str | None]:
    return [_ALIASES.get(tabular.normalise_header(cell)) for cell in cells]


def is_header(cells: tuple[str, ...]) -> bool:
    # The meeting block's header also has "User Email" and "Duration (Minutes)", but no
    # participant's name and no join time.
    keys = set(_keys(cells))
    return len(keys - {None}) >= 2 and bool(keys & {"name", "join"})


def split_name(value: str) -> tuple[str, str]:
    """("shown name", "original name") of "Porsgrunn kommune, Kari Hansen (Kari Hansen)".

    Only parentheses that close the text hold the original name, and they must balance:
    "Herøy kommune (Nordland), Kari Hansen" keeps its parentheses.
    """
    text = " ".join(value.split())
    if not text.endswith(")"):
        return text, ""
    depth = 0
    for position in range(len(text) - 1, -1, -1):
        if text[position] == ")":
            depth += 1
        elif text[position] == "(":
            depth -= 1
            if depth == 0:
                shown = text[:position].strip()
                original = text[position + 1 : -1].strip()
                return (shown, original) if shown else (text, "")
    return text, ""


def _minutes(text: str) -> int | None:
    text = text.strip().replace(",", ".")
    if not text:
        return None
    try:
        value = float(text)
    except ValueError:
        return None
    if value != value or value < 0 or value > MAX_MINUTES_PER_ROW:  # NaN, negative, too big
        return None
    return round(value)


def _meeting_block(table: Table) -> dict:
    block = {}
    rows = table.rows[: table.header_index]
    for position, row in enumerate(rows):
        names = [MEETING_COLUMNS.get(tabular.normalise_header(cell)) for cell in row.cells]
        if "meeting_id" in names or "topic" in names:
            values = next((r for r in rows[position + 1 :] if not r.is_empty), None)
            if values is not None:
                for index, name in enumerate(names):
                    if name:
                        block[name] = " ".join(values.cell(index).split())
            break
    return block


def parse_report(data: bytes) -> ParticipantReport:
    """The people of a Zoom participant report; ImportRefused names what is wrong where."""
    table = tabular.read_table(data, is_header=is_header)
    if table.kind != "csv":
        raise ImportRefused(
            Problem(_("Zoom's participant report is a CSV file. Export it again as CSV."))
        )
    header = table.header
    columns: dict[str, int] = {}
    problems: list[Problem] = []
    for index, key in enumerate(_keys(header.cells)):
        if key is None:
            continue
        if key in columns:
            problems.append(
                table.problem(
                    _("The column “%(name)s” appears twice.") % {"name": header.cells[index]},
                    header,
                    index,
                )
            )
        else:
            columns[key] = index
    if "name" not in columns:
        problems.append(_missing(table, "name"))
    if "duration" not in columns and not {"join", "leave"} <= columns.keys():
        problems.append(_missing(table, "duration"))
    if problems:
        raise ImportRefused(problems)

    people: dict[str, dict] = {}
    count = 0
    more = 0
    for row in table.rows[table.header_index + 1 :]:
        if row.is_empty or is_header(row.cells):
            continue
        found = _row(table, row, columns)
        if isinstance(found, Problem):
            if len(problems) < MAX_PROBLEMS:
                problems.append(found)
            else:
                more += 1
            continue
        count += 1
        shown, original, email, minutes, joined, guest = found
        key = email.casefold() or (original or shown).casefold()
        person = people.get(key)
        if person is None:
            people[key] = {
                "shown": shown,
                "original": original,
                "minutes": minutes,
                "rows": 1,
                "guest": guest,
                "joined": joined,
                "line": row.number,
            }
            continue
        person["minutes"] += minutes
        person["rows"] += 1
        # The name they had the last time they joined is the one the call showed at the end.
        if joined is None or person["joined"] is None or joined >= person["joined"]:
            person["shown"], person["original"] = shown, original or person["original"]
            person["joined"] = joined or person["joined"]
    if problems:
        if more:
            problems.append(
                Problem(_("… and %(count)d more problems like these.") % {"count": more})
            )
        raise ImportRefused(problems)
    if not people:
        raise ImportRefused(Problem(_("The report has a header row but no participants.")))
    block = _meeting_block(table)
    return ParticipantReport(
        attendees=tuple(
            Attendee(
                display_name=p["shown"],
                original_name=p["original"],
                minutes=p["minutes"],
                rows=p["rows"],
                guest=p["guest"],
                first_line=p["line"],
            )
            for p in people.values()
        ),
        rows=count,
        topic=block.get("topic", "")[:300],
        meeting_id=block.get("meeting_id", "")[:40],
        started_at=tabular.parse_timestamp(block.get("start", "")),
        ended_at=tabular.parse_timestamp(block.get("end", "")),
        has_meeting_block=bool(block),
        encoding=table.encoding,
        delimiter=table.delimiter,
    )


def _missing(table: Table, key: str) -> Problem:
    return table.problem(
        _("The column “%(name)s” is missing. The header row names: %(found)s.")
        % {
            "name": COLUMN_LABELS[key],
            "found": ", ".join(c.strip() for c in table.header.cells if c.strip()),
        },
        table.header,
    )


def _row(table: Table, row: Row, columns: dict[str, int]):
    name_column = columns["name"]
    shown, original = split_name(row.cell(name_column))
    if not shown:
        return table.problem(_("The participant's name is empty."), row, name_column)
    if len(shown) > MAX_NAME_CHARS:
        return table.problem(
            _("The name is longer than %(max)d characters.") % {"max": MAX_NAME_CHARS},
            row,
            name_column,
        )
    joined = tabular.parse_timestamp(row.cell(columns.get("join")))
    left = tabular.parse_timestamp(row.cell(columns.get("leave")))
    if "duration" in columns:
        minutes = _minutes(row.cell(columns["duration"]))
        if minutes is None:
            return table.problem(
                _("The duration must be a number of minutes, from 0 to %(max)d.")
                % {"max": MAX_MINUTES_PER_ROW},
                row,
                columns["duration"],
            )
    else:
        if joined is None or left is None or left < joined:
            column = columns["join"] if joined is None else columns["leave"]
            return table.problem(
                _("The time cannot be read; write it as 11/19/2021 10:00:00 AM."), row, column
            )
        minutes = round((left - joined).total_seconds() / 60)
        if minutes > MAX_MINUTES_PER_ROW:
            return table.problem(
                _("The duration must be a number of minutes, from 0 to %(max)d.")
                % {"max": MAX_MINUTES_PER_ROW},
                row,
                columns["leave"],
            )
    guest_text = row.cell(columns.get("guest")).strip().casefold()
    guest = {"yes": True, "ja": True, "no": False, "nei": False}.get(guest_text)
    email = row.cell(columns.get("email")).strip()
    return shown, original, email, minutes, joined, guest


# --- The naming convention ----------------------------------------------------------------

NO_COMMA = "no_comma"
NO_ORGANISATION = "no_organisation"
NO_FULL_NAME = "no_full_name"


@dataclass(frozen=True)
class NameParts:
    organisation: str
    name: str
    problem: str  # "" when the name follows "kommune/organisasjon, fornavn etternavn"


def name_parts(display_name: str) -> NameParts:
    """The organisation and the person's name in "Porsgrunn kommune, Morten Hagevik".

    The convention: the organisation (a municipality or another), a comma, then first and
    last name, at least two words.
    """
    text = " ".join(display_name.split())
    if "," not in text:
        return NameParts("", text, NO_COMMA)
    organisation, _comma, name = (part.strip() for part in text.partition(","))
    if not organisation:
        return NameParts("", name, NO_ORGANISATION)
    if len(name.split()) < 2:
        return NameParts(organisation, name, NO_FULL_NAME)
    return NameParts(organisation, name, "")
