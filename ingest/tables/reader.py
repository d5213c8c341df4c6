"""Words and ruling lines of PDF pages, from pypdfium2 (the only module the table reader
takes positions from).

pdfplumber was measured first: its per-character Python object model costs 0.25–0.5 s a
page here (a 15-page AMIP: 3.6 s for the characters alone), which would have made a
40-page ingest ~30 % slower. pdfium's C text page gives the same character boxes and the
path objects give the drawn rules, at ~0.07 s a page.
Everything downstream works on these plain records, so the table logic is testable
without PDFs and the PDF library stays replaceable.
"""

from __future__ import annotations

import ctypes
from collections.abc import Iterator
from dataclasses import dataclass

_MAX_CHARS = 40_000  # a page with more characters is not read for tables (bounded work)
_RULE_THICKNESS = 2.5  # a path thinner than this (pt) is a drawn line
_BOLD_WEIGHT = 600


@dataclass(frozen=True)
class Word:
    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    bold: bool = False

    @property
    def height(self) -> float:
        return self.bottom - self.top

    @property
    def center(self) -> float:
        return (self.x0 + self.x1) / 2


@dataclass(frozen=True)
class PageLayout:
    number: int  # 1-based
    width: float
    height: float
    words: tuple[Word, ...]
    hrules: tuple[tuple[float, float, float], ...]  # (x0, x1, y) of horizontal lines
    vrules: tuple[tuple[float, float, float], ...]  # (x, top, bottom) of vertical lines


def read_layouts(data: bytes, pages: list[int] | None = None) -> Iterator[PageLayout]:
    """Layouts of the given 1-based pages (all when None), in page order."""
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(data)
    try:
        numbers = pages if pages is not None else range(1, len(pdf) + 1)
        for number in numbers:
            if 1 <= number <= len(pdf):
                page = pdf[number - 1]
                try:
                    yield _layout(page, number)
                finally:
                    page.close()
    finally:
        pdf.close()


def _layout(page, number: int) -> PageLayout:
    width, height = page.get_size()
    textpage = page.get_textpage()
    try:
        words = _words(textpage, height)
    finally:
        textpage.close()
    hrules, vrules = _rules(page, height)
    return PageLayout(number, float(width), float(height), words, hrules, vrules)


def _words(textpage, page_height: float) -> tuple[Word, ...]:
    """Words: runs of characters on one line without whitespace or a wide gap between them.

    One call reads all characters, one call per character reads its box: the per-character
    calls are the reader's whole cost (~0.03 s for a page of 3,000 characters)."""
    import pypdfium2.raw as raw

    count = textpage.count_chars()
    if count <= 0 or count > _MAX_CHARS:
        return ()
    buffer = ctypes.create_string_buffer((count + 1) * 2)
    raw.FPDFText_GetText(textpage.raw, 0, count, ctypes.cast(buffer, ctypes.POINTER(ctypes.c_ushort)))
    chars = buffer.raw[: count * 2].decode("utf-16-le", errors="replace")
    rect = raw.FS_RECTF()
    words: list[Word] = []
    current: list[tuple[str, float, float, float, float]] = []
    bold = False
    for k, char in enumerate(chars):
        if char.isspace() or not char.isprintable():
            _flush(current, bold, words)
            continue
        raw.FPDFText_GetLooseCharBox(textpage.raw, k, ctypes.byref(rect))
        x0, x1 = rect.left, rect.right
        top, bottom = page_height - rect.top, page_height - rect.bottom
        size = max(bottom - top, 1.0)  # the loose box is about one font size high
        if current:
            last = current[-1]
            if abs(top - last[3]) > 0.5 * size or x0 - last[2] > 0.15 * size or x0 < last[1] - 0.5:
                _flush(current, bold, words)
        if not current:
            bold = raw.FPDFText_GetFontWeight(textpage.raw, k) >= _BOLD_WEIGHT
        current.append((char, x0, x1, top, bottom))
    _flush(current, bold, words)
    return tuple(words)


def _flush(current: list, bold: bool, words: list[Word]) -> None:
    if current:
        words.append(Word("".join(c[0] for c in current), current[0][1], current[-1][2],
                          min(c[3] for c in current), max(c[4] for c in current), bold))
        current.clear()


def _rules(page, page_height: float):
    """Horizontal and vertical rules: thin paths, and the sides of drawn rectangles."""
    import pypdfium2.raw as raw

    hrules, vrules = [], []
    for obj in page.get_objects(filter=(raw.FPDF_PAGEOBJ_PATH,), max_depth=2):
        x0, y0, x1, y1 = obj.get_bounds()
        top, bottom = page_height - y1, page_height - y0
        if x1 - x0 < 2 and bottom - top < 2:
            continue
        if bottom - top <= _RULE_THICKNESS:
            hrules.append((x0, x1, (top + bottom) / 2))
        elif x1 - x0 <= _RULE_THICKNESS:
            vrules.append(((x0 + x1) / 2, top, bottom))
        else:  # a rectangle (cell border or shading): its four sides
            hrules += [(x0, x1, top), (x0, x1, bottom)]
            vrules += [(x0, top, bottom), (x1, top, bottom)]
    return _joined(hrules), tuple(vrules)


def _joined(hrules: list[tuple[float, float, float]]) -> tuple[tuple[float, float, float], ...]:
    """Collinear pieces of one horizontal rule (each cell's border drawn on its own) as one."""
    out: list[list[float]] = []
    for x0, x1, y in sorted(hrules, key=lambda r: (round(r[2]), r[0])):
        last = out[-1] if out else None
        if last is not None and abs(last[2] - y) <= 1.0 and x0 <= last[1] + 2.0:
            last[1] = max(last[1], x1)
        else:
            out.append([x0, x1, y])
    return tuple((a, b, y) for a, b, y in out)
