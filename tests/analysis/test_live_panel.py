"""The control room's panel of value areas and themes, updated as cards are saved."""

import pytest
from django.core.cache import cache

from analysis import live
from analysis.models import SessionSynthesis
from analysis.tasks import session_refresh
from meetings import domain as meetings
from tests.analysis.cards import written_cards
from wall import domain as wall

TEXTS = [
    "Kulturskolen må være for alle barn. Egenbetalingen er for høy og ventelisten lang.",
    "Egenbetalingen stenger barn ute, og ventelisten er lang hos oss også.",
    "Elevane skal få skape eigen musikk og improvisere saman med dansarar.",
    "Elevene skal få skape sin egen musikk og improvisere med dansere.",
]


@pytest.fixture
def session(transactional_db):
    cache.clear()
    cards = written_cards(TEXTS)
    meeting = cards[0].item.meeting
    meetings.meeting_start(meeting=meeting)
    meetings.item_start(meeting=meeting, item=cards[0].item)
    return cards[0].item


def test_a_saved_card_schedules_one_refresh_per_spell(session, django_capture_on_commit_callbacks):
    from django_tasks_db.models import DBTaskResult

    cache.clear()  # a new quiet spell
    before = DBTaskResult.objects.count()
    card = session.cards.order_by("group__number").first()
    with django_capture_on_commit_callbacks(execute=True):
        for version in range(1, 4):
            wall.card_save(
                card=card,
                base_version=version,
                heading="",
                body=f"Tekst {version}",
                question_numbers=[1],
            )
    assert DBTaskResult.objects.count() == before + 1


def test_the_panel_hears_of_new_themes_over_a_real_socket(
    session, asgi_server, live_socket, facilitator_client
):
    client, user = facilitator_client
    session.meeting.facilitators.add(user)
    socket = live_socket(session.meeting, client)
    socket.receive_event("programme.state")
    session_refresh.call(session.pk)
    ping = socket.receive_event("synthesis.stale")
    synthesis = SessionSynthesis.objects.get(item=session)
    assert ping == {"item": session.pk, "version": synthesis.version}
    areas = {area["slug"]: area["groups"] for area in synthesis.data["areas"]}
    assert len(areas["inkluderende_og_mangfoldig"]) == 2
    assert len(areas["utviklende_og_skapende"]) == 2
    assert synthesis.data["cards"] == 4
    assert synthesis.data["themes"]

    response = client.get(f"/analysis/{session.meeting.pk}/panel/")
    html = response.content.decode()
    assert response.status_code == 200
    assert "Inkluderende og mangfoldig" in html
    assert synthesis.data["themes"][0]["label"] in html


def test_participants_do_not_hear_the_panel(session, asgi_server, live_socket):
    from tests.conftest import joined_client

    socket = live_socket(session.meeting, joined_client(session.meeting))
    socket.receive_event("programme.state")
    session_refresh.call(session.pk)
    socket.assert_silent("synthesis.stale")


def test_the_session_in_focus_is_the_running_one(session):
    session.meeting.refresh_from_db()
    assert live.session_in_focus(session.meeting) == session
