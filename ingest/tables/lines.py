"""Page words → text lines → cells, per column region of the page.

A two-column page is split at its gutter (an x band in the middle that no line crosses),
so the lines of the left and the right text column are never read as one table row.
Cells are runs of words separated by a gap wider than a few spaces or by a drawn rule.
"""

from __future__ import annotations

from dataclasses import dataclass

from ingest.tables.reader import PageLayout, Word


@dataclass(frozen=True)
class Cell:
    text: str
    x0: float
    x1: float
    bold: bool

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
    """Lines of each column region, top to bottom (one list per region)."""
    words = sorted(layout.words, key=lambda w: (round(w.top), w.x0))
    gutter = _gutter(layout, words)
    if gutter is None:
        return [_lines(words, layout, 0)]
    left = [w for w in words if w.x1 <= gutter]
    right = [w for w in words if w.x0 >= gutter]
    spanning = [w for w in words if w.x0 < gutter < w.x1]
    # Words crossing the gutter (a title over both columns) belong to no table.
    del spanning
    return [_lines(left, layout, 0), _lines(right, layout, 1)]


def _gutter(layout: PageLayout, words: list[Word]) -> float | None:
    """The x of a vertical band in the middle that (almost) no text line crosses, with
    enough lines on both sides of it: the gap between two text columns."""
    rows = [_row_extent(r) for r in _group_rows(words)]
    if len(rows) < 8:
        return None
    best, best_cross = None, None
    for x in range(int(layout.width * 0.3), int(layout.width * 0.7), 2):
        cross = left = right = both = 0
        for lo, hi, spans in rows:
            if any(a < x < b for a, b in spans):
                cross += 1
            elif hi < x:
                left += 1
            elif lo > x:
                right += 1
            else:
                both += 1
        if cross <= max(2, len(rows) // 20) and both + min(left, right) >= len(rows) * 0.4 \
                and left + both >= 4 and right + both >= 4 and (best_cross is None or cross < best_cross):
            best, best_cross = x, cross
    return float(best) if best is not None else None


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
        if ruled or gap > 0.9 * max(prev.height, word.height):
            cells.append([word])
        else:
            cells[-1].append(word)
    return [Cell(" ".join(w.text for w in c), c[0].x0, c[-1].x1, all(w.bold for w in c)) for c in cells]
