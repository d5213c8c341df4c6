"""Place a table in the flow: column widths, caption, where it splits; then turn what was
drawn into the ground truth (pages per row, wrapped lines, layout features)."""

from __future__ import annotations

import random
from typing import Callable

from .content import TableSpec
from .draw import Flow
from .numbers import NONE, UNICODE_MINUS
from .table_draw import PAD, Geometry, Grid, draw_table, measure, table_height
from .truth import TruthColumn, TruthRow, TruthTable

Filler = Callable[[float], bool]  # writes a paragraph if it fits above `reserve` mm
SOURCE_NOTE = "Quelle: Statistik der Bundesagentur für Arbeit, eigene Planung des Jobcenters"


def _value_widths(flow: Flow, spec: TableSpec, size: float, room: float,
                  rng: random.Random) -> list[float]:
    """Wide enough for every number; narrow value columns make the headers wrap."""
    widths = []
    for index, column in enumerate(spec.columns):
        numbers = max(flow.pdf.width_of(r.cells[index], size, True) for r in spec.rows
                      if r.cells) + 2 * PAD + 1
        if spec.layout.narrow_values:
            wanted = rng.uniform(13, 17)
        else:
            wanted = min(flow.pdf.width_of(column.printed, size, True) + 2 * PAD + 1, 34)
        widths.append(max(numbers, wanted))
    if sum(widths) > room:  # too wide: shrink towards the number widths
        widths = [max(w * room / sum(widths), 12.0) for w in widths]
    return widths


def _grid(flow: Flow, spec: TableSpec, rng: random.Random, two_column: bool) -> Grid:
    size = 8.0 if two_column else rng.choice((8.5, 9.0, 9.5))
    min_label = max(flow.pdf.width_of(word, size, True) for r in spec.rows
                    for word in r.label.split()) + 2 * PAD + 0.5
    if two_column:
        label = max(min_label, rng.uniform(32, 38))
        rest = (flow.width - label) / len(spec.columns)
        return Grid(size, [label] + [rest] * len(spec.columns), "none",
                    spec.layout.valign_middle)
    values = _value_widths(flow, spec, size, flow.width - 45, rng)
    room = flow.width - sum(values)
    longest = max(flow.pdf.width_of(r.label, size, True) for r in spec.rows) + 2 * PAD + 2
    label = rng.uniform(40, 55) if spec.layout.narrow_labels else longest
    if spec.layout.caption_in_header:  # the caption on one line beside the headers
        label = max(label, flow.pdf.width_of(spec.label_header, size, True) + 2 * PAD + 1)
    label = max(min_label, min(label, room))
    rules = spec.layout.rules if spec.layout.ruled else "none"
    return Grid(size, [label] + values, rules, spec.layout.valign_middle, spec.layout.shaded)


def place_table(flow: Flow, rng: random.Random, spec: TableSpec, two_column: bool,
                filler: Filler | None = None) -> TruthTable:
    """Caption and table at the flow position. A split table starts low on a page (filler
    prose above it) and breaks after a random number of rows; other tables start on a new
    page unless they fit whole."""
    grid = _grid(flow, spec, rng, two_column)
    header, row_lines = measure(flow, spec, grid)
    caption_bold = not spec.caption.endswith(":")
    in_header = spec.layout.caption_in_header
    caption_h = 0.0 if in_header else flow.text_height(spec.caption, 10, caption_bold) + 2
    split = spec.layout.split != "none" and len(spec.rows) >= 3
    count = len(spec.rows)
    break_after = (rng.randint(2, count - 2) if count >= 5 else rng.randint(1, count - 1)) \
        if split else None
    need = caption_h + table_height(grid, header, row_lines, break_after)
    if split and filler is not None:
        flow.ensure(need)
        while flow.space_left() - need > 15 and filler(need):
            pass
    if in_header:
        flow.ensure(need)
        flow.y += 2
    else:
        flow.paragraph(spec.caption, 10, caption_bold, gap=2, keep=need - caption_h)
    geometry = draw_table(flow, spec, grid, break_after, spec.layout.split == "repeat")
    if spec.layout.source_note:  # a note under the table that is not a row of it
        flow.paragraph(SOURCE_NOTE, 8, gap=3)
    return _truth(spec, geometry, grid, two_column)


