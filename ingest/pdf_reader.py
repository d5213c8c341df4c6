"""Read a PDF into a cleaned ``Document``: validation and metadata (pypdf), one page model
per page (pypdfium2 words with boxes, or Tesseract's words for scanned pages), tables and
prose from that model, cleaning and page offsets."""

from __future__ import annotations

import hashlib
import io
import logging
import re
import time
import warnings
from collections.abc import Callable, Collection, Sequence
from dataclasses import replace

from pypdf import PasswordType, PdfReader

from ingest import ocr
from ingest.budget import Budget
from ingest.cleaning import clean_pages
from ingest.options import IngestOptions
from ingest.page.lines import PageLines, page_lines
from ingest.page.pdfium import open_pdf, read_page
from ingest.page.text import page_text
from ingest.tables import Table, tables_of_pages
from ingest.pdf_parts import attachment_names, form_fields, page_cost
from ingest.read_notes import (BROKEN, EMPTY, OCR, OMITTED, SCANNED, TEXT, TOO_COMPLEX, TRUNCATED,
                               extras_warnings, limit_warnings, missing_warnings, no_text_message)
from ingest.types import PAGE_SEPARATOR, Document, IngestError, Page

Progress = Callable[[str, float], None]

MIN_PAGE_LETTERS = 20  # fewer letters than this: the page has no usable text layer
_BROKEN = ("Die PDF-Datei ist beschädigt oder unvollständig und kann nicht gelesen werden. "
           "Bitte speichern oder exportieren Sie sie neu und versuchen Sie es erneut.")
_ENCRYPTED = ("Die PDF-Datei ist passwortgeschützt. Bitte entfernen Sie den Kennwortschutz "
              "(z. B. durch erneutes Speichern als PDF ohne Kennwort) und laden Sie sie erneut.")

# pypdf logs every recoverable syntax problem; for users these are noise.
logging.getLogger("pypdf").setLevel(logging.ERROR)


def read_pdf(data: bytes, filename: str, options: IngestOptions,
             progress: Progress | None = None, budget: Budget | None = None) -> Document:
    """Parse ``data`` into a ``Document`` (with its tables); raises ``IngestError`` with a
    German message.

    ``budget`` is the file's time budget shared with the later stages (a fresh one of
    ``options.max_seconds`` when not given)."""
    report = progress or (lambda stage, fraction: None)
    budget = budget or Budget(options.max_seconds)
    _validate_bytes(data, options)
    reader = _open(data)
    page_count = _page_count(reader, options)
    doc_id = hashlib.sha256(data).hexdigest()
    pages, status = _read_pages(data, reader, page_count, options, report, budget)
    tables, notes_ = _tables(pages, doc_id, budget)
    raw = _texts(pages, tables[1], options)
    fields = form_fields(reader)
    for index, entries in fields.items():  # field values are text the author typed in
        raw[index] += "".join(f"\nFormularfeld {name}: {value}" for name, value in entries)
    cleaned = clean_pages(raw)
    textless = [i for i, text in enumerate(cleaned) if _letters(text) < MIN_PAGE_LETTERS
                and status[i] in (TEXT, BROKEN) and (status[i] == BROKEN or _has_images(reader, i))]
    ocr_done, notes = _ocr_pages(data, textless, pages, options, report, budget)
    if ocr_done:
        scanned = [pages[i] for i in sorted(ocr_done)]
        ocr_tables, ocr_notes = _tables(scanned, doc_id, budget)
        tables = (tables[0] + ocr_tables[0], tables[1] | ocr_tables[1])
        notes_ += ocr_notes
        for index, text in zip(sorted(ocr_done), _texts(scanned, ocr_tables[1], options)):
            raw[index] = text
        cleaned = clean_pages(raw)
    _settle_status(status, cleaned, textless, ocr_done)
    missing = [i for i in textless if i not in ocr_done]
    if sum(_letters(text) for text in cleaned) < MIN_PAGE_LETTERS:
        limits = limit_warnings(status, options)
        raise IngestError(" ".join(["Die PDF-Datei wurde nicht aufgenommen:", *limits])
                          if limits else no_text_message(options, notes))
    warnings_ = (limit_warnings(status, options) + missing_warnings(missing, status, notes, options)
                 + extras_warnings(fields, attachment_names(reader)) + notes_)
    document = document_from_texts(cleaned, filename, doc_id,
                                   title=_title(reader, cleaned, filename), missing=missing,
                                   ocr_done=ocr_done, warnings_=warnings_, status=status)
    return replace(document, tables=tuple(tables[0]))


