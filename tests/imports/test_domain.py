"""Imports written to the database: a Padlet board as an ended meeting, a Zoom report."""

import datetime

import pytest
from django.db import IntegrityError

from groups.models import Group
from imports import domain
from imports.models import PadletImport, VideoCallAttendee, VideoCallReport
from imports.tabular import ImportRefused
from meetings.domain import is_facilitator
from meetings.models import Meeting, ProgrammeItem
from reports.content import VideoCallAttendance
from tests.factories import MeetingFactory, UserFactory
from tests.imports.conftest import example
from wall import domain as wall
from wall import text as card_text
from wall.models import Card, CardVersion

pytestmark = pytest.mark.django_db

DATE = datetime.date(2025, 11, 20)


def import_board(name="padlet-board.csv", facilitator=None, **options) -> PadletImport:
    return domain.padlet_import(
        data=example(name),
        file_name=name,
        title="Fremtidens kulturskole",
        date=DATE,
        facilitator=facilitator or UserFactory(),
        **options,
    )


def test_padlet_board_becomes_an_ended_meeting_owned_by_the_facilitator():
    kari = UserFactory(username="kari")
    record = import_board(facilitator=kari)
    meeting = record.meeting
    assert (meeting.title, meeting.date, meeting.status) == (
        "Fremtidens kulturskole",
        DATE,
        Meeting.Status.ENDED,
    )
    assert meeting.ended_at is not None
    assert is_facilitator(kari, meeting)
    assert not is_facilitator(UserFactory(), meeting)
    (session,) = meeting.items.all()
    assert (session.kind, session.status) == (
        ProgrammeItem.Kind.GROUP_SESSION,
        ProgrammeItem.Status.DONE,
    )
    assert [q.text for q in session.questions.all()][2] == (
        "Hva griper vi fatt i først – hva må vi først få på plass?"
    )
    assert (record.posts, record.sections, record.cards, record.attachments) == (6, 3, 6, 2)
    assert record.imported_by == kari


def test_each_post_becomes_one_groups_card_with_a_first_version():
    kari = UserFactory()
    meeting = import_board(facilitator=kari).meeting
    session = meeting.items.get()
    assert list(Group.objects.filter(item=session).values_list("number", flat=True)) == [
        1,
        2,
        3,
        4,
        5,
        6,
    ]
    cards = list(Card.objects.filter(item=session).order_by("group__number"))
    assert [(c.group.number, c.heading, c.question_numbers) for c in cards] == [
        (1, "Gruppe 1", [1]),
        (2, "Gruppe 2", [1]),
        (3, "Gruppe 3", [2]),
        (4, "Gruppe 4", [2]),
        (5, "Gruppe 1", [3]),
        (6, "Gruppe 2", [3]),
    ]
    for card in cards:
        assert card.version == 1
        (version,) = card.versions.all()
        assert (version.heading, version.body, version.author_user) == (
            card.heading,
            card.body,
            kari,
        )
    assert cards[0].updated_at.isoformat() == "2025-11-20T10:52:40+00:00"


def test_imported_cards_are_sanitised_and_rendered_as_the_wall_renders_its_own():
    meeting = import_board().meeting
    for card in Card.objects.filter(item__meeting=meeting):
        assert card.body == card_text.clean_body(card.body)
        assert card.body_html == card_text.render_body(card.body)
    rammeplan = Card.objects.get(item__meeting=meeting, group__number=2)
    assert (
        '<a href="https://www.kulturskoleradet.no/rammeplan" target="_blank" rel="noopener '
        'noreferrer nofollow ugc">https://www.kulturskoleradet.no/rammeplan</a>'
    ) in rammeplan.body_html


def test_the_imported_wall_is_locked_and_shows_every_card():
    meeting = import_board().meeting
    session = meeting.items.get()
    assert wall.wall_for(session).locked
    assert [card.heading for card in wall.wall_cards(session)] == [
        "Gruppe 1",
        "Gruppe 2",
        "Gruppe 3",
        "Gruppe 4",
        "Gruppe 1",
        "Gruppe 2",
    ]
    html = wall.card_html(wall.wall_cards(session)[0])
    assert "Felles planer med oppvekstsektoren" in html


def test_authors_are_not_stored_unless_asked_for():
    meeting = import_board().meeting
    assert not Card.objects.filter(item__meeting=meeting, body__contains="Nordmann").exists()
    kept = import_board(keep_authors=True).meeting
    assert (
        Card.objects.filter(item__meeting=kept, body__endswith="Posted by Kari Nordmann").count()
        == 2
    )


def test_the_shelf_workbook_imports_the_same_wall_as_the_csv():
    def wall_of(record):
        return [
            (c.heading, c.body, c.question_numbers)
            for c in Card.objects.filter(item__meeting=record.meeting).order_by("group__number")
        ]

    assert wall_of(import_board("padlet-board-shelf.xlsx")) == wall_of(import_board())


def test_sections_as_sessions_and_groups_by_post_title():
    record = import_board(sections_as="sessions", group_by="subject")
    sessions = list(record.meeting.items.order_by("position"))
    assert [s.title for s in sessions] == [
        "Hva av dette er relevant for arbeidet med helhetlig oppvekst og kulturskole hos oss?",
        "Hva er viktige rammer og verdier for å sammen skape fremtidens kulturskole i vår kommune?",
        "Hva griper vi fatt i først – hva må vi først få på plass?",
    ]
    assert [s.cards.count() for s in sessions] == [2, 2, 2]
    assert record.cards == 6


