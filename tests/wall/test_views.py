"""The wall's pages and endpoints: access, saving with versions, bad input, sharing."""

import io

import pytest
from django.test import Client
from PIL import Image

from groups import domain as groups
from meetings.models import ProgrammeItem
from tests.conftest import joined_client
from tests.factories import MeetingFactory, ProgrammeItemFactory
from wall import domain
from wall.models import Card

pytestmark = pytest.mark.django_db


@pytest.fixture
def setup(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    meeting = MeetingFactory()
    item = ProgrammeItemFactory(meeting=meeting, kind=ProgrammeItem.Kind.GROUP_SESSION)
    item.questions.create(position=1, text="Hva er relevant?")
    clients = [
        joined_client(meeting, name=f"Person {n}", organisation_is_other="on") for n in range(4)
    ]
    first, second = groups.groups_form(item=item, strategy="random", target_size=2, seed=1)
    by_group = {first.pk: [], second.pk: []}
    for client in clients:
        token = client.session["samtale_participants"][str(meeting.pk)]
        participant = meeting.participants.get(token=token)
        by_group[participant.memberships.get().group_id].append(client)
    return meeting, item, first, second, by_group


def save(client, meeting, base, body="Tekst", heading="Overskrift", questions=("1",)):
    return client.post(
        f"/wall/{meeting.code}/card/save/",
        {"base_version": base, "heading": heading, "body": body, "questions": list(questions)},
        HTTP_ACCEPT_LANGUAGE="en",
    )


def test_save_returns_the_new_version(setup):
    meeting, _item, first, _second, by_group = setup
    response = save(by_group[first.pk][0], meeting, 0)
    assert response.status_code == 200
    assert response.json()["version"] == 1
    assert Card.objects.get(group=first).body == "Tekst"


def test_save_on_an_old_version_is_409_with_the_newer_card(setup):
    meeting, _item, first, _second, by_group = setup
    anne, bjorn = by_group[first.pk]
    save(anne, meeting, 0, "Annes")
    response = save(bjorn, meeting, 0, "Bjørns")
    assert response.status_code == 409
    assert response.json()["conflict"]["body"] == "Annes"
    assert Card.objects.get(group=first).body == "Annes"


def test_each_member_saves_only_their_own_groups_card(setup):
    meeting, _item, first, second, by_group = setup
    save(by_group[first.pk][0], meeting, 0, "Gruppe én")
    save(by_group[second.pk][0], meeting, 0, "Gruppe to")
    assert Card.objects.get(group=first).body == "Gruppe én"
    assert Card.objects.get(group=second).body == "Gruppe to"


def test_a_200000_character_body_is_refused_and_nothing_changes(setup):
    meeting, _item, first, _second, by_group = setup
    client = by_group[first.pk][0]
    save(client, meeting, 0, "Kort")
    response = save(client, meeting, 1, "x" * 200_000)
    assert response.status_code == 400
    assert "too long" in response.json()["error"]
    assert Card.objects.get(group=first).body == "Kort"


def test_locked_wall_refuses_saves_with_a_message(setup):
    meeting, item, first, _second, by_group = setup
    domain.wall_lock(item=item, locked=True)
    response = save(by_group[first.pk][0], meeting, 0)
    assert response.status_code == 400
    assert "locked" in response.json()["error"]
    assert not Card.objects.filter(version__gt=0).exists()


def test_strangers_cannot_save_or_see_the_wall(setup):
    meeting, item, *_ = setup
    refused = save(Client(), meeting, 0)
    assert refused.status_code == 403
    # In the meeting's language, as the socket refuses such a save.
    assert refused.json() == {"error": "Kortet kunne ikke lagres. Last inn siden på nytt."}
    wall = Client().get(f"/wall/{meeting.code}/{item.pk}/")
    assert (wall.status_code, wall["Location"]) == (302, f"/m/{meeting.code}/")


def test_wall_page_shows_cards_to_participants(setup):
    meeting, item, first, _second, by_group = setup
    client = by_group[first.pk][0]
    save(client, meeting, 0, "**Viktig** poeng", heading="Vårt kort")
    page = client.get(f"/wall/{meeting.code}/{item.pk}/").content.decode()
    assert "Vårt kort" in page
    assert "<strong>Viktig</strong>" in page


def test_garbage_picture_gets_a_message_and_nothing_is_stored(setup):
    meeting, _item, first, _second, by_group = setup
    client = by_group[first.pk][0]
    upload = io.BytesIO(b"<svg onload=alert(1)></svg>")
    upload.name = "bilde.png"
    response = client.post(
        f"/wall/{meeting.code}/card/images/",
        {"image": upload, "alt": "Et bilde"},
        follow=True,
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert "not a picture we can use" in response.content.decode()
    assert not domain.card_for(first).images.exists()


def test_picture_upload_is_stored_resized(setup):
    meeting, _item, first, _second, by_group = setup
    client = by_group[first.pk][0]
    buffer = io.BytesIO()
    Image.new("RGB", (3000, 2000), "orange").save(buffer, "JPEG")
    buffer.seek(0)
    buffer.name = "tavle.jpg"
    client.post(f"/wall/{meeting.code}/card/images/", {"image": buffer, "alt": "Tavla"})
    picture = domain.card_for(first).images.get()
    assert (picture.width, picture.height) == (1600, 1067)


def test_share_link_hides_names_unless_turned_on(setup, facilitator_client):
    meeting, item, first, _second, by_group = setup
    client, user = facilitator_client
    meeting.facilitators.add(user)
    save(by_group[first.pk][0], meeting, 0, "Tekst")
    author = Card.objects.get(group=first).updated_by.name
    client.post(f"/wall/manage/{meeting.pk}/{item.pk}/share/", {"enabled": "on"})
    token = domain.wall_for(item).share_token
    shared = Client().get(f"/wall/shared/{token}/").content.decode()
    assert "Tekst" in shared
    assert author not in shared
    client.post(f"/wall/manage/{meeting.pk}/{item.pk}/share/", {"enabled": ""})
    assert Client().get(f"/wall/shared/{token}/").status_code == 404
    client.post(
        f"/wall/manage/{meeting.pk}/{item.pk}/share/", {"enabled": "on", "share_names": "on"}
    )
    token = domain.wall_for(item).share_token
    assert author in Client().get(f"/wall/shared/{token}/").content.decode()


def test_moderation_needs_a_facilitator_of_the_meeting(setup, facilitator_client):
    meeting, _item, first, _second, by_group = setup
    save(by_group[first.pk][0], meeting, 0)
    card = Card.objects.get(group=first)
    client, _user = facilitator_client  # a facilitator, but of another meeting
    response = client.post(
        f"/wall/manage/{meeting.pk}/cards/{card.pk}/moderate/", {"action": "pin"}
    )
    assert response.status_code == 403
    card.refresh_from_db()
    assert card.pinned is False


@pytest.mark.parametrize("viewer", ["participant", "facilitator"])
def test_wall_page_query_count_does_not_grow_with_cards(setup, facilitator_client, viewer):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from tests.factories import ParticipantFactory

    meeting, item, first, _second, by_group = setup
    client = by_group[first.pk][0]
    if viewer == "facilitator":
        client, user = facilitator_client
        meeting.facilitators.add(user)
        save(by_group[first.pk][0], meeting, 0)

    def count():
        with CaptureQueriesContext(connection) as queries:
            assert client.get(f"/wall/{meeting.code}/{item.pk}/").status_code == 200
        return len(queries)

    if viewer == "participant":
        save(client, meeting, 0)
    count()  # the first look makes the wall's row
    few = count()
    for _ in range(8):
        ParticipantFactory(meeting=meeting)
    groups.groups_form(item=item, strategy="random", target_size=2, seed=2)
    for group in item.groups.all():
        domain.card_save(
            card=domain.card_for(group),
            base_version=0,
            heading="H",
            body="B",
            question_numbers=[1],
        )
    assert item.cards.filter(version__gt=0).count() == 6
    assert count() == few


def test_a_card_is_fetched_as_its_live_frame_has_it(setup):
    """What a light wall fetches when a card comes into view with a newer summary."""
    meeting, item, first, second, by_group = setup
    save(by_group[first.pk][0], meeting, 0, "**Viktig** poeng", heading="Vårt kort")
    card = Card.objects.get(group=first)
    reader = by_group[second.pk][0]  # of another group: the wall shows them every card
    answer = reader.get(f"/wall/{meeting.code}/card/{card.pk}/")
    assert answer.status_code == 200
    frame = answer.json()
    assert (frame["id"], frame["item"], frame["version"]) == (card.pk, item.pk, 1)
    assert frame["moderator"] is False
    assert "<strong>Viktig</strong>" in frame["html"]
    assert 'data-version="1"' in frame["html"]
    domain.card_moderate(card=card, hidden=True, hidden_reason="Navn")
    hidden = reader.get(f"/wall/{meeting.code}/card/{card.pk}/").json()
    assert (hidden["hidden"], hidden["html"]) == (True, "")
    assert Client().get(f"/wall/{meeting.code}/card/{card.pk}/").status_code == 403


def test_the_wall_page_says_it_is_light_only_with_the_setting(setup, settings):
    settings.WALL_CARD_BODIES_TO_VIEWERS = False
    meeting, item, first, _second, by_group = setup
    client = by_group[first.pk][0]
    save(client, meeting, 0)
    page = client.get(f"/wall/{meeting.code}/{item.pk}/").content.decode()
    assert "data-light-wall" not in page
    settings.WALL_CARD_BODIES_TO_VIEWERS = True
    page = client.get(f"/wall/{meeting.code}/{item.pk}/").content.decode()
    own = Card.objects.get(group=first)
    assert f'data-light-wall data-own-card="{own.pk}"' in page
