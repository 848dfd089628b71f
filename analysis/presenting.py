"""What the synthesis pages show, worked out from a Synthesis and its cards: tables whose
cells carry a shade, the value-area chart, the themes numbered with links to their cards on
the wall, the themes by county, and the cards that speak to none of the categories.

Nothing here reads the database: the cards come with their group, session, meeting and
members already loaded (analysis.synthesis.synthesis_cards), so a page costs the same few
queries whatever the number of cards.
"""

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from django.urls import reverse
from django.utils.translation import gettext as _

from analysis.charts import BarChart, Grid, bar_chart, grid_chart, heat
from analysis.synthesis import Row, Synthesis


@dataclass(frozen=True)
class CardLink:
    pk: int
    label: str  # "Group 4"
    session: str  # the session's title (and its meeting's, across meetings)
    title: str  # the card's heading, or its first words
    url: str
    order: int  # the card's place in wall order, for listing


@dataclass(frozen=True)
class TableCell:
    count: int
    level: int


@dataclass(frozen=True)
class TableRow:
    label: str
    cards: int
    cells: tuple[TableCell, ...]
    group: str = ""  # the session a question belongs to, for a heading row


@dataclass(frozen=True)
class NumberedTheme:
    number: int
    label: str
    terms: tuple[str, ...]
    sessions: tuple[tuple[str, tuple[CardLink, ...]], ...]  # the theme's cards, per session
    quotes: tuple[tuple[str, str], ...]

    @property
    def cards(self) -> int:
        return sum(len(links) for _, links in self.sessions)


@dataclass(frozen=True)
class ThemesByCounty:
    counties: tuple[str, ...]
    rows: tuple[TableRow, ...]  # one per county: the cards of each theme
    grid: Grid


def card_url(card) -> str:
    """The card on its wall, as a facilitator sees it."""
    meeting = card.item.meeting
    return reverse("wall:page", args=[meeting.code, card.item_id]) + f"#card-{card.pk}"


def card_title(card, words: int = 10) -> str:
    if card.heading:
        return card.heading
    parts = card.body.split()
    return " ".join(parts[:words]) + (" …" if len(parts) > words else "")


def card_links(cards: Sequence, *, with_meeting: bool) -> dict[int, CardLink]:
    links = {}
    for order, card in enumerate(cards):
        session = card.item.title
        if with_meeting:
            session = f"{card.item.meeting.title} – {session}"
        links[card.pk] = CardLink(
            card.pk, card.group.name, session, card_title(card), card_url(card), order
        )
    return links


def by_session(links: Sequence[CardLink]) -> tuple[tuple[str, tuple[CardLink, ...]], ...]:
    """Links in wall order, under their session: two sessions may both have a group 4."""
    grouped: dict[str, list[CardLink]] = {}
    for link in sorted(links, key=lambda link: link.order):
        grouped.setdefault(link.session, []).append(link)
    return tuple((session, tuple(found)) for session, found in grouped.items())


def table_rows(rows: Sequence[Row], categories: Sequence) -> tuple[TableRow, ...]:
    """Each row's cards per category, shaded by the share of the row's cards."""
    return tuple(
        TableRow(
            row.label,
            row.cards,
            tuple(
                TableCell(row.counts.get(c.slug, 0), heat(row.counts.get(c.slug, 0), row.cards))
                for c in categories
            ),
        )
        for row in rows
    )


def question_rows(synthesis: Synthesis, links: dict[int, CardLink], cards) -> tuple:
    """The rows of value areas per question, each named by its session too: the questions
    of two sessions may both be "question 1"."""
    sessions = {card.item_id: links[card.pk].session for card in cards}
    numbered = []
    for row, table_row in zip(
        synthesis.by_question, table_rows(synthesis.by_question, synthesis.categories), strict=True
    ):
        item_pk, _, number = row.key.partition(":")
        numbered.append(
            TableRow(
                f"{number}. {row.label}",
                table_row.cards,
                table_row.cells,
                sessions.get(int(item_pk), ""),
            )
        )
    return tuple(numbered)


def value_area_chart(synthesis: Synthesis) -> BarChart:
    items = [(c.name, synthesis.totals.get(c.slug, 0)) for c in synthesis.categories]
    items.append((_("None of them"), synthesis.untagged))
    return bar_chart(items, total=synthesis.cards, muted_last=True)


def numbered_themes(synthesis: Synthesis, links: dict[int, CardLink]) -> tuple:
    return tuple(
        NumberedTheme(
            number,
            theme.label,
            theme.terms,
            by_session([links[pk] for pk in theme.cards if pk in links]),
            theme.quotes,
        )
        for number, theme in enumerate(synthesis.themes, start=1)
    )


def untagged_cards(synthesis: Synthesis, cards: Sequence, links: dict[int, CardLink]):
    return by_session([links[card.pk] for card in cards if not synthesis.tags[card.pk].categories])


def themes_by_county(synthesis: Synthesis, cards: Sequence) -> ThemesByCounty | None:
    """How many cards of each theme came from groups with members of each county."""
    if not synthesis.themes:
        return None
    counties: dict[str, str] = {}
    card_counties: dict[int, set[str]] = defaultdict(set)
    for card in cards:
        for membership in card.group.memberships.all():
            county = membership.participant.county
            if county is not None:
                counties[county.number] = county.name
                card_counties[card.pk].add(county.number)
    if not counties:
        return None
    per_county = {number: [0] * len(synthesis.themes) for number in counties}
    cards_in = defaultdict(set)
    for index, theme in enumerate(synthesis.themes):
        for pk in theme.cards:
            for number in card_counties.get(pk, ()):
                per_county[number][index] += 1
                cards_in[number].add(pk)
    order = sorted(counties, key=lambda number: (-len(cards_in[number]), counties[number]))
    order = [number for number in order if cards_in[number]]
    rows = tuple(
        TableRow(
            counties[number],
            len(cards_in[number]),
            tuple(
                TableCell(count, heat(count, len(cards_in[number]))) for count in per_county[number]
            ),
        )
        for number in order
    )
    grid = grid_chart(
        columns=[str(number) for number in range(1, len(synthesis.themes) + 1)],
        rows=[(row.label, [cell.count for cell in row.cells], row.cards) for row in rows],
    )
    return ThemesByCounty(tuple(counties[number] for number in order), rows, grid)


def synthesis_context(synthesis: Synthesis, cards: Sequence, *, across: bool = False) -> dict:
    """Everything the synthesis partials show, for one meeting or many."""
    cards = [card for card in cards if card.pk in synthesis.card_labels]  # the category filter
    links = card_links(cards, with_meeting=across)
    return {
        "synthesis": synthesis,
        "categories": synthesis.categories,
        "chart": value_area_chart(synthesis),
        "question_rows": question_rows(synthesis, links, cards),
        "county_rows": table_rows(synthesis.by_county, synthesis.categories),
        "organisation_rows": table_rows(synthesis.by_organisation, synthesis.categories),
        "meeting_rows": table_rows(synthesis.by_meeting, synthesis.categories),
        "themes": numbered_themes(synthesis, links),
        "untagged": untagged_cards(synthesis, cards, links),
        "themes_by_county": themes_by_county(synthesis, cards) if across else None,
        "across": across,
    }
