"""Time the synthesis: `python -m bench.analysis`.

10,000 cards (sentences of the labelled texts in analysis/eval/texts.jsonl recombined
into cards of two to six sentences, both written forms) tagged with the value areas and
clustered into themes, against a baseline of a plain keyword search over the same cards
in the same run. Also the live update during a session: what a card save adds in the web
process (scheduling the session's synthesis, `save_path`), and the worker's refresh of one
session of 200 cards, and so its share of a save at 100 saves/s. The target for both
together is under 20 ms a save.
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


def save_path(*, spells: int = 10, saves_per_spell: int = 300) -> dict:
    """What a card save adds in the web process for the control room's live view
    (analysis/receivers.py → analysis.live.session_changed): a cache add, and for the first
    save of each spell of DEBOUNCE_SECONDS the session's synthesis queued for the worker,
    in a database of its own. At 100 saves/s a spell of 3 s holds 300 saves."""
    import tempfile

    from django.db import connection

    from analysis import live as analysis_live
    from common.cache import forget

    item = 1  # the queued task names the session; nothing reads it here
    with tempfile.TemporaryDirectory() as folder:
        connection.settings_dict["TEST"]["NAME"] = f"{folder}/bench-analysis.sqlite3"
        kept = connection.creation.create_test_db(verbosity=0, autoclobber=True, serialize=False)
        try:
            firsts, others = [], []
            for _spell in range(spells):
                forget(("analysis", "session", item))  # as when the last spell has run out
                for number in range(saves_per_spell):
                    started = time.perf_counter()
                    analysis_live.session_changed(item_id=item)
                    (others if number else firsts).append(time.perf_counter() - started)
        finally:
            connection.creation.destroy_test_db(kept, verbosity=0)
    every = firsts + others
    return {
        "saves": len(every),
        "per_save_mean_ms": round(statistics.fmean(every) * 1000, 3),
        "first_of_spell_median_ms": round(statistics.median(firsts) * 1000, 3),
        "others_median_ms": round(statistics.median(others) * 1000, 4),
    }


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

    saving = save_path()
    refresh_ms = statistics.median(timings) * 1000
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
        "session_200_refresh_ms_median": round(refresh_ms, 1),
        # The worker refreshes a session once a spell: at 100 saves/s, once per 300 saves.
        "worker_per_save_at_100_per_s_ms": round(refresh_ms / 300, 2),
        "web_process_per_save": saving,
        "target_10000_under_10_s": total < 10,
        "target_live_update_under_20_ms_per_save": saving["per_save_mean_ms"] + refresh_ms / 300
        < 20,
    }
    print(
        f"{len(texts)} cards: tagged in {tagging:.2f} s, clustered in {clustering:.2f} s "
        f"(total {total:.2f} s, CPU {cpu:.2f} s; keyword baseline {baseline:.2f} s, "
        f"ratio {result['ratio_to_keyword_baseline']})"
    )
    print(
        f"{result['themes']} themes; a session of 200 cards refreshed in "
        f"{result['session_200_refresh_ms_median']} ms (median of 5, in the worker): "
        f"{result['worker_per_save_at_100_per_s_ms']} ms a save at 100 saves/s"
    )
    print(
        f"a save adds {saving['per_save_mean_ms']} ms in the web process on average over "
        f"{saving['saves']} saves ({saving['first_of_spell_median_ms']} ms for the first of a "
        f"spell, which queues the session's refresh; {saving['others_median_ms']} ms after)"
    )
    OUTPUT.parent.mkdir(parents=True, exist_ok=True)
    OUTPUT.write_text(json.dumps(result, indent=2))
    return result


if __name__ == "__main__":
    run()
