"""An e-mail address that a spreadsheet would run as a formula: the join form refuses it,
and the Zoom file, which must hold addresses as they are, leaves out one stored before."""

import logging

import pytest
from django.core.validators import validate_email
from django.test import Client

from groups import domain, exports
from participants.models import Participant
from tests.factories import MeetingFactory, ParticipantFactory
from tests.groups.test_views import EN, group_session, manage_url

pytestmark = pytest.mark.django_db

FORMULAS = ["=cmd|calc!A0@example.org", "+1+1@example.org", "-2+3@example.org"]


def join(meeting, email):
    client = Client()
    data = {
        "organisation": "Porsgrunn kommune",
        "organisation_is_other": "on",
        "name": "Morten Hagevik",
        "email": email,
        "join_key": "key-1",
    }
    return client.post(f"/m/{meeting.code}/join/", data, HTTP_ACCEPT_LANGUAGE="en")


@pytest.mark.parametrize("email", FORMULAS)
def test_the_join_form_refuses_an_address_that_starts_like_a_formula(email):
    validate_email(email)  # a valid address, to Django
    meeting = MeetingFactory(language="en", zoom_preassign=True)

    response = join(meeting, email)

    assert response.status_code == 400
    content = response.content.decode()
    assert 'id="id_email_error"' in content
    assert "An e-mail address cannot start with =, +, - or @." in content
    assert not Participant.objects.exists()


def test_the_join_form_still_takes_a_plain_address_with_those_characters_inside():
    meeting = MeetingFactory(language="en", zoom_preassign=True)

    response = join(meeting, "kari+mote=1@ks.no")

    assert response.status_code == 302
    assert Participant.objects.get().email == "kari+mote=1@ks.no"


@pytest.fixture
def own_session(facilitator_client):
    client, user = facilitator_client
    item = group_session(MeetingFactory(facilitators=[user], zoom_preassign=True))
    ParticipantFactory(meeting=item.meeting, name="Kari Nordmann", email="kari@ks.no")
    # Stored before the join form refused them.
    for number, email in enumerate(FORMULAS):
        ParticipantFactory(meeting=item.meeting, name=f"Formel {number}", email=email)
    domain.groups_form(item=item, strategy="random", target_size=2, seed=1)
    item.client = client
    return item


def test_the_zoom_file_leaves_out_addresses_that_start_like_a_formula(own_session, caplog):
    caplog.set_level(logging.WARNING, logger="samtale.groups")

    response = own_session.client.get(manage_url("export-zoom", own_session))

    assert response.status_code == 200
    lines = response.content.decode().split("\r\n")
    assert lines[0] == "Pre-assign Room Name,Email Address"
    assert [line.split(",")[1] for line in lines[1:-1]] == ["kari@ks.no"]
    for email in FORMULAS:
        assert email.encode() not in response.content
    assert "3 e-mail addresses left out" in caplog.text
    assert "example.org" not in caplog.text  # the count, not the addresses


def test_the_facilitator_is_told_to_move_those_people_by_hand(own_session):
    rows = exports.roster(own_session)
    assert {row.name for row in exports.without_email(rows)} == {"Formel 0", "Formel 1", "Formel 2"}

    response = own_session.client.get(manage_url("manage", own_session), **EN)

    content = response.content.decode()
    assert "3 people have no e-mail and are not in the Zoom file" in content
    warning = content.split("message--warning", 1)[1].split("</div>", 1)[0]
    assert "Formel 0" in warning


def test_the_roster_still_shows_those_addresses_as_text(own_session):
    text = exports.roster_csv(exports.roster(own_session)).decode("utf-8")

    assert "'=cmd|calc!A0@example.org" in text
    assert ",=cmd" not in text