def _tables(pages: list[PageLines | None], doc_id: str, budget: Budget
            ) -> tuple[tuple[list[Table], set[int]], list[str]]:
    """Tables of the read pages and the ids of their lines; a failure here never fails the
    ingest: the text is indexed with the tables' lines in it."""
    try:
        read = [p for p in pages if p is not None]
        return tables_of_pages(read, doc_id, time.monotonic() + budget.remaining()), []
    except Exception:  # noqa: BLE001 — a strange PDF must not lose the document's text
        return ([], set()), ["Die Tabellen dieses Dokuments konnten nicht gelesen werden; "
                             "ihr Text ist trotzdem durchsuchbar."]


def _texts(pages: list[PageLines | None], cut: set[int], options: IngestOptions) -> list[str]:
    """Prose text of each page (tables cut out), within ``max_page_chars``."""
    return ["" if page is None else page_text(page, cut)[: options.max_page_chars] for page in pages]


def _settle_status(status: list[str], cleaned: list[str], textless: list[int],
                   ocr_done: set[int]) -> None:
    """Final status of pages that came out without text (in place)."""
    for index, text in enumerate(cleaned):
        if index in ocr_done:
            status[index] = OCR
        elif index in textless and status[index] == TEXT:
            status[index] = SCANNED
        elif status[index] == TEXT and not text.strip():
            status[index] = EMPTY


def _validate_bytes(data: bytes, options: IngestOptions) -> None:
    if not data:
        raise IngestError("Die Datei ist leer.")
    size_mb = len(data) / (1024 * 1024)
    if size_mb > options.max_file_mb:
        raise IngestError(f"Die Datei ist zu groß ({_german_mb(size_mb)} MB); erlaubt sind "
                          f"höchstens {_german_mb(options.max_file_mb)} MB.")
    # The PDF standard allows a few bytes of junk before the header.
    if b"%PDF-" not in data[:1024]:
        raise IngestError("Die Datei ist keine PDF-Datei (der PDF-Kopf fehlt).")


def _german_mb(value: float) -> str:
    """'200', '12,5', '0,01' — German decimal comma, no trailing zeros."""
    text = f"{value:.2f}".rstrip("0").rstrip(".")
    return text.replace(".", ",")


