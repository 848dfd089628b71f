"""Reviewing tags card by card: what the tagger suggests for a card and why (the words
that caused each category, placed in the card's text), a facilitator's confirmations and
corrections, and the classifier trained again from them in the worker."""

from dataclasses import dataclass
from datetime import timedelta

from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from analysis import text as text_
from analysis.domain import card_text, tag_review, tagger_for
from analysis.models import Category, TagReview, Taxonomy, TrainedModel
from analysis.signals import training_wanted
from common.cache import first_in_spell
from wall.models import Card

TRAIN_DELAY_SECONDS = 5  # saves within this spell are learnt from in one training
MIN_REVIEWED_FOR_AGREEMENT = 10  # review_agreement's two cards per fold, five folds
SHADES = 6  # highlight colours; categories past the sixth share them again


@dataclass(frozen=True)
class Segment:
    """A piece of the card's text; `shade` 0 is plain, else the colour of the category
    (the first, when the words speak to several) whose words these are."""

    text: str
    shade: int = 0
    names: tuple[str, ...] = ()  # the categories these words speak to


@dataclass(frozen=True)
class ReviewCategory:
    category: Category
    shade: int
    score: float
    suggested: bool  # the tagger assigns it
    reviewed: bool | None  # a facilitator's word: True, False, or None when not yet
    words: tuple[str, ...]

    @property
    def applies(self) -> bool:
        """What the form shows ticked: the facilitator's word, else the suggestion."""
        return self.suggested if self.reviewed is None else self.reviewed

    @property
    def percent(self) -> int:
        return round(100 * self.score)


@dataclass(frozen=True)
class CardReview:
    card: Card
    language: str
    heading: tuple[Segment, ...]
    body: tuple[Segment, ...]
    categories: tuple[ReviewCategory, ...]


def model_refresh_soon(*, taxonomy_id: int) -> None:
    """Have the taxonomy's classifier trained again in the worker, once per spell of saves."""
    if not first_in_spell(("analysis", "train", taxonomy_id), TRAIN_DELAY_SECONDS):
        return  # a training is scheduled already, and will read this save too
    run_after = timezone.now() + timedelta(seconds=TRAIN_DELAY_SECONDS)
    training_wanted.send(sender=Taxonomy, taxonomy_id=taxonomy_id, run_after=run_after)


def review_cards(*, meeting):
    """The cards of a meeting that can be reviewed: written and not hidden, in wall order."""
    return (
        Card.objects.filter(item__meeting=meeting, version__gt=0, hidden=False)
        .select_related("group", "item")
        .order_by("item__position", "item_id", "group__number")
    )


def reviewed_card_ids(*, taxonomy: Taxonomy, cards) -> set[int]:
    return set(
        TagReview.objects.filter(category__taxonomy=taxonomy, card__in=cards)
        .values_list("card_id", flat=True)
        .distinct()
    )


def card_review(*, taxonomy: Taxonomy, card: Card) -> CardReview:
    """The card's text with the words of each suggested category placed in it, and every
    category of the taxonomy with its score, the suggestion and any earlier review."""
    text = card_text(card)
    analysis = tagger_for(taxonomy=taxonomy).analyse(text)
    plain = text_.plain(text)
    said = dict(
        TagReview.objects.filter(card=card, category__taxonomy=taxonomy).values_list(
            "category__slug", "applies"
        )
    )
    suggested = {score.slug: score for score in analysis.categories}
    categories = []
    spans = []  # (start, end, shade, name)
    for index, category in enumerate(taxonomy.categories.all()):
        shade = index % SHADES + 1
        found = suggested.get(category.slug)
        if found is not None:
            spans.extend((e.start, e.end, shade, category.name) for e in found.evidence)
        categories.append(
            ReviewCategory(
                category=category,
                shade=shade,
                score=analysis.scores.get(category.slug, 0.0),
                suggested=found is not None,
                reviewed=said.get(category.slug),
                words=found.words if found else (),
            )
        )
    segments = highlight(plain, spans)
    split = plain.find("\n\n") if card.heading else 0
    heading, body = _cut(segments, max(split, 0))
    return CardReview(card, analysis.language, heading, _lstrip(body), tuple(categories))


