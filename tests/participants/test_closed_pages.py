"""Pages closed for good: someone whose every page of the meeting went away (the beacon on
pagehide) and did not come back within the grace period counts as gone, as if they had
left; the same browser opening a page again brings them back. A phone asleep (its socket
dropped, no beacon) and an open page keep them here."""

import datetime

import pytest
from django.core.cache import cache
from django.db.models import F
from django.test import Client

from groups import domain as groups
from groups.models import Role, Round
from meetings import domain as meetings
from participants import domain
from participants.models import Participant
from participants.signals import closed_check_wanted
from tests.conftest import joined_client
from tests.factories import ParticipantFactory, group_session

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def grace(settings):
    cache.clear()  # no check waiting from an earlier test (common.cache.first_in_spell)
    settings.PARTICIPANT_CLOSED_GRACE_SECONDS = 45
    return datetime.timedelta(seconds=45)


@pytest.fixture
def group():
    """A running group session with one group of three: Anne, Bjørn and Cecilie."""
    session = group_session()
    for name in ("Anne Ås", "Bjørn Berg", "Cecilie Dahl"):
        ParticipantFactory(meeting=session.meeting, name=name)
    meetings.meeting_start(meeting=session.meeting)
    meetings.item_start(meeting=session.meeting, item=session)
    (formed,) = groups.groups_form(item=session, strategy="random", target_size=3, seed=1)
    return formed


def member(group, name):
    return group.memberships.select_related("participant").get(participant__name=name)


def opened(participant, page="first"):
    """A socket of `page` (live.js's id for a page) opened."""
    domain.participant_socket_opened(participant_id=participant.pk, page=page)


def closed(participant):
    domain.participant_socket_closed(participant_id=participant.pk)


def beacon(participant, page="first"):
    """`page` went away."""
    participant.refresh_from_db()
    domain.participant_closing(participant=participant, page=page)


def grace_passes(participant, grace):
    """As if the last beacon had come longer ago than the grace period."""
    Participant.objects.filter(pk=participant.pk, closed_at__isnull=False).update(
        closed_at=F("closed_at") - grace - datetime.timedelta(seconds=1)
    )


def check(participant) -> bool:
    gone = domain.participant_closed_check(participant_id=participant.pk)
    participant.refresh_from_db()
    return gone


def test_a_page_closed_for_good_makes_its_person_gone_after_the_grace(group, grace):
    cecilie = member(group, "Cecilie Dahl").participant
    opened(cecilie)
    beacon(cecilie)
    closed(cecilie)
    grace_passes(cecilie, grace)
    closed_at = Participant.objects.get(pk=cecilie.pk).closed_at

    assert check(cecilie) is True

    assert (cecilie.left_at, cecilie.gone) == (closed_at, Participant.Gone.CLOSED)
    assert domain.presence_counts(group.item.meeting)["joined"] == 2
    present = sorted(p.name for p in domain.present_participants(group.item.meeting))
    assert present == ["Anne Ås", "Bjørn Berg"]


def test_the_role_of_someone_whose_page_closed_is_free_and_the_round_passes_them(group, grace):
    anne, cecilie = member(group, "Anne Ås"), member(group, "Cecilie Dahl")
    groups.role_take(membership=cecilie, role=Role.NOTE_TAKER)
    current = groups.round_start(group=group, question_numbers=[1])
    assert current.speaking_order.index(cecilie.participant_id) == 2  # by name: Anne first
    opened(cecilie.participant)
    beacon(cecilie.participant)
    closed(cecilie.participant)
    grace_passes(cecilie.participant, grace)
    assert check(cecilie.participant)

    groups.role_take(membership=anne, role=Role.NOTE_TAKER)
    groups.round_pass(current=current)  # Anne to Bjørn
    after = groups.round_pass(current=current)  # Bjørn on: Cecilie is passed over

    assert group.memberships.get(role=Role.NOTE_TAKER) == anne
    assert after.phase == Round.Phase.DIALOGUE


def test_an_open_page_keeps_them_here(group, grace):
    """Two tabs, one closed: the other's socket is still open."""
    anne = member(group, "Anne Ås").participant
    opened(anne)
    opened(anne)
    beacon(anne)
    closed(anne)
    grace_passes(anne, grace)

    assert check(anne) is False
    assert (anne.left_at, anne.gone, anne.open_sockets) == (None, "", 1)


def test_a_phone_asleep_stays_here(group, grace):
    """The socket dropped, but the page sent no beacon: it is still there."""
    anne = member(group, "Anne Ås").participant
    opened(anne)
    closed(anne)

    assert check(anne) is False
    assert anne.left_at is None


def test_a_page_opened_since_the_beacon_keeps_them_here(group, grace):
    """From one page to the next: the beacon, then the next page's socket. That it
    drops later (the phone asleep) is no closing."""
    anne = member(group, "Anne Ås").participant
    opened(anne, "meeting page")
    beacon(anne, "meeting page")
    closed(anne)
    opened(anne, "group page")
    closed(anne)
    grace_passes(anne, grace)

    assert check(anne) is False
    assert (anne.left_at, anne.closed_at) == (None, None)


def test_a_late_beacon_of_the_page_before_is_no_closing(group, grace):
    """The beacon of the page left arrives after the next page's socket has opened."""
    anne = member(group, "Anne Ås").participant
    opened(anne, "meeting page")
    closed(anne)
    opened(anne, "group page")
    beacon(anne, "meeting page")
    closed(anne)  # the phone goes to sleep on the group page
    grace_passes(anne, grace)

    assert check(anne) is False
    assert anne.left_at is None


