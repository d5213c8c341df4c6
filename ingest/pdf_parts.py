"""What a PDF holds besides its page text, read cheaply with pypdf: the cost of a page's
content stream (measured before extracting it), form field values and embedded files."""

from __future__ import annotations

import re
import warnings
from dataclasses import dataclass

from pypdf import PageObject, PdfReader

# Text-showing operators: Tj, TJ, ' and " (the quote forms follow a string or number).
_TEXT_OPS = re.compile(rb"(?:T[jJ]|(?<=[)\]\s])['\"])(?=[\s/\[(<]|$)")
# String operands: literal "(...)" and hex "<...>" strings. An estimate (escaped and nested
# parentheses end a literal early): single-class repeats run without backtracking memory,
# where an alternation took 1.4 GB on a 10 MB string.
_LITERAL = re.compile(rb"\([^)]*\)")
_HEX = re.compile(rb"<[0-9A-Fa-f\s]*>")
_MAX_FORMS = 50  # form XObjects looked into per page; more is itself a sign of a hostile page


@dataclass(frozen=True)
class PageCost:
    """Raw facts about a page's content, gathered without running the text extractor."""

    text_ops: int = 0
    text_bytes: int = 0  # bytes inside string operands: about the characters drawn
    content_bytes: int = 0
    broken: bool = False  # a content stream exists but cannot be decoded


def page_cost(page: PageObject) -> PageCost:
    """Count text operators in the page's content streams and its form XObjects (one level),
    so a page built from 100,000 tiny text objects is recognised before extraction starts."""
    ops = size = text = 0
    broken = False
    for data in _content_streams(page):
        if data is None:
            broken = True
            continue
        ops += len(_TEXT_OPS.findall(data))
        text += sum(m.end() - m.start() - 2 for m in _LITERAL.finditer(data))
        text += sum((m.end() - m.start() - 2) // 2 for m in _HEX.finditer(data))
        size += len(data)
    return PageCost(ops, text, size, broken and size == 0)


def _content_streams(page: PageObject) -> list[bytes | None]:
    """Decoded content streams of the page and its form XObjects; ``None`` for an undecodable one."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            contents = page.get("/Contents")
            contents = contents.get_object() if contents is not None else None
        except Exception:  # broken reference: the extractor will not find anything either
            return [None]
        parts = list(contents) if isinstance(contents, list) else [] if contents is None else [contents]
        result = [_decoded(part) for part in parts]
        for form in _forms(page):
            result.append(_decoded(form))
    return result


def _decoded(obj: object) -> bytes | None:
    try:
        stream = obj.get_object()  # type: ignore[attr-defined]
        data = stream.get_data()
        raw = getattr(stream, "_data", b"")  # pypdf drops /Length once parsed
    except Exception:  # bad Flate data, wrong /Length, missing object
        return None
    if not isinstance(data, bytes) or (not data and raw):
        return None  # pypdf (strict=False) logs bad Flate data and hands back nothing
    return data


def _forms(page: PageObject) -> list:
    """Form XObjects drawn by the page, nested ones included (each once, at most ``_MAX_FORMS``):
    the extractor recurses into them, so their text operators count for the page."""
    found: list = []
    seen: set[int] = set()
    pending = [page]
    while pending and len(found) < _MAX_FORMS:
        for form in _child_forms(pending.pop()):
            if id(form) not in seen and len(found) < _MAX_FORMS:
                seen.add(id(form))
                found.append(form)
                pending.append(form)
    return found


def _child_forms(owner) -> list:
    try:
        resources = owner.get("/Resources")
        xobjects = resources.get_object().get("/XObject") if resources is not None else None
        xobjects = xobjects.get_object() if xobjects is not None else {}
        return [x for x in (v.get_object() for v in xobjects.values()) if x.get("/Subtype") == "/Form"]
    except Exception:  # no or unreadable resources: nothing to count
        return []


def form_fields(reader: PdfReader) -> dict[int, list[tuple[str, str]]]:
    """Filled-in form fields per 0-based page index (field name, value as text)."""
    found: dict[int, list[tuple[str, str]]] = {}
    try:
        pages = reader.pages
        for index in range(len(pages)):
            for annot in pages[index].get("/Annots") or []:
                field = annot.get_object()
                if field.get("/Subtype") != "/Widget":
                    continue
                value = _field_value(field)
                if value:
                    found.setdefault(index, []).append((_field_name(field), value))
    except Exception:  # a broken annotation array costs the form values, not the document
        return found
    return found


def _field_name(field: dict) -> str:
    name = field.get("/T") or (field.get("/Parent") or {}).get("/T") or "Feld"
    return " ".join(str(name).split())[:80]


def _field_value(field: dict) -> str:
    value = field.get("/V")
    if value is None and field.get("/Parent") is not None:
        value = field["/Parent"].get_object().get("/V")
    if value is None:
        return ""
    value = value.get_object() if hasattr(value, "get_object") else value
    if isinstance(value, list):
        value = ", ".join(str(v) for v in value)
    text = str(value).lstrip("/") if str(value) not in ("/Off",) else ""
    return " ".join(text.split())[:500]


def attachment_names(reader: PdfReader) -> list[str]:
    """Names of the files embedded in the PDF (they are not read)."""
    try:
        return sorted(str(name) for name in reader.attachments)
    except Exception:  # a broken name tree: report nothing rather than fail the document
        return []
