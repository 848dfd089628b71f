"""Reading an uploaded spreadsheet, CSV or XLSX, into rows of text, without trusting it.

Everything here is pure (no database) and refuses with `ImportRefused`, whose problems name
the line (CSV) or row (XLSX) and the column, in the language active when they are raised:

- a file is refused past MAX_FILE_BYTES before anything is parsed (`read_upload` reads at
  most one byte more than the limit);
- the format is told by the bytes, not the file name: a ZIP is an XLSX workbook, an old
  binary .xls (or a password-protected workbook) is refused, anything else is CSV text;
- CSV text is UTF-8 (with or without a byte order mark), UTF-16 with its mark, or else
  Windows-1252; the separator is whichever of comma, semicolon and tab finds the header row;
- an XLSX is a ZIP whose entries' uncompressed sizes are checked before openpyxl opens it
  (a zip bomb stays unopened), read in read-only mode without evaluating anything; a ZIP
  holding a CSV file (as Padlet's CSV export downloads) is read as that CSV;
- a formula is never evaluated: its text is imported, and a leading "=" is dropped, so the
  text stays plain wherever samtale shows or exports it again.
"""

import codecs
import csv
import io
import logging
import zipfile
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, time

from django.utils import timezone
from django.utils.translation import gettext as _

from common.errors import DomainError

logger = logging.getLogger("samtale.imports")

MAX_FILE_BYTES = 10 * 1024 * 1024
"""The largest file accepted, in bytes (nginx lets 12 MB through: deploy/nginx/)."""

MAX_UNCOMPRESSED_BYTES = 50 * 1024 * 1024
"""What all the entries of an XLSX may hold together once unpacked."""

MAX_ZIP_ENTRIES = 1000
MAX_ROWS = 20_000
MAX_COLUMNS = 60
HEADER_SEARCH_ROWS = 40  # the header row is among the first rows, after any title block

_CHUNK = 64 * 1024
_OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ZIP_MAGIC = b"PK\x03\x04"
DELIMITERS = (",", ";", "\t")


@dataclass(frozen=True)
class Problem:
    """Something wrong with the file, and where: a line (CSV) or row (XLSX) and a column."""

    message: str
    line: int | None = None
    column: int | None = None  # 0-based index into the row
    header: str = ""
    kind: str = "csv"  # "csv" or "xlsx": a CSV has lines, a sheet has rows

    @property
    def where(self) -> str:
        if self.line is None:
            return ""
        place = {"line": self.line}
        if self.column is None:
            if self.kind == "xlsx":
                return _("Row %(line)d") % place
            return _("Line %(line)d") % place
        place["column"] = column_letter(self.column)
        if self.header:
            place["header"] = self.header
            if self.kind == "xlsx":
                return _("Row %(line)d, column %(column)s (%(header)s)") % place
            return _("Line %(line)d, column %(column)s (%(header)s)") % place
        if self.kind == "xlsx":
            return _("Row %(line)d, column %(column)s") % place
        return _("Line %(line)d, column %(column)s") % place

    def __str__(self) -> str:
        where = self.where
        return f"{where}: {self.message}" if where else self.message


class ImportRefused(DomainError):
    """The file cannot be imported as it is; `problems` says why and where."""

    def __init__(self, problems: list[Problem] | Problem):
        self.problems = [problems] if isinstance(problems, Problem) else list(problems)
        super().__init__("; ".join(str(problem) for problem in self.problems))


@dataclass(frozen=True)
class Row:
    number: int  # the line a CSV record starts on, or the sheet's row number
    cells: tuple[str, ...]

    @property
    def is_empty(self) -> bool:
        return not any(cell.strip() for cell in self.cells)

    def cell(self, index: int | None) -> str:
        if index is None or index >= len(self.cells):
            return ""
        return self.cells[index]


@dataclass(frozen=True)
class Table:
    kind: str  # "csv" or "xlsx"
    rows: tuple[Row, ...]
    header_index: int  # position in `rows` of the header row
    encoding: str = ""
    delimiter: str = ""

    @property
    def header(self) -> Row:
        return self.rows[self.header_index]

    def problem(self, message: str, row: Row | None = None, column: int | None = None):
        header = self.header.cell(column).strip() if column is not None else ""
        return Problem(
            message,
            line=row.number if row is not None else None,
            column=column,
            header=header,
            kind=self.kind,
        )


