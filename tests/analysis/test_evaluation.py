"""`make eval`'s folds: each text held out once, both written forms in every fold, and other
draws of the folds for samtale's own reading, so that one lucky draw does not decide."""

from collections import Counter

import pytest

from analysis import apertium, evaluation
from analysis.corpus import labelled_texts
from analysis.domain import category_specs
from analysis.models import Taxonomy

TAXONOMY = "fremtidens-kulturskole"


def texts():
    return [item for item in labelled_texts() if TAXONOMY in item.labels]


@pytest.mark.parametrize("seed", [None, 1, 2])
def test_each_text_is_held_out_once_and_every_fold_has_its_share_of_both_forms(seed):
    labelled = texts()
    folds = evaluation.folds(labelled, seed)
    assert len(folds) == evaluation.FOLDS
    held = [i for fold in folds for i in fold]
    assert sorted(held) == list(range(len(labelled)))
    overall = Counter(item.language for item in labelled)
    for fold in folds:
        in_fold = Counter(labelled[i].language for i in fold)
        for language, count in overall.items():
            assert abs(in_fold[language] - count / evaluation.FOLDS) <= 1


def test_a_draw_is_the_same_for_its_seed_and_not_the_usual_folds():
    labelled = texts()
    assert evaluation.folds(labelled, 1) == evaluation.folds(labelled, 1)
    assert evaluation.folds(labelled, 1) != evaluation.folds(labelled, None)
    assert evaluation.folds(labelled, 1) != evaluation.folds(labelled, 2)


@pytest.mark.django_db
def test_a_draw_scores_what_a_cross_validation_over_its_folds_scores(monkeypatch):
    specs = category_specs(Taxonomy.objects.get(slug=TAXONOMY))
    some = texts()[::6]  # enough to train on, quick to run
    drawn = evaluation.cross_validate(
        "lemmas", specs, TAXONOMY, some, prepare=evaluation.as_written, seeds=(1,)
    )
    usual = evaluation.folds
    monkeypatch.setattr(evaluation, "folds", lambda items, seed=None: usual(items, 1))
    over_the_draw = evaluation.cross_validate(
        "lemmas", specs, TAXONOMY, some, prepare=evaluation.as_written
    )
    (draw,) = drawn.draws
    assert draw["all"] == pytest.approx(over_the_draw.macro_f1)
    assert draw["nn"] == pytest.approx(over_the_draw.macro_f1_by_language["nn"])
    assert over_the_draw.draws == []


def asked_for(monkeypatch, translator: bool) -> dict[str, tuple]:
    """Which draws `evaluate` asks of each reading (in place of the cross-validations)."""
    asked = {}

    def stand_in(name, *_arguments, seeds=(), **_options):
        asked[name] = tuple(seeds)
        return evaluation.Result(name, {}, 0.0, {}, 0.0)

    monkeypatch.setattr(apertium, "available", lambda *_direction: translator)
    monkeypatch.setattr(evaluation, "cross_validate", stand_in)
    taxonomy = Taxonomy.objects.get(slug=TAXONOMY)
    evaluation.evaluate(category_specs(taxonomy), TAXONOMY, draws=3)
    return asked


@pytest.mark.django_db
def test_both_ways_with_the_translator_are_drawn_again(monkeypatch):
    asked = asked_for(monkeypatch, translator=True)
    drawn = {name for name, seeds in asked.items() if seeds}
    assert all(asked[name] == (1, 2, 3) for name in drawn)
    assert len(drawn) == 2
    assert any("both written forms" in name for name in drawn)
    assert any(name.startswith("apertium") for name in drawn)


@pytest.mark.django_db
def test_without_the_translator_the_texts_as_written_are_drawn_again(monkeypatch):
    asked = asked_for(monkeypatch, translator=False)
    drawn = [name for name, seeds in asked.items() if seeds]
    assert len(drawn) == 1
    assert "as written" in drawn[0]
    assert asked[drawn[0]] == (1, 2, 3)
