"""Text from documents made harmless before it is shown, printed, exported or saved.

* ``clean_text``: control characters (ESC/OSC terminal sequences, newlines inside a file
  name) and bidi overrides (U+202E turns "AMIP" into "PIMA") removed — for names, titles and
  anything the CLI prints or a DOCX file holds (XML refuses control characters);
* ``neutralise_csv_cell`` / ``safe_frame``: a cell starting with ``= + - @`` (a formula to a
  spreadsheet: ``=HYPERLINK(…)``) gets a leading apostrophe unless it is a plain number;
* ``strict_json``: non-finite numbers (a 400-digit cell parses to infinity) become null,
  counted for a warning, so strict JSON parsers accept the output.
"""

from __future__ import annotations

import dataclasses
import math
import re
from typing import Any

# C0 and C1 controls except tab and newline, DEL, bidi embeddings/overrides/isolates and marks.
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")
_LINE_BREAKS = re.compile(r"[\t\n\r\v\f\u2028\u2029\x85]+")
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "\uff1d", "\uff0b", "\uff0d", "\uff20")
_PLAIN_NUMBER = re.compile(r"[+\-−]?\s*[\d.,' ]+\s*%?")


def clean_text(text: str, keep_newlines: bool = False) -> str:
    """``text`` without control characters and bidi overrides; line breaks become spaces
    unless ``keep_newlines`` (then only ``\\n`` and tab survive)."""
    if not keep_newlines:
        text = _LINE_BREAKS.sub(" ", text)
    return _CONTROL.sub("", text)


def clean_data(value: Any) -> Any:
    """``clean_text`` on every string inside lists and dicts (newlines kept: JSON escapes them)."""
    if isinstance(value, str):
        return clean_text(value, keep_newlines=True)
    if isinstance(value, dict):
        return {clean_data(k): clean_data(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [clean_data(v) for v in value]
    return value


def neutralise_csv_cell(value: Any) -> Any:
    """A cell a spreadsheet would run as a formula, made literal with a leading apostrophe."""
    if not isinstance(value, str) or not value:
        return value
    stripped = value.lstrip(" ")
    if stripped.startswith(_FORMULA_START) and not _PLAIN_NUMBER.fullmatch(stripped):
        return "'" + value
    return value


def safe_frame(frame):
    """A pandas DataFrame whose text cells and column names cannot act as formulas (the
    table's CSV download exports the frame as shown)."""
    safe = frame.copy()
    safe.columns = [neutralise_csv_cell(c) for c in safe.columns]
    for column in safe.columns:  # text columns may be "object" or "str" dtype: map leaves numbers alone
        safe[column] = safe[column].map(neutralise_csv_cell)
    return safe


def strict_json(value: Any) -> tuple[Any, int]:
    """``(value with every NaN/±infinity replaced by None, how many were replaced)``."""
    count = 0

    def walk(item: Any) -> Any:
        nonlocal count
        if isinstance(item, float) and not math.isfinite(item):
            count += 1
            return None
        if isinstance(item, dict):
            return {k: walk(v) for k, v in item.items()}
        if isinstance(item, (list, tuple)):
            return [walk(v) for v in item]
        return item

    return walk(value), count


def clean_fields(value: Any) -> Any:
    """A copy of a dataclass (or list of them) with ``clean_text`` applied to every text field,
    recursively (questions with their citations, checklist items) — for DOCX/Markdown export."""
    if isinstance(value, list):
        return [clean_fields(v) for v in value]
    if isinstance(value, str):
        return clean_text(value, keep_newlines=True)
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        changes = {f.name: clean_fields(getattr(value, f.name)) for f in dataclasses.fields(value)
                   if isinstance(getattr(value, f.name), (str, list)) and f.init}
        return dataclasses.replace(value, **changes)
    return value
