"""What joining costs in queries: a fixed number, whatever the size of the meeting.

2,000 people join a national meeting within a minute, each with three requests: the join
page, the join form, and the meeting page. None of them may cost more as the meeting grows.
"""

import re

import pytest
from django.test import Client

from meetings import domain as meetings_domain
from meetings.models import ProgrammeItem
from participants.models import Participant
from tests.factories import MeetingFactory, ProgrammeItemFactory

pytestmark = pytest.mark.django_db

JOIN_PAGE_QUERIES = 1  # the meeting
# The meeting; the participant saved and the groups' late-joiner check, within a savepoint
# (2 more); the new session's key checked, and it saved within a savepoint. The presence
# panel is told by a ping and counts once per burst of joins, not once per join.
JOIN_QUERIES = 1 + (2 + 2) + (1 + 1 + 2)
MEETING_PAGE_QUERIES = 4  # the meeting with its running item, the session, the participant, help
# The first view of each programme state reads the programme once for everyone:
# the meeting, its items, their speakers, their questions, the latest announcement.
PROGRAMME_QUERIES = 5

SIZES = {"small": (1, 1), "large": (15, 300)}  # programme items, participants


def live_meeting(items: int, participants: int):
    """A live meeting like the benchmark's: a group session running, `items` in all."""
    meeting = MeetingFactory()
    for position in range(1, items + 1):
        item = ProgrammeItemFactory(
            meeting=meeting,
            position=position,
            kind=ProgrammeItem.Kind.GROUP_SESSION if position == 1 else ProgrammeItem.Kind.TALK,
        )
        for number in range(3):
            item.speakers.create(position=number, name=f"Innleder {number}")
            item.questions.create(position=number, text=f"Spørsmål {number}?")
    Participant.objects.bulk_create(
        Participant(meeting=meeting, name=f"Deltaker {n}", organisation="Skien kommune")
        for n in range(participants)
    )
    meeting = meetings_domain.meeting_start(meeting=meeting)
    return meeting


def join_form(client, meeting, name="Morten Hagevik"):
    page = client.get(f"/m/{meeting.code}/").content.decode()
    join_key = re.search(r'name="join_key" value="([\w-]+)"', page).group(1)
    return {
        "name": name,
        "organisation": "Porsgrunn kommune",
        "organisation_is_other": "on",
        "join_key": join_key,
    }


@pytest.mark.parametrize("size", SIZES)
def test_join_page_costs_one_query(size, django_assert_num_queries):
    meeting = live_meeting(*SIZES[size])

    with django_assert_num_queries(JOIN_PAGE_QUERIES):
        response = Client().get(f"/m/{meeting.code}/")

    assert response.status_code == 200
    assert 'name="join_key"' in response.content.decode()


@pytest.mark.parametrize("size", SIZES)
def test_joining_costs_a_fixed_number_of_queries(size, django_assert_num_queries):
    meeting = live_meeting(*SIZES[size])
    client = Client()
    data = join_form(client, meeting)

    with django_assert_num_queries(JOIN_QUERIES):
        response = client.post(f"/m/{meeting.code}/join/", data)

    assert response.status_code == 302
    assert meeting.participants.filter(name="Morten Hagevik").exists()


@pytest.mark.parametrize("size", SIZES)
def test_meeting_page_costs_a_fixed_number_of_queries(size, django_assert_num_queries):
    meeting = live_meeting(*SIZES[size])
    first, second = Client(), Client()
    first.post(f"/m/{meeting.code}/join/", join_form(first, meeting, "Kari Nordmann"))
    second.post(f"/m/{meeting.code}/join/", join_form(second, meeting, "Ola Nordmann"))

    with django_assert_num_queries(MEETING_PAGE_QUERIES + PROGRAMME_QUERIES):
        response = first.get(f"/m/{meeting.code}/")
    assert response.status_code == 200
    # Everyone after the first at the same state shares the programme it read.
    with django_assert_num_queries(MEETING_PAGE_QUERIES):
        response = second.get(f"/m/{meeting.code}/")

    assert response.status_code == 200
    assert "Ola Nordmann" in response.content.decode()


def test_meeting_page_reads_the_programme_again_when_it_changes(django_assert_num_queries):
    meeting = live_meeting(2, 3)
    client = Client()
    client.post(f"/m/{meeting.code}/join/", join_form(client, meeting))
    client.get(f"/m/{meeting.code}/")

    meetings_domain.announcement_post(meeting=meeting, text="Pause til 11.10", author=None)
    session = meetings_domain.item_create(
        meeting=meeting, kind=ProgrammeItem.Kind.GROUP_SESSION, title="Andre gruppesamtale"
    )
    with django_assert_num_queries(MEETING_PAGE_QUERIES + PROGRAMME_QUERIES):
        response = client.get(f"/m/{meeting.code}/")

    content = response.content.decode()
    assert "Pause til 11.10" in content
    assert f'/{meeting.code}/{session.pk}/">Andre gruppesamtale</a>' in content


def test_the_shared_programme_holds_nothing_personal():
    meeting = live_meeting(2, 3)
    kari, ola = Client(), Client()
    kari.post(f"/m/{meeting.code}/join/", join_form(kari, meeting, "Kari Nordmann"))
    ola.post(f"/m/{meeting.code}/join/", join_form(ola, meeting, "Ola Nordmann"))
    kari.post(f"/help/{meeting.code}/ask/", {"question": "Jeg hører ingen lyd"})

    kari_page = kari.get(f"/m/{meeting.code}/").content.decode()
    ola_page = ola.get(f"/m/{meeting.code}/").content.decode()

    assert "Kari Nordmann" in kari_page and "Kari Nordmann" not in ola_page
    assert "Ola Nordmann" in ola_page and "Ola Nordmann" not in kari_page
    assert "Jeg hører ingen lyd" not in ola_page
