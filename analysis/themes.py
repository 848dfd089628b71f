"""Recurring themes found without a taxonomy: what many cards talk about together.

Cards become tf-idf vectors of their lemmas and phrases; non-negative matrix factorisation
(an nndsvd start with a fixed random state) finds the themes; each theme is labelled by its
strongest terms, written back in the form people wrote them most often, and quoted by the
sentences that carry most of its terms. The same material gives the same
themes.
"""

import math
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from analysis import text as text_
from analysis.language import detect_language

MIN_CARDS = 4  # fewer cards than this have no recurring themes to find
MIN_SHARE = 0.18  # a card belongs to a theme that holds this share of its weight
MAX_TERMS = 20_000  # the vocabulary's most frequent terms; rarer ones shape no theme
QUOTE_CANDIDATES = 30


@dataclass(frozen=True)
class ThemeText:
    key: str  # the caller's id for the text (a card's pk, an input line's id)
    text: str


@dataclass(frozen=True)
class Theme:
    label: str
    terms: tuple[str, ...]  # readable forms, strongest first
    keys: tuple[str, ...]  # the texts in the theme, strongest first
    quotes: tuple[tuple[str, str], ...]  # (key, sentence), one to three


def _theme_count(cards: int) -> int:
    return max(2, min(12, round(math.sqrt(cards / 2))))


def find_themes(
    texts: Sequence[ThemeText], *, count: int | None = None, ignore: Sequence[str] = ()
) -> list[Theme]:
    """The recurring themes of `texts`. Words of `ignore` (a session's questions, which
    every card echoes) shape no theme."""
    if len(texts) < MIN_CARDS:
        return []
    import numpy
    from sklearn.decomposition import NMF
    from sklearn.feature_extraction.text import TfidfVectorizer

    ignored = {
        token.lemma
        for text in ignore
        for token in text_.tokens(text_.plain(text))
        if not token.is_stop
    }
    surfaces: dict[str, Counter] = defaultdict(Counter)
    documents = []
    for item in texts:
        plain = text_.plain(item.text)
        tokens = text_.tokens(plain, detect_language(plain))
        for token in tokens:
            if not token.is_stop:
                surfaces[token.lemma][token.surface.lower()] += 1
        documents.append(
            [
                term
                for term in text_.terms(tokens)
                if (" " in term or len(term) > 3)
                and not (ignored and ignored.intersection(term.split(" ")))
            ]
        )
    vectorizer = TfidfVectorizer(
        analyzer=_given_terms, min_df=2, max_df=0.5, sublinear_tf=True, max_features=MAX_TERMS
    )
    try:
        matrix = vectorizer.fit_transform(documents)
    except ValueError:  # no term recurs in two cards
        return []
    names = vectorizer.get_feature_names_out()
    count = min(count or _theme_count(len(texts)), matrix.shape[1], len(texts) - 1)
    if count < 2:
        return []
    # The nndsvd start runs a randomised SVD: without a random state of its own it draws
    # from numpy's global one, and the same cards gave other themes in each process.
    model = NMF(n_components=count, init="nndsvd", max_iter=1000, tol=1e-3, random_state=0)
    # Rounded, so that float noise between runs cannot reorder ties.
    weights = model.fit_transform(matrix).round(6)
    totals = weights.sum(axis=1)
    # Each text's weight in each theme as a share of its own: the texts of a theme are
    # those where it holds MIN_SHARE (a text with no weight belongs nowhere).
    shares = weights / numpy.where(totals > 0, totals, 1)[:, None]
    belongs = (shares >= MIN_SHARE) & (totals > 0)[:, None]
    by_key = {item.key: item for item in texts}
    themes = []
    for index, component in enumerate(model.components_.round(6)):
        strongest = component.argsort()[::-1][:40]
        order = sorted(strongest, key=lambda i: (-component[i], names[i]))
        top = [names[i] for i in order[:6] if component[i] > 0]
        members = [
            (weights[row, index], texts[row].key) for row in numpy.flatnonzero(belongs[:, index])
        ]
        if len(members) < 2:
            continue
        members.sort(key=lambda member: (-member[0], member[1]))
        terms = _readable(top, surfaces)
        # Quotes come from the texts that belong to the theme most.
        quotes = _quotes(
            [by_key[key] for _, key in members[:QUOTE_CANDIDATES]],
            {names[i]: component[i] for i in order[:20] if component[i] > 0},
        )
        themes.append(
            Theme(
                label=", ".join(terms[:3]).capitalize(),
                terms=tuple(terms),
                keys=tuple(key for _, key in members),
                quotes=tuple(quotes),
            )
        )
    themes.sort(key=lambda theme: (-len(theme.keys), theme.label))
    return themes


def _given_terms(terms):
    return terms


def _readable(terms: Sequence[str], surfaces: dict[str, Counter]) -> list[str]:
    """Lemmas back to the forms people wrote most; a phrase's words each so; no repeats."""
    readable, covered = [], set()
    for term in terms:
        words = term.split(" ")
        if set(words) <= covered and len(words) == 1:
            continue
        written = " ".join(
            surfaces[word].most_common(1)[0][0] if surfaces.get(word) else word for word in words
        )
        readable = [r for r in readable if r not in written.split(" ")]
        readable.append(written)
        covered.update(words)
    return readable[:4]


def _quotes(texts: Sequence[ThemeText], weights: dict[str, float]) -> list[tuple[str, str]]:
    """The one to three sentences, from different cards, that carry the theme's terms most."""
    scored = []
    for item in texts:
        for sentence in text_.sentences(item.text):
            words = text_.words(sentence)
            if not 4 <= len(words) <= 45:
                continue
            terms = set(text_.analyse_words(sentence))
            score = sum(weights.get(term, 0) for term in terms) / math.sqrt(len(words))
            if score > 0:
                scored.append((score, item.key, sentence))
    scored.sort(key=lambda entry: (-entry[0], entry[1], entry[2]))
    quotes, used = [], set()
    for _, key, sentence in scored:
        if key in used:
            continue
        quotes.append((key, sentence))
        used.add(key)
        if len(quotes) == 3:
            break
    return quotes
