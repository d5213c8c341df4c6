"""Number and change questions answered from the table model read at ingest.

A question naming a row (an instrument, a budget line) and a period is answered from that
row's cell in the column with the asked role and period, in a German sentence that names the
column, with the row as the citation. "Welche … werden gekürzt/ausgeweitet?" is computed over
the rows (plan below/above the previous year's value, both numbers shown); so are "Welches …
die meisten/wenigsten …?", one row's change against the previous year (only printed numbers)
and "insgesamt" (the total row). A value never comes
from a column name, a caption or an abbreviation list: only from a ``Row`` cell.

The outcome is one of: an answer, a refusal (the row is there but not the asked period or
unit: "money is not a count of entries"), or ``None`` (not a table question).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from assistant.answering.question import Question
from assistant.answering.table_rows import TableSource, find_rows, row_names
from assistant.types import Citation
from assistant.text.numbers import YEAR
from ingest.tables.types import Column, Row, Table

_COUNT_NOUNS = (("eintritt", "Eintritte"), ("plätze", "Plätze"), ("teilnehm", "Teilnehmende"))
_CHANGE_ASKED = re.compile(r"\b(?:sinkt|sinken|steigt|steigen|veränder\w*|gegenüber|zurück|wächst|wachsen|"
                           r"entwickel\w*|entwickl\w*|im vergleich)\b", re.IGNORECASE)
_TIMED = ("plan", "actual", "forecast", "target")  # columns that hold a period's value
# "Welches Instrument hat die meisten …", "Für welche Maßnahme sind die wenigsten … geplant?"
_EXTREME = re.compile(r"\b(?:die\s+)?(meisten|meiste|höchsten?|größten?|wenigsten|niedrigsten?|kleinsten?)\b",
                      re.IGNORECASE)
_FEWEST = ("wenigsten", "niedrigste", "niedrigsten", "kleinste", "kleinsten")
_WHICH_ONE = re.compile(r"\bwelche[srmn]?\b", re.IGNORECASE)


@dataclass(frozen=True)
class TableAnswer:
    text: str  # "" for a refusal
    citations: tuple[Citation, ...] = ()

    @property
    def refused(self) -> bool:
        return not self.text


def answer_from_tables(q: Question, sources: list[TableSource]) -> TableAnswer | None:
    """The table answer, a refusal (``refused``), or None when the tables do not decide."""
    if not sources:
        return None
    if q.change is not None:
        return _changes(q, sources)
    extreme = _EXTREME.search(q.text)
    if extreme and _WHICH_ONE.search(q.text):
        return _extreme_row(q, sources, extreme.group(1).casefold() in _FEWEST)
    if _CHANGE_ASKED.search(q.text) and q.quantity != "%":
        found = find_rows(q, sources)
        if found:
            return _row_change(q, *found[0])
    if q.kind not in ("number", "yesno") or not (q.years or q.role or q.quantity == "%"):
        return None  # a table answers for a period, role or a percentage column
    found = find_rows(q, sources)
    if not found:
        return None
    cells = [(source, row, column) for source, row in found
             if (column := _asked_column(q, source.table)) is not None and row.values[column] is not None]
    if not cells:  # the question names rows, but no cell holds the asked period, role or unit
        return TableAnswer("") if q.kind == "number" or q.role else None
    return next((a for s, r, c in cells if (a := _value_answer(q, s, r, c)) is not None), None)


def _asked_period(q: Question, table: Table, role: str) -> int | None:
    if len(q.years) == 1:
        return int(next(iter(q.years)))
    periods = [c.period for c in table.columns if c.role == role and c.period is not None]
    return max(periods) if periods else None


def _asked_column(q: Question, table: Table) -> int | None:
    """The column with the asked role (plan by default) and period, if its unit fits."""
    if q.quantity == "%" and _CHANGE_ASKED.search(q.text):  # "Um wie viel Prozent sinkt …?"
        return next((i for i, c in enumerate(table.columns) if c.role == "change_pct"), None)
    # An "Ist" question may be answered by a column of measured values ("Nov 19"); a target
    # is what a plan is called in a targets table, and the other way round. Asked for no
    # role, a programme's question is about its plan year: the latest period comes first.
    roles = {"actual": ["actual", "value"], "plan": ["plan", "target"], "target": ["target", "plan"],
             None: ["target", "plan", "forecast", "actual"]}.get(q.role, [q.role])
    if q.role is None and not q.years:
        latest = max((c.period for c in table.columns if c.role in _TIMED and c.period), default=None)
        roles = [r for r in roles if any(c.role == r and c.period == latest for c in table.columns)] + roles
    for role in roles:
        period = _asked_period(q, table, role)
        for i, column in enumerate(table.columns):
            if column.role == role and column.period == period and _unit_fits(q, column):
                return i
    # A table whose only number column names no role or year has one value per row; a year
    # asked must then be the one its caption names for the whole table ("Budget 2024 in Euro").
    values = [i for i, c in enumerate(table.columns) if c.role in (*_TIMED, "value")]
    if len(values) == 1 and table.columns[values[0]].role == "value" and q.years <= _caption_years(table) \
            and _unit_fits(q, table.columns[values[0]]):
        return values[0]
    return None


def _caption_years(table: Table) -> set[str]:
    """The years a table's caption names, if it names exactly one (else none: which would it be?)."""
    years = set(YEAR.findall(table.caption))
    return years if len(years) == 1 else set()


