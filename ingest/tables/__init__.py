"""Tables of a PDF, read once at ingest from the page model (see ``types``).

``tables_of_pages`` works on the pages' lines (``ingest.page.lines``): it finds blocks of
rows ending in numbers in each column region, joins multi-line headers and labels,
classifies columns (role, year, unit) and merges a table continued on the next page. It
also returns the lines each kept table consumed, so the prose text leaves them out. It
never raises for a strange page: a page it cannot read simply contributes no table.
"""

from __future__ import annotations

import re
import time
from collections import Counter

from ingest.page.lines import PageLines, page_lines
from ingest.page.pdfium import read_models
from ingest.tables.build import HEADER_WORDS, build_table, is_contents, is_fragment, merge_continued
from ingest.tables.columns import Vocabulary
from ingest.tables.detect import RawTable, find_tables
from ingest.tables.orphans import adopt_orphan_header
from ingest.tables.types import Column, Row, Table

__all__ = ["Column", "Row", "Table", "extract_tables", "tables_of_pages"]

_WORD = re.compile(r"[^\W\d_]+")


def tables_of_pages(pages: list[PageLines], doc_id: str, deadline: float | None = None
                    ) -> tuple[list[Table], set[int]]:
    """Tables of the pages in reading order, and the ``id`` of every line they consumed.
    Stops looking at ``deadline`` (a ``time.monotonic()`` value) and keeps what it found."""
    counts: Counter[str] = Counter(w.lower() for page in pages for word in page.model.words
                                   for w in _WORD.findall(word.text))
    known = Vocabulary(counts, HEADER_WORDS)
    found: list[tuple[Table, RawTable]] = []
    for n, page in enumerate(pages):
        if deadline is not None and time.monotonic() > deadline:
            break
        for r, region in enumerate(page.regions):
            for raw in find_tables(list(region), page.model.hrules):
                if n and pages[n - 1].model.number == page.model.number - 1:
                    before = pages[n - 1].regions
                    adopt_orphan_header(raw, before[r] if r < len(before) and before[r] else before[0])
                found.append((build_table(raw, doc_id, known), raw))
    tables = [t for t in merge_continued(found) if not is_contents(t) and not is_fragment(t)]
    kept = {(row.page, row.bbox) for table in tables for row in table.rows}
    used: set[int] = set()
    for table, raw in found:
        if any((row.page, row.bbox) in kept for row in table.rows):
            used.update(id(line) for line in raw.used)
    return tables, used


def extract_tables(data: bytes, doc_id: str, pages: list[int] | None = None) -> list[Table]:
    """Tables of the given 1-based pages (all when None) of a PDF's text layer."""
    return tables_of_pages([page_lines(m) for m in read_models(data, pages)], doc_id)[0]

