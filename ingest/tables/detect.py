"""Tables on one column region of a page: data rows, their value columns, header and groups.

A data row is a line ending in value cells. Consecutive data rows — with category rows,
wrapped labels and wrapped units between them — form a block. The block's value columns
are the x bands where its value cells overlap; its header is the lines above whose cells
fit those bands; its caption is the line above the header. Ruled tables use their drawn
rules to tell a wrapped label (same ruled row) from a category row (its own ruled row).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ingest.tables.lines import Cell, Line
from ingest.tables.values import is_unit_only, is_value, is_year

_MAX_GAP_LINES = 8  # label-column lines allowed between two data rows (wrapped labels, groups)
_MAX_HEADER_LINES = 8  # narrow columns wrap a header over many lines


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


@dataclass
class RawTable:
    """One table on one page region, before classification."""

    page: int
    bands: list[tuple[float, float]]
    header: dict[int, list[str]]  # band index -> header fragments, -1 = label column
    rows: list[RawRow]
    caption_lines: list[str] = field(default_factory=list)
    lines_before: int = 0  # text lines of the region above the table (page continuation test)
    lines_after: int = 0
    trailing_group: str = ""  # a category row left alone at the foot of the page

    @property
    def x0(self) -> float:
        return min(l.x0 for r in self.rows for l in r.lines)

    @property
    def x1(self) -> float:
        return self.bands[-1][1]


def value_split(line: Line) -> int | None:
    """Index of the first of the trailing value cells, None when the line has none."""
    i = len(line.cells)
    while i > 0 and (is_value(line.cells[i - 1].text) or is_unit_only(line.cells[i - 1].text)):
        i -= 1
    if i == len(line.cells) or all(is_unit_only(c.text) for c in line.cells[i:]):
        return None
    return i


def find_tables(lines: list[Line], hrules: tuple) -> list[RawTable]:
    """The tables among one region's lines, top to bottom."""
    tables, i = [], 0
    while i < len(lines):
        if value_split(lines[i]) is None or _all_years(lines[i]):
            i += 1
            continue
        end = _block_end(lines, i)
        table = _table(lines, i, end, hrules)
        if table is not None:
            table.lines_after = len(lines) - end
            after = lines[end] if end < len(lines) else None
            # Close below the last row (a page footer is far below), in the label column.
            if after is not None and table.lines_after <= 2 and after.x1 < table.bands[0][0] - 2 \
                    and after.top - lines[end - 1].bottom < 3 * (after.bottom - after.top) \
                    and not after.text.rstrip().endswith((".", ":")):
                table.trailing_group = after.text
            tables.append(table)
        i = end
    return tables


def _all_years(line: Line) -> bool:
    """Its values are only years (a header row "2023 | 2024", units aside)."""
    split = value_split(line)
    values = [c for c in line.cells[split:] if not is_unit_only(c.text)] if split is not None else []
    return bool(values) and all(is_year(c.text) for c in values)


def _block_end(lines: list[Line], start: int) -> int:
    """Index after the last data row of the block starting at ``start``."""
    end, gap = start + 1, 0
    limit = _value_x0(lines[start])
    for j in range(start + 1, len(lines)):
        line = lines[j]
        split = value_split(line)
        if split is not None and not _all_years(line):
            end, gap, limit = j + 1, 0, min(limit, _value_x0(line))
        elif _unit_line(line) or (line.x1 < limit - 2 and gap < _MAX_GAP_LINES
                                  and line.top - lines[j - 1].bottom < 2.5 * (line.bottom - line.top)):
            gap += 0 if _unit_line(line) else 1
        else:
            break
    # Wrapped lines of the last label, set as tightly as the label's own lines.
    while end < len(lines) and lines[end].x1 < limit - 2 and not lines[end].cells[0].bold \
            and lines[end].top - lines[end - 1].bottom < 0.5 * (lines[end].bottom - lines[end].top):
        end += 1
    return end


def _value_x0(line: Line) -> float:
    split = value_split(line)
    return line.cells[split].x0 if split is not None else line.x1


def _unit_line(line: Line) -> bool:
    return all(is_unit_only(c.text) for c in line.cells)


