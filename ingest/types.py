"""Own data types of the ingestion stage (converted to library types only at the edges)."""

from __future__ import annotations

from dataclasses import dataclass, field

from ingest.errors import AmipError
from ingest.tables.types import Table


@dataclass(frozen=True)
class Page:
    """One PDF page after cleaning; ``char_start``/``char_end`` index ``Document.text``."""

    number: int  # 1-based
    text: str
    char_start: int
    char_end: int
    has_text_layer: bool = True
    ocr: bool = False
    status: str = "text"  # how the text was obtained or why it is missing (ingest.read_notes)


@dataclass(frozen=True)
class Document:
    """A cleaned PDF. ``text`` is the page texts joined by ``PAGE_SEPARATOR``."""

    doc_id: str  # sha256 of the file bytes
    filename: str
    title: str
    pages: tuple[Page, ...]
    text: str
    warnings: tuple[str, ...] = ()  # German, for the user (e.g. pages without text)
    tables: tuple[Table, ...] = ()  # read from the same page model as the text

    @property
    def page_count(self) -> int:
        return len(self.pages)

    @property
    def ocr_pages(self) -> list[int]:
        return [p.number for p in self.pages if p.ocr]

    def page_at(self, offset: int) -> int:
        """Page number that contains character ``offset`` of ``text``."""
        for page in self.pages:
            if offset < page.char_end or page is self.pages[-1]:
                return page.number
        return 1


PAGE_SEPARATOR = "\n\n"


@dataclass(frozen=True)
class Chunk:
    """A retrievable passage; invariant: ``document.text[char_start:char_end] == text``.

    A table chunk (``table_id`` set) holds the rows ``table_rows`` = ``[start, end)`` of a
    ``Table``: its text is ``table.rows_text(start, end)``; it is not a slice of the
    document text (the page text leaves table regions out), so its offsets are both
    ``len(document.text)``."""

    chunk_id: str  # deterministic: hash of doc_id, offsets and text
    doc_id: str
    text: str
    char_start: int
    char_end: int
    page_start: int
    page_end: int
    section: str = ""
    filename: str = ""
    index: int = 0  # position within the document
    # Offsets (relative to ``text``) where pages page_start+1, page_start+2, ... begin,
    # so a quote inside a multi-page chunk can be cited with its own page.
    page_breaks: tuple[int, ...] = ()
    table_id: str = ""  # set for chunks made of table rows
    table_rows: tuple[int, int] = (0, 0)  # with table_id: the rows [start, end) of the table

    def pages_of(self, start: int, end: int) -> tuple[int, int]:
        """Pages covered by ``text[start:end]``."""
        first = self.page_start + sum(1 for b in self.page_breaks if b <= start)
        last = self.page_start + sum(1 for b in self.page_breaks if b < end)
        return first, min(max(first, last), self.page_end)

    def pages_of_quote(self, quote: str) -> tuple[int, int]:
        """Pages of the first occurrence of ``quote`` in ``text`` (whole chunk if absent)."""
        at = self.text.find(quote)
        if at < 0 or not quote:
            return self.page_start, self.page_end
        return self.pages_of(at, at + len(quote))


@dataclass
class IngestReport:
    """Outcome of ingesting one file (the ``amip ingest --json`` document entry)."""

    doc_id: str
    filename: str
    pages: int
    chunks: int
    ocr_pages: list[int] = field(default_factory=list)
    status: str = "indexed"  # "indexed" | "unchanged"
    warnings: list[str] = field(default_factory=list)

    def to_json(self) -> dict:
        return {
            "doc_id": self.doc_id,
            "filename": self.filename,
            "pages": self.pages,
            "chunks": self.chunks,
            "ocr_pages": self.ocr_pages,
            "status": self.status,
            "warnings": self.warnings,
        }


class IngestError(AmipError):
    """A file could not be ingested; ``str(error)`` is a German message for the user."""
