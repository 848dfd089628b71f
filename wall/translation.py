"""A card in the other written form, on demand.

A card stays in the form its group wrote it in (found by analysis/language.py); beside it
the wall offers the other one, which Apertium (analysis/apertium.py) makes when someone asks.
The translation is kept per card version and direction (common/cache.py), so a wall of
readers asking for the same card costs one run of the translator, and a new version of the
card a new one.
"""

import functools
from dataclasses import dataclass

import simplemma
from django.utils.translation import gettext_lazy as _

from analysis import apertium
from analysis.language import detect_language, language_scores
from common.cache import cached
from common.errors import DomainError
from wall.models import Card
from wall.text import CardTextError, render_body

OTHER_FORM = {"nb": "nn", "nn": "nb"}
# A translation stays as long as its card version can be asked for on a meeting day.
TRANSLATION_SECONDS = 24 * 60 * 60
# Below this share of words either form's dictionary knows, a text is not taken for
# Norwegian (an English card, say), and no translation is offered.
KNOWN_WORDS = 0.3


def card_text(card: Card) -> str:
    return f"{card.heading}\n{card.body}".strip()


@functools.lru_cache(maxsize=4096)
def text_form(text: str) -> str:
    """ "nb" or "nn" for a Norwegian text, "" for an empty or foreign one."""
    if not text.strip():
        return ""
    scores = language_scores(text)
    if not (scores["nb"] or scores["nn"]):
        # No word of one form alone: Norwegian only when its dictionaries know enough of the
        # words, and more of them than the English one does (both know "more", "time").
        known = max(simplemma.in_target_language(text, lang=code) for code in ("nb", "nn"))
        if known < KNOWN_WORDS or simplemma.in_target_language(text, lang="en") > known:
            return ""
    return detect_language(text)


def card_form(card: Card) -> str:
    """The written form the card is in ("nb", "nn"), or "" when it is in neither."""
    return text_form(card_text(card))


def other_form(form: str) -> str:
    """The form a card in `form` is offered in: "" for one in neither, and on a server
    without the translator (a button that can only fail is no offer)."""
    target = OTHER_FORM.get(form, "")
    return target if target and apertium.available(form, target) else ""


@dataclass(frozen=True)
class CardTranslation:
    lang: str
    heading: str
    body_html: str  # sanitised as the card's own (wall/text.py)


def card_translation(card: Card, target: str = "") -> CardTranslation:
    """The card in `target` ("nb", "nn"; by default the form it is not in); a DomainError
    (apertium.TranslatorError when the translator fails) says why when it cannot be made."""
    source = card_form(card)
    if not source:
        raise DomainError(
            _("The card is not written in bokmål or nynorsk, so it cannot be shown in the other."),
            code="neither",
        )
    target = target or OTHER_FORM[source]
    if target not in OTHER_FORM:
        raise DomainError(_("There is no translation into that language."), code="target")
    if source == target:
        raise DomainError(_("The card is already in that written form."), code="same")
    # The time of the version tells it from a card of a later database that got the same
    # pk and version.
    return cached(
        ("card-translation", card.pk, card.version, card.updated_at.isoformat(), target),
        lambda: _translated(card, source, target),
        TRANSLATION_SECONDS,
    )


def _translated(card: Card, source: str, target: str) -> CardTranslation:
    heading, body = apertium.translate([card.heading, card.body], source=source, target=target)
    try:
        body_html = render_body(body)
    except CardTextError:  # longer than a card may be: shown as the translator left it
        body_html = render_body(body[: len(card.body)])
    return CardTranslation(lang=target, heading=heading, body_html=body_html)