def column_letter(index: int) -> str:
    """The spreadsheet name of a 0-based column: 0 is A, 25 is Z, 26 is AA."""
    letters = ""
    index += 1
    while index:
        index, remainder = divmod(index - 1, 26)
        letters = chr(ord("A") + remainder) + letters
    return letters


def normalise_header(text: str) -> str:
    """A header as compared: case folded, spaces collapsed, a byte order mark dropped."""
    return " ".join(text.replace("\ufeff", "").split()).casefold()


def too_large() -> Problem:
    return Problem(
        _("The file is too large: at most %(mb)d MB.") % {"mb": MAX_FILE_BYTES // (1024 * 1024)}
    )


def read_upload(upload, limit: int = MAX_FILE_BYTES) -> bytes:
    """The uploaded file's bytes, read in chunks and never more than `limit` + 1 of them."""
    size = getattr(upload, "size", None)
    if size is not None and size > limit:
        raise ImportRefused(too_large())
    if hasattr(upload, "seek"):
        upload.seek(0)
    parts, total = [], 0
    while True:
        chunk = upload.read(min(_CHUNK, limit + 1 - total))
        if not chunk:
            break
        parts.append(chunk)
        total += len(chunk)
        if total > limit:
            raise ImportRefused(too_large())
    return b"".join(parts)


def defuse_formula(text: str) -> str:
    """`text` without the marker that would make a spreadsheet evaluate it.

    A leading "=" is dropped ("=SUM(A1)" becomes "SUM(A1)"), and the apostrophe that an
    export put before = + - @ to keep them text is removed again. A leading + - @ alone is
    kept: on a card it is a list item or a mention, and samtale's exports escape it.
    """
    if text.startswith("="):
        return text[1:]
    if text[:1] == "'" and text[1:2] in ("=", "+", "-", "@"):
        return text[1:]
    return text


def read_table(data: bytes, *, is_header: Callable[[tuple[str, ...]], bool]) -> Table:
    """`data` as rows of text, with the header row found by `is_header`.

    Raises ImportRefused when the file is not a readable CSV or XLSX, is too large once
    unpacked, has too many rows, or has no row that `is_header` accepts.
    """
    if len(data) > MAX_FILE_BYTES:
        raise ImportRefused(too_large())
    if not data.strip():
        raise ImportRefused(Problem(_("The file is empty.")))
    if data.startswith(_OLE2_MAGIC):
        raise ImportRefused(
            Problem(
                _(
                    "This is an old Excel file (.xls) or a workbook with a password. "
                    "Save it as .xlsx without a password, or as CSV, and try again."
                )
            )
        )
    if data.startswith(_ZIP_MAGIC):
        return _read_zip(data, is_header)
    return _read_csv(data, is_header)


# --- CSV -----------------------------------------------------------------------------------


def decode_text(data: bytes) -> tuple[str, str]:
    """The text of a CSV file and the encoding it was read with."""
    if data.startswith(codecs.BOM_UTF8):
        return _decode(data[len(codecs.BOM_UTF8) :], "utf-8", "UTF-8"), "UTF-8"
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return _decode(data, "utf-16", "UTF-16"), "UTF-16"
    if b"\x00" in data:
        line = data[: data.index(b"\x00")].count(b"\n") + 1
        raise ImportRefused(
            Problem(
                _("This is not a text file: it holds a NUL byte. Upload the CSV or XLSX export."),
                line=line,
            )
        )
    try:
        return data.decode("utf-8"), "UTF-8"
    except UnicodeDecodeError:
        pass
    # Excel on Windows saves "CSV" in the machine's code page: Windows-1252 in Norway.
    return _decode(data, "cp1252", "Windows-1252"), "Windows-1252"


def _decode(data: bytes, codec: str, label: str) -> str:
    try:
        return data.decode(codec)
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        raise ImportRefused(
            Problem(
                _(
                    "The file cannot be read as %(encoding)s text. Save it as CSV UTF-8 "
                    "and try again."
                )
                % {"encoding": label},
                line=line,
            )
        ) from error


def _csv_records(text: str, delimiter: str) -> Iterator[Row]:
    """The records of `text`, each with the line it starts on; csv.Error names the line."""
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    previous_line = 0
    while True:
        try:
            cells = next(reader)
        except StopIteration:
            return
        except csv.Error as error:
            raise _CsvBroken(previous_line + 1, str(error)) from error
        yield Row(previous_line + 1, tuple(cells))
        previous_line = reader.line_num


class _CsvBroken(Exception):
    def __init__(self, line: int, detail: str):
        super().__init__(detail)
        self.line = line
        self.detail = detail


def _find_header(rows: Iterable[Row], is_header) -> int | None:
    for position, row in enumerate(rows):
        if position >= HEADER_SEARCH_ROWS:
            return None
        if is_header(row.cells):
            return position
    return None


def _read_csv(data: bytes, is_header) -> Table:
    text, encoding = decode_text(data)
    # The separator is the one under which a header row appears; csv.Sniffer guesses wrong
    # on posts whose text is full of commas, and a header names what we look for.
    best = None
    for delimiter in DELIMITERS:
        head = []
        try:
            for row in _csv_records(text, delimiter):
                head.append(row)
                if len(head) >= HEADER_SEARCH_ROWS:
                    break
        except _CsvBroken:
            pass  # the header may come before the broken line, which is reported below
        position = _find_header(head, is_header)
        if position is not None:
            width = len([cell for cell in head[position].cells if cell.strip()])
            if best is None or width > best[2]:
                best = (delimiter, position, width)
    if best is None:
        raise ImportRefused(_no_header_problem())
    delimiter, header_index, _width = best
    rows = []
    try:
        for row in _csv_records(text, delimiter):
            if len(rows) >= MAX_ROWS:
                raise ImportRefused(_too_many_rows(row.number, "csv"))
            rows.append(_trimmed(row, "csv"))
    except _CsvBroken as broken:
        raise ImportRefused(
            Problem(
                _(
                    "This line is not valid CSV (%(detail)s). Check the quotation marks "
                    "around the text."
                )
                % {"detail": broken.detail},
                line=broken.line,
            )
        ) from broken
    return Table("csv", tuple(rows), header_index, encoding=encoding, delimiter=delimiter)


def _trimmed(row: Row, kind: str) -> Row:
    cells = list(row.cells)
    while cells and not cells[-1].strip():
        cells.pop()
    if len(cells) > MAX_COLUMNS:
        raise ImportRefused(
            Problem(
                _("This row has more than %(max)d columns.") % {"max": MAX_COLUMNS},
                line=row.number,
                column=MAX_COLUMNS,
                kind=kind,
            )
        )
    return Row(row.number, tuple(defuse_formula(cell) for cell in cells))


def _too_many_rows(line: int, kind: str) -> Problem:
    return Problem(
        _("The file has more than %(max)d rows.") % {"max": MAX_ROWS}, line=line, kind=kind
    )


def _no_header_problem() -> Problem:
    return Problem(
        _(
            "No header row was found: none of the first rows of the file names the columns "
            "this import needs (see “Which files work”)."
        )
    )


# --- XLSX ----------------------------------------------------------------------------------


def _not_a_workbook() -> ImportRefused:
    return ImportRefused(
        Problem(
            _(
                "The file is not a readable Excel workbook (.xlsx), nor a ZIP with one CSV "
                "file in it. Export it again."
            )
        )
    )


def check_zip(data: bytes) -> zipfile.ZipFile:
    """The ZIP, unless it would unpack to too much or is not something an export writes.

    Only the ZIP's directory is read: the sizes it declares for each entry are what
    Python's zipfile will give at most (a lying entry fails its checksum instead).
    """
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        entries = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, OSError) as error:
        raise _not_a_workbook() from error
    if len(entries) > MAX_ZIP_ENTRIES:
        raise _not_a_workbook()
    total = 0
    for entry in entries:
        if entry.flag_bits & 0x1:
            raise _not_a_workbook()  # encrypted entries: no export writes them
        total += entry.file_size
        if total > MAX_UNCOMPRESSED_BYTES:
            raise ImportRefused(
                Problem(
                    _(
                        "The workbook would unpack to more than %(mb)d MB. It is refused "
                        "without being opened."
                    )
                    % {"mb": MAX_UNCOMPRESSED_BYTES // (1024 * 1024)}
                )
            )
    return archive


def _zipped_csv(archive: zipfile.ZipFile) -> zipfile.ZipInfo | None:
    """The CSV in a ZIP as Padlet's CSV export downloads it: "Posts….csv", or the only CSV."""
    files = [e for e in archive.infolist() if e.filename.casefold().endswith(".csv")]
    posts = [e for e in files if e.filename.rsplit("/", 1)[-1].casefold().startswith("post")]
    if len(posts) == 1:
        return posts[0]
    return files[0] if len(files) == 1 else None


def _read_zip(data: bytes, is_header) -> Table:
    archive = check_zip(data)
    names = {entry.filename for entry in archive.infolist()}
    if "xl/workbook.xml" in names:
        return _read_xlsx(data, is_header)
    entry = _zipped_csv(archive)
    if entry is None:
        raise _not_a_workbook()
    if entry.file_size > MAX_FILE_BYTES:
        raise ImportRefused(too_large())
    try:
        text = archive.read(entry)
    except (zipfile.BadZipFile, OSError, ValueError, RuntimeError, EOFError) as error:
        raise _not_a_workbook() from error
    return _read_csv(text, is_header)


def cell_text(value, data_type: str = "s") -> str:
    """A sheet cell as the text it shows; a formula as its text, never its result."""
    if value is None:
        return ""
    if data_type == "f" and not isinstance(value, str):
        value = getattr(value, "text", "") or ""  # array formulas come as objects
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime):
        return value.isoformat(sep=" ")
    if isinstance(value, date | time):
        return value.isoformat()
    return str(value)


