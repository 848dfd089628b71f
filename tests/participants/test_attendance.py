"""The meeting's attendance list: who took part, from where, when they came and left."""

import csv
import datetime
import io

import pytest
from django.test import Client
from django.utils import timezone
from openpyxl import load_workbook

from register.models import County
from tests.factories import MeetingFactory, ParticipantFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def meeting():
    meeting = MeetingFactory()
    agder = County.objects.create(number="42", name="Agder", official_name="Agder")
    start = timezone.make_aware(datetime.datetime(2025, 11, 20, 9, 0))
    ParticipantFactory(
        meeting=meeting,
        name="Kari Nordmann",
        organisation="Kristiansand kommune",
        county=agder,
        joined_at=start,
    )
    ParticipantFactory(
        meeting=meeting,
        name="Kulturhuset, møterom 2",
        organisation="Kristiansand kommune",
        county=agder,
        is_local_site=True,
        head_count=12,
        joined_at=start + datetime.timedelta(minutes=3),
    )
    ParticipantFactory(
        meeting=meeting,
        name='=HYPERLINK("http://x.invalid","klikk")',
        organisation="@SUM(1+1)",
        joined_at=start + datetime.timedelta(minutes=5),
        left_at=start + datetime.timedelta(minutes=50),
        gone="left",
    )
    ParticipantFactory(
        meeting=meeting,
        name="Per Lukket",
        organisation="Kristiansand kommune",
        joined_at=start + datetime.timedelta(minutes=6),
        left_at=start + datetime.timedelta(minutes=20),
        gone="closed",
    )
    ParticipantFactory(name="Ola i et annet møte")
    return meeting


def facilitator(meeting):
    client = Client()
    client.force_login(meeting.facilitators.get())
    client.cookies["django_language"] = "en"
    return client


def test_the_attendance_page_lists_everyone_who_joined(meeting):
    response = facilitator(meeting).get(f"/m/manage/{meeting.pk}/attendance/")

    assert response.status_code == 200
    content = response.content.decode()
    assert content.index("Kari Nordmann") < content.index("Kulturhuset, møterom 2")
    assert "Agder" in content
    assert "Ola i et annet møte" not in content
    assert "13 here now" in content  # a local site counts its heads; who left does not count
    assert "4 joined in all" in content
    assert "Closed the page" in content and "Left the meeting" in content
    assert "=HYPERLINK(&quot;http://x.invalid&quot;" in content  # escaped as HTML
    assert f"/m/manage/{meeting.pk}/attendance/csv/" in content
    assert f"/m/manage/{meeting.pk}/attendance/xlsx/" in content


def test_the_attendance_csv_has_everyone_and_no_formulas(meeting):
    response = facilitator(meeting).get(f"/m/manage/{meeting.pk}/attendance/csv/")

    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv"
    assert response["Content-Disposition"] == (
        f'attachment; filename="{meeting.code}-attendance.csv"'
    )
    text = response.content.decode("utf-8")
    assert text.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(text.lstrip("\ufeff"))))
    assert rows == [
        ["Name", "Organisation", "County", "People", "Joined", "Left", "How they left"],
        ["Kari Nordmann", "Kristiansand kommune", "Agder", "1", "2025-11-20 09:00", "", ""],
        [
            "Kulturhuset, møterom 2",
            "Kristiansand kommune",
            "Agder",
            "12",
            "2025-11-20 09:03",
            "",
            "",
        ],
        [
            '\'=HYPERLINK("http://x.invalid","klikk")',
            "'@SUM(1+1)",
            "",
            "1",
            "2025-11-20 09:05",
            "2025-11-20 09:50",
            "Left the meeting",
        ],
        [
            "Per Lukket",
            "Kristiansand kommune",
            "",
            "1",
            "2025-11-20 09:06",
            "2025-11-20 09:20",
            "Closed the page",
        ],
    ]


def test_the_attendance_xlsx_has_everyone_and_no_formulas(meeting):
    response = facilitator(meeting).get(f"/m/manage/{meeting.pk}/attendance/xlsx/")

    assert response.status_code == 200
    assert response["Content-Disposition"].endswith('-attendance.xlsx"')
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = [[cell.value for cell in row] for row in sheet.iter_rows()]
    assert rows[0] == [
        "Name",
        "Organisation",
        "County",
        "People",
        "Joined",
        "Left",
        "How they left",
    ]
    assert rows[2] == [
        "Kulturhuset, møterom 2",
        "Kristiansand kommune",
        "Agder",
        12,
        "2025-11-20 09:03",
        None,
        None,
    ]
    assert rows[4][5:] == ["2025-11-20 09:20", "Closed the page"]
    assert rows[3][:2] == ['\'=HYPERLINK("http://x.invalid","klikk")', "'@SUM(1+1)"]
    assert all(cell.data_type != "f" for row in sheet.iter_rows() for cell in row)


def test_an_unknown_kind_of_file_is_not_found(meeting):
    response = facilitator(meeting).get(f"/m/manage/{meeting.pk}/attendance/pdf/")

    assert response.status_code == 404


@pytest.mark.parametrize("path", ["attendance/", "attendance/csv/", "attendance/xlsx/"])
def test_only_the_meetings_facilitators_see_who_took_part(meeting, path):
    url = f"/m/manage/{meeting.pk}/{path}"
    assert Client().get(url).status_code == 302  # to the login page
    other = Client()
    other.force_login(UserFactory())
    assert other.get(url).status_code == 403
    participant = Client()
    participant.post(
        f"/m/{meeting.code}/join/",
        {"name": "Per Deltaker", "organisation": "KS", "join_key": "k"},
    )
    assert participant.get(url).status_code == 302
    assert "login" in participant.get(url)["Location"]
