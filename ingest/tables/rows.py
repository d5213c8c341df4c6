"""Data rows of a block: their cells per band, wrapped labels and category rows.

Rules decide in ruled tables (a wrapped label shares its ruled row, a category row has its
own); in borderless tables line spacing does (lines of one cell are set tighter than rows
are apart), with lexical signs (an open bracket, a lower-case start) as a fallback.
"""

from __future__ import annotations

from dataclasses import dataclass

from ingest.tables.bands import band_of, unit_line, value_split
from ingest.page.lines import Line


@dataclass
class RawRow:
    label_parts: list[str]
    cells: dict[int, list[str]]  # band index -> printed fragments
    lines: list[Line]
    group: bool = False

    @property
    def top(self) -> float:
        return min(l.top for l in self.lines)

    @property
    def bottom(self) -> float:
        return max(l.bottom for l in self.lines)


def read_rows(block: list[Line], bands, ruled) -> list[RawRow]:
    rows: list[RawRow] = []
    pending: list[Line] = []  # text lines not yet attached to a row
    for line in block:
        split = value_split(line)
        if split is None:
            if unit_line(line) and rows:
                _add_cells(rows[-1], line.cells, bands)
                rows[-1].lines.append(line)
            else:
                pending.append(line)
            continue
        if split == 0 and rows and _wrapped_values(rows[-1], line, bands, ruled):
            _add_cells(rows[-1], line.cells, bands)
            rows[-1].lines.append(line)
            continue
        row = RawRow([c.text for c in line.cells[:split]], {}, [line])
        _add_cells(row, line.cells[split:], bands)
        _attach(rows, pending, row, ruled)
        pending = []
        rows.append(row)
    if pending and rows:
        _attach(rows, pending, None, ruled)
    return rows


def _wrapped_values(prev: RawRow, line: Line, bands, ruled) -> bool:
    """A line of bare values that continues the row above: inside its ruled row, or
    completing a number cut after its decimal comma ("10.168.730," / "00 €")."""
    if ruled:
        return not rule_between(ruled, prev.bottom, line.top)
    return any(prev.cells.get(band_of(c, bands), [""])[-1].endswith(",") for c in line.cells)


def _add_cells(row: RawRow, cells, bands) -> None:
    for cell in cells:
        k = band_of(cell, bands)
        if k is not None:
            row.cells.setdefault(k, []).append(cell.text)


def _attach(rows: list[RawRow], pending: list[Line], nxt: RawRow | None, ruled) -> None:
    """Decide for each text line between two data rows: wrapped label or category row.

    Lines set like one cell with the row above (no rule between, or only line spacing, or
    an unfinished label) continue its label; lines set like one cell with the row below
    start its label (labels set in the middle of their cell); what is left is a category
    row, unless the old single-line rules (distance, empty label below) say otherwise."""
    prev = rows[-1] if rows else None
    kinds: list[str | None] = [None] * len(pending)
    above = prev.lines[-1] if prev else None
    label = " ".join(prev.label_parts) if prev else ""
    # Values set in the middle of their label's lines ("nachrichtlich: Umschichtung" /
    # values / "vom EGT in das VKB"): lines tight above a row without a label are its label
    # even when they read like the rest of the row above (lower-case start).
    if nxt is not None and not nxt.label_parts:
        _prefix(pending, kinds, nxt, ruled)
    for i, line in enumerate(pending):
        if kinds[i] or above is None or not (
                _same_cell_lines(above, line, ruled) or not ruled and continues_label(label, line.text)):
            break
        kinds[i], above, label = "continuation", line, f"{label} {line.text}"
    _prefix(pending, kinds, nxt, ruled)
    open_lines = [i for i, k in enumerate(kinds) if k is None]
    if len(open_lines) == 1 and not ruled:
        i = open_lines[0]
        kinds[i] = _kind(prev if i == 0 or kinds[i - 1] == "continuation" else None, pending[i],
                         nxt if i == len(pending) - 1 else None)
    for i, line in enumerate(pending):
        if kinds[i] == "continuation" and prev is not None:
            prev.label_parts.append(line.text)
            prev.lines.append(line)
    prefix = [line for i, line in enumerate(pending) if kinds[i] == "prefix"]
    if nxt is not None and prefix:
        nxt.label_parts[:0] = [line.text for line in prefix]
        nxt.lines[:0] = prefix
    for i, line in enumerate(pending):
        if kinds[i] not in ("continuation", "prefix"):  # a prefix always has its row below
            rows.append(RawRow([line.text], {}, [line], group=True))


def _prefix(pending: list[Line], kinds: list[str | None], nxt: RawRow | None, ruled) -> None:
    """Mark the pending lines set like one cell with the row below as its label's start."""
    below = nxt.lines[0] if nxt else None
    for i in reversed(range(len(pending))):
        if kinds[i] or below is None or not _same_cell_lines(pending[i], below, ruled):
            break
        kinds[i], below = "prefix", pending[i]


def _same_cell_lines(upper: Line, lower: Line, ruled) -> bool:
    if ruled:
        return not rule_between(ruled, upper.bottom, lower.top)
    return lower.top - upper.bottom < 0.35 * max(lower.bottom - lower.top, 1) and not (
        lower.cells[0].bold and not upper.cells[0].bold)


def _kind(prev: RawRow | None, line: Line, nxt: RawRow | None) -> str:
    """A lone line between rows of an unruled table that is not set tight to either."""
    if line.cells[0].bold and not (nxt and nxt.lines[0].cells[0].bold):
        return "group"
    if prev is not None and continues_label(" ".join(prev.label_parts), line.text):
        return "continuation"
    if nxt is not None and not nxt.label_parts:
        return "prefix"
    if prev is None or nxt is None:
        return "group" if nxt is not None else "continuation"
    above, below = line.top - prev.bottom, nxt.top - line.bottom
    if above < 0.75 * below:
        return "continuation"
    return "group"


def same_cell(line: Line, row: RawRow, ruled) -> bool:
    """No rule (ruled table) or only line spacing (unruled) between a line and a row."""
    if ruled:
        return not rule_between(ruled, line.bottom, row.top)
    return row.top - line.bottom < 0.35 * max(line.bottom - line.top, 1)


def continues_label(label: str, text: str) -> bool:
    """Lexical signs that ``text`` is the rest of ``label`` (lower-case start, open bracket)."""
    return (text[:1].islower() or text[:1] in ")]" or label.endswith(("-", ",", "/", "und", "&"))
            or label.count("(") > label.count(")"))


def rule_between(ruled, top: float, bottom: float) -> bool:
    return any(top - 1 <= r[2] <= bottom + 1 for r in ruled)
