"""Scoring evidence units: a few general features, one weight each, fitted with cross-validation.

Every feature is a property of (question type, unit) that holds for any AMIP, never a word
list for one document:
- ``own`` / ``context``: IDF-weighted share of the question's terms in the unit itself and
  in the unit with its table header, caption or section title;
- ``nouns``: IDF-weighted share of the question's nouns (its topic) in the unit's context;
  a unit that matches only the verbs and generic words does not answer the question;
- ``figure``: a number question and the unit states a figure the question does not
  (+1), or states none (-1); a "Wann …?" question and the unit names a year or not;
- ``causal``: a "Warum …?" question and the unit gives a reason;
- ``enumeration``: a "Welche/Wer …?" question and the unit lists several things;
- ``chunk``: how well the whole passage around the unit covers the question;
- ``rank``: retrieval order, a tie breaker.
``Weights`` holds the values chosen by ``amip eval --fit`` (grid search, 5-fold
cross-validation on the 60 dev questions plus the own unanswerable set; see
assistant/evaluation/ablation.py): cross-validated 0.986, in-sample 0.986. ``disabled``
switches features or structural rules off for ``amip eval --ablate``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace

import numpy as np

from assistant.answering.evidence import Evidence, gives_reason
from assistant.answering.question import Question
from assistant.answering.relevance import QuestionTerms
from assistant.text.numbers import YEAR, number_values
from assistant.types import Hit

FEATURES = ("own", "context", "nouns", "figure", "causal", "enumeration", "chunk", "rank")
# Structural rules that ``disabled`` can switch off too (see evidence.py and answer.py).
RULES = ("list_units", "bullet_lists", "reason_units", "heading_units", "anaphora_units", "place_check", "named_document", "answerability",
         "verify_generated", "row_topic")

_SECTION_NUMBER = re.compile(r"^\s*\d+(?:\.\d+)*\.?\s+(?=[A-ZÄÖÜ])", re.MULTILINE)  # "3.3 Verwendung"
_ENUMERATION = re.compile(r"(?:,[^,]+){2,}|\bsowie\b")


@dataclass(frozen=True)
class Weights:
    """Feature weights and the answerability floor (fitted, see module docstring)."""

    own: float = 0.6
    context: float = 0.4
    nouns: float = 0.6
    figure: float = 0.15
    causal: float = 0.2
    enumeration: float = 0.2
    chunk: float = 0.2
    rank: float = 0.05
    floor: float = 0.75  # below this the best unit does not support the question
    disabled: frozenset[str] = field(default=frozenset())

    def vector(self) -> np.ndarray:
        return np.array([0.0 if f in self.disabled else getattr(self, f) for f in FEATURES])

    def enabled(self, name: str) -> bool:
        return name not in self.disabled

    def without(self, name: str) -> Weights:
        return replace(self, disabled=self.disabled | {name})


DEFAULT_WEIGHTS = Weights()


def feature_matrix(question: Question, terms: QuestionTerms, hits: list[Hit],
                   evidence: list[Evidence]) -> np.ndarray:
    """One row of ``FEATURES`` values per evidence unit."""
    chunk_cover = [terms.coverage(f"{h.chunk.section}\n{h.chunk.text}") for h in hits]
    rows = []
    for ev in evidence:
        rank = ev.parts[0][0]
        rows.append([
            terms.coverage(ev.own),
            terms.coverage(ev.context),
            _noun_share(question, terms, ev.context),
            _figure(question, ev.own),
            float(question.kind == "reason" and gives_reason(ev.own)),
            float(question.kind == "list" and (ev.kind == "list" or bool(_ENUMERATION.search(ev.own)))),
            chunk_cover[rank],
            1.0 / (1 + rank),
        ])
    return np.array(rows, dtype=float).reshape(len(evidence), len(FEATURES))


def scores(matrix: np.ndarray, weights: Weights) -> np.ndarray:
    return matrix @ weights.vector() if len(matrix) else np.zeros(0)


def _noun_share(question: Question, terms: QuestionTerms, text: str) -> float:
    nouns = [t for t in terms.weights if t in question.nouns]
    total = sum(terms.weights[t] for t in nouns)
    if not total:
        return 1.0
    return sum(terms.weights[t] * terms.strength(t, text) for t in nouns) / total


def _figure(question: Question, own: str) -> float:
    if question.asks_time:
        return 1.0 if set(YEAR.findall(own)) - set(question.years) else -1.0
    if question.kind != "number":
        return 0.0
    # A year or a section number is not the amount asked for.
    figures = number_values(YEAR.sub("", _SECTION_NUMBER.sub("", own))) - set(question.numbers)
    return 1.0 if figures else -1.0
