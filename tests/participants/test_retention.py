"""Personal data: removed once each meeting's retention is over, given to and erased for one
person on request, and told about on the join page and the privacy notice
(participants/privacy.py)."""

import json
from datetime import timedelta

import pytest
from axes.models import AccessAttempt
from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from groups.models import Membership, Role
from helpdesk.models import HelpRequest
from imports.models import VideoCallAttendee, VideoCallReport
from meetings.models import Meeting
from participants.models import Participant
from participants.privacy import participant_erase, personal_data_of, personal_data_purge
from tests.conftest import joined_client
from tests.factories import (
    CardFactory,
    CardImageFactory,
    GroupFactory,
    HelpRequestFactory,
    MeetingFactory,
    ParticipantFactory,
)
from wall.models import CardVersion

pytestmark = pytest.mark.django_db


def ended(days_ago, **fields):
    return MeetingFactory(
        status=Meeting.Status.ENDED, ended_at=timezone.now() - timedelta(days=days_ago), **fields
    )


def written_by(participant, body="Mer musikk i skolen"):
    """A card of a group `participant` is in, with a version they saved and a picture."""
    group = GroupFactory(item__meeting=participant.meeting)
    Membership.objects.create(
        group=group, item=group.item, participant=participant, role=Role.NOTE_TAKER
    )
    card = CardFactory(group=group, body=body)
    CardVersion.objects.create(card=card, version=2, body=body, author=participant)
    CardImageFactory(card=card, uploaded_by=participant, alt="Tavla")
    return card


def test_purge_anonymises_meetings_whose_retention_is_over_only():
    old, recent = ended(100), ended(10)
    gone = ParticipantFactory(meeting=old, name="Kari Nordmann", email="kari@ks.no")
    kept = ParticipantFactory(meeting=recent, name="Ola Nordmann", email="ola@ks.no")
    HelpRequestFactory(participant=gone)
    HelpRequestFactory(participant=kept)
    token = gone.token

    purged = personal_data_purge()

    assert (purged.meetings, purged.participants) == (1, 1)
    gone.refresh_from_db()
    kept.refresh_from_db()
    assert (gone.name, gone.email, gone.organisation) == (
        f"Deltaker {gone.pk}",
        "",
        "Porsgrunn kommune",
    )
    assert gone.token != token
    assert (kept.name, kept.email) == ("Ola Nordmann", "ola@ks.no")
    assert list(HelpRequest.objects.values_list("participant__name", flat=True)) == ["Ola Nordmann"]


def test_each_meeting_keeps_personal_data_its_own_number_of_days():
    short = ended(31, retention_days=30)
    long = ended(31, retention_days=365)
    ParticipantFactory(meeting=short, name="Siri Seinere")
    ParticipantFactory(meeting=long, name="Lars Lenger")

    assert personal_data_purge().participants == 1
    assert short.participants.get().name.startswith("Deltaker ")
    assert long.participants.get().name == "Lars Lenger"
    # `--days` treats every meeting alike.
    assert personal_data_purge(older_than_days=30).participants == 1
    assert long.participants.get().name.startswith("Deltaker ")


def test_a_new_meeting_keeps_data_as_long_as_the_setting_says(settings):
    settings.PERSONAL_DATA_RETENTION_DAYS = 45
    assert MeetingFactory().retention_days == 45


def test_the_cards_stay_with_their_group_but_no_longer_name_who_wrote_them():
    meeting = ended(100)
    writer = ParticipantFactory(meeting=meeting, name="Kari Nordmann")
    card = written_by(writer)

    personal_data_purge()

    card.refresh_from_db()
    assert card.body == "Mer musikk i skolen"
    assert card.versions.get(version=2).author is None
    assert card.images.get().uploaded_by is None


