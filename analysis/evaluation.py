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

import time
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass

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


def folds(texts: Sequence[LabelledText]) -> list[list[int]]:
    """Deterministic folds, each with its share of both written forms."""
    order = sorted(range(len(texts)), key=lambda i: (texts[i].language, texts[i].id))
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
) -> Result:
    """Tag each text with a tagger trained without it. `prepare` gives (text, language);
    with `both_forms` the classifier also learns from the training texts' translations."""
    started = time.perf_counter()
    prepared = prepare(texts)
    other_forms = apertium.in_other_form(prepared) if both_forms else None
    if both_forms and other_forms is None:
        name += " — the translator failed: trained on the texts as written"
    slugs = [spec.slug for spec in specs]
    truth = [set(item.labels[taxonomy]) for item in texts]
    predicted: list[set[str]] = [set() for _ in texts]
    for held_out in folds(texts):
        held = set(held_out)
        model = None
        if classifier:
            train = [i for i in range(len(texts)) if i not in held]
            documents, labels = Tagger(specs).training_documents(
                [prepared[i] for i in train],
                [truth[i] for i in train],
                [other_forms[i] for i in train] if other_forms else None,
            )
            model = Classifier(slugs).fit(documents, labels)
        tagger = Tagger(specs, model)
        for i in held_out:
            text, language = prepared[i]
            predicted[i] = {c.slug for c in tagger.analyse(text, language).categories}
    per_category = score(slugs, truth, predicted)
    by_language = _macro_by_language(slugs, texts, truth, predicted)
    return Result(
        name, per_category, _macro(per_category), by_language, time.perf_counter() - started
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


def evaluate(specs: Sequence[CategorySpec], taxonomy: str) -> tuple[list[Result], dict]:
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
        ),
    ]
    notes = []
    if apertium.available("nn", "nb") and apertium.available("nb", "nn"):
        results += [
            cross_validate(
                "lemmas, trained on both written forms (samtale's way with Apertium)",
                specs,
                taxonomy,
                texts,
                prepare=as_written,
                both_forms=True,
            ),
            cross_validate(
                "apertium (nynorsk → bokmål first)",
                specs,
                taxonomy,
                texts,
                prepare=through_apertium,
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
