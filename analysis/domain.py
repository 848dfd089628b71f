"""The synthesis: tagging cards with a taxonomy, learning from facilitators' corrections,
themes, and what a meeting (or many) said."""

import functools
import logging
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from django.db import transaction

from analysis import apertium
from analysis import text as text_
from analysis.corpus import labelled_texts
from analysis.defaults import related_words
from analysis.language import detect_language
from analysis.models import CardText, Category, TagReview, Taxonomy, TrainedModel
from analysis.signals import training_wanted
from analysis.tagging import Analysis, CategoryScore, CategorySpec, Classifier, Tagger
from analysis.themes import Theme, ThemeText, find_themes
from common.cache import first_in_spell
from common.errors import DomainError

logger = logging.getLogger(__name__)


class AnalysisError(DomainError):
    """A request the analysis cannot do; the message is for the person."""


VALUE_AREAS = "fremtidens-kulturskole"


def default_taxonomy() -> Taxonomy:
    """The project's value areas: installed by a migration, and again if someone removed them."""
    taxonomy = Taxonomy.objects.filter(slug=VALUE_AREAS).first()
    if taxonomy is None:
        from analysis.defaults import install_defaults

        install_defaults(Taxonomy, Category)
        taxonomy = Taxonomy.objects.get(slug=VALUE_AREAS)
    return taxonomy


def category_specs(taxonomy: Taxonomy) -> tuple[CategorySpec, ...]:
    related = related_words()
    return tuple(
        CategorySpec(
            category.slug,
            category.name_nb,
            (category.name_nb, category.name_nn, *category.example_lines),
            related.get((taxonomy.slug, category.slug), ()),
        )
        for category in taxonomy.categories.all()
    )


def training_material(*, taxonomy: Taxonomy) -> tuple[list[list[str]], list[list[str]]]:
    """Documents (as features) and their category slugs: the labelled texts that ship for
    this taxonomy, and every card a facilitator reviewed, with its confirmed tags; each
    also in the other written form where Apertium is installed (`both_forms`)."""
    reader = Tagger(category_specs(taxonomy))
    texts, labels = _shipped(taxonomy)
    reviewed: dict[int, tuple[str, set[str]]] = {}
    reviews = TagReview.objects.filter(category__taxonomy=taxonomy).select_related(
        "card", "category"
    )
    for review in reviews:
        _, slugs = reviewed.setdefault(review.card_id, (card_text(review.card), set()))
        if review.applies:
            slugs.add(review.category.slug)
    for body, slugs in reviewed.values():
        texts.append((body, detect_language(text_.plain(body))))
        labels.append(sorted(slugs))
    return reader.training_documents(texts, labels, both_forms(texts))


def both_forms(texts: list[tuple[str, str]]) -> list[tuple[str, str]] | None:
    """The training texts in the other written form, or None without the translator: the
    classifier then learns from the texts as written (`make eval` measures both)."""
    return apertium.in_other_form(texts)


def card_text(card) -> str:
    """A card's words as the analysis reads them: heading, then body."""
    return f"{card.heading}\n\n{card.body}".strip()


def model_train(*, taxonomy: Taxonomy) -> TrainedModel | None:
    """Fit the taxonomy's classifier from what ships and what facilitators confirmed."""
    documents, labels = training_material(taxonomy=taxonomy)
    specs = category_specs(taxonomy)
    if len(documents) < 4:
        TrainedModel.objects.filter(taxonomy=taxonomy).delete()
        return None
    classifier = Classifier([spec.slug for spec in specs]).fit(documents, labels)
    reviewed = TagReview.objects.filter(category__taxonomy=taxonomy).values("card").distinct()
    trained, _ = TrainedModel.objects.update_or_create(
        taxonomy=taxonomy,
        defaults={
            "data": classifier.dumps(),
            "reviewed_cards": reviewed.count(),
            "metrics": review_agreement(taxonomy=taxonomy),
        },
    )
    _cached_classifier.cache_clear()
    return trained


