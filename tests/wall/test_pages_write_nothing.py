"""Looking at a running meeting writes nothing: every page's GET runs no INSERT, UPDATE or
DELETE. Rows a page shows are made by the change that needs them (forming groups makes
their cards; the first lock or share makes the wall's row); until then a missing row
reads as empty.

The sessions are the database backend's (django.contrib.sessions.backends.db), which
writes only when a session changes: a GET that changed nothing saves none, so no query
is excluded here.
"""

import re

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from groups import domain as groups
from meetings import domain as meetings
from meetings.models import ProgrammeItem
from participants.domain import SESSION_KEY
from tests.conftest import joined_client
from tests.factories import MeetingFactory, ProgrammeItemFactory, UserFactory
from wall import domain as wall
from wall import report_back
from wall.models import Card, Wall

pytestmark = pytest.mark.django_db

WRITE = re.compile(r"^\s*(INSERT|UPDATE|DELETE|REPLACE)\b", re.IGNORECASE)


@pytest.fixture
def running(settings, tmp_path):
    """A live meeting in its group session: four people in two groups, one card written,
    one group still without a card row, no wall row, and a report-back to come."""
    settings.MEDIA_ROOT = tmp_path
    facilitator = UserFactory()
    meeting = MeetingFactory(facilitators=[facilitator])
    session = ProgrammeItemFactory(
        meeting=meeting, position=1, kind=ProgrammeItem.Kind.GROUP_SESSION, title="Samtale"
    )
    session.questions.create(position=1, text="Hva er relevant?")
    report = ProgrammeItemFactory(
        meeting=meeting, position=2, kind=ProgrammeItem.Kind.REPORT_BACK, title="Tilbake"
    )
    people = [
        joined_client(meeting, name=f"Person {n}", organisation_is_other="on") for n in range(4)
    ]
    meetings.meeting_start(meeting=meeting)
    first, second = groups.groups_form(item=session, strategy="random", target_size=2, seed=1)
    groups.roles_assign(item=session, rotate=False, seed=1)
    wall.card_save(
        card=wall.card_for(first), base_version=0, heading="H", body="Tekst", question_numbers=[1]
    )
    Card.objects.filter(group=second).delete()  # as a group from before cards came with groups
    report_back.report_pick(item=report, group_numbers=[1], seconds=60)
    member_of = {}
    for client in people:
        token = client.session[SESSION_KEY][str(meeting.pk)]
        member_of[meeting.participants.get(token=token).memberships.get().group_id] = client
    staff = Client()
    staff.force_login(facilitator)
    return meeting, session, report, staff, member_of[first.pk], member_of[second.pk]


def writes_of(client, urls) -> dict[str, list[str]]:
    found = {}
    for url in urls:
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
        assert response.status_code == 200, (url, response.status_code)
        written = [q["sql"] for q in queries.captured_queries if WRITE.match(q["sql"])]
        if written:
            found[url] = written
    return found


def participant_urls(meeting, session, report):
    return [
        reverse("participants:meeting", args=[meeting.code]),
        reverse("groups:page", args=[meeting.code]),
        reverse("groups:panel", args=[meeting.code]),
        reverse("wall:page", args=[meeting.code, session.pk]),
        reverse("wall:card_history", args=[meeting.code]),
        reverse("wall:present", args=[meeting.code, report.pk]),
        reverse("helpdesk:mine", args=[meeting.code]),
    ]


def facilitator_urls(meeting, session, report):
    return [
        reverse("meetings:edit", args=[meeting.pk]),
        reverse("meetings:item_edit", args=[meeting.pk, session.pk]),
        reverse("meetings:run", args=[meeting.pk]),
        reverse("meetings:run_programme", args=[meeting.pk]),
        reverse("meetings:run_controls", args=[meeting.pk]),
        reverse("groups:manage", args=[meeting.pk, session.pk]),
        reverse("groups:overview", args=[meeting.pk, session.pk]),
        reverse("participants:presence", args=[meeting.pk]),
        reverse("helpdesk:panel", args=[meeting.pk]),
        reverse("helpdesk:signal", args=[meeting.pk]),
        reverse("wall:page", args=[meeting.code, session.pk]),
        reverse("wall:report", args=[meeting.pk, report.pk]),
        reverse("wall:present", args=[meeting.code, report.pk]),  # the projector
    ]


def test_no_participant_page_writes(running):
    meeting, session, report, _staff, writer, without_card = running
    for client in (writer, without_card):
        assert writes_of(client, participant_urls(meeting, session, report)) == {}


def test_no_facilitator_or_projector_page_writes(running):
    meeting, session, report, staff, _writer, _without_card = running
    assert writes_of(staff, facilitator_urls(meeting, session, report)) == {}


def test_the_report_back_stage_writes_nothing_while_a_group_presents(running):
    meeting, session, report, staff, writer, _without_card = running
    meetings.item_start(meeting=meeting, item=report)
    report_back.report_next(item=report)
    assert writes_of(staff, facilitator_urls(meeting, session, report)) == {}
    assert writes_of(writer, participant_urls(meeting, session, report)) == {}


def test_a_missing_card_reads_as_empty_and_the_first_save_makes_it(running):
    meeting, _session, _report, _staff, _writer, without_card = running
    page = without_card.get(reverse("groups:page", args=[meeting.code]))
    assert b'data-card-editor=""' in page.content
    assert not Card.objects.filter(group__item__meeting=meeting, version=0).exists()

    saved = without_card.post(
        reverse("wall:card_save", args=[meeting.code]),
        {"base_version": 0, "heading": "Vår", "body": "Første", "questions": ["1"]},
    )

    assert saved.status_code == 200
    assert saved.json()["version"] == 1
    assert Card.objects.filter(group__item__meeting=meeting).count() == 2


def test_a_missing_wall_reads_as_open_and_locking_makes_it(running):
    meeting, session, _report, staff, _writer, _without_card = running
    assert not wall.wall_for(session).locked
    assert not Wall.objects.filter(item=session).exists()

    staff.post(reverse("wall:lock", args=[meeting.pk, session.pk]), {"locked": "on"})

    assert Wall.objects.get(item=session).locked


def test_forming_groups_gives_each_group_its_empty_card(running):
    _meeting, session, _report, _staff, _writer, _without_card = running
    formed = groups.groups_form(item=session, strategy="random", target_size=2, seed=2)
    cards = Card.objects.filter(group__in=formed)
    assert sorted(cards.values_list("group_id", "version")) == sorted((g.pk, 0) for g in formed)
