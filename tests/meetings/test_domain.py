"""The programme domain: building a meeting's programme and running it live."""

import datetime
import json
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone

from meetings import domain
from meetings.domain import ProgrammeError
from meetings.models import Meeting, ProgrammeItem
from tests.factories import (
    MeetingFactory,
    ProgrammeItemFactory,
    UserFactory,
    meeting_with_programme,
)

pytestmark = pytest.mark.django_db

OSLO = ZoneInfo("Europe/Oslo")
PENDING = ProgrammeItem.Status.PENDING
RUNNING = ProgrammeItem.Status.RUNNING
DONE = ProgrammeItem.Status.DONE
SKIPPED = ProgrammeItem.Status.SKIPPED


def items_of(meeting):
    return list(ProgrammeItem.objects.filter(meeting=meeting).order_by("position", "id"))


def statuses(meeting):
    return [item.status for item in items_of(meeting)]


def current_id(meeting):
    return Meeting.objects.get(pk=meeting.pk).current_item_id


def version(meeting):
    return Meeting.objects.get(pk=meeting.pk).state_version


def live_meeting(kinds=("talk", "group_session", "break", "talk")):
    meeting = meeting_with_programme(kinds)
    domain.meeting_start(meeting=meeting)
    meeting.refresh_from_db()
    return meeting


# --- Building the programme ----------------------------------------------------------------


def test_meeting_create_adds_the_facilitator():
    user = UserFactory()

    meeting = domain.meeting_create(
        title="Fremtidens kulturskole", date=datetime.date(2025, 3, 12), facilitator=user
    )

    meeting.refresh_from_db()
    assert meeting.title == "Fremtidens kulturskole"
    assert meeting.status == Meeting.Status.DRAFT
    assert list(meeting.facilitators.all()) == [user]
    assert domain.is_facilitator(user, meeting) is True
    assert domain.is_facilitator(UserFactory(), meeting) is False


def test_item_create_appends_positions():
    meeting = MeetingFactory()

    first = domain.item_create(meeting=meeting, title="Velkommen")
    second = domain.item_create(meeting=meeting, title="Innlegg", kind="talk")
    third = domain.item_create(meeting=meeting, title="Gruppesamtaler", kind="group_session")

    assert [(item.pk, item.position) for item in items_of(meeting)] == [
        (first.pk, 1),
        (second.pk, 2),
        (third.pk, 3),
    ]


def test_item_create_bumps_state_version():
    meeting = MeetingFactory()
    before = version(meeting)

    domain.item_create(meeting=meeting, title="Velkommen")

    assert version(meeting) == before + 1


def test_item_move_up_swaps_with_the_item_above():
    meeting = meeting_with_programme(("talk", "info", "break"))
    first, second, third = items_of(meeting)

    domain.item_move(item=third, offset=-1)

    assert [item.pk for item in items_of(meeting)] == [first.pk, third.pk, second.pk]
    assert [item.position for item in items_of(meeting)] == [1, 2, 3]


def test_item_move_down_swaps_with_the_item_below():
    meeting = meeting_with_programme(("talk", "info", "break"))
    first, second, third = items_of(meeting)

    domain.item_move(item=first, offset=1)

    assert [item.pk for item in items_of(meeting)] == [second.pk, first.pk, third.pk]


@pytest.mark.parametrize(("index", "offset"), [(0, -1), (2, 1)])
def test_item_move_at_the_edge_changes_nothing(index, offset):
    meeting = meeting_with_programme(("talk", "info", "break"))
    items = items_of(meeting)
    before = version(meeting)

    domain.item_move(item=items[index], offset=offset)

    assert [item.pk for item in items_of(meeting)] == [item.pk for item in items]
    assert version(meeting) == before


def test_item_delete_removes_a_coming_item():
    meeting = live_meeting(("talk", "info"))
    _running, coming = items_of(meeting)

    domain.item_delete(item=coming)

    assert ProgrammeItem.objects.filter(pk=coming.pk).exists() is False


def test_item_delete_refuses_the_running_item():
    meeting = live_meeting(("talk", "info"))
    running = items_of(meeting)[0]

    with pytest.raises(ProgrammeError):
        domain.item_delete(item=ProgrammeItem.objects.get(pk=running.pk))

    assert ProgrammeItem.objects.filter(pk=running.pk).exists() is True
    assert current_id(meeting) == running.pk


