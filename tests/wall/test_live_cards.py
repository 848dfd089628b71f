"""What a card's live frames carry: the card as the wall shows it, and never a form.

A form rendered outside a request has no CSRF token, so it would be refused once posted;
the page that receives a card gives the facilitator its tools.
"""

import pytest

from groups import domain as groups
from meetings import domain as meetings
from tests.conftest import joined_client
from tests.factories import group_session
from wall import domain


@pytest.fixture
def session(asgi_server):
    return group_session(questions=["Hva er relevant?"])


def test_card_frames_carry_no_forms_and_the_state_of_the_tools(
    session, live_socket, facilitator_client
):
    client, user = facilitator_client
    session.meeting.facilitators.add(user)
    participant = joined_client(session.meeting, name="Anne Ås")
    joined_client(session.meeting, name="Bjørn Berg")
    meetings.meeting_start(meeting=session.meeting)
    (group,) = groups.groups_form(item=session, strategy="random", target_size=2, seed=3)
    card = domain.card_save(
        card=domain.card_for(group), base_version=0, heading="H", body="Tekst", question_numbers=[]
    )
    facilitator = live_socket(session.meeting, client)
    member = live_socket(session.meeting, participant)
    for socket in (facilitator, member):
        socket.receive_event("programme.state")
        socket.view(card.pk)  # a wall page that shows the card

    domain.card_moderate(card=card, pinned=True, comment="Fint!")
    public = facilitator.receive_event("card.state")
    moderated = facilitator.receive_event("card.state")
    assert "<form" not in public["html"]
    assert "<form" not in moderated["html"]
    assert moderated["html"] == public["html"]  # rendered once, for everyone
    assert (moderated["moderator"], moderated["pinned"], moderated["hidden"]) == (True, True, False)
    assert (moderated["comment"], moderated["name"]) == ("Fint!", group.name)
    assert member.receive_event("card.state") == public
    assert "comment" not in public


def test_hidden_card_reaches_facilitators_without_forms(session, live_socket, facilitator_client):
    client, user = facilitator_client
    session.meeting.facilitators.add(user)
    joined_client(session.meeting, name="Anne Ås")
    joined_client(session.meeting, name="Bjørn Berg")
    (group,) = groups.groups_form(item=session, strategy="random", target_size=2, seed=3)
    card = domain.card_save(
        card=domain.card_for(group), base_version=0, heading="H", body="Tekst", question_numbers=[]
    )
    facilitator = live_socket(session.meeting, client)
    facilitator.receive_event("programme.state")
    facilitator.view(card.pk)

    domain.card_moderate(card=card, hidden=True, hidden_reason="Navn på barn")
    public = facilitator.receive_event("card.state")
    moderated = facilitator.receive_event("card.state")
    assert public["html"] == ""
    assert "Navn på barn" in moderated["html"]
    assert "<form" not in moderated["html"]
    assert (moderated["hidden"], moderated["version"]) == (True, 1)