def _read_xlsx(data: bytes, is_header) -> Table:
    from openpyxl import load_workbook

    try:
        # read_only streams the sheet; data_only=False keeps formulas as their text.
        workbook = load_workbook(
            io.BytesIO(data), read_only=True, data_only=False, keep_links=False
        )
    except Exception as error:  # openpyxl raises many kinds for a damaged file
        logger.info("XLSX refused: %s", error)
        raise _not_a_workbook() from error
    try:
        for sheet in workbook.worksheets:
            table = _sheet_table(sheet, is_header)
            if table is not None:
                return table
    except ImportRefused:
        raise
    except Exception as error:
        logger.info("XLSX sheet refused: %s", error)
        raise _not_a_workbook() from error
    finally:
        workbook.close()
    raise ImportRefused(_no_header_problem())


def _sheet_table(sheet, is_header) -> Table | None:
    if not hasattr(sheet, "iter_rows"):
        return None  # a chart sheet
    rows: list[Row] = []
    number = 0
    for cells in sheet.iter_rows(max_col=MAX_COLUMNS):
        number = next((c.row for c in cells if getattr(c, "row", None)), number + 1)
        if len(rows) >= MAX_ROWS:
            raise ImportRefused(_too_many_rows(number, "xlsx"))
        texts = tuple(cell_text(c.value, getattr(c, "data_type", "s")) for c in cells)
        rows.append(_trimmed(Row(number, texts), "xlsx"))
    position = _find_header(rows, is_header)
    if position is None:
        return None
    return Table("xlsx", tuple(rows), position)


