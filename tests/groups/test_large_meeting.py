"""A whole national meeting in one process: 2,500 people in groups, and still more joining.

Every query behind a join and behind the facilitator's pages must keep its size whatever
the size of the meeting: a list of ids that grows with it stops SQLite at about a thousand.
"""

import csv
import io
import json
import re

from django.test import TestCase
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
from tests.factories import (
    CardFactory,
    CardImageFactory,
    GroupFactory,
    MeetingFactory,
    MembershipFactory,
    ParticipantFactory,
    ProgrammeItemFactory,
    RoundFactory,
    UserFactory,
    group_session,
)
from wall import report_back
from wall.models import Card, CardVersion, ReportSlot

PEOPLE = 2_500
GROUP_SIZE = 5
GROUPS = PEOPLE // GROUP_SIZE
HEADS = PEOPLE + 2 * (PEOPLE // 100)  # every hundredth is a local site of three people
EN = {"HTTP_ACCEPT_LANGUAGE": "en"}


class LargeMeeting(TestCase):
    """A live meeting whose first group session runs with 2,500 people in 500 groups.

    The meeting is built once for the class (setUpTestData); each test runs in a
    transaction that is rolled back after it, so what one test changes no other sees.
    """

    @classmethod
    def setUpTestData(cls):
        cls.user = UserFactory()
        cls.meeting = meeting = MeetingFactory(
            facilitators=[cls.user], title="Fremtidens kulturskole", zoom_preassign=True
        )
        cls.session = session = group_session(meeting, position=1)
        cls.report = ProgrammeItemFactory(
            meeting=meeting, position=2, kind=ProgrammeItem.Kind.REPORT_BACK, title="Tilbakemelding"
        )
        counties = County.objects.bulk_create(
            County(number=number, name=name, official_name=name)
            for number, name in (("40", "Telemark"), ("03", "Oslo"), ("46", "Vestland"))
        )
        participants = Participant.objects.bulk_create(
            ParticipantFactory.build(
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
            GroupFactory.build(item=session, number=number) for number in range(1, GROUPS + 1)
        )
        roles = [Role.MODERATOR, Role.TIMEKEEPER, Role.NOTE_TAKER, "", ""]
        Membership.objects.bulk_create(
            MembershipFactory.build(
                group=groups[n // GROUP_SIZE], participant=participant, role=roles[n % GROUP_SIZE]
            )
            for n, participant in enumerate(participants)
        )
        Round.objects.bulk_create(
            RoundFactory.build(
                group=groups[number],
                speaking_order=[
                    p.pk for p in participants[number * GROUP_SIZE : (number + 1) * GROUP_SIZE]
                ],
            )
            for number in range(0, GROUPS, 2)
        )
        cards = Card.objects.bulk_create(CardFactory.build(group=group) for group in groups)
        # Each card saved once, by its group's note-taker (the third member).
        CardVersion.objects.bulk_create(
            CardVersion(card=card, version=1, author=participants[n * GROUP_SIZE + 2])
            for n, card in enumerate(cards)
        )
        CardImageFactory(card=cards[0])
        HelpRequest.objects.bulk_create(
            HelpRequest(meeting=meeting, participant=participant, question="Jeg hører ingen lyd")
            for participant in participants[:5]
        )
        meetings.meeting_start(meeting=meeting)
        meetings.item_start(meeting=meeting, item=session)

    def setUp(self):
        self.client.force_login(self.user)

    def get(self, name, *args):
        response = self.client.get(reverse(name, args=args), **EN)
        assert response.status_code == 200, response.content.decode()[:2000]
        return response

    def test_a_late_joiner_of_a_large_meeting_is_placed_in_a_group(self):
        joined_client(self.meeting, name="Kari Nordmann", organisation="Porsgrunn kommune")

        newcomer = self.meeting.participants.get(name="Kari Nordmann")
        membership = Membership.objects.get(participant=newcomer)
        assert membership.item == self.session
        assert membership.group.memberships.count() == GROUP_SIZE + 1

    def test_the_group_pages_of_a_large_meeting_list_everyone(self):
        joined_client(self.meeting, name="Kari Nordmann")

        manage = self.get("groups:manage", self.meeting.pk, self.session.pk).content.decode()
        overview = self.get("groups:overview", self.meeting.pk, self.session.pk).content.decode()

        for page in (manage, overview):
            assert f"{GROUPS} groups" in page
            assert f'<h3 class="group-card__name">Group {GROUPS}</h3>' in page
            assert page.count('class="group-item"') == GROUPS
            # Closed, each group shows its members when opened: the page stays light.
            assert page.count('class="member-list"') == 0
            assert len(page) < 150_000 * GROUPS / 200
        # Everyone is found by the search, with their group open; a group's members come
        # by its id.
        args = (self.meeting.pk, self.session.pk)
        url = reverse("groups:manage", args=args)
        for name in ("Deltaker 2499", "Kari Nordmann"):
            found = self.client.get(url, {"q": name.lower()}, **EN).content.decode()
            assert f">{name}</span>" in found
            assert found.count('class="member-list"') == 1
        last = Group.objects.get(item=self.session, number=GROUPS)
        members = self.client.get(
            reverse("groups:overview", args=args), {"groups": str(last.pk)}, **EN
        ).content.decode()
        assert ">Deltaker 2499</span>" in members
        assert members.count('type="number" class="input--short"') == GROUP_SIZE
        # Moving takes a group number: no list of every group beside every person.
        assert "<option" not in overview

    def test_the_rosters_of_a_large_meeting_have_everyone(self):
        joined_client(self.meeting, name="Kari Nordmann", email="kari@example.org")
        args = (self.meeting.pk, self.session.pk)

        zoom = self.get("groups:export", *args, "zoom").content.decode()
        listing = self.get("groups:export", *args, "csv").content.decode("utf-8-sig")
        workbook = load_workbook(io.BytesIO(self.get("groups:export", *args, "xlsx").content))

        with_email = sum(1 for n in range(PEOPLE) if n % 4) + 1
        assert len(zoom.splitlines()) == 1 + with_email
        assert "kari@example.org" in zoom
        rows = list(csv.reader(io.StringIO(listing)))
        assert len(rows) == 1 + PEOPLE + 1
        assert workbook.active.max_row == 1 + PEOPLE + 1

    def test_the_control_room_and_presence_of_a_large_meeting_count_everyone(self):
        joined_client(self.meeting, name="Kari Nordmann")

        run = self.get("meetings:run", self.meeting.pk).content.decode()
        presence = self.get("participants:presence", self.meeting.pk).content.decode()
        help_panel = self.get("helpdesk:panel", self.meeting.pk).content.decode()

        people = HEADS + 1
        for page in (run, presence):
            assert f'<dd data-presence="people">{people}</dd>' in page
            assert "Telemark" in page
            assert "Kommune 59" in page
        assert help_panel.count("Jeg hører ingen lyd") == 5

    def test_the_wall_and_report_back_of_a_large_meeting_show_every_group(self):
        meeting, session = self.meeting, self.session
        joined_client(meeting, name="Kari Nordmann")
        meetings.item_start(meeting=meeting, item=self.report)
        ReportSlot.objects.bulk_create(
            ReportSlot(item=self.report, group=group, position=n)
            for n, group in enumerate(session.groups.all()[:3], start=1)
        )
        report_back.report_next(item=self.report)

        wall = self.get("wall:page", meeting.code, session.pk).content.decode()
        report = self.get("wall:report", meeting.pk, self.report.pk).content.decode()
        present = self.get("wall:present", meeting.code, self.report.pk).content.decode()

        assert wall.count("<article") == GROUPS
        assert wall.count('alt="Tavla etter runden"') == 1
        assert f"Kort fra gruppe {GROUPS}" in wall
        assert "Skrevet av Deltaker 2<" in wall  # the note-taker of group 1 wrote its card
        assert f"Group {GROUPS}" in report
        stage = json.loads(re.search(r'id="report-state"[^>]*>(.*?)</script>', present).group(1))
        # The projector is a page of the meeting: in its language (bokmål) even for a browser
        # that asks for English, as its live updates are.
        assert stage["current"]["group"] == "Gruppe 1"
        assert "Kort fra gruppe 1<" in stage["current"]["html"]

    def test_the_facilitator_reforms_and_reuses_the_groups_of_a_large_meeting(self):
        meeting, session = self.meeting, self.session
        second = group_session(meeting, position=3, title="Andre gruppesamtale")
        args = (meeting.pk, session.pk)
        kari = Membership.objects.filter(item=session, group__number=1).first()

        moved = self.client.post(
            reverse("groups:move", args=args), {"membership": kari.pk, "group": 7}
        )
        roles = self.client.post(reverse("groups:roles", args=args), {"rotate": "on"})
        reused = self.client.post(
            reverse("groups:reuse", args=[meeting.pk, second.pk]), {"source": session.pk}
        )
        formed = self.client.post(
            reverse("groups:form", args=args),
            {"strategy": "mixed", "target_size": "6", "late_joiners": "place", "seed": "3"},
        )

        assert [r.status_code for r in (moved, roles, reused, formed)] == [302] * 4
        assert Membership.objects.filter(item=second).count() == PEOPLE
        assert (
            Membership.objects.get(item=second, participant_id=kari.participant_id).group.number
            == 7
        )
        assert Membership.objects.filter(item=session).count() == PEOPLE
        assert Group.objects.filter(item=session).count() == HEADS // 6
