"""Generated input on the ways in from outside: the join form, the card's HTTP save and the
live socket. Whatever arrives, the answer is a refusal or a success (never a 500, never a
dropped socket), and nothing is stored broken.

`make test` runs the short profile (25 examples each); `make test-long` the long one (1,000
each, HYPOTHESIS_PROFILE=long). Every other form is tried in tests/test_properties_endpoints.py.
"""

import json
import time

import pytest
from django.test import Client, override_settings
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from groups import domain as groups
from participants.models import Participant
from tests.conftest import joined_client
from tests.factories import group_session
from wall.models import Card

# Generated requests come faster than any person sends them: the rate limits (tested on
# their own in tests/test_rate_limits.py) would answer most of them 429 and hide the rest.
UNLIMITED = {"RATE_LIMITS": {}}
FIXTURES_ONCE = settings(suppress_health_check=[HealthCheck.function_scoped_fixture])

text = st.text(max_size=300)
# What a form field can carry: text of any kind, numbers as text, very long text.
field_value = st.one_of(
    text,
    st.integers().map(str),
    st.floats(allow_nan=True).map(str),
    st.sampled_from(["²", "١٢٣", "\x00", "𝟘", "-1", "1e999", "9" * 5000, " ", "null"]),
)


def form(fields: list[str]):
    """Some of `fields`, each with one or several values, and sometimes a field of no form."""
    keys = st.sampled_from([*fields, "unknown", "csrfmiddlewaretoken"])
    return st.dictionaries(keys, st.one_of(field_value, st.lists(field_value, max_size=3)))


@pytest.fixture
def meeting_in_session(db):
    item = group_session(questions=["Hva er relevant?", "Hva mangler?"])
    clients = [joined_client(item.meeting, name=f"Person {n}") for n in range(2)]
    (group,) = groups.groups_form(item=item, strategy="random", target_size=2, seed=3)
    return item, group, clients


JOIN_FIELDS = ["name", "organisation", "email", "join_key", "is_local_site", "head_count"]


@FIXTURES_ONCE
@given(data=form(JOIN_FIELDS))
@override_settings(**UNLIMITED)
def test_the_join_form_answers_any_input_without_a_server_error(meeting_in_session, data):
    item, _group, _clients = meeting_in_session
    before = Participant.objects.count()
    key = data.get("join_key")
    key = key[-1] if isinstance(key, list) and key else key  # the form reads the last value
    # (A NUL cannot be asked of PostgreSQL, and no stored key holds one.)
    known = (
        isinstance(key, str)
        and "\x00" not in key
        and item.meeting.participants.filter(join_key=key).exists()
    )

    response = Client().post(f"/m/{item.meeting.code}/join/", data)

    assert response.status_code in {302, 400}, (response.status_code, data)
    joined = Participant.objects.count() - before
    # A join key already used is the same person coming back: no second participant.
    assert joined == (1 if response.status_code == 302 and not known else 0)
    if joined:
        newest = Participant.objects.latest("pk")
        assert newest.name.strip() and "\x00" not in newest.name


CURRENT = "the card's version"  # stands for the card's own version, so that saves happen
card_form = st.fixed_dictionaries(
    {},
    optional={
        "base_version": st.one_of(st.just(CURRENT), field_value),
        "heading": field_value,
        "body": field_value,
        "questions": st.one_of(field_value, st.lists(field_value, max_size=3)),
        "unknown": field_value,
    },
)


@FIXTURES_ONCE
@given(data=card_form)
@override_settings(**UNLIMITED)
def test_the_card_save_answers_any_input_and_stores_only_what_it_accepts(meeting_in_session, data):
    _item, group, clients = meeting_in_session
    card = Card.objects.get(group=group)
    if data.get("base_version") == CURRENT:
        data = {**data, "base_version": str(card.version)}

    response = clients[0].post(f"/wall/{group.item.meeting.code}/card/save/", data)

    assert response.status_code in {200, 400, 409}, response.status_code
    body = response.json()  # the editor reads JSON whatever the answer
    after = Card.objects.get(pk=card.pk)
    if response.status_code == 200:
        assert after.version == card.version + 1 == body["version"]
        assert "\x00" not in after.body + after.heading
    else:
        assert (after.version, after.body) == (card.version, card.body)
        assert body.get("error") or body.get("conflict")


# Any JSON a page could send, nested a little, and frames that are not JSON at all.
json_value = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | text,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(text, inner, max_size=4),
    max_leaves=12,
)
request_frame = st.fixed_dictionaries(
    {"type": st.one_of(st.sampled_from(["card.save", "ping", "no.such"]), json_value)},
    optional={"id": json_value, "data": json_value},
)
socket_frame = st.one_of(
    request_frame.map(json.dumps),
    json_value.map(json.dumps),
    text,
    st.just("[" * 5000),
)


@pytest.mark.django_db(transaction=True)
@FIXTURES_ONCE
@given(frames=st.lists(socket_frame, min_size=1, max_size=8))
def test_the_live_socket_answers_or_passes_over_any_frame_and_stays_open(
    asgi_server, live_socket, frames
):
    item = group_session()
    client, _other = (
        joined_client(item.meeting, name=f"Person {n} {time.monotonic_ns()}") for n in range(2)
    )
    groups.groups_form(item=item, strategy="random", target_size=2, seed=1)
    socket = live_socket(item.meeting, client)
    socket.receive_event("programme.state")

    for frame in frames:
        socket.connection.send(frame)
    # Still open and still answering, in order, after whatever came before.
    socket.connection.send(json.dumps({"type": "ping"}))
    socket.receive_event("live.pong", timeout=10)
    replies = []
    socket.connection.send(json.dumps({"type": "no.such", "id": "last", "data": {}}))
    while not replies or replies[-1]["id"] != "last":
        replies.append(socket.receive_event("live.reply", timeout=10))
    assert all(reply["status"] in {200, 400, 403, 409, 429} for reply in replies)
    assert replies[-1]["status"] in {400, 429}
    socket.connection.close()