def _bands(data: list[Line]) -> list[tuple[float, float]]:
    """Value column bands: x intervals where value cells of different rows overlap."""
    spans = sorted((c.x0, c.x1) for line in data for c in line.cells[value_split(line):])
    bands: list[list[float]] = []
    for x0, x1 in spans:
        if bands and x0 <= bands[-1][1] + 1:
            bands[-1][1] = max(bands[-1][1], x1)
        else:
            bands.append([x0, x1])
    return [(a, b) for a, b in bands]


def band_of(cell: Cell, bands: list[tuple[float, float]]) -> int | None:
    """The band a cell belongs to: most overlap, else nearest centre; None left of all bands."""
    if cell.x1 < bands[0][0] - 2:
        return None
    overlaps = [min(cell.x1, b1) - max(cell.x0, b0) for b0, b1 in bands]
    best = max(range(len(bands)), key=lambda k: overlaps[k])
    if overlaps[best] > 0:
        return best
    return min(range(len(bands)), key=lambda k: abs(cell.center - (bands[k][0] + bands[k][1]) / 2))


def _bands_hit(cell: Cell, bands: list[tuple[float, float]]) -> list[int]:
    """The value columns a cell covers a good part of."""
    return [k for k, b in enumerate(bands) if min(cell.x1, b[1]) - max(cell.x0, b[0]) > 0.3 * (b[1] - b[0])]


def _spans_bands(cell: Cell, bands: list[tuple[float, float]]) -> bool:
    """A cell reaching over two value columns (a spanning or a crowded header, or prose)."""
    return len(_bands_hit(cell, bands)) > 1


