"""Programme edits reach the open pages, over a real WebSocket to a real server: from the
meeting pages and from the Django admin."""

import pytest
from django.test import Client
from django.urls import reverse

from meetings import domain
from tests.conftest import joined_client
from tests.factories import UserFactory, meeting_with_programme
from tests.meetings.admin_forms import admin_form_data


@pytest.fixture
def meeting(asgi_server):
    meeting = meeting_with_programme(("talk", "group_session", "break"))
    domain.meeting_start(meeting=meeting)
    return meeting


@pytest.fixture
def opened(meeting, live_socket):
    """A participant's open page, past the snapshot it got on connecting."""
    socket = live_socket(meeting, joined_client(meeting))
    snapshot = socket.receive_event("programme.state")
    return socket, snapshot


def test_a_new_video_link_reaches_an_open_page(meeting, opened, facilitator_client):
    socket, snapshot = opened
    client, user = facilitator_client
    meeting.facilitators.add(user)

    client.post(
        reverse("meetings:edit", args=[meeting.pk]),
        {
            "title": meeting.title,
            "date": meeting.date.isoformat(),
            "video_url": "https://example.zoom.us/j/444",
            "language": "nb",
        },
    )

    state = socket.receive_event("programme.state")
    assert state["video_url"] == "https://example.zoom.us/j/444"
    assert state["version"] == snapshot["version"] + 1


def test_an_admin_edit_of_the_running_item_reaches_an_open_page(meeting, opened):
    socket, snapshot = opened
    admin = Client()
    admin.force_login(UserFactory(is_superuser=True, is_staff=True))
    running = meeting.items.order_by("position").first()
    url = reverse("admin:meetings_programmeitem_change", args=[running.pk])
    data = admin_form_data(admin, url)
    data["title"] = "Velkommen, endret i admin"

    assert admin.post(url, data).status_code == 302

    state = socket.receive_event("programme.state")
    assert state["current"]["title"] == "Velkommen, endret i admin"
    assert state["version"] == snapshot["version"] + 1
    socket.assert_silent("programme.state")  # one edit, one frame


@pytest.mark.browser
def test_an_open_participant_page_shows_the_new_video_link(asgi_server, new_page, meeting):
    from playwright.sync_api import expect

    page = new_page()
    page.goto(f"/m/{meeting.code}/")
    page.fill("#id_organisation", "Skien kommune")
    page.check("#id_organisation_is_other")
    page.fill("#id_name", "Kari Nordmann")
    page.click("form[action$='/join/'] button[type=submit]")
    expect(page.locator("[data-live-status]")).to_have_attribute("data-state", "online")
    link = page.locator("[data-show='video-link'] a")
    expect(link).to_be_hidden()  # the meeting has no video call link yet

    domain.meeting_update(meeting=meeting, video_url="https://example.zoom.us/j/555")

    expect(link).to_be_visible()
    expect(link).to_have_attribute("href", "https://example.zoom.us/j/555")
