"""Build the Eintrittsplanung and budget tables of one document (content, not geometry)."""

from __future__ import annotations

import random

from .content import (BUDGET_LINES, GROUP_ORDER, INSTRUMENTS, SCALES, UMSCHICHTUNG, UNIT_FORMS,
                      Amounts, ColumnSpec, RowSpec, TableSpec, amounts_for, columns_for,
                      make_row, total_amounts)
from .layout import TableLayout

ENTRIES_CAPTIONS = ("Tabelle {n}: Eintrittsplanung {year}", "Geplante Eintritte nach "
                    "Instrumenten {year}", "Eintrittsplanung {year} nach Förderinstrumenten")
BUDGET_CAPTIONS = ("Tabelle {n}: Mittelverteilung {year}", "Finanzplanung {year}",
                   "Übersicht Budget {year}")
UNIT_SENTENCES = ("Die folgende Übersicht weist alle Beträge in {words} aus:",
                  "Die Mittel verteilen sich wie folgt (Beträge in {symbol}):")
LABEL_HEADERS = ("Instrument", "Maßnahme", "Förderinstrument", "")
BUDGET_LABEL_HEADERS = ("Haushaltsposition", "Mittel", "Budget")
# (indicator, lowest and highest value in tenths of a percent)
TARGET_ROWS = (("Integrationsquote", 150, 300), ("Integrationsquote Frauen", 120, 280),
               ("Integrationsquote der Langzeitleistungsbeziehenden", 80, 200),
               ("Kontinuierliche Beschäftigung nach Integration", 550, 750),
               ("Anteil Langzeitleistungsbeziehende an allen eLb", 550, 700))
TARGET_CAPTIONS = ("Zielwerte {year}", "Zielindikatoren {year}",
                   "Ziele nach § 48b SGB II für {year}")


def _with_total(rows: list[RowSpec], total: RowSpec | None, first: bool) -> list[RowSpec]:
    if total is None:
        return rows
    return [total, *rows] if first else [*rows, total]


def entries_table(rng: random.Random, layout: TableLayout, year: int, count: int,
                  number: int, long_labels: bool) -> TableSpec:
    """The Eintrittsplanung: one row per instrument (entries are counts), optional category
    rows, optional total row."""
    chosen = sorted(rng.sample(range(len(INSTRUMENTS)), min(count, len(INSTRUMENTS))))
    if layout.groups:
        chosen.sort(key=lambda i: GROUP_ORDER.index(INSTRUMENTS[i][0]))
    columns = columns_for(layout, year, "", "")
    rows: list[RowSpec] = []
    parts: list[Amounts] = []
    current_group = ""
    for index in chosen:
        group, short, long = INSTRUMENTS[index]
        if layout.groups and group != current_group:
            current_group = group
            rows.append(RowSpec(group))
        amounts = amounts_for(rng, rng.choice((40, 90, 250, 600)), rng.random() < 0.4, True)
        parts.append(amounts)
        label = long if long_labels and rng.random() < 0.6 else short
        rows.append(make_row(label, current_group, columns, amounts, layout, 1, 0))
    total = (make_row(layout.total, "", columns, total_amounts(parts), layout, 1, 0, True)
             if layout.total else None)
    caption = rng.choice(ENTRIES_CAPTIONS).format(n=number, year=year)
    return TableSpec("entries", caption, rng.choice(LABEL_HEADERS), columns,
                     _with_total(rows, total, layout.total_first), layout)


def _budget_scale(rng: random.Random, unit: str) -> tuple[int, int]:
    """(scale, decimals): Mio. € with one or two decimals, € and T€ as whole numbers."""
    return SCALES[unit], rng.choice((1, 2)) if unit == "MEUR" else 0


