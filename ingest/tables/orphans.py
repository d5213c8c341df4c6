"""A header left alone at the foot of a page: its rows start the next page.

Word processors usually keep a table's header with its first row, but not always: then
the previous page ends in the header (and the caption above it) and the next page starts
with rows that have no header. The rows' value columns sit at the same x on both pages,
so the header is read from the previous page's last lines as if they stood right above
the first row.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from ingest.cleaning import is_page_number
from ingest.page.lines import Line
from ingest.tables.bands import value_split
from ingest.tables.detect import RawTable
from ingest.tables.header import block_text, caption_blocks, lead_in, read_header

_AT_PAGE_TOP = 4  # lines above the rows (running header) that still count as the page top


def adopt_orphan_header(raw: RawTable, previous: Sequence[Line]) -> None:
    """Give a headerless table at the top of a page the header (and caption) that ends
    ``previous`` (the same column region of the page before), when there is one."""
    if raw.header or raw.lines_before > _AT_PAGE_TOP or not raw.rows or not previous:
        return
    tail = list(_without_footer(previous)[-8:])
    if not tail:
        return
    first = raw.rows[0].lines[0]
    height = max(first.bottom - first.top, 1.0)
    shift = first.top - 0.5 * height - tail[-1].bottom
    moved = [replace(line, top=line.top + shift, bottom=line.bottom + shift) for line in tail]
    header, start, groups = read_header(moved + [first], len(moved), raw.bands, [], raw.label_right)
    if groups or start >= len(moved) or not any(header.get(k) for k in range(len(raw.bands))):
        return
    if start > 0 and value_split(tail[start - 1]) is not None:
        return  # rows above it: the page ends in a table that these rows continue
    raw.header = header
    blocks = caption_blocks(moved, start, moved[start])
    raw.caption_lines = [block_text(b) for b in blocks]
    raw.header_page = tail[0].page
    originals = {id(m): t for m, t in zip(moved, tail)}
    raw.used += [originals[id(line)] for line in lead_in(blocks)] + tail[start:]


def _without_footer(lines: Sequence[Line]) -> Sequence[Line]:
    """The region's lines without a page footer ("Seite 3", "- 3 -"): a last line set far
    below the line above it, or one that only numbers the page."""
    if len(lines) >= 2:
        last, above = lines[-1], lines[-2]
        if last.top - above.bottom > 3 * max(above.bottom - above.top, 1.0) or is_page_number(last.text):
            return lines[:-1]
    return lines
