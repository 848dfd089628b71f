"""`make eval`: how well the analysis tags texts it never saw, against a plain keyword
baseline, and how well it tells bokmål from nynorsk.

Cross-validation over the labelled texts in analysis/eval/texts.jsonl: each fold's texts
are tagged by a tagger whose classifier was trained on the other folds only. Both ways of
handling nynorsk are measured: lemmatising each form with its own dictionary ("lemmas"),
and translating nynorsk to bokmål with Apertium first ("apertium"). With Apertium the
lemmas are also measured as samtale trains them: each training text in both written forms
(the translations of the training folds' texts only; a held-out text is read as written).
Without Apertium those rows are left out and the output says so.
"""

import random
import time
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from analysis import apertium
from analysis.corpus import LabelledText, labelled_texts
from analysis.language import detect_language
from analysis.tagging import CategorySpec, Classifier, Tagger

NONE = "(none)"
FOLDS = 5


@dataclass
class Result:
    name: str
    per_category: dict[str, dict]
    macro_f1: float
    macro_f1_by_language: dict[str, float]
    seconds: float
    # Over other draws of the folds: each draw's macro-F1, overall ("all") and by form.
    draws: list[dict[str, float]] = field(default_factory=list)


def _f1(counts: Counter) -> dict:
    tp, fp, fn = counts["tp"], counts["fp"], counts["fn"]
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"precision": precision, "recall": recall, "f1": f1, "support": tp + fn}


def score(
    slugs: Sequence[str], truth: Sequence[set[str]], predicted: Sequence[set[str]]
) -> dict[str, dict]:
    """Per category and for "none" (a text that speaks to no category) as its own class."""
    counts = {slug: Counter() for slug in [*slugs, NONE]}
    for true, guess in zip(truth, predicted, strict=True):
        true = true or {NONE}
        guess = guess or {NONE}
        for slug in counts:
            if slug in guess and slug in true:
                counts[slug]["tp"] += 1
            elif slug in guess:
                counts[slug]["fp"] += 1
            elif slug in true:
                counts[slug]["fn"] += 1
    return {slug: _f1(count) for slug, count in counts.items()}


def _macro(per_category: dict[str, dict]) -> float:
    return sum(row["f1"] for row in per_category.values()) / len(per_category)


def _macro_by_language(slugs, texts, truth, predicted) -> dict[str, float]:
    """Macro-F1 over the texts of each written form alone."""
    by_language = {}
    for language in ("nb", "nn"):
        rows = [i for i, item in enumerate(texts) if item.language == language]
        if rows:
            by_language[language] = _macro(
                score(slugs, [truth[i] for i in rows], [predicted[i] for i in rows])
            )
    return by_language


def folds(texts: Sequence[LabelledText], seed: int | None = None) -> list[list[int]]:
    """Folds, each with its share of both written forms: the same every run, or with `seed`
    one of many other draws (shuffled within each written form), to see how much a figure
    owes to where the folds happen to fall."""
    order = sorted(range(len(texts)), key=lambda i: (texts[i].language, texts[i].id))
    if seed is not None:
        shuffle = random.Random(seed).shuffle
        by_language: dict[str, list[int]] = {}
        for i in order:
            by_language.setdefault(texts[i].language, []).append(i)
        order = []
        for language in sorted(by_language):
            shuffle(by_language[language])
            order += by_language[language]
    return [order[fold::FOLDS] for fold in range(FOLDS)]


def cross_validate(
    name: str,
    specs: Sequence[CategorySpec],
    taxonomy: str,
    texts: Sequence[LabelledText],
    *,
    prepare: Callable[[Sequence[LabelledText]], list[tuple[str, str]]],
    classifier: bool = True,
    both_forms: bool = False,
    seeds: Sequence[int] = (),
) -> Result:
    """Tag each text with a tagger trained without it. `prepare` gives (text, language);
    with `both_forms` the classifier also learns from the training texts' translations.
    The figures are those of the folds of every run; each of `seeds` draws the folds once
    more, and its macro-F1 goes into `Result.draws`."""
    started = time.perf_counter()
    prepared = prepare(texts)
    other_forms = apertium.in_other_form(prepared) if both_forms else None
    if both_forms and other_forms is None:
        name += " — the translator failed: trained on the texts as written"
    slugs = [spec.slug for spec in specs]
    truth = [set(item.labels[taxonomy]) for item in texts]

    tagger = Tagger(specs)
    # Each text is read once (and its translation, when there is one); a fold's classifier
    # learns from the readings of its training texts, as Tagger.training_documents gives them.
    documents, _labels = tagger.training_documents(prepared, truth, other_forms)
    readings = len(texts)

    def predict(fold_list: list[list[int]]) -> list[set[str]]:
        predicted: list[set[str]] = [set() for _ in texts]
        for held_out in fold_list:
            held = set(held_out)
            tagger.classifier = None
            if classifier:
                train = [i for i in range(len(texts)) if i not in held]
                if other_forms:
                    train += [readings + i for i in train]
                tagger.classifier = Classifier(slugs).fit(
                    [documents[i] for i in train], [truth[i % readings] for i in train]
                )
            analysed = tagger.analyse_many(
                [prepared[i][0] for i in held_out], [prepared[i][1] for i in held_out]
            )
            for i, analysis in zip(held_out, analysed, strict=True):
                predicted[i] = {category.slug for category in analysis.categories}
        return predicted

    predicted = predict(folds(texts))
    per_category = score(slugs, truth, predicted)
    by_language = _macro_by_language(slugs, texts, truth, predicted)
    draws = []
    for seed in seeds:
        drawn = predict(folds(texts, seed))
        draws.append(
            {
                "all": _macro(score(slugs, truth, drawn)),
                **_macro_by_language(slugs, texts, truth, drawn),
            }
        )
    return Result(
        name,
        per_category,
        _macro(per_category),
        by_language,
        time.perf_counter() - started,
        draws,
    )


