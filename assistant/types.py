"""Own data types of the assistant layer; JSON shapes follow shared/DESIGN.md."""

from __future__ import annotations

from dataclasses import dataclass, field

from ingest.types import Chunk


@dataclass(frozen=True)
class Hit:
    """A retrieved chunk with its fused score (higher is better)."""

    chunk: Chunk
    score: float

    def to_json(self) -> dict:
        c = self.chunk
        return {
            "chunk_id": c.chunk_id,
            "doc_id": c.doc_id,
            "filename": c.filename,
            "page_start": c.page_start,
            "page_end": c.page_end,
            "score": round(float(self.score), 6),
            "text": c.text,
        }


@dataclass
class Citation:
    """A source marker (``S1``) resolved to a retrieved chunk and the quote that supports it."""

    marker: str
    chunk_id: str
    doc_id: str
    filename: str
    page_start: int
    page_end: int
    quote: str
    verified: bool = True

    def to_json(self) -> dict:
        return {
            "marker": self.marker,
            "chunk_id": self.chunk_id,
            "doc_id": self.doc_id,
            "filename": self.filename,
            "page_start": self.page_start,
            "page_end": self.page_end,
            "quote": self.quote,
            "verified": self.verified,
        }


@dataclass
class Answer:
    question: str
    text: str
    answered: bool
    backend: str
    citations: list[Citation] = field(default_factory=list)

    def to_json(self) -> dict:
        return {
            "answer": self.text,
            "answered": self.answered,
            "backend": self.backend,
            "citations": [c.to_json() for c in self.citations],
        }


@dataclass
class Figure:
    """A number found in a document: planned entries, a budget line, a target or another count."""

    kind: str  # "entries" | "budget" | "target" | "other"
    label: str  # as printed in the document
    instrument: str  # canonical name (e.g. "FbW") or indicator; "" if none
    unit: str  # "Eintritte" | "EUR" | "%" | "Personen" | ...
    values: list[tuple[str, float]]  # (column, value), e.g. ("Plan 2024", 37.0)
    doc_id: str
    page: int
    source: str  # the line or sentence the figure was read from
    filename: str = ""

    def to_json(self) -> dict:
        return {
            "kind": self.kind,
            "label": self.label,
            "instrument": self.instrument,
            "unit": self.unit,
            "values": [{"column": col, "value": val} for col, val in self.values],
            "doc_id": self.doc_id,
            "filename": self.filename,
            "page": self.page,
        }


@dataclass
class DraftQuestion:
    kind: str  # "A" | "B"
    topic: str
    text: str
    rationale: str
    citations: list[Citation] = field(default_factory=list)
    weight: float = 0.0  # ranking weight, higher first

    def to_json(self) -> dict:
        return {
            "kind": self.kind,
            "topic": self.topic,
            "text": self.text,
            "rationale": self.rationale,
            "citations": [c.to_json() for c in self.citations],
        }