def budget_table(rng: random.Random, layout: TableLayout, year: int,
                 number: int) -> TableSpec:
    """Budget lines in €, T€ or Mio. €; the unit is in the headers, the caption or the
    sentence right above the table (then that sentence is the caption)."""
    scale, decimals = _budget_scale(rng, layout.unit)
    symbols, words = UNIT_FORMS[layout.unit]
    symbol = symbols[layout.unit_symbol]
    suffix = f" in {symbol}" if layout.unit_place == "header" else ""
    columns = columns_for(layout, year, "EUR", suffix)
    per_unit = scale / 10 ** decimals
    lines = BUDGET_LINES[: rng.randint(3, len(BUDGET_LINES))]
    parts = [amounts_for(rng, typical / per_unit * rng.uniform(0.3, 2.5), rng.random() < 0.35)
             for _, typical in lines]
    rows = [make_row(label, "", columns, a, layout, scale, decimals)
            for (label, _), a in zip(lines, parts)]
    total = (make_row(layout.total, "", columns, total_amounts(parts), layout, scale, decimals,
                      True) if layout.total else None)
    rows = _with_total(rows, total, layout.total_first)
    if rng.random() < 0.6:
        shift = amounts_for(rng, 1_500_000 / per_unit, rng.random() < 0.6)
        rows.append(make_row(UMSCHICHTUNG, "", columns, shift, layout, scale, decimals))
    caption = rng.choice(BUDGET_CAPTIONS).format(n=number, year=year)
    if layout.unit_place == "caption":
        caption += f" (Angaben in {words})" if layout.unit_symbol == 0 else f" (in {symbol})"
    elif layout.unit_place == "sentence":
        caption = rng.choice(UNIT_SENTENCES).format(words=words, symbol=symbol)
    label_header = rng.choice(BUDGET_LABEL_HEADERS)
    if layout.caption_in_header and layout.unit_place != "sentence":
        label_header = caption  # printed in the label column's header cell, not above
    return TableSpec("budget", caption, label_header, columns, rows, layout)


def targets_table(rng: random.Random, layout: TableLayout, year: int) -> TableSpec:
    """Target indicators (quotas in %): the previous year's actual value and the target;
    "%" is in the headers or, with ``layout.percent_sign``, in every cell."""
    suffix = "" if layout.percent_sign else " in %"
    first = year - 2 if layout.middle_forecast else year - 1
    if layout.year_first:  # "2023 (Ist)" / "2024 (Ziel)"
        actual = ColumnSpec(f"{first} (Ist){suffix}", "actual", first, "%", "previous")
        middle = ColumnSpec(f"{year - 1} (Hochrechnung){suffix}", "forecast", year - 1, "%", "middle")
        target = ColumnSpec(f"{year} (Ziel){suffix}", "target", year, "%", "plan")
    else:
        actual = ColumnSpec(f"Ist {first}{suffix}", "actual", first, "%", "previous")
        middle = ColumnSpec(f"Hochrechnung {year - 1}{suffix}", "forecast", year - 1, "%", "middle")
        target = ColumnSpec(f"Ziel {year}{suffix}", "target", year, "%", "plan")
    columns = [target, actual] if layout.plan_first else [actual, target]
    if layout.middle_forecast:
        columns.insert(1, middle)
    rows = []
    for label, low, high in rng.sample(TARGET_ROWS, rng.randint(3, len(TARGET_ROWS))):
        previous = rng.randint(low, high)
        amounts = Amounts(previous / 10, max(1, previous + rng.randint(-25, 25)) / 10)
        if layout.middle_forecast:  # from a generator of its own: other draws unchanged
            step = random.Random(f"{label}{previous}").randint(-15, 15)
            amounts = Amounts(amounts.previous, amounts.plan, middle=max(1, previous + step) / 10)
        rows.append(make_row(label, "", columns, amounts, layout, 1, 0))
    caption = rng.choice(TARGET_CAPTIONS).format(year=year)
    return TableSpec("targets", caption, rng.choice(("Indikator", "Zielgröße", "")), columns,
                     rows, layout)