def keyword_baseline(
    specs: Sequence[CategorySpec], taxonomy: str, texts: Sequence[LabelledText]
) -> Result:
    """A plain keyword search: a category when one of its cues appears, as written."""
    started = time.perf_counter()
    slugs = [spec.slug for spec in specs]
    truth = [set(item.labels[taxonomy]) for item in texts]
    predicted = []
    for item in texts:
        lower = item.text.lower()
        predicted.append(
            {spec.slug for spec in specs if any(cue.lower() in lower for cue in spec.cues)}
        )
    per_category = score(slugs, truth, predicted)
    by_language = _macro_by_language(slugs, texts, truth, predicted)
    return Result(
        "keyword baseline",
        per_category,
        _macro(per_category),
        by_language,
        time.perf_counter() - started,
    )


def as_written(texts: Sequence[LabelledText]) -> list[tuple[str, str]]:
    return [(item.text, detect_language(item.text)) for item in texts]


def through_apertium(texts: Sequence[LabelledText]) -> list[tuple[str, str]]:
    detected = [detect_language(item.text) for item in texts]
    nynorsk = [i for i, language in enumerate(detected) if language == "nn"]
    translated = apertium.nynorsk_to_bokmaal([texts[i].text for i in nynorsk])
    prepared = [(item.text, language) for item, language in zip(texts, detected, strict=True)]
    for i, text in zip(nynorsk, translated, strict=True):
        prepared[i] = (text.replace("*", ""), "nb")  # "*" marks a word it did not know
    return prepared


def language_accuracy(texts: Sequence[LabelledText]) -> tuple[float, list[LabelledText]]:
    wrong = [item for item in texts if detect_language(item.text) != item.language]
    return 1 - len(wrong) / len(texts), wrong


def evaluate(
    specs: Sequence[CategorySpec], taxonomy: str, *, draws: int = 0
) -> tuple[list[Result], dict]:
    """Every reading, each over the same folds. samtale's own (trained on both written forms
    where Apertium is installed, else on the texts as written) and the other way with
    Apertium (translating nynorsk first) also over `draws` more draws of the folds, seeded
    1, 2, …, so that the choice between them is not left to one draw."""
    seeds = range(1, draws + 1)
    translator = apertium.available("nn", "nb") and apertium.available("nb", "nn")
    texts = [item for item in labelled_texts() if taxonomy in item.labels]
    results = [
        keyword_baseline(specs, taxonomy, texts),
        cross_validate(
            "lexicon only", specs, taxonomy, texts, prepare=as_written, classifier=False
        ),
        cross_validate(
            "lemmas (each form its dictionary), trained on the texts as written",
            specs,
            taxonomy,
            texts,
            prepare=as_written,
            seeds=() if translator else seeds,
        ),
    ]
    notes = []
    if translator:
        results += [
            cross_validate(
                "lemmas, trained on both written forms (samtale's way with Apertium)",
                specs,
                taxonomy,
                texts,
                prepare=as_written,
                both_forms=True,
                seeds=seeds,
            ),
            cross_validate(
                "apertium (nynorsk → bokmål first)",
                specs,
                taxonomy,
                texts,
                prepare=through_apertium,
                seeds=seeds,
            ),
        ]
    else:
        notes.append(
            "Apertium (apertium-nno-nob) is not installed: samtale falls back to training on "
            "the texts as written (the lemmas row above); the rows with Apertium are left out."
        )
    accuracy, wrong = language_accuracy(labelled_texts())
    counts = Counter(item.language for item in texts)
    return results, {
        "accuracy": accuracy,
        "wrong": wrong,
        "texts": len(texts),
        "by_language": dict(counts),
        "notes": notes,
    }