def _truth(spec: TableSpec, geometry: Geometry, grid: Grid, two_column: bool) -> TruthTable:
    columns = tuple(TruthColumn(c.header, c.role, c.period, c.unit, tuple(lines))
                    for c, lines in zip(spec.columns, geometry.header_lines))
    rows = tuple(TruthRow(r.label, r.group, r.values, r.cells, page, r.is_total, tuple(lines))
                 for r, page, lines in zip(spec.rows, geometry.row_pages, geometry.row_lines)
                 if not r.is_group)
    groups = tuple((r.label, page) for r, page in zip(spec.rows, geometry.row_pages)
                   if r.is_group)
    pages = tuple(sorted(set(geometry.header_pages) | set(geometry.row_pages)))
    return TruthTable(spec.caption, spec.kind, spec.label_header, columns, rows, pages,
                      _features(spec, geometry, grid, two_column, pages), groups)


def _features(spec: TableSpec, geometry: Geometry, grid: Grid, two_column: bool,
              pages: tuple[int, ...]) -> frozenset[str]:
    """The layout features this table really shows (as drawn, not as asked for)."""
    layout = spec.layout
    cells = [c for r in spec.rows for c in r.cells]
    found = {spec.kind, {"grid": "ruled", "none": "borderless"}.get(grid.rules,
                                                                    f"rules_{grid.rules}")}
    if grid.shaded:
        found.add("shaded")
    if spec.kind == "targets":
        found |= {"target_first"} if layout.plan_first else set()
        found |= {"year_first_header"} if layout.year_first else set()
        found |= {"middle_forecast"} if layout.middle_forecast else set()
    else:
        found |= {"plan_first" if layout.plan_first else "previous_first",
                  f"previous_{layout.previous}", f"plan_word_{layout.plan_word.lower()}"}
    found |= {f"column_{c.role}" for c in spec.columns if c.role.startswith(("change", "share"))}
    if two_column:
        found.add("two_column")
    if len(pages) > 1:
        found.add("split_repeat" if len(geometry.header_pages) > 1 else "split_no_repeat")
    if set(geometry.header_pages) - set(geometry.row_pages):
        found.add("header_alone")  # the header ends a page, its rows start the next one
    if any(r.is_group and page != geometry.row_pages[i - 1]
           for i, (r, page) in enumerate(zip(spec.rows, geometry.row_pages)) if i):
        found.add("group_opens_page")  # a category row is the first row of a page
    if geometry.overflow:
        found.add("value_overflow")
    if any(len(lines) > 1 for lines in geometry.row_lines):
        found.add("multiline_label")
        if layout.valign_middle:
            found.add("valign_middle")
    if any(len(lines) > 1 for lines in geometry.header_lines):
        found.add("multiline_header")
    if any(" ".join(lines) != c.header for lines, c in zip(geometry.header_lines, spec.columns)):
        found.add("header_word_broken")
        if any(line.endswith("-") and line[-2:-1].isalpha() and "-" not in c.header
               for lines, c in zip(geometry.header_lines, spec.columns) for line in lines):
            found.add("header_word_hyphenated")
    if layout.source_note:
        found.add("source_note")
    if layout.caption_in_header:
        found.add("caption_in_header")
    if any(c.span for c in spec.columns):
        found.add("spanning_header")
    if any(r.is_group for r in spec.rows):
        found.add("groups")
    if any(r.is_total for r in spec.rows):
        found.add("total_first" if layout.total_first else "total_last")
    if spec.kind == "budget":
        found |= {f"unit_{layout.unit}", f"unit_in_{layout.unit_place}"}
        if layout.unit_symbol:
            found.add("unit_other_symbol")
    found |= {name for name, hit in (("unicode_minus", any(UNICODE_MINUS in c for c in cells)),
                                     ("plus_sign", any(c.startswith("+") for c in cells)),
                                     ("percent_sign", any(c.endswith("%") for c in cells)),
                                     ("none_cell", NONE in cells)) if hit}
    return frozenset(found)

