"""Which categories of a taxonomy a text speaks to, how strongly, and because of which words.

Two parts, both explainable:
- a lexicon: each category's example phrases and name, lemmatised into the common
  vocabulary of both written forms (analysis/text.py) and found in the text's lemmas;
- a classifier (scikit-learn: tf-idf over lemmas and phrases and the letter sequences of
  the text as written, one logistic regression per category), trained from the labelled
  texts that ship in the repo and the tags facilitators confirmed or corrected, each also in
  the other written form where Apertium is installed (`Tagger.training_documents`); its
  strongest terms present in the text explain it. A card is read as written, so the words
  are always its own (docs/analysis.md has `make eval`'s figures).

A category is assigned when its score passes THRESHOLD; a text may get none. With a
classifier, the score is its probability, and the lexicon's matches are among the features it
weighs (`make eval` measured this at macro-F1 0.68 against 0.65 for the larger of the two
scores and 0.63 for a fixed blend); a taxonomy with nothing to train on has the lexicon alone.
A category's related words (data/related_words.txt for the default taxonomies) are features
of the classifier only: on 422 texts they lifted `make eval` from 0.67 to 0.71.
"""

import functools
import io
import math
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from analysis import text as text_
from analysis.language import detect_language

THRESHOLD = 0.5
LEXICON_SATURATION = 1.6  # the lexicon weight at which a category's lexicon score is ~0.63
CLASSIFIER_SHARE = 0.6
MODE = "blend"  # how much the classifier counts in the score when there is one


@dataclass(frozen=True)
class CategorySpec:
    slug: str
    name: str
    cues: tuple[str, ...]  # example phrases and names, as written
    related: tuple[str, ...] = ()  # words that hint at it: weighed by the classifier only


@dataclass(frozen=True)
class Evidence:
    surface: str
    start: int
    end: int


@dataclass(frozen=True)
class CategoryScore:
    slug: str
    score: float
    words: tuple[str, ...]  # as written in the text, strongest first
    evidence: tuple[Evidence, ...] = ()


@dataclass(frozen=True)
class Analysis:
    language: str
    categories: tuple[CategoryScore, ...]  # assigned ones, best first; empty when none
    scores: dict = field(default_factory=dict)  # every category's score, assigned or not


def _cue_lemmas(phrase: str) -> tuple[str, ...]:
    language = detect_language(phrase)
    return tuple(token.lemma for token in text_.tokens(phrase, language))


class Lexicon:
    def __init__(self, categories: Sequence[CategorySpec]):
        self.by_first: dict[str, list[tuple[tuple[str, ...], str, float]]] = defaultdict(list)
        for category in categories:
            seen = set()
            for cue in category.cues:
                lemmas = _cue_lemmas(cue)
                content = [lemma for lemma in lemmas if lemma not in text_.stop_words()]
                if not content or lemmas in seen:
                    continue
                seen.add(lemmas)
                weight = 1.0 + 0.5 * (len(content) - 1)
                self.by_first[lemmas[0]].append((lemmas, category.slug, weight))
        for cues in self.by_first.values():
            cues.sort(key=lambda cue: -len(cue[0]))  # the longest phrase first
        self.related_by_first: dict[str, list[tuple[tuple[str, ...], str]]] = defaultdict(list)
        for category in categories:
            for phrase in category.related:
                for language in ("nb", "nn"):  # a word may be lemmatised in either form
                    lemmas = tuple(token.lemma for token in text_.tokens(phrase, language))
                    entry = (lemmas, category.slug)
                    if lemmas and entry not in self.related_by_first[lemmas[0]]:
                        self.related_by_first[lemmas[0]].append(entry)

    def matches(self, tokens: Sequence[text_.Token]) -> dict[str, list[tuple[float, int, int]]]:
        """Per category, (weight, first token, last token) of each cue found."""
        found: dict[str, list[tuple[float, int, int]]] = defaultdict(list)
        lemmas = [token.lemma for token in tokens]
        for index, lemma in enumerate(lemmas):
            for cue, slug, weight in self.by_first.get(lemma, ()):
                end = index + len(cue)
                if tuple(lemmas[index:end]) == cue:
                    found[slug].append((weight, index, end - 1))
        return found

    def related(self, tokens: Sequence[text_.Token]) -> list[str]:
        """The category of each related word found, once per occurrence."""
        lemmas = [token.lemma for token in tokens]
        found = []
        for index, lemma in enumerate(lemmas):
            for phrase, slug in self.related_by_first.get(lemma, ()):
                if tuple(lemmas[index : index + len(phrase)]) == phrase:
                    found.append(slug)
        return found


