"""The same material gives the same themes, in any process: the factorisation's start draws
from numpy's random numbers unless it is given its own."""

import random

import numpy

from analysis import text as text_
from analysis.corpus import labelled_texts
from analysis.themes import ThemeText, find_themes


def cards(count: int = 200) -> list[ThemeText]:
    """Cards of two to six sentences of the labelled texts, as bench/analysis.py makes them."""
    sentences = [s for item in labelled_texts() for s in text_.sentences(item.text)]
    rng = random.Random(2026)
    return [
        ThemeText(str(i), " ".join(rng.sample(sentences, rng.randint(2, 6)))) for i in range(count)
    ]


def test_the_same_cards_give_the_same_themes_whatever_numpy_drew_before():
    material = cards()
    numpy.random.seed(1)
    first = find_themes(material)
    numpy.random.seed(2)
    second = find_themes(material)
    assert len(first) >= 2
    assert first == second
