"""Lines that end in values, and the value columns (bands) of a block of such lines.

A data row is a line ending in value cells; a band is an x interval where value cells of
different rows overlap, i.e. one value column of the table.
"""

from __future__ import annotations

from ingest.page.lines import Cell, Line
from ingest.page.values import is_unit_only, is_value, is_year


def value_split(line: Line) -> int | None:
    """Index of the first of the trailing value cells, None when the line has none."""
    i = len(line.cells)
    while i > 0 and (is_value(line.cells[i - 1].text) or is_unit_only(line.cells[i - 1].text)):
        i -= 1
    if i == len(line.cells) or all(is_unit_only(c.text) for c in line.cells[i:]):
        return None
    return i


def all_years(line: Line) -> bool:
    """Its values are only years (a header row "2023 | 2024", units aside)."""
    split = value_split(line)
    values = [c for c in line.cells[split:] if not is_unit_only(c.text)] if split is not None else []
    return bool(values) and all(is_year(c.text) for c in values)


def unit_line(line: Line) -> bool:
    return all(is_unit_only(c.text) for c in line.cells)


def column_bands(data: list[Line]) -> list[tuple[float, float]]:
    """Value column bands: x intervals where value cells of different rows overlap. Two
    values of one row never share a band, even when one overflows into its neighbour's
    cell (a bold total "3.449−11,9 %" in narrow columns)."""
    spans = sorted((c.x0, c.x1, n, is_unit_only(c.text)) for n, line in enumerate(data)
                   for c in line.cells[value_split(line):])
    bands: list[list[float]] = []
    rows: list[set[int]] = []  # per band: the rows with a value in it
    for x0, x1, n, unit in spans:
        # Spans merely touching are neighbouring columns ("97" | "−10,2 %" overflowing
        # its narrow cell), rows of one column overlap.
        if bands and x0 <= bands[-1][1] + 0.25 and (unit or n not in rows[-1]):
            bands[-1][1] = max(bands[-1][1], x1)
        else:
            bands.append([x0, x1])
            rows.append(set())
        if not unit:
            rows[-1].add(n)
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


def bands_hit(cell: Cell, bands: list[tuple[float, float]]) -> list[int]:
    """The value columns a cell covers a good part of."""
    return [k for k, b in enumerate(bands) if min(cell.x1, b[1]) - max(cell.x0, b[0]) > 0.3 * (b[1] - b[0])]
