import pytest

from analysis.models import Taxonomy
from analysis.synthesis import Filters, meeting_synthesis, synthesis_build, synthesis_cards
from meetings.models import Meeting
from register.models import County
from tests.analysis.cards import written_cards

pytestmark = pytest.mark.django_db

FOR_ALL = [
    "Kulturskolen må være for alle barn. Egenbetalingen er for høy og ventelisten er lang.",
    "Kulturskulen må vere for alle born. Eigenbetalinga er for høg og ventelista er lang.",
    "Friplasser og lavere egenbetaling gjør at alle barn kan gå i kulturskolen.",
]
CREATING = [
    "Elevene skal få skape sin egen musikk og improvisere sammen med dansere.",
    "Elevane skal få skape eigen musikk og improvisere i lag med dansarar og skodespelarar.",
    "Vi vil at elevene skal improvisere og skape egen musikk i samspill.",
]


def value_areas():
    return Taxonomy.objects.get(slug="fremtidens-kulturskole")


@pytest.fixture
def meeting():
    cards = written_cards(
        [(text, [1]) for text in FOR_ALL] + [(text, [2]) for text in CREATING],
        title="Fremtidens kulturskole",
    )
    meeting = cards[0].item.meeting
    vestland = County.objects.create(number="46", name="Vestland", official_name="Vestland")
    oslo = County.objects.create(number="03", name="Oslo", official_name="Oslo")
    for index, card in enumerate(cards):
        for membership in card.group.memberships.select_related("participant"):
            participant = membership.participant
            participant.county = vestland if index % 2 else oslo
            participant.organisation = "Bergen kommune" if index % 2 else "Oslo kommune"
            participant.save()
    return meeting


def test_synthesis_counts_value_areas_per_question(meeting):
    synthesis = meeting_synthesis(meeting=meeting, taxonomy=value_areas())
    assert synthesis.cards == 6
    assert synthesis.totals["inkluderende_og_mangfoldig"] == 3
    assert synthesis.totals["utviklende_og_skapende"] == 3
    first, second = synthesis.by_question
    assert first.label == "Hva er relevant?"
    assert first.counts["inkluderende_og_mangfoldig"] == 3
    assert second.counts["utviklende_og_skapende"] == 3
    assert second.counts["inkluderende_og_mangfoldig"] == 0


def test_synthesis_counts_by_county_and_organisation(meeting):
    synthesis = meeting_synthesis(meeting=meeting, taxonomy=value_areas())
    assert {row.label: row.cards for row in synthesis.by_county} == {"Oslo": 3, "Vestland": 3}
    assert {row.label for row in synthesis.by_organisation} == {"Bergen kommune", "Oslo kommune"}


def test_synthesis_finds_the_recurring_themes_with_quotes(meeting):
    synthesis = meeting_synthesis(meeting=meeting, taxonomy=value_areas())
    assert len(synthesis.themes) >= 2
    by_cards = {frozenset(theme.cards) for theme in synthesis.themes}
    cards = list(synthesis.tags)
    assert frozenset(cards[:3]) in by_cards or any(set(cards[:3]) >= c for c in by_cards)
    for theme in synthesis.themes:
        assert 1 <= len(theme.quotes) <= 3
        for where, sentence in theme.quotes:
            assert where.startswith("Gruppe")
            assert sentence.endswith((".", "!", "?"))


def test_synthesis_is_stable(meeting):
    first = meeting_synthesis(meeting=meeting, taxonomy=value_areas())
    second = meeting_synthesis(meeting=meeting, taxonomy=value_areas())
    assert first.themes == second.themes


def test_synthesis_filters_by_county_category_and_question(meeting):
    meetings = Meeting.objects.all()
    vestland = synthesis_cards(meetings=meetings, filters=Filters(county="46"))
    assert len(vestland) == 3
    item = vestland[0].item
    second = synthesis_cards(meetings=meetings, filters=Filters(question=f"{item.pk}:2"))
    assert len(second) == 3
    only = synthesis_build(
        taxonomy=value_areas(),
        cards=synthesis_cards(meetings=meetings),
        category="utviklende_og_skapende",
    )
    assert only.cards == 3


def test_synthesis_across_meetings(meeting):
    written_cards(CREATING, title="Kulturskuledag i Vestland")
    synthesis = synthesis_build(
        taxonomy=value_areas(), cards=synthesis_cards(meetings=Meeting.objects.all())
    )
    assert {row.label: row.cards for row in synthesis.by_meeting} == {
        "Fremtidens kulturskole": 6,
        "Kulturskuledag i Vestland": 3,
    }
