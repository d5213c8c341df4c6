"""Tables on one column region of a page: data rows, their value columns, header and groups.

A data row is a line ending in value cells. Consecutive data rows — with category rows,
wrapped labels and wrapped units between them — form a block. The block's value columns
are the x bands where its value cells overlap; its header is the lines above whose cells
fit those bands; its caption is the line above the header. Ruled tables use their drawn
rules to tell a wrapped label (same ruled row) from a category row (its own ruled row).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ingest.tables.bands import all_years, column_bands, unit_line, value_split
from ingest.tables.header import block_text, caption_blocks, lead_in, read_header
from ingest.page.lines import Line
from ingest.tables.rows import RawRow, read_rows, same_cell

_MAX_GAP_LINES = 8  # label-column lines allowed between two data rows (wrapped labels, groups)


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
    # A label-column line right above a headerless part: its category row when the part
    # continues a table from the page before (at the page top nothing else sits there).
    leading_group: str = ""
    used: list[Line] = field(default_factory=list)  # header, rows, groups: cut from the prose
    label_right: float = 0.0  # where the label column ends
    header_page: int | None = None  # the page before, when the header was left alone there


def find_tables(lines: list[Line], hrules: tuple) -> list[RawTable]:
    """The tables among one region's lines, top to bottom."""
    tables, i = [], 0
    while i < len(lines):
        if value_split(lines[i]) is None or all_years(lines[i]):
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
                table.used.append(after)
            tables.append(table)
        i = end
    return tables


def _block_end(lines: list[Line], start: int) -> int:
    """Index after the last data row of the block starting at ``start``."""
    end, gap = start + 1, 0
    limit = _value_x0(lines[start])
    for j in range(start + 1, len(lines)):
        line = lines[j]
        split = value_split(line)
        if split is not None and not all_years(line):
            end, gap, limit = j + 1, 0, min(limit, _value_x0(line))
        elif unit_line(line) or (line.x1 < limit - 2 and gap < _MAX_GAP_LINES
                                  and line.top - lines[j - 1].bottom < 2.5 * (line.bottom - line.top)):
            gap += 0 if unit_line(line) else 1
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


def _table(lines: list[Line], start: int, end: int, hrules: tuple) -> RawTable | None:
    block = lines[start:end]
    data = [l for l in block if value_split(l) is not None and not all_years(l)]
    bands = column_bands(data)
    if not bands:
        return None
    ruled = [r for r in hrules if r[0] <= block[0].x0 + 5 and r[1] >= bands[-1][0]]
    # Rules only above and below (booktabs style) frame the table but do not separate rows.
    inner = [r for r in ruled if data[0].bottom < r[2] < data[-1].top]
    row_rules = ruled if len(inner) >= max(1, (len(data) - 1) // 2) else []
    # Values set in the middle of multi-line labels leave every data line without a label:
    # then the label column ends where the block's label lines end.
    label_right = max((l.cells[value_split(l) - 1].x1 for l in data if value_split(l)), default=None) \
        or max((c.x1 for l in block for c in l.cells if c.x1 < bands[0][0] - 2), default=bands[0][0])
    header, header_start, groups = read_header(lines, start, bands, ruled, label_right)
    rows = read_rows(block, bands, row_rules)
    while groups and rows and same_cell(groups[-1], rows[0], row_rules):
        line = groups.pop()  # the first label's upper lines (label set in the cell's middle)
        rows[0].label_parts.insert(0, line.text)
        rows[0].lines.insert(0, line)
    rows = [RawRow([g.text], {}, [g], group=True) for g in groups] + rows
    if not rows or not any(r.cells for r in rows):
        return None
    blocks = caption_blocks(lines, header_start, block[0])
    leading = _leading_group(blocks, rows, bands) if not header else None
    if len([r for r in rows if not r.group]) < 2 and not any(header.get(k) for k in range(len(bands))) \
            and header_start - bool(leading) > 1:
        # One number after a label is a sentence fragment, not a table; at the top of a
        # page (below a running header and a category row at most) it may be the last row
        # of a table split over the page break: merged then, or dropped as a fragment.
        return None
    caption = [block_text(b) for b in blocks]
    return RawTable(block[0].page, bands, header, rows, caption, lines_before=header_start,
                    leading_group=leading.text if leading else "", label_right=label_right,
                    used=lead_in(blocks) + ([leading] if leading else []) + list(lines[header_start:end]))


def _leading_group(blocks: list[list[Line]], rows: list[RawRow], bands) -> Line | None:
    """The one line right above a headerless table that sits in its label column, aligned
    with the row labels (a caption spans wider or starts at the text margin)."""
    labels = [r.lines[0].x0 for r in rows if r.lines and not r.group]
    if not blocks or len(blocks[-1]) != 1 or not labels:
        return None
    line = blocks[-1][0]
    if line.x1 >= bands[0][0] - 2 or abs(line.x0 - min(labels)) > 1.5 or line.text.rstrip().endswith((":", ".")):
        return None
    return line
