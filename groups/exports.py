"""The group assignment for the video tool: Zoom's breakout pre-assignment CSV, and a roster."""

import csv
import io
import logging
from dataclasses import dataclass

from django.db.models import Q

from common.spreadsheets import (
    FORMULA_STARTS,
    csv_file,
    spreadsheet_safe,
    starts_like_formula,
    xlsx_file,
)
from groups.models import Membership
from meetings.models import ProgrammeItem

ZOOM_HEADER = ["Pre-assign Room Name", "Email Address"]

logger = logging.getLogger("samtale.groups")


@dataclass(frozen=True)
class RosterRow:
    group: str
    name: str
    organisation: str
    role: str
    email: str
    call_name: str = ""  # the name the person uses in the video call


def roster(item: ProgrammeItem, memberships=None, limit: int | None = None) -> list[RosterRow]:
    """Everyone in the session's groups, by group; or the first `limit` of `memberships`
    (a query of the session's members)."""
    memberships = (
        (Membership.objects.filter(item=item) if memberships is None else memberships)
        .select_related("group", "participant")
        .order_by("group__number", "participant__organisation", "participant__name", "id")
    )[:limit]
    return [
        RosterRow(
            group=m.group.name,
            name=m.participant.name,
            organisation=m.participant.organisation,
            role=m.get_role_display() if m.role else "",
            email=m.participant.email,
            call_name=m.participant.display_name,
        )
        for m in memberships
    ]


def in_zoom_file(row: RosterRow) -> bool:
    """Zoom needs the address as it is, so one that a spreadsheet would run as a formula
    (stored before the join form refused them) is left out of the file rather than changed."""
    return bool(row.email) and not starts_like_formula(row.email)


def without_email(rows: list[RosterRow]) -> list[RosterRow]:
    """People Zoom cannot pre-assign, with no e-mail or one left out of the Zoom file: they
    must be moved by hand in the call."""
    return [row for row in rows if not in_zoom_file(row)]


def members_without_email(item: ProgrammeItem):
    """The query of those `without_email` leaves, asked of the database: the groups page
    counts them and names a few, without reading everyone."""
    formula_like = Q()
    for start in FORMULA_STARTS:
        formula_like |= Q(participant__email__startswith=start)
    return Membership.objects.filter(item=item).filter(Q(participant__email="") | formula_like)


def zoom_csv(rows: list[RosterRow]) -> bytes:
    """Zoom's pre-assignment file: one row per person with an e-mail, the room name repeated."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(ZOOM_HEADER)
    for row in rows:
        if in_zoom_file(row):
            writer.writerow([spreadsheet_safe(row.group), row.email])
    left_out = sum(1 for row in rows if row.email and not in_zoom_file(row))
    if left_out:
        # The count alone: the addresses are personal data, and the manage page lists them.
        logger.warning("Zoom file: %d e-mail addresses left out, starting like a formula", left_out)
    return buffer.getvalue().encode("utf-8")


def _cells(row: RosterRow) -> list[str]:
    return [
        spreadsheet_safe(value)
        for value in (row.group, row.name, row.organisation, row.role, row.email)
    ]


def roster_headers() -> list[str]:
    from django.utils.translation import gettext as _

    return [_("Group"), _("Name"), _("Organisation"), _("Role"), _("E-mail")]


def roster_csv(rows: list[RosterRow]) -> bytes:
    return csv_file(roster_headers(), (_cells(row) for row in rows))


def moves_csv(rows: list[RosterRow]) -> bytes:
    """The rename-and-move list for the call's host: everyone Zoom cannot pre-assign, by room
    (the roster's order), with the name they go by in the call."""
    from django.utils.translation import gettext as _

    headers = [_("Breakout room"), _("Name in the video call"), _("Organisation")]
    return csv_file(
        headers,
        (
            [spreadsheet_safe(value) for value in (row.group, row.call_name, row.organisation)]
            for row in without_email(rows)
        ),
    )


def roster_xlsx(rows: list[RosterRow]) -> bytes:
    return xlsx_file(
        "Grupper", roster_headers(), (_cells(row) for row in rows), (12, 28, 32, 16, 32)
    )
