"""What a figure counts: entries, money, a target, a share, a count of people, or something else.

Decided from the lexicon category of its label, the unit and roles of its values and the words
around it (caption, column headers, category row) — the same for table rows and sentences.
"""

from __future__ import annotations

import re

from assistant.domain.instruments import category
from assistant.types import FigureValue

_ENTRIES = re.compile(r"eintritt|teilnehm|plätze|förderfälle|zugänge|eintrittsplanung|instrument|maßnahme",
                      re.IGNORECASE)
_TARGET = re.compile(r"\bziel|zielwert|kennzahl|zielvereinbarung|zielsteuerung", re.IGNORECASE)
_SHARE = re.compile(r"anteil|quote", re.IGNORECASE)
_TARGET_INDICATORS = ("IQ", "LZB", "LLU")  # the SGB II target indicators (§ 48a SGB II)
_LEVEL_ROLES = ("actual", "plan", "target", "forecast", "value", "share")
_PLANNED = ("plan", "target", "forecast")


def levels(values: list[FigureValue]) -> list[FigureValue]:
    """Values that are levels, not changes."""
    return [v for v in values if v.role in _LEVEL_ROLES]


def figure_kind(code: str, values: list[FigureValue], context: str, planned: bool = False) -> str:
    """``planned``: the sentence announces the values ("soll um 3,0 Prozent sinken")."""
    level = levels(values)
    unit = level[0].unit if level else ""  # a change alone ("sinkt um 2,1 %") says nothing of the level
    base = code.split(" ")[0]
    if unit == "EUR":
        return "budget"
    if base in _TARGET_INDICATORS and (planned or any(v.role in _PLANNED for v in values)
                                       or _TARGET.search(context)):
        return "target"
    if unit == "%" or base == "Frauenanteil" or (_SHARE.search(context) and unit == "%"):
        return "share"
    if category(code) in ("instrument", "total") or (not code and _ENTRIES.search(context)):
        return "entries"
    if category(code) == "budget":
        return "budget"
    if category(code) == "indicator":
        return "count"
    return "other"
