"""Tables built by hand, as the ingest table reader would deliver them, for figure and drafting tests."""

from __future__ import annotations

from assistant.figures import document_figures
from assistant.text.numbers import find_numbers
from assistant.types import Figure
from ingest.tables.types import Column, Row, Table

DOC, FILE = "doc-1", "amip-test.pdf"
_ROLES = {"Ist": "actual", "Vorjahr": "actual", "Plan": "plan", "Soll": "plan", "Ziel": "target",
          "Hochrechnung": "forecast", "Veränderung": "change_pct", "Differenz": "change_abs", "Anteil": "share"}


def column(header: str, unit: str = "", scale: float = 1.0) -> Column:
    """A column whose role and year come from its header, as the reader classifies them."""
    role = next((r for word, r in _ROLES.items() if word in header), "value")
    if "in %" in header:
        role, unit = ("change_pct", "%") if role in ("change_pct", "change_abs", "value") else (role, "%")
    year = next((int(w) for w in header.replace("(", " ").split() if w.isdigit() and len(w) == 4), None)
    if header == "Vorjahr":
        year = None
    return Column(header, role, year, unit, scale)


def table(headers: list[str], rows: list[tuple], *, unit: str = "", scale: float = 1.0, caption: str = "",
          page: int = 2, label_header: str = "Instrument", groups: dict[str, str] | None = None) -> Table:
    """``rows``: (label, cell, cell, …); cells as printed; values scaled by ``scale`` unless in %."""
    columns = tuple(column(h, unit if "%" not in h else "%", scale if "%" not in h else 1.0) for h in headers)
    built = []
    for k, (label, *cells) in enumerate(rows):
        values = []
        for col, cell in zip(columns, cells):
            found = find_numbers(cell)
            values.append(found[0].value * (col.scale if not found[0].unit else 1.0) if found else None)
        built.append(Row(label, (groups or {}).get(label, ""), tuple(cells), tuple(values), page,
                         (50.0, 100.0 + 12 * k, 550.0, 110.0 + 12 * k)))
    return Table("t-" + caption[:10], DOC, (page,), ((page, (50.0, 90.0, 550.0, 400.0)),), caption, unit,
                 label_header, columns, tuple(built))


def figures_of(tables: list[Table], pages: list[tuple[int, str]] | None = None) -> list[Figure]:
    return document_figures(tables, pages or [], DOC, FILE)


def by_label(figures: list[Figure], label: str) -> Figure:
    found = [f for f in figures if f.label == label]
    assert found, f"no figure {label!r} in {[f.label for f in figures]}"
    return found[0]