def highlight(text: str, spans) -> tuple[Segment, ...]:
    """The text in pieces, marked where spans (start, end, shade, name) cover it; where
    several overlap, the piece takes the lowest shade and names them all."""
    bounds = sorted({0, len(text)} | {s for s, *_ in spans} | {e for _, e, *_ in spans})
    bounds = [b for b in bounds if 0 <= b <= len(text)]
    pieces: list[Segment] = []
    for start, end in zip(bounds, bounds[1:], strict=False):
        if start >= end:
            continue
        covering = sorted({(shade, name) for s, e, shade, name in spans if s <= start and end <= e})
        shade = covering[0][0] if covering else 0
        names = tuple(dict.fromkeys(name for _, name in covering))
        if pieces and pieces[-1].shade == shade and pieces[-1].names == names:
            pieces[-1] = Segment(pieces[-1].text + text[start:end], shade, names)
        else:
            pieces.append(Segment(text[start:end], shade, names))
    return tuple(pieces)


def _cut(segments, offset: int) -> tuple[tuple[Segment, ...], tuple[Segment, ...]]:
    before, after, position = [], [], 0
    for segment in segments:
        end = position + len(segment.text)
        if end <= offset:
            before.append(segment)
        elif position >= offset:
            after.append(segment)
        else:
            cut = offset - position
            before.append(Segment(segment.text[:cut], segment.shade, segment.names))
            after.append(Segment(segment.text[cut:], segment.shade, segment.names))
        position = end
    return tuple(before), tuple(after)


def _lstrip(segments: tuple[Segment, ...]) -> tuple[Segment, ...]:
    pieces = list(segments)
    while pieces and not pieces[0].text.strip():
        pieces.pop(0)
    if pieces:
        first = pieces[0]
        pieces[0] = Segment(first.text.lstrip(), first.shade, first.names)
    return tuple(pieces)


def card_review_save(*, card: Card, taxonomy: Taxonomy, applies: set[str], user) -> None:
    """A facilitator's word on every category of the taxonomy for this card: the ticked
    ones apply, the others do not. The classifier learns it a moment later."""
    with transaction.atomic():
        for category in taxonomy.categories.all():
            tag_review(card=card, category=category, applies=category.slug in applies, user=user)
        taxonomy_id = taxonomy.pk
        transaction.on_commit(lambda: model_refresh_soon(taxonomy_id=taxonomy_id))


@dataclass(frozen=True)
class Agreement:
    reviewed: int  # cards with a review in this taxonomy
    needed: int
    rows: tuple[tuple[Category, dict], ...]  # the category and its precision, recall, F1
    trained_at: object
    waiting: bool  # corrections newer than the model: the worker has them to learn


def model_agreement(*, taxonomy: Taxonomy) -> Agreement:
    """How well the current model agrees with the confirmed tags, as it was last trained."""
    model = TrainedModel.objects.filter(taxonomy=taxonomy).defer("data").first()
    reviews = TagReview.objects.filter(category__taxonomy=taxonomy)
    reviewed = reviews.values("card").distinct().count()
    latest = reviews.aggregate(latest=Max("reviewed_at"))["latest"]
    metrics = (model.metrics or {}).get("categories", {}) if model else {}
    rows = tuple(
        (category, metrics[category.slug])
        for category in taxonomy.categories.all()
        if category.slug in metrics
    )
    waiting = model is not None and latest is not None and latest > model.trained_at
    return Agreement(
        reviewed,
        MIN_REVIEWED_FOR_AGREEMENT,
        rows,
        model.trained_at if model else None,
        waiting,
    )
