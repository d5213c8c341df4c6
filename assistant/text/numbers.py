"""German number formats: parsing (``1.793.645`` → 1793645) and finding numbers in text.

Used by the citation check (numbers in an answer must occur in the cited passage) and by
figure extraction. Kept free of other project imports so both can rely on it.
"""

from __future__ import annotations

import re

# A year as written in AMIPs (1900–2099): one pattern for every stage that asks for years.
YEAR = re.compile(r"\b(?:19|20)\d\d\b")
from dataclasses import dataclass

# A German number: optional sign, digits with "." thousands groups or plain digits,
# optional decimal comma. A lone "." between digit groups of three is a thousands dot.
_NUMBER = re.compile(
    r"(?<![\w.,])"
    r"(?P<sign>[+\-−–]\s?)?"
    r"(?P<int>\d{1,3}(?:\.\d{3})+|\d+)"
    r"(?:,(?P<frac>\d+))?"
    r"(?![\d])"
    r"(?:\s?(?P<scale>Mio\.?|Millionen|Mrd\.?|Milliarden|Tsd\.?|T€))?"
    r"(?:\s?(?P<unit>%|Prozent|€|EUR|Euro))?"
)

_SCALES = {"mio": 1e6, "millionen": 1e6, "mrd": 1e9, "milliarden": 1e9, "tsd": 1e3, "t€": 1e3}


@dataclass(frozen=True)
class NumberMatch:
    """A number found in text: its printed form, value and position."""

    raw: str
    value: float
    start: int
    end: int
    unit: str  # "%" | "EUR" | ""


def _scale(token: str | None) -> float:
    if not token:
        return 1.0
    return _SCALES.get(token.rstrip(".").lower(), 1.0)


def _unit(token: str | None, scale: str | None) -> str:
    if token in ("%", "Prozent"):
        return "%"
    if token in ("€", "EUR", "Euro") or (scale or "").upper() == "T€":
        return "EUR"
    return ""


def _value(match: re.Match[str]) -> float:
    digits = match.group("int").replace(".", "")
    frac = match.group("frac")
    value = float(f"{digits}.{frac}" if frac else digits)
    value = round(value * _scale(match.group("scale")), 6)
    if (match.group("sign") or "").strip() in ("-", "−", "–"):
        value = -value
    return value


def find_numbers(text: str) -> list[NumberMatch]:
    """All numbers in ``text`` in German notation, in order of appearance."""
    found = []
    for m in _NUMBER.finditer(text):
        found.append(
            NumberMatch(
                raw=m.group(0).strip(),
                value=_value(m),
                start=m.start(),
                end=m.end(),
                unit=_unit(m.group("unit"), m.group("scale")),
            )
        )
    return found


def parse_german_number(text: str) -> float:
    """Parse one German number: ``1.793.645`` → 1793645.0, ``16,0 %`` → 16.0, ``8,3 Mio.€`` → 8300000.0.

    Raises ``ValueError`` if ``text`` holds no number.
    """
    cleaned = text.strip().replace("\u00a0", " ")
    match = _NUMBER.search(cleaned)
    if match is None:
        raise ValueError(f"keine Zahl: {text!r}")
    return _value(match)


def number_values(text: str) -> set[float]:
    """The set of values of all numbers in ``text``, rounded to avoid float noise."""
    return {round(n.value, 6) for n in find_numbers(text)}


def numbers_supported(claim: str, source: str, ignore: set[float] | None = None) -> list[str]:
    """Printed numbers of ``claim`` whose value does not occur in ``source`` (empty = all supported).

    Small list markers and years that also appear in the question can be passed in ``ignore``.
    A value also counts as supported when ``source`` states it scaled (8.314.730 vs 8,3 Mio.).
    """
    available = number_values(source)
    missing = []
    for n in find_numbers(claim):
        value = round(n.value, 6)
        if ignore and value in ignore:
            continue
        if value in available or _approximately_in(value, available):
            continue
        missing.append(n.raw)
    return missing


def _approximately_in(value: float, available: set[float]) -> bool:
    """True when ``value`` is a rounded form (e.g. 8,3 Mio.) of a stated number."""
    if abs(value) < 1e5:
        return False
    return any(abs(v - value) <= abs(value) * 0.006 for v in available if v)


def format_german(value: float, decimals: int | None = None) -> str:
    """A number in German notation: 1793645 → ``1.793.645``, 16.0 → ``16,0`` (one decimal when fractional)."""
    text = f"{value:,.{2 if decimals is None else decimals}f}"
    if decimals is None:
        text = text.rstrip("0").rstrip(".")  # as many decimals as the value has, at most two
    return text.replace(",", "\u2009").replace(".", ",").replace("\u2009", ".")
