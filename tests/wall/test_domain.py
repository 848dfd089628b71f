"""Cards in the database: one per group, versions, conflicts, pictures, moderation, lock."""

import io

import pytest
from django.db import IntegrityError
from PIL import Image

from groups import domain as groups
from meetings.models import ProgrammeItem
from tests.factories import MeetingFactory, ParticipantFactory, ProgrammeItemFactory
from wall import domain
from wall.models import Card, CardVersion

pytestmark = pytest.mark.django_db


@pytest.fixture
def group(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    meeting = MeetingFactory()
    item = ProgrammeItemFactory(meeting=meeting, kind=ProgrammeItem.Kind.GROUP_SESSION)
    item.questions.create(position=1, text="Hva er relevant?")
    item.questions.create(position=2, text="Hva først?")
    for _ in range(4):
        ParticipantFactory(meeting=meeting)
    (first,) = groups.groups_form(item=item, strategy="random", target_size=4, seed=1)
    return first


def member(group, index=0):
    return list(group.memberships.select_related("participant"))[index].participant


def save(card, base, body="Tekst", author=None, **extra):
    return domain.card_save(
        card=card,
        base_version=base,
        heading=extra.get("heading", "Overskrift"),
        body=body,
        question_numbers=extra.get("questions", [1]),
        author=author,
    )


def test_card_for_makes_one_card_per_group(group):
    assert domain.card_for(group) == domain.card_for(group)
    with pytest.raises(IntegrityError):
        Card.objects.create(item=group.item, group=group)


def test_card_save_keeps_every_version(group):
    card = domain.card_for(group)
    card = save(card, 0, "Første", author=member(group))
    card = save(card, 1, "Andre", author=member(group, 1))
    assert card.version == 2
    assert list(CardVersion.objects.filter(card=card).values_list("version", "body")) == [
        (2, "Andre"),
        (1, "Første"),
    ]
    assert card.updated_by == member(group, 1)


def test_card_save_on_an_old_version_is_a_conflict_not_an_overwrite(group):
    card = domain.card_for(group)
    save(card, 0, "Annes tekst", author=member(group))
    with pytest.raises(domain.CardConflict) as conflict:
        save(card, 0, "Bjørns tekst", author=member(group, 1))
    assert conflict.value.card.body == "Annes tekst"
    card.refresh_from_db()
    assert (card.version, card.body) == (1, "Annes tekst")


def test_card_save_renders_safe_html(group):
    card = save(domain.card_for(group), 0, "- **ett**\n- <script>alert(1)</script>")
    assert "<strong>ett</strong>" in card.body_html
    assert "<script" not in card.body_html


def test_card_save_refuses_a_huge_body_and_keeps_the_old(group):
    card = save(domain.card_for(group), 0, "Kort")
    with pytest.raises(domain.CardError):
        save(card, 1, "x" * 200_000)
    card.refresh_from_db()
    assert (card.version, card.body) == (1, "Kort")


def test_card_save_drops_unknown_questions(group):
    card = save(domain.card_for(group), 0, questions=[2, 7, 0])
    assert card.question_numbers == [2]


def test_card_save_by_another_group_is_refused(group):
    outsider = ParticipantFactory(meeting=group.item.meeting)
    with pytest.raises(domain.CardError):
        save(domain.card_for(group), 0, author=outsider)
    assert not CardVersion.objects.exists()


def test_locked_wall_refuses_saves(group):
    card = save(domain.card_for(group), 0, "Før")
    domain.wall_lock(item=group.item, locked=True)
    with pytest.raises(domain.CardError):
        save(card, 1, "Etter")
    card.refresh_from_db()
    assert card.body == "Før"


def test_card_restore_makes_an_old_version_newest(group):
    card = domain.card_for(group)
    card = save(card, 0, "Én")
    card = save(card, 1, "To")
    card = domain.card_restore(card=card, version=1)
    assert (card.version, card.body) == (3, "Én")
    assert card.versions.count() == 3


def picture_bytes(kind="JPEG"):
    buffer = io.BytesIO()
    Image.new("RGB", (2400, 1200), "teal").save(buffer, kind)
    return buffer.getvalue()


def test_picture_is_resized_and_described(group):
    card = domain.card_for(group)
    picture = domain.card_image_add(
        card=card, data=picture_bytes(), alt="Tavla vår", author=member(group)
    )
    assert (picture.width, picture.height) == (1600, 800)
    assert picture.image.name.endswith(".webp")
    assert Image.open(picture.thumbnail.path).size[0] <= 480


@pytest.mark.parametrize(
    ("data", "alt"),
    [
        (b"<svg xmlns='http://www.w3.org/2000/svg' onload='alert(1)'/>", "svg"),
        (b"not a picture at all", "søppel"),
        (None, ""),
    ],
)
def test_bad_pictures_are_refused(group, data, alt):
    card = domain.card_for(group)
    with pytest.raises(domain.CardError):
        domain.card_image_add(card=card, data=data or picture_bytes(), alt=alt)
    assert not card.images.exists()


def test_moderation_pins_hides_and_comments(group):
    card = save(domain.card_for(group), 0)
    card = domain.card_moderate(card=card, pinned=True, comment="Fint!")
    card = domain.card_moderate(card=card, hidden=True, hidden_reason="Personopplysninger")
    assert (card.pinned, card.hidden, card.hidden_reason, card.comment) == (
        True,
        True,
        "Personopplysninger",
        "Fint!",
    )
    assert list(domain.wall_cards(group.item)) == []
    assert list(domain.wall_cards(group.item, include_hidden=True)) == [card]


def test_share_link_can_be_turned_off(group):
    wall = domain.wall_share(item=group.item, enabled=True)
    token = wall.share_token
    assert token
    wall = domain.wall_share(item=group.item, enabled=False)
    assert wall.share_token is None


def test_wall_cards_costs_four_queries_however_many_cards(group, django_assert_num_queries):
    """Twelve groups, each with a note-taker, a saved card and a picture row: an N+1 on
    the cards, their pictures, their groups or their writers would show here."""
    from groups.models import Membership, Role
    from tests.factories import CardImageFactory

    item = group.item
    for _ in range(20):
        ParticipantFactory(meeting=item.meeting)
    formed = groups.groups_form(item=item, strategy="random", target_size=2, seed=4)
    assert len(formed) == 12
    for each in formed:
        first = each.memberships.first()
        Membership.objects.filter(pk=first.pk).update(role=Role.NOTE_TAKER)
        card = save(domain.card_for(each), 0, author=first.participant)
        CardImageFactory(card=card)

    # The cards, their pictures, and their writers: those who typed, those who saved.
    with django_assert_num_queries(4):
        cards = domain.wall_cards(item)
        shown = [(card.group.name, domain.card_writer(card), len(card.pictures)) for card in cards]
    assert len(shown) == 12
    assert all(writer and pictures == 1 for _name, writer, pictures in shown)


def test_the_people_who_wrote_are_the_writers_not_the_note_taker(group):
    """A note-taker who never opened the card is not credited; everyone who typed is."""
    from groups.models import Role

    first, note_taker, second = member(group), member(group, 1), member(group, 2)
    group.memberships.filter(participant=note_taker).update(role=Role.NOTE_TAKER)
    card = save(domain.card_for(group), 0, author=first)
    card = save(card, 1, body="Tekst og mer", author=second)
    card = save(card, 2, body="Tekst og enda mer", author=first)

    html = domain.card_html(card)

    assert domain.card_writer(card) == f"{first.name}, {second.name}"
    assert f"Skrevet av {first.name}, {second.name}" in " ".join(html.split())
    assert note_taker.name not in html
    assert first.name not in domain.card_html(card, show_names=False)
    # The wall's read of the session says the same, in its three queries.
    (shown,) = domain.wall_cards(group.item)
    assert domain.card_writer(shown) == f"{first.name}, {second.name}"