def _unit_fits(q: Question, column: Column) -> bool:
    if q.quantity is None:
        return True
    if q.quantity == "%":
        return column.unit == "%"
    return column.unit == q.quantity


def _noun(q: Question, table: Table) -> str:
    where = f"{q.text} {table.caption} {table.label_header}".casefold()
    return next((noun for stem, noun in _COUNT_NOUNS if stem in where), "")


def value_text(cell: str, column: Column, noun: str = "") -> str:
    """A cell as printed with its unit: "14.250 Tsd. Euro", "3,1 Mio. Euro", "210 Eintritte"."""
    if column.unit == "EUR":
        scale = {1_000.0: "Tsd. Euro", 1_000_000.0: "Mio. Euro"}.get(column.scale, "Euro")
        return cell if any(s in cell for s in ("€", "EUR", "Euro")) else f"{cell} {scale}"
    if column.unit == "%":
        return cell if "%" in cell else f"{cell} %"
    return f"{cell} {noun}".strip()


def _others(table: Table, row: Row, skip: int) -> str:
    """The row's other plan/actual/forecast cells, for comparison ("Ist 2023: 305")."""
    parts = [f"{c.header}: {row.cells[i]}" for i, c in enumerate(table.columns)
             if i != skip and c.role in ("plan", "actual", "forecast", "target") and row.cells[i]]
    return "; ".join(parts)


def _value_answer(q: Question, source: TableSource, row: Row, i: int) -> TableAnswer | None:
    table, column = source.table, source.table.columns[i]
    value = value_text(row.cells[i], column, _noun(q, table))
    period = column.period
    sentence = {"plan": f"Für {period} sind {value} geplant",
                "forecast": f"Für {period} werden {value} erwartet",
                "actual": f"{period} waren es {value}",
                "target": f"Für {period} ist ein Zielwert von {value} vorgesehen",
                "change_pct": f"Die Veränderung beträgt {value}"}.get(column.role)
    if sentence is None or (period is None and column.role in _TIMED):
        sentence = f"Der Wert beträgt {value}"
    others = _others(table, row, i)
    details = [f"Spalte „{column.header}“" if column.header.strip() else "",
               f"zum Vergleich {others}" if others else ""]
    detail = "; ".join(d for d in details if d) or (table.caption or "Tabelle")
    lead = "Ja. " if q.kind == "yesno" else ""
    citation = source.citation(row, "S1")
    if citation is None:  # a row no indexed chunk prints cannot be cited: leave it to the text
        return None
    return TableAnswer(f"{lead}{row_names(row)[0]}: {sentence} ({detail}) [S1].", (citation,))


def _compared(table: Table, period: int | None) -> tuple[int, int] | None:
    plan = [i for i, c in enumerate(table.columns) if c.role == "plan" and c.period == period]
    if period is None or not plan:
        return None
    previous = [i for i, c in enumerate(table.columns)
                if c.role in ("actual", "forecast", "plan") and c.period == period - 1]
    return (plan[0], previous[0]) if previous else None


