"""Who is here: head counts, local sites, and the breakdown by county and organisation."""

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation

from participants.domain import presence_by, presence_counts
from register.models import County
from tests.factories import MeetingFactory, ParticipantFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def counties():
    telemark = County.objects.create(number="40", name="Telemark", official_name="Telemark")
    vestland = County.objects.create(number="46", name="Vestland", official_name="Vestland")
    return telemark, vestland


@pytest.fixture
def meeting():
    return MeetingFactory()


def labels_and_people(groups):
    return [(group.label, group.people) for group in groups]


def test_presence_counts_of_an_empty_meeting(meeting):
    assert presence_counts(meeting) == {"people": 0, "joined": 0, "local_sites": 0, "unmatched": 0}


def test_presence_counts_count_the_heads_of_a_local_site(meeting):
    ParticipantFactory(meeting=meeting)
    ParticipantFactory(meeting=meeting)
    ParticipantFactory(meeting=meeting, is_local_site=True, head_count=6)

    assert presence_counts(meeting) == {"people": 8, "joined": 3, "local_sites": 1, "unmatched": 3}


def test_presence_counts_leave_out_people_who_left(meeting):
    ParticipantFactory(meeting=meeting)
    ParticipantFactory(meeting=meeting, left_at=timezone.now())
    ParticipantFactory(meeting=meeting, is_local_site=True, head_count=12, left_at=timezone.now())

    assert presence_counts(meeting) == {"people": 1, "joined": 1, "local_sites": 0, "unmatched": 1}


def test_presence_counts_leave_out_other_meetings(meeting):
    ParticipantFactory(meeting=meeting)
    ParticipantFactory(meeting=MeetingFactory(), is_local_site=True, head_count=30)

    assert presence_counts(meeting) == {"people": 1, "joined": 1, "local_sites": 0, "unmatched": 1}


def test_presence_by_county_counts_heads_largest_first(meeting, counties):
    telemark, vestland = counties
    ParticipantFactory(meeting=meeting, organisation="Porsgrunn kommune", county=telemark)
    ParticipantFactory(meeting=meeting, organisation="Skien kommune", county=telemark)
    ParticipantFactory(
        meeting=meeting,
        organisation="Bergen kommune",
        county=vestland,
        is_local_site=True,
        head_count=6,
    )
    ParticipantFactory(meeting=meeting, organisation="Norsk kulturskoleråd")

    with translation.override("en"):
        groups = presence_by(meeting, field="county")

    assert labels_and_people(groups) == [
        ("Vestland", 6),
        ("Telemark", 2),
        ("Other organisations", 1),
    ]
    assert [p.organisation for p in groups[1].participants] == [
        "Porsgrunn kommune",
        "Skien kommune",
    ]


def test_presence_by_county_leaves_out_people_who_left(meeting, counties):
    telemark, vestland = counties
    ParticipantFactory(meeting=meeting, county=telemark)
    ParticipantFactory(
        meeting=meeting, county=vestland, is_local_site=True, head_count=20, left_at=timezone.now()
    )

    assert labels_and_people(presence_by(meeting, field="county")) == [("Telemark", 1)]


def test_presence_by_organisation_counts_heads_largest_first(meeting):
    ParticipantFactory(meeting=meeting, organisation="Skien kommune")
    ParticipantFactory(meeting=meeting, organisation="Porsgrunn kommune")
    ParticipantFactory(meeting=meeting, organisation="Porsgrunn kommune")
    ParticipantFactory(
        meeting=meeting, organisation="Bamble kommune", is_local_site=True, head_count=5
    )
    ParticipantFactory(meeting=meeting, organisation="Bamble kommune", left_at=timezone.now())

    groups = presence_by(meeting, field="organisation")

    assert labels_and_people(groups) == [
        ("Bamble kommune", 5),
        ("Porsgrunn kommune", 2),
        ("Skien kommune", 1),
    ]
    assert len(groups[0].participants) == 1


def test_presence_by_organisation_breaks_ties_alphabetically(meeting):
    ParticipantFactory(meeting=meeting, organisation="Skien kommune")
    ParticipantFactory(meeting=meeting, organisation="Bø kommune")
    ParticipantFactory(meeting=meeting, organisation="Arendal kommune")

    groups = presence_by(meeting, field="organisation")

    assert [group.label for group in groups] == ["Arendal kommune", "Bø kommune", "Skien kommune"]


def test_presence_by_of_an_empty_meeting_is_empty(meeting):
    assert presence_by(meeting, field="county") == []
    assert presence_by(meeting, field="organisation") == []


def test_presence_panel_shows_the_counts_to_the_facilitator(facilitator_client):
    client, user = facilitator_client
    meeting = MeetingFactory(facilitators=[user])
    ParticipantFactory(meeting=meeting, is_local_site=True, head_count=7)
    ParticipantFactory(meeting=meeting)

    response = client.get(reverse("participants:presence", args=[meeting.pk]))

    assert response.status_code == 200
    assert response.context["presence"] == {
        "people": 8,
        "joined": 2,
        "local_sites": 1,
        "unmatched": 2,
    }
    assert '<dd data-presence="people">8</dd>' in response.content.decode()


def test_presence_panel_is_forbidden_to_another_facilitator(facilitator_client):
    client, _user = facilitator_client
    meeting = MeetingFactory()

    response = client.get(reverse("participants:presence", args=[meeting.pk]))

    assert response.status_code == 403


def test_presence_panel_redirects_anonymous_to_login():
    meeting = MeetingFactory()
    url = reverse("participants:presence", args=[meeting.pk])

    response = Client().get(url)

    assert response.status_code == 302
    assert response["Location"] == f"{reverse('accounts:login')}?next={url}"
