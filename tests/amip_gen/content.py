"""What the tables say: instruments, budget lines, column headers and printed cells.

A ``TableSpec`` is the table before it is drawn: geometry (pages, wrapped lines) is added by
``draw.draw_table`` and both are joined into the ground truth by ``generator``.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

from .layout import TableLayout
from .numbers import NONE, german

# (group, short label, long label): long labels only where the label column is narrow.
INSTRUMENTS: tuple[tuple[str, str, str], ...] = (
    ("Qualifizierung", "Förderung der beruflichen Weiterbildung (FbW)",
     "Förderung der beruflichen Weiterbildung (FbW) nach § 81 SGB III"),
    ("Qualifizierung", "Aktivierungsmaßnahmen (§ 45 SGB III)",
     "Maßnahmen zur Aktivierung und beruflichen Eingliederung (§ 45 SGB III)"),
    ("Qualifizierung", "Vermittlungsgutschein (AVGS)",
     "Aktivierungs- und Vermittlungsgutschein (AVGS) für private Arbeitsvermittlung"),
    ("Qualifizierung", "Assistierte Ausbildung (AsA)",
     "Assistierte Ausbildung flexibel (AsA flex, § 74 SGB III)"),
    ("Beschäftigung", "Arbeitsgelegenheiten (§ 16d SGB II)",
     "Arbeitsgelegenheiten mit Mehraufwandsentschädigung (§ 16d SGB II)"),
    ("Beschäftigung", "Teilhabe am Arbeitsmarkt (§ 16i SGB II)",
     "Teilhabe am Arbeitsmarkt für Langzeitarbeitslose (§ 16i SGB II)"),
    ("Beschäftigung", "Eingliederung von Langzeitarbeitslosen (§ 16e SGB II)",
     "Eingliederung von Langzeitarbeitslosen mit Lohnkostenzuschuss (§ 16e SGB II)"),
    ("Beschäftigung", "Eingliederungszuschuss", "Eingliederungszuschuss für Arbeitgeber (EGZ)"),
    ("Beschäftigung", "Einstiegsgeld (§ 16b SGB II)",
     "Einstiegsgeld bei Aufnahme einer Beschäftigung (§ 16b SGB II)"),
    ("Sonstige", "Freie Förderung (§ 16f SGB II)",
     "Freie Förderung für junge Menschen und Langzeitarbeitslose (§ 16f SGB II)"),
    ("Sonstige", "Vermittlungsbudget (§ 44 SGB III)",
     "Förderung aus dem Vermittlungsbudget (§ 44 SGB III)"),
    ("Sonstige", "Ganzheitliche Betreuung (§ 16k SGB II)",
     "Ganzheitliche Betreuung und Coaching (§ 16k SGB II)"),
)
GROUP_ORDER = ("Qualifizierung", "Beschäftigung", "Sonstige")

# (label, typical amount in EUR): amounts are varied per document.
BUDGET_LINES: tuple[tuple[str, int], ...] = (
    ("Eingliederungsleistungen (EGT)", 14_000_000),
    ("Verwaltungskosten (VKB)", 11_000_000),
    ("Bundesprogramme und ESF-Mittel", 1_200_000),
    ("Kommunale Eingliederungsleistungen (§ 16a SGB II)", 800_000),
)
UMSCHICHTUNG = "nachrichtlich: Umschichtung vom EGT in das VKB"
# Printed forms of a unit: (symbols, first = most common; words for a caption or sentence).
UNIT_FORMS = {"EUR": (("€", "EUR", "Euro"), "Euro"),
              "TEUR": (("T€", "Tsd. €", "TEUR"), "Tausend Euro"),
              "MEUR": (("Mio. €", "Mio. EUR", "Mio. Euro"), "Mio. Euro")}
SCALES = {"EUR": 1, "TEUR": 1_000, "MEUR": 1_000_000, "": 1}


@dataclass
class ColumnSpec:
    header: str
    role: str
    period: int | None
    unit: str
    source: str  # which number the cell shows: previous|plan|change_abs|change_pct|share
    span: str = ""  # a header cell spanning this and the next columns ("Veränderung zum Vorjahr")

    @property
    def printed(self) -> str:
        """The header in this column's own cell (below the spanning cell, if any)."""
        return self.header[len(self.span):].strip()


@dataclass
class RowSpec:
    label: str
    group: str = ""
    cells: tuple[str, ...] = ()  # empty for a category row
    values: tuple[float | None, ...] = ()
    is_total: bool = False

    @property
    def is_group(self) -> bool:
        return not self.cells


