"""Table cells as numbers: German number format, units and scale words.

``parse_cell("3.100")`` → 3100.0; ``parse_cell("-5,7 %")`` → -5.7; ``parse_cell("–")`` → None
(a dash means "none"). Units and scale words in a cell ("€", "%", "T€", "Mio. €") are
recognised so that a value column can be told from a label, and a cell's own scale
("8,3 Mio.") wins over its column's.
"""

from __future__ import annotations

import re

_NUM = r"[+\-−–]?\s?(?:\d{1,3}(?:\.\d{3})+|\d+)(?:,\d*)?"  # "10.168.730," wraps before "00 €"
_UNIT = r"(?:%|€|EUR|Euro|T€|TEUR|Tsd\.?\s?€?|Mio\.?\s?€?|Mrd\.?\s?€?|Pkt\.?|Prozentpunkte|Personen|Plätze)"
_VALUE = re.compile(rf"^\(?(?P<num>{_NUM})\)?\s?(?P<unit>{_UNIT}(?:\s?{_UNIT})?)?$", re.IGNORECASE)
_PREFIX_UNIT = re.compile(rf"^(?P<unit>€|EUR)\s?(?P<num>{_NUM})$", re.IGNORECASE)
_EMPTY = re.compile(r"^(?:[–—\-−]|—|k\.\s?A\.|n\.\s?v\.|x|\.|/|\*)$", re.IGNORECASE)
_UNIT_ONLY = re.compile(rf"^(?:{_UNIT})(?:\s?{_UNIT})?$", re.IGNORECASE)
_YEAR = re.compile(r"^(?:19|20)\d\d$")

# Scale words: a value printed in thousands or millions, in base units (EUR).
THOUSAND = re.compile(r"T€|TEUR|\bTsd\b|Tausend", re.IGNORECASE)
MILLION = re.compile(r"Mio\b|Millionen", re.IGNORECASE)
BILLION = re.compile(r"Mrd\b|Milliarden", re.IGNORECASE)
EURO = re.compile(r"€|\bEUR\b|Euro", re.IGNORECASE)
PERCENT = re.compile(r"%|Prozent\b|\bv\.\s?H\.", re.IGNORECASE)


def is_value(text: str) -> bool:
    """A number (with optional unit) or a dash standing for "none"."""
    text = text.strip()
    return bool(_VALUE.match(text) or _PREFIX_UNIT.match(text) or _EMPTY.match(text))


def is_unit_only(text: str) -> bool:
    """A cell holding only a unit: the wrapped tail of a value ("13.950.000" / "€")."""
    return bool(_UNIT_ONLY.match(text.strip()))


def is_year(text: str) -> bool:
    return bool(_YEAR.match(text.strip()))


def parse_number(text: str) -> float | None:
    """The number a German-formatted token stands for; None for a dash or no number."""
    text = text.strip()
    match = _VALUE.match(text) or _PREFIX_UNIT.match(text)
    if not match:
        return None
    raw = re.sub(r"\s", "", match.group("num")).replace("−", "-").replace("–", "-")
    negative = raw.startswith("-") or (text.startswith("(") and text.rstrip().endswith(")"))
    raw = raw.lstrip("+-")
    value = float(raw.replace(".", "").replace(",", "."))
    return -value if negative else value


def cell_scale(text: str) -> float | None:
    """The scale a cell states itself ("8,3 Mio. €" → 1e6), None when it states none."""
    if BILLION.search(text):
        return 1e9
    if MILLION.search(text):
        return 1e6
    if THOUSAND.search(text):
        return 1e3
    return None


def unit_of(text: str) -> tuple[str, float] | None:
    """(base unit, scale) named in a header, caption or sentence; None if it names none."""
    if PERCENT.search(text):
        return "%", 1.0
    scale = cell_scale(text)
    if scale is not None and (EURO.search(text) or THOUSAND.search(text) or scale > 1e3):
        return "EUR", scale
    if EURO.search(text):
        return "EUR", 1.0
    return None