@pytest.mark.parametrize("order", [("older", "newer"), ("newer", "older")])
def test_closing_every_tab_makes_them_gone_in_either_order(group, grace, order):
    anne = member(group, "Anne Ås").participant
    opened(anne, "older")
    opened(anne, "newer")
    first, last = order
    beacon(anne, first)
    closed(anne)
    grace_passes(anne, grace)
    assert check(anne) is False  # the other tab is open

    beacon(anne, last)
    closed(anne)
    grace_passes(anne, grace)

    assert check(anne) is True
    assert anne.gone == Participant.Gone.CLOSED


def test_the_check_looks_again_after_a_later_beacon(group, grace):
    anne = member(group, "Anne Ås").participant
    wanted = []

    def heard(sender, participant_id, run_after, **kwargs):
        wanted.append((participant_id, run_after))

    opened(anne)
    closed_check_wanted.connect(heard)
    try:
        beacon(anne)  # the latest closing is within the grace still
        assert check(anne) is False
    finally:
        closed_check_wanted.disconnect(heard)

    assert anne.left_at is None
    assert wanted[-1] == (anne.pk, anne.closed_at + grace)


def test_a_beacon_queues_one_check_after_the_grace(group, grace):
    from django_tasks_db.models import DBTaskResult

    anne = member(group, "Anne Ås").participant
    opened(anne)
    before = DBTaskResult.objects.count()
    beacon(anne)
    beacon(anne)  # a second page of theirs going away: the check waiting will see it

    queued = DBTaskResult.objects.order_by("-pk")
    assert queued.count() == before + 1
    anne.refresh_from_db()
    # The second beacon is the latest closing; the check runs after the first one's grace.
    assert queued[0].run_after - grace <= anne.closed_at
    assert queued[0].args_kwargs["args"] == [anne.pk]


def test_coming_back_makes_them_present_again_in_their_group(group, grace):
    cecilie = member(group, "Cecilie Dahl")
    groups.role_take(membership=cecilie, role=Role.NOTE_TAKER)
    opened(cecilie.participant)
    beacon(cecilie.participant)
    closed(cecilie.participant)
    grace_passes(cecilie.participant, grace)
    assert check(cecilie.participant)

    opened(cecilie.participant)  # a page of the meeting again, with the same session

    cecilie.participant.refresh_from_db()
    assert (cecilie.participant.left_at, cecilie.participant.gone) == (None, "")
    assert cecilie.participant.open_sockets == 1
    assert domain.presence_counts(group.item.meeting)["joined"] == 3
    cecilie.refresh_from_db()
    assert (cecilie.group_id, cecilie.role) == (group.pk, Role.NOTE_TAKER)
    state = groups.group_state(group)
    assert all(m["present"] for m in state["members"])


def test_someone_who_pressed_leave_stays_left(group, grace):
    client = joined_client(group.item.meeting, name="Dag Dahl", organisation_is_other="on")
    dag = Participant.objects.get(name="Dag Dahl")
    opened(dag)  # a tab of theirs still open
    client.post(f"/m/{group.item.meeting.code}/leave/")
    dag.refresh_from_db()
    left_at = dag.left_at

    beacon(dag)
    closed(dag)
    opened(dag)
    grace_passes(dag, grace)

    assert check(dag) is False
    assert (dag.left_at, dag.gone) == (left_at, Participant.Gone.LEFT)
    # Their browser has forgotten them: it is nobody in the meeting any more.
    assert domain.participant_from_session(client.session, group.item.meeting) is None


def test_a_socket_costs_one_statement_to_count_and_one_to_uncount(group, django_assert_num_queries):
    anne = member(group, "Anne Ås").participant
    with django_assert_num_queries(1):
        opened(anne)
    with django_assert_num_queries(1):
        closed(anne)
    anne.refresh_from_db()
    assert anne.open_sockets == 0


def test_the_count_never_goes_below_nothing(group):
    anne = member(group, "Anne Ås").participant
    closed(anne)
    anne.refresh_from_db()
    assert anne.open_sockets == 0


# --- The beacon's endpoint ----------------------------------------------------------------


def csrf_client(meeting, name="Eva Eik"):
    """A joined browser that holds to the CSRF check, as a browser's requests are held."""
    joined = joined_client(meeting, name=name, organisation_is_other="on")
    client = Client(enforce_csrf_checks=True)
    client.cookies = joined.cookies
    client.get(f"/m/{meeting.code}/")  # the page sets the CSRF cookie
    return client


def test_the_beacon_notes_the_closing_of_this_browsers_participant(group):
    meeting = group.item.meeting
    client = csrf_client(meeting)
    token = client.cookies["csrftoken"].value

    response = client.post(
        f"/m/{meeting.code}/closing/",
        {"csrfmiddlewaretoken": token},
        headers={"Origin": "http://testserver"},
    )

    assert response.status_code == 204
    eva = Participant.objects.get(name="Eva Eik")
    assert eva.closed_at is not None
    assert not Participant.objects.exclude(pk=eva.pk).filter(closed_at__isnull=False).exists()


def test_a_beacon_without_the_token_or_from_another_site_is_refused(group):
    meeting = group.item.meeting
    client = csrf_client(meeting)
    token = client.cookies["csrftoken"].value

    without_token = client.post(f"/m/{meeting.code}/closing/")
    cross_site = client.post(
        f"/m/{meeting.code}/closing/",
        {"csrfmiddlewaretoken": token},
        headers={"Origin": "https://elsewhere.example"},
    )

    assert (without_token.status_code, cross_site.status_code) == (403, 403)
    assert not Participant.objects.filter(closed_at__isnull=False).exists()


def test_a_beacon_of_nobody_does_nothing(group):
    response = Client().post(f"/m/{group.item.meeting.code}/closing/")
    assert response.status_code == 204
    assert not Participant.objects.filter(closed_at__isnull=False).exists()