class Tagger:
    """Tags texts with one taxonomy's categories. Build once, use for many texts."""

    def __init__(self, categories: Sequence[CategorySpec], classifier=None):
        self.categories = list(categories)
        self.lexicon = Lexicon(self.categories)
        self.classifier = classifier  # a fitted Classifier, or None

    def features(self, text: str, language: str | None = None) -> list[str]:
        """What the classifier reads of a text: its terms, and a mark for each lexicon cue
        and each related word found, so that it learns how much each category's are worth."""
        plain = text_.plain(text)
        tokens = text_.tokens(plain, language or detect_language(plain))
        return self._features(tokens, self.lexicon.matches(tokens), plain)

    def _features(self, tokens, matches, plain: str) -> list[str]:
        terms = list(text_.terms(tokens))
        for slug, found in matches.items():
            terms.extend([f"{CUE}{slug}"] * len(found))
        terms.extend(f"{RELATED}{slug}" for slug in self.lexicon.related(tokens))
        terms.append(f"{WRITTEN}{plain.lower()}")
        return terms

    def training_documents(
        self,
        texts: Sequence[tuple[str, str | None]],
        labels: Sequence[Iterable[str]],
        other_forms: Sequence[tuple[str, str]] | None = None,
    ) -> tuple[list[list[str]], list[list[str]]]:
        """The classifier's documents and labels for (text, language) pairs; with
        `other_forms` (each text in the other written form, and that form) each idea is
        learnt as written in both forms, so a nynorsk card meets the words a bokmål one
        taught, and back. Tagging reads only the card as written."""
        documents = [self.features(text, language) for text, language in texts]
        label_lists = [list(label) for label in labels]
        if other_forms is not None:
            documents += [self.features(text, language) for text, language in other_forms]
            label_lists += [list(label) for label in labels]
        return documents, label_lists

    def analyse(self, text: str, language: str | None = None) -> Analysis:
        return self.analyse_many([text], [language])[0]

    def analyse_many(
        self, texts: Sequence[str], languages: Sequence[str | None] | None = None
    ) -> list[Analysis]:
        """Tag many texts at once: the classifier reads them as one matrix."""
        read = []
        for text, language in zip(texts, languages or [None] * len(texts), strict=True):
            plain = text_.plain(text)
            language = language or detect_language(plain)
            tokens = text_.tokens(plain, language)
            read.append((plain, language, tokens, self.lexicon.matches(tokens)))
        if self.classifier is not None:
            explained = self.classifier.explain_many(
                [self._features(tokens, matches, plain) for plain, _, tokens, matches in read]
            )
        else:
            explained = [({}, {})] * len(read)
        return [
            self._assign(*each, *explanation)
            for each, explanation in zip(read, explained, strict=True)
        ]

    def _assign(self, plain, language, tokens, matches, probabilities, strong_terms) -> Analysis:
        scores, assigned, lemmas = {}, [], None
        for category in self.categories:
            found = matches.get(category.slug, [])
            lexicon_score = 1 - math.exp(-sum(w for w, _, _ in found) / LEXICON_SATURATION)
            score = probabilities.get(category.slug, lexicon_score)
            scores[category.slug] = round(score, 3)
            if score < THRESHOLD:
                continue
            evidence = [
                Evidence(
                    plain[tokens[first].start : tokens[last].start + len(tokens[last].surface)],
                    tokens[first].start,
                    tokens[last].start + len(tokens[last].surface),
                )
                for _, first, last in sorted(found, key=lambda match: (-match[0], match[1]))
            ]
            terms = strong_terms.get(category.slug, ())
            if terms and lemmas is None:
                lemmas = [token.lemma for token in tokens]  # once per text, not per term
            for term in terms:
                evidence.extend(_term_evidence(term, tokens, plain, lemmas))
            words = tuple(dict.fromkeys(item.surface for item in evidence))[:8]
            assigned.append(CategoryScore(category.slug, round(score, 3), words, tuple(evidence)))
        assigned.sort(key=lambda category: -category.score)
        return Analysis(language, tuple(assigned), scores)


def _term_evidence(term: str, tokens: Sequence[text_.Token], plain: str, lemmas) -> list[Evidence]:
    """Where in the text a classifier term (a lemma or a phrase of lemmas) was first written.
    `lemmas`: the tokens' lemmas, in order (a list searches faster than the tokens)."""
    parts = term.split(" ")
    index = -1
    while True:
        try:
            index = lemmas.index(parts[0], index + 1)
        except ValueError:
            return []
        end = index + len(parts)
        if lemmas[index:end] == parts:
            first, last = tokens[index], tokens[end - 1]
            end_offset = last.start + len(last.surface)
            return [Evidence(plain[first.start : end_offset], first.start, end_offset)]


CUE = "cue:"  # the feature a lexicon match of a category adds
RELATED = "related:"  # the feature a related word of a category adds
WRITTEN = "written:"  # the text as written, lowercase, for its letter sequences


def _one_thread():
    """BLAS in one thread: the vectors are small, and on a busy machine (a worker beside the
    web processes) two threads waiting for each other made one fit 40 times slower."""
    from threadpoolctl import threadpool_limits

    return threadpool_limits(1)


def _given_terms(terms):
    # The documents are analysed already (a named function, so it pickles).
    return [term for term in terms if not term.startswith(WRITTEN)]


