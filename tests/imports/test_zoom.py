"""Zoom participant reports read into people, their minutes, and their names' parts."""

import io

import pytest
from openpyxl import Workbook

from imports import zoom
from imports.tabular import ImportRefused
from tests.imports.conftest import example

HEADER = "Name (Original Name),User Email,Join Time,Leave Time,Duration (Minutes),Guest\n"


def report_of(text: str, encoding="utf-8") -> zoom.ParticipantReport:
    return zoom.parse_report(text.encode(encoding))


def people(report) -> list[tuple[str, int, int]]:
    return [(a.display_name, a.minutes, a.rows) for a in report.attendees]


def refusal(text: str) -> list[str]:
    with pytest.raises(ImportRefused) as refused:
        zoom.parse_report(text.encode())
    return [str(problem) for problem in refused.value.problems]


def test_example_with_the_meeting_block():
    report = zoom.parse_report(example("zoom-participants.csv"))
    assert report.has_meeting_block
    assert (report.topic, report.meeting_id) == (
        "Fremtidens kulturskole – temamøte",
        "834 1234 5678",
    )
    assert report.started_at.isoformat() == "2025-11-20T09:00:00+01:00"
    assert report.ended_at.isoformat() == "2025-11-20T12:05:00+01:00"
    assert report.rows == 11
    assert len(report.attendees) == 9


def test_someone_who_rejoined_is_one_person_with_the_minutes_added_up():
    report = zoom.parse_report(example("zoom-participants.csv"))
    by_name = {a.display_name: a for a in report.attendees}
    morten = by_name["Porsgrunn kommune, Morten Hagevik"]
    assert (morten.minutes, morten.rows, morten.first_line) == (93 + 92, 2, 6)


def test_a_renamed_person_is_known_by_their_latest_name_and_counted_once():
    report = zoom.parse_report(example("zoom-participants.csv"))
    anne = [a for a in report.attendees if "Anne" in a.display_name]
    assert [(a.display_name, a.original_name, a.minutes) for a in anne] == [
        ("Bærum kommune, Anne Lie", "Anne", 116 + 61)
    ]


def test_report_without_the_meeting_block():
    report = report_of(
        HEADER
        + "Kari Hansen,kari@skien.kommune.no,11/20/2025 09:00:00 AM,11/20/2025 10:00:00 AM,60,Yes\n"
    )
    assert not report.has_meeting_block
    assert people(report) == [("Kari Hansen", 60, 1)]
    assert report.attendees[0].guest is True


def test_people_without_email_are_told_apart_by_their_name():
    report = report_of(
        HEADER
        + "iPhone,,,,10,Yes\n"
        + '"Sunnfjord kommune, Ingrid Hovland",,,,30,Yes\n'
        + "iPhone,,,,5,Yes\n"
    )
    assert sorted(people(report)) == [
        ("Sunnfjord kommune, Ingrid Hovland", 30, 1),
        ("iPhone", 15, 2),
    ]


def test_semicolons_and_windows_1252_as_excel_saves_it():
    text = HEADER.replace(",", ";") + "Bærum kommune, Åse Ødegård;;;;42;No\n"
    report = report_of(text, encoding="cp1252")
    assert (report.encoding, report.delimiter) == ("Windows-1252", ";")
    assert people(report) == [("Bærum kommune, Åse Ødegård", 42, 1)]


def test_minutes_from_join_and_leave_times_when_there_is_no_duration():
    report = report_of(
        "Name (Original Name),Join Time,Leave Time\n"
        "Kari Hansen,11/20/2025 09:00:00 AM,11/20/2025 10:30:00 AM\n"
    )
    assert people(report) == [("Kari Hansen", 90, 1)]


def test_missing_name_column_is_refused_naming_the_header_line():
    assert refusal("User Email,Join Time,Duration (Minutes)\nkari@ks.no,,12\n") == [
        "Line 1: The column “Name (Original Name)” is missing. The header row names: "
        "User Email, Join Time, Duration (Minutes)."
    ]


def test_missing_duration_column_is_refused():
    assert refusal("Name (Original Name),User Email\nKari,kari@ks.no\n") == [
        "Line 1: The column “Duration (Minutes)” is missing. The header row names: "
        "Name (Original Name), User Email."
    ]


@pytest.mark.parametrize("duration", ["mange", "-5", "99999", "nan"])
def test_duration_that_is_no_number_of_minutes_is_refused_naming_line_and_column(duration):
    assert refusal(HEADER + f"Kari Hansen,,,,{duration},No\n") == [
        "Line 2, column E (Duration (Minutes)): The duration must be a number of minutes, "
        "from 0 to 1440."
    ]


def test_empty_name_is_refused_naming_line_and_column():
    assert refusal(HEADER + "Kari,,,,5,No\n,,,,7,No\n") == [
        "Line 3, column A (Name (Original Name)): The participant's name is empty."
    ]


def test_meeting_block_alone_is_not_taken_for_the_participants():
    assert refusal(
        "Meeting ID,Topic,Start Time,End Time,User Email,Duration (Minutes),Participants\n"
        "834,Møte,11/20/2025 09:00:00 AM,11/20/2025 12:05:00 PM,a@b.no,185,9\n"
    ) == [
        "No header row was found: none of the first rows of the file names the columns this "
        "import needs (see “Which files work”)."
    ]


def test_a_workbook_is_refused_as_zoom_writes_csv():
    workbook = Workbook()
    workbook.active.append(["Name (Original Name)", "Duration (Minutes)"])
    workbook.active.append(["Kari Hansen", 12])
    buffer = io.BytesIO()
    workbook.save(buffer)
    with pytest.raises(ImportRefused) as refused:
        zoom.parse_report(buffer.getvalue())
    assert str(refused.value) == (
        "Zoom's participant report is a CSV file. Export it again as CSV."
    )


@pytest.mark.parametrize(
    ("cell", "shown", "original"),
    [
        ("Porsgrunn kommune, Morten Hagevik", "Porsgrunn kommune, Morten Hagevik", ""),
        (
            "Porsgrunn kommune, Morten Hagevik (Morten)",
            "Porsgrunn kommune, Morten Hagevik",
            "Morten",
        ),
        ("Herøy kommune (Nordland), Kari Dahl", "Herøy kommune (Nordland), Kari Dahl", ""),
        (
            "Herøy kommune (Nordland), Kari Dahl (Kari (iPad))",
            "Herøy kommune (Nordland), Kari Dahl",
            "Kari (iPad)",
        ),
        ("(iPad)", "(iPad)", ""),
        ("Kari Dahl)", "Kari Dahl)", ""),
    ],
)
def test_name_in_the_call_and_the_name_joined_with(cell, shown, original):
    assert zoom.split_name(cell) == (shown, original)


@pytest.mark.parametrize(
    ("name", "parts"),
    [
        ("Porsgrunn kommune, Morten Hagevik", ("Porsgrunn kommune", "Morten Hagevik", "")),
        ("KS,  Synne  Grønvold ", ("KS", "Synne Grønvold", "")),
        ("Kari Hansen", ("", "Kari Hansen", zoom.NO_COMMA)),
        (", Kari Hansen", ("", "Kari Hansen", zoom.NO_ORGANISATION)),
        ("Bærum, Anne", ("Bærum", "Anne", zoom.NO_FULL_NAME)),
        ("Skien kommune,", ("Skien kommune", "", zoom.NO_FULL_NAME)),
    ],
)
def test_naming_convention_parts(name, parts):
    found = zoom.name_parts(name)
    assert (found.organisation, found.name, found.problem) == parts
