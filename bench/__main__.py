"""`make bench`: every benchmark of samtale, each as ratios to a baseline of the same run."""

import json
import sys
from pathlib import Path

BENCHMARKS = [
    "formation",
    "live",
    "meeting",
    "flood",
    "report",
    "analysis",
    "report_live",
    "groups_page",
]


def main(names: list[str]) -> int:
    results = {}
    for name in names or BENCHMARKS:
        module = __import__(f"bench.{name}", fromlist=["run"])
        print(f"\n== {name} ==")
        results[name] = module.run()
    out = Path("var/bench")
    out.mkdir(parents=True, exist_ok=True)
    (out / "all.json").write_text(json.dumps(results, indent=2, default=str))
    print(f"\nResults written to {out}/")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
