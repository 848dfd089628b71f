"""Reading an uploaded CSV or XLSX into rows, whatever the file is."""

import codecs
import io
import struct
import zipfile

import pytest
from openpyxl import Workbook

from imports import tabular
from imports.tabular import ImportRefused


def is_header(cells):
    return [cell.strip().lower() for cell in cells[:2]] == ["subject", "body"]


def table_of(data: bytes):
    return tabular.read_table(data, is_header=is_header)


def refusal(data: bytes) -> str:
    with pytest.raises(ImportRefused) as refused:
        table_of(data)
    return str(refused.value)


def texts(table) -> list[tuple[str, ...]]:
    return [row.cells for row in table.rows[table.header_index + 1 :]]


CSV = "Subject,Body\nGruppe 1,Vi vil ha mer samarbeid – også med skolen\nGruppe 2,Æ ø å\n"


def test_csv_utf8_with_byte_order_mark_is_read():
    table = table_of(codecs.BOM_UTF8 + CSV.encode("utf-8"))
    assert table.encoding == "UTF-8"
    assert table.header.cells == ("Subject", "Body")
    assert texts(table)[1] == ("Gruppe 2", "Æ ø å")


def test_csv_windows_1252_is_read_with_norwegian_letters():
    table = table_of(CSV.encode("cp1252"))
    assert table.encoding == "Windows-1252"
    assert texts(table) == [
        ("Gruppe 1", "Vi vil ha mer samarbeid – også med skolen"),
        ("Gruppe 2", "Æ ø å"),
    ]


def test_csv_utf16_with_byte_order_mark_and_tabs_is_read():
    table = table_of(CSV.replace(",", "\t").encode("utf-16"))
    assert (table.encoding, table.delimiter) == ("UTF-16", "\t")
    assert texts(table)[1] == ("Gruppe 2", "Æ ø å")


def test_csv_semicolons_are_found_from_the_header_row():
    data = b"Subject;Body\nGruppe 1;Tid, rom og fagfolk, sa vi\n"
    table = table_of(data)
    assert table.delimiter == ";"
    assert texts(table) == [("Gruppe 1", "Tid, rom og fagfolk, sa vi")]


def test_csv_title_rows_above_the_header_are_passed_over():
    table = table_of(b"Dialog\nEksportert 20.11.2025\n\nSubject,Body\nA,B\n")
    assert table.header.number == 4
    assert texts(table) == [("A", "B")]


def test_csv_records_know_the_line_they_start_on():
    table = table_of(b'Subject,Body\nA,"one\ntwo\nthree"\nB,C\n')
    assert [row.number for row in table.rows] == [1, 2, 5]


def test_csv_broken_quotes_are_refused_naming_the_line():
    message = refusal(b'Subject,Body\nA,B\nC,"unfinished\nD,E\n')
    assert message.startswith("Line 3: This line is not valid CSV")


def test_csv_without_the_header_row_is_refused():
    assert "No header row was found" in refusal(b"Emne,Tekst\nA,B\n")


def test_csv_with_nul_bytes_is_refused_as_not_text():
    assert refusal(b"Subject,Body\nA,B\x00\n").startswith("Line 2: This is not a text file")


def test_csv_neither_utf8_nor_windows_1252_is_refused_naming_the_line():
    # 0x81 is undefined in Windows-1252 and not valid UTF-8 here.
    message = refusal(b"Subject,Body\nA,B\nC,\x81\x81\n")
    assert message.startswith("Line 3: The file cannot be read as Windows-1252 text")


def test_row_with_too_many_columns_is_refused_naming_line_and_column():
    row = ",".join(["x"] * (tabular.MAX_COLUMNS + 1))
    message = refusal(f"Subject,Body\n{row}\n".encode())
    assert message.startswith("Line 2, column BI: This row has more than 60 columns.")


def test_empty_file_is_refused():
    assert refusal(b"  \n\n") == "The file is empty."


@pytest.mark.parametrize(
    ("cell", "text"),
    [
        ("=SUM(A1:A9)", "SUM(A1:A9)"),
        ('=HYPERLINK("http://example.com","klikk")', 'HYPERLINK("http://example.com","klikk")'),
        ("'=1+2", "=1+2"),
        ("'@navn", "@navn"),
        ("- et punkt", "- et punkt"),
        ("+47 22 00 00 00", "+47 22 00 00 00"),
        ("@Kari", "@Kari"),
        ("'sitat'", "'sitat'"),
    ],
)
def test_formula_marker_is_dropped_and_the_rest_kept_as_text(cell, text):
    assert tabular.defuse_formula(cell) == text


def xlsx(rows, **extra) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    for row in rows:
        sheet.append(row)
    for cell, value in extra.items():
        sheet[cell] = value
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def test_xlsx_formula_cells_are_read_as_their_text_never_their_result():
    table = table_of(xlsx([["Subject", "Body"], ["Sum", "=1+2"], ["Lenke", '=HYPERLINK("x")']]))
    assert table.kind == "xlsx"
    assert texts(table) == [("Sum", "1+2"), ("Lenke", 'HYPERLINK("x")')]


def test_xlsx_numbers_and_dates_become_text():
    from datetime import datetime

    table = table_of(xlsx([["Subject", "Body", "When"], [7, 2.5, datetime(2025, 11, 20, 10, 5)]]))
    assert texts(table) == [("7", "2.5", "2025-11-20 10:05:00")]


