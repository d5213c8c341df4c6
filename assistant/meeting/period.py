"""Which year an AMIP plans for, read from the document itself (``titles`` decides which
document is last year's: same Jobcenter, earlier year).

The title and the first page name the planning year ("Arbeitsmarkt- und Integrationsprogramm
2025", "AMIP 2024/2025"); the file name is only a fallback because users rename files
("entwurf_final.pdf"). A year range counts as its last year: "2024/2025" plans 2025 and a
multi-year programme "2020–2023" ends in 2023, so next year's AMIP compares with it. A range of
more than ``MAX_RANGE`` years is not a programme's period (an EU funding period named on the
cover) and counts as its first year.

A plan is written for the coming year or a programme period starting soon: a year more than
``MAX_YEARS_AHEAD`` years after today's is not plausible ("AMIP 2099", a typo, a test file)
and is ignored, so such a document cannot become the newest for automatic comparisons; the
next source (first page, file name) decides instead.
"""

from __future__ import annotations

import datetime
import re
from collections import Counter

_YEAR = re.compile(r"(?<!\d)(20\d\d)(?:\s*[/–-]\s*(20\d\d|\d\d))?(?!\d)")
_PROGRAM = re.compile(r"programm|amip|\bamp\b|planung|jahr", re.IGNORECASE)
MAX_RANGE = 5  # longest programme period in years ("2021–2026")
MAX_YEARS_AHEAD = 3  # a plan for the year after next is already rare; a period ends at most this far ahead


def spans_in(text: str) -> list[tuple[int, int]]:
    """(first, last) year of every year or range named in ``text``; a single year is (y, y)."""
    spans = []
    for match in _YEAR.finditer(text):
        first, second = int(match.group(1)), match.group(2)
        later = (int(second) if len(second) == 4 else first // 100 * 100 + int(second)) if second else first
        spans.append((first, later) if 0 < later - first <= MAX_RANGE else (first, first))
    return spans


def years_in(text: str) -> list[int]:
    """Years named in ``text``; "2024/2025", "2024/25" and "2020–2023" count as their last year."""
    return [last for _, last in spans_in(text)]


def plausible(year: int, today: int | None = None) -> bool:
    """Whether ``year`` can be the planning year of a document read in ``today``'s year."""
    return year <= (today or datetime.date.today().year) + MAX_YEARS_AHEAD


def document_span(title: str, first_page: str, filename: str, today: int | None = None) -> tuple[int, int] | None:
    """First and last year a document plans for: title, then first page, then file name; None if none.

    Implausible (far-future) years are left out of every source. The most often named last
    year wins, ties go to the later one (a plan looks ahead); its longest printed range gives
    the first year."""
    for text in (title, _program_lines(first_page), first_page[:600], filename):
        spans = [(first, last) for first, last in spans_in(text or "") if plausible(last, today)]
        if spans:
            counts = Counter(last for _, last in spans)
            year = max(counts, key=lambda y: (counts[y], y))
            return min(first for first, last in spans if last == year), year
    return None


def document_period(title: str, first_page: str, filename: str, today: int | None = None) -> int | None:
    """The planning year of a document (the last year of its period); None if none is named."""
    span = document_span(title, first_page, filename, today)
    return span[1] if span else None


def _program_lines(page: str) -> str:
    """Lines of the first page that name the programme (where the planning year stands)."""
    return "\n".join(line for line in page.splitlines()[:15] if _PROGRAM.search(line))