@functools.lru_cache(maxsize=100_000)
def _word_letters(word: str) -> tuple[str, ...]:
    """A word's letter sequences of 3 to 5, padded with a space each side, as scikit-learn's
    "char_wb" makes them (a padded word shorter than n counts once, whole)."""
    padded = f" {word} "
    grams = []
    for n in (3, 4, 5):
        if len(padded) <= n:
            grams.append(padded)
            break
        grams += [padded[i : i + n] for i in range(len(padded) - n + 1)]
    return tuple(grams)


def _written_letters(terms) -> list[str]:
    """The letter sequences of the text as written, word by word. Most words of a card
    recur in others, so each word's are made once (10,000 cards: tagging 5.5–7.6 → 4.6 s of CPU)."""
    grams = []
    for word in _written(terms).split():
        grams += _word_letters(word)
    return grams


def _written(terms) -> str:
    """The text as written, whose letter sequences keep what lemmatising loses: a form
    the dictionary lacks, a compound, a dialect word."""
    for term in reversed(terms):
        if term.startswith(WRITTEN):
            return term[len(WRITTEN) :]
    return ""


class Classifier:
    """tf-idf over lemmas and phrases, one balanced logistic regression per category."""

    def __init__(self, slugs: Sequence[str]):
        self.slugs = list(slugs)
        self.vectorizer = None
        self.models: dict = {}

    def fit(self, documents: Sequence[Sequence[str]], labels: Sequence[Iterable[str]]):
        """`documents`: each text's Tagger.features; `labels`: the slugs each speaks to."""
        from sklearn.feature_extraction.text import TfidfVectorizer
        from sklearn.linear_model import LogisticRegression
        from sklearn.pipeline import FeatureUnion

        # The letter sequences of the text as written (within words, 3 to 5) beside the
        # terms: they catch compounds and forms the dictionary lacks. Those of the lemmas
        # as well cost 0.015 macro-F1 over ten draws of the folds (docs/analysis.md).
        self.vectorizer = FeatureUnion(
            [
                ("terms", TfidfVectorizer(analyzer=_given_terms, sublinear_tf=True)),
                (
                    "written",
                    TfidfVectorizer(analyzer=_written_letters, sublinear_tf=True, min_df=2),
                ),
            ]
        )
        matrix = self.vectorizer.fit_transform(documents)
        label_sets = [set(label) for label in labels]
        with _one_thread():
            for slug in self.slugs:
                target = [slug in label for label in label_sets]
                if sum(target) < 2 or all(target):
                    continue  # nothing to learn from for this category
                model = LogisticRegression(C=4.0, class_weight="balanced", max_iter=1000)
                model.fit(matrix, target)
                self.models[slug] = model
        return self

    def explain_many(
        self, documents: Sequence[Sequence[str]]
    ) -> list[tuple[dict[str, float], dict[str, list[str]]]]:
        """Per document: each category's probability, and its strongest terms present."""
        if not documents:  # a facilitator with no cards yet: the models take no empty matrix
            return []
        matrix = self.vectorizer.transform(documents).tocsr()
        names = self._names()
        explainable = self._explainable()
        explained = [({}, {}) for _ in documents]
        for slug, model in self.models.items():
            with _one_thread():
                column = model.predict_proba(matrix)[:, 1]
            weights = model.coef_[0]
            for index, (probabilities, strong) in enumerate(explained):
                probabilities[slug] = float(column[index])
                if column[index] < THRESHOLD:
                    continue  # words explain only the categories a text is given
                start, end = matrix.indptr[index], matrix.indptr[index + 1]
                features, values = matrix.indices[start:end], matrix.data[start:end]
                words = explainable[features]  # words, not marks or letter sequences
                features, values = features[words], values[words]
                contributions = weights[features] * values
                strong[slug] = [
                    names[features[i]]
                    for i in contributions.argsort()[::-1][:4]
                    if contributions[i] > 0
                ]
        return explained

    def _names(self) -> list[str]:
        if getattr(self, "names", None) is None:
            self.names = [n.partition("__")[2] for n in self.vectorizer.get_feature_names_out()]
        return self.names

    def _explainable(self):
        """Which features can explain a category in the text's own words: the terms
        (lemmas and phrases), not the lexicon's marks or letter sequences."""
        if getattr(self, "explainable", None) is None:
            import numpy

            full = self.vectorizer.get_feature_names_out()
            self.explainable = numpy.array(
                [
                    name.startswith("terms__")
                    and not name.partition("__")[2].startswith((CUE, RELATED))
                    for name in full
                ]
            )
        return self.explainable

    def dumps(self) -> bytes:
        import joblib

        buffer = io.BytesIO()
        joblib.dump(self, buffer)
        return buffer.getvalue()

    @staticmethod
    def loads(data: bytes) -> "Classifier":
        import joblib

        return joblib.load(io.BytesIO(bytes(data)))