def test_refused_board_writes_nothing():
    with pytest.raises(ImportRefused):
        domain.padlet_import(
            data=b"Subject,Body\nA,B,C\n",
            file_name="feil.csv",
            title="Møte",
            date=DATE,
            facilitator=UserFactory(),
        )
    assert not Meeting.objects.exists()


def test_failure_while_writing_leaves_no_half_imported_meeting(monkeypatch):
    def fails(**fields):
        raise IntegrityError("the disk is full")

    # The record of the import is the last thing written, after every card.
    monkeypatch.setattr(PadletImport.objects, "create", fails)
    with pytest.raises(IntegrityError):
        import_board()
    assert not Meeting.objects.exists()
    assert not Group.objects.exists()
    assert not Card.objects.exists()
    assert not CardVersion.objects.exists()


# --- Zoom ---------------------------------------------------------------------------------


MUNICIPALITIES = [("Bærum", 1), ("Porsgrunn", 1), ("Sunnfjord", 1), ("Tromsø", 1)]


@pytest.fixture
def zoom_meeting(loaded_register):
    meeting = MeetingFactory(title="Fremtidens kulturskole")
    domain.video_call_report_import(
        meeting=meeting,
        data=example("zoom-participants.csv"),
        file_name="zoom-participants.csv",
        user=meeting.facilitators.get(),
    )
    return meeting


def test_zoom_report_is_stored_with_the_meeting_without_email_addresses(zoom_meeting):
    report = VideoCallReport.objects.get(meeting=zoom_meeting)
    assert (report.topic, report.rows, report.attendees.count()) == (
        "Fremtidens kulturskole – temamøte",
        11,
        9,
    )
    stored = " ".join(
        str(value) for row in VideoCallAttendee.objects.values_list() for value in row
    )
    assert "@" not in stored


def test_zoom_names_are_checked_against_the_convention_and_the_register(zoom_meeting):
    attendees = {a.display_name: a for a in VideoCallReport.objects.get().attendees.all()}
    morten = attendees["Porsgrunn kommune, Morten Hagevik"]
    assert (morten.problem, morten.municipality.name, morten.county.name, morten.minutes) == (
        "",
        "Porsgrunn",
        "Telemark",
        185,
    )
    lars = attendees["Vestland fylkeskommune, Lars Bø"]
    assert (lars.municipality, lars.county.name) == (None, "Vestland")
    ks = attendees["KS, Synne Grønvold"]
    assert (ks.problem, ks.organisation, ks.county) == ("", "KS", None)
    assert attendees["Kari Hansen"].problem == "no_comma"
    assert attendees["iPhone"].problem == "no_comma"


def test_attendance_summary_for_the_result_page(zoom_meeting):
    summary = domain.attendance_summary(report=VideoCallReport.objects.get())
    assert (summary.people, summary.following) == (9, 7)
    assert [a.display_name for a in summary.not_following] == ["Kari Hansen", "iPhone"]
    assert [(m.name, m.people) for m in summary.municipalities] == MUNICIPALITIES
    assert {c.name for c in summary.counties} == {"Akershus", "Telemark", "Vestland", "Troms"}
    assert [o.name for o in summary.other_organisations] == ["KS", "Norsk kulturskoleråd"]
    assert summary.total_minutes == 193 + 185 + 182 + 163 + 178 + 177 + 20 + 190 + 175


def test_video_call_attendance_for_the_report(zoom_meeting):
    attendance = domain.video_call_attendance(meeting=zoom_meeting)
    assert isinstance(attendance, VideoCallAttendance)
    assert attendance.source == "Zoom"
    assert (attendance.people, attendance.following_convention) == (9, 7)
    assert attendance.not_following_convention == 2
    assert attendance.counties == ("Akershus", "Telemark", "Troms", "Vestland")
    assert len(attendance.municipalities) == 4
    assert attendance.total_minutes == 1463


def test_video_call_attendance_is_none_without_a_report(db):
    assert domain.video_call_attendance(meeting=MeetingFactory()) is None


def test_a_new_zoom_report_replaces_the_old_one(zoom_meeting):
    domain.video_call_report_import(
        meeting=zoom_meeting,
        data=b'Name (Original Name),Duration (Minutes)\n"Skien kommune, Kari Hansen",40\n',
        file_name="ny.csv",
    )
    report = VideoCallReport.objects.get(meeting=zoom_meeting)
    assert (report.file_name, [a.display_name for a in report.attendees.all()]) == (
        "ny.csv",
        ["Skien kommune, Kari Hansen"],
    )
    assert VideoCallAttendee.objects.count() == 1


def test_a_refused_zoom_report_keeps_the_old_one(zoom_meeting):
    with pytest.raises(ImportRefused):
        domain.video_call_report_import(
            meeting=zoom_meeting, data=b"Name (Original Name)\nKari\n", file_name="feil.csv"
        )
    assert VideoCallReport.objects.get(meeting=zoom_meeting).attendees.count() == 9
