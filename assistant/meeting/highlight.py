"""Where a quote stands on a PDF page, and the page image marked.

A table row is marked by its box from the page model (``Row.bbox``, found by ``row_boxes``
and passed as ``boxes``): no text matching at all. A prose quote is found by pdfium's
character boxes:

Quotes come from cleaned text: hyphenated line ends are joined ("Rahmenbedin-" + "gungen")
and lines are merged. So the page's characters and the quote are both reduced to letters
and digits (case-folded) and matched on that; every matched character keeps its box, and
boxes are merged per line.
A quote not found as a whole is matched piece by piece: long pieces anywhere, short ones
(numbers of a table row) only on a line where a long piece was found.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import Path

from ingest.tables.types import Table

Box = tuple[float, float, float, float]  # left, bottom, right, top in PDF points (origin bottom-left)
BBox = tuple[float, float, float, float]  # x0, top, x1, bottom in PDF points (origin top-left)
_PIECES = re.compile(r"\n|…|•|\s–\s|;\s|:\s")
_LONG = 12  # normalised characters a piece needs to be searched on the whole page
_WINDOW = 5  # words per window when a long piece is not found as a whole


def _normalise(text: str) -> tuple[str, list[int]]:
    """Letters and digits of ``text``, case-folded, with the index of the character each came from."""
    chars, index = [], []
    for i, ch in enumerate(text):
        for c in ch.casefold():
            if c.isalnum():
                chars.append(c)
                index.append(i)
    return "".join(chars), index


def _key(text: str) -> str:
    return _normalise(text)[0]


class _Page:
    """The characters of one page with their boxes."""

    def __init__(self, textpage) -> None:
        count = textpage.count_chars()
        text = textpage.get_text_range(0, count) if count else ""
        self.hay, self.index = _normalise(text[:count])
        self._textpage = textpage

    def box(self, char: int) -> Box:
        return tuple(self._textpage.get_charbox(char))

    def spans(self, needle: str) -> list[tuple[int, int]]:
        """Start/end character indices of every occurrence of a normalised ``needle``."""
        found, start = [], self.hay.find(needle)
        while needle and start >= 0:
            found.append((self.index[start], self.index[start + len(needle) - 1]))
            start = self.hay.find(needle, start + 1)
        return found


def row_boxes(table: Table, rows: tuple[int, int], quote: str, page: int) -> list[BBox]:
    """Page-model boxes of the rows ``rows`` (start, end) of ``table`` on ``page`` whose one
    rendering (``Table.row_text``) the quote contains; [] when the quote names none of them."""
    quoted = " ".join(quote.split())
    start, end = rows
    return [row.bbox for row in table.rows[start:end]
            if row.page == page and " ".join(table.row_text(row).split()) in quoted]


def quote_boxes(textpage, quote: str) -> list[Box]:
    """Line rectangles covering ``quote`` on the page of ``textpage`` (empty if not found)."""
    page = _Page(textpage)
    whole = page.spans(_key(quote))
    if whole and len(_key(quote)) >= 4:
        return _line_boxes(page, [whole[0]])
    pieces = [p for p in (" ".join(x.split()) for x in _PIECES.split(quote)) if _key(p)]
    spans = [s for p in pieces if len(_key(p)) >= _LONG for s in _long_spans(page, p)]
    lines = _line_boxes(page, spans)
    for piece in pieces:
        if len(_key(piece)) < _LONG:
            on_line = [s for s in page.spans(_key(piece)) if any(_same_line(page.box(s[0]), b) for b in lines)]
            spans += on_line[:1]
    return _line_boxes(page, spans)


def _long_spans(page: _Page, piece: str) -> list[tuple[int, int]]:
    found = page.spans(_key(piece))
    if found:
        return found[:1]
    words = piece.split()
    windows = [" ".join(words[i:i + _WINDOW]) for i in range(0, len(words), _WINDOW)]
    return [hit[0] for w in windows if len(_key(w)) >= _LONG and (hit := page.spans(_key(w)))]


def _same_line(a: Box, b: Box) -> bool:
    middle = (a[1] + a[3]) / 2
    return b[1] - 1 <= middle <= b[3] + 1


def _line_boxes(page: _Page, spans: list[tuple[int, int]]) -> list[Box]:
    """One rectangle per printed line the spans cover (characters merged left to right)."""
    boxes: list[Box] = []
    for start, end in sorted(set(spans)):
        current: Box | None = None
        for i in range(start, end + 1):
            box = page.box(i)
            if box[2] - box[0] <= 0 or box[3] - box[1] <= 0:
                continue  # spaces and line breaks pdfium generated
            if current and _same_line(box, current) and box[0] >= current[0] - 2:
                current = (min(current[0], box[0]), min(current[1], box[1]),
                           max(current[2], box[2]), max(current[3], box[3]))
            else:
                if current:
                    boxes.append(current)
                current = box
        if current:
            boxes.append(current)
    return boxes


def marked_page(path: Path | str, page: int, quote: str, scale: float = 1.6,
                boxes: Sequence[BBox] = ()):
    """The page rendered at ``scale`` with the quote's lines in highlighter yellow; ``(image, marked)``.

    ``boxes`` (page-model boxes: x0, top, x1, bottom in points from the top left, e.g. the
    ``bbox`` of the table rows a citation names) are marked as they are, without matching
    ``quote``."""
    import pypdfium2 as pdfium
    from PIL import Image, ImageDraw

    pdf = pdfium.PdfDocument(str(path))
    try:
        pdf_page = pdf[max(0, min(page, len(pdf)) - 1)]
        image = pdf_page.render(scale=scale).to_pil().convert("RGB")
        height = pdf_page.get_height()
        if boxes:
            found = [(x0, height - bottom, x1, height - top) for x0, top, x1, bottom in boxes]
        else:
            textpage = pdf_page.get_textpage()
            try:
                found = quote_boxes(textpage, quote) if quote.strip() else []
            finally:
                textpage.close()
    finally:
        pdf.close()
    if not found:
        return image, False
    overlay = Image.new("RGBA", image.size, (0, 0, 0, 0))
    draw = ImageDraw.Draw(overlay)
    for left, bottom, right, top in found:
        draw.rectangle([left * scale - 2, (height - top) * scale - 2, right * scale + 2, (height - bottom) * scale + 2],
                       fill=(255, 213, 0, 90))
    return Image.alpha_composite(image.convert("RGBA"), overlay).convert("RGB"), True
