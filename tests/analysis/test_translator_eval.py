"""The measures of `make eval`'s translator part (analysis/translator_eval.py)."""

import pytest

from analysis import translator_eval as measures
from tests.conftest import needs_translator


def test_chrf_is_one_for_the_same_text_and_low_for_another():
    assert measures.chrf("Kva manglar?", "Kva manglar?") == pytest.approx(1.0)
    assert measures.chrf("xyz", "Kva manglar?") == 0.0
    near = measures.chrf("kulturskule", "kulturskulen")
    assert 0.8 < near < 1.0
    assert measures.chrf("", "") == 1.0


def test_word_accuracy_counts_word_edits_over_the_reference():
    assert measures.word_accuracy("Eg trur ikkje det.", "Eg trur ikkje det.") == 1.0
    # One word of five (four words and the full stop) wrong.
    assert measures.word_accuracy("Eg tror ikkje det.", "Eg trur ikkje det.") == pytest.approx(0.8)
    assert measures.word_accuracy("heilt anna tekst her no", "Ja.") == 0.0


def test_scoring_a_direction():
    pairs = [
        {"kind": "title", "nb": "Velkommen", "nn": "Velkomen"},
        {"kind": "card", "nb": "Jeg tror det.", "nn": "Eg trur det."},
    ]
    result = measures.score(pairs, "nb", "nn", ["Velkommen", "Eg trur det."])
    assert result.exact == 0.5
    assert [s.source for s in result.worst()] == ["Velkommen"]
    assert result.by_kind()["card"] == (1, 1.0, pytest.approx(1.0))


def test_the_sentence_pairs_are_meeting_content_in_both_forms():
    pairs = measures.load_pairs()
    assert len(pairs) >= 40
    assert {pair["kind"] for pair in pairs} == {"title", "question", "card"}
    assert all(pair["nb"].strip() and pair["nn"].strip() for pair in pairs)
    assert sum(pair["nb"] != pair["nn"] for pair in pairs) >= 38


@needs_translator
def test_apertium_on_the_pairs_stays_where_it_was_measured():
    """docs/written-forms.md: bokmål → nynorsk chrF 0.985, nynorsk → bokmål 0.944."""
    to_nynorsk, to_bokmaal = measures.evaluate(measures.load_pairs())
    assert to_nynorsk.chrf > 0.95
    assert to_bokmaal.chrf > 0.9
