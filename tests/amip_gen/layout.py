"""Layout options of a generated AMIP: chosen at random from a seed, or passed explicitly so a
test can guarantee that every layout feature is covered."""

from __future__ import annotations

import random
from dataclasses import dataclass, replace

PREVIOUS_KINDS = ("ist", "hochrechnung", "prognose", "soll", "vorjahr")
PLAN_WORDS = ("Plan", "Soll", "Planung")
CHANGE_ABS_WORDS = ("Veränderung absolut", "Differenz", "+/-")
SPAN_WORDS = ("Veränderung zum Vorjahr", "Veränderung", "Differenz zum Vorjahr")
TOTAL_WORDS = ("Gesamt", "Summe", "Insgesamt")
BUDGET_UNITS = ("EUR", "TEUR", "MEUR")
UNIT_PLACES = ("header", "caption", "sentence")
SPLITS = ("none", "repeat", "no_repeat")
RULES = ("grid", "rows", "booktabs")


@dataclass(frozen=True)
class TableLayout:
    """How one table is worded and drawn."""

    ruled: bool = True  # lines drawn (see ``rules``); False: aligned text only
    rules: str = "grid"  # with ruled: one of RULES (every border, under rows, booktabs)
    shaded: bool = False  # grey header row and zebra rows
    source_note: bool = False  # "Quelle: ..." printed right under the table
    plan_first: bool = False  # Plan column before the previous year's column
    previous: str = "ist"  # one of PREVIOUS_KINDS
    plan_word: str = "Plan"  # one of PLAN_WORDS
    change_abs: str | None = None  # one of CHANGE_ABS_WORDS, None for no such column
    change_pct: bool = False
    span_change: str | None = None  # with both change columns: a header cell spanning them
    share: bool = False  # "Anteil Frauen in %" (entries tables only)
    groups: bool = False  # category rows "Qualifizierung" ... (entries tables only)
    total: str | None = "Gesamt"  # one of TOTAL_WORDS, None for no total row
    total_first: bool = False
    split: str = "none"  # one of SPLITS: over a page break, with/without repeated header
    narrow_labels: bool = False  # label column so narrow that long labels wrap
    narrow_values: bool = False  # value columns so narrow that headers wrap ("Veränderun/g")
    valign_middle: bool = False  # numbers centred next to a multi-line label
    unit: str = ""  # budget tables: one of BUDGET_UNITS
    unit_place: str = "header"  # budget tables: one of UNIT_PLACES
    unit_symbol: int = 0  # 0: "T€", 1: "Tsd. €", 2: "TEUR" (see content.UNIT_FORMS)
    percent_sign: bool = False  # percentages printed "−2,5 %" instead of "−2,5"
    minus: str = "-"  # "-" or the Unicode minus "−"
    plus: bool = False  # "+6,3" for rises
    year_first: bool = False  # targets tables: headers "2023 (Ist)", "2024 (Ziel)"
    # Budget tables: the caption printed on the header's first line, in the label column
    # ("Übersicht Budget 2024 (in T€)   Plan 2024 | Ist 2023"), no caption above the table.
    caption_in_header: bool = False
    hyphenate: bool = False  # a header word too wide for its cell is broken with a hyphen
    # Targets tables: a forecast column between the actual and the target year
    # ("2022 (Ist) | 2023 (Hochrechnung) | 2024 (Ziel)").
    middle_forecast: bool = False


@dataclass(frozen=True)
class Layout:
    """The whole document: page structure plus one layout per table."""

    entries: TableLayout = TableLayout()
    budget: TableLayout = TableLayout(unit="TEUR")
    targets: TableLayout | None = None  # a table of target quotas ("Ziel 2024") in section 1
    two_column: bool = False  # the Eintrittsplanung page has two text columns
    table_column: int = 1  # two-column page: the table sits in column 0 (left) or 1 (right)
    running_header: bool = True  # page header and "Seite n" footer
    budget_new_page: bool = False
    instruments: int = 7  # instrument rows of the Eintrittsplanung
    closing_section: bool = True
    # The first page: a full-width title block, then section 1 in two text columns (the
    # right one may start with a sub-heading, so the columns' lines are not aligned).
    first_page_columns: bool = False
    right_subheading: bool = False
    # A table of contents under the title: "" none, "leaders" ("1. Regionaler Arbeitsmarkt
    # ....... 2") or "plain" (page numbers right-aligned at the line end, no leaders).
    contents: str = ""


