"""Live frames in the reader's language: a change shown in words is rendered once in each
language the meeting's open pages are in, and each socket is sent its own (live/languages.py,
live/publish.py, live/hub.py)."""

import collections

import pytest
from django.conf import settings
from django.core.cache import cache
from django.utils import translation

from groups import domain as groups
from live import languages
from live.hub import batch_by_audience
from live.publish import languages_heard
from meetings import domain as meetings
from meetings.models import ProgrammeItem
from tests.conftest import joined_client
from tests.factories import ProgrammeItemFactory, group_session
from wall import domain, report_back


@pytest.fixture
def session(asgi_server):
    item = group_session(questions=["Hva er relevant?"])
    # Marks left by an earlier test's sockets on a meeting of the same id are not this one's.
    cache.delete_many([languages._key(item.meeting_id, code) for code in languages.codes()])
    return item


@pytest.fixture
def card_renders(monkeypatch):
    """The languages wall/_card.html is rendered in, as they happen."""
    rendered = collections.Counter()
    original = domain.render_to_string

    def counting(template_name, *args, **kwargs):
        if template_name == "wall/_card.html":
            rendered[translation.get_language()] += 1
        return original(template_name, *args, **kwargs)

    monkeypatch.setattr(domain, "render_to_string", counting)
    return rendered


def in_language(client, code):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = code
    return client


def _msgstr(language: str, msgid: str) -> str:
    with translation.override(language):
        return translation.gettext(msgid)


def test_each_socket_gets_the_card_in_its_own_language_rendered_once_per_language(
    session, live_socket, card_renders
):
    meetings.meeting_start(meeting=session.meeting)
    readers = {
        "en": in_language(joined_client(session.meeting, name="Ann Reader"), "en"),
        "nb": joined_client(session.meeting, name="Bjørn Leser"),  # the meeting's language
        "nn": in_language(joined_client(session.meeting, name="Nils Lesar"), "nn"),
    }
    (group,) = groups.groups_form(item=session, strategy="random", target_size=3, seed=3)
    sockets = {code: live_socket(session.meeting, client) for code, client in readers.items()}
    for socket in sockets.values():
        socket.receive_event("programme.state")
        socket.view(domain.card_for(group).pk)  # a wall that shows the card
    author = group.memberships.first().participant

    domain.card_save(
        card=domain.card_for(group),
        base_version=0,
        heading="Kulturskolen for alle",
        body="Tekst",
        question_numbers=[1],
        author=author,
    )

    frames = {code: socket.receive_event("card.state") for code, socket in sockets.items()}
    for code, frame in frames.items():
        html = frame["html"]
        assert f"{_msgstr(code, 'Written by')} {author.name}" in html, (code, html)
        assert _msgstr(code, "Answers question") in html, code
        assert "Kulturskolen for alle" in html
    assert "Written by" in frames["en"]["html"] and "Group 1" in frames["en"]["html"]
    assert "Skrevet av" in frames["nb"]["html"] and "Gruppe 1" in frames["nb"]["html"]
    assert "Skrive av" in frames["nn"]["html"] and "Svarar på spørsmål" in frames["nn"]["html"]
    # Rendered once per language, for the wall and the facilitators' frames alike.
    assert card_renders == {"en": 1, "nb": 1, "nn": 1}


def test_a_meeting_whose_pages_are_all_in_one_language_renders_a_change_once(
    session, live_socket, card_renders
):
    clients = [in_language(joined_client(session.meeting, name=f"P {n}"), "en") for n in (1, 2)]
    (group,) = groups.groups_form(item=session, strategy="random", target_size=2, seed=3)
    sockets = [live_socket(session.meeting, client) for client in clients]
    for socket in sockets:
        socket.receive_event("programme.state")
        socket.view(domain.card_for(group).pk)
    assert languages_heard(session.meeting_id, session.meeting.language) == ["en"]

    domain.card_save(
        card=domain.card_for(group), base_version=0, heading="H", body="T", question_numbers=[]
    )

    frames = [socket.receive_event("card.state") for socket in sockets]
    assert frames[0] == frames[1]
    assert "Group 1" in frames[0]["html"]
    assert card_renders == {"en": 1}


def test_the_report_back_reaches_each_socket_in_its_language(session, live_socket):
    meetings.meeting_start(meeting=session.meeting)
    english = in_language(joined_client(session.meeting, name="Ann Reader"), "en")
    norwegian = joined_client(session.meeting, name="Bjørn Leser")
    (group,) = groups.groups_form(item=session, strategy="random", target_size=2, seed=3)
    domain.card_save(
        card=domain.card_for(group), base_version=0, heading="H", body="T", question_numbers=[1]
    )
    report = ProgrammeItemFactory(
        meeting=session.meeting, kind=ProgrammeItem.Kind.REPORT_BACK, position=session.position + 1
    )
    report_back.report_pick(item=report, group_numbers=[1], seconds=60)
    meetings.item_start(meeting=session.meeting, item=report)
    sockets = {
        "en": live_socket(session.meeting, english),
        "nb": live_socket(session.meeting, norwegian),
    }

    # The snapshot says who is next in the socket's language…
    snapshot = {code: s.receive_event("reportback.state") for code, s in sockets.items()}
    assert (snapshot["en"]["next"], snapshot["nb"]["next"]) == ("Group 1", "Gruppe 1")

    # …and so does the change: the presenting group and its card.
    report_back.report_next(item=report)
    changed = {code: s.receive_event("reportback.state") for code, s in sockets.items()}
    assert changed["en"]["current"]["group"] == "Group 1"
    assert "Answers question" in changed["en"]["current"]["html"]
    assert changed["nb"]["current"]["group"] == "Gruppe 1"
    assert "Svarer på spørsmål" in changed["nb"]["current"]["html"]


def test_the_languages_heard_without_a_runtime_or_redis_are_every_language(db, settings):
    settings.REDIS_URL = ""
    assert languages_heard(1, "nn") == ["nn", "nb", "en"]


def test_a_tick_sends_each_language_its_batch_and_others_the_first():
    everyone = frozenset({"all"})
    messages = [
        (everyone, "A", None),
        (everyone, "B-nb", {"nb": "B-nb", "en": "B-en"}),
    ]
    ((audiences, first, by_language),) = batch_by_audience(messages)
    assert audiences == everyone
    assert first == '{"type": "live.batch", "data": [A,B-nb]}'
    assert by_language == {
        "nb": '{"type": "live.batch", "data": [A,B-nb]}',
        "en": '{"type": "live.batch", "data": [A,B-en]}',
    }
    # Without frames in several languages, one batch for everyone, as before.
    assert batch_by_audience([(everyone, "A", None)]) == [(everyone, "A", None)]
