"""Which year an AMIP plans for, read from the document itself (``titles`` decides which
document is last year's: same Jobcenter, earlier year).

The title and the first page name the planning year ("Arbeitsmarkt- und Integrationsprogramm
2025", "AMIP 2024/2025"); the file name is only a fallback because users rename files
("entwurf_final.pdf"). A year range counts as its last year: "2024/2025" plans 2025.
"""

from __future__ import annotations

import re
from collections import Counter

_YEAR = re.compile(r"(?<!\d)(20\d\d)(?:\s*[/–-]\s*(20\d\d|\d\d))?(?!\d)")
_PROGRAM = re.compile(r"programm|amip|\bamp\b|planung|jahr", re.IGNORECASE)


def years_in(text: str) -> list[int]:
    """Years named in ``text``; "2024/2025" and "2024/25" count as 2025."""
    years = []
    for match in _YEAR.finditer(text):
        first, second = int(match.group(1)), match.group(2)
        if second:
            later = int(second) if len(second) == 4 else first // 100 * 100 + int(second)
            years.append(later if 0 < later - first <= 2 else first)
        else:
            years.append(first)
    return years


def document_period(title: str, first_page: str, filename: str) -> int | None:
    """The planning year of a document: title, then first page, then file name; None if none."""
    for text in (title, _program_lines(first_page), first_page[:600], filename):
        years = years_in(text or "")
        if years:
            # The most often named year; ties go to the later one (a plan looks ahead).
            counts = Counter(years)
            return max(counts, key=lambda y: (counts[y], y))
    return None


def _program_lines(page: str) -> str:
    """Lines of the first page that name the programme (where the planning year stands)."""
    return "\n".join(line for line in page.splitlines()[:15] if _PROGRAM.search(line))
