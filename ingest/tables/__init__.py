"""Tables of a PDF, read once at ingest from its drawn structure (see ``types``).

``extract_tables(data, doc_id)`` reads word positions and ruling lines with pypdfium2,
splits two-column pages at their gutter, finds blocks of rows ending in numbers, joins
multi-line headers and labels, classifies columns (role, year, unit) and merges a table
continued on the next page. It never raises for a strange page: a page it cannot read
simply contributes no table.
"""

from __future__ import annotations

import re
import time
from collections import Counter

from ingest.tables.build import HEADER_WORDS, build_table, is_contents, is_fragment, merge_continued
from ingest.tables.columns import Vocabulary
from ingest.tables.detect import find_tables
from ingest.tables.lines import page_lines
from ingest.tables.reader import read_layouts
from ingest.tables.types import Column, Row, Table

__all__ = ["Column", "Row", "Table", "extract_tables", "candidate_pages"]

_WORD = re.compile(r"[^\W\d_]+")
# A value at the end of a line after a column gap (the page reader keeps gaps as 3 spaces).
_VALUE_AFTER_GAP = re.compile(r"\S {3,}\(?[-+−–]?\s?\d[\d.,]*\)?\s?(?:%|€|T€|TEUR|EUR|Mio\.?\s?€?)?\s*$")


def candidate_pages(pages: list[tuple[int, str]]) -> list[int]:
    """Pages whose text has two lines ending in a value set off by a column gap (a cheap
    pre-filter on the page text, so the table reader runs only where a table can be)."""
    found: list[int] = []
    for number, text in pages:
        rows = [bool(_VALUE_AFTER_GAP.search(line)) for line in text.splitlines()]
        # A single row continuing a table from the page before is enough there.
        continued = bool(found) and found[-1] == number - 1 and any(rows[:6])
        if sum(rows) >= 2 or continued:
            found.append(number)
    return found


def extract_tables(data: bytes, doc_id: str, pages: list[int] | None = None,
                   deadline: float | None = None, vocabulary: Counter[str] | None = None) -> list[Table]:
    """Tables of the given pages (all when None) in reading order; stops at ``deadline``
    (a ``time.monotonic()`` value) and returns what it found by then. ``vocabulary``: the
    document's word counts (else counted on the pages read), to rejoin broken words."""
    found = []
    counts: Counter[str] = Counter(vocabulary or {})
    layouts = []
    for layout in read_layouts(data, pages):
        layouts.append(layout)
        if vocabulary is None:
            counts.update(w.lower() for word in layout.words for w in _WORD.findall(word.text))
        if deadline is not None and time.monotonic() > deadline:
            break
    known = Vocabulary(counts, HEADER_WORDS)
    for layout in layouts:
        for region in page_lines(layout):
            for raw in find_tables(region, layout.hrules):
                found.append((build_table(raw, doc_id, known), raw))
    return [t for t in merge_continued(found) if not is_contents(t) and not is_fragment(t)]


def document_tables(data: bytes, doc_id: str, pages: list[tuple[int, str]],
                    deadline: float | None = None) -> tuple[list[Table], list[str]]:
    """Tables of a document whose page texts are known, and German warnings.

    Only candidate pages are read (a page without two lines ending in numbers has no table
    of figures). A failure here never fails the ingest: the text is indexed without tables.
    """
    candidates = candidate_pages(pages)
    if not candidates:
        return [], []
    counts = Counter(w.lower() for _, text in pages for w in _WORD.findall(text))
    try:
        return extract_tables(data, doc_id, candidates, deadline, counts), []
    except Exception:  # noqa: BLE001 — a strange PDF must not lose the document's text
        return [], ["Die Tabellen dieses Dokuments konnten nicht gelesen werden; "
                    "ihr Text ist trotzdem durchsuchbar."]
