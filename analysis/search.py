"""Full-text search over the lemmatised words of cards, so that an inflected form or the
other written form finds the card: "kulturskolene" finds "kulturskole", "skulen" finds
"skole". SQLite's FTS5 on the embedded default, PostgreSQL's full-text search otherwise;
both index CardText.lemmas (kept in step with each card by analysis/receivers.py), and the
query is lemmatised the same way before it is asked.
"""

from django.db import connection

from analysis import text as text_
from analysis.language import detect_language
from analysis.models import CardText

MAX_RESULTS = 200


def query_terms(query: str) -> list[tuple[str, ...]]:
    """Each content word of the query as the forms it may be indexed under: its lemma, and
    the word itself lowercased (a short query has no context to tell "dans" the noun from
    "danse" the verb)."""
    language = detect_language(query)
    plain = text_.plain(query)
    terms = []
    for token in text_.tokens(plain, language):
        if token.is_stop:
            continue
        forms = tuple(dict.fromkeys([token.lemma, token.surface.lower()]))
        if forms not in terms:
            terms.append(forms)
    return terms


def _clean(term: str) -> str:
    return "".join(ch for ch in term if ch.isalnum() or ch == "-")


def card_ids_matching(query: str, *, cards=None) -> list[int]:
    """Pks of the cards whose words match every content word of the query, best first.

    `cards`, a queryset of Card, limits the search to what the reader may see.
    """
    terms = query_terms(query)
    if not terms:
        return []
    if connection.vendor == "sqlite":
        expression = " AND ".join(
            "(" + " OR ".join(f'"{_clean(form)}"' for form in forms) + ")" for forms in terms
        )
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT rowid FROM analysis_cardtext_fts WHERE analysis_cardtext_fts MATCH %s "
                "ORDER BY rank LIMIT %s",
                [expression, MAX_RESULTS * 5],
            )
            rows = [row[0] for row in cursor.fetchall()]
        found = dict(CardText.objects.filter(pk__in=rows).values_list("pk", "card_id"))
        ordered = [found[row] for row in rows if row in found]
    else:
        from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector

        vector = SearchVector("lemmas", config="simple")
        expression = " & ".join(
            "(" + " | ".join(_clean(form) for form in forms) + ")" for forms in terms
        )
        search = SearchQuery(expression, config="simple", search_type="raw")
        ordered = list(
            CardText.objects.annotate(found=vector, rank=SearchRank(vector, search))
            .filter(found=search)
            .order_by("-rank", "card_id")
            .values_list("card_id", flat=True)[: MAX_RESULTS * 5]
        )
    if cards is not None:
        allowed = set(cards.filter(pk__in=ordered).values_list("pk", flat=True))
        ordered = [pk for pk in ordered if pk in allowed]
    return ordered[:MAX_RESULTS]
