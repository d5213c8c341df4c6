"""The tables of the documents a question is asked about, with the chunks that print their
rows, and the rows a question names (by lexicon code, abbreviation or the label's words)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from assistant.answering.question import Question
from assistant.domain.instruments import canonical, find_mentions
from assistant.text.tokens import tokenize
from assistant.types import Citation
from ingest.tables.types import Row, Table
from ingest.types import Chunk

_TOTAL_ASKED = re.compile(r"\b(?:insgesamt|gesamt\w*|summe)\b", re.IGNORECASE)
_MIN_COVERAGE = 0.75  # share of a label's words the question must contain to name the row


@dataclass(frozen=True)
class TableSource:
    """One table of a document and the indexed chunks that print its rows."""

    table: Table
    chunks: tuple[Chunk, ...]

    def citation(self, row: Row, marker: str) -> Citation | None:
        line = self.table.row_text(row)
        chunk = next((c for c in self.chunks if line in c.text), None)
        if chunk is None:
            return None
        return Citation(marker=marker, chunk_id=chunk.chunk_id, doc_id=chunk.doc_id,
                        filename=chunk.filename, page_start=row.page, page_end=row.page,
                        quote=line, verified=True)

    def instrument_rows(self) -> list[Row]:
        """The rows of a table of instruments (most labels name a lexicon instrument),
        without its total row; [] for other tables (budget lines, indicators)."""
        rows = [r for r in self.table.rows if canonical(r.label) != "Gesamt"]
        coded = [r for r in rows if find_mentions(r.label, ("instrument",))]
        return rows if rows and len(coded) * 2 > len(rows) else []


def table_sources(tables: list[Table], chunks: list[Chunk]) -> list[TableSource]:
    """``tables`` (in the order of their documents' relevance) with their row chunks."""
    by_table: dict[str, list[Chunk]] = {}
    for chunk in chunks:
        if chunk.table_id:
            by_table.setdefault(chunk.table_id, []).append(chunk)
    return [TableSource(t, tuple(by_table.get(t.table_id, ()))) for t in tables]


def row_names(row: Row) -> tuple[str, ...]:
    """The row's label as printed, then its head before any parenthesis."""
    label = " ".join(row.label.split())
    head = re.split(r"\s*\(", label, maxsplit=1)[0].strip()
    return (label, head) if head and head != label else (label,)


def _score(q: Question, row: Row) -> float:
    """For a row naming every lexicon code the question names: 2 + the number of the label's words
    the question uses + their share (so "Kommunale Eingliederungsleistungen" beats
    "Eingliederungsleistungen (EGT)" although both are EGT). Otherwise the share of the
    label's head words in the question, if high enough, else 0."""
    stems = set(q.stems)
    codes = {code for code, _, _ in find_mentions(row.label, ("instrument", "budget"))}
    if q.instruments and codes:
        if not q.instruments <= codes:  # the row must be about everything the question names
            return 0.0
        words = set(tokenize(row.label))
        matched = len(words & stems)
        return 2.0 + matched + (matched / len(words) if words else 0.0)
    head = set(tokenize(row_names(row)[-1]))
    coverage = len(head & stems) / len(head) if head else 0.0
    return coverage if coverage >= _MIN_COVERAGE else 0.0


def find_rows(q: Question, sources: list[TableSource]) -> list[tuple[TableSource, Row]]:
    """The rows the question names, best match first (ties in document order)."""
    totals = bool(_TOTAL_ASKED.search(q.text))
    scored: list[tuple[float, int, TableSource, Row]] = []
    for source in sources:
        for row in source.table.rows:
            if canonical(row.label) == "Gesamt" and not totals:
                continue
            score = _score(q, row)
            if score > 0:
                scored.append((score, len(scored), source, row))
    if not scored:
        return []
    best = max(s for s, *_ in scored)
    return [(source, row) for score, _, source, row in sorted(scored, key=lambda s: (-s[0], s[1]))
            if score == best]
