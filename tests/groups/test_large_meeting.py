"""A whole national meeting in one process: 2,500 people in groups, and still more joining.

Every query behind a join and behind the facilitator's pages must keep its size whatever
the size of the meeting: a list of ids that grows with it stops SQLite at about a thousand.
"""

import csv
import io
import json
import re
from types import SimpleNamespace

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from groups.models import Group, GroupPlan, Membership, Role, Round
from helpdesk.models import HelpRequest
from meetings import domain as meetings
from meetings.models import ProgrammeItem
from participants.models import Participant
from register.models import County
from tests.conftest import joined_client
from tests.factories import MeetingFactory, ProgrammeItemFactory, group_session
from wall import report_back
from wall.models import Card, CardImage, ReportSlot

pytestmark = pytest.mark.django_db

PEOPLE = 2_500
GROUP_SIZE = 5
GROUPS = PEOPLE // GROUP_SIZE
HEADS = PEOPLE + 2 * (PEOPLE // 100)  # every hundredth is a local site of three people
EN = {"HTTP_ACCEPT_LANGUAGE": "en"}


@pytest.fixture
def large(facilitator_client):
    """A live meeting whose first group session runs with 2,500 people in 500 groups."""
    client, user = facilitator_client
    meeting = MeetingFactory(facilitators=[user], title="Fremtidens kulturskole")
    session = group_session(meeting, position=1)
    report = ProgrammeItemFactory(
        meeting=meeting, position=2, kind=ProgrammeItem.Kind.REPORT_BACK, title="Tilbakemelding"
    )
    counties = County.objects.bulk_create(
        County(number=number, name=name, official_name=name)
        for number, name in (("40", "Telemark"), ("03", "Oslo"), ("46", "Vestland"))
    )
    participants = Participant.objects.bulk_create(
        Participant(
            meeting=meeting,
            name=f"Deltaker {n}",
            organisation=f"Kommune {n % 60}",
            county=counties[n % len(counties)],
            email=f"deltaker{n}@example.org" if n % 4 else "",
            is_local_site=n % 100 == 0,
            head_count=3 if n % 100 == 0 else 1,
        )
        for n in range(PEOPLE)
    )
    GroupPlan.objects.create(
        item=session,
        strategy=GroupPlan.Strategy.RANDOM,
        target_size=GROUP_SIZE,
        min_size=GROUP_SIZE - 1,
        # Room for one more in each group: the local sites weigh 3, so some groups are full.
        max_size=GROUP_SIZE + 3,
        formed_at=timezone.now(),
    )
    groups = Group.objects.bulk_create(
        Group(item=session, number=number) for number in range(1, GROUPS + 1)
    )
    roles = [Role.MODERATOR, Role.TIMEKEEPER, Role.NOTE_TAKER, "", ""]
    Membership.objects.bulk_create(
        Membership(
            group=groups[n // GROUP_SIZE],
            item=session,
            participant=participant,
            role=roles[n % GROUP_SIZE],
        )
        for n, participant in enumerate(participants)
    )
    now = timezone.now()
    Round.objects.bulk_create(
        Round(
            group=groups[number],
            number=1,
            question_numbers=[1],
            speaking_order=[
                p.pk for p in participants[number * GROUP_SIZE : (number + 1) * GROUP_SIZE]
            ],
            phase_started_at=now,
            phase_seconds=120,
        )
        for number in range(0, GROUPS, 2)
    )
    cards = Card.objects.bulk_create(
        Card(
            item=session,
            group=group,
            heading=f"Kort fra gruppe {group.number}",
            body="Vi vil ha flere lærere.",
            body_html="<p>Vi vil ha flere lærere.</p>",
            version=1,
        )
        for group in groups
    )
    CardImage.objects.create(
        card=cards[0],
        image="cards/tavle.webp",
        thumbnail="cards/tavle-thumb.webp",
        alt="Tavla etter runden",
        width=800,
        height=600,
    )
    HelpRequest.objects.bulk_create(
        HelpRequest(meeting=meeting, participant=participant, question="Jeg hører ingen lyd")
        for participant in participants[:5]
    )
    meetings.meeting_start(meeting=meeting)
    meetings.item_start(meeting=meeting, item=session)
    return SimpleNamespace(
        client=client, meeting=meeting, session=session, report=report, groups=groups
    )


def get(large, name, *args):
    response = large.client.get(reverse(name, args=args), **EN)
    assert response.status_code == 200, response.content.decode()[:2000]
    return response


def test_a_late_joiner_of_a_large_meeting_is_placed_in_a_group(large):
    joined_client(large.meeting, name="Kari Nordmann", organisation="Porsgrunn kommune")

    newcomer = large.meeting.participants.get(name="Kari Nordmann")
    membership = Membership.objects.get(participant=newcomer)
    assert membership.item == large.session
    assert membership.group.memberships.count() == GROUP_SIZE + 1


def test_the_group_pages_of_a_large_meeting_list_everyone(large):
    joined_client(large.meeting, name="Kari Nordmann")

    manage = get(large, "groups:manage", large.meeting.pk, large.session.pk).content.decode()
    overview = get(large, "groups:overview", large.meeting.pk, large.session.pk).content.decode()

    for page in (manage, overview):
        assert f"{GROUPS} groups" in page
        assert f"<h3>Group {GROUPS}</h3>" in page
        assert ">Deltaker 2499</span>" in page
        assert ">Kari Nordmann</span>" in page
        assert page.count('class="member-list"') == GROUPS
        assert page.count('type="number" class="input--short"') == PEOPLE + 1
    # Moving takes a group number: no list of every group beside every person.
    assert "<option" not in overview


def test_the_rosters_of_a_large_meeting_have_everyone(large):
    joined_client(large.meeting, name="Kari Nordmann", email="kari@example.org")
    args = (large.meeting.pk, large.session.pk)

    zoom = get(large, "groups:export", *args, "zoom").content.decode()
    listing = get(large, "groups:export", *args, "csv").content.decode("utf-8-sig")
    workbook = load_workbook(io.BytesIO(get(large, "groups:export", *args, "xlsx").content))

    with_email = sum(1 for n in range(PEOPLE) if n % 4) + 1
    assert len(zoom.splitlines()) == 1 + with_email
    assert "kari@example.org" in zoom
    rows = list(csv.reader(io.StringIO(listing)))
    assert len(rows) == 1 + PEOPLE + 1
    assert workbook.active.max_row == 1 + PEOPLE + 1


def test_the_control_room_and_presence_of_a_large_meeting_count_everyone(large):
    joined_client(large.meeting, name="Kari Nordmann")

    run = get(large, "meetings:run", large.meeting.pk).content.decode()
    presence = get(large, "participants:presence", large.meeting.pk).content.decode()
    help_panel = get(large, "helpdesk:panel", large.meeting.pk).content.decode()

    people = HEADS + 1
    for page in (run, presence):
        assert f'<dd data-presence="people">{people}</dd>' in page
        assert "Telemark" in page
        assert "Kommune 59" in page
    assert help_panel.count("Jeg hører ingen lyd") == 5


def test_the_wall_and_report_back_of_a_large_meeting_show_every_group(large):
    meeting, session = large.meeting, large.session
    joined_client(meeting, name="Kari Nordmann")
    meetings.item_start(meeting=meeting, item=large.report)
    ReportSlot.objects.bulk_create(
        ReportSlot(item=large.report, group=group, position=n)
        for n, group in enumerate(large.groups[:3], start=1)
    )
    report_back.report_next(item=large.report)

    wall = get(large, "wall:page", meeting.code, session.pk).content.decode()
    report = get(large, "wall:report", meeting.pk, large.report.pk).content.decode()
    present = get(large, "wall:present", meeting.code, large.report.pk).content.decode()

    assert wall.count("<article") == GROUPS
    assert wall.count('alt="Tavla etter runden"') == 1
    assert f"Kort fra gruppe {GROUPS}" in wall
    assert "Deltaker 2" in wall  # the note-taker of group 1 writes its card
    assert f"Group {GROUPS}" in report
    stage = json.loads(re.search(r'id="report-state"[^>]*>(.*?)</script>', present).group(1))
    assert stage["current"]["group"] == "Group 1"
    assert "Kort fra gruppe 1<" in stage["current"]["html"]


def test_the_facilitator_reforms_and_reuses_the_groups_of_a_large_meeting(large):
    meeting, session = large.meeting, large.session
    second = group_session(meeting, position=3, title="Andre gruppesamtale")
    args = (meeting.pk, session.pk)
    kari = Membership.objects.filter(item=session, group__number=1).first()

    moved = large.client.post(
        reverse("groups:move", args=args), {"membership": kari.pk, "group": 7}
    )
    roles = large.client.post(reverse("groups:roles", args=args), {"rotate": "on"})
    reused = large.client.post(
        reverse("groups:reuse", args=[meeting.pk, second.pk]), {"source": session.pk}
    )
    formed = large.client.post(
        reverse("groups:form", args=args),
        {"strategy": "mixed", "target_size": "6", "late_joiners": "place", "seed": "3"},
    )

    assert [r.status_code for r in (moved, roles, reused, formed)] == [302] * 4
    assert Membership.objects.filter(item=second).count() == PEOPLE
    assert Membership.objects.get(item=second, participant_id=kari.participant_id).group.number == 7
    assert Membership.objects.filter(item=session).count() == PEOPLE
    assert Group.objects.filter(item=session).count() == HEADS // 6