@dataclass
class TableSpec:
    kind: str  # "entries" or "budget"
    caption: str  # the line directly above the table (the unit sentence when it is there)
    label_header: str
    columns: list[ColumnSpec]
    rows: list[RowSpec]
    layout: TableLayout


@dataclass(frozen=True)
class Amounts:
    """One row's numbers in printed units (tenths for "33,9" Mio. €; percentages as they
    are); None = "–"."""

    previous: float | None
    plan: float
    share: float | None = None
    middle: float | None = None  # a targets table's forecast between actual and target


def _previous_column(kind: str, year: int, suffix: str, unit: str) -> ColumnSpec:
    header, role, period = {
        "ist": (f"Ist {year}", "actual", year),
        "hochrechnung": (f"Ist {year} (Hochrechnung)", "forecast", year),
        "prognose": (f"Prognose {year}", "forecast", year),
        "soll": (f"Soll {year}", "plan", year),
        "vorjahr": ("Vorjahr", "actual", year),  # beside "Plan <year + 1>"
    }[kind]
    return ColumnSpec(header + suffix, role, period, unit, "previous")


def columns_for(layout: TableLayout, plan_year: int, unit: str, suffix: str) -> list[ColumnSpec]:
    """Value columns in printed order; ``suffix`` is the unit in the header (" in T€")."""
    previous = _previous_column(layout.previous, plan_year - 1, suffix, unit)
    plan = ColumnSpec(f"{layout.plan_word} {plan_year}{suffix}", "plan", plan_year, unit, "plan")
    columns = [plan, previous] if layout.plan_first else [previous, plan]
    span = layout.span_change if layout.change_abs and layout.change_pct else None
    if span:  # "Veränderung zum Vorjahr" over "absolut" | "in %"
        columns += [ColumnSpec(f"{span} absolut{suffix}", "change_abs", None, unit, "change_abs",
                               span),
                    ColumnSpec(f"{span} in %", "change_pct", None, "%", "change_pct", span)]
    else:
        if layout.change_abs:
            columns.append(ColumnSpec(layout.change_abs + suffix, "change_abs", None, unit,
                                      "change_abs"))
        if layout.change_pct:
            columns.append(ColumnSpec("Veränderung in %", "change_pct", None, "%", "change_pct"))
    if layout.share:
        columns.append(ColumnSpec("Anteil Frauen in %", "share", None, "%", "share"))
    return columns


def _number(column: ColumnSpec, amounts: Amounts) -> float | None:
    previous, plan = amounts.previous, amounts.plan
    if column.source == "previous":
        return previous
    if column.source == "plan":
        return plan
    if column.source == "change_abs":
        return None if previous is None else plan - previous
    if column.source == "change_pct":
        return None if not previous else round((plan - previous) / previous * 100, 1)
    if column.source == "middle":
        return amounts.middle
    return amounts.share


def make_row(label: str, group: str, columns: list[ColumnSpec], amounts: Amounts,
             layout: TableLayout, scale: int, decimals: int, is_total: bool = False) -> RowSpec:
    """Printed cells and base-unit values; amounts are scaled by ``scale / 10**decimals``."""
    cells: list[str] = []
    values: list[float | None] = []
    for column in columns:
        number = _number(column, amounts)
        if number is None:
            cells.append(NONE)
            values.append(None)
        elif column.unit == "%":
            text = german(number, 1, layout.minus, layout.plus and column.role != "share")
            cells.append(text + " %" if layout.percent_sign else text)
            values.append(float(number))
        else:
            plus = layout.plus and column.role == "change_abs"
            cells.append(german(number / 10 ** decimals, decimals, layout.minus, plus))
            values.append(float(number * scale / 10 ** decimals))
    return RowSpec(label, group, tuple(cells), tuple(values), is_total)


def amounts_for(rng: random.Random, typical: float, big_change: bool,
                may_be_new: bool = False) -> Amounts:
    """A previous value and a plan value; ``big_change`` makes the change at least 25 %."""
    previous = max(1, round(typical * rng.uniform(0.5, 1.6)))
    factor = (rng.choice((rng.uniform(0.35, 0.75), rng.uniform(1.25, 1.9))) if big_change
              else rng.uniform(0.88, 1.12))
    plan = max(1, round(previous * factor))
    share = round(rng.uniform(18, 72), 1)
    if may_be_new and rng.random() < 0.1:
        return Amounts(None, plan, share)  # a new instrument: no previous year
    return Amounts(previous, plan, share)


def total_amounts(parts: list[Amounts]) -> Amounts:
    previous = sum(a.previous or 0 for a in parts)
    plan = sum(a.plan for a in parts)
    share = round(sum((a.share or 0) * a.plan for a in parts) / plan, 1)
    return Amounts(previous, plan, share)
