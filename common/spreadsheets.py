"""Lists for a spreadsheet: the CSV and XLSX files the facilitator downloads, safe to open.

A cell whose text starts like a formula is run by Excel and LibreOffice, also from a CSV
file, so such text gets a leading apostrophe (the spreadsheet shows it as text).
"""

import csv
import io
from collections.abc import Iterable, Sequence

from django.http import HttpResponse
from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

# A cell whose text starts with one of these is a formula in Excel and LibreOffice
# (=cmd|' /C calc'!A0), also in a CSV file opened there.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def starts_like_formula(value: str) -> bool:
    return value[:1] in FORMULA_STARTS


def spreadsheet_safe(value: str) -> str:
    """Text a spreadsheet shows as text: a leading = + - @ would make it a formula."""
    return "'" + value if starts_like_formula(value) else value


def csv_file(headers: Sequence[str], rows: Iterable[Sequence]) -> bytes:
    """A CSV file of `rows` (cells made safe by the caller) under `headers`."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(headers)
    writer.writerows(rows)
    # A byte order mark, so Excel opens the Norwegian letters right.
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def xlsx_file(
    title: str, headers: Sequence[str], rows: Iterable[Sequence], widths: Sequence[int]
) -> bytes:
    """One sheet: bold `headers`, frozen above `rows`, columns `widths` characters wide."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = title[:31]  # Excel's longest sheet name
    sheet.append(list(headers))
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in rows:
        sheet.append(list(row))
    for column, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(column)].width = width
    sheet.freeze_panes = "A2"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def attachment(content: bytes | str, content_type: str, filename: str) -> HttpResponse:
    """A file to download (kept by no cache: common.middleware.private_when_personal)."""
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
