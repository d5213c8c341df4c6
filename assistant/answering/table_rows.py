"""The rows a question names: by lexicon code, abbreviation or the label's words."""

from __future__ import annotations

import re
from assistant.answering.question import Question
from assistant.domain.instruments import canonical, find_mentions
from assistant.retrieval.context import TableSource
from assistant.text.tokens import tokenize
from ingest.tables.types import Row

_TOTAL_ASKED = re.compile(r"\b(?:insgesamt|gesamt\w*|summe)\b", re.IGNORECASE)
_MIN_COVERAGE = 0.75  # share of a label's words the question must contain to name the row


def row_names(row: Row) -> tuple[str, ...]:
    """The row's label as printed, then its head before any parenthesis."""
    label = " ".join(row.label.split())
    head = re.split(r"\s*\(", label, maxsplit=1)[0].strip()
    return (label, head) if head and head != label else (label,)


def _score(q: Question, row: Row, caption_codes: set[str]) -> float:
    """For a row naming every lexicon code the question names: 2 + the number of the label's words
    the question uses + their share (so "Kommunale Eingliederungsleistungen" beats
    "Eingliederungsleistungen (EGT)" although both are EGT). Otherwise the share of the
    label's head words in the question, if high enough, else 0."""
    stems = set(q.stems)
    codes = _codes(row.label)
    if q.instruments and codes:
        # The row (with its table's caption) must be about everything the question names:
        # "Umschichtungen (Bund)" under "Übersicht zum Verwaltungshaushalt …" is about both.
        if not q.instruments <= codes | caption_codes:
            return 0.0
        words = set(tokenize(row.label))
        matched = len(words & stems)
        return 2.0 + matched + (matched / len(words) if words else 0.0)
    head = set(tokenize(row_names(row)[-1]))
    coverage = len(head & stems) / len(head) if head else 0.0
    # Of two rows the question covers ("Integrationsquote", "Integrationsquote Frauen"), the
    # one naming more of its words is meant.
    return coverage + len(head & stems) / 100 if coverage >= _MIN_COVERAGE else 0.0


def find_rows(q: Question, sources: list[TableSource]) -> list[tuple[TableSource, Row]]:
    """The rows the question names, best match first (ties in document order)."""
    totals = bool(_TOTAL_ASKED.search(q.text))
    scored: list[tuple[float, int, TableSource, Row]] = []
    for source in sources:
        caption_codes = _codes(source.table.caption)
        for row in source.table.rows:
            total = canonical(row.label) == "Gesamt"
            if total and not totals:
                continue
            # "Wie viele Eintritte sind insgesamt geplant?" names no row: the total row is meant.
            score = 1.0 if total and not q.instruments else _score(q, row, caption_codes)
            if score > 0:
                scored.append((score, len(scored), source, row))
    if not scored:
        return []
    best = max(s for s, *_ in scored)
    return [(source, row) for score, _, source, row in sorted(scored, key=lambda s: (-s[0], s[1]))
            if score == best]


def _codes(text: str) -> set[str]:
    return {code for code, _, _ in find_mentions(text, ("instrument", "budget"))}
