"""Drawing a table cell by cell: every cell border ("grid"), a line under each row ("rows"),
only top/header/bottom rules ("booktabs") or no lines at all; optionally a shaded header and
zebra rows; wrapped headers and labels, page breaks with or without a repeated header."""

from __future__ import annotations

from dataclasses import dataclass, field

from .content import RowSpec, TableSpec
from .draw import PAGE_BOTTOM, Flow, line_height, wrap

PAD = 1.2  # mm inside a cell


@dataclass
class Geometry:
    """Where the drawn table ended up: wrapped lines and the page of every row."""

    header_lines: list[list[str]]  # per value column
    row_lines: list[list[str]]  # label lines per spec row (category rows included)
    row_pages: list[int]
    header_pages: list[int] = field(default_factory=list)  # pages with a printed header
    overflow: bool = False  # a value wider than its cell, printed into the cell on its left


@dataclass
class Grid:
    size: float
    widths: list[float]  # label column first
    rules: str  # "grid", "rows", "booktabs" or "none"
    valign_middle: bool
    shaded: bool = False  # grey header, every second row light grey

    @property
    def ruled(self) -> bool:
        return self.rules == "grid"

    @property
    def step(self) -> float:
        return line_height(self.size)

    def height(self, lines: int) -> float:
        return max(1, lines) * self.step + 2 * PAD

    def baseline(self, top: float, index: int) -> float:
        return top + PAD + index * self.step + self.step * 0.78


@dataclass
class Header:
    """Wrapped header text: each column's own cell (label column first) and cells spanning
    several value columns ("Veränderung zum Vorjahr" over "absolut" | "in %")."""

    own: list[list[str]]
    spans: dict[int, tuple[int, list[str]]]  # first grid column -> (last grid column, lines)

    def spanned(self, column: int) -> list[str]:
        """The spanning cell's lines above ``column`` ([] if none)."""
        return next((lines for first, (last, lines) in self.spans.items()
                     if first <= column <= last), [])

    def span_height(self, grid: Grid) -> float:
        return max((grid.height(len(lines)) for _, lines in self.spans.values()), default=0.0)

    def height(self, grid: Grid) -> float:
        below = [grid.height(len(lines)) + (self.span_height(grid) if self.spanned(i) else 0)
                 for i, lines in enumerate(self.own)]
        return max(below)


def _fill(flow: Flow, grid: Grid, height: float, grey: int) -> None:
    """A grey band behind the next ``height`` mm of the table (drawn before its text)."""
    flow.pdf.set_fill_color(grey)
    flow.pdf.rect(flow.x, flow.y, sum(grid.widths), height, style="F")


def _rule(flow: Flow, grid: Grid, y: float, thick: bool = False) -> None:
    flow.pdf.set_line_width(0.6 if thick else 0.25)
    flow.pdf.line(flow.x, y, flow.x + sum(grid.widths), y)
    flow.pdf.set_line_width(0.25)


def _draw_header(flow: Flow, grid: Grid, header: Header) -> None:
    height, span_height = header.height(grid), header.span_height(grid)
    if grid.shaded:
        _fill(flow, grid, height, 215)
    if grid.rules in ("rows", "booktabs"):
        _rule(flow, grid, flow.y, thick=grid.rules == "booktabs")
        _rule(flow, grid, flow.y + height)
    x = flow.x
    for column, (lines, width) in enumerate(zip(header.own, grid.widths)):
        top = flow.y
        if column in header.spans:  # the spanning cell, drawn before its first sub-header
            last, span_lines = header.spans[column]
            _header_cell(flow, grid, x, top, sum(grid.widths[column:last + 1]), span_height,
                         span_lines, True)
        if header.spanned(column):
            top += span_height
        _header_cell(flow, grid, x, top, width, flow.y + height - top, lines, column > 0)
        x += width
    flow.y += height


def _header_cell(flow: Flow, grid: Grid, x: float, top: float, width: float, height: float,
                 lines: list[str], centred: bool) -> None:
    if grid.ruled:
        flow.pdf.rect(x, top, width, height)
    for index, line in enumerate(lines):
        offset = (width - flow.pdf.width_of(line, grid.size, True)) / 2 if centred else PAD
        flow.pdf.put(x + offset, grid.baseline(top, index), line, grid.size, True)


