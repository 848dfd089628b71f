"""Broken files, generated: every one is imported whole or refused with a located reason.

A short run by default; `HYPOTHESIS_PROFILE=long` runs many more examples.
"""

import codecs
import csv
import datetime
import io
import struct
import zipfile

import pytest
from django.contrib.auth import get_user_model
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from imports import domain, padlet, zoom
from imports.tabular import MAX_UNCOMPRESSED_BYTES, ImportRefused, Problem
from meetings.models import Meeting
from tests.imports.conftest import example
from wall import text as card_text
from wall.models import Card

PADLET_CSV = example("padlet-board.csv")
PADLET_XLSX = example("padlet-board-shelf.xlsx")
ZOOM_CSV = example("zoom-participants.csv")

cell_text = st.text(
    alphabet=st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=40
) | st.sampled_from(["", "=1+2", "'=SUM(A1)", "@x", '"', '""', "\r\n", ";", ",", "\t", "Æøå"])


def assert_located(refused: ImportRefused, *, kind_lines: bool = True) -> None:
    """A refusal says something, and where it says a line it is a real one (1 or more)."""
    assert refused.problems
    for problem in refused.problems:
        assert isinstance(problem, Problem)
        assert problem.message.strip()
        if problem.line is not None:
            assert problem.line >= 1
        if problem.column is not None:
            assert problem.column >= 0
            assert problem.line is not None


@st.composite
def broken_bytes(draw, base: bytes):
    """`base` with some of its bytes cut out, replaced or repeated, or re-encoded."""
    data = bytearray(base)
    for _ in range(draw(st.integers(1, 6))):
        operation = draw(st.sampled_from(["cut", "replace", "insert", "truncate", "duplicate"]))
        if not data:
            break
        at = draw(st.integers(0, len(data) - 1))
        if operation == "cut":
            del data[at : at + draw(st.integers(1, 50))]
        elif operation == "replace":
            data[at] = draw(st.integers(0, 255))
        elif operation == "insert":
            data[at:at] = draw(st.binary(min_size=1, max_size=20))
        elif operation == "truncate":
            del data[at:]
        else:
            data[at:at] = data[at : at + draw(st.integers(1, 200))]
    return bytes(data)


@st.composite
def reencoded(draw, base: bytes):
    text = base.decode("utf-8")
    separator = draw(st.sampled_from([",", ";", "\t"]))
    if separator != ",":
        # A crude re-separation, as a spreadsheet saved with another separator might be.
        text = text.replace(",", separator)
    encoding = draw(st.sampled_from(["utf-8", "utf-8-sig", "cp1252", "utf-16"]))
    newline = draw(st.sampled_from(["\n", "\r\n", "\r"]))
    text = text.replace("\n", newline)
    return text.encode(encoding, errors="replace")


@st.composite
def padlet_tables(draw):
    """A Padlet-like CSV: known and unknown columns in any order, odd cells, ragged rows."""
    names = draw(
        st.lists(
            st.sampled_from(
                ["Subject", "Body", "Attachment", "Author", "Section", "Created At", "Likes", ""]
            ),
            min_size=1,
            max_size=7,
        )
    )
    rows = draw(st.lists(st.lists(cell_text, min_size=0, max_size=len(names) + 2), max_size=12))
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=draw(st.sampled_from([",", ";", "\t"])))
    writer.writerow(names)
    writer.writerows(rows)
    encoding = draw(st.sampled_from(["utf-8", "utf-8-sig", "cp1252"]))
    return buffer.getvalue().encode(encoding, errors="replace")


def parses_or_refuses(parse, data: bytes):
    try:
        return parse(data)
    except ImportRefused as refused:
        assert_located(refused)
        return None


@given(broken_bytes(PADLET_CSV))
def test_broken_padlet_csv_is_read_or_refused_with_a_located_reason(data):
    board = parses_or_refuses(padlet.parse_board, data)
    if board is not None:
        assert board.posts
        for post in board.posts:
            assert len(post.subject) <= 200


