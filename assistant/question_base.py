"""Building blocks of question drafting: evidence, drafts, the document context and German
number formatting for question texts.

A draft's text holds placeholders ``⟦0⟧``, ``⟦1⟧`` … for its evidence; they become citation
markers ``[S1]``, ``[S2]`` … only after the caller's resolver found each passage, so a text never
shows a marker whose passage could not be found.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from assistant.figure_sentences import split_sentences
from assistant.types import Figure

_PLAN_COLUMN = re.compile(r"plan|soll|ziel|prognose", re.IGNORECASE)
_IS_COLUMN = re.compile(r"\bist\b|vorjahr|\bvj\b", re.IGNORECASE)
_CHANGE_COLUMN = re.compile(r"veränder|ggü|gegenüber|differenz", re.IGNORECASE)
MAX_QUOTE = 240


@dataclass(frozen=True)
class Evidence:
    """A passage a question rests on: a figure's row or sentence, or a sentence of the text."""

    doc_id: str
    filename: str
    page: int
    quote: str

    @classmethod
    def of(cls, figure: Figure) -> Evidence:
        return cls(figure.doc_id, figure.filename, figure.page, short_quote(figure.source))


@dataclass
class Draft:
    """A question before citation resolution; ``key`` identifies duplicates."""

    topic: str
    key: str
    weight: float
    text: str  # with ⟦i⟧ placeholders for evidence[i]
    rationale: str
    evidence: list[Evidence] = field(default_factory=list)


@dataclass
class Context:
    """What the rules look at: this document's figures and sentences, optionally last year's figures."""

    doc_id: str
    filename: str
    figures: list[Figure]
    pages: list[tuple[int, str]]
    previous: list[Figure] = field(default_factory=list)
    _sentences: list[tuple[int, str]] | None = None

    @property
    def sentences(self) -> list[tuple[int, str]]:
        if self._sentences is None:
            self._sentences = [(number, s) for number, text in self.pages for s in split_sentences(text)]
        return self._sentences

    def find(self, pattern: re.Pattern[str]) -> list[tuple[int, str]]:
        """Sentences (page, text) matching ``pattern``, in document order."""
        return [(page, s) for page, s in self.sentences if pattern.search(s)]

    def evidence(self, page: int, sentence: str) -> Evidence:
        return Evidence(self.doc_id, self.filename, page, short_quote(sentence))

    def of_kind(self, kind: str, previous: bool = False) -> list[Figure]:
        return [f for f in (self.previous if previous else self.figures) if f.kind == kind]


def short_quote(text: str, limit: int = MAX_QUOTE) -> str:
    """A verbatim prefix of ``text`` cut at a word boundary (resolvers search for it as is)."""
    text = re.sub(r"\s+", " ", text).strip()
    if len(text) <= limit:
        return text
    cut = text[:limit]
    return cut[: cut.rfind(" ")] if " " in cut else cut


def value_columns(figure: Figure) -> list[tuple[str, float]]:
    """The figure's values without change columns ("Veränderung ggü. VJ in %")."""
    return [(c, v) for c, v in figure.values if not _CHANGE_COLUMN.search(c)]


def change_value(figure: Figure) -> float | None:
    return next((v for c, v in figure.values if _CHANGE_COLUMN.search(c)), None)


def before_after(figure: Figure) -> tuple[tuple[str, float], tuple[str, float]] | None:
    """(earlier column, planned column) of a figure with an Ist/Plan pair, else ``None``."""
    cols = value_columns(figure)
    if len(cols) < 2:
        return None
    plan = next((c for c in cols if _PLAN_COLUMN.search(c[0])), cols[-1])
    before = next((c for c in cols if _IS_COLUMN.search(c[0]) and c is not plan), None)
    if before is None:
        before = cols[0] if cols[0] is not plan else cols[1]
    return before, plan


def latest_value(figure: Figure) -> tuple[str, float] | None:
    """The planned (or only) value of a figure."""
    cols = value_columns(figure)
    if not cols:
        return None
    return next((c for c in cols if _PLAN_COLUMN.search(c[0])), cols[-1])


def year_of(column: str) -> str:
    match = re.search(r"(?:19|20)\d\d", column)
    return match.group() if match else ""


def num(value: float, decimals: int | None = None) -> str:
    """German number for question texts: 1793645 → "1.793.645", 16.0 → "16,0"."""
    if decimals is None:
        decimals = 0 if float(value).is_integer() else 1
    text = f"{abs(value):,.{decimals}f}".replace(",", "X").replace(".", ",").replace("X", ".")
    return f"-{text}" if value < 0 else text


def eur(value: float) -> str:
    return f"{num(round(value))} €"


def pct(value: float) -> str:
    """A rounded share or change without sign: 33.93 → "34", 7.46 → "7,5"."""
    value = abs(value)
    return num(round(value)) if value >= 10 else num(round(value, 1), 1)


def signed(value: float) -> str:
    """Signed German number as printed in AMIP tables: +6,3 / -2,5."""
    return ("+" if value > 0 else "") + num(value, 1)


def relative_change(before: float, after: float) -> float | None:
    return None if before == 0 else (after - before) / before * 100
