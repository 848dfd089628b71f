"""Someone who closes their page for good is gone for their group after the grace period:
the role they held is free to take and the round passes over them. A page that only loses
its socket (a phone asleep, the network gone) is not: it sent no beacon.

A real worker (`manage.py db_worker`) runs the check the beacon queues."""

import time

import pytest
from playwright.sync_api import expect

from groups import domain
from groups.models import Membership, Role
from participants.models import Participant
from tests.browser.conftest import to_group_page
from tests.browser.test_live_programme import join
from tests.conftest import axe_violations
from tests.processes import wait_until
from tests.reports.test_worker import Worker

pytestmark = pytest.mark.browser

GRACE_SECONDS = 1
# The grace, the worker's polling and a start of its own, and the page's reload.
GONE_TIMEOUT = 20_000  # ms


@pytest.fixture
def worker(session, settings, monkeypatch):
    """The check's worker, with a short grace for it and for the server that queues it."""
    settings.PARTICIPANT_CLOSED_GRACE_SECONDS = GRACE_SECONDS
    monkeypatch.setenv("PARTICIPANT_CLOSED_GRACE_SECONDS", str(GRACE_SECONDS))
    started = Worker(settings.MEDIA_ROOT)
    yield started
    started.stop()


def a_group_of_two(session, new_page):
    """Anne (the timekeeper) and Cecilie (the note-taker), each on their group page, with
    a round begun: Anne speaks, Cecilie is next."""
    anne = new_page(width=390, height=844)
    join(anne, session.meeting, "Anne Ås", "Porsgrunn kulturskole")
    cecilie = new_page()
    join(cecilie, session.meeting, "Cecilie Dahl", "Skien kulturskole")
    (group,) = domain.groups_form(item=session, strategy="random", target_size=2, seed=1)
    members = {m.participant.name: m for m in group.memberships.select_related("participant")}
    domain.role_take(membership=members["Anne Ås"], role=Role.TIMEKEEPER)
    domain.role_take(membership=members["Cecilie Dahl"], role=Role.NOTE_TAKER)
    domain.round_start(group=group, question_numbers=[1])
    to_group_page(anne, session)
    to_group_page(cecilie, session)
    expect(anne.locator("[data-take-role=note_taker]")).to_have_count(0)
    wait_until(lambda: Participant.objects.get(name="Cecilie Dahl").open_sockets == 1)
    return anne, cecilie, group


def test_a_closed_page_frees_its_role_and_the_round_passes_over_it(session, new_page, worker):
    anne, cecilie, group = a_group_of_two(session, new_page)

    cecilie.close(run_before_unload=True)
    # The beacon reached the server (Playwright does not report a beacon as a request).
    wait_until(
        lambda: Participant.objects.get(name="Cecilie Dahl").closed_at is not None,
        timeout=5,
        what="the closing page's beacon",
    )

    take = anne.locator("[data-take-role=note_taker]")
    expect(take).to_be_visible(timeout=GONE_TIMEOUT)
    gone = Participant.objects.get(name="Cecilie Dahl")
    assert (gone.gone, gone.left_at) == (Participant.Gone.CLOSED, gone.closed_at)
    expect(anne.locator(".member--gone")).to_contain_text("Cecilie Dahl")
    # Cecilie's turn, had she stayed: the word passes to the open dialogue.
    anne.get_by_role("button", name="Neste som snakker").click()
    expect(anne.get_by_role("button", name="Videre til oppsummering")).to_be_visible()
    assert axe_violations(anne) == []

    take.click()  # a member holds one role: Anne, no longer the timekeeper, takes notes
    expect(anne.locator("[data-give-up-role=note_taker]")).to_be_visible()
    assert group.memberships.get(role=Role.NOTE_TAKER).participant.name == "Anne Ås"


def test_a_page_that_only_lost_its_socket_is_not_gone(session, new_page, worker, asgi_server):
    anne, cecilie, _group = a_group_of_two(session, new_page)

    # The network goes, and the server drops the socket: the page stays, as a phone asleep.
    cecilie.context.set_offline(True)
    asgi_server.restart()
    wait_until(lambda: Participant.objects.get(name="Cecilie Dahl").open_sockets == 0)
    expect(anne.locator("[data-live-status]")).to_have_attribute("data-state", "online")
    time.sleep(3 * GRACE_SECONDS)  # what would have been the grace, and the worker's turn

    cecilie_now = Participant.objects.get(name="Cecilie Dahl")
    assert (cecilie_now.left_at, cecilie_now.closed_at) == (None, None)
    expect(anne.locator(".member--gone")).to_have_count(0)
    expect(anne.locator("[data-take-role=note_taker]")).to_have_count(0)
    assert Membership.objects.get(role=Role.NOTE_TAKER).participant == cecilie_now

    cecilie.context.set_offline(False)  # the phone wakes: its page connects again
    expect(cecilie.locator("[data-live-status]")).to_have_attribute(
        "data-state", "online", timeout=10_000
    )
    wait_until(lambda: Participant.objects.get(name="Cecilie Dahl").open_sockets == 1)
