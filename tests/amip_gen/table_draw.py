"""Drawing a table cell by cell: ruled (every cell border) or borderless (aligned text only),
wrapped headers and labels, page breaks with or without a repeated header."""

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


@dataclass
class Grid:
    size: float
    widths: list[float]  # label column first
    ruled: bool
    valign_middle: bool

    @property
    def step(self) -> float:
        return line_height(self.size)

    def height(self, lines: int) -> float:
        return max(1, lines) * self.step + 2 * PAD

    def baseline(self, top: float, index: int) -> float:
        return top + PAD + index * self.step + self.step * 0.78


def _draw_header(flow: Flow, grid: Grid, cells: list[list[str]]) -> None:
    height = grid.height(max(len(lines) for lines in cells))
    x = flow.x
    for column, (lines, width) in enumerate(zip(cells, grid.widths)):
        if grid.ruled:
            flow.pdf.rect(x, flow.y, width, height)
        for index, line in enumerate(lines):
            offset = PAD if column == 0 else (width - flow.pdf.width_of(line, grid.size, True)) / 2
            flow.pdf.put(x + offset, grid.baseline(flow.y, index), line, grid.size, True)
        x += width
    flow.y += height


def _draw_row(flow: Flow, grid: Grid, row: RowSpec, lines: list[str]) -> None:
    height = grid.height(len(lines))
    bold = row.is_group or row.is_total
    x = flow.x
    for index, line in enumerate(lines):
        flow.pdf.put(x + PAD, grid.baseline(flow.y, index), line, grid.size, bold)
    number_line = (len(lines) - 1) / 2 if grid.valign_middle else 0
    cells = row.cells or ("",) * (len(grid.widths) - 1)
    for column, width in enumerate(grid.widths):
        if grid.ruled:
            flow.pdf.rect(x, flow.y, width, height)
        if column > 0 and cells[column - 1]:
            text = cells[column - 1]
            right = x + width - PAD - flow.pdf.width_of(text, grid.size, bold)
            flow.pdf.put(right, grid.baseline(flow.y, number_line), text, grid.size, bold)
        x += width
    flow.y += height


def measure(flow: Flow, spec: TableSpec, grid: Grid) -> tuple[list[list[str]], list[list[str]]]:
    """Wrapped header cells (label header first) and wrapped row labels."""
    headers = [spec.label_header] + [c.header for c in spec.columns]
    header_cells = [wrap(flow.pdf, h, w - 2 * PAD, grid.size, True) if h else []
                    for h, w in zip(headers, grid.widths)]
    row_lines = [wrap(flow.pdf, r.label, grid.widths[0] - 2 * PAD, grid.size,
                      r.is_group or r.is_total) for r in spec.rows]
    return header_cells, row_lines


def table_height(grid: Grid, header_cells: list[list[str]], row_lines: list[list[str]],
                 rows: int | None = None) -> float:
    """Height of the header plus the first ``rows`` rows (all rows by default)."""
    chosen = row_lines if rows is None else row_lines[:rows]
    return grid.height(max(len(c) for c in header_cells)) + sum(grid.height(len(r))
                                                                 for r in chosen)


def draw_table(flow: Flow, spec: TableSpec, grid: Grid, break_after: int | None,
               repeat_header: bool) -> Geometry:
    """Draw from ``flow.y``; a new page starts when a row does not fit or after
    ``break_after`` rows (a forced split)."""
    header_cells, row_lines = measure(flow, spec, grid)
    geometry = Geometry([c for c in header_cells[1:]], row_lines, [], [flow.page])
    _draw_header(flow, grid, header_cells)
    for index, (row, lines) in enumerate(zip(spec.rows, row_lines)):
        forced = break_after is not None and index == break_after
        if forced or flow.y + grid.height(len(lines)) > PAGE_BOTTOM:
            flow.new_page()
            if repeat_header:
                _draw_header(flow, grid, header_cells)
                geometry.header_pages.append(flow.page)
        _draw_row(flow, grid, row, lines)
        geometry.row_pages.append(flow.page)
    flow.y += 4
    return geometry