def test_video_call_names_and_old_login_attempts_go_too():
    meeting = ended(100)
    report = VideoCallReport.objects.create(meeting=meeting, file_name="zoom.csv")
    attendee = VideoCallAttendee.objects.create(
        report=report, display_name="Porsgrunn kommune, Kari Nordmann", organisation="Porsgrunn"
    )
    recent_call = VideoCallReport.objects.create(meeting=ended(5), file_name="zoom.csv")
    VideoCallAttendee.objects.create(report=recent_call, display_name="Skien kommune, Ola Dahl")
    old_attempt = AccessAttempt.objects.create(
        username="kari@ks.no", ip_address="10.0.0.1", failures_since_start=3
    )
    AccessAttempt.objects.filter(pk=old_attempt.pk).update(
        attempt_time=timezone.now() - timedelta(days=91)
    )
    AccessAttempt.objects.create(
        username="ola@ks.no", ip_address="10.0.0.2", failures_since_start=1
    )

    purged = personal_data_purge()

    attendee.refresh_from_db()
    assert attendee.display_name == f"Deltaker {attendee.pk}"
    assert attendee.organisation == "Porsgrunn"  # the count by organisation still adds up
    assert VideoCallAttendee.objects.filter(display_name="Skien kommune, Ola Dahl").exists()
    assert purged.login_attempts == 1
    assert list(AccessAttempt.objects.values_list("username", flat=True)) == ["ola@ks.no"]


def test_purge_leaves_live_meetings_alone_and_runs_twice_safely():
    live = MeetingFactory(status=Meeting.Status.LIVE)
    ParticipantFactory(meeting=live, name="Lise Live")
    old = ended(365)
    ParticipantFactory(meeting=old, name="Per Gammel")
    assert personal_data_purge().participants == 1
    assert personal_data_purge().participants == 0
    assert live.participants.get().name == "Lise Live"


def test_purge_command_reports_what_it_did(capsys):
    ParticipantFactory(meeting=ended(91), name="Siri Seinere")
    call_command("purge_personal_data")
    assert "1 participants made anonymous in 1 meetings" in capsys.readouterr().out


# --- One person's data, on request ----------------------------------------------------------


def test_an_access_request_holds_all_samtale_keeps_of_that_person_and_nobody_else():
    meeting = MeetingFactory(controller_name="Porsgrunn kommune", controller_contact="pv@p.no")
    kari = ParticipantFactory(meeting=meeting, name="Kari Nordmann", email="kari@ks.no")
    ola = ParticipantFactory(meeting=meeting, name="Ola Nordmann")
    written_by(kari, "Kulturskole for alle")
    written_by(ola, "Olas kort")
    HelpRequestFactory(participant=kari, question="Jeg hører ingen lyd", answer="Prøv igjen")
    HelpRequestFactory(participant=ola, question="Olas spørsmål")

    data = personal_data_of(kari)

    assert data["participant"]["name"] == "Kari Nordmann"
    assert data["participant"]["email"] == "kari@ks.no"
    assert data["controller"] == {"name": "Porsgrunn kommune", "contact": "pv@p.no"}
    assert [v["text"] for v in data["card_versions"]] == ["Kulturskole for alle"]
    assert [p["description"] for p in data["pictures"]] == ["Tavla"]
    assert [g["role"] for g in data["groups"]] == [Role.NOTE_TAKER]
    assert data["help_requests"][0] | {"asked_at": None} == {
        "question": "Jeg hører ingen lyd",
        "answer": "Prøv igjen",
        "asked_at": None,
        "answered_at": None,
    }
    assert "Ola" not in json.dumps(data, ensure_ascii=False)


def test_erasure_removes_one_person_at_once_and_keeps_the_rest():
    meeting = MeetingFactory(status=Meeting.Status.LIVE)
    kari = ParticipantFactory(meeting=meeting, name="Kari Nordmann", email="kari@ks.no")
    ola = ParticipantFactory(meeting=meeting, name="Ola Nordmann", email="ola@ks.no")
    card = written_by(kari)
    HelpRequestFactory(participant=kari)
    HelpRequestFactory(participant=ola)

    participant_erase(participant=kari)

    kari.refresh_from_db()
    assert (kari.name, kari.email, kari.organisation) == (
        f"Deltaker {kari.pk}",
        "",
        "Porsgrunn kommune",
    )
    assert card.versions.get(version=2).author is None
    assert not HelpRequest.objects.filter(participant=kari).exists()
    assert Participant.objects.get(pk=ola.pk).email == "ola@ks.no"
    assert HelpRequest.objects.filter(participant=ola).exists()
    card.refresh_from_db()
    assert card.body == "Mer musikk i skolen"


