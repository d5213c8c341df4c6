"""The page model: what one PDF page shows, read once (``ingest.page.pdfium`` for text
layers, ``ingest.page.ocr_words`` for scanned pages) and used by every later stage —
prose text, tables, citations and highlights all come from these records.

Coordinates are PDF points with the origin at the top left of the page.
"""

from __future__ import annotations

from dataclasses import dataclass

BBox = tuple[float, float, float, float]  # x0, top, x1, bottom


@dataclass(frozen=True)
class Word:
    """A run of characters on one line without whitespace or a wide gap between them."""

    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    bold: bool = False
    size: float = 0.0  # font size in points (0: unknown, e.g. OCR)

    @property
    def height(self) -> float:
        return self.bottom - self.top

    @property
    def center(self) -> float:
        return (self.x0 + self.x1) / 2


@dataclass(frozen=True)
class PageModel:
    """Words, drawn rules and filled rectangles of one page."""

    number: int  # 1-based
    width: float
    height: float
    words: tuple[Word, ...]
    hrules: tuple[tuple[float, float, float], ...] = ()  # (x0, x1, y) of horizontal lines
    vrules: tuple[tuple[float, float, float], ...] = ()  # (x, top, bottom) of vertical lines
    fills: tuple[BBox, ...] = ()  # filled (shaded) rectangles
    truncated: bool = False  # more characters than the reader's limit: words cut there
    ocr: bool = False
