"""Ground truth of a generated AMIP: what every table and sentence figure really says.

Values are in base units (a T€ cell "3.100" is 3100000.0 EUR), pages are 1-based.
``changes_above`` lists the plan-vs-previous-year changes a drafting rule must ask about.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class TruthColumn:
    header: str  # as printed, lines joined with single spaces
    role: str  # actual|plan|target|forecast|change_abs|change_pct|share|value
    period: int | None
    unit: str  # "EUR", "%" or "" (counts)
    lines: tuple[str, ...] = ()  # the header as wrapped in the PDF, one entry a line


@dataclass(frozen=True)
class TruthRow:
    label: str  # lines joined with single spaces
    group: str  # category row above it, "" if none (a total row never has a group)
    values: tuple[float | None, ...]  # base units, aligned with the table's columns
    cells: tuple[str, ...]  # as printed ("3.100", "−2,5", "–")
    page: int
    is_total: bool = False
    label_lines: tuple[str, ...] = ()


@dataclass(frozen=True)
class TruthTable:
    caption: str
    kind: str  # "entries" (Eintrittsplanung, counts), "budget" (amounts), "targets" (quotas)
    label_header: str
    columns: tuple[TruthColumn, ...]
    rows: tuple[TruthRow, ...]
    pages: tuple[int, ...]
    features: frozenset[str]  # layout features of this table, for per-feature reports
    group_rows: tuple[tuple[str, int], ...] = ()  # category rows (label, page), no values


@dataclass(frozen=True)
class SentenceFigure:
    sentence: str
    printed: str  # the number as printed ("3,1")
    value: float  # base units
    unit: str
    page: int


@dataclass(frozen=True)
class DocTruth:
    jobcenter: str
    plan_year: int
    page_count: int
    tables: tuple[TruthTable, ...]
    figures: tuple[SentenceFigure, ...]
    features: frozenset[str] = field(default=frozenset())
    sentences: tuple[tuple[str, int], ...] = ()  # every prose sentence printed, with its page


@dataclass(frozen=True)
class Change:
    """A plan value against the previous year's value of the same row."""

    table_caption: str
    kind: str  # "entries" or "budget"
    label: str
    group: str
    previous: float
    plan: float
    relative: float  # (plan - previous) / previous
    page: int
    previous_header: str
    plan_header: str


def _plan_and_previous(table: TruthTable, plan_year: int) -> tuple[int, int] | None:
    """Indexes of the plan column for ``plan_year`` and of the previous year's column."""
    plan = [i for i, c in enumerate(table.columns) if c.role == "plan" and c.period == plan_year]
    previous = [i for i, c in enumerate(table.columns)
                if c.role in ("actual", "forecast", "plan") and c.period == plan_year - 1]
    if not plan or not previous:
        return None
    return plan[0], previous[0]


def changes_above(truth: DocTruth, threshold: float = 0.2,
                  kinds: tuple[str, ...] = ("entries", "budget")) -> list[Change]:
    """Instrument rows (no totals) whose plan differs from the previous year's value by at
    least ``threshold`` (relative); a previous value of 0 or none gives no change."""
    found: list[Change] = []
    for table in truth.tables:
        indexes = _plan_and_previous(table, truth.plan_year)
        if table.kind not in kinds or indexes is None:
            continue
        plan_i, prev_i = indexes
        for row in table.rows:
            plan, previous = row.values[plan_i], row.values[prev_i]
            if row.is_total or plan is None or not previous:
                continue
            relative = (plan - previous) / previous
            if abs(relative) >= threshold - 1e-12:
                found.append(Change(table.caption, table.kind, row.label, row.group, previous,
                                    plan, relative, row.page, table.columns[prev_i].header,
                                    table.columns[plan_i].header))
    return found
