"""Numbers of a sentence that can be figures: digits ("3,1 Mio. Euro") and spoken fractions
("einem Fünftel", "die Hälfte"), without years, paragraph numbers, durations and list numbers."""

from __future__ import annotations

import re
from dataclasses import dataclass

from assistant.text.numbers import find_numbers

_FRACTIONS = {"hälfte": 50.0, "drittel": 100 / 3, "viertel": 25.0, "fünftel": 20.0, "zehntel": 10.0}
_SPOKEN = re.compile(r"\b(?:ein(?:em|er|es|e)?|die|zwei|drei)\s+(hälfte|drittel|viertel|fünftel|zehntel)\b",
                     re.IGNORECASE)
_SKIP_BEFORE = re.compile(r"(?:§|§§|Abs\.|Nr\.|SGB|Kapitel|Seite|S\.|Phase|Stufe|Ziffer|/|Quartal)\s*$")
_SKIP_AFTER = re.compile(r"^(?:[./]\d|\s*(?:Uhr|Jahre|Jahren|Monat|Monate|Monaten|Tage|Tagen|Stunden|Wochen|"
                         r"Quartal|Stufen|Schritte|Phasen|Standorte|Lebensjahr)\b)")
_YEAR = re.compile(r"^(?:19|20)\d\d$")


@dataclass(frozen=True)
class SentenceNumber:
    raw: str  # as printed ("3,1 Mio. Euro", "einem Fünftel")
    value: float  # base units (3100000.0; a fraction in %)
    start: int
    end: int
    unit: str  # "EUR" | "%" | ""
    scale: float = 1.0  # printed number x scale = value
    spoken: bool = False  # a fraction in words


def sentence_numbers(sentence: str) -> list[SentenceNumber]:
    found = [_spoken(m) for m in _SPOKEN.finditer(sentence)]
    for n in find_numbers(sentence):
        if _YEAR.match(n.raw) or _SKIP_BEFORE.search(sentence[max(0, n.start - 10): n.start]):
            continue
        if _SKIP_AFTER.match(sentence[n.end: n.end + 14]) or (n.start == 0 and not n.unit):
            continue
        if not n.unit and sentence[n.end: n.end + 1] == "." and re.search(r"(?:^|[.?!:]\s)$", sentence[: n.start]):
            continue  # "… erreicht werden? 3." is the next list number, not a figure
        found.append(SentenceNumber(n.raw, n.value, n.start, n.end, n.unit, _scale(n.raw, n.value)))
    return sorted(found, key=lambda n: n.start)


def _spoken(match: re.Match[str]) -> SentenceNumber:
    word = match.group(1).lower()
    times = {"zwei": 2, "drei": 3}.get(match.group(0).split()[0].lower(), 1)
    return SentenceNumber(match.group(0), round(_FRACTIONS[word] * times, 6), match.start(), match.end(), "%",
                          spoken=True)


def _scale(raw: str, value: float) -> float:
    """Mio./Tsd./T€ in the printed form: value over the bare digits."""
    digits = re.match(r"[+\-−–]?\s?([\d.]+(?:,\d+)?)", raw)
    if not digits or not value:
        return 1.0
    bare = float(digits.group(1).replace(".", "").replace(",", "."))
    return round(abs(value) / bare) if bare else 1.0
