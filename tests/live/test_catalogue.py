"""The catalogue of live/events.py: every type published anywhere is in it, every payload
matches its type, and every type a page listens for is one the server sends.

The socket tests (test_events.py and beside it) publish real events with LIVE_CHECK_EVENTS
on, so every payload the suite sends is held to its TypedDict as well; these tests hold the
source and the pages to the catalogue.
"""

import ast
import re
from pathlib import Path

import pytest
from django.db import transaction

from live import events
from live.events import REGISTRY, EventError, check
from live.publish import publish

ROOT = Path(__file__).resolve().parents[2]
SOURCE_DIRS = [
    path
    for path in ROOT.iterdir()
    if path.is_dir() and (path / "__init__.py").exists() and path.name not in {"tests", "bench"}
]


def _python_files():
    for folder in SOURCE_DIRS:
        yield from (p for p in folder.rglob("*.py") if "migrations" not in p.parts)


def _published_types(path: Path) -> list[tuple[int, str | None]]:
    """(line, type) of each call publish(meeting, TYPE, …) in the file; None when TYPE is
    neither a catalogue constant nor a literal string."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found = []
    for node in ast.walk(tree):
        if not (isinstance(node, ast.Call) and getattr(node.func, "id", None) == "publish"):
            continue
        if len(node.args) < 2:
            found.append((node.lineno, None))
            continue
        argument = node.args[1]
        if isinstance(argument, ast.Constant) and isinstance(argument.value, str):
            found.append((node.lineno, argument.value))
        elif isinstance(argument, ast.Name) and hasattr(events, argument.id):
            found.append((node.lineno, getattr(events, argument.id)))
        elif isinstance(argument, ast.Attribute) and getattr(argument.value, "id", "") == "events":
            found.append((node.lineno, getattr(events, argument.attr, None)))
        else:
            found.append((node.lineno, None))
    return found


def test_every_type_published_anywhere_is_in_the_catalogue():
    published = {}
    for path in _python_files():
        for line, event_type in _published_types(path):
            where = f"{path.relative_to(ROOT)}:{line}"
            assert event_type is not None, f"{where}: publish a constant of live/events.py"
            assert event_type in REGISTRY, f"{where}: {event_type!r} is not in the catalogue"
            published[event_type] = where
    # …and nothing is catalogued that nothing publishes.
    assert set(published) == set(REGISTRY), set(REGISTRY) ^ set(published)


def test_every_type_has_a_rule_audiences_and_listeners_that_read_it():
    for event_type, event in REGISTRY.items():
        assert event.rule == events.APPLY or event.rule.startswith("region “"), event_type
        assert event.audiences and set(event.audiences) <= {
            events.EVERYONE,
            events.FACILITATORS,
            events.PARTICIPANT,
            events.CARD,
            events.VIEWERS,
        }
        assert event.listeners, f"{event_type} has no page that reads it"
        for listener in event.listeners:
            text = (ROOT / listener).read_text(encoding="utf-8")
            assert event_type in text, f"{listener} does not read {event_type}"


def _listened_types() -> dict[str, str]:
    """Each type a page listens for: in `data-refresh-on` of a template, or as the DOM
    event "live:<type>" that live.js fires, in a script."""
    heard = {}
    for template in ROOT.glob("*/templates/**/*.html"):
        for value in re.findall(r'data-refresh-on="([^"]+)"', template.read_text("utf-8")):
            for event_type in value.split():
                heard[event_type] = str(template.relative_to(ROOT))
    for script in (ROOT / "common/static/samtale/js").glob("*.js"):
        for event_type in re.findall(r'"live:([a-z]+\.[a-z]+)"', script.read_text("utf-8")):
            heard[event_type] = str(script.relative_to(ROOT))
    return heard


def test_every_type_a_page_listens_for_is_one_the_server_sends():
    heard = _listened_types()
    assert heard, "no page listens for anything: the pattern above no longer matches"
    for event_type, where in heard.items():
        assert event_type in REGISTRY or event_type == events.LIVE_RESYNC, (
            f"{where} listens for {event_type!r}, which nothing sends"
        )


def test_an_audience_a_page_joins_has_a_check_of_who_may():
    """Beside the audiences granted to a person, a page may only join one that an app
    checks (live/snapshot.py): a kind without a check could be heard by nobody."""
    from live.snapshot import joinable

    granted = {events.EVERYONE, events.FACILITATORS, events.PARTICIPANT}
    # What a wall says it shows (wall.view) is joined by that request, not on the URL.
    viewed = {events.VIEWERS}
    joined = {kind for event in REGISTRY.values() for kind in event.audiences} - granted - viewed
    assert joined == {events.CARD}
    assert joined <= set(joinable)
    assert not viewed & set(joinable)


def test_a_card_edit_goes_to_the_cards_editors_alone():
    edit = {"id": 1, "update": "AA==", "by": "Anne"}
    check(events.CARD_EDIT, edit, audience="card:1")
    with pytest.raises(EventError, match="may not be sent to 'participant:4'"):
        check(events.CARD_EDIT, edit, audience="participant:4")


# --- check(): what it holds a publish to ------------------------------------------------------

GOOD_CARD_TEXT = {"id": 1, "version": 2, "heading": "Tittel", "body": "<p>x</p>", "questions": []}


def test_a_payload_that_matches_its_type_passes():
    check(events.CARD_TEXT, GOOD_CARD_TEXT, audience="participant:4", key="card.text:1")
    check(events.PRESENCE_STALE, {}, audience=events.FACILITATORS)


@pytest.mark.parametrize(
    ("event_type", "data", "kwargs", "says"),
    [
        ("card.saved", GOOD_CARD_TEXT, {}, "not a live event"),
        (events.CARD_TEXT, {**GOOD_CARD_TEXT, "version": "2"}, {}, "data.version is str"),
        (events.CARD_TEXT, {**GOOD_CARD_TEXT, "version": True}, {}, "data.version is bool"),
        (events.CARD_TEXT, {"id": 1, "version": 2}, {}, "lacks body, heading, questions"),
        (events.CARD_TEXT, {**GOOD_CARD_TEXT, "html": ""}, {}, "has html"),
        (events.CARD_TEXT, {**GOOD_CARD_TEXT, "questions": ["1"]}, {}, "data.questions[0]"),
        (events.CARD_TEXT, GOOD_CARD_TEXT, {"audience": "all"}, "may not be sent to 'all'"),
        (events.CARD_TEXT, GOOD_CARD_TEXT, {"key": "card.state:1"}, "does not start with"),
        (events.GROUPS_STALE, {"item": 3, "formed": True}, {}, "has formed"),
    ],
)
def test_a_payload_that_does_not_match_is_refused_and_says_why(event_type, data, kwargs, says):
    with pytest.raises(EventError, match=re.escape(says)):
        check(event_type, data, **kwargs)


@pytest.mark.django_db
def test_publish_refuses_what_the_catalogue_does_not_allow_before_anything_is_sent():
    with transaction.atomic(), pytest.raises(EventError):
        publish(1, events.PRESENCE_STALE, {"people": 3}, audience=events.FACILITATORS)