def test_the_facilitator_downloads_and_erases_from_the_participant_list(facilitator_client):
    client, user = facilitator_client
    meeting = MeetingFactory()
    meeting.facilitators.add(user)
    joined_client(meeting, name="Kari Nordmann", organisation="Porsgrunn kommune")
    kari = meeting.participants.get()
    people = f"/m/manage/{meeting.pk}/people/"

    page = client.get(people, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Kari Nordmann" in page
    assert client.get(people, {"q": "Skien"}).content.decode().count("Kari Nordmann") == 0

    download = client.get(f"{people}{kari.pk}/data/")
    assert download["Content-Type"] == "application/json; charset=utf-8"
    assert "attachment" in download["Content-Disposition"]
    assert json.loads(download.content)["participant"]["name"] == "Kari Nordmann"

    confirm = client.get(f"{people}{kari.pk}/erase/", HTTP_ACCEPT_LANGUAGE="en")
    assert "This cannot be undone." in confirm.content.decode()
    assert meeting.participants.get().name == "Kari Nordmann"  # asking is not doing
    done = client.post(f"{people}{kari.pk}/erase/", follow=True, HTTP_ACCEPT_LANGUAGE="en")
    assert "The personal data of Kari Nordmann is erased." in done.content.decode()
    assert meeting.participants.get().name == f"Deltaker {kari.pk}"


def test_an_erased_person_is_no_longer_recognised_on_their_device(facilitator_client):
    client, user = facilitator_client
    meeting = MeetingFactory(status=Meeting.Status.LIVE)
    meeting.facilitators.add(user)
    kari_browser = joined_client(meeting, name="Kari Nordmann", organisation="Porsgrunn kommune")
    kari = meeting.participants.get()
    assert "Kari Nordmann" in kari_browser.get(f"/m/{meeting.code}/").content.decode()

    client.post(f"/m/manage/{meeting.pk}/people/{kari.pk}/erase/")

    page = kari_browser.get(f"/m/{meeting.code}/").content.decode()
    assert "Kari Nordmann" not in page
    assert f'action="/m/{meeting.code}/join/"' in page  # asked to join again


# --- Telling people -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("language", "says"),
    [
        ("nb", "Porsgrunn kommune holder dette møtet og har ansvaret for personopplysningene dine"),
        ("nn", "Porsgrunn kommune held dette møtet og har ansvaret for personopplysningane dine"),
        ("en", "Porsgrunn kommune runs this meeting and is responsible for your personal data."),
    ],
)
def test_the_join_page_says_who_is_responsible_what_is_kept_and_how_long(language, says):
    meeting = MeetingFactory(
        controller_name="Porsgrunn kommune", controller_contact="personvern@porsgrunn.no"
    )
    meeting.retention_days = 30
    meeting.save()
    client = Client()
    client.cookies["django_language"] = language

    page = client.get(f"/m/{meeting.code}/").content.decode()

    assert says in page
    assert "personvern@porsgrunn.no" in page
    assert "30" in page[page.index('id="privacy-heading"') :]
    assert 'href="/personvern/"' in page


def test_the_join_page_says_when_the_meeting_is_being_recorded():
    meeting = MeetingFactory(recording=True)
    client = Client()
    client.cookies["django_language"] = "en"
    assert (
        "The meeting is being recorded now." in client.get(f"/m/{meeting.code}/").content.decode()
    )


@pytest.mark.parametrize(
    ("language", "heading"),
    [("nb", "Personvernerklæring"), ("nn", "Personvernerklæring"), ("en", "Privacy notice")],
)
def test_the_privacy_notice_is_filled_in_from_the_settings(settings, language, heading):
    settings.OPERATOR_NAME = "Eksempel kommune"
    settings.PRIVACY_OFFICER_EMAIL = "ombud@eksempel.no"
    settings.PRIVACY_LEGAL_BASIS = "Personvernforordningen artikkel 6 nr. 1 bokstav e."
    client = Client()
    client.cookies["django_language"] = language

    page = client.get("/personvern/").content.decode()

    assert heading in page
    assert "Eksempel kommune" in page
    assert "ombud@eksempel.no" in page
    assert "artikkel 6 nr. 1 bokstav e" in page