def test_item_replace_children_keeps_the_given_order():
    item = ProgrammeItemFactory()

    domain.item_replace_children(
        item=item,
        speakers=[{"name": "Anne Olsen", "role": "Rektor", "organisation": "Skien kommune"}],
        questions=["Hva er viktigst?", "Hva mangler?", "Hva gjør vi nå?"],
    )

    assert [q.text for q in item.questions.all()] == [
        "Hva er viktigst?",
        "Hva mangler?",
        "Hva gjør vi nå?",
    ]
    assert [(s.name, s.role, s.organisation) for s in item.speakers.all()] == [
        ("Anne Olsen", "Rektor", "Skien kommune")
    ]


# --- Starting -----------------------------------------------------------------------------


def test_meeting_start_starts_the_first_pending_item():
    meeting = meeting_with_programme(("talk", "info", "break"))
    first = items_of(meeting)[0]

    domain.meeting_start(meeting=meeting)

    meeting.refresh_from_db()
    assert meeting.status == Meeting.Status.LIVE
    assert meeting.started_at is not None
    assert meeting.current_item_id == first.pk
    assert statuses(meeting) == [RUNNING, PENDING, PENDING]
    assert items_of(meeting)[0].started_at is not None


def test_meeting_start_passes_over_an_item_skipped_in_advance():
    meeting = meeting_with_programme(("info", "talk"))
    first, second = items_of(meeting)
    ProgrammeItem.objects.filter(pk=first.pk).update(status=SKIPPED)

    domain.meeting_start(meeting=meeting)

    assert current_id(meeting) == second.pk


def test_meeting_start_is_idempotent():
    meeting = meeting_with_programme(("talk", "info"))
    domain.meeting_start(meeting=meeting)
    meeting.refresh_from_db()
    started_at, state_version = meeting.started_at, meeting.state_version
    item_started_at = items_of(meeting)[0].started_at

    domain.meeting_start(meeting=meeting)

    meeting.refresh_from_db()
    assert meeting.started_at == started_at
    assert meeting.state_version == state_version
    assert items_of(meeting)[0].started_at == item_started_at
    assert statuses(meeting) == [RUNNING, PENDING]


def test_meeting_start_of_an_ended_meeting_raises():
    meeting = live_meeting(("talk",))
    domain.meeting_end(meeting=meeting)

    with pytest.raises(ProgrammeError):
        domain.meeting_start(meeting=meeting)

    assert Meeting.objects.get(pk=meeting.pk).status == Meeting.Status.ENDED


def test_meeting_start_with_an_empty_programme_goes_live_with_nothing_running():
    meeting = MeetingFactory()

    domain.meeting_start(meeting=meeting)

    meeting.refresh_from_db()
    assert meeting.status == Meeting.Status.LIVE
    assert meeting.current_item_id is None


# --- Advancing ----------------------------------------------------------------------------


def test_programme_advance_goes_through_the_whole_programme_in_order():
    meeting = live_meeting(("talk", "group_session", "break", "talk"))
    items = items_of(meeting)
    seen = [current_id(meeting)]

    for _ in range(len(items) - 1):
        domain.programme_advance(meeting=meeting, expected_item_id=current_id(meeting))
        seen.append(current_id(meeting))

    assert seen == [item.pk for item in items]
    assert statuses(meeting) == [DONE, DONE, DONE, RUNNING]


def test_programme_advance_after_the_last_item_leaves_nothing_running():
    meeting = live_meeting(("talk", "info"))
    last = items_of(meeting)[1]
    domain.programme_advance(meeting=meeting)
    assert current_id(meeting) == last.pk

    domain.programme_advance(meeting=meeting, expected_item_id=last.pk)

    assert current_id(meeting) is None
    assert statuses(meeting) == [DONE, DONE]
    assert all(item.finished_at is not None for item in items_of(meeting))
    assert Meeting.objects.get(pk=meeting.pk).status == Meeting.Status.LIVE


def test_programme_advance_marks_the_finished_item_done_with_a_finish_time():
    meeting = live_meeting(("talk", "info"))
    first = items_of(meeting)[0]

    domain.programme_advance(meeting=meeting, expected_item_id=first.pk)

    first.refresh_from_db()
    assert first.status == DONE
    assert first.finished_at is not None


