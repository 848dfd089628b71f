"""A card's pictures go only to those who may see the card, and are decoded apart from the
web process, a few at a time (wall/access.py, wall/images.py, common/media.py)."""

import io
from types import SimpleNamespace

import pytest
from django.http import Http404
from django.test import Client
from PIL import Image

from common import limits
from groups import domain as groups
from meetings.models import ProgrammeItem
from tests.conftest import joined_client
from tests.factories import MeetingFactory, ProgrammeItemFactory
from wall import access, domain, images
from wall.models import CardImage

pytestmark = pytest.mark.django_db


def jpeg(size=(1200, 800)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, "teal").save(buffer, "JPEG")
    return buffer.getvalue()


def upload(data: bytes | None = None):
    buffer = io.BytesIO(data or jpeg())
    buffer.name = "tavla.jpg"
    return buffer


@pytest.fixture
def decoders(settings):
    """A fresh pool of decoder processes for the test's settings, stopped after it."""
    images.decoders.reset()
    yield settings
    images.decoders.reset()


@pytest.fixture
def wall(settings, tmp_path, decoders):
    """Two groups of two with a picture on the first group's card, and who is who."""
    settings.MEDIA_ROOT = tmp_path
    meeting = MeetingFactory()
    item = ProgrammeItemFactory(meeting=meeting, kind=ProgrammeItem.Kind.GROUP_SESSION)
    clients = [
        joined_client(meeting, name=f"Person {n}", organisation_is_other="on") for n in range(4)
    ]
    first, second = groups.groups_form(item=item, strategy="random", target_size=2, seed=1)
    by_group = {first.pk: [], second.pk: []}
    for client in clients:
        token = client.session["samtale_participants"][str(meeting.pk)]
        participant = meeting.participants.get(token=token)
        by_group[participant.memberships.get().group_id].append((client, participant))
    member = by_group[first.pk][0][0]
    member.post(
        f"/wall/{meeting.code}/card/save/",
        {"base_version": 0, "heading": "Vårt kort", "body": "Tekst", "questions": []},
    )
    card = domain.card_for(first)
    picture = domain.card_image_add(card=card, data=jpeg(), alt="Tavla vår")
    return SimpleNamespace(
        meeting=meeting,
        item=item,
        card=card,
        picture=picture,
        member=by_group[first.pk][0][0],
        member_participant=by_group[first.pk][0][1],
        other_member=by_group[first.pk][1][0],
        other_group=by_group[second.pk][0][0],
    )


def url(picture, size="thumbnail"):
    return f"/wall/pictures/{picture.pk}/{size}/"


def sent(response) -> bytes:
    return b"".join(response.streaming_content)


def hide(card):
    return domain.card_moderate(card=card, hidden=True, hidden_reason="Personopplysninger")


def test_a_participant_of_the_meeting_gets_the_picture_in_development(wall):
    response = wall.other_group.get(url(wall.picture))
    assert response.status_code == 200
    assert response["Content-Type"] == "image/webp"
    assert response["Cache-Control"] == "private, max-age=3600"
    assert sent(response) == wall.picture.thumbnail.read()
    assert Image.open(io.BytesIO(sent(wall.member.get(url(wall.picture, "web"))))).size == (
        1200,
        800,
    )


def test_nobody_outside_the_meeting_gets_it(wall):
    stranger = joined_client(MeetingFactory(), name="Utenfor", organisation_is_other="on")
    assert Client().get(url(wall.picture)).status_code == 404
    assert stranger.get(url(wall.picture)).status_code == 404
    assert wall.member.get(f"/wall/pictures/{wall.picture.pk}/original/").status_code == 404
    assert wall.member.get(f"/wall/pictures/{wall.picture.pk + 99}/web/").status_code == 404


def test_a_hidden_cards_picture_goes_to_its_group_and_the_facilitators_only(
    wall, facilitator_client
):
    hide(wall.card)
    facilitator, user = facilitator_client
    wall.meeting.facilitators.add(user)

    assert wall.other_group.get(url(wall.picture)).status_code == 404
    assert wall.member.get(url(wall.picture)).status_code == 200  # they see why it was hidden
    assert facilitator.get(url(wall.picture)).status_code == 200


def test_the_wall_links_the_checked_url_never_the_file(wall):
    page = wall.other_group.get(f"/wall/{wall.meeting.code}/{wall.item.pk}/").content.decode()
    assert url(wall.picture) in page
    assert url(wall.picture, "web") in page
    assert wall.picture.thumbnail.name not in page
    assert "/media/" not in page


def test_a_shared_wall_gives_its_visible_pictures_while_it_is_shared(wall):
    shared = domain.wall_share(item=wall.item, enabled=True)
    link = f"/wall/shared/{shared.share_token}/pictures/{wall.picture.pk}/thumbnail/"
    page = Client().get(f"/wall/shared/{shared.share_token}/").content.decode()
    assert link in page

    assert Client().get(link).status_code == 200
    hide(wall.card)
    assert Client().get(link).status_code == 404
    domain.card_moderate(card=wall.card, hidden=False)
    assert Client().get(link).status_code == 200
    domain.wall_share(item=wall.item, enabled=False)
    assert Client().get(link).status_code == 404


