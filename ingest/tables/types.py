"""The table model: tables read once at ingest from the PDF's drawn structure.

Every consumer (figures, drafting, chunks, citations, the Kennzahlen tab) reads these
objects instead of re-parsing page text. Values are stored in base units: a cell "3.100"
in a table "Angaben in Tausend Euro" has ``value`` 3100000.0 and ``unit`` "EUR".
"""

from __future__ import annotations

from dataclasses import dataclass, field

# Column roles (shared/DESIGN.md). "value" is a number column whose header names no role.
ROLES = ("actual", "plan", "target", "forecast", "change_abs", "change_pct", "share", "value")

BBox = tuple[float, float, float, float]  # x0, top, x1, bottom in PDF points, origin top-left


@dataclass(frozen=True)
class Column:
    """A value column: its header as printed (multi-line headers joined) and what it means."""

    header: str
    role: str  # one of ROLES
    period: int | None = None  # the year the header names ("Ist 2023" -> 2023)
    unit: str = ""  # base unit: "EUR", "%", "" for counts (Eintritte, Personen, ...)
    scale: float = 1.0  # printed value x scale = base value (T€ -> 1000, Mio. € -> 1e6)

    def to_json(self) -> dict:
        return {"header": self.header, "role": self.role, "period": self.period,
                "unit": self.unit, "scale": self.scale}

    @classmethod
    def from_json(cls, data: dict) -> Column:
        return cls(data["header"], data["role"], data.get("period"), data.get("unit", ""),
                   float(data.get("scale", 1.0)))


@dataclass(frozen=True)
class Row:
    """A data row: label (multi-line labels joined), its category row, one cell per column."""

    label: str
    group: str  # the category row above it ("Qualifizierung"), "" if none
    cells: tuple[str, ...]  # as printed, aligned with ``Table.columns``; "" for an empty cell
    values: tuple[float | None, ...]  # base units; None where the cell holds no number
    page: int
    bbox: BBox

    def to_json(self) -> dict:
        return {"label": self.label, "group": self.group, "cells": list(self.cells),
                "values": list(self.values), "page": self.page, "bbox": list(self.bbox)}

    @classmethod
    def from_json(cls, data: dict) -> Row:
        return cls(data["label"], data.get("group", ""), tuple(data["cells"]),
                   tuple(data.get("values", [None] * len(data["cells"]))),
                   int(data["page"]), tuple(data["bbox"]))


@dataclass(frozen=True)
class Table:
    """One table, possibly continued over several pages (then ``pages`` has them all)."""

    table_id: str  # deterministic: hash of doc_id, first page and content
    doc_id: str
    pages: tuple[int, ...]
    bboxes: tuple[tuple[int, BBox], ...]  # (page, bbox) per page the table covers
    caption: str  # heading/sentence above the table, "" if none
    unit: str  # table-wide unit from caption or nearby text ("EUR", "%", ""), else ""
    label_header: str  # header of the label column as printed ("Instrument"), may be ""
    columns: tuple[Column, ...]
    rows: tuple[Row, ...] = field(default=())

    def row_text(self, row: Row) -> str:
        """A row as one citable line: "FbW — Ist 2023: 56; Plan 2024: 37"."""
        # A column without a printed header (a one-column list of amounts) shows the value
        # alone: "Verwaltungshaushalt — 9.994.076", not "— : 9.994.076".
        parts = [f"{col.header}: {cell}" if col.header.strip() else cell
                 for col, cell in zip(self.columns, row.cells) if cell]
        label = f"{row.group}: {row.label}" if row.group and row.group != row.label else row.label
        return f"{label} — " + "; ".join(parts) if parts else label

    @property
    def title(self) -> str:
        """The line a table chunk starts with: caption, else label header, else "Tabelle"."""
        return self.caption or self.label_header or "Tabelle"

    def rows_text(self, start: int, end: int) -> str:
        """The text of a table chunk holding rows ``[start, end)``: the title, then one
        ``row_text`` line per row (the only rendering of table rows as text)."""
        return "\n".join([self.title, *(self.row_text(row) for row in self.rows[start:end])])

    def to_json(self) -> dict:
        return {"table_id": self.table_id, "doc_id": self.doc_id, "pages": list(self.pages),
                "bboxes": [[p, list(b)] for p, b in self.bboxes], "caption": self.caption,
                "unit": self.unit, "label_header": self.label_header,
                "columns": [c.to_json() for c in self.columns],
                "rows": [r.to_json() for r in self.rows]}

    @classmethod
    def from_json(cls, data: dict) -> Table:
        return cls(
            table_id=data["table_id"], doc_id=data["doc_id"], pages=tuple(data["pages"]),
            bboxes=tuple((int(p), tuple(b)) for p, b in data.get("bboxes", [])),
            caption=data.get("caption", ""), unit=data.get("unit", ""),
            label_header=data.get("label_header", ""),
            columns=tuple(Column.from_json(c) for c in data["columns"]),
            rows=tuple(Row.from_json(r) for r in data["rows"]),
        )
