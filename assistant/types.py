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
    rejected: str = ""  # a model's wording the cited passages did not support (not shown)

    def to_json(self) -> dict:
        return {
            "answer": self.text,
            "answered": self.answered,
            "backend": self.backend,
            "citations": [c.to_json() for c in self.citations],
        }


@dataclass(frozen=True)
class FigureValue:
    """One number of a figure with what it means: "Plan 2024" → role "plan", period 2024."""

    column: str  # column header as printed ("Ist 2023"), or the sentence's word ("Vorjahr")
    role: str  # actual|plan|target|forecast|change_abs|change_pct|share|value (ingest.tables.types.ROLES)
    period: int | None  # the year the value refers to, None if not stated
    value: float  # base units: 3.100 in a T€ table -> 3100000.0
    unit: str  # "EUR" | "%" | "" (a count: Eintritte, Personen, Plätze)
    printed: str = ""  # the number as printed ("3.100", "3,1 Mio. Euro"), for quoting it
    scale: float = 1.0  # printed number x scale = value (T€ -> 1000)

    def to_json(self) -> dict:
        return {"column": self.column, "role": self.role, "period": self.period, "value": self.value,
                "unit": self.unit}


@dataclass
class Figure:
    """Numbers about one thing (an instrument's entries, a budget line, a target) from a table row or a sentence."""

    kind: str  # "entries" | "budget" | "target" | "share" | "count" | "other"
    label: str  # as printed in the document
    instrument: str  # canonical code from the lexicon ("FbW", "IQ", "EGT"); "" if unknown
    values: list[FigureValue]
    doc_id: str
    filename: str
    page: int
    source: str  # "table" | "text"
    quote: str  # the row as one line (Table.row_text) or the sentence
    bbox: tuple[float, float, float, float] | None = None
    group: str = ""  # category row of a table row ("Qualifizierung"), "" otherwise

    @property
    def unit(self) -> str:
        """Unit of the figure's level values (change columns may be in % of a count)."""
        levels = [v for v in self.values if v.role not in ("change_abs", "change_pct")]
        return (levels or self.values)[0].unit if self.values else ""

    @property
    def pairs(self) -> list[tuple[str, float]]:
        """(column, value) per value, for tables that show columns as printed."""
        return [(v.column, v.value) for v in self.values]

    def to_json(self) -> dict:
        return {
            "kind": self.kind,
            "label": self.label,
            "instrument": self.instrument,
            "values": [v.to_json() for v in self.values],
            "doc_id": self.doc_id,
            "filename": self.filename,
            "page": self.page,
            "source": self.source,
            "quote": self.quote,
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
