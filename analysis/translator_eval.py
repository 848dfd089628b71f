"""How well Apertium writes the other written form, measured on sentence pairs written by
hand (analysis/eval/sentence_pairs.jsonl: programme titles, questions and card sentences,
each in bokmål and nynorsk).

Three measures per direction, each against the one reference of the pair (a sentence has
more than one right form in nynorsk, so they are lower bounds):

- exact: the share of sentences the translator wrote as the reference did;
- word accuracy: 1 − word error rate (word-level edit distance over the reference's words);
- chrF: the character n-gram F-score (n = 1…6, recall weighted twice: β = 2), which gives
  credit for a word that is nearly right ("kulturskule" for "kulturskulen").
"""

import json
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from analysis import apertium

PAIRS_FILE = Path(__file__).resolve().parent / "eval" / "sentence_pairs.jsonl"
DIRECTIONS = (("nb", "nn"), ("nn", "nb"))
CHRF_ORDER = 6
CHRF_BETA = 2.0


def load_pairs(path: Path = PAIRS_FILE) -> list[dict]:
    with path.open(encoding="utf-8") as lines:
        return [json.loads(line) for line in lines if line.strip()]


def _ngrams(text: str, n: int) -> Counter:
    # Spaces are left out, as chrF does: the words' characters count, not how they are split.
    letters = text.replace(" ", "")
    return Counter(letters[i : i + n] for i in range(len(letters) - n + 1))


def chrf(hypothesis: str, reference: str) -> float:
    """The character n-gram F-score of `hypothesis` against `reference`, from 0 to 1."""
    precisions, recalls = [], []
    for n in range(1, CHRF_ORDER + 1):
        made, wanted = _ngrams(hypothesis, n), _ngrams(reference, n)
        if not made or not wanted:
            continue
        common = sum((made & wanted).values())
        precisions.append(common / sum(made.values()))
        recalls.append(common / sum(wanted.values()))
    if not precisions:
        return float(hypothesis == reference)
    precision = sum(precisions) / len(precisions)
    recall = sum(recalls) / len(recalls)
    if precision + recall == 0:
        return 0.0
    beta2 = CHRF_BETA**2
    return (1 + beta2) * precision * recall / (beta2 * precision + recall)


def words(text: str) -> list[str]:
    """The words and punctuation of a text, lower-cased, as the word measures count them."""
    spaced = "".join(f" {ch} " if not (ch.isalnum() or ch in "-'") else ch for ch in text)
    return spaced.lower().split()


def word_accuracy(hypothesis: str, reference: str) -> float:
    """1 − the word error rate (edit distance over words / the reference's words), at least 0."""
    made, wanted = words(hypothesis), words(reference)
    if not wanted:
        return float(not made)
    previous = list(range(len(made) + 1))
    for i, word in enumerate(wanted, 1):
        current = [i]
        for j, other in enumerate(made, 1):
            current.append(
                min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (word != other))
            )
        previous = current
    return max(0.0, 1 - previous[-1] / len(wanted))


@dataclass(frozen=True)
class Scored:
    kind: str
    source: str
    reference: str
    translation: str
    chrf: float
    word_accuracy: float

    @property
    def exact(self) -> bool:
        return self.translation == self.reference


@dataclass(frozen=True)
class DirectionResult:
    source: str
    target: str
    scored: list[Scored]

    def _mean(self, values) -> float:
        values = list(values)
        return sum(values) / len(values) if values else 0.0

    @property
    def exact(self) -> float:
        return self._mean(s.exact for s in self.scored)

    @property
    def chrf(self) -> float:
        return self._mean(s.chrf for s in self.scored)

    @property
    def word_accuracy(self) -> float:
        return self._mean(s.word_accuracy for s in self.scored)

    def by_kind(self) -> dict[str, tuple[int, float, float]]:
        """Per kind of text: how many, exact share and mean chrF."""
        kinds: dict[str, list[Scored]] = {}
        for scored in self.scored:
            kinds.setdefault(scored.kind, []).append(scored)
        return {
            kind: (
                len(rows),
                self._mean(s.exact for s in rows),
                self._mean(s.chrf for s in rows),
            )
            for kind, rows in kinds.items()
        }

    def worst(self, count: int = 8) -> list[Scored]:
        wrong = [s for s in self.scored if not s.exact]
        return sorted(wrong, key=lambda s: (s.chrf, s.word_accuracy))[:count]


def score(pairs: list[dict], source: str, target: str, translations: list[str]) -> DirectionResult:
    return DirectionResult(
        source=source,
        target=target,
        scored=[
            Scored(
                kind=pair.get("kind", ""),
                source=pair[source],
                reference=pair[target],
                translation=made,
                chrf=chrf(made, pair[target]),
                word_accuracy=word_accuracy(made, pair[target]),
            )
            for pair, made in zip(pairs, translations, strict=True)
        ],
    )


def evaluate(pairs: list[dict]) -> list[DirectionResult]:
    """Both directions through Apertium; raises apertium.TranslatorError without it."""
    results = []
    for source, target in DIRECTIONS:
        made = apertium.translate(
            [pair[source] for pair in pairs],
            source=source,
            target=target,
            timeout=apertium.BATCH_TIMEOUT_SECONDS,
        )
        results.append(score(pairs, source, target, made))
    return results
