"""Shared helpers for the figure/question tests: the demo PDFs as page texts, cached.

Page texts come from pypdf's layout mode, as ``ingest.pdf_reader`` extracts them; one test per
module also goes through ``read_pdf`` itself to check the cleaned text gives the same result.
"""

from __future__ import annotations

import hashlib
import io
from functools import lru_cache

from pypdf import PdfReader

from assistant.demo import demo_filename, demo_pdf_bytes
from assistant.figures import document_figures
from assistant.types import Figure


@lru_cache(maxsize=None)
def demo_bytes(year: int) -> bytes:
    return demo_pdf_bytes(year)


def demo_doc_id(year: int) -> str:
    return hashlib.sha256(demo_bytes(year)).hexdigest()


@lru_cache(maxsize=None)
def demo_pages(year: int) -> tuple[tuple[int, str], ...]:
    reader = PdfReader(io.BytesIO(demo_bytes(year)))
    return tuple((i + 1, p.extract_text(extraction_mode="layout")) for i, p in enumerate(reader.pages))


def pdf_figures(data: bytes, pages: list[tuple[int, str]], doc_id: str, filename: str) -> list[Figure]:
    """Figures as the service builds them: tables read from the PDF, sentences from the pages."""
    from ingest.tables import extract_tables

    return document_figures(extract_tables(data, doc_id), pages, doc_id, filename)


@lru_cache(maxsize=None)
def _demo_figures(year: int) -> tuple[Figure, ...]:
    return tuple(pdf_figures(demo_bytes(year), list(demo_pages(year)), demo_doc_id(year), demo_filename(year)))


def demo_figures(year: int) -> list[Figure]:
    return list(_demo_figures(year))


def find(figures: list[Figure], instrument: str, kind: str | None = None) -> Figure:
    matches = [f for f in figures if f.instrument == instrument and (kind is None or f.kind == kind)]
    assert matches, f"no figure for {instrument} ({kind})"
    return matches[0]
