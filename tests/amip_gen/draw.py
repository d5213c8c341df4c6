"""Putting text on pages: a PDF with DejaVu Sans, word wrapping, and a top-down page flow.

Text is placed line by line at known positions (no fpdf auto page break), so the generator
knows the page of every line it prints.
"""

from __future__ import annotations

import atexit
import logging
import shutil
import tempfile
from datetime import datetime, timezone
from functools import lru_cache
from pathlib import Path

from fontTools import subset
from fontTools.ttLib import TTFont
from fpdf import FPDF

from tests.pdf_factory import BOLD_TTF, REGULAR_TTF, unicode_font_available

PAGE_TOP, PAGE_BOTTOM, MARGIN, PAGE_WIDTH = 25.0, 275.0, 20.0, 210.0
PT = 25.4 / 72  # mm per point
# Every character the generator prints: Latin-1 plus dashes, minus, euro, quotes.
CHARSET = "".join(map(chr, [*range(0x20, 0x7F), *range(0xA0, 0x100)])) + "–—−€…„“”·"


@lru_cache(maxsize=None)
def _font_files() -> tuple[str, str]:
    """DejaVu Sans regular and bold cut down to ``CHARSET``, once per process: loading and
    embedding the full fonts would cost ~0.7 s per document."""
    folder = Path(tempfile.mkdtemp(prefix="amip-gen-fonts-"))
    atexit.register(shutil.rmtree, folder, True)
    logging.getLogger("fontTools.subset").setLevel(logging.ERROR)  # "FFTM NOT subset"
    options = subset.Options()
    options.hinting = False
    options.layout_features = []
    paths = []
    for source in (REGULAR_TTF, BOLD_TTF):
        font = TTFont(str(source))
        subsetter = subset.Subsetter(options)
        subsetter.populate(text=CHARSET)
        subsetter.subset(font)
        paths.append(str(folder / source.name))
        font.save(paths[-1])
    return paths[0], paths[1]


class Pdf(FPDF):
    """A4 in mm with DejaVu Sans ("Body"); deterministic bytes (fixed creation date)."""

    def __init__(self, title: str) -> None:
        if not unicode_font_available():
            raise RuntimeError("the AMIP generator needs DejaVu Sans (fonts-dejavu-core)")
        super().__init__(format="A4", unit="mm")
        self.set_auto_page_break(False)
        regular, bold = _font_files()
        self.add_font("Body", "", regular)
        self.add_font("Body", "B", bold)
        self.set_title(title)
        self.set_creator("tests/amip_gen")
        self.set_creation_date(datetime(2024, 1, 15, tzinfo=timezone.utc))
        self.set_line_width(0.25)

    def use(self, size: float, bold: bool = False) -> None:
        self.set_font("Body", "B" if bold else "", size)

    def width_of(self, text: str, size: float, bold: bool = False) -> float:
        """Text width in mm, from the font's glyph widths (fpdf's own measure copies its
        state per call and dominated the run time)."""
        widths = self.fonts["body" + ("B" if bold else "")].cw
        return sum(widths[ord(c)] for c in text) * size * 0.001 * PT

    def put(self, x: float, baseline: float, text: str, size: float, bold: bool = False) -> None:
        self.use(size, bold)
        self.text(x, baseline, text)


def wrap(pdf: Pdf, text: str, width: float, size: float, bold: bool = False,
         hyphen: bool = False) -> list[str]:
    """Greedy word wrap; a word wider than ``width`` is broken between characters without a
    hyphen ("Veränderun" / "g"), as word processors do in narrow table cells, or with
    ``hyphen`` as a hyphenating one does ("Verände-" / "rung")."""
    lines: list[str] = []
    current = ""
    for word in text.split():
        candidate = f"{current} {word}" if current else word
        if pdf.width_of(candidate, size, bold) <= width:
            current = candidate
            continue
        if current:
            lines.append(current)
        current = word
        while pdf.width_of(current, size, bold) > width and len(current) > 1:
            mark = "-" if hyphen else ""
            cut = _cut(pdf, current, mark, width, size, bold)
            if mark and not (current[cut - 2:cut].isalpha() and current[cut:cut + 2].isalpha()):
                mark = ""  # no letters on both sides to hyphenate between: broken as it is
                cut = _cut(pdf, current, mark, width, size, bold)
            lines.append(current[:cut] + mark)
            current = current[cut:]
    if current:
        lines.append(current)
    return lines


def _cut(pdf: Pdf, word: str, mark: str, width: float, size: float, bold: bool) -> int:
    """The most characters of ``word`` that fit ``width`` with ``mark`` after them."""
    cut = len(word) - 1
    while cut > 1 and pdf.width_of(word[:cut] + mark, size, bold) > width:
        cut -= 1
    return cut


def line_height(size: float) -> float:
    return size * PT * 1.25


class Flow:
    """Top-down placement over pages inside a text frame (the full width or one column)."""

    def __init__(self, pdf: Pdf, running_header: str | None) -> None:
        self.pdf = pdf
        self.running_header = running_header
        self.page = 0
        self.y = PAGE_TOP
        self.x = MARGIN
        self.width = PAGE_WIDTH - 2 * MARGIN

    def new_page(self) -> None:
        self.pdf.add_page()
        self.page += 1
        self.y = PAGE_TOP
        if self.running_header:
            self.pdf.put(MARGIN, 13, self.running_header, 8)
            self.pdf.put(PAGE_WIDTH / 2 - 6, 287, f"Seite {self.page}", 8)

    def space_left(self) -> float:
        return PAGE_BOTTOM - self.y

    def ensure(self, height: float) -> None:
        """Start a new page unless ``height`` mm still fit on this one."""
        if self.page == 0 or self.y + height > PAGE_BOTTOM:
            self.new_page()

    def frame(self, x: float, width: float, y: float) -> None:
        """Write into a column from ``x`` with ``width`` starting at ``y``."""
        self.x, self.width, self.y = x, width, y

    def full_width(self) -> None:
        self.x, self.width = MARGIN, PAGE_WIDTH - 2 * MARGIN

    def text_height(self, text: str, size: float = 10.5, bold: bool = False) -> float:
        return len(wrap(self.pdf, text, self.width, size, bold)) * line_height(size)

    def paragraph(self, text: str, size: float = 10.5, bold: bool = False,
                  gap: float = 3.0, keep: float = 0.0) -> int:
        """A wrapped paragraph, never split over pages (``keep`` more mm must fit after it);
        returns its page."""
        lines = wrap(self.pdf, text, self.width, size, bold)
        step = line_height(size)
        self.ensure(len(lines) * step + gap + keep)
        for line in lines:
            self.y += step
            self.pdf.put(self.x, self.y - step * 0.25, line, size, bold)
        self.y += gap
        return self.page
