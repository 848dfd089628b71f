"""Time the synthesis: `python -m bench.analysis`.

10,000 cards (sentences of the labelled texts in analysis/eval/texts.jsonl recombined
into cards of two to six sentences, both written forms) tagged with the value areas and
clustered into themes, against a baseline of a plain keyword search over the same cards
in the same run. Also the cost a card save adds in the web process (scheduling the
session's synthesis), and the worker's refresh of one session of 200 cards.
Writes var/bench/analysis.json; `run()` returns the same results for `make bench`.
"""

from __future__ import annotations

import json
import os
import random
import statistics
import time
from pathlib import Path

CARDS = int(os.environ.get("BENCH_ANALYSIS_CARDS", 10_000))
SEED = 2026
OUTPUT = Path(__file__).resolve().parent.parent / "var" / "bench" / "analysis.json"


def _setup():
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "samtale.settings")
    import django

    django.setup()


def cards(count: int = CARDS) -> list[str]:
    from analysis import text as text_
    from analysis.corpus import labelled_texts

    sentences = [s for item in labelled_texts() for s in text_.sentences(item.text)]
    if not sentences:
        raise SystemExit("no labelled texts in analysis/eval/texts.jsonl")
    rng = random.Random(SEED)
    return [" ".join(rng.sample(sentences, rng.randint(2, 6))) for _ in range(count)]


def run() -> dict:
    _setup()
    import sklearn.decomposition  # noqa: F401  imported once by a worker, not per batch
    import sklearn.feature_extraction.text  # noqa: F401

    from analysis import apertium
    from analysis.corpus import labelled_texts
    from analysis.defaults import VALUE_AREAS, related_words
    from analysis.tagging import CategorySpec, Classifier, Tagger
    from analysis.themes import ThemeText, find_themes

    texts = cards()
    specs = [
        CategorySpec(
            c["slug"],
            c["name_nb"],
            (c["name_nb"], c["name_nn"], *c["examples"].split("\n")),
            related_words().get((VALUE_AREAS["slug"], c["slug"]), ()),
        )
        for c in VALUE_AREAS["categories"]
    ]
    started = time.perf_counter()
    cues = [(spec.slug, [cue.lower() for cue in spec.cues]) for spec in specs]
    baseline_tags = [
        {slug for slug, words in cues if any(w in t.lower() for w in words)} for t in texts
    ]
    baseline = time.perf_counter() - started

    from analysis import text as text_

    text_.lemma.cache_clear()  # a cold start, as a worker's first batch would be
    text_._tokens.cache_clear()
    # The classifier as the worker has it: trained (beforehand) on the texts that ship.
    # Each text also in the other written form where Apertium is installed, as the worker's.
    shipped = [item for item in labelled_texts() if VALUE_AREAS["slug"] in item.labels]
    written = [(item.text, item.language) for item in shipped]
    classifier = Classifier([spec.slug for spec in specs]).fit(
        *Tagger(specs).training_documents(
            written,
            [item.labels[VALUE_AREAS["slug"]] for item in shipped],
            apertium.in_other_form(written),
        )
    )
    started, cpu_started = time.perf_counter(), time.process_time()
    tagger = Tagger(specs, classifier)
    tagged = tagger.analyse_many(texts)
    tagging = time.perf_counter() - started
    started = time.perf_counter()
    themes = find_themes([ThemeText(str(i), t) for i, t in enumerate(texts)])
    clustering = time.perf_counter() - started
    total = tagging + clustering
    # The CPU time beside the wall time: on a shared machine the wall time also counts
    # the waits for a core that other processes hold.
    cpu = time.process_time() - cpu_started

    session = texts[:200]
    timings = []
    for _ in range(5):
        started = time.perf_counter()
        tagger.analyse_many(session)
        find_themes([ThemeText(str(i), t) for i, t in enumerate(session)])
        timings.append(time.perf_counter() - started)

    result = {
        "cards": len(texts),
        "baseline_keyword_s": round(baseline, 3),
        "tagging_s": round(tagging, 3),
        "clustering_s": round(clustering, 3),
        "tag_and_cluster_s": round(total, 3),
        "tag_and_cluster_cpu_s": round(cpu, 3),
        "ratio_to_keyword_baseline": round(total / baseline, 1) if baseline else None,
        "tagged_cards": sum(bool(a.categories) for a in tagged),
        "keyword_tagged_cards": sum(bool(b) for b in baseline_tags),
        "themes": len(themes),
        "session_200_refresh_ms_median": round(statistics.median(timings) * 1000, 1),
        "target_10000_under_10_s": total < 10,
    }
    print(
        f"{len(texts)} cards: tagged in {tagging:.2f} s, clustered in {clustering:.2f} s "
        f"(total {total:.2f} s, CPU {cpu:.2f} s; keyword baseline {baseline:.2f} s, "
        f"ratio {result['ratio_to_keyword_baseline']})"
    )
    print(
        f"{result['themes']} themes; a session of 200 cards refreshed in "
        f"{result['session_200_refresh_ms_median']} ms (median of 5, in the worker)"
    )
    OUTPUT.parent.mkdir(parents=True, exist_ok=True)
    OUTPUT.write_text(json.dumps(result, indent=2))
    return result


if __name__ == "__main__":
    run()
