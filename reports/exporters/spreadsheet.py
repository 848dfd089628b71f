"""The cards as a table: XLSX (openpyxl) and CSV, one row per card, and reading them back.

Both are spreadsheet-formula-safe the way the group rosters are (groups/exports.py): a cell
that begins with = + - @, a tab or a carriage return gets a leading apostrophe, so a card
reading "=HYPERLINK(…)" stays text. The CSV is UTF-8 with a byte order mark, so Excel shows
æ, ø and å right. `read_cards` reads either file back, in any of the three languages.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from datetime import datetime

from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from common.spreadsheets import spreadsheet_safe
from reports.content import ReportContent
from reports.exporters.common import (
    CardProgress,
    Progress,
    local,
    no_progress,
    picture_names,
)

COLUMNS = (
    "session",
    "question_numbers",
    "questions",
    "group",
    "heading",
    "text",
    "pictures",
    "updated_at",
    "version_count",
    "hidden",
    "pinned",
    "comment",
    "written_by",
)
WIDTHS = (28, 10, 50, 12, 36, 70, 24, 17, 9, 8, 8, 40, 28)
DATE_TIME = "%Y-%m-%d %H:%M"
LIST_SEPARATOR = "; "  # names in the convention hold a comma: "Porsgrunn kommune, Kari"
_DANGEROUS_START = ("=", "+", "-", "@", "\t", "\r")


@dataclass(frozen=True)
class CardRow:
    """One card as the spreadsheet holds it."""

    session: str
    question_numbers: tuple[int, ...]
    questions: tuple[str, ...]
    group: str
    heading: str
    text: str
    pictures: tuple[str, ...]
    updated_at: datetime | None  # local time, to the minute
    version_count: int
    hidden: bool
    pinned: bool
    comment: str
    written_by: tuple[str, ...]


def headers() -> list[str]:
    """The column headings, in the active language."""
    return [
        _("Group session"),
        _("Question numbers"),
        pgettext("report column", "Questions"),
        _("Group"),
        _("Heading"),
        pgettext("report column", "Text"),
        _("Picture files"),
        _("Last edited"),
        pgettext("report column", "Versions"),
        _("Hidden"),
        _("Pinned"),
        _("Facilitator's comment"),
        _("Written by"),
    ]


def _yes_no(value: bool) -> str:
    return pgettext("report cell", "yes") if value else pgettext("report cell", "no")


def card_rows(content: ReportContent, progress: Progress = no_progress) -> list[CardRow]:
    """The rows the spreadsheet holds, one per card, in the order of the report."""
    names = picture_names(content)
    counter = CardProgress(content, progress)
    rows = []
    for session in content.sessions:
        questions = {question.number: question.text for question in session.questions}
        for card in session.cards:
            updated = (
                local(card.updated_at).replace(second=0, microsecond=0)
                if (card.updated_at)
                else None
            )
            rows.append(
                CardRow(
                    session=session.title,
                    question_numbers=card.question_numbers,
                    questions=tuple(
                        questions[number] for number in card.question_numbers if number in questions
                    ),
                    group=card.group_name,
                    heading=card.heading,
                    text=card.text,
                    pictures=tuple(names[picture.storage_name] for picture in card.pictures),
                    updated_at=updated,
                    version_count=card.version_count,
                    hidden=card.hidden,
                    pinned=card.pinned,
                    comment=card.comment,
                    written_by=card.written_by,
                )
            )
            counter.written(card)
    return rows


def _cells(row: CardRow, *, for_xlsx: bool) -> list:
    def safe(text: str) -> str:
        return spreadsheet_safe(_printable(text))

    updated = row.updated_at
    return [
        safe(row.session),
        ", ".join(str(number) for number in row.question_numbers),
        safe(
            "\n".join(
                f"{n}. {t}" for n, t in zip(row.question_numbers, row.questions, strict=False)
            )
        ),
        safe(row.group),
        safe(row.heading),
        safe(row.text),
        safe(LIST_SEPARATOR.join(row.pictures)),
        updated if for_xlsx else (updated.strftime(DATE_TIME) if updated else ""),
        row.version_count,
        _yes_no(row.hidden),
        _yes_no(row.pinned),
        safe(row.comment),
        safe(LIST_SEPARATOR.join(row.written_by)),
    ]


def _printable(text: str) -> str:
    # openpyxl refuses control characters other than tab and newlines; the wall never stores
    # them in a card's text, but a comment or a title from an import might hold one.
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    return ILLEGAL_CHARACTERS_RE.sub("", text or "")


def write_csv(content: ReportContent, *, progress: Progress = no_progress, **_unused) -> bytes:
    rows = card_rows(content, progress)
    progress("csv", 0, 1)
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(headers())
    for row in rows:
        writer.writerow(_cells(row, for_xlsx=False))
    progress("csv", 1, 1)
    # A byte order mark, so Excel opens the Norwegian letters right.
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def write_xlsx(content: ReportContent, *, progress: Progress = no_progress, **_unused) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter

    rows = card_rows(content, progress)
    progress("xlsx", 0, 1)
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = _sheet_title(pgettext("report sheet", "Cards"))
    sheet.append(headers())
    for cell in sheet[1]:
        cell.font = Font(bold=True)
        cell.alignment = Alignment(vertical="top", wrap_text=True)
    wrap = Alignment(vertical="top", wrap_text=True)
    for row in rows:
        sheet.append(_cells(row, for_xlsx=True))
        for cell in sheet[sheet.max_row]:
            cell.alignment = wrap
        sheet.cell(
            row=sheet.max_row, column=COLUMNS.index("updated_at") + 1
        ).number_format = "yyyy-mm-dd hh:mm"
    for index, width in enumerate(WIDTHS, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = sheet.dimensions
    _programme_sheet(workbook, content)
    _participation_sheet(workbook, content)
    workbook.properties.title = content.title
    workbook.properties.creator = "samtale"
    workbook.properties.language = content.language
    buffer = io.BytesIO()
    workbook.save(buffer)
    progress("xlsx", 1, 1)
    return buffer.getvalue()


def _sheet_title(text: str) -> str:
    # Excel allows 31 characters and none of : \ / ? * [ ] in a sheet's name.
    for character in ":\\/?*[]":
        text = text.replace(character, " ")
    return text[:31]


def _bold_header(sheet, values: list[str]) -> None:
    from openpyxl.styles import Font

    sheet.append(values)
    for cell in sheet[sheet.max_row]:
        cell.font = Font(bold=True)


def _programme_sheet(workbook, content: ReportContent) -> None:
    from reports.exporters.common import programme_status, speakers_line

    sheet = workbook.create_sheet(_sheet_title(_("Programme")))
    _bold_header(
        sheet,
        [
            pgettext("report column", "Item"),
            pgettext("report column", "Kind"),
            _("Planned start"),
            _("Planned minutes"),
            pgettext("report", "Started"),
            pgettext("report", "Ended"),
            _("Minutes"),
            pgettext("report column", "Status"),
            _("Speakers"),
        ],
    )
    for row in content.programme:
        sheet.append(
            [
                spreadsheet_safe(_printable(row.title)),
                row.kind_label,
                row.planned_start.strftime("%H:%M") if row.planned_start else "",
                row.planned_minutes,
                local(row.started_at).strftime("%H:%M") if row.started_at else "",
                local(row.finished_at).strftime("%H:%M") if row.finished_at else "",
                row.actual_minutes,
                programme_status(row),
                spreadsheet_safe(_printable(speakers_line(row))),
            ]
        )
    for letter, width in zip("ABCDEFGHI", (48, 16, 12, 10, 10, 10, 10, 14, 50), strict=True):
        sheet.column_dimensions[letter].width = width
    sheet.freeze_panes = "A2"


def _participation_sheet(workbook, content: ReportContent) -> None:
    participation = content.participation
    sheet = workbook.create_sheet(_sheet_title(pgettext("report sheet", "Participation")))
    for title, rows in (
        (_("County"), participation.by_county),
        (_("Organisation"), participation.by_organisation),
    ):
        _bold_header(sheet, [title, _("Joined one by one"), _("Local sites"), _("People in all")])
        for row in rows:
            sheet.append(
                [
                    spreadsheet_safe(_printable(row.label)),
                    row.participants,
                    row.local_sites,
                    row.heads,
                ]
            )
        sheet.append([])
    sheet.column_dimensions["A"].width = 40
    for letter in "BCD":
        sheet.column_dimensions[letter].width = 16


# Reading back ------------------------------------------------------------------------------


class NotACardExport(ValueError):
    """The file is not a card table written by samtale."""


def read_cards(data: bytes, fmt: str) -> list[CardRow]:
    """The cards of a samtale XLSX or CSV export (`fmt` "xlsx" or "csv"), as CardRows."""
    if fmt == "csv":
        text = data.decode("utf-8-sig")
        table = list(csv.reader(io.StringIO(text, newline="")))
    elif fmt == "xlsx":
        table = _xlsx_table(data)
    else:
        raise ValueError(f"read_cards reads xlsx or csv, not {fmt!r}")
    if not table:
        raise NotACardExport("the file is empty")
    keys = _column_keys([str(value or "") for value in table[0]])
    return [_row(dict(zip(keys, values, strict=False))) for values in table[1:] if any(values)]


def _xlsx_table(data: bytes) -> list[list]:
    from openpyxl import load_workbook

    workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    try:
        sheet = workbook.worksheets[0]
        return [list(row) for row in sheet.iter_rows(values_only=True)]
    finally:
        workbook.close()


def _column_keys(header: list[str]) -> list[str]:
    for language in ("nb", "nn", "en"):
        with translation.override(language):
            known = dict(zip(headers(), COLUMNS, strict=True))
        if all(label in known for label in header if label):
            return [known.get(label, "") for label in header]
    raise NotACardExport("the first row is not the header of a samtale card export")


def _text(value) -> str:
    if value is None:
        return ""
    text = str(value)
    # Undo spreadsheet_safe: the apostrophe was added only in front of these characters.
    if text[:1] == "'" and text[1:2] in _DANGEROUS_START:
        return text[1:]
    return text


def _list(value) -> tuple[str, ...]:
    text = _text(value)
    return tuple(part for part in text.split(LIST_SEPARATOR) if part) if text else ()


def _yes(value) -> bool:
    text = _text(value).strip().lower()
    yes = set()
    for language in ("nb", "nn", "en"):
        with translation.override(language):
            yes.add(pgettext("report cell", "yes").lower())
    return text in yes


def _row(cells: dict) -> CardRow:
    numbers = tuple(
        int(part) for part in _text(cells.get("question_numbers")).split(",") if part.strip()
    )
    questions = []
    for line in _text(cells.get("questions")).split("\n"):
        number, dot, question = line.partition(". ")
        if dot and number.isdigit():
            questions.append(question)
    updated = cells.get("updated_at")
    if isinstance(updated, str):
        updated = datetime.strptime(updated, DATE_TIME) if updated else None
    elif isinstance(updated, datetime):
        updated = updated.replace(second=0, microsecond=0)
    else:
        updated = None
    versions = cells.get("version_count")
    return CardRow(
        session=_text(cells.get("session")),
        question_numbers=numbers,
        questions=tuple(questions),
        group=_text(cells.get("group")),
        heading=_text(cells.get("heading")),
        text=_text(cells.get("text")),
        pictures=_list(cells.get("pictures")),
        updated_at=updated,
        version_count=int(versions) if versions not in (None, "") else 0,
        hidden=_yes(cells.get("hidden")),
        pinned=_yes(cells.get("pinned")),
        comment=_text(cells.get("comment")),
        written_by=_list(cells.get("written_by")),
    )
