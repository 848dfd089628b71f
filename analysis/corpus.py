"""The labelled texts that ship with samtale (analysis/eval/texts.jsonl): the evaluation set
of `make eval`, and training material for the classifiers of the default taxonomies.

Each line: {"id", "text", "language": "nb"|"nn", "labels": {taxonomy slug: [category
slugs]}, "source": "samtale" or where a public text comes from}.
"""

import functools
import json
from dataclasses import dataclass
from pathlib import Path

PATH = Path(__file__).parent / "eval" / "texts.jsonl"


@dataclass(frozen=True)
class LabelledText:
    id: str
    text: str
    language: str
    labels: dict
    source: str


@functools.cache
def labelled_texts() -> tuple[LabelledText, ...]:
    if not PATH.exists():
        return ()
    texts = []
    for line in PATH.read_text(encoding="utf-8").splitlines():
        if line.strip():
            row = json.loads(line)
            texts.append(
                LabelledText(
                    str(row["id"]),
                    row["text"],
                    row["language"],
                    row.get("labels", {}),
                    row.get("source", "samtale"),
                )
            )
    return tuple(texts)
