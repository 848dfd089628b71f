"""The meeting's attendance list as a file: who took part, from where, when they came and left.

Formula-safe as the group rosters are (groups/exports.py): a name such as "=HYPERLINK(…)"
stays text in Excel and LibreOffice. The CSV is UTF-8 with a byte order mark, so Excel
shows æ, ø and å right. Times are the meeting's local time, to the minute.
"""

import csv
import io
from dataclasses import dataclass

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from openpyxl import Workbook
from openpyxl.styles import Font

from groups.exports import spreadsheet_safe

TIME_FORMAT = "%Y-%m-%d %H:%M"
WIDTHS = (32, 32, 20, 10, 17, 17)


@dataclass(frozen=True)
class AttendanceRow:
    name: str
    organisation: str
    county: str
    people: int  # a local site counts its heads
    joined: str
    left: str  # empty while they are (or were, when the meeting ended) still there


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
    ]


def _cells(row: AttendanceRow) -> list:
    texts = (row.name, row.organisation, row.county)
    return [*(spreadsheet_safe(text) for text in texts), row.people, row.joined, row.left]


def attendance_csv(rows: list[AttendanceRow]) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(attendance_headers())
    for row in rows:
        writer.writerow(_cells(row))
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def attendance_xlsx(rows: list[AttendanceRow]) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = _("Attendance")[:31]  # Excel's longest sheet name
    sheet.append(attendance_headers())
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in rows:
        sheet.append(_cells(row))
    for column, width in zip("ABCDEF", WIDTHS, strict=True):
        sheet.column_dimensions[column].width = width
    sheet.freeze_panes = "A2"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
