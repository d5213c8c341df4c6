"""Page words → text lines → cells, per column region of the page, and the reading order.

A two-column stretch of a page is split at its gutter (an x band in the middle that no line
of the stretch crosses), so the lines of the left and the right text column are never read
as one line; a full-width line (a title, a heading, a wide table) ends the stretch. The
reading order is: stretch by stretch from the top, the left column before the right one.
Cells are runs of words separated by a gap wider than a few spaces or by a drawn rule.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ingest.page.model import PageModel, Word
from ingest.page.values import is_unit_only, is_value, is_year


@dataclass(frozen=True)
class Cell:
    text: str
    x0: float
    x1: float
    bold: bool
    words: tuple[tuple[str, float, float], ...] = ()  # (text, x0, x1) of its words

    @property
    def center(self) -> float:
        return (self.x0 + self.x1) / 2


@dataclass(frozen=True)
class Line:
    page: int
    top: float
    bottom: float
    cells: tuple[Cell, ...]
    region: int  # 0 full width / left column, 1 right column
    size: float = 0.0  # largest font size on the line (0: unknown)

    @property
    def text(self) -> str:
        return " ".join(c.text for c in self.cells)

    @property
    def x0(self) -> float:
        return self.cells[0].x0

    @property
    def x1(self) -> float:
        return self.cells[-1].x1


@dataclass(frozen=True)
class PageLines:
    """A page's lines per column region (for tables) and in reading order (for prose)."""

    model: PageModel
    regions: tuple[tuple[Line, ...], ...]  # region 0: full width and left column; 1: right
    order: tuple[Line, ...]  # every line once, in reading order


def page_lines(layout: PageModel) -> PageLines:
    """The page's lines, grouped into column stretches and put in reading order."""
    words = sorted(layout.words, key=lambda w: (round(w.top), w.x0))
    rows = _group_rows(words)
    breaks = _white_bands(rows)
    gutter, split_rows = _gutter(layout, rows, breaks)
    split = [gutter is not None and i in split_rows and not _full_width_row(row, gutter)
             for i, row in enumerate(rows)]
    if gutter is not None:
        _end_stretches_at_headings(rows, split, gutter, _body_size(words), breaks)
    order: list[Line] = []
    regions: tuple[list[Line], list[Line]] = ([], [])
    full: list[Word] = []
    left: list[Word] = []
    right: list[Word] = []
    for i, (row, in_columns) in enumerate(zip(rows + [[]], split + [False])):
        if (in_columns or not row) and full:
            order += _add(regions[0], _lines(full, layout, 0))
            full = []
        if (not in_columns or not row or i in breaks) and (left or right):
            order += _add(regions[0], _lines(left, layout, 0))
            order += _add(regions[1], _lines(right, layout, 1))
            left, right = [], []
        if in_columns:
            left += [w for w in row if w.center < gutter]
            right += [w for w in row if w.center >= gutter]
        else:
            full += row
    return PageLines(layout, (tuple(regions[0]), tuple(regions[1])), tuple(order))


def _end_stretches_at_headings(rows: list[list[Word]], split: list[bool], gutter: float,
                               body: float, breaks: set[int]) -> None:
    """A heading in the left column below the end of the right column starts what follows
    both columns (a new section set full width), not more of the left column (in place)."""
    i = 0
    while i < len(rows):
        if not split[i]:
            i += 1
            continue
        end = next((j for j in range(i + 1, len(rows)) if not split[j] or j in breaks), len(rows))
        right_bottom = max((w.bottom for row in rows[i:end] for w in row if w.center >= gutter),
                           default=None)
        if right_bottom is not None:
            for j in range(i, end):
                row = rows[j]
                if row[0].top > right_bottom and all(w.center < gutter for w in row) \
                        and _heading(row, body):
                    split[j:end] = [False] * (end - j)
                    break
        i = end


