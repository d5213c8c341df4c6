"""What a column means, read from its header: role, period (year) and unit.

Jobcenters word their headers in many ways and in any order ("Ist 2023 (Hochrechnung)",
"Soll 2024", "Planung", "Veränderung in %", "Anteil Frauen", "VJ"); the order of the
checks below decides ties: a change or share column is that whatever year it names,
a forecast ("Hochrechnung") is not an actual even when "Ist" is printed beside it.
"""

from __future__ import annotations

import bisect
import re
from collections import Counter

from ingest.tables.types import Column
from ingest.page.values import PERCENT, unit_of

_ROLE_PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("change_abs", re.compile(r"veränder|differenz|abweichung|\+\s?/\s?[-−–]|±|delta|zu-?\s?/\s?abnahme",
                              re.IGNORECASE)),
    ("share", re.compile(r"anteil|quote\b", re.IGNORECASE)),
    ("forecast", re.compile(r"hochrechnung|prognose|erwartung|voraussichtlich", re.IGNORECASE)),
    ("target", re.compile(r"\bziel", re.IGNORECASE)),
    ("plan", re.compile(r"\bplan|\bsoll\b|geplant|\bansatz", re.IGNORECASE)),
    ("actual", re.compile(r"\bist\b|ergebnis|tatsächlich|vorjahr|\bvj\b", re.IGNORECASE)),
)
_YEAR = re.compile(r"(?<!\d)((?:19|20)\d\d)(?!\d)")
_PREVIOUS_YEAR = re.compile(r"vorjahr|\bvj\b", re.IGNORECASE)
_SUB_HEADER = re.compile(r"^\(?(?:in\s*)?(?:%|prozent|absolut|abs\.)\)?$", re.IGNORECASE)


def classify(headers: list[str], cells: list[list[str]], table_unit: tuple[str, float] | None) -> list[Column]:
    """Columns for the joined ``headers``; ``cells`` are each column's printed cells."""
    roles = [_role(h, c) for h, c in zip(headers, cells)]
    for i in range(1, len(headers)):
        # "Veränderung zum Vorjahr" spanning "absolut" | "in %": the sub-column inherits.
        if roles[i] == "value" and _SUB_HEADER.match(headers[i]) and roles[i - 1].startswith("change"):
            roles[i] = "change_pct" if PERCENT.search(headers[i]) or _mostly_percent(cells[i]) else "change_abs"
    periods = [_period(h) for h in headers]
    known = [p for p in periods if p is not None]
    for i, header in enumerate(headers):
        # "Vorjahr" beside "Plan 2024" is 2023; alone it names no year.
        if periods[i] is None and _PREVIOUS_YEAR.search(header) and known \
                and roles[i] not in ("change_abs", "change_pct"):
            periods[i] = max(known) - 1
    money = _money_unit(headers, cells, table_unit)
    columns = []
    for header, role, period, column_cells in zip(headers, roles, periods, cells):
        unit, scale = _unit(header, role, column_cells, table_unit, money)
        columns.append(Column(header, role, period, unit, scale))
    return columns


def _role(header: str, cells: list[str]) -> str:
    for role, pattern in _ROLE_PATTERNS:
        if pattern.search(header):
            if role == "change_abs" and (PERCENT.search(header) or _mostly_percent(cells)):
                return "change_pct"
            return role
    return "value"


def _period(header: str) -> int | None:
    years = _YEAR.findall(header)
    return int(years[-1]) if years else None


def _mostly_percent(cells: list[str]) -> bool:
    filled = [c for c in cells if c.strip()]
    return bool(filled) and sum("%" in c for c in filled) * 2 > len(filled)


def _money_unit(headers: list[str], cells: list[list[str]], table_unit) -> tuple[str, float] | None:
    """The money unit of the table's plain value columns (for its change columns)."""
    for header, column_cells in zip(headers, cells):
        found = unit_of(header)
        if found and found[0] == "EUR":
            return found
        if any("€" in c or "EUR" in c for c in column_cells):
            return "EUR", 1.0
    return table_unit if table_unit and table_unit[0] == "EUR" else None


def _unit(header: str, role: str, cells: list[str], table_unit, money) -> tuple[str, float]:
    if role in ("change_pct", "share") or (PERCENT.search(header) and role != "change_abs"):
        return "%", 1.0
    found = unit_of(header)
    if found:
        return found
    if _mostly_percent(cells):
        return "%", 1.0
    if any("€" in c or "EUR" in c for c in cells):
        return money or ("EUR", 1.0)
    if role == "change_abs" and money:
        return money
    if table_unit:
        return table_unit
    return "", 1.0


def join_fragments(fragments: list[str], vocabulary: Vocabulary, header: bool = False) -> str:
    """Join a header or label printed over several lines.

    A word broken without a hyphen ("Veränderun" + "g", "(Ho" + "chrechnung" + ")") is
    joined without a space when the joined word occurs in the document; "Förder-" +
    "maßnahmen" loses its hyphen; everything else is joined with a space.
    """
    text = ""
    for part in (f.strip() for f in fragments):
        if not part:
            continue
        if not text:
            text = part
        elif part[0] in ").,;:" or (text[-1] in ",.0123456789" and part[0].isdigit()):
            text += part
        elif text.endswith("-") and part[:1].islower():
            text = text[:-1] + part
        elif text[-1:].isalpha() and part[:1].isalpha() and vocabulary.broken(text, part, header):
            text += part
        else:
            text += " " + part
    return text


class Vocabulary:
    """The document's words with their counts, to tell a word broken inside a narrow cell
    from two words."""

    def __init__(self, counts: Counter[str], header_words: set[str]) -> None:
        self._counts = counts
        self._sorted = sorted({w for w in counts if len(w) > 2} | header_words)
        self._header_words = header_words

    def known(self, word: str) -> bool:
        """The word or a longer form of it occurs ("personengruppe" from "Personengruppen")."""
        if word in self._header_words:
            return True
        at = bisect.bisect_left(self._sorted, word)
        return at < len(self._sorted) and self._sorted[at].startswith(word)

    def broken(self, text: str, part: str, header: bool = False) -> bool:
        """``part`` continues the last word of ``text`` without a space: the joined word is
        known, or (in a narrow header cell) both pieces are rarities occurring nowhere else."""
        head, tail = _last_word(text), _first_word(part)
        # Short pieces ("in" + "T€") would match the start of too many words.
        if len(head) >= 3 and len(head + tail) >= 6 and self.known(head + tail):
            return True
        return (header and part[:1].islower() and tail not in self._header_words and head not in self._header_words
                and self._counts[tail] <= 1 and self._counts[head] <= 1)


def _last_word(text: str) -> str:
    found = re.findall(r"[^\W\d_]+$", text)
    return found[0].lower() if found else ""


def _first_word(text: str) -> str:
    found = re.findall(r"^[^\W\d_]+", text)
    return found[0].lower() if found else ""
