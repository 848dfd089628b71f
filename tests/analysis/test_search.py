import pytest

from analysis.search import card_ids_matching
from analysis.tasks import session_refresh
from tests.analysis.cards import written_cards
from wall.models import Card

pytestmark = pytest.mark.django_db


@pytest.fixture
def cards():
    written = written_cards(
        [
            "Kulturskolen trenger flere lærere og lengre åpningstid.",
            "Skulen og kulturskulen må samarbeide betre om timeplanen.",
            "Vi vil ha en venteliste som er kortere.",
        ]
    )
    session_refresh.call(written[0].item_id)  # what the worker does after saves
    return written


def test_search_finds_an_inflected_form(cards):
    assert card_ids_matching("kulturskolene") == sorted(
        [cards[0].pk, cards[1].pk], key=card_ids_matching("kulturskolene").index
    )


def test_search_finds_the_other_written_form(cards):
    assert card_ids_matching("skolen") == [cards[1].pk]
    assert card_ids_matching("ventelistene") == [cards[2].pk]


def test_search_needs_every_content_word(cards):
    assert card_ids_matching("kulturskole lærer") == [cards[0].pk]
    assert card_ids_matching("og ikke") == []


def test_search_keeps_to_the_cards_the_reader_may_see(cards):
    visible = Card.objects.exclude(pk=cards[0].pk)
    assert card_ids_matching("kulturskole", cards=visible) == [cards[1].pk]


def test_search_follows_a_new_version(cards):
    from wall import domain as wall

    wall.card_save(
        card=cards[2],
        base_version=1,
        heading="",
        body="Dansen trenger et større rom.",
        question_numbers=[1],
    )
    session_refresh.call(cards[2].item_id)
    assert card_ids_matching("venteliste") == []
    assert card_ids_matching("dans") == [cards[2].pk]
