"""Who may listen and what a socket gets first, from the parts the apps register with live/.

live/snapshot.py knows no app; meetings, participants and wall register the meeting
lookup, the audiences and the snapshot's frames. These tests call it as the socket does.
"""

import json
from datetime import timedelta

import pytest
from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.utils import timezone
from django.utils.module_loading import import_string

from live import snapshot
from live.events import EVERYONE, FACILITATORS, PROGRAMME_STATE, REPORTBACK_STATE
from live.publish import participant_audience
from live.snapshot import Grant, LiveAccess, live_access, snapshot_frames
from meetings import domain as meetings
from meetings.models import Meeting, ProgrammeItem
from participants.models import Participant
from tests.conftest import joined_client
from tests.factories import ProgrammeItemFactory, UserFactory, meeting_with_programme
from wall import report_back

pytestmark = pytest.mark.django_db

# The meeting's version row; the programme, read once per state: the meeting, its items,
# their speakers, their questions, the latest announcement.
SNAPSHOT_QUERIES = 1
PROGRAMME_QUERIES = 5


def events(frames: list[str]) -> list[tuple[str, dict]]:
    return [(frame["type"], frame["data"]) for frame in map(json.loads, frames)]


def new_session():
    return import_string(settings.SESSION_ENGINE + ".SessionStore")()


def test_a_participant_hears_everyone_and_their_own_audience():
    meeting = meeting_with_programme()
    session = joined_client(meeting).session
    participant = Participant.objects.get(meeting=meeting)

    access = live_access(meeting.code, AnonymousUser(), session)

    assert access == LiveAccess(
        meeting_id=meeting.pk,
        audiences=frozenset({EVERYONE, participant_audience(participant.pk)}),
        participant_id=participant.pk,
        language=meeting.language,
    )


def test_a_facilitator_hears_the_facilitators():
    meeting = meeting_with_programme()
    user = UserFactory()
    meeting.facilitators.add(user)

    access = live_access(meeting.code, user, new_session())

    assert access.audiences == frozenset({EVERYONE, FACILITATORS})
    assert access.participant_id is None


def test_nobody_granted_anything_may_not_listen():
    meeting = meeting_with_programme()
    other = meeting_with_programme()
    stranger = UserFactory()
    someone_elsewhere = joined_client(other).session

    assert live_access(meeting.code, stranger, someone_elsewhere) is None
    assert live_access("NOSUCH", stranger, someone_elsewhere) is None


def test_a_registered_provider_and_part_are_asked(monkeypatch):
    meeting = meeting_with_programme()
    monkeypatch.setattr(snapshot, "access_providers", {})
    monkeypatch.setattr(snapshot, "snapshot_parts", {})
    snapshot.register_access("screens", lambda meeting, user, session: Grant("screens"))
    snapshot.register_snapshot_part("hello", lambda access: [snapshot.frame("hello", {})])

    access = live_access(meeting.code, AnonymousUser(), None)

    assert access.audiences == frozenset({EVERYONE, "screens"})
    assert events(snapshot_frames(access)) == [("hello", {})]


def test_the_snapshot_is_the_programme_alone_outside_a_report_back():
    meeting = meeting_with_programme()
    meetings.meeting_start(meeting=meeting)
    access = live_access(meeting.code, AnonymousUser(), joined_client(meeting).session)

    (programme,) = events(snapshot_frames(access))

    assert programme[0] == PROGRAMME_STATE
    assert programme[1]["current"]["title"] == "talk 1"


def test_the_snapshot_carries_the_running_report_back():
    meeting = meeting_with_programme()
    report = ProgrammeItemFactory(meeting=meeting, kind=ProgrammeItem.Kind.REPORT_BACK, position=5)
    meetings.meeting_start(meeting=meeting)
    meetings.item_start(meeting=meeting, item=report)
    access = live_access(meeting.code, AnonymousUser(), joined_client(meeting).session)

    frames = events(snapshot_frames(access))

    assert [event_type for event_type, _ in frames] == [PROGRAMME_STATE, REPORTBACK_STATE]
    shown = frames[1][1]
    assert shown == {**report_back.report_state(report), "server_now": shown["server_now"]}


def test_a_thousand_sockets_at_one_state_cost_one_reading_of_the_programme(
    django_assert_num_queries,
):
    meeting = meeting_with_programme()
    meetings.meeting_start(meeting=meeting)
    access = live_access(meeting.code, AnonymousUser(), joined_client(meeting).session)

    with django_assert_num_queries(SNAPSHOT_QUERIES + PROGRAMME_QUERIES):
        first = snapshot_frames(access)
    with django_assert_num_queries(999 * SNAPSHOT_QUERIES):
        later = [snapshot_frames(access) for _ in range(999)]

    assert {events(frames)[0][1]["version"] for frames in later} == {events(first)[0][1]["version"]}


def test_a_new_state_is_read_again(django_assert_num_queries):
    meeting = meeting_with_programme()
    meetings.meeting_start(meeting=meeting)
    access = live_access(meeting.code, AnonymousUser(), joined_client(meeting).session)
    snapshot_frames(access)

    meetings.announcement_post(meeting=meeting, text="Pause til 11.10", author=None)
    with django_assert_num_queries(SNAPSHOT_QUERIES + PROGRAMME_QUERIES):
        (programme,) = events(snapshot_frames(access))

    assert programme[1]["announcement"]["text"] == "Pause til 11.10"


def test_each_socket_gets_the_clock_of_its_own_moment(monkeypatch):
    meeting = meeting_with_programme()
    meetings.meeting_start(meeting=meeting)
    access = live_access(meeting.code, AnonymousUser(), joined_client(meeting).session)
    snapshot_frames(access)  # the programme is read, and kept, now

    later = timezone.now() + timedelta(minutes=7)
    monkeypatch.setattr(timezone, "now", lambda: later)
    (programme,) = events(snapshot_frames(access))

    assert programme[1]["server_now"] == later.isoformat()


def test_a_meeting_that_got_an_earlier_meetings_id_is_not_shown_its_programme():
    meeting = meeting_with_programme(title="Først")
    meetings.meeting_start(meeting=meeting)
    access = live_access(meeting.code, AnonymousUser(), joined_client(meeting).session)
    snapshot_frames(access)
    meeting_id, version = Meeting.objects.values_list("pk", "state_version").get(pk=meeting.pk)
    meeting.delete()

    again = meeting_with_programme(kinds=("break",), pk=meeting_id, state_version=version)
    (programme,) = events(snapshot_frames(access))

    assert programme[1]["next"]["title"] == "break 1"
    assert again.pk == meeting_id