def _body_size(words: list[Word]) -> float:
    sizes = sorted(w.size for w in words if w.size)
    return sizes[len(sizes) // 2] if sizes else 0.0


def _heading(row: list[Word], body: float) -> bool:
    return all(w.bold for w in row) or (body > 0 and min(w.size for w in row) > body + 0.5)


def _add(region: list[Line], lines: list[Line]) -> list[Line]:
    region += lines
    return lines


def _gutter(layout: PageModel, rows: list[list[Word]], breaks: set[int]) -> tuple[float | None, set[int]]:
    """The x of the gap between two text columns, and the rows it splits.

    Two-column stretches are runs of consecutive lines that no text crosses at x, with
    prose on both sides on several of them (table columns are separated by wide gaps, so
    their lines never form long runs of words); a page may mix such stretches with
    full-width ones (headings, a wide table). A band of white space across the whole
    page (both columns ended) ends a stretch too: a borderless table set full width below
    two columns leaves the gutter free but is no part of them."""
    extents = [_row_extent(r) for r in rows]
    if len(extents) < 6:
        return None, set()
    xs = np.arange(int(layout.width * 0.3), int(layout.width * 0.7), 2, dtype=float)
    crossed, prose = _row_flags(extents, xs, 0.18 * layout.width)
    # Every candidate x at once: rows in two-column stretches (runs with prose evidence).
    chosen = np.zeros(len(xs), dtype=int)
    run = np.zeros(len(xs), dtype=int)
    evidence = np.zeros(len(xs), dtype=int)
    for i in range(len(rows) + 1):
        ends = crossed[i] | (i in breaks) if i < len(rows) else np.ones(len(xs), dtype=bool)
        chosen += np.where(ends & (evidence >= 3), run, 0)
        run[ends], evidence[ends] = 0, 0
        if i < len(rows):
            open_ = ~crossed[i]
            run += open_
            evidence += open_ & prose[i]
    if not chosen.max():
        return None, set()
    best = int(np.argmax(chosen))  # the first x splitting the most rows
    return float(xs[best]), _stretch_rows(crossed[:, best], prose[:, best], breaks)


def _row_flags(extents, xs: np.ndarray, long_span: float) -> tuple[np.ndarray, np.ndarray]:
    """Per row and candidate x: does the row's text cross x; does it have a long run of
    text (prose) on both sides of x."""
    crossed = np.zeros((len(extents), len(xs)), dtype=bool)
    prose = np.zeros((len(extents), len(xs)), dtype=bool)
    for i, (_, _, spans) in enumerate(extents):
        for a, b in spans:
            crossed[i] |= (a < xs) & (xs < b)
        long = [(a, b) for a, b in spans if b - a >= long_span]
        if long:
            prose[i] = (xs > min(b for _, b in long)) & (xs < max(a for a, _ in long))
    return crossed, prose


def _stretch_rows(crossed: np.ndarray, prose: np.ndarray, breaks: set[int]) -> set[int]:
    """The rows of the runs with prose on both sides of the gutter on three rows or more."""
    chosen: set[int] = set()
    run: list[int] = []
    evidence = 0
    for i in range(len(crossed) + 1):
        if i == len(crossed) or crossed[i] or i in breaks:
            if evidence >= 3:
                chosen.update(run)
            run, evidence = [], 0
            if i == len(crossed) or crossed[i]:
                continue
        run.append(i)
        evidence += bool(prose[i])
    return chosen


def _white_bands(rows: list[list[Word]]) -> set[int]:
    """Rows above which the whole page is empty for more than 1.6 line heights (wider than
    the gap between paragraphs of a column)."""
    heights = sorted(w.height for r in rows for w in r)  # rows of two columns may be taller
    line = heights[len(heights) // 2] if heights else 0.0
    return {i for i in range(1, len(rows))
            if min(w.top for w in rows[i]) - max(w.bottom for w in rows[i - 1]) > 1.6 * line}


def _full_width_row(row: list[Word], gutter: float) -> bool:
    """A row of a table wider than one text column: values on both sides of the gutter
    (a year alone on the right is the wrapped end of a caption in that column)."""
    left = [w for w in row if w.center < gutter]
    right = [w for w in row if w.center >= gutter]
    # A unit alone on the right ("%") is the last line of a wrapped header in that column,
    # beside prose of the left column that happens to end in a number.
    return bool(left and right) and (is_value(left[-1].text) or is_unit_only(left[-1].text)) and all(
        is_value(w.text) or is_unit_only(w.text) for w in right) and any(_number(w.text) for w in right) \
        and not all(is_year(w.text) for w in right)


def _row_extent(row: list[Word]) -> tuple[float, float, list[tuple[float, float]]]:
    """A line's x extent and the spans its text covers; prose gaps (about a space) count as
    covered, so only a real column gap leaves the line open."""
    spans: list[list[float]] = []
    for word in row:
        if spans and word.x0 - spans[-1][1] < 0.5 * word.height:
            spans[-1][1] = max(spans[-1][1], word.x1 + 1)
        else:
            spans.append([word.x0 - 1, word.x1 + 1])
    return row[0].x0, max(w.x1 for w in row), [(a, b) for a, b in spans]


def _group_rows(words: list[Word]) -> list[list[Word]]:
    """Words sharing a baseline band (vertical overlap of more than half their height)."""
    rows: list[list[Word]] = []
    top = bottom = 0.0  # of the last row
    for word in sorted(words, key=lambda w: (w.top, w.x0)):
        overlap = min(bottom, word.bottom) - max(top, word.top)
        if rows and overlap > 0.5 * min(word.height, bottom - top):
            rows[-1].append(word)
            top, bottom = min(top, word.top), max(bottom, word.bottom)
            continue
        rows.append([word])
        top, bottom = word.top, word.bottom
    return [sorted(r, key=lambda w: w.x0) for r in rows]


def _lines(words: list[Word], layout: PageModel, region: int) -> list[Line]:
    lines = []
    for row in _group_rows(words):
        top, bottom = min(w.top for w in row), max(w.bottom for w in row)
        lines.append(Line(layout.number, top, bottom, tuple(_cells(row, layout, top, bottom)), region,
                          max(w.size for w in row)))
    return lines


def _number(text: str) -> bool:
    return is_value(text) and any(c.isdigit() for c in text)


def _cells(row: list[Word], layout: PageModel, top: float, bottom: float) -> list[Cell]:
    cells: list[list[Word]] = [[row[0]]]
    for prev, word in zip(row, row[1:]):
        gap = word.x0 - prev.x1
        ruled = any(prev.x1 - 1 <= x <= word.x0 + 1 and t <= bottom and b >= top
                    for x, t, b in layout.vrules)
        # Two numbers side by side are two cells even when a narrow table sets them
        # closer than a column gap ("669 -47,1 %"): German numbers hold no spaces. A signed
        # number may even overlap its neighbour (a bold total overflowing its narrow cell).
        numbers = _number(prev.text) and _number(word.text) and (gap > 0 or word.text[0] in "+-−")
        if ruled or numbers or gap > 0.6 * max(prev.height, word.height):
            cells.append([word])
        else:
            cells[-1].append(word)
    return [Cell(" ".join(w.text for w in c), c[0].x0, c[-1].x1, all(w.bold for w in c),
                 tuple((w.text, w.x0, w.x1) for w in c)) for c in cells]
