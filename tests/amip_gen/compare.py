"""Compare extracted tables (``ingest.tables.Table``) with the ground truth, check by check,
so a failure says what was misread: a value, a role, a page, a group, a merge ...

Rows are matched by label with whitespace removed (a label broken over two lines must still
be found), columns by the values they hold, then header, role, period and unit are compared.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from typing import Any, Sequence

from .truth import DocTruth, TruthTable


def key(text: str) -> str:
    """Whitespace-free, lower-case form for matching ("Veränderun g" == "Veränderung")."""
    return re.sub(r"\s+", "", text).lower()


def spaced(text: str) -> str:
    return " ".join(text.split())


def same_value(found: float | None, truth: float | None) -> bool:
    if found is None or truth is None:
        return found is None and truth is None
    return abs(found - truth) <= 1e-6 * max(1.0, abs(truth))


@dataclass
class Result:
    """Outcome for one truth table (or, with ``truth`` None, for unmatched extractions)."""

    truth: TruthTable | None
    checked: Counter = field(default_factory=Counter)
    failures: list[tuple[str, str]] = field(default_factory=list)  # (check, detail)

    def check(self, name: str, ok: bool, detail: str) -> None:
        self.checked[name] += 1
        if not ok:
            self.failures.append((name, detail))

    @property
    def passed(self) -> bool:
        return not self.failures


def _holds(table: Any, row: Any) -> int:
    """2: a row with this label and one of its values; 1: the label only; 0: neither.
    (Total labels such as "Gesamt" recur in several tables: for them only 2 counts.)"""
    best = 0
    for found in table.rows:
        if key(found.label) == key(row.label):
            shared = any(same_value(v, t) for v in found.values for t in row.values
                         if v is not None and t is not None)
            best = max(best, 2 if shared else int(not row.is_total))
    return best


def _best_table(truth: TruthTable, tables: Sequence[Any]) -> tuple[int | None, list[int]]:
    """Index of the extracted table holding most of the truth's rows, and per truth row
    the index of the table that holds it best (-1: none)."""
    homes = []
    for row in truth.rows:
        scores = [(_holds(t, row), -i) for i, t in enumerate(tables)]
        score, index = max(scores, default=(0, 1))
        homes.append(-index if score else -1)
    counts = Counter(h for h in homes if h >= 0)
    return (counts.most_common(1)[0][0] if counts else None), homes


def _column_map(truth: TruthTable, table: Any, rows: dict[str, Any]) -> list[int | None]:
    """Per truth column the extracted column showing the same values in most rows."""
    mapping: list[int | None] = []
    for j, column in enumerate(truth.columns):
        scores = []
        for k, found in enumerate(table.columns):
            agree = sum(1 for r in truth.rows if key(r.label) in rows and r.values[j] is not None
                        and k < len(rows[key(r.label)].values)
                        and same_value(rows[key(r.label)].values[k], r.values[j]))
            scores.append((agree, key(found.header) == key(column.header), k))
        best = max(scores, default=(0, False, None))
        mapping.append(best[2] if best[0] or best[1] else None)
    return mapping


def _compare_columns(result: Result, truth: TruthTable, table: Any,
                     mapping: list[int | None]) -> None:
    for column, k in zip(truth.columns, mapping):
        result.check("column", k is not None, f"column {column.header!r} not found in "
                     f"{[c.header for c in table.columns]}")
        if k is None:
            continue
        found = table.columns[k]
        where = f"column {column.header!r}"
        result.check("header", spaced(found.header) == column.header,
                     f"{where}: header {found.header!r}")
        result.check("role", found.role == column.role,
                     f"{where}: role {found.role!r}, expected {column.role!r}")
        result.check("period", found.period == column.period,
                     f"{where}: period {found.period!r}, expected {column.period!r}")
        result.check("unit", found.unit == column.unit,
                     f"{where}: unit {found.unit!r}, expected {column.unit!r}")


def _compare_rows(result: Result, truth: TruthTable, rows: dict[str, Any],
                  mapping: list[int | None]) -> None:
    for row in truth.rows:
        found = rows.get(key(row.label))
        result.check("row", found is not None, f"row {row.label!r} not found")
        if found is None:
            continue
        where = f"row {row.label!r}"
        result.check("label", spaced(found.label) == row.label, f"{where}: label {found.label!r}")
        result.check("group", found.group == row.group,
                     f"{where}: group {found.group!r}, expected {row.group!r}")
        result.check("page", found.page == row.page,
                     f"{where}: page {found.page}, expected {row.page}")
        for column, value, cell, k in zip(truth.columns, row.values, row.cells, mapping):
            got = found.values[k] if k is not None and k < len(found.values) else "missing"
            result.check("value", got != "missing" and same_value(got, value),
                         f"{where} / {column.header!r}: {got!r} (cell {cell!r}), "
                         f"expected {value!r}")
            printed = found.cells[k] if k is not None and k < len(found.cells) else "missing"
            result.check("cell", spaced(printed) == cell,
                         f"{where} / {column.header!r}: cell {printed!r}, expected {cell!r}")


def compare_table(truth: TruthTable, tables: Sequence[Any]) -> tuple[Result, int | None]:
    result = Result(truth)
    best, homes = _best_table(truth, tables)
    result.check("found", best is not None, f"table {truth.caption!r} not found")
    if best is None:
        return result, None
    table = tables[best]
    for row, home in zip(truth.rows, homes):
        result.check("one_table", home in (best, -1), f"row {row.label!r} is in another "
                     f"table (pages {tables[home].pages if home >= 0 else ()})")
    result.check("pages", tuple(table.pages) == truth.pages,
                 f"pages {tuple(table.pages)}, expected {truth.pages}")
    caption_ok = bool(table.caption) and (key(truth.caption) in key(table.caption)
                                          or key(table.caption) in key(truth.caption))
    result.check("caption", caption_ok, f"caption {table.caption!r}, expected {truth.caption!r}")
    rows = {key(r.label): r for r in table.rows}
    mapping = _column_map(truth, table, rows)
    _compare_columns(result, truth, table, mapping)
    _compare_rows(result, truth, rows, mapping)
    expected = {key(r.label) for r in truth.rows}
    for extra in (r for r in table.rows if key(r.label) not in expected):
        result.check("extra_row", False, f"extra row {extra.label!r} {extra.cells}")
    return result, best


def compare_document(truth: DocTruth, tables: Sequence[Any]) -> list[Result]:
    """One result per truth table, plus one for extracted tables matching no truth table."""
    results, used = [], set()
    for table in truth.tables:
        result, best = compare_table(table, tables)
        results.append(result)
        used.add(best)
    stray = Result(None)
    for index, table in enumerate(tables):
        stray.check("extra_table", index in used, f"extra table on pages {tuple(table.pages)}: "
                    f"{table.caption!r} {[r.label for r in table.rows][:3]}")
    results.append(stray)
    return results
