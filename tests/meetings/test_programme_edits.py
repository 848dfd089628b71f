"""Every edit of a meeting or its programme, on the meeting pages or in the Django admin, is
one transaction that bumps state_version once and publishes programme.state once."""

import json

import pytest
from django.test import Client
from django.urls import reverse

from live import runtime
from live.events import PROGRAMME_STATE
from meetings import domain
from meetings.models import Announcement, Meeting, ProgrammeItem
from tests.factories import UserFactory, meeting_with_programme
from tests.meetings.admin_forms import admin_form_data

pytestmark = pytest.mark.django_db


@pytest.fixture
def published(monkeypatch):
    """The events published, as (type, data), once their transaction has committed."""
    sent = []

    def record(message):
        frame = json.loads(message["frame"])
        sent.append((frame["type"], frame["data"]))

    monkeypatch.setattr(runtime, "send", record)
    return sent


@pytest.fixture
def meeting():
    return meeting_with_programme(("talk", "group_session", "break"))


@pytest.fixture
def staff(meeting):
    user = UserFactory()
    meeting.facilitators.add(user)
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def admin_client_():
    client = Client()
    client.force_login(UserFactory(is_superuser=True, is_staff=True))
    return client


def version(meeting) -> int:
    return Meeting.objects.get(pk=meeting.pk).state_version


def one_state(published, meeting) -> dict:
    """The one programme.state published; it carries the meeting's new version."""
    assert [kind for kind, _data in published] == [PROGRAMME_STATE]
    state = published[0][1]
    assert state["version"] == version(meeting)
    return state


def item_post(title="Velkommen", questions=(), speakers=()):
    data = {"kind": "talk", "title": title, "description": "", "planned_minutes": "15"}
    for prefix, rows in (("speakers", speakers), ("questions", questions)):
        data.update({f"{prefix}-TOTAL_FORMS": str(len(rows)), f"{prefix}-INITIAL_FORMS": "0"})
        for index, row in enumerate(rows):
            data.update({f"{prefix}-{index}-{key}": value for key, value in row.items()})
    return data


# --- The meeting pages --------------------------------------------------------------------


def test_meeting_edit_publishes_the_new_video_link_once(
    meeting, staff, published, django_capture_on_commit_callbacks
):
    before = version(meeting)
    with django_capture_on_commit_callbacks(execute=True):
        response = staff.post(
            reverse("meetings:edit", args=[meeting.pk]),
            {
                "title": "Ny tittel",
                "date": meeting.date.isoformat(),
                "video_url": "https://example.zoom.us/j/222",
                "language": "nb",
            },
        )

    assert response.status_code == 302
    assert version(meeting) == before + 1
    assert one_state(published, meeting)["video_url"] == "https://example.zoom.us/j/222"


def test_item_create_with_speakers_and_questions_publishes_once(
    meeting, staff, published, django_capture_on_commit_callbacks
):
    before = version(meeting)
    data = item_post(
        speakers=[{"name": "Anne Olsen", "role": "", "organisation": ""}],
        questions=[{"text": "Hva er viktigst?"}, {"text": "Hva først?"}],
    )
    with django_capture_on_commit_callbacks(execute=True):
        staff.post(reverse("meetings:item_create", args=[meeting.pk]), data)

    assert version(meeting) == before + 1
    one_state(published, meeting)
    created = meeting.items.get(title="Velkommen")
    assert list(created.questions.values_list("text", flat=True)) == [
        "Hva er viktigst?",
        "Hva først?",
    ]


def test_item_edit_publishes_once_with_the_new_title(
    meeting, staff, published, django_capture_on_commit_callbacks
):
    first = meeting.items.order_by("position").first()
    before = version(meeting)
    with django_capture_on_commit_callbacks(execute=True):
        staff.post(
            reverse("meetings:item_edit", args=[meeting.pk, first.pk]),
            item_post("Ny velkomst", questions=[{"text": "Spørsmål"}]),
        )

    assert version(meeting) == before + 1
    assert one_state(published, meeting)["next"]["title"] == "Ny velkomst"


@pytest.mark.parametrize("action", ["move", "delete"])
def test_item_move_and_delete_publish_once(
    meeting, staff, published, django_capture_on_commit_callbacks, action
):
    last = meeting.items.order_by("position").last()
    before = version(meeting)
    with django_capture_on_commit_callbacks(execute=True):
        staff.post(
            reverse(f"meetings:item_{action}", args=[meeting.pk, last.pk]), {"direction": "up"}
        )

    assert version(meeting) == before + 1
    one_state(published, meeting)