def _draw_row(flow: Flow, grid: Grid, row: RowSpec, lines: list[str], zebra: bool) -> bool:
    """Draws one row; True when a value did not fit its cell (right-aligned, it reaches
    into the cell on its left, as when a bold total is wider than a narrow column)."""
    height = grid.height(len(lines))
    bold = row.is_group or row.is_total
    if zebra:
        _fill(flow, grid, height, 238)
    if grid.rules == "rows":
        _rule(flow, grid, flow.y + height)
    x = flow.x
    for index, line in enumerate(lines):
        flow.pdf.put(x + PAD, grid.baseline(flow.y, index), line, grid.size, bold)
    number_line = (len(lines) - 1) / 2 if grid.valign_middle else 0
    cells = row.cells or ("",) * (len(grid.widths) - 1)
    overflow = False
    for column, width in enumerate(grid.widths):
        if grid.ruled:
            flow.pdf.rect(x, flow.y, width, height)
        if column > 0 and cells[column - 1]:
            text = cells[column - 1]
            right = x + width - PAD - flow.pdf.width_of(text, grid.size, bold)
            overflow = overflow or right < x
            flow.pdf.put(right, grid.baseline(flow.y, number_line), text, grid.size, bold)
        x += width
    flow.y += height
    return overflow


def measure(flow: Flow, spec: TableSpec, grid: Grid) -> tuple[Header, list[list[str]]]:
    """Wrapped header cells and wrapped row labels."""
    texts = [spec.label_header] + [c.printed for c in spec.columns]
    own = [wrap(flow.pdf, text, width - 2 * PAD, grid.size, True, spec.layout.hyphenate)
           if text else [] for text, width in zip(texts, grid.widths)]
    spans: dict[int, tuple[int, list[str]]] = {}
    for index, column in enumerate(spec.columns, start=1):  # index: the column in the grid
        previous = spec.columns[index - 2].span if index > 1 else ""
        if not column.span or column.span == previous:
            continue
        last = index
        while last < len(spec.columns) and spec.columns[last].span == column.span:
            last += 1
        width = sum(grid.widths[index:last + 1])
        spans[index] = (last, wrap(flow.pdf, column.span, width - 2 * PAD, grid.size, True))
    row_lines = [wrap(flow.pdf, r.label, grid.widths[0] - 2 * PAD, grid.size,
                      r.is_group or r.is_total) for r in spec.rows]
    return Header(own, spans), row_lines


def table_height(grid: Grid, header: Header, row_lines: list[list[str]],
                 rows: int | None = None) -> float:
    """Height of the header plus the first ``rows`` rows (all rows by default)."""
    chosen = row_lines if rows is None else row_lines[:rows]
    return header.height(grid) + sum(grid.height(len(r)) for r in chosen)


def draw_table(flow: Flow, spec: TableSpec, grid: Grid, break_after: int | None,
               repeat_header: bool) -> Geometry:
    """Draw from ``flow.y``; a new page starts when a row does not fit or after
    ``break_after`` rows (a forced split)."""
    header, row_lines = measure(flow, spec, grid)
    header_lines = [header.spanned(i) + own for i, own in enumerate(header.own)]
    geometry = Geometry(header_lines[1:], row_lines, [], [flow.page])
    _draw_header(flow, grid, header)
    for index, (row, lines) in enumerate(zip(spec.rows, row_lines)):
        forced = break_after is not None and index == break_after
        if forced or flow.y + grid.height(len(lines)) > PAGE_BOTTOM:
            _end_of_part(flow, grid)
            flow.new_page()
            if repeat_header:
                _draw_header(flow, grid, header)
                geometry.header_pages.append(flow.page)
        if _draw_row(flow, grid, row, lines, grid.shaded and index % 2 == 1):
            geometry.overflow = True
        geometry.row_pages.append(flow.page)
    _end_of_part(flow, grid)
    flow.y += 4
    return geometry


def _end_of_part(flow: Flow, grid: Grid) -> None:
    """The bottom rule of a booktabs table (on every page it covers)."""
    if grid.rules == "booktabs":
        _rule(flow, grid, flow.y, thick=True)
