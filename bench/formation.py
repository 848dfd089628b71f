"""Time group formation: `python -m bench.formation`.

2,000 participants (30 % from 5 large municipalities, the rest spread over 300 smaller
ones, 20 of them local sites) formed into groups of 10 with every strategy, against a
baseline of a seeded shuffle sliced into tens. Prints a table and writes
var/bench/formation.json; `run()` returns the same results for `make bench`.
"""

from __future__ import annotations

import json
import random
import statistics
import time
from pathlib import Path

from groups.formation import Strategy, Unit, diversity, form_groups, sizes_for

PARTICIPANTS = 2_000
LARGE_MUNICIPALITIES = 5
LARGE_SHARE = 0.30
SMALL_MUNICIPALITIES = 300
LOCAL_SITES = 20
COUNTIES = 15
TARGET = 10
REPETITIONS = 5
SEED = 2024
OUTPUT = Path(__file__).resolve().parent.parent / "var" / "bench" / "formation.json"


def population(seed: int = SEED) -> list[Unit]:
    """The benchmark meeting: the same 2,000 units for a given seed."""
    rng = random.Random(seed)
    county_of = {}
    large = [f"stor kommune {i}" for i in range(LARGE_MUNICIPALITIES)]
    small = [f"kommune {i:03d}" for i in range(SMALL_MUNICIPALITIES)]
    for name in large + small:
        county_of[name] = f"{rng.randrange(COUNTIES) + 1:02d}"
    from_large = round(PARTICIPANTS * LARGE_SHARE)
    names = [rng.choice(large) for _ in range(from_large)]
    names += [rng.choice(small) for _ in range(PARTICIPANTS - from_large)]
    rng.shuffle(names)
    sites = set(rng.sample(range(PARTICIPANTS), LOCAL_SITES))
    return [
        Unit(
            id=index + 1,
            organisation=name,
            county=county_of[name],
            weight=rng.randint(2, 8) if index in sites else 1,
            is_local_site=index in sites,
        )
        for index, name in enumerate(names)
    ]


def _baseline(units: list[Unit], seed: int) -> list[list[Unit]]:
    shuffled = list(units)
    random.Random(seed).shuffle(shuffled)
    return [shuffled[i : i + TARGET] for i in range(0, len(shuffled), TARGET)]


def _time(form, repetitions: int) -> tuple[float, list[list[Unit]]]:
    """Median wall time in ms over `repetitions`, and the groups of the last run."""
    times = []
    groups: list[list[Unit]] = []
    for _ in range(repetitions):
        started = time.perf_counter()
        groups = form()
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times), groups


def _weights(groups: list[list[Unit]]) -> dict:
    weights = [sum(u.weight for u in g) for g in groups]
    return {"min_weight": min(weights), "max_weight": max(weights)}


def run(*, repetitions: int = REPETITIONS, output: Path | None = OUTPUT) -> dict:
    """Time every strategy and the baseline; write JSON to `output` unless None."""
    units = population()
    sizes = sizes_for(TARGET)
    baseline_ms, baseline_groups = _time(lambda: _baseline(units, SEED), repetitions)
    rows = [
        {
            "strategy": "baseline (shuffle + slice)",
            "median_ms": baseline_ms,
            "ratio": 1.0,
            "groups": len(baseline_groups),
            "diversity": diversity(baseline_groups),
            **_weights(baseline_groups),
        }
    ]
    for strategy in Strategy:
        ms, groups = _time(lambda s=strategy: form_groups(units, s, sizes, SEED), repetitions)
        rows.append(
            {
                "strategy": str(strategy),
                "median_ms": ms,
                "ratio": ms / baseline_ms,
                "groups": len(groups),
                "diversity": diversity(groups),
                **_weights(groups),
            }
        )
    results = {
        "participants": len(units),
        "people": sum(u.weight for u in units),
        "local_sites": sum(u.is_local_site for u in units),
        "target": TARGET,
        "minimum": sizes.minimum,
        "maximum": sizes.maximum,
        "repetitions": repetitions,
        "rows": rows,
    }
    if output is not None:
        output.parent.mkdir(parents=True, exist_ok=True)
        output.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
        print(table(results))
    return results


def table(results: dict) -> str:
    """The results as a plain-text table."""
    lines = [
        f"{results['participants']} participants ({results['people']} people, "
        f"{results['local_sites']} local sites), groups of {results['target']} "
        f"({results['minimum']}–{results['maximum']}), median of {results['repetitions']}",
        f"{'strategy':<28} {'median ms':>10} {'× baseline':>11} {'groups':>7} "
        f"{'diversity':>10} {'weights':>9}",
    ]
    for row in results["rows"]:
        weights = f"{row['min_weight']}–{row['max_weight']}"
        lines.append(
            f"{row['strategy']:<28} {row['median_ms']:>10.2f} {row['ratio']:>11.1f} "
            f"{row['groups']:>7} {row['diversity']:>10.3f} {weights:>9}"
        )
    return "\n".join(lines)


def main() -> None:
    run()
    print(f"written to {OUTPUT}")


if __name__ == "__main__":
    main()