def test_programme_advance_refuses_stale_expected_item(django_capture_on_commit_callbacks):
    meeting = live_meeting(("talk", "info", "break"))
    first, second, _third = items_of(meeting)
    # The first click moves on; the second, sent with the same "expected" item, must not.
    domain.programme_advance(meeting=meeting, expected_item_id=first.pk)
    state_version = version(meeting)

    with (
        django_capture_on_commit_callbacks(execute=False) as callbacks,
        pytest.raises(ProgrammeError),
    ):
        domain.programme_advance(meeting=meeting, expected_item_id=first.pk)

    assert current_id(meeting) == second.pk
    assert statuses(meeting) == [DONE, RUNNING, PENDING]
    assert version(meeting) == state_version
    assert len(callbacks) == 0


def test_programme_advance_publishes_one_programme_state(django_capture_on_commit_callbacks):
    meeting = live_meeting(("talk", "info"))

    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        domain.programme_advance(meeting=meeting, expected_item_id=current_id(meeting))

    assert len(callbacks) == 1


def test_programme_advance_on_a_draft_meeting_raises():
    meeting = meeting_with_programme(("talk", "info"))

    with pytest.raises(ProgrammeError):
        domain.programme_advance(meeting=meeting)

    assert statuses(meeting) == [PENDING, PENDING]
    assert current_id(meeting) is None


# --- Jumping, skipping, restoring ---------------------------------------------------------


def test_item_start_jumps_to_any_item_and_marks_the_previous_done():
    meeting = live_meeting(("talk", "info", "break", "talk"))
    first, _second, _third, fourth = items_of(meeting)

    domain.item_start(meeting=meeting, item=fourth, expected_item_id=first.pk)

    assert current_id(meeting) == fourth.pk
    assert statuses(meeting) == [DONE, PENDING, PENDING, RUNNING]


def test_item_start_then_advance_goes_on_after_the_started_item():
    meeting = live_meeting(("talk", "info", "break", "talk"))
    _first, second, third, fourth = items_of(meeting)
    domain.item_start(meeting=meeting, item=third)

    domain.programme_advance(meeting=meeting, expected_item_id=third.pk)
    assert current_id(meeting) == fourth.pk
    # With nothing later left, the item that was jumped over comes next.
    domain.programme_advance(meeting=meeting, expected_item_id=fourth.pk)
    assert current_id(meeting) == second.pk
    assert statuses(meeting) == [DONE, RUNNING, DONE, DONE]


def test_item_start_refuses_stale_expected_item():
    meeting = live_meeting(("talk", "info", "break"))
    first, second, third = items_of(meeting)
    domain.programme_advance(meeting=meeting, expected_item_id=first.pk)

    with pytest.raises(ProgrammeError):
        domain.item_start(meeting=meeting, item=third, expected_item_id=first.pk)

    assert current_id(meeting) == second.pk
    assert statuses(meeting) == [DONE, RUNNING, PENDING]


def test_item_start_of_the_running_item_changes_nothing():
    meeting = live_meeting(("talk", "info"))
    first = items_of(meeting)[0]
    before = version(meeting)

    domain.item_start(meeting=meeting, item=first)

    assert current_id(meeting) == first.pk
    assert version(meeting) == before


def test_item_start_of_an_item_of_another_meeting_is_refused():
    meeting = live_meeting(("talk", "info"))
    foreign = ProgrammeItemFactory()

    with pytest.raises(ProgrammeItem.DoesNotExist):
        domain.item_start(meeting=meeting, item=foreign)

    assert current_id(meeting) == items_of(meeting)[0].pk


def test_item_skip_of_the_running_item_moves_on_and_marks_it_skipped():
    meeting = live_meeting(("talk", "info", "break"))
    first, second, _third = items_of(meeting)

    domain.item_skip(meeting=meeting, item=first)

    assert current_id(meeting) == second.pk
    assert statuses(meeting) == [SKIPPED, RUNNING, PENDING]


def test_item_skip_of_a_pending_item_marks_it_and_advance_passes_over_it():
    meeting = live_meeting(("talk", "info", "break"))
    first, second, third = items_of(meeting)

    domain.item_skip(meeting=meeting, item=second)
    assert statuses(meeting) == [RUNNING, SKIPPED, PENDING]
    assert current_id(meeting) == first.pk

    domain.programme_advance(meeting=meeting, expected_item_id=first.pk)

    assert current_id(meeting) == third.pk
    assert statuses(meeting) == [DONE, SKIPPED, RUNNING]


