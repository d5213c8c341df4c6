"""A table's header, read upward from its first data row, and its caption.

In a ruled table the header is everything between the grid's top rule and the first row;
without rules, lines count as header while their cells sit in the value columns. Header
cells are assigned to bands: a cell centred over sub-headers heads each of their columns,
headers merely set close together are split at their widest gaps.
"""

from __future__ import annotations

from ingest.tables.bands import all_years, band_of, bands_hit, value_split
from ingest.page.lines import Cell, Line

_MAX_HEADER_LINES = 8  # narrow columns wrap a header over many lines


def read_header(lines: list[Line], start: int, bands, ruled, label_right: float
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
        above_line = lines[j - 1] if j > 0 else None
        if top_rule is None and not _header_like(line, below, bands, chosen, label_right, above_line):
            break
        chosen.append(line)
        j -= 1
    groups = _leading_groups(chosen, bands, label_right)
    chosen = chosen[len(groups):]
    header: dict[int, list[str]] = {}
    ordered = list(reversed(chosen))
    spans_above: list[tuple[Cell, list[int]]] = []  # spanning cells of the line above
    for n, line in enumerate(ordered):
        if _column_numbers(line):
            continue
        spans_here: list[tuple[Cell, list[int]]] = []
        for cell in line.cells:
            # A lower line of a wrapped spanning cell spans the same columns.
            over = next((ks for upper, ks in spans_above if _wrapped_below(upper, [cell])), None) \
                or _span_below(cell, ordered[n + 1:], bands, label_right)
            if over:
                spans_here.append((cell, over))
            parts = [(k, cell.text) for k in over] or _header_parts(cell, bands, bool(ruled), label_right)
            for k, text in parts:
                header.setdefault(-1 if k is None else k, []).append(text)
        spans_above = spans_here
    return header, j + 1, groups


def _spanned(cell: Cell, below: Line, bands, label_right: float, wrapped: bool = False
             ) -> list[int] | None:
    """Bands a header cell is centred over together: "Veränderung" above "absolut" | "in %"
    (judged on the next header line with cells under it; None: no cell under it here)."""
    under = [c for c in below.cells if c.x0 >= label_right - 2
             and min(c.x1, cell.x1 + 10) - max(c.x0, cell.x0 - 10) > 0]
    if not under:
        return None
    if _wrapped_below(cell, under):
        return None  # the same centred cell wrapped ("Differenz zum" / "Vorjahr"): look lower
    ks = sorted({k for c in under if (k := band_of(c, bands)) is not None})
    if len(ks) < 2 or len(ks) != len(under):
        return []
    if wrapped and any(min(c.x1, cell.x1 + 3) - max(c.x0, cell.x0 - 3) <= 0 for c in under):
        return []  # below a wrapped cell: a neighbour's wrapped header near it, not under it
    lo, hi = min(c.x0 for c in under), max(c.x1 for c in under)
    return ks if abs(cell.center - (lo + hi) / 2) < 0.15 * (hi - lo) else []


def _span_below(cell: Cell, lower_lines: list[Line], bands, label_right: float) -> list[int]:
    """The bands a header cell spans, judged on the first lower header line with cells
    under it that do not merely continue the cell itself."""
    wrapped = False
    for lower in lower_lines:
        found = _spanned(cell, lower, bands, label_right, wrapped)
        if found is not None:
            return found
        wrapped = wrapped or any(_wrapped_below(cell, [c]) for c in lower.cells)
    return []


def _wrapped_below(cell: Cell, under: list[Cell]) -> bool:
    """The one cell centred under ``cell`` within its width continues it: the next line of
    the same centred header cell."""
    inside = [c for c in under if cell.x0 <= c.center <= cell.x1]
    return len(inside) == 1 and abs(inside[0].center - cell.center) < 3 and \
        inside[0].x1 - inside[0].x0 <= cell.x1 - cell.x0 + 2


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
    hit = bands_hit(cell, bands) or touched
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
    return (value_split(line) is not None and not all_years(line)) or any(
        c.x0 < label_right - 2 and c.x1 > first + 2 for c in line.cells)


def _header_like(line: Line, below: Line, bands, chosen: list[Line], label_right: float,
                 above: Line | None = None) -> bool:
    """An unruled line above a table is header when its cells sit in the columns; a cell
    reaching from the label column into a value column is a caption or prose."""
    if below.top - line.bottom > 1.6 * max(line.bottom - line.top, 1):
        return False
    if _data_or_prose(line, bands, label_right):
        return False
    banded = any(band_of(c, bands) is not None for c in line.cells)
    # A label-only line is a category row only below the header, never above it; but it
    # may continue the label column's header cell of the line above ("Übersicht Budget
    # 2025 (Angaben in" / "Euro)" beside the column headers).
    return banded or not any(any(band_of(c, bands) is not None for c in l.cells) for l in chosen) \
        or _continues_label_header(above, line, bands, label_right)


def _continues_label_header(above: Line | None, line: Line, bands, label_right: float) -> bool:
    if above is None or line.top - above.bottom > 0.35 * max(line.bottom - line.top, 1):
        return False
    first = above.cells[0]
    return (len(above.cells) > 1 and first.x0 < label_right - 2 and first.bold == line.cells[0].bold
            and not _data_or_prose(above, bands, label_right)
            and any(band_of(c, bands) is not None for c in above.cells[1:]))


def _column_numbers(line: Line) -> bool:
    """A header line that only numbers the columns ("1 2 3 4")."""
    numbers = [c.text.split()[-1] for c in line.cells]
    return len(numbers) > 1 and numbers == [str(n) for n in range(1, len(numbers) + 1)]


def _leading_groups(chosen: list[Line], bands, label_right: float) -> list[Line]:
    """Label-only lines between the header (if any) and the first data row: category rows,
    or the first label's upper lines (decided by the caller). A header cell centred in a
    value column may still end left of that page's narrower values ("TEUR")."""
    n = 0
    while n < len(chosen) and all(band_of(c, bands) is None and c.x0 < label_right - 2
                                  for c in chosen[n].cells):
        if n + 1 < len(chosen) and _continues_label_header(chosen[n + 1], chosen[n], bands, label_right):
            break  # the last line of a caption wrapped in the label column's header cell
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


def caption_blocks(lines: list[Line], header_start: int, first: Line) -> list[list[Line]]:
    """The blocks just above the header (caption, unit note, introducing sentence), at most
    four lines, top to bottom; the lines of one block (a caption wrapped in a narrow
    column: "Geplante Eintritte nach Instrumenten" / "2022") stay together."""
    picked: list[Line] = []
    below = lines[header_start] if header_start < len(lines) else first
    for j in range(header_start - 1, max(-1, header_start - 5), -1):
        line = lines[j]
        if below.top - line.bottom > 4 * max(line.bottom - line.top, 1):
            break
        picked.insert(0, line)
        below = line
    blocks: list[list[Line]] = []
    for line in picked:
        if blocks and _same_block(blocks[-1][-1], line):
            blocks[-1].append(line)
        else:
            blocks.append([line])
    return blocks


def lead_in(blocks: list[list[Line]]) -> list[Line]:
    """The block right above a table when it introduces it ("… verteilen sich wie folgt:"):
    without its table it means nothing, so it goes with the table, out of the prose."""
    return blocks[-1] if blocks and block_text(blocks[-1]).rstrip().endswith(":") else []


def _same_block(above: Line, line: Line) -> bool:
    """Set tightly in the same style: wrapped lines of one caption or sentence."""
    height = max(1.0, min(above.bottom - above.top, line.bottom - line.top))
    return (line.top - above.bottom <= 0.6 * height and above.size == line.size
            and all(c.bold for c in above.cells) == all(c.bold for c in line.cells))


def block_text(block: list[Line]) -> str:
    """A block's lines as one string; a word hyphenated at a line end joined."""
    text = block[0].text
    for line in block[1:]:
        hyphen = text.endswith("-") and line.text[:1].islower()
        text = text[:-1] + line.text if hyphen else f"{text} {line.text}"
    return text
