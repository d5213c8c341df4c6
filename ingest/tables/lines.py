"""Page words → text lines → cells, per column region of the page.

A two-column page is split at its gutter (an x band in the middle that no line crosses),
so the lines of the left and the right text column are never read as one table row.
Cells are runs of words separated by a gap wider than a few spaces or by a drawn rule.
"""

from __future__ import annotations

from dataclasses import dataclass

from ingest.tables.reader import PageLayout, Word
from ingest.tables.values import is_unit_only, is_value


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

    @property
    def text(self) -> str:
        return " ".join(c.text for c in self.cells)

    @property
    def x0(self) -> float:
        return self.cells[0].x0

    @property
    def x1(self) -> float:
        return self.cells[-1].x1


def page_lines(layout: PageLayout) -> list[list[Line]]:
    """Lines of each column region, top to bottom: region 0 holds the full-width lines and
    the left text column, region 1 the right text column (if the page has two)."""
    words = sorted(layout.words, key=lambda w: (round(w.top), w.x0))
    rows = _group_rows(words)
    gutter, split_rows = _gutter(layout, rows)
    if gutter is None:
        return [_lines(words, layout, 0)]
    left: list[Word] = []
    right: list[Word] = []
    for i, row in enumerate(rows):
        if i in split_rows and not _full_width_row(row, gutter):
            left += [w for w in row if w.center < gutter]
            right += [w for w in row if w.center >= gutter]
        else:
            left += row
    return [_lines(left, layout, 0), _lines(right, layout, 1)]


def _gutter(layout: PageLayout, rows: list[list[Word]]) -> tuple[float | None, set[int]]:
    """The x of the gap between two text columns, and the rows it splits.

    Two-column stretches are runs of consecutive lines that no text crosses at x, with
    prose on both sides on several of them (table columns are separated by wide gaps, so
    their lines never form long runs of words); a page may mix such stretches with
    full-width ones (headings, a wide table)."""
    extents = [_row_extent(r) for r in rows]
    if len(extents) < 6:
        return None, set()
    long_span = 0.18 * layout.width
    best: tuple[int, float | None, set[int]] = (0, None, set())
    for x in range(int(layout.width * 0.3), int(layout.width * 0.7), 2):
        chosen: set[int] = set()
        run: list[int] = []
        evidence = 0
        for i, (lo, hi, spans) in enumerate(extents + [(0.0, float(layout.width), [(0.0, float(x) + 1)])]):
            if any(a < x < b for a, b in spans):
                if evidence >= 3:
                    chosen.update(run)
                run, evidence = [], 0
                continue
            run.append(i)
            evidence += _prose(spans, x, long_span)
        if len(chosen) > best[0]:
            best = (len(chosen), float(x), chosen)
    return best[1], best[2]


def _full_width_row(row: list[Word], gutter: float) -> bool:
    """A row of a table wider than one text column: values on both sides of the gutter."""
    left = [w for w in row if w.center < gutter]
    right = [w for w in row if w.center >= gutter]
    return bool(left and right) and (is_value(left[-1].text) or is_unit_only(left[-1].text)) and all(
        is_value(w.text) or is_unit_only(w.text) for w in right)


def _prose(spans: list[tuple[float, float]], x: float, long_span: float) -> bool:
    return any(b - a >= long_span for a, b in spans if b < x) and \
        any(b - a >= long_span for a, b in spans if a > x)


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
    for word in sorted(words, key=lambda w: (w.top, w.x0)):
        if rows:
            last = rows[-1]
            top, bottom = min(w.top for w in last), max(w.bottom for w in last)
            overlap = min(bottom, word.bottom) - max(top, word.top)
            if overlap > 0.5 * min(word.height, bottom - top):
                last.append(word)
                continue
        rows.append([word])
    return [sorted(r, key=lambda w: w.x0) for r in rows]


def _lines(words: list[Word], layout: PageLayout, region: int) -> list[Line]:
    lines = []
    for row in _group_rows(words):
        top, bottom = min(w.top for w in row), max(w.bottom for w in row)
        lines.append(Line(layout.number, top, bottom, tuple(_cells(row, layout, top, bottom)), region))
    return lines


def _cells(row: list[Word], layout: PageLayout, top: float, bottom: float) -> list[Cell]:
    cells: list[list[Word]] = [[row[0]]]
    for prev, word in zip(row, row[1:]):
        gap = word.x0 - prev.x1
        ruled = any(prev.x1 - 1 <= x <= word.x0 + 1 and t <= bottom and b >= top
                    for x, t, b in layout.vrules)
        if ruled or gap > 0.6 * max(prev.height, word.height):
            cells.append([word])
        else:
            cells[-1].append(word)
    return [Cell(" ".join(w.text for w in c), c[0].x0, c[-1].x1, all(w.bold for w in c),
                 tuple((w.text, w.x0, w.x1) for w in c)) for c in cells]