def test_item_skip_of_a_done_item_raises():
    meeting = live_meeting(("talk", "info"))
    first = items_of(meeting)[0]
    domain.programme_advance(meeting=meeting)

    with pytest.raises(ProgrammeError):
        domain.item_skip(meeting=Meeting.objects.get(pk=meeting.pk), item=first)

    assert statuses(meeting) == [DONE, RUNNING]


def test_item_restore_puts_a_skipped_item_back():
    meeting = live_meeting(("talk", "info", "break"))
    first, second, _third = items_of(meeting)
    domain.item_skip(meeting=meeting, item=second)

    domain.item_restore(meeting=meeting, item=second)

    assert statuses(meeting) == [RUNNING, PENDING, PENDING]
    domain.programme_advance(meeting=meeting, expected_item_id=first.pk)
    assert current_id(meeting) == second.pk


def test_item_restore_of_a_done_item_clears_its_times():
    meeting = live_meeting(("talk", "info"))
    first = items_of(meeting)[0]
    domain.item_extend(meeting=meeting, minutes=5)
    domain.programme_advance(meeting=meeting)

    domain.item_restore(meeting=meeting, item=first)

    first.refresh_from_db()
    assert (first.status, first.started_at, first.finished_at, first.extra_seconds) == (
        PENDING,
        None,
        None,
        0,
    )


def test_item_restore_of_the_running_item_changes_nothing():
    meeting = live_meeting(("talk", "info"))
    first = items_of(meeting)[0]
    before = version(meeting)

    domain.item_restore(meeting=meeting, item=first)

    assert statuses(meeting) == [RUNNING, PENDING]
    assert version(meeting) == before


# --- Extending ----------------------------------------------------------------------------


def test_item_extend_adds_minutes_to_ends_at():
    meeting = live_meeting(("talk", "info"))
    first = items_of(meeting)[0]
    ends_before = first.ends_at

    domain.item_extend(meeting=meeting, minutes=5)

    first.refresh_from_db()
    assert first.extra_seconds == 300
    assert first.ends_at - ends_before == datetime.timedelta(minutes=5)


def test_item_extend_by_negative_minutes_shortens():
    meeting = live_meeting(("talk",))
    domain.item_extend(meeting=meeting, minutes=-1)

    assert items_of(meeting)[0].extra_seconds == -60


@pytest.mark.parametrize("minutes", [0, 121, -121, 10_000])
def test_item_extend_refuses_out_of_range_minutes(minutes):
    meeting = live_meeting(("talk",))
    before = version(meeting)

    with pytest.raises(ProgrammeError):
        domain.item_extend(meeting=meeting, minutes=minutes)

    assert items_of(meeting)[0].extra_seconds == 0
    assert version(meeting) == before


def test_item_extend_by_the_maximum_is_allowed():
    meeting = live_meeting(("talk",))

    domain.item_extend(meeting=meeting, minutes=domain.MAX_EXTENSION_MINUTES)

    assert items_of(meeting)[0].extra_seconds == 120 * 60


def test_item_extend_refuses_when_nothing_runs():
    meeting = live_meeting(("talk",))
    domain.programme_advance(meeting=meeting)
    assert current_id(meeting) is None

    with pytest.raises(ProgrammeError):
        domain.item_extend(meeting=meeting, minutes=5)

    assert items_of(meeting)[0].extra_seconds == 0


# --- Draft and ended meetings -------------------------------------------------------------


@pytest.mark.parametrize(
    "action",
    [
        lambda meeting, item: domain.programme_advance(meeting=meeting),
        lambda meeting, item: domain.item_start(meeting=meeting, item=item),
        lambda meeting, item: domain.item_extend(meeting=meeting, minutes=5),
    ],
    ids=["advance", "item_start", "extend"],
)
@pytest.mark.parametrize("ended", [False, True], ids=["draft", "ended"])
def test_live_action_on_a_draft_or_ended_meeting_raises(action, ended):
    meeting = meeting_with_programme(("talk", "info"))
    if ended:
        domain.meeting_end(meeting=meeting)
    meeting.refresh_from_db()
    before = (statuses(meeting), current_id(meeting), version(meeting))

    with pytest.raises(ProgrammeError):
        action(meeting, items_of(meeting)[1])

    assert (statuses(meeting), current_id(meeting), version(meeting)) == before


