"""The classifier learns each training text in both written forms where Apertium is
installed, reads a card only as written, and falls back to the texts as written without it."""

import pytest

from analysis import apertium, evaluation
from analysis.corpus import labelled_texts
from analysis.domain import category_specs, tagger_for, training_material
from analysis.models import Taxonomy
from analysis.tagging import WRITTEN
from tests.conftest import needs_translator

pytestmark = pytest.mark.django_db

# A nynorsk card whose words differ from bokmål's in almost every form.
NYNORSK_CARD = (
    "Elevane våre vil skape noko sjølve: dei lagar eigne songar og spelar dei for "
    "kvarandre på skulen kvar veke."
)


def value_areas():
    return Taxonomy.objects.get(slug="fremtidens-kulturskole")


def shipped_count():
    return sum("fremtidens-kulturskole" in item.labels for item in labelled_texts())


@pytest.fixture(autouse=True)
def fresh_translations(monkeypatch):
    monkeypatch.setattr(apertium, "_other_forms", {})


def written(document):
    return next(term for term in document if term.startswith(WRITTEN))


def test_with_the_translator_each_training_text_is_learnt_in_both_forms(monkeypatch):
    asked = []

    def translate(texts, *, source, target, timeout):
        asked.append((source, target, len(texts)))
        return [f"[{target}] {text}" for text in texts]

    monkeypatch.setattr(apertium, "available", lambda *_direction: True)
    monkeypatch.setattr(apertium, "translate", translate)
    documents, labels = training_material(taxonomy=value_areas())
    count = shipped_count()
    assert len(documents) == len(labels) == 2 * count
    assert labels[count:] == labels[:count]
    assert {direction[:2] for direction in asked} == {("nb", "nn"), ("nn", "nb")}
    assert sum(direction[2] for direction in asked) == count
    first = next(item for item in labelled_texts() if "fremtidens-kulturskole" in item.labels)
    other = "nn" if first.language == "nb" else "nb"
    assert written(documents[count]) == f"{WRITTEN}[{other}] {first.text}".lower()


def test_without_the_translator_it_learns_from_the_texts_as_written(monkeypatch):
    monkeypatch.setattr(apertium, "available", lambda *_direction: False)
    documents, labels = training_material(taxonomy=value_areas())
    assert len(documents) == len(labels) == shipped_count()


def test_a_failing_translator_falls_back_to_the_texts_as_written(monkeypatch):
    def broken(texts, **_directions):
        raise apertium.TranslatorError("busy", code="busy")

    monkeypatch.setattr(apertium, "available", lambda *_direction: True)
    monkeypatch.setattr(apertium, "translate", broken)
    documents, _labels = training_material(taxonomy=value_areas())
    assert len(documents) == shipped_count()


@needs_translator
def test_a_nynorsk_card_is_explained_by_its_own_words_with_the_classifier_of_both_forms():
    documents, _labels = training_material(taxonomy=value_areas())
    assert len(documents) == 2 * shipped_count()  # the translator was used
    analysis = tagger_for(taxonomy=value_areas(), train=True).analyse(NYNORSK_CARD)
    assert analysis.language == "nn"
    assert analysis.categories
    for category in analysis.categories:
        assert category.words
        for word in category.words:
            assert word in NYNORSK_CARD
        for evidence in category.evidence:
            assert NYNORSK_CARD[evidence.start : evidence.end] == evidence.surface


def stand_in(name, *_arguments, **_options):
    """In place of a cross-validation: which ones `make eval` runs, not their figures."""
    return evaluation.Result(name, {}, 0.0, {}, 0.0)


def test_make_eval_measures_both_ways_when_the_translator_is_there(monkeypatch):
    monkeypatch.setattr(apertium, "available", lambda *_direction: True)
    monkeypatch.setattr(evaluation, "cross_validate", stand_in)
    results, language = evaluation.evaluate(category_specs(value_areas()), value_areas().slug)
    names = [result.name for result in results]
    assert any("both written forms" in name for name in names)
    assert any(name.startswith("apertium") for name in names)
    assert language["notes"] == []


def test_make_eval_says_so_when_it_falls_back(monkeypatch):
    monkeypatch.setattr(apertium, "available", lambda *_direction: False)
    monkeypatch.setattr(evaluation, "cross_validate", stand_in)
    results, language = evaluation.evaluate(category_specs(value_areas()), value_areas().slug)
    names = [result.name for result in results]
    assert not any("both written forms" in name or "apertium" in name for name in names)
    assert "not installed" in language["notes"][0]
