"""One layout feature at a time: a plain layout (ruled tables, Ist before Plan, T€ in the
header) and variants that each change one thing, read back by ``ingest.tables``.

    .venv/bin/python -m tests.amip_gen.ablation [SEEDS] [VARIANT ...]

prints per variant how many documents were read completely, the checks that failed most and
one example each. Where the random slow suite mixes features, this isolates them.
"""

from __future__ import annotations

import sys
from collections import Counter
from dataclasses import replace

from .compare import compare_document
from .generator import generate
from .layout import Layout, TableLayout

PLAIN = Layout(entries=TableLayout(), budget=TableLayout(unit="TEUR", unit_place="header"),
               running_header=False, instruments=7)


def _entries(**changes: object) -> Layout:
    return replace(PLAIN, entries=replace(PLAIN.entries, **changes))


def _budget(**changes: object) -> Layout:
    return replace(PLAIN, budget=replace(PLAIN.budget, **changes))


VARIANTS: dict[str, Layout] = {
    "plain": PLAIN,
    "running_header": replace(PLAIN, running_header=True),
    "two_column": replace(PLAIN, two_column=True),
    "targets_table": replace(PLAIN, targets=TableLayout()),
    "targets_table_percent_cells": replace(PLAIN, targets=TableLayout(percent_sign=True)),
    "borderless": _entries(ruled=False),
    "plan_first": _entries(plan_first=True),
    "previous_hochrechnung": _entries(previous="hochrechnung"),
    "previous_prognose": _entries(previous="prognose"),
    "previous_soll": _entries(previous="soll"),
    "previous_vorjahr": _entries(previous="vorjahr"),
    "plan_word_soll": _entries(plan_word="Soll"),
    "plan_word_planung": _entries(plan_word="Planung"),
    "change_abs_veraenderung": _entries(change_abs="Veränderung absolut"),
    "change_abs_differenz": _entries(change_abs="Differenz"),
    "change_abs_plus_minus": _entries(change_abs="+/-"),
    "change_pct": _entries(change_pct=True),
    "share": _entries(share=True),
    "groups": _entries(groups=True),
    "no_total": _entries(total=None),
    "total_first": _entries(total_first=True),
    "split_repeat": _entries(split="repeat"),
    "split_no_repeat": _entries(split="no_repeat"),
    "multiline_label": _entries(narrow_labels=True),
    "multiline_header": _entries(narrow_values=True, change_pct=True),
    "valign_middle": _entries(narrow_labels=True, valign_middle=True),
    "unicode_minus": _entries(change_pct=True, minus="\u2212"),
    "plus_sign": _entries(change_pct=True, plus=True),
    "budget_eur": _budget(unit="EUR"),
    "budget_meur": _budget(unit="MEUR"),
    "budget_unit_in_caption": _budget(unit_place="caption"),
    "budget_unit_in_sentence": _budget(unit_place="sentence"),
    "budget_borderless": _budget(ruled=False),
    "budget_split_no_repeat": _budget(split="no_repeat"),
    "budget_changes": _budget(change_abs="Differenz", change_pct=True),
    "spanning_header": _entries(change_abs="Differenz", change_pct=True,
                                span_change="Veränderung zum Vorjahr"),
    "budget_spanning_header": _budget(change_abs="Differenz", change_pct=True,
                                      span_change="Veränderung", ruled=False),
    "percent_sign": _entries(change_pct=True, share=True, percent_sign=True),
    "budget_tsd": _budget(unit_symbol=1),
}


def run(name: str, seeds: int, extract) -> str:
    """One report line for variant ``name`` over ``seeds`` documents."""
    read, failed, examples = 0, Counter(), {}
    for seed in range(1000, 1000 + seeds):
        generated = generate(seed, VARIANTS[name])
        results = compare_document(generated.truth, extract(generated.pdf, f"gen-{seed}"))
        read += all(r.passed for r in results)
        for result in results:
            kind = result.truth.kind if result.truth else "document"
            for check, detail in dict(reversed(result.failures)).items():
                failed[check] += 1
                examples.setdefault(check, f"seed {seed} {kind}: {detail}")
    worst = "; ".join(f"{check}×{n}, e.g. {examples[check][:200]}"
                      for check, n in failed.most_common(3))
    return f"{name}: {read}/{seeds} read" + (f"; {worst}" if worst else "")


def main(argv: list[str]) -> None:
    from ingest.tables import extract_tables

    seeds = int(argv[0]) if argv else 10
    for name in argv[1:] or VARIANTS:
        print(run(name, seeds, extract_tables), flush=True)


if __name__ == "__main__":
    main(sys.argv[1:])
