"""Figures from ingest tables: one Figure per table row, values with the column's role and period.

The table extractor already joined headers and labels, classified columns and converted cells
to base units; here each row gets what drafting needs on top: the canonical instrument of its
label (a sub-row "darunter Frauen" qualifies the row above), the unit of each value, and the
kind of the figure (entries, budget, target, share, count, other).
"""

from __future__ import annotations

import re

from assistant.figures.kinds import figure_kind
from assistant.domain.instruments import QUALIFIERS, canonical, category, normalize_label, qualifier
from assistant.text.numbers import find_numbers
from assistant.types import Figure, FigureValue
from ingest.tables.types import Column, Row, Table

_SUB_ROW = re.compile(r"^(?:davon|darunter|dav\.|dar\.|-|–)\s", re.IGNORECASE)
_PERCENT_ROLES = ("change_pct", "share")
_PERCENT = re.compile(r"%|prozent|anteil|quote", re.IGNORECASE)


def table_figures(table: Table, filename: str) -> list[Figure]:
    """One figure per data row with at least one number; rows keep the table's order."""
    figures: list[Figure] = []
    parent = ""  # canonical code of the last row that is not a sub-row
    for row in table.rows:
        values = _row_values(table, row)
        if not values or not row.label.strip():
            continue
        code = _row_code(row, parent)
        if not _SUB_ROW.match(row.label) and not (qualifier(row.label) and not canonical(row.label)):
            parent = code  # "Männer", "Frauen" qualify the row above; they are not parents
        kind = figure_kind(code, values, _context(table, row))
        figures.append(Figure(kind=kind, label=normalize_label(row.label), instrument=code, values=values,
                              doc_id=table.doc_id, filename=filename, page=row.page, source="table",
                              quote=table.row_text(row), bbox=tuple(row.bbox), group=row.group))
    return figures


def _context(table: Table, row: Row) -> str:
    """Words that tell what a row counts: caption, label header, column headers and its group."""
    return " ".join([table.caption, table.label_header, row.group, *(c.header for c in table.columns)])


def _row_values(table: Table, row: Row) -> list[FigureValue]:
    values = []
    for column, cell, value in zip(table.columns, row.cells, row.values):
        if value is None:
            continue
        unit = _unit(column, cell, table)
        values.append(FigureValue(column=normalize_label(column.header), role=column.role, period=column.period,
                                  value=float(value), unit=unit, printed=cell.strip(),
                                  scale=_scale(cell, value, column)))
    return values


def _unit(column: Column, cell: str, table: Table) -> str:
    """The column's own unit ("" is a count), else the cell's ("16,0%"), else % for change-in-%
    and share columns. The table-wide unit is not used: "Veränderung in %" says nothing about
    the count columns beside it; a "%" no header, cell or caption shows is not trusted either."""
    percent_named = _PERCENT.search(" ".join([column.header, cell, table.caption, table.label_header]))
    if column.unit and (column.unit != "%" or percent_named):
        return column.unit
    printed = find_numbers(cell)
    if printed and printed[0].unit:
        return printed[0].unit
    return "%" if column.role in _PERCENT_ROLES else ""


def _scale(cell: str, value: float, column: Column) -> float:
    """Printed number x scale = value; read from the cell itself so a wrong column scale cannot
    make a T€ amount look like euros."""
    printed = find_numbers(cell)
    if printed and printed[0].value:
        ratio = abs(value / printed[0].value)
        for scale in (1.0, 1e3, 1e6, 1e9):
            if abs(ratio - scale) <= scale * 1e-6:
                return scale
    return column.scale or 1.0


def _row_code(row: Row, parent: str) -> str:
    """Canonical code of a row; "darunter Frauen" under FbW becomes "FbW Frauen", a row
    "Integrationsquote Frauen" becomes "IQ Frauen"."""
    label = normalize_label(row.label)
    code = canonical(label)
    group_of_row = qualifier(label)
    named = next((name for name, pattern in QUALIFIERS.items() if pattern.search(label)), "")
    if code and named and code != named and category(code) == "indicator":
        return f"{code} {named}"
    if _SUB_ROW.match(label) or (group_of_row and not code):
        base = parent or canonical(row.group)
        if group_of_row and base:
            return f"{base} {group_of_row}"
        return code
    if not code and row.group:
        # A label the lexicon does not know ("Frauen") under a known category row.
        base = canonical(row.group)
        return f"{base} {group_of_row}" if base and group_of_row else ""
    return code
