"""The assignment for the video tool: Zoom's CSV byte for byte, and the roster lists."""

import io

import pytest
from openpyxl import load_workbook

from groups import domain, exports
from meetings.models import ProgrammeItem
from tests.factories import MeetingFactory, ParticipantFactory, ProgrammeItemFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def session():
    meeting = MeetingFactory()
    item = ProgrammeItemFactory(meeting=meeting, kind=ProgrammeItem.Kind.GROUP_SESSION)
    ParticipantFactory(
        meeting=meeting, name="Ås Øye", organisation="Bø kommune", email="as@bo.kommune.no"
    )
    ParticipantFactory(meeting=meeting, name="Kari Nordmann", organisation="KS", email="kari@ks.no")
    ParticipantFactory(meeting=meeting, name="Uten Post", organisation="Skien kommune", email="")
    ParticipantFactory(meeting=meeting, name="=HYPERLINK(1)", organisation="-x", email="h@x.no")
    domain.groups_form(item=item, strategy="random", target_size=2, seed=5)
    return item


def test_zoom_csv_matches_zooms_format_byte_for_byte(session):
    rows = exports.roster(session)
    expected = "Pre-assign Room Name,Email Address\r\n" + "".join(
        f"{row.group},{row.email}\r\n" for row in rows if row.email
    )
    assert exports.zoom_csv(rows) == expected.encode("utf-8")
    assert exports.zoom_csv(rows).startswith(b"Pre-assign Room Name,Email Address\r\n")
    assert exports.zoom_csv(rows).count(b"\r\n") == 4  # header + three with e-mail


def test_zoom_csv_of_known_rows():
    rows = [
        exports.RosterRow("Gruppe 1", "A", "X", "", "a@x.no"),
        exports.RosterRow("Gruppe 1", "B", "X", "", "b@x.no"),
        exports.RosterRow("Gruppe 2", "C", "Y", "", ""),
    ]
    assert exports.zoom_csv(rows) == (
        b"Pre-assign Room Name,Email Address\r\nGruppe 1,a@x.no\r\nGruppe 1,b@x.no\r\n"
    )


def test_people_without_email_are_listed_as_warning(session):
    missing = exports.without_email(exports.roster(session))
    assert [row.name for row in missing] == ["Uten Post"]


def test_roster_xlsx_has_everyone_and_no_formulas(session):
    book = load_workbook(io.BytesIO(exports.roster_xlsx(exports.roster(session))))
    rows = list(book.active.iter_rows(values_only=True))
    assert len(rows) == 5
    names = {row[1] for row in rows[1:]}
    assert names == {"Ås Øye", "Kari Nordmann", "Uten Post", "'=HYPERLINK(1)"}
    assert all(not str(cell).startswith("=") for row in rows for cell in row if cell)


def test_roster_csv_opens_in_excel_with_norwegian_letters(session):
    content = exports.roster_csv(exports.roster(session))
    assert content.startswith("\ufeff".encode())
    assert "Ås Øye".encode() in content
