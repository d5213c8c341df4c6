"""Layouts for the fast suite: together they show every layout feature at least once
(``FEATURES``; the coverage is itself tested), so a handful of documents suffices."""

from __future__ import annotations

from .layout import Layout, TableLayout

# Every feature a table can show (see ``placement._features``).
FEATURES = (
    "entries", "budget", "targets", "target_first", "ruled", "rules_rows", "rules_booktabs",
    "shaded", "source_note", "borderless", "two_column", "plan_first", "previous_first",
    "previous_ist", "previous_hochrechnung", "previous_prognose", "previous_soll",
    "previous_vorjahr", "plan_word_plan", "plan_word_soll", "plan_word_planung",
    "column_change_abs", "column_change_pct", "column_share", "split_repeat",
    "split_no_repeat", "multiline_label", "valign_middle", "multiline_header",
    "header_word_broken", "groups", "total_first", "total_last", "unit_EUR", "unit_TEUR",
    "unit_MEUR", "unit_in_header", "unit_in_caption", "unit_in_sentence", "unicode_minus",
    "plus_sign", "none_cell", "percent_sign", "unit_other_symbol", "spanning_header",
    "year_first_header", "caption_in_header", "header_word_hyphenated",
    "middle_forecast", "header_alone", "group_opens_page", "value_overflow",
)

_T = TableLayout
FAST_CASES: tuple[tuple[int, Layout | None], ...] = (
    (101, Layout(
        entries=_T(ruled=True, previous="ist", plan_word="Plan", groups=True, narrow_labels=True,
                   change_abs="Veränderung absolut", change_pct=True, share=True,
                   span_change="Veränderung zum Vorjahr", split="repeat"),
        budget=_T(ruled=True, plan_first=True, previous="hochrechnung", plan_word="Soll",
                  change_pct=True, unit="TEUR", unit_place="caption", minus="\u2212",
                  plus=True, caption_in_header=True),
        instruments=9)),
    (102, Layout(
        entries=_T(previous="vorjahr", plan_word="Planung", change_pct=True, groups=True,
                   valign_middle=True, total_first=True),
        budget=_T(ruled=False, shaded=True, previous="prognose", change_abs="Differenz",
                  unit="MEUR", unit_place="header", split="no_repeat", narrow_values=True),
        two_column=True, table_column=1, instruments=7)),
    (103, Layout(
        entries=_T(ruled=False, plan_first=True, previous="soll", narrow_values=True,
                   change_abs="+/-", change_pct=True, split="no_repeat", total="Summe",
                   total_first=True, minus="\u2212", plus=True),
        budget=_T(ruled=True, previous="ist", plan_word="Planung", change_abs="Differenz",
                  unit="EUR", unit_place="sentence", split="repeat"),
        targets=_T(ruled=True, rules="booktabs"),
        instruments=8, budget_new_page=True)),
    (104, Layout(
        entries=_T(ruled=True, previous="hochrechnung", plan_word="Soll", narrow_labels=True,
                   narrow_values=True, valign_middle=True, groups=True, total=None,
                   hyphenate=True),
        budget=_T(ruled=False, previous="vorjahr", change_abs="Veränderung absolut",
                  change_pct=True, span_change="Veränderung", unit="TEUR", unit_place="header", unit_symbol=1,
                  plus=True),
        instruments=10, running_header=False)),
    (105, Layout(
        entries=_T(ruled=False, previous="prognose", share=True, total="Insgesamt",
                   split="repeat", change_pct=True, minus="\u2212", percent_sign=True),
        budget=_T(ruled=True, rules="rows", shaded=True, previous="soll", unit="MEUR",
                  unit_place="caption", total=None, source_note=True),
        targets=_T(ruled=False, plan_first=True, percent_sign=True, year_first=True,
                   middle_forecast=True),
        instruments=6)),
    (106, Layout(
        entries=_T(previous="ist", plan_word="Soll", plan_first=True, change_pct=True),
        budget=_T(ruled=False, plan_first=True, narrow_values=True, split="repeat",
                  unit="EUR", unit_place="header", change_abs="+/-"),
        two_column=True, table_column=0, instruments=6, closing_section=False)),
    # Kinds that page breaks and column widths make, not options: random layouts that show
    # them (a bold total overflowing its narrow cell; a category row opening the next page;
    # a header left alone at the foot of a page).
    (3015, None), (3028, None), (4545, None),
)