@functools.lru_cache(maxsize=16)
def _cached_classifier(model_pk: int, trained_at) -> Classifier | None:
    """The stored classifier, or None when it no longer loads: one kept by an older samtale
    or scikit-learn names functions or classes that are gone, and the lexicon serves until
    it is trained again."""
    try:
        return Classifier.loads(TrainedModel.objects.get(pk=model_pk).data)
    except Exception:  # unpickling raises whatever the missing piece makes it raise
        logger.warning("The stored classifier %s does not load; it is trained again", model_pk)
        return None


def tagger_for(*, taxonomy: Taxonomy, train: bool = False) -> Tagger:
    """The tagger of a taxonomy: its lexicon, and its classifier once trained (from what
    ships for it and the reviews), kept in the database.

    Training takes seconds: with `train` (the worker, a command) a missing classifier is
    trained here; otherwise (a page) the worker is asked to, and the lexicon serves until then.
    """
    model = TrainedModel.objects.filter(taxonomy=taxonomy).only("pk", "trained_at").first()
    if model is None and train:
        model = model_train(taxonomy=taxonomy)
    elif model is None:
        _train_soon(taxonomy)
    classifier = _cached_classifier(model.pk, model.trained_at) if model else None
    if model is not None and classifier is None:  # kept by an older samtale: train anew
        if train:
            model = model_train(taxonomy=taxonomy)
            classifier = _cached_classifier(model.pk, model.trained_at) if model else None
        else:
            _train_soon(taxonomy)
    return _cached_tagger(category_specs(taxonomy), classifier)


def _train_soon(taxonomy: Taxonomy) -> None:
    if first_in_spell(("analysis", "train", taxonomy.pk), 60):
        taxonomy_id = taxonomy.pk
        transaction.on_commit(
            lambda: training_wanted.send(sender=Taxonomy, taxonomy_id=taxonomy_id, run_after=None)
        )


@functools.lru_cache(maxsize=16)
def _cached_tagger(specs: tuple[CategorySpec, ...], classifier) -> Tagger:
    return Tagger(specs, classifier)


def texts_analyse(*, taxonomy: Taxonomy, texts: Sequence[str]) -> list[Analysis]:
    tagger = tagger_for(taxonomy=taxonomy, train=True)
    return [tagger.analyse(text) for text in texts]


@dataclass(frozen=True)
class CardTags:
    card_id: int
    language: str
    categories: tuple[CategoryScore, ...]  # assigned, best first
    reviewed: dict  # slug → True/False where a facilitator said so
    paragraphs: tuple[tuple[str, tuple[CategoryScore, ...]], ...] = ()


def cards_tag(
    *, taxonomy: Taxonomy, cards: Sequence, paragraphs: bool = False, train: bool = False
) -> list[CardTags]:
    """Each card's categories: a facilitator's review overrides what the tagger says."""
    tagger = tagger_for(taxonomy=taxonomy, train=train)
    # The taxonomy's reviews are few beside its cards: read them all, not by a list of ids.
    reviews: dict[int, dict[str, bool]] = defaultdict(dict)
    for card_id, slug, applies in TagReview.objects.filter(category__taxonomy=taxonomy).values_list(
        "card_id", "category__slug", "applies"
    ):
        reviews[card_id][slug] = applies
    tagged = []
    analyses = tagger.analyse_many([card_text(card) for card in cards])
    for card, analysis in zip(cards, analyses, strict=True):
        said = reviews.get(card.pk, {})
        categories = [c for c in analysis.categories if said.get(c.slug, True)]
        for slug, applies in said.items():
            if applies and slug not in {c.slug for c in categories}:
                categories.insert(0, CategoryScore(slug, 1.0, ()))
        parts = ()
        if paragraphs:
            parts = tuple(
                (part, tagger.analyse(part, analysis.language).categories)
                for part in text_.paragraphs(card.body)
            )
        tagged.append(CardTags(card.pk, analysis.language, tuple(categories), said, parts))
    return tagged