def _table_layout(rng: random.Random, budget: bool) -> TableLayout:
    return TableLayout(
        ruled=rng.random() < 0.5,
        rules=rng.choice(("grid", "grid", "rows", "booktabs")),
        shaded=rng.random() < 0.25,
        source_note=rng.random() < 0.3,
        plan_first=rng.random() < 0.5,
        previous=rng.choice(PREVIOUS_KINDS),
        plan_word=rng.choice(PLAN_WORDS),
        change_abs=rng.choice((None, *CHANGE_ABS_WORDS)),
        change_pct=rng.random() < 0.5,
        span_change=rng.choice((None, None, *SPAN_WORDS)),
        share=not budget and rng.random() < 0.3,
        groups=not budget and rng.random() < 0.5,
        total=rng.choice((None, *TOTAL_WORDS)),
        total_first=rng.random() < 0.3,
        split=rng.choice(SPLITS),
        narrow_labels=rng.random() < 0.5,
        narrow_values=rng.random() < 0.4,
        valign_middle=rng.random() < 0.25,
        unit=rng.choice(BUDGET_UNITS) if budget else "",
        unit_place=rng.choice(UNIT_PLACES) if budget else "header",
        unit_symbol=rng.choice((0, 0, 1, 2)) if budget else 0,
        percent_sign=rng.random() < 0.25,
        minus=rng.choice(("-", "\u2212")),
        plus=rng.random() < 0.5,
    )


def random_layout(rng: random.Random) -> Layout:
    """A layout drawn from ``rng``; incompatible choices are resolved (a table inside a
    text column is borderless and not split)."""
    layout = Layout(
        entries=_table_layout(rng, budget=False),
        budget=_table_layout(rng, budget=True),
        targets=TableLayout(ruled=rng.random() < 0.5, rules=rng.choice(RULES),
                            plan_first=rng.random() < 0.5, percent_sign=rng.random() < 0.5)
        if rng.random() < 0.4 else None,
        two_column=rng.random() < 0.3,
        table_column=rng.choice((0, 1)),
        running_header=rng.random() < 0.7,
        budget_new_page=rng.random() < 0.4,
        instruments=rng.randint(4, 11),
        closing_section=rng.random() < 0.6,
    )
    # Later additions draw from a generator of their own, so the documents of every seed
    # drawn before they existed stay the same.
    extra = random.Random(repr(rng.getstate()[1][:8]))
    layout = replace(layout, first_page_columns=extra.random() < 0.25,
                     right_subheading=extra.random() < 0.5)
    if layout.targets is not None:
        layout = replace(layout, targets=replace(layout.targets, year_first=extra.random() < 0.5))
    in_header = extra.random() < 0.25 and layout.budget.unit_place != "sentence"
    layout = replace(layout, budget=replace(layout.budget, caption_in_header=in_header))
    layout = replace(layout, entries=replace(layout.entries, hyphenate=extra.random() < 0.4),
                     budget=replace(layout.budget, hyphenate=extra.random() < 0.4))
    if layout.targets is not None:
        layout = replace(layout, targets=replace(layout.targets,
                                                 middle_forecast=extra.random() < 0.4))
    layout = replace(layout, contents=extra.choice(("", "", "", "leaders", "plain")))
    return normalized(layout)


def normalized(layout: Layout) -> Layout:
    """Resolve choices that cannot be drawn together."""
    if layout.two_column:
        # A table in a text column has few columns: no abs change, no share column.
        entries = replace(layout.entries, ruled=False, split="none", change_abs=None,
                          share=False, narrow_labels=True, shaded=False)
        layout = replace(layout, entries=entries)
    return layout
