"""The general change mechanism: a plan value against the previous year's value of the same row.

Works for every figure with a plan (or target) value and an earlier value — Ist, Hochrechnung or
the plan of the earlier year — in the same table row or sentence, or in last year's AMIP.
Documented thresholds (DOMAIN.md: "cut or grown by a fifth or more"):
- counts (entries, people): |change| ≥ 20 %, or ≥ 50 and ≥ 10 %; never below 3 (2 → 1 is noise);
- money: ≥ 20 % for a single line, ≥ 5 % for a whole budget (Eingliederungs-, Verwaltungsbudget);
- targets: every move in the unfavourable direction (a lower Integrationsquote, more
  Langzeitleistungsbeziehende), and any move of 20 % or more;
- a row with only a change column ("Veränderung in %") counts by that change; totals never.
"""

from __future__ import annotations

from dataclasses import dataclass

from assistant.domain.instruments import category
from assistant.drafting.quantities import relative_change
from assistant.figures.kinds import levels
from assistant.types import Figure, FigureValue

MIN_RELATIVE = 20.0  # % change that counts as strong (a fifth or more, DOMAIN.md)
MIN_ABSOLUTE_ENTRIES = 50  # entries: a large absolute change counts from MIN_RELATIVE_LARGE on
MIN_RELATIVE_LARGE = 10.0
MIN_RELATIVE_BUDGET_LINE = 5.0  # whole budgets (Eingliederungs-, Verwaltungsbudget) move slowly
MIN_DELTA_COUNT = 3  # below this a count's change is noise ("2 → 1" is not a cut by half)
_RISING_IS_WORSE = ("LZB", "LLU", "LZA", "Arbeitslose")  # a rise of these indicators is unfavourable
_PLANNED = ("plan", "target")


@dataclass(frozen=True)
class Change:
    figure: Figure
    after: FigureValue  # the planned value
    before: FigureValue | None  # the previous year's value; None when only a change column is given
    change: FigureValue | None  # the printed change in %, if the row has one
    previous_figure: Figure | None = None  # last year's AMIP when ``before`` comes from there

    @property
    def relative(self) -> float | None:
        if self.change is not None and self.change.unit == "%" and self.change.role == "change_pct":
            return self.change.value
        return relative_change(self.before.value, self.after.value) if self.before else None

    @property
    def direction(self) -> int:
        if self.before is not None:
            return (self.after.value > self.before.value) - (self.after.value < self.before.value)
        rel = self.relative or 0.0
        return (rel > 0) - (rel < 0)


def planned(figure: Figure) -> FigureValue | None:
    """The plan or target value of the latest period (a sentence's main value when it has a cue)."""
    plans = [v for v in levels(figure.values) if v.role in _PLANNED]
    if not plans:
        return None
    return max(plans, key=lambda v: v.period or 0)


def previous_value(figure: Figure, plan: FigureValue) -> FigureValue | None:
    """The previous year's value: the first Ist/Hochrechnung/earlier plan column of the year before
    the plan (or an Ist without year), in column order."""
    for v in levels(figure.values):
        if v is plan or v.role not in ("actual", "forecast", "plan", "target") or v.unit != plan.unit:
            continue  # a value in another unit (a continued table that lost its "T€") is no comparison
        if plan.period is None or v.period is None:
            if v.role == "actual":
                return v
        elif v.period == plan.period - 1 or (v.period < plan.period and v.role == "actual"):
            return v
    return None


def _printed_change(figure: Figure) -> FigureValue | None:
    return next((v for v in figure.values if v.role == "change_pct"), None)


def figure_change(figure: Figure, previous: list[Figure] | None = None) -> Change | None:
    """The plan-vs-previous-year change of one figure, from its own values or last year's AMIP."""
    plan = planned(figure)
    if plan is None:
        return None
    before = previous_value(figure, plan)
    if before is not None:
        return Change(figure, plan, before, _printed_change(figure))
    earlier = _same_in(previous or [], figure)
    if earlier is not None:
        return Change(figure, plan, planned(earlier), None, earlier)
    change = _printed_change(figure)
    return Change(figure, plan, None, change) if change is not None else None


def _same_in(figures: list[Figure], figure: Figure) -> Figure | None:
    """The figure of the same instrument (or label) and kind in another document, with a plan."""
    key = figure.instrument or figure.label.lower()
    return next((f for f in figures if f.kind == figure.kind and (f.instrument or f.label.lower()) == key
                 and planned(f) is not None and planned(f).unit == figure.unit), None)


def is_notable(change: Change) -> bool:
    """The documented thresholds (module docstring); totals ("Gesamt") are never asked about."""
    figure, rel = change.figure, change.relative
    if figure.instrument == "Gesamt" or (change.before is None and change.change is None):
        return False
    base = figure.instrument.split(" ")[0]
    if figure.kind == "target":
        worse = change.direction > 0 if base in _RISING_IS_WORSE else change.direction < 0
        return worse or (rel is not None and abs(rel) >= MIN_RELATIVE)
    if change.before is None or rel is None:
        return rel is not None and abs(rel) >= MIN_RELATIVE
    delta = abs(change.after.value - change.before.value)
    if figure.kind == "budget":
        whole = category(figure.instrument) == "budget" and base not in ("Umschichtung",)
        return abs(rel) >= (MIN_RELATIVE_BUDGET_LINE if whole else MIN_RELATIVE)
    if delta < MIN_DELTA_COUNT:
        return False
    return abs(rel) >= MIN_RELATIVE or (delta >= MIN_ABSOLUTE_ENTRIES and abs(rel) >= MIN_RELATIVE_LARGE)


def notable_changes(figures: list[Figure], previous: list[Figure] | None = None) -> list[Change]:
    changes = [figure_change(f, previous) for f in figures
               if f.kind in ("entries", "budget", "target", "count", "other")]
    return [c for c in changes if c is not None and is_notable(c)]
