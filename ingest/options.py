"""Limits and switches for reading a PDF (one object, passed down from the settings)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

OcrMode = Literal["auto", "off"]


@dataclass(frozen=True)
class IngestOptions:
    """How ``read_pdf`` treats a file. Defaults suit AMIP drafts (5–60 pages) on a laptop."""

    ocr: OcrMode = "auto"
    """``"auto"``: pages without a text layer are OCR'd when Tesseract with ``ocr_lang``
    is installed; ``"off"``: never OCR, such pages only produce a warning."""

    ocr_lang: str = "deu"
    """Tesseract language pack(s), e.g. ``"deu"`` or ``"deu+eng"``."""

    ocr_dpi: int = 300
    """Render resolution for OCR; 300 dpi is Tesseract's sweet spot for body text."""

    ocr_timeout_s: float = 120.0
    """Upper bound for Tesseract on one page; a page that takes longer is skipped with a warning."""

    max_ocr_pages: int = 200
    """At most this many pages of one file are OCR'd (about 2–5 s each); the rest get a warning."""

    max_image_pixels: int = 40_000_000
    """Cap on the rendered page bitmap (width × height) so huge page sizes cannot exhaust memory;
    the render resolution is lowered to fit."""

    max_file_mb: float = 200.0
    """Files larger than this are rejected before parsing."""

    max_pages: int = 2000
    """Files with more pages are rejected (protects memory and time)."""

    max_seconds: float = 600.0
    """Soft time budget for text extraction of one file; checked between pages."""

    def __post_init__(self) -> None:
        if self.ocr not in ("auto", "off"):
            raise ValueError(f"ocr must be 'auto' or 'off', not {self.ocr!r}")
        if self.max_file_mb <= 0 or self.max_pages <= 0:
            raise ValueError("max_file_mb and max_pages must be positive")
