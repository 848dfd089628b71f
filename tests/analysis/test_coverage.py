import pytest

from analysis.coverage import report_pick_covering
from analysis.domain import cards_tag, default_taxonomy
from meetings.models import ProgrammeItem
from tests.analysis.cards import written_cards
from tests.factories import ProgrammeItemFactory
from wall.domain import CardError
from wall.models import Card

pytestmark = pytest.mark.django_db

TEXTS = [
    "Kulturskolen må være for alle barn. Egenbetalingen er for høy og ventelisten lang.",
    "Egenbetalingen stenger barn ute, og ventelisten er lang hos oss også.",
    "Kulturskulen må vere for alle born. Eigenbetalinga er for høg og ventelista lang.",
    "Elevene skal få skape sin egen musikk og improvisere sammen med dansere.",
    "Barna opplever mestring og trivsel, og de får venner for livet.",
]


@pytest.fixture
def report_item():
    cards = written_cards(TEXTS)
    source = cards[0].item
    source.position = 1
    source.save()
    return ProgrammeItemFactory(
        meeting=source.meeting, kind=ProgrammeItem.Kind.REPORT_BACK, position=5
    )


def test_cover_picks_groups_that_together_cover_every_value_area(report_item):
    slots = report_pick_covering(item=report_item, count=3)
    numbers = [slot.group.number for slot in slots]
    assert len(numbers) == 3
    # Never two of the three look-alike cards about price when others say something else.
    assert len({1, 2, 3} & set(numbers)) == 1
    cards = Card.objects.filter(item=report_item.report_slots.first().group.item)
    tags = {t.card_id: t for t in cards_tag(taxonomy=default_taxonomy(), cards=list(cards))}
    areas = {c.slug for t in tags.values() for c in t.categories}
    chosen = {
        c.slug for card in cards if card.group.number in numbers for c in tags[card.pk].categories
    }
    assert chosen == areas


def test_cover_never_picks_a_group_without_a_card(report_item):
    slots = report_pick_covering(item=report_item, count=50)
    assert len(slots) == len(TEXTS)


def test_cover_gives_the_same_choice_for_the_same_material(report_item):
    first = [slot.group.number for slot in report_pick_covering(item=report_item, count=2)]
    report_item.report_slots.all().delete()
    second = [slot.group.number for slot in report_pick_covering(item=report_item, count=2)]
    assert first == second


def test_cover_refuses_when_every_group_has_reported(report_item):
    report_pick_covering(item=report_item, count=50)
    with pytest.raises(CardError):
        report_pick_covering(item=report_item, count=1)