def _open(data: bytes) -> PdfReader:
    """Open and, if needed, decrypt with the empty user password (common for 'protected' PDFs)."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            reader = PdfReader(io.BytesIO(data), strict=False)
            if reader.is_encrypted:
                if reader.decrypt("") == PasswordType.NOT_DECRYPTED:
                    raise IngestError(_ENCRYPTED)
    except IngestError:
        raise
    except Exception as exc:  # pypdf raises many types for broken files; never show a trace
        if "password" in str(exc).lower() or "decrypt" in str(exc).lower():
            raise IngestError(_ENCRYPTED) from exc
        raise IngestError(_BROKEN) from exc
    return reader


def _page_count(reader: PdfReader, options: IngestOptions) -> int:
    try:
        count = len(reader.pages)
    except Exception as exc:  # includes RecursionError from cyclic page trees
        raise IngestError(_BROKEN) from exc
    if count == 0:
        raise IngestError("Die PDF-Datei enthält keine Seiten.")
    if count > options.max_pages:
        raise IngestError(f"Die PDF-Datei hat {count} Seiten; erlaubt sind höchstens "
                          f"{options.max_pages}.")
    return count


def _read_pages(data: bytes, reader: PdfReader, count: int, options: IngestOptions,
                report: Progress, budget: Budget) -> tuple[list[PageLines | None], list[str]]:
    """The lines of every page within the work budget, and each page's status: a page is
    looked at (text operators counted) before it is read, at most ``max_page_chars``
    characters of it are read and at most ``max_document_chars`` of the file."""
    try:
        pdf = open_pdf(data)
    except Exception as exc:  # pdfium cannot open what pypdf could: still a broken file
        raise IngestError(_BROKEN) from exc
    pages: list[PageLines | None] = []
    status: list[str] = []
    total = 0
    try:
        for index in range(count):
            budget.check("lesen")
            page, state = (None, OMITTED) if total >= options.max_document_chars else \
                _read_page(pdf, reader, index, min(options.max_page_chars,
                                                   options.max_document_chars - total), options)
            if page is not None:
                total += sum(len(word.text) + 1 for word in page.model.words)
            pages.append(page)
            status.append(state)
            report("lesen", (index + 1) / count)
    finally:
        pdf.close()
    if all(state == BROKEN for state in status):
        raise IngestError(_BROKEN)
    return pages, status


def _read_page(pdf, reader: PdfReader, index: int, max_chars: int,
               options: IngestOptions) -> tuple[PageLines | None, str]:
    try:
        cost = page_cost(reader.pages[index])
    except Exception:  # includes RecursionError from cyclic page objects
        return None, BROKEN
    # A page drawing far more than it may keep is not worth reading (10 MB of text on one
    # line took 38 s to extract with pypdf).
    if cost.text_ops > options.max_page_text_ops or cost.text_bytes > 10 * options.max_page_chars:
        return None, TOO_COMPLEX
    if cost.broken:
        return None, BROKEN
    try:
        model = read_page(pdf, index, max_chars)
        return page_lines(model), TRUNCATED if model.truncated else TEXT
    except Exception:  # pdfium's errors for a damaged page: the other pages still count
        return None, BROKEN


def _has_images(reader: PdfReader, index: int) -> bool:
    """A page without text but with images is probably scanned; a blank page is just blank."""
    try:
        return len(reader.pages[index].images) > 0
    except Exception:  # unreadable resources: better try OCR than silently drop the page
        return True


def _letters(text: str) -> int:
    return sum(char.isalpha() for char in text)


def _ocr_pages(data: bytes, textless: list[int], pages: list[PageLines | None],
               options: IngestOptions, report: Progress,
               budget: Budget) -> tuple[set[int], dict[str, list[int]]]:
    """OCR text-less pages into ``pages`` (in place); returns OCR'd pages and problem notes."""
    notes: dict[str, list[int]] = {"unavailable": [], "limit": [], "error": [], "empty": []}
    if not textless:
        return set(), notes
    if options.ocr != "auto" or not ocr.ocr_available(options.ocr_lang):
        notes["unavailable"] = list(textless)
        return set(), notes
    done: set[int] = set()
    for position, index in enumerate(textless):
        budget.check("ocr")
        if position >= options.max_ocr_pages:
            notes["limit"].append(index)
            continue
        try:
            model = ocr.ocr_page_model(data, index, lang=options.ocr_lang, dpi=options.ocr_dpi,
                                       timeout_s=max(1.0, min(options.ocr_timeout_s, budget.remaining())),
                                       max_pixels=options.max_image_pixels)
            lines = page_lines(model)
        except ocr.OcrError:
            notes["error"].append(index)
            lines = None
        if lines is not None and _letters(page_text(lines)) >= MIN_PAGE_LETTERS:
            pages[index] = lines
            done.add(index)
        elif index not in notes["error"]:
            notes["empty"].append(index)
        report("ocr", (position + 1) / len(textless))
    return done, notes


def _title(reader: PdfReader, pages: list[str], filename: str) -> str:
    """Metadata title when it is meaningful, else the first substantial line, else the name."""
    try:
        meta = reader.metadata
        title = str(meta.title or "").strip() if meta else ""
    except Exception:
        title = ""
    if len(title) >= 3 and title.lower() not in {"untitled", "(unspecified)", "unbenannt"} \
            and not re.search(r"\.(docx?|pdf|odt|indd|xlsx?)$", title, re.IGNORECASE):
        return title
    for text in pages:
        for line in text.splitlines():
            line = " ".join(line.split())
            if _letters(line) >= 4 and len(line) <= 150:
                return line
    return re.sub(r"\.pdf$", "", filename, flags=re.IGNORECASE) or filename


def document_from_texts(texts: list[str], filename: str, doc_id: str, title: str = "",
                        missing: Collection[int] = (), ocr_done: Collection[int] = (),
                        warnings_: Sequence[str] = (), status: Sequence[str] = ()) -> Document:
    """Join cleaned page texts (0-based ``missing``/``ocr_done`` page indices) into a
    ``Document`` with each page's offsets; also handy to build documents in tests."""
    pages: list[Page] = []
    offset = 0
    for index, text in enumerate(texts):
        if index:
            offset += len(PAGE_SEPARATOR)
        pages.append(Page(number=index + 1, text=text, char_start=offset,
                          char_end=offset + len(text),
                          has_text_layer=index not in missing and index not in ocr_done,
                          ocr=index in ocr_done,
                          status=status[index] if index < len(status) else TEXT))
        offset += len(text)
    return Document(doc_id=doc_id, filename=filename, title=title or filename,
                    pages=tuple(pages), text=PAGE_SEPARATOR.join(texts),
                    warnings=tuple(warnings_))
