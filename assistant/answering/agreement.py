"""Does a small model's answer agree with the unit the evidence scoring chose?

The embedded 1.5B model reads a few excerpts and then often takes a figure from the wrong
column or row, names one item of a list, or restates the question. Code has already chosen
the unit that answers (``extractive.best_evidence``), so the model's wording is shown only
when it agrees with that unit:
- ``figure``: every figure it states (besides the question's own) is printed in the unit;
- ``items``: for a list unit, every item is named (by one of its content words);
- ``echo``: it says something the question does not (a content word that is neither in the
  question nor common in the workspace, like "Jobcenter" in an AMIP).
A model with a large context (Ollama, OpenAI-compatible servers) may combine passages, so
only ``echo`` applies to every backend.
"""

from __future__ import annotations

import re

from assistant.answering.evidence import Evidence
from assistant.answering.question import Question
from assistant.text.numbers import numbers_supported
from assistant.text.tokens import tokenize
from assistant.text.units import MARKER

# "1. …", "- 2) …": a model's own enumeration is no figure.
_ENUMERATOR = re.compile(r"^\s*(?:[-*•]\s*)?\d{1,2}[.)]\s+", re.MULTILINE)


def echoes(text: str, question: Question) -> bool:
    """True when the answer has no content word beyond the question's and the workspace's common ones."""
    words = set(tokenize(MARKER.sub(" ", text)))
    return bool(words) and all(w in question.stems or question.is_common(w) for w in words)


def disagreement(text: str, best: Evidence, question: Question) -> str | None:
    """Why a small model's ``text`` does not agree with ``best`` ("figure", "items", "echo"), or None."""
    body = _ENUMERATOR.sub("", MARKER.sub(" ", text))
    if numbers_supported(body, best.context, ignore=set(question.numbers)):
        return "figure"
    if best.kind == "list" and not all(_named(item, body, question) for item in best.items):
        return "items"
    if echoes(body, question):
        return "echo"
    return None


def _named(item: str, body: str, question: Question) -> bool:
    """Does ``body`` name ``item`` by one of its own content words?"""
    own = [s for s in tokenize(item) if s not in question.stems and not question.is_common(s)]
    return not own or bool(set(own) & set(tokenize(body)))