def test_a_share_link_opens_no_picture_of_another_wall(wall):
    other_item = ProgrammeItemFactory(meeting=wall.meeting, kind=ProgrammeItem.Kind.GROUP_SESSION)
    other = domain.wall_share(item=other_item, enabled=True)
    with pytest.raises(Http404):
        access.shared_picture(other.share_token, wall.picture.pk)
    with pytest.raises(Http404):
        access.shared_picture("", wall.picture.pk)


@pytest.mark.parametrize(
    ("include_hidden", "hidden", "given"),
    [(False, False, True), (False, True, False), (True, True, True)],
)
def test_a_shared_report_gives_the_pictures_its_published_build_holds(
    wall, include_hidden, hidden, given
):
    if hidden:
        hide(wall.card)
    report = SimpleNamespace(
        meeting_id=wall.meeting.pk,
        published_build=SimpleNamespace(include_hidden=include_hidden),
    )
    if given:
        assert access.report_picture(report, wall.picture.pk) == wall.picture
    else:
        with pytest.raises(Http404):
            access.report_picture(report, wall.picture.pk)
    other_meeting = SimpleNamespace(meeting_id=MeetingFactory().pk, published_build=None)
    with pytest.raises(Http404):
        access.report_picture(other_meeting, wall.picture.pk)


def test_behind_nginx_the_view_names_the_file_for_nginx_to_send(wall, settings):
    settings.MEDIA_ACCEL_REDIRECT = True
    response = wall.member.get(url(wall.picture))
    assert response.status_code == 200
    assert response["X-Accel-Redirect"] == f"/_pictures/{wall.picture.thumbnail.name}"
    assert response.content == b""  # nginx sends the bytes, not the process
    assert Client().get(url(wall.picture)).status_code == 404  # and only after the check


# --- Decoding apart from the web process ----------------------------------------------------


def test_a_picture_is_decoded_in_another_process(monkeypatch, decoders):
    def decoded_here(_data):
        raise AssertionError("decoded in the web process")

    monkeypatch.setattr(images, "process_image", decoded_here)
    processed = images.process_image_apart(jpeg((2400, 1200)))
    assert (processed.width, processed.height) == (1600, 800)


def test_a_refusal_comes_back_from_the_decoder_as_the_same_message(decoders):
    with pytest.raises(images.ImageError) as refused:
        images.process_image_apart(b"GIF89a" + b"\0" * 200)
    assert refused.value.code == "not_image"


def test_a_decode_that_takes_too_long_is_stopped_and_the_next_one_works(decoders):
    decoders.PICTURE_DECODE_SECONDS = 0.001
    with pytest.raises(images.ImageError):
        images.process_image_apart(jpeg((4000, 3000)))
    decoders.PICTURE_DECODE_SECONDS = 60
    assert images.process_image_apart(jpeg()).width == 1200


def test_with_every_decoder_taken_an_upload_is_refused_at_once_and_nothing_is_lost(wall, decoders):
    decoders.PICTURE_DECODERS, decoders.PICTURE_DECODE_WAITING = 1, 0
    images.decoders.reset()
    with images.decoders.turn():  # another upload is being decoded
        response = wall.member.post(
            f"/wall/{wall.meeting.code}/card/images/", {"image": upload(), "alt": "Tavla"}
        )
    assert response.status_code == 503
    assert response["Retry-After"] == "10"
    assert "Mange bilder legges til akkurat nå. Prøv igjen om noen sekunder." in (
        response.content.decode()
    )
    assert CardImage.objects.filter(card=wall.card).count() == 1
    wall.card.refresh_from_db()
    assert wall.card.heading == "Vårt kort"  # what was saved stays
    # A decoder free again: the same upload goes through.
    response = wall.member.post(
        f"/wall/{wall.meeting.code}/card/images/", {"image": upload(), "alt": "Tavla"}
    )
    assert response.status_code == 302
    assert CardImage.objects.filter(card=wall.card).count() == 2


def test_a_person_adds_at_most_two_pictures_at_once(wall):
    participant = wall.member_participant
    path = f"/wall/{wall.meeting.code}/card/images/"
    with limits.at_once("upload", participant.pk, 2), limits.at_once("upload", participant.pk, 2):
        refused = wall.member.post(path, {"image": upload(), "alt": "Tavla"})
        # Someone else in the group is not held back by this person's uploads.
        assert wall.other_member.post(path, {"image": upload(), "alt": "Tavla"}).status_code == 302
    assert refused.status_code == 429
    assert refused["Retry-After"] == "5"
    assert "Vent til de er på kortet, og legg så til dette." in refused.content.decode()
    assert CardImage.objects.filter(card=wall.card).count() == 2
    # Once the others are on the card, the place is free again.
    assert wall.member.post(path, {"image": upload(), "alt": "Tavla"}).status_code == 302
    assert CardImage.objects.filter(card=wall.card).count() == 3
