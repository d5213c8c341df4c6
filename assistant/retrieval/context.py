"""What answering gets from retrieval, prepared once per question: the hits, the chunks
that continue a list announced at a hit's end, their units (each text split once), the
places the workspace never mentions, and the table model of the document asked about.
Answering never calls back into retrieval."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from assistant.domain.instruments import canonical, find_mentions
from assistant.text.units import chunk_units
from assistant.types import Citation, Hit
from ingest.tables.types import Row, Table
from ingest.types import Chunk

if TYPE_CHECKING:
    from assistant.answering.question import Question


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


Span = tuple[int, int]


class ChunkUnits:
    """The units (sentences, bullets, table rows) of chunk texts, each text split once.

    Relevance, evidence, rendering and the citation check all read units of the same hits;
    splitting is pure, so its result is kept for the ask, keyed by the text itself."""

    def __init__(self, chunks: Iterable[Chunk] = ()) -> None:
        self._spans: dict[tuple[str, bool], tuple[Span, ...]] = {}
        for chunk in chunks:
            self.of(chunk)

    def of(self, chunk: Chunk) -> tuple[Span, ...]:
        """``(start, end)`` spans of ``chunk``'s units (``chunk_units``)."""
        key = (chunk.text, bool(chunk.table_id))
        spans = self._spans.get(key)
        if spans is None:
            spans = self._spans[key] = tuple(chunk_units(*key))
        return spans

    def texts(self, chunk: Chunk) -> list[str]:
        return [chunk.text[s:e] for s, e in self.of(chunk)]


@dataclass(frozen=True)
class AnswerContext:
    hits: list[Hit]
    query: Question | None = None  # the question as analysed once, before retrieval
    # chunk_id of a hit ending in ":" -> the chunks after it (the list's items start there)
    following: dict[str, tuple[Chunk, ...]] = field(default_factory=dict)
    unknown_places: tuple[str, ...] = ()  # places the question names that no document mentions
    unknown_nouns: tuple[str, ...] = ()  # stems of the question's restrictions no document contains
    tables: list[TableSource] = field(default_factory=list)
    units: ChunkUnits = field(default_factory=ChunkUnits)  # of the hits and their continuations


def table_sources(tables: list[Table], chunks: list[Chunk]) -> list[TableSource]:
    """``tables`` with the indexed chunks that print their rows."""
    by_table: dict[str, list[Chunk]] = {}
    for chunk in chunks:
        if chunk.table_id:
            by_table.setdefault(chunk.table_id, []).append(chunk)
    return [TableSource(t, tuple(by_table.get(t.table_id, ()))) for t in tables]