@pytest.mark.parametrize("action", [domain.item_skip, domain.item_restore], ids=["skip", "restore"])
def test_skip_or_restore_on_an_ended_meeting_raises(action):
    meeting = live_meeting(("talk", "info", "break"))
    first, second, _third = items_of(meeting)
    domain.programme_advance(meeting=meeting, expected_item_id=first.pk)
    domain.meeting_end(meeting=meeting)
    meeting.refresh_from_db()
    target = second if action is domain.item_restore else items_of(meeting)[2]
    before = statuses(meeting)

    with pytest.raises(ProgrammeError):
        action(meeting=meeting, item=target)

    assert statuses(meeting) == before


# --- Ending -------------------------------------------------------------------------------


def test_meeting_end_finishes_the_current_item_and_turns_recording_off():
    meeting = live_meeting(("talk", "info"))
    domain.recording_set(meeting=meeting, recording=True)
    assert Meeting.objects.get(pk=meeting.pk).recording is True

    domain.meeting_end(meeting=meeting)

    meeting.refresh_from_db()
    assert meeting.status == Meeting.Status.ENDED
    assert meeting.ended_at is not None
    assert meeting.current_item_id is None
    assert meeting.recording is False
    assert statuses(meeting) == [DONE, PENDING]
    assert items_of(meeting)[0].finished_at is not None


def test_meeting_end_twice_changes_nothing_the_second_time():
    meeting = live_meeting(("talk",))
    domain.meeting_end(meeting=meeting)
    meeting.refresh_from_db()
    ended_at, state_version = meeting.ended_at, meeting.state_version

    domain.meeting_end(meeting=meeting)

    meeting.refresh_from_db()
    assert (meeting.ended_at, meeting.state_version) == (ended_at, state_version)


# --- Ends at ------------------------------------------------------------------------------


def test_break_with_resume_at_ends_at_that_clock_time():
    started = datetime.datetime(2025, 3, 12, 10, 50, tzinfo=OSLO)
    item = ProgrammeItemFactory(
        kind=ProgrammeItem.Kind.BREAK,
        planned_minutes=15,
        resume_at=datetime.time(11, 10),
        started_at=started,
    )

    assert item.ends_at == datetime.datetime(2025, 3, 12, 11, 10, tzinfo=OSLO)


def test_break_with_resume_at_extended_ends_later():
    started = datetime.datetime(2025, 3, 12, 10, 50, tzinfo=OSLO)
    item = ProgrammeItemFactory(
        kind=ProgrammeItem.Kind.BREAK,
        resume_at=datetime.time(11, 10),
        started_at=started,
        extra_seconds=300,
    )

    assert item.ends_at == datetime.datetime(2025, 3, 12, 11, 15, tzinfo=OSLO)


@pytest.fixture
def ten_in_the_morning(monkeypatch):
    """The clock stands at 10:00 in Oslo, far from midnight, whenever the test runs."""
    moment = datetime.datetime(2025, 3, 12, 10, 0, tzinfo=OSLO)
    monkeypatch.setattr(timezone, "now", lambda: moment)
    return moment


def test_extending_a_break_moves_the_time_we_start_again(ten_in_the_morning):
    """One truth about time: the stored restart time moves, and the state says that one."""
    meeting = meeting_with_programme(("break", "talk"))
    pause = items_of(meeting)[0]
    ProgrammeItem.objects.filter(pk=pause.pk).update(resume_at=datetime.time(10, 20))
    domain.meeting_start(meeting=meeting)

    domain.item_extend(meeting=meeting, minutes=5)

    pause.refresh_from_db()
    assert (pause.resume_at, pause.extra_seconds) == (datetime.time(10, 25), 0)
    assert state_of(meeting)["current"]["ends_clock"] == "10:25"


def test_the_next_item_is_expected_when_the_running_one_ends_if_that_is_late(
    ten_in_the_morning,
):
    meeting = meeting_with_programme(("talk", "talk"))
    first, second = items_of(meeting)
    # Planned to start at 10:05; the first item, started at 10:00, runs until 10:10.
    ProgrammeItem.objects.filter(pk=second.pk).update(planned_start=datetime.time(10, 5))
    ProgrammeItem.objects.filter(pk=first.pk).update(planned_minutes=10)
    domain.meeting_start(meeting=meeting)

    assert state_of(meeting)["next_expected"] == "10:10"


