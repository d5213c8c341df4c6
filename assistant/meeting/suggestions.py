"""Starter questions for the chat, made from the document's own figures and section titles.

A Beirat member should see questions the document can answer: the instruments it actually
plans entries for, its own budget lines and targets, its own chapter titles. Years are
named only when the figure names them, so a four-year AMIP is never asked about "dieses Jahr".
"""

from __future__ import annotations

import re

_MAX = 5
_GENERIC = (
    "Welche Schwerpunkte setzt das Jobcenter in diesem AMIP?",
    "Welche Zielgruppen stehen besonders im Fokus?",
    "Welche Ziele nennt das AMIP für die Integrationsquote?",
)
_SKIP_SECTION = re.compile(r"inhalt|vorwort|anlage|anhang|impressum|abkürzung|^\W*$", re.IGNORECASE)


def _values(figure) -> list[tuple[str, int | None, float]]:
    """(role, period, value) of each value, for the new and the old figure model alike."""
    out = []
    for v in figure.values:
        if hasattr(v, "role"):
            out.append((v.role, v.period, v.value))
        else:  # (column, value)
            column, value = v
            role = "plan" if re.search(r"plan|soll|ziel", column, re.IGNORECASE) else "value"
            year = re.search(r"20\d\d", column)
            out.append((role, int(year.group()) if year else None, value))
    return out


def _planned(figure) -> tuple[int | None, float] | None:
    planned = [(p, v) for role, p, v in _values(figure) if role in ("plan", "target")]
    return max(planned, key=lambda pv: pv[0] or 0) if planned else None


def _year(period: int | None) -> str:
    return f" {period}" if period else ""


def _label(figure) -> str:
    return " ".join(figure.label.split())[:70]


def suggested_questions(figures: list, sections: list[str]) -> list[str]:
    """Up to five questions: planned entries, budget, a target, then the document's own chapters."""
    out: list[str] = []
    entries = sorted((f for f in figures if f.kind == "entries" and _planned(f)
                      and not re.match(r"\s*(gesamt|summe|insgesamt)", f.label, re.IGNORECASE)),
                     key=lambda f: -_planned(f)[1])
    for f in entries[:2]:
        out.append(f"Wie viele Eintritte sind{_year(_planned(f)[0])} für „{_label(f)}“ geplant?")
    budget = next((f for f in figures if f.kind == "budget" and _planned(f)), None)
    if budget:
        out.append(f"Wie hoch ist „{_label(budget)}“{_year(_planned(budget)[0])} angesetzt, und was ändert sich?")
    target = next((f for f in figures if f.kind == "target"), None)
    if target:
        out.append(f"Welcher Zielwert gilt für „{_label(target)}“, und wie wird er begründet?")
    for section in dict.fromkeys(" ".join(s.split()) for s in sections):
        if len(out) >= _MAX - 1:
            break
        if 8 <= len(section) <= 80 and not _SKIP_SECTION.search(section):
            out.append(f"Was sagt das AMIP zu „{section}“?")
    out += [q for q in _GENERIC if q not in out]
    return out[:_MAX]
