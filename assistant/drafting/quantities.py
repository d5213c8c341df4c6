"""Numbers in question texts: as printed, with the unit made explicit.

A T€ cell "3.100" is written "3.100 T€", never "3.100 €" (a factor of 1,000 off); a sentence's
"3,1 Mio. Euro" stays as printed; computed numbers (a change in %) are rounded German numbers.
"""

from __future__ import annotations

import re

from assistant.types import FigureValue

_SCALE_WORDS = {1.0: "€", 1e3: "T€", 1e6: "Mio. €", 1e9: "Mrd. €"}
_HAS_EUR = re.compile(r"€|\bEUR\b|\bEuro\b", re.IGNORECASE)
_HAS_SCALE = re.compile(r"\b(?:Mio|Mrd|Tsd|Millionen|Milliarden)\b|T€", re.IGNORECASE)
_HAS_PERCENT = re.compile(r"%|Prozent", re.IGNORECASE)


def num(value: float, decimals: int | None = None) -> str:
    """German number: 1793645 → "1.793.645", 16.0 → "16,0" (decimals given), 2.5 → "2,5"."""
    if decimals is None:
        decimals = 0 if float(value).is_integer() else 1
    text = f"{abs(value):,.{decimals}f}".replace(",", "X").replace(".", ",").replace("X", ".")
    return f"-{text}" if value < 0 else text


def pct(value: float) -> str:
    """A computed change without sign: 33.93 → "34", 7.46 → "7,5"."""
    value = abs(value)
    return num(round(value)) if value >= 10 else num(round(value, 1), 1)


def quantity(v: FigureValue) -> str:
    """The value as printed with its unit explicit: "56", "3.100 T€", "3,1 Mio. Euro", "16,0 %"."""
    printed = re.sub(r"^([+\-−–])\s+", r"\1", v.printed.strip()) or _computed(v)
    if v.unit == "EUR":
        if _HAS_SCALE.search(printed) or (_HAS_EUR.search(printed) and v.scale == 1.0):
            return printed
        digits = _HAS_EUR.sub("", printed).strip()
        return f"{digits} {_SCALE_WORDS.get(v.scale, '€')}" if v.scale in _SCALE_WORDS else _computed(v)
    if v.unit == "%" and not _HAS_PERCENT.search(printed):
        return f"{printed} %"
    return printed


def _computed(v: FigureValue) -> str:
    if v.unit == "EUR":
        return f"{num(round(v.value))} €"
    return f"{num(v.value)} %" if v.unit == "%" else num(v.value)


def with_column(v: FigureValue) -> str:
    """ "56 (Ist 2023)": the value and the column it stands in."""
    return f"{quantity(v)} ({v.column})" if v.column else quantity(v)


def relative_change(before: float, after: float) -> float | None:
    return None if before == 0 else (after - before) / abs(before) * 100