@transaction.atomic
def tag_review(*, card, category: Category, applies: bool, user) -> TagReview:
    """A facilitator confirms (applies) or rejects a category for a card."""
    review, _ = TagReview.objects.update_or_create(
        card=card, category=category, defaults={"applies": applies, "reviewed_by": user}
    )
    return review


def review_agreement(*, taxonomy: Taxonomy, folds: int = 5) -> dict:
    """How well the tagger agrees with the confirmed tags, on cards it was not trained on:
    precision, recall and F1 per category, by k-fold cross-validation over reviewed cards."""
    specs = category_specs(taxonomy)
    reviewed: dict[int, dict[str, bool]] = defaultdict(dict)
    cards = {}
    for review in TagReview.objects.filter(category__taxonomy=taxonomy).select_related(
        "card", "category"
    ):
        reviewed[review.card_id][review.category.slug] = review.applies
        cards[review.card_id] = review.card
    ids = sorted(reviewed)
    if len(ids) < folds * 2:
        return {"cards": len(ids), "categories": {}}
    reader = Tagger(specs)
    shipped, shipped_labels = training_material_shipped(taxonomy, reader)
    counts = {spec.slug: Counter() for spec in specs}
    for fold in range(folds):
        held_out = ids[fold::folds]
        train_ids = [card_id for card_id in ids if card_id not in held_out]
        documents = shipped + [reader.features(card_text(cards[i])) for i in train_ids]
        labels = shipped_labels + [
            [slug for slug, applies in reviewed[i].items() if applies] for i in train_ids
        ]
        tagger = Tagger(specs, Classifier([s.slug for s in specs]).fit(documents, labels))
        for card_id in held_out:
            predicted = {c.slug for c in tagger.analyse(card_text(cards[card_id])).categories}
            for slug, applies in reviewed[card_id].items():
                if slug not in counts:
                    continue
                hit = slug in predicted
                outcome = "tp" if hit and applies else "fp" if hit else "fn" if applies else "tn"
                counts[slug][outcome] += 1
    return {"cards": len(ids), "categories": {slug: scores(c) for slug, c in counts.items()}}


def training_material_shipped(
    taxonomy: Taxonomy, reader: Tagger
) -> tuple[list[list[str]], list[list[str]]]:
    texts, labels = _shipped(taxonomy)
    return reader.training_documents(texts, labels, both_forms(texts))


def _shipped(taxonomy: Taxonomy) -> tuple[list[tuple[str, str]], list[list[str]]]:
    texts, labels = [], []
    for item in labelled_texts():
        if taxonomy.slug in item.labels:
            texts.append((item.text, item.language))
            labels.append(list(item.labels[taxonomy.slug]))
    return texts, labels


def scores(counts: Counter) -> dict:
    tp, fp, fn = counts["tp"], counts["fp"], counts["fn"]
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {
        "precision": round(precision, 3),
        "recall": round(recall, 3),
        "f1": round(f1, 3),
        "support": tp + fn,
    }


def themes_find(*, cards: Sequence) -> list[Theme]:
    """The themes of the cards; the words of their sessions' questions left out."""
    from meetings.models import Question

    questions = Question.objects.filter(item__in={card.item_id for card in cards})
    return find_themes(
        [ThemeText(str(card.pk), card_text(card)) for card in cards],
        ignore=list(questions.values_list("text", flat=True)),
    )


def card_text_refresh(*, card) -> CardText:
    """Keep the card's lemmatised words for search in step with its version."""
    text = card_text(card)
    language = detect_language(text)
    lemmas = " ".join(token.lemma for token in text_.tokens(text_.plain(text), language))
    found, _ = CardText.objects.update_or_create(
        card=card, defaults={"version": card.version, "language": language, "lemmas": lemmas}
    )
    return found
