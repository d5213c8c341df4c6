"""Does a small model's answer agree with the unit the evidence scoring chose?

The embedded 1.5B model reads a few excerpts and then often takes a figure from the wrong
column or row, names one item of a list, or restates the question. Code has already chosen
the unit that answers (``extractive.best_evidence``), so the model's wording is shown only
when it agrees with that unit:
- ``figure``: every figure it states (besides the question's own) is printed in the unit,
  and in a sentence listing several figures, in the clause nearest the question's words
  ("14,5 Mio. € für Verwaltungskosten und 8,3 Mio. € für Eingliederungsleistungen");
- ``items``: for a list unit, every item is named (by one of its content words); for a list
  question answered by an enumerating sentence, every enumerated part;
- ``reason``: a "Warum …?" answer takes up a content word of every sentence of the unit
  giving the reason (not merely another sentence of the same section);
- ``echo``: it says something the question does not (a content word that is neither in the
  question nor common in the workspace, like "Jobcenter" in an AMIP).
A model with a large context (Ollama, OpenAI-compatible servers) may combine passages, so
only ``echo`` applies to every backend.
"""

from __future__ import annotations

from collections.abc import Iterable

import re

from assistant.answering.evidence import Evidence
from assistant.answering.question import Question
from assistant.text.numbers import find_numbers, numbers_supported
from assistant.text.tokens import tokenize
from assistant.text.units import MARKER, split_sentences

# "1. …", "- 2) …": a model's own enumeration is no figure.
_ENUMERATOR = re.compile(r"^\s*(?:[-*•]\s*)?\d{1,2}[.)]\s+", re.MULTILINE)
_CLAUSE_SPLIT = re.compile(r"[,;]\s+|\s+(?:und|sowie|bzw\.|oder)\s+")
_PROSE = ("sentence", "pair", "reason", "section")  # table rows name their figures by column instead


_YES_NO = frozenset({"ja", "nein", "doch"})  # "Ja, es gibt Angaben zu …" says nothing more


def echoes(text: str, question: Question) -> bool:
    """True when the answer has no content word beyond the question's and the workspace's common ones."""
    words = set(tokenize(MARKER.sub(" ", text))) - _YES_NO
    return bool(words) and all(w in question.stems or question.is_common(w) for w in words)


def disagreement(text: str, best: Evidence, question: Question) -> str | None:
    """Why a small model's ``text`` does not agree with ``best`` ("figure", "items", "reason",
    "echo"), or None."""
    body = _ENUMERATOR.sub("", MARKER.sub(" ", text))
    ignore = set(question.numbers)
    if numbers_supported(body, best.context, ignore=ignore):
        return "figure"
    if question.kind == "number" and _figures(best.own, question) and not _figures(body, question):
        return "figure"  # "Wie viele …?" answered without the figure its source prints
    prose = best.kind in _PROSE
    clauses = _clauses(best.own) if prose else []
    if question.kind == "number" and len(clauses) > 1:
        nearest = _nearest_clause(clauses, question)
        if nearest is not None and numbers_supported(body, nearest, ignore=ignore):
            return "figure"
    items = best.items if best.kind == "list" else tuple(clauses) if question.kind == "list" else ()
    if not all(_named(item, body, question) for item in items):
        return "items"
    if question.kind == "reason" and best.kind in _PROSE and not all(
            _named(best.own[a:b], body, question) for a, b in split_sentences(best.own)):
        # "Warum …?" answered from another sentence than the one giving the reason (in a
        # claim-and-reason pair every sentence's own words must be taken up).
        return "reason"
    if echoes(body, question):
        return "echo"
    return None


def _figures(text: str, question: Question) -> set[float]:
    """The figures of ``text`` other than those the question itself names (e.g. its year)."""
    return {n.value for n in find_numbers(text)} - {n.value for n in find_numbers(question.text)}


def _clauses(text: str) -> list[str]:
    """The enumerated parts of a sentence ("A, B und C"); a decimal comma does not split."""
    return [c for c in _CLAUSE_SPLIT.split(" ".join(text.split())) if c.strip()]


def _nearest_clause(clauses: list[str], question: Question) -> str | None:
    """The one clause with a figure that holds the most of the question's own words, if unique;
    the clause naming what "Wie viele …" counts comes first (a figure belongs to the subject
    it is attached to: "3.412 Personen …, davon 1.398 Langzeitarbeitslose")."""
    asked = [s for s in question.stems if not question.is_common(s)]
    scored = [(_hits(question.counted, words) * 100 + _hits(asked, words), c)
              for c in clauses if find_numbers(c) for words in [set(tokenize(c))]]
    if not scored:
        return None
    best = max(n for n, _ in scored)
    top = [c for n, c in scored if n == best]
    return top[0] if best and len(top) == 1 else None


def _hits(stems: Iterable[str], words: set[str]) -> int:
    return sum(any(a in w for w in words) for a in stems)


def _named(item: str, body: str, question: Question) -> bool:
    """Does ``body`` name ``item`` by one of its own content words?"""
    own = [s for s in tokenize(item) if s not in question.stems and not question.is_common(s)]
    return not own or bool(set(own) & set(tokenize(body)))
