"""Page models from a PDF's text layer with pypdfium2: one call reads a page's characters,
one call per character its box; font size and weight are read once per word, rules and
fills from the path objects.

pdfplumber was measured first: its per-character Python object model costs 0.25–0.5 s a
page (a 15-page AMIP: 3.6 s for the characters alone). pdfium's C text page gives the same
boxes at a few hundredths of a second a page (see docs/page-model.md for the comparison).
"""

from __future__ import annotations

import ctypes
import re

from ingest.page.model import PageModel, Word

_RULE_THICKNESS = 2.5  # a path thinner than this (pt) is a drawn line
_BOLD_WEIGHT = 600
# pdfium reports a hyphen it found at a line end as U+FFFE (older builds: U+0002); it is
# the printed hyphen, which cleaning joins with the next line.
_LINE_END_HYPHENS = "\ufffe\x02"


def open_pdf(data: bytes):
    """A pypdfium2 document of ``data`` (the caller closes it)."""
    import pypdfium2 as pdfium

    return pdfium.PdfDocument(data)


def read_page(pdf, index: int, max_chars: int = 100_000) -> PageModel:
    """The model of page ``index`` (0-based) of an open pypdfium2 document; at most
    ``max_chars`` characters are read (``truncated`` tells whether there were more)."""
    page = pdf[index]
    try:
        width, height = page.get_size()
        textpage = page.get_textpage()
        try:
            words, truncated = _words(textpage, height, max_chars)
        finally:
            textpage.close()
        hrules, vrules, fills = _paths(page, height)
    finally:
        page.close()
    return PageModel(index + 1, float(width), float(height), words, hrules, vrules, fills, truncated)


def read_models(data: bytes, pages: list[int] | None = None) -> list[PageModel]:
    """Models of the given 1-based pages (all when None), in page order."""
    pdf = open_pdf(data)
    try:
        numbers = pages if pages is not None else range(1, len(pdf) + 1)
        return [read_page(pdf, n - 1) for n in numbers if 1 <= n <= len(pdf)]
    finally:
        pdf.close()


def _words(textpage, page_height: float, max_chars: int) -> tuple[tuple[Word, ...], bool]:
    """Words: runs of characters on one line without whitespace or a wide gap between them."""
    import pypdfium2.raw as raw

    total = textpage.count_chars()
    count = min(total, max_chars)
    if count <= 0:
        return (), False
    buffer = ctypes.create_string_buffer((count + 1) * 2)
    raw.FPDFText_GetText(textpage.raw, 0, count, ctypes.cast(buffer, ctypes.POINTER(ctypes.c_ushort)))
    chars = buffer.raw[: count * 2].decode("utf-16-le", errors="replace")
    rect = raw.FS_RECTF()
    words: list[Word] = []
    current: list[tuple[str, float, float, float, float]] = []
    style = (False, 0.0)
    for k, char in enumerate(chars):
        if char in _LINE_END_HYPHENS:
            char = "-"
        if char.isspace() or not char.isprintable():
            _flush(current, style, words)
            continue
        raw.FPDFText_GetLooseCharBox(textpage.raw, k, ctypes.byref(rect))
        x0, x1 = rect.left, rect.right
        top, bottom = page_height - rect.top, page_height - rect.bottom
        size = max(bottom - top, 1.0)  # the loose box is about one font size high
        if current:
            last = current[-1]
            if abs(top - last[3]) > 0.5 * size or x0 - last[2] > 0.15 * size or x0 < last[1] - 0.5 \
                    or _signed_number_starts(current, char, chars[k + 1:k + 2], x0):
                _flush(current, style, words)
        if not current:
            style = (raw.FPDFText_GetFontWeight(textpage.raw, k) >= _BOLD_WEIGHT,
                     round(float(raw.FPDFText_GetFontSize(textpage.raw, k)), 1))
        current.append((char, x0, x1, top, bottom))
    _flush(current, style, words)
    return tuple(words), total > count


_NUMBER_SO_FAR = re.compile(r"[+\-−]?\d[\d.,]*")


def _signed_number_starts(current: list, char: str, following: str, x0: float) -> bool:
    """Two numbers printed without a space ("97−10,2" where a percentage overflows its
    narrow cell): a German number holds no plus or minus sign after its first digit. A
    hyphen used as minus starts a number only where it is set off from the digit before it
    (overlapping it, or apart while the digits before touch: the value was placed on its
    own); a hyphen set like the digits around it joins a range ("1.000-2.000")."""
    if not (following.isdigit() and _NUMBER_SO_FAR.fullmatch("".join(c[0] for c in current))):
        return False
    if char in "+−":
        return True
    if char != "-":
        return False
    gap = x0 - current[-1][2]
    inner = max((b[1] - a[2] for a, b in zip(current, current[1:])), default=0.0)
    return gap < -0.5 or gap > inner + 0.5


def _flush(current: list, style: tuple[bool, float], words: list[Word]) -> None:
    if current:
        words.append(Word("".join(c[0] for c in current), current[0][1], current[-1][2],
                          min(c[3] for c in current), max(c[4] for c in current), *style))
        current.clear()


def _paths(page, page_height: float):
    """Horizontal and vertical rules (thin paths and the sides of drawn rectangles) and the
    filled rectangles (shaded header rows, zebra stripes)."""
    import pypdfium2.raw as raw

    hrules, vrules, fills = [], [], []
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
            if _filled(obj, raw):
                fills.append((x0, top, x1, bottom))
    return _joined(hrules), tuple(vrules), tuple(fills)


def _filled(obj, raw) -> bool:
    fillmode, stroke = ctypes.c_int(0), ctypes.c_int(0)
    if not raw.FPDFPath_GetDrawMode(obj.raw, ctypes.byref(fillmode), ctypes.byref(stroke)):
        return False
    return fillmode.value != 0


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


__all__ = ["open_pdf", "read_page", "read_models"]
