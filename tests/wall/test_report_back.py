"""Report-back: picking groups by hand or at random, ordering, timing, and the stage state."""

import pytest

from groups import domain as groups
from meetings.models import ProgrammeItem
from tests.factories import MeetingFactory, ParticipantFactory, ProgrammeItemFactory
from wall import domain, report_back
from wall.models import ReportSlot

pytestmark = pytest.mark.django_db


@pytest.fixture
def report_item():
    meeting = MeetingFactory()
    session = ProgrammeItemFactory(
        meeting=meeting, kind=ProgrammeItem.Kind.GROUP_SESSION, position=1
    )
    for _ in range(12):
        ParticipantFactory(meeting=meeting)
    groups.groups_form(item=session, strategy="random", target_size=3, seed=1)
    return ProgrammeItemFactory(meeting=meeting, kind=ProgrammeItem.Kind.REPORT_BACK, position=2)


def order(item):
    return list(item.report_slots.values_list("group__number", flat=True))


def test_report_pick_keeps_the_given_order(report_item):
    report_back.report_pick(item=report_item, group_numbers=[3, 1], seconds=90)
    report_back.report_pick(item=report_item, group_numbers=[1, 2], seconds=90)
    assert order(report_item) == [3, 1, 2]


def write_cards(session, numbers, **moderation):
    for group in session.groups.filter(number__in=numbers):
        card = domain.card_save(
            card=domain.card_for(group),
            base_version=0,
            heading=f"Gruppe {group.number}",
            body="Det vi snakket om.",
            question_numbers=[],
        )
        if moderation:
            domain.card_moderate(card=card, **moderation)


def session_of(report_item):
    return report_item.meeting.items.get(kind=ProgrammeItem.Kind.GROUP_SESSION)


def test_report_pick_random_skips_groups_that_reported_before(report_item):
    write_cards(session_of(report_item), [1, 2, 3, 4])
    report_back.report_pick(item=report_item, group_numbers=[1, 2])
    later = ProgrammeItemFactory(
        meeting=report_item.meeting, kind=ProgrammeItem.Kind.REPORT_BACK, position=3
    )
    picked = report_back.report_pick_random(item=later, count=5, seed=4)
    assert sorted(slot.group.number for slot in picked) == [3, 4]
    with pytest.raises(domain.CardError):
        report_back.report_pick_random(item=later, count=1)


def test_the_random_draw_never_picks_a_group_without_a_card_on_the_wall(report_item):
    session = session_of(report_item)
    write_cards(session, [1, 3])
    write_cards(session, [4], hidden=True, hidden_reason="Navn på barn")

    for seed in range(20):
        picked = report_back.report_pick_random(item=report_item, count=4, seed=seed)
        assert sorted(slot.group.number for slot in picked) == [1, 3]
        ReportSlot.objects.filter(item=report_item).delete()


def test_the_random_draw_says_so_when_no_group_has_a_card(report_item):
    with pytest.raises(domain.CardError, match="Ingen grupper har kort på veggen ennå."):
        report_back.report_pick_random(item=report_item, count=2)


def test_report_refuses_bad_times_and_unknown_groups(report_item):
    with pytest.raises(domain.CardError):
        report_back.report_pick(item=report_item, group_numbers=[1], seconds=5)
    with pytest.raises(domain.CardError):
        report_back.report_pick(item=report_item, group_numbers=[99])
    assert not ReportSlot.objects.exists()


def test_report_needs_a_report_back_item_with_groups_before_it(report_item):
    session = report_item.meeting.items.get(kind=ProgrammeItem.Kind.GROUP_SESSION)
    with pytest.raises(domain.CardError):
        report_back.report_pick(item=session, group_numbers=[1])
    early = ProgrammeItemFactory(
        meeting=report_item.meeting, kind=ProgrammeItem.Kind.REPORT_BACK, position=0
    )
    with pytest.raises(domain.CardError):
        report_back.report_pick(item=early, group_numbers=[1])


def test_report_move_and_remove(report_item):
    slots = report_back.report_pick(item=report_item, group_numbers=[1, 2, 3])
    report_back.report_move(slot=slots[2], offset=-1)
    assert order(report_item) == [1, 3, 2]
    report_back.report_remove(slot=slots[0])
    assert order(report_item) == [3, 2]


def test_report_next_walks_through_the_groups(report_item):
    session = report_item.meeting.items.get(kind=ProgrammeItem.Kind.GROUP_SESSION)
    first_group = session.groups.get(number=2)
    domain.card_save(
        card=domain.card_for(first_group),
        base_version=0,
        heading="Gruppe to sier",
        body="Mye klokt",
        question_numbers=[],
    )
    name = {n: session.groups.get(number=n).name for n in (2, 3)}
    report_back.report_pick(item=report_item, group_numbers=[2, 3], seconds=60)
    state = report_back.report_state(report_item)
    assert (state["current"], state["next"], state["left"]) == (None, name[2], 2)

    report_back.report_next(item=report_item)
    state = report_back.report_state(report_item)
    assert state["current"]["group"] == name[2]
    assert "Gruppe to sier" in state["current"]["html"]
    assert state["next"] == name[3]

    report_back.report_next(item=report_item)
    state = report_back.report_state(report_item)
    assert (state["current"]["group"], state["current"]["html"], state["next"]) == (
        name[3],
        "",
        None,
    )
    report_back.report_next(item=report_item)
    assert report_back.report_state(report_item)["current"] is None
    assert list(report_item.report_slots.values_list("done", flat=True)) == [True, True]


def test_the_state_says_finished_once_every_group_chosen_has_reported(report_item):
    assert report_back.report_state(report_item)["finished"] is False  # nothing chosen yet
    report_back.report_pick(item=report_item, group_numbers=[1, 2])
    states = []
    for _ in range(3):
        report_back.report_next(item=report_item)
        state = report_back.report_state(report_item)
        states.append((state["current"] and state["current"]["group"], state["finished"]))
    assert states == [("Gruppe 1", False), ("Gruppe 2", False), (None, True)]
    # A group added afterwards opens it again.
    report_back.report_pick(item=report_item, group_numbers=[3])
    assert report_back.report_state(report_item)["finished"] is False
