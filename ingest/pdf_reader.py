"""Read a PDF into a cleaned ``Document``: validation, layout-mode text extraction,
OCR fallback for scanned pages, cleaning and page offsets."""

from __future__ import annotations

import hashlib
import io
import logging
import re
import time
import warnings
from collections.abc import Callable, Collection, Sequence

from pypdf import PasswordType, PdfReader

from ingest import ocr
from ingest.cleaning import clean_pages
from ingest.layout import normalize_layout
from ingest.options import IngestOptions
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
             progress: Progress | None = None) -> Document:
    """Parse ``data`` into a ``Document``; raises ``IngestError`` with a German message."""
    report = progress or (lambda stage, fraction: None)
    _validate_bytes(data, options)
    reader = _open(data)
    page_count = _page_count(reader, options)
    raw, failed = _extract_pages(reader, page_count, options, report)
    cleaned = clean_pages(raw)
    textless = [i for i, text in enumerate(cleaned)
                if _letters(text) < MIN_PAGE_LETTERS and (i in failed or _has_images(reader, i))]
    ocr_done, notes = _ocr_pages(data, textless, raw, options, report)
    if ocr_done:
        cleaned = clean_pages(raw)
    missing = [i for i in textless if i not in ocr_done]
    if sum(_letters(text) for text in cleaned) < MIN_PAGE_LETTERS:
        raise IngestError(_no_text_message(options, notes))
    return document_from_texts(cleaned, filename, hashlib.sha256(data).hexdigest(),
                               title=_title(reader, cleaned, filename), missing=missing,
                               ocr_done=ocr_done,
                               warnings_=_warnings(missing, failed, notes, options))


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


def _extract_pages(reader: PdfReader, count: int, options: IngestOptions,
                   report: Progress) -> tuple[list[str], list[int]]:
    """Layout-mode text of every page; pages that fail come back empty and are listed."""
    deadline = time.monotonic() + options.max_seconds
    texts: list[str] = []
    failed: list[int] = []
    for index in range(count):
        if time.monotonic() > deadline:
            raise IngestError("Das Lesen der PDF-Datei dauert zu lange; die Datei ist "
                              "möglicherweise beschädigt oder ungewöhnlich aufgebaut.")
        text = _page_text(reader, index)
        if text is None:
            failed.append(index)
            text = ""
        texts.append(text)
        report("lesen", (index + 1) / count)
    if len(failed) == count:
        raise IngestError(_BROKEN)
    return texts, failed


def _page_text(reader: PdfReader, index: int) -> str | None:
    """Layout mode keeps table rows on one line; plain mode is the fallback for odd fonts."""
    for mode in ("layout", "plain"):
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                raw = reader.pages[index].extract_text(extraction_mode=mode)
            return normalize_layout(raw)
        except Exception:  # includes RecursionError from deeply nested or cyclic objects
            continue
    return None


def _has_images(reader: PdfReader, index: int) -> bool:
    """A page without text but with images is probably scanned; a blank page is just blank."""
    try:
        return len(reader.pages[index].images) > 0
    except Exception:  # unreadable resources: better try OCR than silently drop the page
        return True


def _letters(text: str) -> int:
    return sum(char.isalpha() for char in text)


def _ocr_pages(data: bytes, textless: list[int], raw: list[str], options: IngestOptions,
               report: Progress) -> tuple[set[int], dict[str, list[int]]]:
    """OCR text-less pages into ``raw`` (in place); returns OCR'd pages and problem notes."""
    notes: dict[str, list[int]] = {"unavailable": [], "limit": [], "error": [], "empty": []}
    if not textless:
        return set(), notes
    if options.ocr != "auto" or not ocr.ocr_available(options.ocr_lang):
        notes["unavailable"] = list(textless)
        return set(), notes
    done: set[int] = set()
    for position, index in enumerate(textless):
        if position >= options.max_ocr_pages:
            notes["limit"].append(index)
            continue
        try:
            text = ocr.ocr_page_image(data, index, lang=options.ocr_lang, dpi=options.ocr_dpi,
                                      timeout_s=options.ocr_timeout_s,
                                      max_pixels=options.max_image_pixels)
        except ocr.OcrError:
            notes["error"].append(index)
            text = ""
        if _letters(text) >= MIN_PAGE_LETTERS:
            raw[index] = normalize_layout(text)
            done.add(index)
        elif index not in notes["error"]:
            notes["empty"].append(index)
        report("ocr", (position + 1) / len(textless))
    return done, notes


def _pages_label(indices: list[int]) -> str:
    numbers = [str(i + 1) for i in sorted(indices)]
    if len(numbers) == 1:
        return f"Seite {numbers[0]}"
    return f"Seiten {', '.join(numbers[:-1])} und {numbers[-1]}"


def _warnings(missing: list[int], failed: list[int], notes: dict[str, list[int]],
              options: IngestOptions) -> list[str]:
    """German warnings for pages whose text is missing, grouped by cause."""
    result = []
    broken = [i for i in missing if i in failed]
    if broken:
        result.append(f"{_pages_label(broken)} konnte(n) nicht gelesen werden (beschädigt?).")
    scanned = [i for i in notes["unavailable"] if i not in failed]
    if scanned:
        reason = ("OCR ist ausgeschaltet (AMIP_OCR=off)" if options.ocr == "off" else
                  f"OCR nicht verfügbar: Tesseract mit Sprachpaket '{options.ocr_lang}' "
                  "ist nicht installiert")
        verb = "enthält" if len(scanned) == 1 else "enthalten"
        result.append(f"{_pages_label(scanned)} {verb} keinen Text (gescanntes Bild?); "
                      f"{reason}. Diese Seiten fehlen in Suche und Antworten.")
    if notes["limit"]:
        result.append(f"{_pages_label(notes['limit'])}: keine Texterkennung, weil höchstens "
                      f"{options.max_ocr_pages} Seiten je Datei per OCR gelesen werden.")
    if notes["error"]:
        result.append(f"{_pages_label(notes['error'])}: die Texterkennung (OCR) ist "
                      "fehlgeschlagen.")
    empty = [i for i in notes["empty"] if i not in failed]
    if empty:
        result.append(f"{_pages_label(empty)}: auch die Texterkennung (OCR) fand keinen Text.")
    return result


def _no_text_message(options: IngestOptions, notes: dict[str, list[int]]) -> str:
    base = "Die PDF-Datei enthält keinen lesbaren Text (vermutlich ein gescanntes Dokument)."
    if not any(notes.values()):  # no images either: an empty document, OCR would not help
        return "Die PDF-Datei enthält keinen lesbaren Text."
    if options.ocr == "off":
        return base + " Die Texterkennung (OCR) ist ausgeschaltet (AMIP_OCR=off)."
    if notes["unavailable"] and options.ocr == "auto":
        return (base + " Die Texterkennung (OCR) ist nicht verfügbar: bitte Tesseract mit "
                f"dem Sprachpaket '{options.ocr_lang}' installieren (z. B. "
                "'apt-get install tesseract-ocr tesseract-ocr-deu').")
    return base + " Auch die Texterkennung (OCR) hat keinen Text gefunden."


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
                        warnings_: Sequence[str] = ()) -> Document:
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
                          ocr=index in ocr_done))
        offset += len(text)
    return Document(doc_id=doc_id, filename=filename, title=title or filename,
                    pages=tuple(pages), text=PAGE_SEPARATOR.join(texts),
                    warnings=tuple(warnings_))
