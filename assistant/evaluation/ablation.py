"""``amip eval --ablate`` and ``amip eval --fit``: what each rule is worth, and the weights.

Retrieval runs once per gold item; the extractive answer is then recomputed under many
settings, which is cheap (see ``extractive.Prepared``).
- Ablation: accuracy with each scoring feature or structural rule switched off. A rule
  whose removal changes nothing on the dev set has no measured reason to exist.
- Fit: grid search over the feature weights, reported as 5-fold cross-validated accuracy
  (weights chosen on four folds, scored on the fifth) beside the in-sample accuracy of the
  weights chosen on all items. Ties prefer the setting nearest the current defaults.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable
from dataclasses import dataclass, replace
import numpy as np

from assistant.answering.answer import NOT_FOUND, answer_question, relevant_hits, with_continuations
from assistant.answering.extractive import Prepared, prepare, quote
from assistant.answering.question import Question
from assistant.answering.scoring import DEFAULT_WEIGHTS, FEATURES, RULES, Weights
from assistant.evaluation.answers import answer_correct, load_gold
from assistant.evaluation.checks import is_correct
from assistant.retrieval.context import AnswerContext
from assistant.types import Answer

# The weights searched; own/context/rank stay fixed (they set the scale).
GRID: dict[str, tuple[float, ...]] = {
    "nouns": (0.3, 0.6, 0.9),
    "figure": (0.0, 0.15, 0.3),
    "causal": (0.0, 0.2, 0.4),
    "enumeration": (0.0, 0.2, 0.4),
    "chunk": (0.0, 0.2, 0.4),
    "floor": (0.5, 0.75, 1.0),
}
FOLDS = 5


@dataclass
class _Case:
    item: dict
    context: AnswerContext  # the question analysed once, its hits and what answering needs

    @property
    def question(self) -> Question:
        assert self.context.query is not None
        return self.context.query


def collect(gold: list[str], context_of: Callable[[str], AnswerContext]) -> list[_Case]:
    items = [item for path in gold for item in load_gold(path)]
    return [_Case(item, context_of(item["question"])) for item in items]


def ablate(cases: list[_Case]) -> dict:
    """Accuracy with everything on, then with each feature/rule off (extractive backend)."""
    def accuracy(weights: Weights) -> float:
        right = 0
        for case in cases:
            answer = answer_question(case.question, case.context, None, "extractive", weights=weights)
            right += int(is_correct(case.item, answer, answer_correct))
        return round(right / max(1, len(cases)), 4)

    full = accuracy(DEFAULT_WEIGHTS)
    # verify_generated acts on model answers only: measured by the support-check precision.
    rows = {name: accuracy(DEFAULT_WEIGHTS.without(name)) for name in (*FEATURES, *RULES) if name != "verify_generated"}
    return {"questions": len(cases), "all_on": full, "without": rows,
            "no_effect": [name for name, acc in rows.items() if acc == full]}


def fit(cases: list[_Case]) -> dict:
    """Grid search with cross-validation over the answerable and unanswerable items."""
    grid = [replace(DEFAULT_WEIGHTS, **dict(zip(GRID, values))) for values in itertools.product(*GRID.values())]
    outcomes = [_Outcomes(case, _prepare(case)) for case in cases]
    right = np.array([o.under(grid) for o in outcomes]).T  # configs x cases

    def best(indices: list[int]) -> int:
        totals = right[:, indices].sum(axis=1)
        top = np.flatnonzero(totals == totals.max())
        return int(min(top, key=lambda g: _distance(grid[g])))

    folds = [list(range(f, len(cases), FOLDS)) for f in range(FOLDS)]
    held_out = sum(int(right[best([i for i in range(len(cases)) if i not in fold]), fold].sum()) for fold in folds)
    everything = best(list(range(len(cases))))
    return {
        "questions": len(cases),
        "cross_validated": round(held_out / max(1, len(cases)), 4),
        "in_sample": round(int(right[everything].sum()) / max(1, len(cases)), 4),
        "current_defaults": round(sum(o.under([DEFAULT_WEIGHTS])[0] for o in outcomes) / max(1, len(cases)), 4),
        "best_weights": {name: getattr(grid[everything], name) for name in GRID},
    }


class _Outcomes:
    """Right/wrong of one case under many weight settings; answers are cached by the unit
    they quote, so thousands of settings cost a matrix product and a few renders."""

    def __init__(self, case: _Case, prepared: Prepared | None) -> None:
        self.case, self.prepared = case, prepared
        self._right: dict[int, int] = {}

    def under(self, grid: list[Weights]) -> list[int]:
        if self.prepared is None or not len(self.prepared.matrix):
            return [self._judge("")] * len(grid)
        values = self.prepared.matrix @ np.array([w.vector() for w in grid]).T  # units x configs
        return [self._outcome(values[:, g], w.floor) for g, w in enumerate(grid)]

    def _outcome(self, values: np.ndarray, floor: float) -> int:
        best = int(np.argmax(values))  # first of equal maxima, as the stable sort in ``ranked``
        if values[best] < floor:
            return self._judge("")
        if best not in self._right:
            self._right[best] = self._judge(quote(self.prepared.evidence[best], self.prepared.hits,
                                                 self.prepared.units))
        return self._right[best]

    def _judge(self, text: str) -> int:
        answer = Answer(self.case.item["question"], text or NOT_FOUND, bool(text), "extractive")
        return int(is_correct(self.case.item, answer, answer_correct))


def _prepare(case: _Case) -> Prepared | None:
    q, context = case.question, case.context
    relevant = relevant_hits(q, context.hits, units=context.units)
    return prepare(q, with_continuations(relevant, context.following), units=context.units) if relevant else None


def _distance(weights: Weights) -> float:
    return sum(abs(getattr(weights, n) - getattr(DEFAULT_WEIGHTS, n)) for n in GRID)


def format_ablation(report: dict) -> str:
    lines = [f"Ablation ({report['questions']} Fragen, extractive): alles an {report['all_on'] * 100:.1f} %"]
    for name, acc in report["without"].items():
        delta = (acc - report["all_on"]) * 100
        lines.append(f"  ohne {name}: {acc * 100:.1f} % ({delta:+.1f})")
    if report["no_effect"]:
        lines.append("Ohne messbare Wirkung: " + ", ".join(report["no_effect"]))
    return "\n".join(lines)


def format_fit(report: dict) -> str:
    weights = ", ".join(f"{k}={v}" for k, v in report["best_weights"].items())
    return (f"Gewichte ({report['questions']} Fragen): kreuzvalidiert {report['cross_validated'] * 100:.1f} %, "
            f"in-sample {report['in_sample'] * 100:.1f} %, aktuelle Standardwerte "
            f"{(report['current_defaults'] or 0) * 100:.1f} %\nBeste Gewichte: {weights}")

