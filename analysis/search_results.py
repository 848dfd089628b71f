"""Search across meetings as a facilitator reads it: the cards of their own meetings and of
every published wall, each found card with a snippet where the query's words are marked
(in whatever form the card wrote them) and a link to the card on its wall."""

from dataclasses import dataclass

from django.db.models import Q
from django.urls import reverse

from analysis import text as text_
from analysis.language import detect_language
from analysis.review import Segment
from analysis.search import card_ids_matching, query_terms
from meetings.domain import meetings_for_facilitator
from wall.models import Card

SNIPPET_WORDS = 28  # about two lines around the first word found


@dataclass(frozen=True)
class SearchResult:
    card: Card
    heading: str
    snippet: tuple[Segment, ...]
    url: str
    published: bool  # found on a published wall, not in one of the reader's meetings


def cards_readable(*, user):
    """The written cards `user` may search: their meetings' and those of published walls."""
    own = meetings_for_facilitator(user).order_by().values("pk")
    return Card.objects.filter(version__gt=0).filter(
        Q(item__meeting__in=own) | Q(item__wall__share_token__isnull=False, hidden=False)
    )


def snippet(text: str, forms: set[str], *, words: int = SNIPPET_WORDS) -> tuple[Segment, ...]:
    """A window of the text around its first matching word, the matching words marked."""
    plain = text_.plain(text)
    tokens = text_.tokens(plain, detect_language(plain))
    hits = [t for t in tokens if t.lemma in forms or t.surface.lower() in forms]
    if not tokens:
        return (Segment(plain),) if plain else ()
    first = tokens.index(hits[0]) if hits else 0
    start_index = max(0, first - words // 3)
    end_index = min(len(tokens), start_index + words)
    start = tokens[start_index].start if start_index else 0
    last = tokens[end_index - 1]
    end = len(plain) if end_index == len(tokens) else last.start + len(last.surface)
    pieces = []
    position = start
    for token in hits:
        token_end = token.start + len(token.surface)
        if token.start < start or token_end > end:
            continue
        if token.start > position:
            pieces.append(Segment(plain[position : token.start]))
        pieces.append(Segment(token.surface, 1))
        position = token_end
    if position < end:
        pieces.append(Segment(plain[position:end]))
    pieces = [Segment(" ".join(piece.text.split("\n")), piece.shade) for piece in pieces]
    if start > 0:
        pieces.insert(0, Segment("… "))
    if end < len(plain):
        pieces.append(Segment(" …"))
    return tuple(pieces)


def search_results(*, user, query: str) -> list[SearchResult]:
    """The cards matching every content word of `query`, best first."""
    readable = cards_readable(user=user)
    ids = card_ids_matching(query, cards=readable)
    if not ids:
        return []
    own = set(meetings_for_facilitator(user).order_by().values_list("pk", flat=True))
    cards = {
        card.pk: card
        for card in Card.objects.filter(pk__in=ids).select_related(
            "group", "item__meeting", "item__wall"
        )
    }
    forms = {form for term in query_terms(query) for form in term}
    results = []
    for pk in ids:
        card = cards.get(pk)
        if card is None:
            continue
        meeting = card.item.meeting
        if meeting.pk in own:
            url = reverse("wall:page", args=[meeting.code, card.item_id])
        else:
            url = reverse("wall:shared", args=[card.item.wall.share_token])
        results.append(
            SearchResult(
                card=card,
                heading=card.heading or card.group.name,
                snippet=snippet(card.body, forms),
                url=f"{url}#card-{card.pk}",
                published=meeting.pk not in own,
            )
        )
    return results