def test_xlsx_named_csv_is_still_read_as_a_workbook():
    table = table_of(xlsx([["Subject", "Body"], ["A", "B"]]))
    assert (table.kind, texts(table)) == ("xlsx", [("A", "B")])


def test_old_excel_file_is_refused_with_what_to_do():
    ole2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600
    assert "Save it as .xlsx without a password, or as CSV" in refusal(ole2)


def test_zip_that_is_no_workbook_is_refused():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("readme.txt", "hei")
    assert "not a readable Excel workbook" in refusal(buffer.getvalue())


def zipped(files: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in files.items():
            archive.writestr(name, content)
    return buffer.getvalue()


def test_zip_of_a_csv_export_is_read_as_its_posts_csv():
    data = zipped(
        {
            "dialog/Comments.csv": b"Comment,Author\nFint,Kari\n",
            "dialog/Posts - dialog.csv": codecs.BOM_UTF8 + CSV.encode("utf-8"),
        }
    )
    table = table_of(data)
    assert (table.kind, table.encoding) == ("csv", "UTF-8")
    assert texts(table)[1] == ("Gruppe 2", "Æ ø å")


def test_zip_with_several_csv_files_and_none_of_posts_is_refused():
    data = zipped({"a.csv": CSV.encode(), "b.csv": CSV.encode()})
    assert "nor a ZIP with one CSV file in it" in refusal(data)


def test_zipped_csv_over_the_limit_is_refused_unread():
    data = zipped({"Posts.csv": b"Subject,Body\n" + b"x" * (11 * 1024 * 1024)})
    assert refusal(data) == "The file is too large: at most 10 MB."


def test_truncated_workbook_is_refused():
    data = xlsx([["Subject", "Body"], ["A", "B"]])
    assert "not a readable Excel workbook" in refusal(data[: len(data) // 2])


def zip_bomb(megabytes: int) -> bytes:
    """A workbook-shaped ZIP whose sheet unpacks to `megabytes` of zeros."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/workbook.xml", "<workbook/>")
        with archive.open("xl/worksheets/sheet1.xml", "w") as sheet:
            block = b"0" * (1024 * 1024)
            for _ in range(megabytes):
                sheet.write(block)
    return buffer.getvalue()


def test_zip_bomb_disguised_as_xlsx_is_refused_without_unpacking_it(monkeypatch):
    bomb = zip_bomb(200)
    assert len(bomb) < 1024 * 1024  # 200 MB of sheet in a few hundred kilobytes

    def no_opening(*args, **kwargs):
        raise AssertionError("openpyxl must not open a zip bomb")

    monkeypatch.setattr("openpyxl.load_workbook", no_opening)
    message = refusal(bomb)
    assert message == (
        "The workbook would unpack to more than 50 MB. It is refused without being opened."
    )


def test_zip_entry_that_lies_about_its_size_yields_no_more_than_it_declares():
    bomb = bytearray(zip_bomb(20))
    # Declare the 20 MB sheet as 1000 bytes, in its local header and the central directory.
    local = bomb.find(b"PK\x03\x04", bomb.find(b"xl/workbook.xml"))
    central = bomb.rfind(b"PK\x01\x02")
    struct.pack_into("<I", bomb, local + 22, 1000)
    struct.pack_into("<I", bomb, central + 24, 1000)
    tabular.check_zip(bytes(bomb))  # the sizes it declares are small
    assert "not a readable Excel workbook" in refusal(bytes(bomb))


def test_file_over_the_limit_is_refused_reading_at_most_one_byte_more():
    class Endless:
        """An upload that never ends, counting what is read of it."""

        read_total = 0

        def read(self, size):
            self.read_total += size
            return b"x" * size

    upload = Endless()
    with pytest.raises(ImportRefused) as refused:
        tabular.read_upload(upload, limit=1000)
    assert str(refused.value) == "The file is too large: at most 10 MB."
    assert upload.read_total == 1001


def test_upload_declaring_a_size_over_the_limit_is_not_read_at_all():
    class Declared(io.BytesIO):
        size = 50 * 1024 * 1024

    upload = Declared(b"Subject,Body\n")
    with pytest.raises(ImportRefused):
        tabular.read_upload(upload)
    assert upload.tell() == 0


@pytest.mark.parametrize(
    ("index", "letter"), [(0, "A"), (1, "B"), (25, "Z"), (26, "AA"), (59, "BH"), (701, "ZZ")]
)
def test_column_letters_follow_spreadsheets(index, letter):
    assert tabular.column_letter(index) == letter


@pytest.mark.parametrize(
    ("text", "iso"),
    [
        ("2025-11-20 10:41:12 UTC", "2025-11-20T10:41:12+00:00"),
        ("2025-11-20T10:41:12Z", "2025-11-20T10:41:12+00:00"),
        ("2025-11-20 11:41:12", "2025-11-20T11:41:12+01:00"),
        ("11/20/2025 09:00:00 AM", "2025-11-20T09:00:00+01:00"),
        ("20/11/2025 13:05:00", "2025-11-20T13:05:00+01:00"),
        ("20.11.2025 13:05", "2025-11-20T13:05:00+01:00"),
    ],
)
def test_timestamps_in_the_forms_exports_write(text, iso):
    assert tabular.parse_timestamp(text).isoformat() == iso


@pytest.mark.parametrize("text", ["", "i går", "31/31/2025 10:00:00", "0001-01-01", "9" * 80])
def test_timestamps_that_cannot_be_read_are_none(text):
    assert tabular.parse_timestamp(text) is None