@given(reencoded(PADLET_CSV))
def test_padlet_csv_in_any_encoding_separator_and_newline(data):
    board = parses_or_refuses(padlet.parse_board, data)
    if board is not None:
        assert [post.subject for post in board.posts][:4] == [
            "Gruppe 1",
            "Gruppe 2",
            "Gruppe 3",
            "Gruppe 4",
        ]


@given(padlet_tables())
def test_generated_padlet_tables_are_read_or_refused_with_a_located_reason(data):
    board = parses_or_refuses(padlet.parse_board, data)
    if board is not None:
        for post in board.posts:
            assert post.subject == card_text.clean_heading(post.subject)
            assert post.body == card_text.clean_body(post.body)
        padlet.plan_sessions(board, title="x")  # whatever was read can be planned


@given(broken_bytes(PADLET_XLSX))
@settings(suppress_health_check=[HealthCheck.too_slow])
def test_broken_padlet_workbook_is_read_or_refused_with_a_located_reason(data):
    parses_or_refuses(padlet.parse_board, data)


@given(broken_bytes(ZOOM_CSV))
def test_broken_zoom_report_is_read_or_refused_with_a_located_reason(data):
    report = parses_or_refuses(zoom.parse_report, data)
    if report is not None:
        assert all(person.minutes >= 0 for person in report.attendees)
        assert sum(p.rows for p in report.attendees) == report.rows


@given(st.binary(max_size=2000))
def test_any_bytes_are_read_or_refused_never_crash(data):
    parses_or_refuses(padlet.parse_board, data)
    parses_or_refuses(zoom.parse_report, data)


def workbook_zip(declared: list[int]) -> bytes:
    """A workbook-shaped ZIP whose entries claim the sizes in `declared` (bytes)."""
    names = ["[Content_Types].xml", "xl/workbook.xml"] + [
        f"xl/worksheets/sheet{n}.xml" for n in range(1, len(declared) - 1)
    ]
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name in names[: len(declared)]:
            archive.writestr(name, "<x/>")
    data = bytearray(buffer.getvalue())
    # The directory at the end is what is checked: give each entry its claimed size there.
    position = 0
    for size in declared:
        position = data.index(b"PK\x01\x02", position)
        struct.pack_into("<I", data, position + 24, size)
        position += 4
    return bytes(data)


@given(st.lists(st.integers(0, 2**32 - 1), min_size=2, max_size=6))
def test_workbooks_claiming_any_unpacked_size_are_refused_before_opening(declared):
    data = workbook_zip(declared)
    with pytest.raises(ImportRefused) as refused:
        padlet.parse_board(data)
    assert_located(refused.value)
    if sum(declared) > MAX_UNCOMPRESSED_BYTES:
        assert "would unpack to more than 50 MB" in str(refused.value)


def facilitator():
    return get_user_model().objects.get_or_create(username="hypothesis")[0]


@pytest.mark.django_db
@given(broken_bytes(PADLET_CSV))
@settings(suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
def test_a_broken_board_is_never_half_imported(data):
    meetings_before = Meeting.objects.count()
    cards_before = Card.objects.count()
    try:
        record = domain.padlet_import(
            data=data,
            file_name="x.csv",
            title="Møte",
            date=datetime.date(2025, 11, 20),
            facilitator=facilitator(),
        )
    except ImportRefused as refused:
        assert_located(refused)
        assert Meeting.objects.count() == meetings_before
        assert Card.objects.count() == cards_before
        return
    # Imported: every post that was read is a card on the wall.
    assert Meeting.objects.count() == meetings_before + 1
    assert Card.objects.filter(item__meeting=record.meeting).count() == record.posts


def test_broken_quotes_after_a_byte_order_mark_name_the_line_of_the_record():
    with pytest.raises(ImportRefused) as refused:
        padlet.parse_board(codecs.BOM_UTF8 + b'Subject,Body\nA,"B\n')
    assert str(refused.value).startswith("Line 2: This line is not valid CSV")
