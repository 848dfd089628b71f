"""Personal data is removed once the retention period after a meeting is over."""

from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone

from helpdesk.models import HelpRequest
from meetings.models import Meeting
from participants.domain import personal_data_purge
from tests.factories import HelpRequestFactory, MeetingFactory, ParticipantFactory

pytestmark = pytest.mark.django_db


def ended(days_ago):
    return MeetingFactory(
        status=Meeting.Status.ENDED, ended_at=timezone.now() - timedelta(days=days_ago)
    )


def test_purge_anonymises_old_meetings_only():
    old, recent = ended(100), ended(10)
    gone = ParticipantFactory(meeting=old, name="Kari Nordmann", email="kari@ks.no")
    kept = ParticipantFactory(meeting=recent, name="Ola Nordmann", email="ola@ks.no")
    HelpRequestFactory(participant=gone)
    HelpRequestFactory(participant=kept)
    token = gone.token

    assert personal_data_purge(older_than_days=90) == 1

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


def test_purge_leaves_live_meetings_alone_and_runs_twice_safely():
    live = MeetingFactory(status=Meeting.Status.LIVE)
    ParticipantFactory(meeting=live, name="Lise Live")
    old = ended(365)
    ParticipantFactory(meeting=old, name="Per Gammel")
    assert personal_data_purge(older_than_days=90) == 1
    assert personal_data_purge(older_than_days=90) == 0
    assert live.participants.get().name == "Lise Live"


def test_purge_command_uses_the_retention_setting(settings, capsys):
    settings.PERSONAL_DATA_RETENTION_DAYS = 30
    ParticipantFactory(meeting=ended(31), name="Siri Seinere")
    call_command("purge_personal_data")
    assert "1 participants made anonymous" in capsys.readouterr().out