def test_a_refused_delete_publishes_nothing(meeting, published, django_capture_on_commit_callbacks):
    domain.meeting_start(meeting=meeting)
    running = Meeting.objects.get(pk=meeting.pk).current_item
    before = version(meeting)
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(domain.ProgrammeError):
        domain.item_delete(item=running)

    assert published == []
    assert version(meeting) == before


# --- The Django admin ---------------------------------------------------------------------


def admin_url(obj, action="change") -> str:
    return reverse(f"admin:meetings_{obj._meta.model_name}_{action}", args=[obj.pk])


def test_admin_item_edit_with_its_questions_publishes_once(
    meeting, admin_client_, published, django_capture_on_commit_callbacks
):
    first = meeting.items.order_by("position").first()
    data = admin_form_data(admin_client_, admin_url(first))
    data.update(
        {
            "title": "Endret i admin",
            "questions-TOTAL_FORMS": "1",
            "questions-0-text": "Nytt spørsmål",
            "questions-0-position": "1",
        }
    )
    before = version(meeting)
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client_.post(admin_url(first), data)

    assert response.status_code == 302, response.content.decode()[:3000]
    assert version(meeting) == before + 1
    state = one_state(published, meeting)
    assert state["next"]["title"] == "Endret i admin"
    assert state["next"]["questions"] == ["Nytt spørsmål"]


def test_admin_meeting_edit_reaches_the_pages_though_the_meeting_moved_on_meanwhile(
    meeting, admin_client_, published, django_capture_on_commit_callbacks
):
    data = admin_form_data(admin_client_, admin_url(meeting))
    assert "state_version" not in data  # else the form would set the version it was read at
    domain.meeting_start(meeting=meeting)  # while the form is open
    moved_on = version(meeting)
    published.clear()
    data["video_url"] = "https://example.zoom.us/j/333"
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client_.post(admin_url(meeting), data)

    assert response.status_code == 302, response.content.decode()[:3000]
    assert version(meeting) == moved_on + 1
    assert one_state(published, meeting)["video_url"] == "https://example.zoom.us/j/333"


def test_admin_delete_of_an_item_publishes_once(
    meeting, admin_client_, published, django_capture_on_commit_callbacks
):
    last = meeting.items.order_by("position").last()
    before = version(meeting)
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client_.post(admin_url(last, "delete"), {"post": "yes"})

    assert response.status_code == 302
    assert not ProgrammeItem.objects.filter(pk=last.pk).exists()
    assert version(meeting) == before + 1
    one_state(published, meeting)


def test_admin_bulk_delete_publishes_once_per_meeting(
    meeting, admin_client_, published, django_capture_on_commit_callbacks
):
    items = list(meeting.items.order_by("position")[1:])
    before = version(meeting)
    with django_capture_on_commit_callbacks(execute=True):
        admin_client_.post(
            reverse("admin:meetings_programmeitem_changelist"),
            {"action": "delete_selected", "_selected_action": [i.pk for i in items], "post": "yes"},
        )

    assert meeting.items.count() == 1
    assert version(meeting) == before + 1
    one_state(published, meeting)


def test_admin_refuses_to_delete_the_running_item(meeting, admin_client_):
    domain.meeting_start(meeting=meeting)
    running = Meeting.objects.get(pk=meeting.pk).current_item

    response = admin_client_.post(admin_url(running, "delete"), {"post": "yes"})

    assert response.status_code == 403
    assert ProgrammeItem.objects.filter(pk=running.pk).exists()


def test_admin_meeting_inline_refuses_to_delete_the_running_item(meeting, admin_client_):
    domain.meeting_start(meeting=meeting)
    running = Meeting.objects.get(pk=meeting.pk).current_item
    data = admin_form_data(admin_client_, admin_url(meeting))
    index = next(
        key.split("-")[1]
        for key, value in data.items()
        if key.endswith("-id") and value == str(running.pk)
    )
    data[f"items-{index}-DELETE"] = "on"

    response = admin_client_.post(admin_url(meeting), data, HTTP_ACCEPT_LANGUAGE="en")

    assert response.status_code == 200  # the form again, with the error
    assert "This item is running now" in response.content.decode()
    assert ProgrammeItem.objects.filter(pk=running.pk).exists()


def test_admin_announcement_edit_publishes_once(
    meeting, admin_client_, published, django_capture_on_commit_callbacks
):
    announcement = Announcement.objects.create(
        meeting=meeting, text="Pause om fem", created_by=meeting.facilitators.get()
    )
    data = admin_form_data(admin_client_, admin_url(announcement))
    data["text"] = "Pause om ti"
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client_.post(admin_url(announcement), data)

    assert response.status_code == 302, response.content.decode()[:3000]
    assert one_state(published, meeting)["announcement"]["text"] == "Pause om ti"
