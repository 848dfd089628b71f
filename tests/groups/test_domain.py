"""Groups in the database: forming, moving, late joiners, roles and rekkefremlegg rounds."""

import datetime

import pytest
from django.db import IntegrityError
from django.utils import timezone
from django.utils.translation import override

from groups import domain
from groups.models import Group, GroupPlan, Membership, Role, Round
from meetings import domain as meetings
from meetings.models import ProgrammeItem
from participants.domain import participant_join, participant_leave
from participants.models import Participant
from tests.factories import (
    GroupFactory,
    MeetingFactory,
    MembershipFactory,
    ParticipantFactory,
    ProgrammeItemFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def session():
    meeting = MeetingFactory()
    item = ProgrammeItemFactory(
        meeting=meeting, kind=ProgrammeItem.Kind.GROUP_SESSION, title="Gruppesamtaler"
    )
    for number, text in enumerate(["Hva er relevant?", "Hva er viktig?", "Hva først?"], 1):
        item.questions.create(position=number, text=text)
    return item


def people(item, count, organisations=("Porsgrunn kommune", "Skien kommune", "KS")):
    return [
        ParticipantFactory(meeting=item.meeting, organisation=organisations[n % len(organisations)])
        for n in range(count)
    ]


def members_of(item):
    return {
        group.number: sorted(group.memberships.values_list("participant_id", flat=True))
        for group in item.groups.all()
    }


def test_groups_form_places_everyone_once(session):
    present = people(session, 23)
    groups = domain.groups_form(item=session, strategy="mixed", target_size=6, seed=7)
    placed = Membership.objects.filter(item=session).values_list("participant_id", flat=True)
    assert sorted(placed) == sorted(p.pk for p in present)
    sizes = sorted(group.memberships.count() for group in groups)
    assert sizes[-1] - sizes[0] <= 1
    assert all(group.memberships.exists() for group in groups)


def test_groups_form_is_reproducible_from_seed(session):
    people(session, 30)
    domain.groups_form(item=session, strategy="random", target_size=5, seed=42)
    first = members_of(session)
    domain.groups_form(item=session, strategy="random", target_size=5, seed=42)
    assert members_of(session) == first
    assert GroupPlan.objects.get(item=session).seed == 42


def test_groups_form_leaves_out_people_who_left(session):
    present = people(session, 8)
    participant_leave(participant=present[0])
    domain.groups_form(item=session, strategy="random", target_size=4, seed=1)
    assert not Membership.objects.filter(participant=present[0]).exists()


def test_groups_form_refuses_too_few_people(session):
    people(session, 1)
    with pytest.raises(domain.GroupError):
        domain.groups_form(item=session, strategy="random", target_size=4, seed=1)
    assert not Group.objects.exists()


@pytest.mark.parametrize("size", [0, 1, 1000])
def test_groups_form_refuses_impossible_sizes(session, size):
    people(session, 10)
    with pytest.raises(domain.GroupError):
        domain.groups_form(item=session, strategy="random", target_size=size, seed=1)
    assert not Group.objects.exists()


def test_groups_form_refuses_items_that_are_not_group_sessions():
    talk = ProgrammeItemFactory(kind=ProgrammeItem.Kind.TALK)
    with pytest.raises(domain.GroupError):
        domain.groups_form(item=talk, strategy="random", target_size=4, seed=1)


def test_database_refuses_a_participant_in_two_groups_of_one_session(session):
    people(session, 8)
    first, second = domain.groups_form(item=session, strategy="random", target_size=4, seed=3)
    member = first.memberships.first()
    with pytest.raises(IntegrityError):
        Membership.objects.create(group=second, item=session, participant=member.participant)


def test_membership_move_refuses_a_full_group(session):
    people(session, 12)
    domain.groups_form(
        item=session, strategy="random", target_size=4, min_size=3, max_size=4, seed=2
    )
    first, second = list(session.groups.all())[:2]
    member = first.memberships.first()
    with pytest.raises(domain.GroupError):
        domain.membership_move(membership=member, group=second)
    member.refresh_from_db()
    assert member.group == first


def test_a_move_into_a_full_group_says_which_group_is_full(session):
    people(session, 8)
    domain.groups_form(item=session, strategy="random", target_size=4, max_size=4, seed=2)
    first, second = list(session.groups.all())
    with pytest.raises(domain.GroupFull) as refused:
        domain.membership_move(membership=first.memberships.first(), group=second)
    assert refused.value.group == second


def test_membership_swap_is_the_way_into_a_full_group(session):
    people(session, 8)
    start(session)
    domain.groups_form(item=session, strategy="random", target_size=4, max_size=4, seed=2)
    first, second = list(session.groups.all())
    member, other = first.memberships.first(), second.memberships.first()
    domain.role_take(membership=member, role=Role.NOTE_TAKER)
    domain.role_take(membership=other, role=Role.MODERATOR)

    domain.membership_swap(membership=member, other=other)

    member.refresh_from_db()
    other.refresh_from_db()
    assert (member.group, other.group) == (second, first)
    assert (first.memberships.count(), second.memberships.count()) == (4, 4)
    # A role belongs to the group one leaves.
    assert (member.role, other.role) == ("", "")


def test_membership_swap_refuses_the_same_group_and_a_local_site_too_large(session):
    GroupPlan.objects.create(item=session, target_size=5, min_size=3, max_size=5)
    first = GroupFactory(item=session, number=1)
    second = GroupFactory(item=session, number=2)
    site = MembershipFactory(
        group=first, participant__is_local_site=True, participant__head_count=3
    )
    neighbour = MembershipFactory(group=first)
    full = [MembershipFactory(group=second) for _ in range(5)]

    with override("en"), pytest.raises(domain.GroupError, match="same group"):
        domain.membership_swap(membership=site, other=neighbour)
    # The site of three for one person: the second group would weigh seven.
    with override("en"), pytest.raises(domain.GroupError, match="Group 2 is full"):
        domain.membership_swap(membership=site, other=full[0])
    with override("en"), pytest.raises(domain.GroupError, match="Group 2 is full"):
        domain.membership_swap(membership=full[0], other=site)
    site.refresh_from_db()
    assert site.group == first


def start(item):
    meetings.meeting_start(meeting=item.meeting)
    meetings.item_start(meeting=item.meeting, item=item)


def test_membership_move_clears_role_and_never_leaves_an_empty_group(session):
    people(session, 6)
    start(session)
    domain.groups_form(item=session, strategy="random", target_size=3, max_size=6, seed=2)
    first, second = list(session.groups.all())
    moving = list(first.memberships.all())
    domain.role_take(membership=moving[0], role=Role.TIMEKEEPER)
    for member in moving:
        domain.membership_move(membership=member, group=second)
    assert list(session.groups.all()) == [second]
    assert second.memberships.count() == 6
    assert not second.memberships.filter(role=Role.TIMEKEEPER).exists()


def test_late_joiner_lands_in_the_smallest_group(session):
    people(session, 9)
    meetings.meeting_start(meeting=session.meeting)
    meetings.item_start(meeting=session.meeting, item=session)
    domain.groups_form(item=session, strategy="random", target_size=5, max_size=6, seed=4)
    smallest = min(session.groups.all(), key=lambda g: g.memberships.count())
    late = participant_join(meeting=session.meeting, name="Sen Ankomst", organisation="KS")
    assert Membership.objects.get(participant=late).group == smallest


def test_late_joiner_waits_when_the_plan_says_so(session):
    people(session, 9)
    meetings.meeting_start(meeting=session.meeting)
    meetings.item_start(meeting=session.meeting, item=session)
    domain.groups_form(item=session, strategy="random", target_size=5, seed=4, late_joiners="wait")
    late = participant_join(meeting=session.meeting, name="Sen Ankomst", organisation="KS")
    assert not Membership.objects.filter(participant=late).exists()
    assert list(domain.unplaced_participants(session)) == [late]
    domain.membership_add(participant=late, group=session.groups.first())
    assert Membership.objects.filter(participant=late).exists()


def with_a_talk_first(session):
    """The meeting runs a talk before `session`, as the reference meeting does."""
    ProgrammeItemFactory(meeting=session.meeting, position=session.position - 1, title="Innlegg")
    meetings.meeting_start(meeting=session.meeting)
    session.refresh_from_db()
    assert session.status == ProgrammeItem.Status.PENDING


def test_someone_joining_after_groups_are_formed_ahead_is_placed_at_once(session):
    """Groups formed before the session starts: a later joiner does not wait for a group."""
    people(session, 9)
    with_a_talk_first(session)
    domain.groups_form(item=session, strategy="random", target_size=5, max_size=6, seed=4)
    smallest = min(session.groups.all(), key=lambda g: g.memberships.count())

    late = participant_join(meeting=session.meeting, name="Sen Ankomst", organisation="KS")

    assert Membership.objects.get(participant=late).group == smallest
    meetings.item_start(meeting=session.meeting, item=session)
    assert list(domain.unplaced_participants(session)) == []


def test_those_still_waiting_are_placed_when_the_session_starts(session):
    people(session, 9)
    with_a_talk_first(session)
    domain.groups_form(item=session, strategy="random", target_size=5, seed=4, late_joiners="wait")
    waiting = participant_join(meeting=session.meeting, name="Sen Ankomst", organisation="KS")
    assert list(domain.unplaced_participants(session)) == [waiting]
    GroupPlan.objects.filter(item=session).update(late_joiners="place")

    meetings.item_start(meeting=session.meeting, item=session)

    assert Membership.objects.filter(participant=waiting, item=session).exists()
    assert list(domain.unplaced_participants(session)) == []


def test_a_session_that_says_wait_keeps_them_waiting_when_it_starts(session):
    people(session, 9)
    with_a_talk_first(session)
    domain.groups_form(item=session, strategy="random", target_size=5, seed=4, late_joiners="wait")
    waiting = participant_join(meeting=session.meeting, name="Sen Ankomst", organisation="KS")

    meetings.item_start(meeting=session.meeting, item=session)

    assert list(domain.unplaced_participants(session)) == [waiting]


def test_groups_reuse_copies_earlier_groups(session):
    people(session, 10)
    domain.groups_form(item=session, strategy="mixed", target_size=5, seed=9)
    later = ProgrammeItemFactory(
        meeting=session.meeting,
        kind=ProgrammeItem.Kind.GROUP_SESSION,
        position=session.position + 1,
    )
    domain.groups_reuse(item=later, source=session)
    assert members_of(later) == members_of(session)


def test_role_take_refuses_a_second_timekeeper(session):
    people(session, 4)
    start(session)
    (group,) = domain.groups_form(item=session, strategy="random", target_size=4, seed=1)
    first, second = list(group.memberships.all())[:2]
    domain.role_take(membership=first, role=Role.TIMEKEEPER)
    with pytest.raises(domain.GroupError):
        domain.role_take(membership=second, role=Role.TIMEKEEPER)
    second.refresh_from_db()
    assert second.role == ""


def test_role_take_waits_for_the_session_but_giving_up_does_not(session):
    people(session, 4)
    (group,) = domain.groups_form(item=session, strategy="random", target_size=4, seed=1)
    member = group.memberships.first()
    with pytest.raises(domain.GroupError):
        domain.role_take(membership=member, role=Role.MODERATOR)
    member.role = Role.MODERATOR
    member.save()
    domain.role_take(membership=member, role="")
    member.refresh_from_db()
    assert member.role == ""


def test_roles_assign_gives_each_group_three_roles(session):
    people(session, 12)
    domain.groups_form(item=session, strategy="random", target_size=4, seed=1)
    domain.roles_assign(item=session, rotate=False, seed=1)
    for group in session.groups.all():
        roles = sorted(group.memberships.exclude(role="").values_list("role", flat=True))
        assert roles == sorted(Role.values)


def test_roles_rotate_avoids_repeating_a_role(session):
    people(session, 4)
    domain.groups_form(item=session, strategy="random", target_size=4, seed=1)
    domain.roles_assign(item=session, rotate=False, seed=1)
    earlier = dict(Membership.objects.filter(item=session).values_list("participant_id", "role"))
    later = ProgrammeItemFactory(
        meeting=session.meeting,
        kind=ProgrammeItem.Kind.GROUP_SESSION,
        position=session.position + 1,
    )
    domain.groups_reuse(item=later, source=session)
    domain.roles_assign(item=later, rotate=True, seed=1)
    now = dict(Membership.objects.filter(item=later).values_list("participant_id", "role"))
    for participant_id, role in now.items():
        if role:
            assert earlier[participant_id] != role
    # The one who had no role last time gets one now.
    (without_before,) = [pid for pid, role in earlier.items() if role == ""]
    assert now[without_before] != ""


def test_roles_go_only_to_those_present(session):
    people(session, 10)
    formed = domain.groups_form(item=session, strategy="random", target_size=5, seed=1)
    gone = [m.participant for group in formed for m in group.memberships.all()[:2]]
    for participant in gone:
        participant_leave(participant=participant)

    domain.roles_assign(item=session, rotate=False, seed=1)

    holders = Membership.objects.filter(item=session).exclude(role="")
    assert not holders.filter(participant__in=gone).exists()
    assert holders.count() == 6  # three roles in each group, from the three still there


def test_a_role_whose_holder_left_can_be_taken_by_anyone_present(session):
    people(session, 4)
    start(session)
    (group,) = domain.groups_form(item=session, strategy="random", target_size=4, seed=1)
    holder, other = list(group.memberships.select_related("participant"))[:2]
    domain.role_take(membership=holder, role=Role.NOTE_TAKER)
    participant_leave(participant=holder.participant)

    domain.role_take(membership=other, role=Role.NOTE_TAKER)

    assert group.memberships.get(role=Role.NOTE_TAKER) == other
    holder.refresh_from_db()
    assert holder.role == ""


def test_a_role_whose_holder_is_present_stays_theirs(session):
    people(session, 4)
    start(session)
    (group,) = domain.groups_form(item=session, strategy="random", target_size=4, seed=1)
    holder, other = list(group.memberships.all())[:2]
    domain.role_take(membership=holder, role=Role.NOTE_TAKER)
    with pytest.raises(domain.GroupError):
        domain.role_take(membership=other, role=Role.NOTE_TAKER)


def test_one_groups_roles_are_drawn_again_from_those_present(session):
    people(session, 8)
    first, second = domain.groups_form(item=session, strategy="random", target_size=4, seed=1)
    domain.roles_assign(item=session, rotate=False, seed=1)
    roles_of_second = dict(second.memberships.values_list("participant_id", "role"))
    note_taker = first.memberships.select_related("participant").get(role=Role.NOTE_TAKER)
    participant_leave(participant=note_taker.participant)

    domain.roles_redraw(group=first, seed=2)

    roles = dict(first.memberships.exclude(role="").values_list("role", "participant_id"))
    assert sorted(roles) == sorted(Role.values)
    assert note_taker.participant_id not in roles.values()
    assert dict(second.memberships.values_list("participant_id", "role")) == roles_of_second


@pytest.fixture
def running_group(session):
    people(session, 3)
    meetings.meeting_start(meeting=session.meeting)
    meetings.item_start(meeting=session.meeting, item=session)
    (group,) = domain.groups_form(item=session, strategy="random", target_size=3, seed=1)
    return group


def test_round_goes_through_speakers_dialogue_summary(running_group):
    current = domain.round_start(group=running_group, question_numbers=[1], speaker_seconds=60)
    assert current.phase == Round.Phase.SPEAKING
    assert len(current.speaking_order) == 3
    for turn in (1, 2):
        current = domain.round_pass(current=current)
        assert (current.phase, current.turn) == (Round.Phase.SPEAKING, turn)
    current = domain.round_pass(current=current)
    assert current.phase == Round.Phase.DIALOGUE
    assert current.phase_seconds == current.dialogue_seconds
    current = domain.round_pass(current=current)
    assert current.phase == Round.Phase.SUMMARY
    current = domain.round_pass(current=current)
    assert current.phase == Round.Phase.DONE
    following = domain.round_start(group=running_group, question_numbers=[2, 3])
    assert (following.number, following.question_numbers) == (2, [2, 3])


def test_a_speaker_who_left_during_the_round_is_passed_over(running_group):
    current = domain.round_start(group=running_group, question_numbers=[1])
    second = Participant.objects.get(pk=current.speaking_order[1])
    participant_leave(participant=second)

    current = domain.round_pass(current=current)

    assert (current.phase, current.turn) == (Round.Phase.SPEAKING, 2)
    assert domain.group_state(running_group)["round"]["speaker"] != second.name


def test_round_pass_with_stale_turn_passes_once(running_group):
    current = domain.round_start(group=running_group, question_numbers=[1])
    domain.round_pass(current=current, expected_turn=("speaking", 0))
    again = domain.round_pass(current=current, expected_turn=("speaking", 0))
    assert again.turn == 1


def test_round_pause_keeps_time_left_and_resume_restores_it(running_group):
    current = domain.round_start(group=running_group, question_numbers=[1], speaker_seconds=120)
    Round.objects.filter(pk=current.pk).update(
        phase_started_at=timezone.now() - datetime.timedelta(seconds=30)
    )
    current = domain.round_pause(current=current)
    assert 88 <= current.paused_remaining <= 90
    current = domain.round_add_time(current=current, seconds=60)
    assert 148 <= current.paused_remaining <= 150
    current = domain.round_resume(current=current)
    assert current.paused_remaining is None
    left = (current.ends_at - timezone.now()).total_seconds()
    assert 147 <= left <= 150


def test_round_refuses_bad_questions_and_times(running_group):
    with pytest.raises(domain.GroupError):
        domain.round_start(group=running_group, question_numbers=[])
    with pytest.raises(domain.GroupError):
        domain.round_start(group=running_group, question_numbers=[4])
    with pytest.raises(domain.GroupError):
        domain.round_start(group=running_group, question_numbers=[1], speaker_seconds=0)
    assert not Round.objects.exists()


def test_group_work_stops_when_the_session_ends(running_group):
    current = domain.round_start(group=running_group, question_numbers=[1])
    meetings.programme_advance(meeting=running_group.item.meeting)
    with pytest.raises(domain.GroupError):
        domain.round_pass(current=current)
    with pytest.raises(domain.GroupError):
        domain.round_start(group=running_group, question_numbers=[2])


def test_group_state_names_speaker_and_next(running_group):
    domain.round_start(group=running_group, question_numbers=[1])
    state = domain.group_state(running_group)
    order = state["round"]["order"]
    assert state["round"]["speaker"] == order[0]["name"]
    assert state["round"]["next_speaker"] == order[1]["name"]
    assert {m["id"] for m in state["members"]} == {o["id"] for o in order}