def test_the_next_item_on_time_has_no_expected_time(ten_in_the_morning):
    meeting = meeting_with_programme(("talk", "talk"))
    first, second = items_of(meeting)
    ProgrammeItem.objects.filter(pk=second.pk).update(planned_start=datetime.time(10, 10))
    ProgrammeItem.objects.filter(pk=first.pk).update(planned_minutes=10)
    domain.meeting_start(meeting=meeting)

    assert state_of(meeting)["next_expected"] is None


def test_break_started_after_its_resume_time_ends_after_its_length():
    started = datetime.datetime(2025, 3, 12, 11, 20, tzinfo=OSLO)
    item = ProgrammeItemFactory(
        kind=ProgrammeItem.Kind.BREAK,
        planned_minutes=15,
        resume_at=datetime.time(11, 10),
        started_at=started,
    )

    assert item.ends_at == started + datetime.timedelta(minutes=15)


def test_break_without_resume_at_ends_at_start_plus_length():
    started = datetime.datetime(2025, 3, 12, 10, 50, tzinfo=OSLO)
    item = ProgrammeItemFactory(
        kind=ProgrammeItem.Kind.BREAK, planned_minutes=20, started_at=started
    )

    assert item.ends_at == datetime.datetime(2025, 3, 12, 11, 10, tzinfo=OSLO)


def test_talk_ignores_resume_at_and_ends_at_start_plus_length():
    started = datetime.datetime(2025, 3, 12, 10, 50, tzinfo=OSLO)
    item = ProgrammeItemFactory(
        kind=ProgrammeItem.Kind.TALK,
        planned_minutes=30,
        resume_at=datetime.time(11, 0),
        started_at=started,
    )

    assert item.ends_at == datetime.datetime(2025, 3, 12, 11, 20, tzinfo=OSLO)


def test_item_not_started_has_no_ends_at():
    assert ProgrammeItemFactory().ends_at is None


# --- The published state ------------------------------------------------------------------


def state_of(meeting):
    return domain.programme_state(domain.meeting_with_programme(meeting.pk))


def test_programme_state_shape():
    meeting = live_meeting(("talk", "group_session", "break"))
    first, second, third = items_of(meeting)
    domain.item_replace_children(
        item=first,
        speakers=[{"name": "Anne Olsen", "role": "Rektor", "organisation": "Skien kommune"}],
        questions=[],
    )
    domain.item_replace_children(item=second, speakers=[], questions=["Hva er viktigst?"])

    state = state_of(meeting)

    assert set(state) == {
        "version",
        "server_now",
        "status",
        "recording",
        "video_url",
        "current",
        "next",
        "next_expected",
        "items",
        "announcement",
    }
    assert state["status"] == "live"
    assert state["recording"] is False
    assert state["announcement"] is None
    assert state["current"]["id"] == first.pk
    assert state["current"]["speakers"] == [
        {"name": "Anne Olsen", "role": "Rektor", "organisation": "Skien kommune"}
    ]
    assert state["current"]["ends_at"] is not None
    assert state["next"]["id"] == second.pk
    assert state["next"]["questions"] == ["Hva er viktigst?"]
    assert state["next"]["ends_at"] is None
    assert state["items"] == [
        {"id": first.pk, "status": "running"},
        {"id": second.pk, "status": "pending"},
        {"id": third.pk, "status": "pending"},
    ]
    # The state goes over the wire as JSON.
    assert json.loads(json.dumps(state)) == state


def test_programme_state_next_skips_skipped_items():
    meeting = live_meeting(("talk", "info", "break"))
    _first, second, third = items_of(meeting)
    domain.item_skip(meeting=meeting, item=second)

    assert state_of(meeting)["next"]["id"] == third.pk


def test_programme_state_of_a_draft_meeting_has_nothing_current_and_the_first_next():
    meeting = meeting_with_programme(("talk", "info"))

    state = state_of(meeting)

    assert state["status"] == "draft"
    assert state["current"] is None
    assert state["next"]["id"] == items_of(meeting)[0].pk


def test_programme_state_after_the_last_item_has_no_current_and_no_next():
    meeting = live_meeting(("talk",))
    domain.programme_advance(meeting=meeting)

    state = state_of(meeting)

    assert (state["current"], state["next"]) == (None, None)