def _changes(q: Question, sources: list[TableSource]) -> TableAnswer | None:
    """Rows whose plan lies below ("cut") or above ("rise") the previous year's value."""
    for source in sources:
        table = source.table
        indexes = _compared(table, _asked_period(q, table, "plan"))
        if indexes is None or not source.instrument_rows():
            continue
        plan, previous = indexes
        rows = [r for r in source.instrument_rows() if r.values[plan] is not None
                and r.values[previous] is not None and r.values[plan] != r.values[previous]]
        chosen = [r for r in rows if (r.values[plan] < r.values[previous]) == (q.change == "cut")]
        return _change_list(q, source, chosen, plan, previous)
    return None


def _change_list(q: Question, source: TableSource, rows: list[Row], plan: int,
                 previous: int) -> TableAnswer | None:
    table = source.table
    header = table.columns[plan]
    word = "weniger" if q.change == "cut" else "mehr"
    if not rows:
        return TableAnswer(f"Laut der Tabelle „{table.caption or header.header}“ ist für {header.period} "
                           f"bei keinem Instrument {word} geplant als im Vorjahr.")
    lines = [f"Für {header.period} ist bei diesen Instrumenten {word} geplant als im Vorjahr:"]
    citations: list[Citation] = []
    for row in rows:
        marker = f"S{len(citations) + 1}"
        citation = source.citation(row, marker)
        if citation is None:  # every bullet carries its row's citation, or none is shown
            return None
        lines.append(f"- {row_names(row)[0]}: {header.header} {row.cells[plan]} statt "
                     f"{table.columns[previous].header} {row.cells[previous]} [{marker}]")
        citations.append(citation)
    return TableAnswer("\n".join(lines), tuple(citations))


def _row_change(q: Question, source: TableSource, row: Row) -> TableAnswer | None:
    """One row's plan against the previous year's value, with the change columns it prints
    (a difference is never computed: every number shown stands in the cited row)."""
    table = source.table
    indexes = _compared(table, _asked_period(q, table, "plan"))
    if indexes is None:
        return None
    plan, previous = indexes
    if row.values[plan] is None or row.values[previous] is None:
        return None
    noun = _noun(q, table)
    now, before = table.columns[plan], table.columns[previous]
    direction = ("weniger als" if row.values[plan] < row.values[previous] else
                 "mehr als" if row.values[plan] > row.values[previous] else "so viel wie")
    printed = [f"{c.header}: {row.cells[i]}" for i, c in enumerate(table.columns)
               if c.role in ("change_abs", "change_pct") and row.cells[i]]
    citation = source.citation(row, "S1")
    if citation is None:
        return None
    detail = "; ".join([f"{before.header}: {row.cells[previous]}", *printed])
    return TableAnswer(f"{row_names(row)[0]}: Für {now.period} sind {value_text(row.cells[plan], now, noun)} "
                       f"geplant, {direction} im Vorjahr ({detail}) [S1].", (citation,))


def _extreme_row(q: Question, sources: list[TableSource], fewest: bool) -> TableAnswer | None:
    """The instrument(s) with the most (or fewest) planned entries of the asked year."""
    for source in sources:
        rows, table = source.instrument_rows(), source.table
        column = next((i for i, c in enumerate(table.columns) if c.role == "plan"
                       and c.period == _asked_period(q, table, "plan") and c.unit == ""), None)
        valued = [r for r in rows if column is not None and r.values[column] is not None]
        if not valued:
            continue
        pick = min if fewest else max
        best = pick(r.values[column] for r in valued)
        chosen = [r for r in valued if r.values[column] == best]
        header = table.columns[column]
        citations = [c for i, r in enumerate(chosen) if (c := source.citation(r, f"S{i + 1}")) is not None]
        if len(citations) != len(chosen):
            return None
        names = " und ".join(row_names(r)[0] for r in chosen)
        markers = "".join(f"[S{i + 1}]" for i in range(len(chosen)))
        each = "je " if len(chosen) > 1 else ""
        word = "wenigsten" if fewest else "meisten"
        return TableAnswer(f"Für {header.period} sind die {word} Eintritte bei {names} geplant: "
                           f"{each}{chosen[0].cells[column]} (Spalte „{header.header}“) {markers}.", tuple(citations))
    return None
