"""The prose text of a page from its lines in reading order: table lines cut out, a blank
line between blocks (a new column stretch or column, a vertical gap wider than the line
spacing, a change of font size or weight, a table cut out), so the chunker sees paragraphs
and headings as the page shows them."""

from __future__ import annotations

import re

from ingest.page.lines import Line, PageLines

_BLOCK_GAP = 0.6  # a gap above a line wider than this share of its height starts a block
_LIST_GAP = 1.5  # list items are often set apart; wider than this they are blocks anyway
# Bullet glyphs as fonts deliver them (private-use symbols of Word PDFs included).
_BULLET = re.compile(r"^(?:[•▪●■◦‣⁃►→➢✓\u2022\uf0a7\uf0b7\uf0d8\ue000-\uf8ff]|[-–](?=\s))")
_SIZE_STEP = 1.0  # points: a larger or smaller font starts a block (a heading)


def page_text(page: PageLines, cut: set[int] = frozenset()) -> str:
    """The page's text, lines joined with newlines, without the lines whose ``id`` is in
    ``cut`` (the rows and headers of its tables)."""
    out: list[str] = []
    previous: Line | None = None
    for line in page.order:
        if id(line) in cut:
            previous = None
            if out and out[-1]:
                out.append("")
            continue
        if previous is not None and out and out[-1] and _new_block(previous, line):
            out.append("")
        out.append(line.text)
        previous = line
    return "\n".join(out).strip("\n")


def _new_block(previous: Line, line: Line) -> bool:
    if line.region != previous.region or line.top < previous.top:
        return True  # another column, or the next column stretch
    height = max(1.0, min(line.bottom - line.top, previous.bottom - previous.top))
    gap = line.top - previous.bottom
    # The items of a list, and the line that introduces them, are one block.
    listed = bool(_BULLET.match(line.text)) and gap <= _LIST_GAP * height
    if gap > _BLOCK_GAP * height and not listed:
        return True
    if previous.size and line.size and abs(previous.size - line.size) >= _SIZE_STEP:
        return True
    return _bold(previous) != _bold(line)


def _bold(line: Line) -> bool:
    return all(cell.bold for cell in line.cells)