def _table(lines: list[Line], start: int, end: int, hrules: tuple) -> RawTable | None:
    block = lines[start:end]
    data = [l for l in block if value_split(l) is not None and not _all_years(l)]
    bands = _bands(data)
    if not bands:
        return None
    ruled = [r for r in hrules if r[0] <= block[0].x0 + 5 and r[1] >= bands[-1][0]]
    # Rules only above and below (booktabs style) frame the table but do not separate rows.
    inner = [r for r in ruled if data[0].bottom < r[2] < data[-1].top]
    row_rules = ruled if len(inner) >= max(1, (len(data) - 1) // 2) else []
    label_right = max((l.cells[value_split(l) - 1].x1 for l in data if value_split(l)), default=bands[0][0])
    header, header_start, groups = _header(lines, start, bands, ruled, label_right)
    rows = _rows(block, bands, row_rules)
    while groups and rows and _same_cell(groups[-1], rows[0], row_rules):
        line = groups.pop()  # the first label's upper lines (label set in the cell's middle)
        rows[0].label_parts.insert(0, line.text)
        rows[0].lines.insert(0, line)
    rows = [RawRow([g.text], {}, [g], group=True) for g in groups] + rows
    if not rows or not any(r.cells for r in rows):
        return None
    if len([r for r in rows if not r.group]) < 2 and not any(header.get(k) for k in range(len(bands))):
        return None  # one number after a label is a sentence fragment, not a table
    caption = _caption(lines, header_start, block[0])
    return RawTable(block[0].page, bands, header, rows, caption, lines_before=header_start)


def _header(lines: list[Line], start: int, bands, ruled, label_right: float
            ) -> tuple[dict[int, list[str]], int, list[Line]]:
    """Header fragments per band from the lines above the first data row."""
    # Only a table with a rule right above its first row (grid, booktabs, shaded header)
    # has its header inside rules; a rule further up belongs to something else.
    above = lines[start - 1].bottom if start > 0 else 0.0
    top_rule = _grid_top(ruled, lines[start].top) if any(
        above - 2 <= r[2] <= lines[start].top + 1 for r in ruled) else None
    chosen: list[Line] = []
    j = start - 1
    while j >= 0 and len(chosen) < (_MAX_HEADER_LINES if top_rule is None else 3 * _MAX_HEADER_LINES):
        line = lines[j]
        below = chosen[-1] if chosen else lines[start]
        if top_rule is not None and (line.top < top_rule - 1 or _data_or_prose(line, bands, label_right)):
            break  # rules climbed from another table above end at its rows
        if top_rule is None and not _header_like(line, below, bands, chosen, label_right):
            break
        chosen.append(line)
        j -= 1
    groups = _leading_groups(chosen, bands)
    chosen = chosen[len(groups):]
    header: dict[int, list[str]] = {}
    ordered = list(reversed(chosen))
    for n, line in enumerate(ordered):
        if _column_numbers(line):
            continue
        for cell in line.cells:
            over = next((found for lower in ordered[n + 1:]
                         if (found := _spanned(cell, lower, bands, label_right)) is not None), None) or []
            parts = [(k, cell.text) for k in over] or _header_parts(cell, bands, bool(ruled), label_right)
            for k, text in parts:
                header.setdefault(-1 if k is None else k, []).append(text)
    return header, j + 1, groups


def _spanned(cell: Cell, below: Line, bands, label_right: float) -> list[int] | None:
    """Bands a header cell is centred over together: "Veränderung" above "absolut" | "in %"
    (judged on the next header line with cells under it; None: no cell under it here)."""
    under = [c for c in below.cells if c.x0 >= label_right - 2
             and min(c.x1, cell.x1 + 10) - max(c.x0, cell.x0 - 10) > 0]
    if not under:
        return None
    ks = sorted({k for c in under if (k := band_of(c, bands)) is not None})
    if len(ks) < 2 or len(ks) != len(under):
        return []
    lo, hi = min(c.x0 for c in under), max(c.x1 for c in under)
    return ks if abs(cell.center - (lo + hi) / 2) < 0.15 * (hi - lo) else []


def _header_parts(cell: Cell, bands, ruled: bool, label_right: float) -> list[tuple[int | None, str]]:
    """Header text per band. A cell over several columns heads each of them ("Veränderung"
    over "absolut" | "in %"); but headers merely set closer than a column gap ("Prognose
    2023  Plan 2024": one gap much wider than the spaces) are split at their widest gaps."""
    touched = [k for k, b in enumerate(bands) if min(cell.x1, b[1]) - max(cell.x0, b[0]) > 2]
    if len(touched) < 2:
        if cell.x0 < label_right - 2:
            return [(None, cell.text)]  # the label column's header
        k = band_of(cell, bands)  # None: left-aligned over the first, right-aligned numbers
        return [(0 if k is None else k, cell.text)]
    words = list(cell.words)
    hit = _bands_hit(cell, bands) or touched
    gaps = [words[i][1] - words[i - 1][2] for i in range(1, len(words))]
    widest = sorted(range(len(gaps)), key=lambda i: gaps[i], reverse=True)[: len(hit) - 1]
    spaces = sorted(gaps)[: len(gaps) - len(widest)] or [0.0]
    crowded = len(hit) > 1 and len(widest) == len(hit) - 1 and \
        min(gaps[i] for i in widest) > 1.8 * max(spaces[len(spaces) // 2], 0.5)
    if ruled or not crowded:
        return [(k, cell.text) for k in touched]
    cuts = sorted(i + 1 for i in widest)
    pieces = [words[a:b] for a, b in zip([0] + cuts, cuts + [len(words)])]
    return [(k, " ".join(w[0] for w in piece)) for k, piece in zip(hit, pieces)]


def _data_or_prose(line: Line, bands, label_right: float) -> bool:
    """A row of numbers, or text running from the label column into the value columns."""
    first = bands[0][0]
    return (value_split(line) is not None and not _all_years(line)) or any(
        c.x0 < label_right - 2 and c.x1 > first + 2 for c in line.cells)


def _header_like(line: Line, below: Line, bands, chosen: list[Line], label_right: float) -> bool:
    """An unruled line above a table is header when its cells sit in the columns; a cell
    reaching from the label column into a value column is a caption or prose."""
    if below.top - line.bottom > 1.6 * max(line.bottom - line.top, 1):
        return False
    if _data_or_prose(line, bands, label_right):
        return False
    banded = any(band_of(c, bands) is not None for c in line.cells)
    # A label-only line is a category row only below the header, never above it.
    return banded or not any(any(band_of(c, bands) is not None for c in l.cells) for l in chosen)


def _column_numbers(line: Line) -> bool:
    """A header line that only numbers the columns ("1 2 3 4")."""
    numbers = [c.text.split()[-1] for c in line.cells]
    return len(numbers) > 1 and numbers == [str(n) for n in range(1, len(numbers) + 1)]


def _leading_groups(chosen: list[Line], bands) -> list[Line]:
    """Label-only lines between the header (if any) and the first data row: category rows,
    or the first label's upper lines (decided by the caller)."""
    n = 0
    while n < len(chosen) and all(band_of(c, bands) is None for c in chosen[n].cells):
        n += 1
    return list(reversed(chosen[:n]))


def _grid_top(ruled, first_top: float) -> float | None:
    """Top rule of a ruled table: climb the rules above the first data row while close."""
    ys = sorted({round(r[2], 1) for r in ruled if r[2] <= first_top + 1}, reverse=True)
    if not ys or first_top - ys[0] > 60:
        return None  # the nearest rule above belongs to something else
    top = ys[0]
    for y in ys[1:]:
        # Grid rows are close; one tall step is a shaded header of up to eight lines.
        if top - y > 60 and first_top - y > 110:
            break
        top = y
    return top


def _caption(lines: list[Line], header_start: int, first: Line) -> list[str]:
    """Up to three lines just above the header (caption, unit note, introducing sentence)."""
    out, below = [], lines[header_start] if header_start < len(lines) else first
    for j in range(header_start - 1, max(-1, header_start - 4), -1):
        line = lines[j]
        if below.top - line.bottom > 4 * max(line.bottom - line.top, 1):
            break
        out.insert(0, line.text)
        below = line
    return out


def _rows(block: list[Line], bands, ruled) -> list[RawRow]:
    rows: list[RawRow] = []
    pending: list[Line] = []  # text lines not yet attached to a row
    for line in block:
        split = value_split(line)
        if split is None:
            if _unit_line(line) and rows:
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
        return not _rule_between(ruled, prev.bottom, line.top)
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
    for i, line in enumerate(pending):
        if above is None or not (_same_cell_lines(above, line, ruled) or not ruled and _continues(label, line.text)):
            break
        kinds[i], above, label = "continuation", line, f"{label} {line.text}"
    below = nxt.lines[0] if nxt else None
    for i in reversed(range(len(pending))):
        if kinds[i] or below is None or not _same_cell_lines(pending[i], below, ruled):
            break
        kinds[i], below = "prefix", pending[i]
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
        if kinds[i] not in ("continuation", "prefix") or (kinds[i] == "prefix" and nxt is None):
            rows.append(RawRow([line.text], {}, [line], group=True))


def _same_cell_lines(upper: Line, lower: Line, ruled) -> bool:
    if ruled:
        return not _rule_between(ruled, upper.bottom, lower.top)
    return lower.top - upper.bottom < 0.35 * max(lower.bottom - lower.top, 1) and not (
        lower.cells[0].bold and not upper.cells[0].bold)


def _kind(prev: RawRow | None, line: Line, nxt: RawRow | None) -> str:
    """A lone line between rows of an unruled table that is not set tight to either."""
    if line.cells[0].bold and not (nxt and nxt.lines[0].cells[0].bold):
        return "group"
    if prev is not None and _continues(" ".join(prev.label_parts), line.text):
        return "continuation"
    if nxt is not None and not nxt.label_parts:
        return "prefix"
    if prev is None or nxt is None:
        return "group" if nxt is not None else "continuation"
    above, below = line.top - prev.bottom, nxt.top - line.bottom
    if above < 0.75 * below:
        return "continuation"
    return "group"


def _same_cell(line: Line, row: RawRow, ruled) -> bool:
    """No rule (ruled table) or only line spacing (unruled) between a line and a row."""
    if ruled:
        return not _rule_between(ruled, line.bottom, row.top)
    return row.top - line.bottom < 0.35 * max(line.bottom - line.top, 1)


def _continues(label: str, text: str) -> bool:
    """Lexical signs that ``text`` is the rest of ``label`` (lower-case start, open bracket)."""
    return (text[:1].islower() or text[:1] in ")]" or label.endswith(("-", ",", "/", "und", "&"))
            or label.count("(") > label.count(")"))


def _rule_between(ruled, top: float, bottom: float) -> bool:
    return any(top - 1 <= r[2] <= bottom + 1 for r in ruled)
