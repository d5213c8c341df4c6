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
    """Time budget for one file through every stage (reading, OCR, chunking, embedding);
    checked between pages, OCR pages and embedding batches. Spent before embedding: the file
    is rejected with a German error and the index stays as it was; spent while embedding:
    the passages embedded so far are indexed, with a warning naming the pages left out."""

    max_page_chars: int = 100_000
    """Characters kept per page (a dense A4 page has 3,000–8,000); the rest of a longer page
    is left out with a warning naming the page."""

    max_document_chars: int = 2_000_000
    """Characters kept per file (about 400 dense pages); later pages are left out with a
    warning naming them."""

    max_chunks: int = 3_000
    """Passages indexed per file (embedding runs at about 7 per second on two cores); the
    passages beyond it are left out with a warning naming their pages."""

    max_page_text_ops: int = 40_000
    """Text-drawing operators per page, counted in the raw content stream *before* extracting
    it (a text page has a few hundred to a few thousand; extraction costs about 0.1 s per
    1,000). A page above it is not read and gets a warning, so 100,000 tiny text objects on
    one page cannot hold the reader for minutes inside that page."""

    def __post_init__(self) -> None:
        if self.ocr not in ("auto", "off"):
            raise ValueError(f"ocr must be 'auto' or 'off', not {self.ocr!r}")
        limits = (self.max_file_mb, self.max_pages, self.max_seconds, self.max_page_chars,
                  self.max_document_chars, self.max_chunks, self.max_page_text_ops)
        if min(limits) <= 0:
            raise ValueError("all limits must be positive")
