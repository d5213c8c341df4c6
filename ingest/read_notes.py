"""German warnings about pages whose text is missing or incomplete, grouped by cause, and
the per-page extraction status kept with each document (so no page is lost silently)."""

from __future__ import annotations

from ingest.options import IngestOptions

# Per-page extraction status (``Page.status``), from the reader's point of view.
TEXT = "text"  # text layer read in full
OCR = "ocr"  # text recognised from the page image
EMPTY = "empty"  # no text and no image: a blank page
SCANNED = "scanned"  # an image without text, not OCR'd (OCR off, unavailable, failed, limit)
BROKEN = "broken"  # content could not be decoded or extracted
TOO_COMPLEX = "too_complex"  # over ``max_page_text_ops`` or 10 × ``max_page_chars`` drawn: not read
TRUNCATED = "truncated"  # text cut at ``max_page_chars``
OMITTED = "omitted"  # not read: ``max_document_chars`` reached on earlier pages


def pages_label(indices: list[int]) -> str:
    """'Seite 3' or 'Seiten 2, 5 und 7' for 0-based page indices."""
    numbers = [str(i + 1) for i in sorted(indices)]
    if len(numbers) == 1:
        return f"Seite {numbers[0]}"
    if len(numbers) > 12:  # a range reads better than hundreds of numbers
        return f"Seiten {numbers[0]} bis {numbers[-1]} ({len(numbers)} Seiten)"
    return f"Seiten {', '.join(numbers[:-1])} und {numbers[-1]}"


def _number(value: int) -> str:
    return f"{value:,}".replace(",", ".")


def limit_warnings(status: list[str], options: IngestOptions) -> list[str]:
    """Warnings for pages the work budget left out or cut short."""
    result = []
    complex_ = [i for i, s in enumerate(status) if s == TOO_COMPLEX]
    if complex_:
        result.append(f"{pages_label(complex_)}: zu viele Textobjekte (mehr als "
                      f"{_number(options.max_page_text_ops)}, Einstellung AMIP_MAX_PAGE_TEXT_OPS) "
                      f"oder weit mehr Text als {_number(options.max_page_chars)} Zeichen "
                      "(AMIP_MAX_PAGE_CHARS); nicht ausgelesen, fehlt in Suche und Antworten.")
    cut = [i for i, s in enumerate(status) if s == TRUNCATED]
    if cut:
        result.append(f"{pages_label(cut)}: nur die ersten {_number(options.max_page_chars)} Zeichen "
                      "aufgenommen (Einstellung AMIP_MAX_PAGE_CHARS); der Rest fehlt.")
    omitted = [i for i, s in enumerate(status) if s == OMITTED]
    if omitted:
        result.append(f"{pages_label(omitted)}: nicht aufgenommen, weil die Datei mehr als "
                      f"{_number(options.max_document_chars)} Zeichen enthält "
                      "(Einstellung AMIP_MAX_DOCUMENT_CHARS).")
    return result


def missing_warnings(missing: list[int], status: list[str], notes: dict[str, list[int]],
                     options: IngestOptions) -> list[str]:
    """German warnings for pages whose text is missing, grouped by cause."""
    result = []
    broken = [i for i in missing if status[i] == BROKEN]
    if broken:
        result.append(f"{pages_label(broken)} konnte(n) nicht gelesen werden (beschädigt?); "
                      "fehlt in Suche und Antworten.")
    scanned = [i for i in notes["unavailable"] if status[i] != BROKEN]
    if scanned:
        reason = ("OCR ist ausgeschaltet (AMIP_OCR=off)" if options.ocr == "off" else
                  f"OCR nicht verfügbar: Tesseract mit Sprachpaket '{options.ocr_lang}' "
                  "ist nicht installiert")
        verb = "enthält" if len(scanned) == 1 else "enthalten"
        result.append(f"{pages_label(scanned)} {verb} keinen Text (gescanntes Bild?); "
                      f"{reason}. Diese Seiten fehlen in Suche und Antworten.")
    if notes["limit"]:
        result.append(f"{pages_label(notes['limit'])}: keine Texterkennung, weil höchstens "
                      f"{options.max_ocr_pages} Seiten je Datei per OCR gelesen werden.")
    if notes["error"]:
        result.append(f"{pages_label(notes['error'])}: die Texterkennung (OCR) ist "
                      "fehlgeschlagen.")
    empty = [i for i in notes["empty"] if status[i] != BROKEN]
    if empty:
        result.append(f"{pages_label(empty)}: auch die Texterkennung (OCR) fand keinen Text.")
    blank = [i for i, s in enumerate(status) if s == EMPTY]
    if blank:
        result.append(f"{pages_label(blank)} enthält/enthalten keinen Text (leere Seite).")
    return result


def extras_warnings(fields: dict[int, list[tuple[str, str]]], attachments: list[str]) -> list[str]:
    """Form field values (indexed as text of their page) and embedded files (not read)."""
    result = []
    if fields:
        names = [name for entries in fields.values() for name, _ in entries]
        shown = ", ".join(f"„{n}“" for n in names[:10]) + (" …" if len(names) > 10 else "")
        result.append(f"Die Datei enthält {len(names)} ausgefüllte(s) Formularfeld(er) ({shown}); "
                      f"die Werte wurden als Text von {pages_label(sorted(fields))} aufgenommen.")
    if attachments:
        shown = ", ".join(f"„{n}“" for n in attachments[:10]) + (" …" if len(attachments) > 10 else "")
        result.append(f"Die Datei enthält {len(attachments)} eingebettete Datei(en) ({shown}); "
                      "diese Anhänge werden nicht ausgelesen.")
    return result


def no_text_message(options: IngestOptions, notes: dict[str, list[int]]) -> str:
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