def test_programme_state_shows_the_latest_announcement():
    meeting = live_meeting(("talk",))
    user = meeting.facilitators.get()
    domain.announcement_post(meeting=meeting, text="Husk å skru på kamera", author=user)
    latest = domain.announcement_post(meeting=meeting, text="Pause til 11:10", author=user)

    state = state_of(meeting)

    assert state["announcement"]["id"] == latest.pk
    assert state["announcement"]["text"] == "Pause til 11:10"


def test_a_withdrawn_announcement_is_shown_no_more_and_a_new_one_replaces_it():
    meeting = live_meeting(("talk",))
    user = meeting.facilitators.get()
    first = domain.announcement_post(meeting=meeting, text="Pause til 11:10", author=user)
    domain.announcement_withdraw(meeting=meeting, announcement_id=first.pk)

    assert state_of(meeting)["announcement"] is None

    second = domain.announcement_post(meeting=meeting, text="Vi starter 11:20", author=user)
    assert state_of(meeting)["announcement"]["id"] == second.pk
    # Withdrawing the first again, from a page opened long ago, changes nothing.
    version = state_of(meeting)["version"]
    domain.announcement_withdraw(meeting=meeting, announcement_id=first.pk)
    assert (state_of(meeting)["version"], state_of(meeting)["announcement"]["id"]) == (
        version,
        second.pk,
    )


def test_an_announcement_tied_to_the_running_item_goes_when_the_item_ends():
    meeting = live_meeting(("talk", "info"))
    user = meeting.facilitators.get()
    domain.announcement_post(
        meeting=meeting, text="Still spørsmål i chatten", author=user, until_item_ends=True
    )
    assert state_of(meeting)["announcement"]["text"] == "Still spørsmål i chatten"

    domain.programme_advance(meeting=meeting)

    assert state_of(meeting)["announcement"] is None


def test_an_announcement_not_tied_to_an_item_stays_through_the_programme():
    meeting = live_meeting(("talk", "info"))
    user = meeting.facilitators.get()
    domain.announcement_post(meeting=meeting, text="Husk navnet i Zoom", author=user)

    domain.programme_advance(meeting=meeting)

    assert state_of(meeting)["announcement"]["text"] == "Husk navnet i Zoom"


def test_an_announcement_of_another_meeting_cannot_be_withdrawn():
    meeting = live_meeting(("talk",))
    other = live_meeting(("talk",))
    theirs = domain.announcement_post(meeting=other, text="Deres", author=other.facilitators.get())

    domain.announcement_withdraw(meeting=meeting, announcement_id=theirs.pk)

    assert state_of(other)["announcement"]["id"] == theirs.pk


def test_programme_state_version_increases_on_each_change():
    meeting = meeting_with_programme(("talk", "info", "break"))
    user = meeting.facilitators.get()
    versions = [state_of(meeting)["version"]]
    changes = [
        lambda: domain.meeting_start(meeting=meeting),
        lambda: domain.item_extend(meeting=meeting, minutes=2),
        lambda: domain.recording_set(meeting=meeting, recording=True),
        lambda: domain.announcement_post(meeting=meeting, text="Hei", author=user),
        lambda: domain.item_skip(meeting=meeting, item=items_of(meeting)[2]),
        lambda: domain.item_restore(meeting=meeting, item=items_of(meeting)[2]),
        lambda: domain.programme_advance(meeting=meeting),
        lambda: domain.item_start(meeting=meeting, item=items_of(meeting)[2]),
        lambda: domain.meeting_end(meeting=meeting),
    ]

    for change in changes:
        change()
        versions.append(state_of(meeting)["version"])

    assert versions == sorted(set(versions))
    assert len(versions) == len(changes) + 1


def test_programme_state_ends_clock_of_a_running_break_is_its_resume_time():
    meeting = meeting_with_programme(("break",))
    item = items_of(meeting)[0]
    domain.meeting_start(meeting=meeting)
    # Pretend the break started at 10:50 local time, to restart at 11:10.
    ProgrammeItem.objects.filter(pk=item.pk).update(
        started_at=datetime.datetime(2025, 3, 12, 10, 50, tzinfo=OSLO),
        resume_at=datetime.time(11, 10),
    )

    with timezone.override(OSLO):
        state = state_of(meeting)

    assert state["current"]["ends_clock"] == "11:10"
    assert state["current"]["kind"] == "break"