# --- Times ---------------------------------------------------------------------------------

_TIME_FORMATS = (
    "%m/%d/%Y %I:%M:%S %p",  # Zoom, in English: 11/19/2021 10:00:00 AM
    "%m/%d/%Y %I:%M %p",
    "%d/%m/%Y %H:%M:%S",  # Zoom without AM/PM writes the day first
    "%d/%m/%Y %H:%M",
    "%d.%m.%Y %H:%M:%S",
    "%d.%m.%Y %H:%M",
    "%m/%d/%Y %H:%M:%S",
)


def parse_timestamp(text: str) -> datetime | None:
    """A time as exports write it (ISO 8601, "… UTC", Zoom's US or European forms), or None.

    A time without a zone is taken as the server's local time (Europe/Oslo).
    """
    text = " ".join((text or "").split())
    if not text or len(text) > 40:
        return None
    zone = None
    if text.upper().endswith(" UTC"):
        text, zone = text[:-4], UTC
    if text.endswith(("Z", "z")):
        text = text[:-1] + "+00:00"
    value = None
    try:
        value = datetime.fromisoformat(text)
    except ValueError:
        for pattern in _TIME_FORMATS:
            try:
                value = datetime.strptime(text, pattern)
                break
            except ValueError:
                continue
    if value is None or not 1990 <= value.year <= 2100:
        return None
    if value.tzinfo is None:
        value = timezone.make_aware(value, zone or timezone.get_default_timezone())
    return value
