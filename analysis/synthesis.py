"""What a set of cards said: value areas per question, organisation, county and meeting,
and the recurring themes with quotes. One meeting's cards or many meetings'.

The cards are read once with what is needed to group them (their session's questions,
their group members' organisations and counties), tagged with one taxonomy, and counted.
"""

from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date

from django.db.models import Prefetch

from analysis.domain import CardTags, cards_tag, themes_find
from analysis.models import Taxonomy
from groups.models import Membership
from meetings.models import Meeting
from wall.models import Card


@dataclass(frozen=True)
class Filters:
    meetings: tuple[int, ...] = ()  # meeting pks; empty = every meeting allowed
    start: date | None = None
    end: date | None = None
    county: str = ""  # county number
    organisation: str = ""
    category: str = ""  # category slug: only cards tagged with it
    question: str = ""  # "item pk:question number"
    session: int | None = None  # a group session's pk: only its cards


@dataclass(frozen=True)
class Row:
    """One line of a table: a label and the number of cards per category (by slug)."""

    key: str
    label: str
    cards: int
    counts: dict[str, int]


@dataclass(frozen=True)
class QuotedTheme:
    label: str
    terms: tuple[str, ...]
    cards: tuple[int, ...]
    quotes: tuple[tuple[str, str], ...]  # (where: "Gruppe 4, Fremtidens kulturskole", sentence)


@dataclass(frozen=True)
class Synthesis:
    taxonomy: Taxonomy
    categories: tuple  # the taxonomy's Category rows, in order
    cards: int
    untagged: int
    totals: dict[str, int]  # cards per category slug
    by_question: tuple[Row, ...]
    by_county: tuple[Row, ...]
    by_organisation: tuple[Row, ...]
    by_meeting: tuple[Row, ...]
    themes: tuple[QuotedTheme, ...]
    tags: dict[int, CardTags] = field(default_factory=dict)
    card_labels: dict[int, str] = field(default_factory=dict)


def synthesis_cards(*, meetings, filters: Filters = Filters()) -> list[Card]:
    """The written, visible cards of the given meetings (a queryset), with what groups them."""
    cards = Card.objects.filter(item__meeting__in=meetings, version__gt=0, hidden=False)
    if filters.meetings:
        cards = cards.filter(item__meeting__in=filters.meetings)
    if filters.session:
        cards = cards.filter(item_id=filters.session)
    if filters.start:
        cards = cards.filter(item__meeting__date__gte=filters.start)
    if filters.end:
        cards = cards.filter(item__meeting__date__lte=filters.end)
    if filters.county:
        cards = cards.filter(group__memberships__participant__county__number=filters.county)
    if filters.organisation:
        cards = cards.filter(group__memberships__participant__organisation=filters.organisation)
    question = None
    if filters.question:
        item_pk, _, number = filters.question.partition(":")
        if item_pk.isdigit() and number.isdigit():
            cards = cards.filter(item_id=int(item_pk))
            question = int(number)
    members = Membership.objects.select_related("participant__county").only(
        "group_id",
        "participant__organisation",
        "participant__county__name",
        "participant__county__number",
    )
    found = list(
        cards.distinct()
        .select_related("group", "item__meeting")
        .prefetch_related("item__questions", Prefetch("group__memberships", queryset=members))
        .order_by("item__meeting__date", "item__meeting_id", "item__position", "group__number")
    )
    if question is not None:  # a JSON list: SQLite cannot look inside it in the query
        found = [card for card in found if question in (card.question_numbers or [])]
    return found


def synthesis_build(
    *,
    taxonomy: Taxonomy,
    cards: Sequence[Card],
    category: str = "",
    themes: bool = True,
    train: bool = False,
) -> Synthesis:
    tagged_cards = cards_tag(taxonomy=taxonomy, cards=cards, train=train)
    tags = {tagged.card_id: tagged for tagged in tagged_cards}
    if category:
        cards = [c for c in cards if category in {t.slug for t in tags[c.pk].categories}]
    categories = tuple(taxonomy.categories.all())
    slugs = [c.slug for c in categories]
    totals = Counter()
    untagged = 0
    questions: dict[str, list] = defaultdict(list)
    counties: dict[str, list] = defaultdict(list)
    organisations: dict[str, list] = defaultdict(list)
    meetings: dict[str, list] = defaultdict(list)
    labels: dict[str, str] = {}
    for card in cards:
        found = {t.slug for t in tags[card.pk].categories}
        totals.update(found)
        untagged += not found
        session_questions = list(card.item.questions.all())
        for number in card.question_numbers or []:
            if 1 <= number <= len(session_questions):
                key = f"{card.item_id}:{number}"
                labels[key] = session_questions[number - 1].text
                questions[key].append(found)
        members = [m.participant for m in card.group.memberships.all()]
        for county in {(p.county.number, p.county.name) for p in members if p.county}:
            labels[f"county:{county[0]}"] = county[1]
            counties[f"county:{county[0]}"].append(found)
        for organisation in {p.organisation for p in members if p.organisation}:
            organisations[organisation].append(found)
        meeting_key = f"meeting:{card.item.meeting_id}"
        labels[meeting_key] = card.item.meeting.title
        meetings[meeting_key].append(found)

    def rows(groups: dict[str, list], label=lambda key: labels.get(key, key)) -> tuple[Row, ...]:
        built = [
            Row(key, label(key), len(sets), {s: sum(s in f for f in sets) for s in slugs})
            for key, sets in groups.items()
        ]
        return tuple(sorted(built, key=lambda row: (-row.cards, row.label)))

    card_labels = {card.pk: f"{card.group.name}, {card.item.meeting.title}" for card in cards}
    quoted = ()
    if themes:
        quoted = tuple(
            QuotedTheme(
                theme.label,
                theme.terms,
                tuple(int(key) for key in theme.keys),
                tuple((card_labels[int(key)], sentence) for key, sentence in theme.quotes),
            )
            for theme in themes_find(cards=cards)
        )
    by_question = tuple(
        sorted(rows(questions), key=lambda row: tuple(int(part) for part in row.key.split(":")))
    )
    return Synthesis(
        taxonomy=taxonomy,
        categories=categories,
        cards=len(cards),
        untagged=untagged,
        totals={slug: totals.get(slug, 0) for slug in slugs},
        by_question=by_question,
        by_county=rows(counties),
        by_organisation=rows(organisations),
        by_meeting=rows(meetings),
        themes=quoted,
        tags=tags,
        card_labels=card_labels,
    )


def meeting_synthesis(*, meeting: Meeting, taxonomy: Taxonomy, train: bool = False) -> Synthesis:
    cards = synthesis_cards(meetings=Meeting.objects.filter(pk=meeting.pk))
    return synthesis_build(taxonomy=taxonomy, cards=cards, train=train)
