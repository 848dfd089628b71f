"""The meeting's attendance list as a file: who took part, from where, when they came and left.

Formula-safe as the group rosters are (groups/exports.py): a name such as "=HYPERLINK(…)"
stays text in Excel and LibreOffice. The CSV is UTF-8 with a byte order mark, so Excel
shows æ, ø and å right. Times are the meeting's local time, to the minute.
"""

from dataclasses import dataclass

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from common.spreadsheets import csv_file, spreadsheet_safe, xlsx_file

TIME_FORMAT = "%Y-%m-%d %H:%M"
WIDTHS = (32, 32, 20, 10, 17, 17, 20)


@dataclass(frozen=True)
class AttendanceRow:
    name: str
    organisation: str
    county: str
    people: int  # a local site counts its heads
    joined: str
    left: str  # empty while they are (or were, when the meeting ended) still there
    left_how: str  # left the meeting, or closed the page (and did not come back)


def _local(moment) -> str:
    return timezone.localtime(moment).strftime(TIME_FORMAT) if moment else ""


def attendance_rows(participants) -> list[AttendanceRow]:
    return [
        AttendanceRow(
            name=participant.name,
            organisation=participant.organisation,
            county=participant.county.name if participant.county else "",
            people=participant.head_count,
            joined=_local(participant.joined_at),
            left=_local(participant.left_at),
            left_how=str(participant.get_gone_display()) if participant.left_at else "",
        )
        for participant in participants
    ]


def attendance_headers() -> list[str]:
    return [
        _("Name"),
        _("Organisation"),
        _("County"),
        _("People"),
        pgettext("attendance column", "Joined"),
        pgettext("attendance column", "Left"),
        pgettext("attendance column", "How they left"),
    ]


def _cells(row: AttendanceRow) -> list:
    texts = (row.name, row.organisation, row.county)
    return [
        *(spreadsheet_safe(text) for text in texts),
        row.people,
        row.joined,
        row.left,
        row.left_how,
    ]


def attendance_csv(rows: list[AttendanceRow]) -> bytes:
    return csv_file(attendance_headers(), (_cells(row) for row in rows))


def attendance_xlsx(rows: list[AttendanceRow]) -> bytes:
    return xlsx_file(_("Attendance"), attendance_headers(), (_cells(row) for row in rows), WIDTHS)
