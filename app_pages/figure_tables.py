"""Tables and chart data for the "Kennzahlen" tab, built from the facade's ``Figure`` objects.

Presentation only: which value is "before" and which is "planned", the change between them,
and German number formatting. Pure functions (pandas), tested without Streamlit.
"""

from __future__ import annotations

import math
import re

import pandas as pd

from assistant.types import Figure, FigureValue

KIND_TITLES = {
    "entries": "Eintrittsplanung (geplante Eintritte je Instrument)",
    "budget": "Geld: Budgets und Mittel",
    "target": "Ziele und Kennzahlen",
    "other": "Weitere Zahlen",
}
UNITS = {"EUR": "Euro", "Eintritte": "Eintritte", "%": "%", "Personen": "Personen", "": "Anzahl"}
_CHANGE = re.compile(r"veränder|ggü|gegenüber|differenz|\+/-|abweich", re.IGNORECASE)
_PLAN = re.compile(r"plan|soll|ziel|prognose", re.IGNORECASE)
_BEFORE = re.compile(r"\bist\b|vorjahr|\bvj\b", re.IGNORECASE)
_TOTAL = re.compile(r"^\s*(gesamt|insgesamt|summe)\b", re.IGNORECASE)
_CHANGE_ROLES = ("change_abs", "change_pct")
LARGE_CHANGE = 20.0  # percent: "cut or grown by a fifth or more" (DOMAIN.md)

Value = tuple[str, float]
NOT_A_NUMBER = "–"  # a cell too large to be a number (400 digits read as infinity) or not one at all


def finite(*values: float | None) -> bool:
    """Whether every value is a real number: nothing is computed or drawn from infinity or NaN."""
    return all(v is not None and math.isfinite(v) for v in values)


def de_number(value: float | None, signed: bool = False) -> str:
    """German format: 1793645 → "1.793.645", 16.0 → "16", 2.5 → "2,5"; signed adds "+"; "" for
    no value, "–" for one that is not finite (never "inf")."""
    if value is None:
        return ""
    if not finite(value):
        return NOT_A_NUMBER
    text = f"{value:+,.2f}" if signed else f"{value:,.2f}"
    text = text.translate(str.maketrans(",.", ".,")).rstrip("0").rstrip(",")
    return text.replace("-", "−")


def before_and_plan(values: list[Value]) -> tuple[Value | None, Value | None]:
    """The earlier value (Ist/Vorjahr) and the planned one of a row; change columns are skipped."""
    plain = [(c, v) for c, v in values if not _CHANGE.search(c)]
    if len(plain) < 2:
        return None, None
    plans = [i for i, (c, _) in enumerate(plain) if _PLAN.search(c)]
    plan_i = plans[-1] if plans else len(plain) - 1
    befores = [i for i, (c, _) in enumerate(plain) if _BEFORE.search(c) and i != plan_i]
    before_i = befores[-1] if befores else (plan_i - 1 if plan_i > 0 else 1)
    return plain[before_i], plain[plan_i]


def change(before: float | None, after: float | None) -> tuple[float | None, float | None]:
    """Absolute and percent change; percent is None when the base is zero; both None when a value
    (or the difference of two huge ones) is not finite."""
    if not finite(before, after) or not finite(after - before):  # type: ignore[operator]
        return None, None
    diff = after - before  # type: ignore[operator]
    pct = diff / abs(before) * 100 if before else None  # type: ignore[arg-type]
    return diff, (pct if pct is None or finite(pct) else None)


def planned_value(values: list[Value]) -> Value | None:
    """The value a year-over-year comparison uses: the planned one, else the only one."""
    _, plan = before_and_plan(values)
    if plan:
        return plan
    plain = [(c, v) for c, v in values if not _CHANGE.search(c)]
    return plain[-1] if plain else None


def unit_of(f: Figure) -> str:
    """The unit as the page names it; a count ("" in the table model) shows as "Anzahl"."""
    return f.unit or "Anzahl"


def unique_columns(headers: list[str]) -> list[str]:
    """Column names a DataFrame accepts: a repeated header gets " (2)", " (3)" …"""
    out: list[str] = []
    for header in headers:
        name = " ".join(str(header).split()) or "Spalte"
        candidate, n = name, 1
        while candidate in out:
            n += 1
            candidate = f"{name} ({n})"
        out.append(candidate)
    return out


_FRAGMENT_END = re.compile(r"(?:[,;(–-]|\b(?:und|oder|sowie|der|die|das|den|dem|des|mit|für|von|zu|im|in|auf))\s*$",
                           re.IGNORECASE)


def table_title(table) -> str:
    """A title for a table: its caption when it reads as a heading (short, starts like one, no
    sentence or fragment), else what the table model knows: label column, value columns, unit."""
    caption = " ".join((table.caption or "").split())
    # a heading is short; a sentence leading into the table ("Die folgende Übersicht …:") is not one
    if caption and len(caption.split()) <= 8 and (caption[0].isupper() or caption[0].isdigit()) \
            and not caption.endswith((":", ".")) and not _FRAGMENT_END.search(caption):
        return caption
    headers = ", ".join(c.header for c in table.columns[:4])
    unit = {"EUR": " (Euro)", "%": " (Prozent)"}.get(table.unit, "")
    return f"{table.label_header or 'Tabelle'}: {headers}{unit}" if headers else "Tabelle"


def table_frame(table) -> pd.DataFrame:
    """An ingest table (``ingest.tables.types.Table``) as printed: label column, one per value column."""
    label = table.label_header or "Bezeichnung"
    names = unique_columns([label, *(c.header for c in table.columns), "Seite"])
    rows = [[r.label if not r.group or r.group == r.label else f"{r.group}: {r.label}",
             *(list(r.cells) + [""] * len(table.columns))[:len(table.columns)], r.page] for r in table.rows]
    return pd.DataFrame(rows, columns=names)


def _name(f: Figure) -> str:
    """The label as printed, plus the short instrument name when the label does not contain it."""
    compact = re.sub(r"\s+", "", f.label.lower())
    if not f.instrument or re.sub(r"\s+", "", f.instrument.lower()) in compact:
        return f.label
    return f"{f.label} ({f.instrument})"


def figures_frame(figures: list[Figure]) -> pd.DataFrame:
    """One row per figure: name, unit, its value columns as printed, one change column (printed by
    the document, or computed — each cell says which), and the page."""
    rows, columns = [], []
    for f in figures:
        row = {"Bezeichnung": _name(f), "Einheit": UNITS.get(unit_of(f), unit_of(f))}
        for v in f.values:
            if v.role in _CHANGE_ROLES:
                continue  # shown, with its unit, in the one change column
            if v.column not in columns:
                columns.append(v.column)
            row[v.column] = de_number(v.value)
        row[" Veränderung"] = change_cell(f)
        row[" Seite"] = f.page
        rows.append(row)
    # Our own columns carry a leading space so a printed column of the same name keeps its
    # name and the frame never has two columns of one name (pandas/Arrow refuse that).
    order = ["Bezeichnung", "Einheit", *columns, " Veränderung", " Seite"]
    frame = pd.DataFrame(rows, columns=order).fillna("")
    frame.columns = unique_columns([c.strip() for c in order])
    return frame


def change_cell(f: Figure) -> str:
    """The change of a figure, labelled: as printed with its unit ("−31 % (laut Dokument)"),
    else computed from the earlier and the planned value of the same unit ("−90 / −37,5 %
    (berechnet)"; rates in percentage points). Empty when the values are not comparable."""
    printed = [v for v in f.values if v.role in _CHANGE_ROLES and finite(v.value)]
    if printed:
        return " / ".join(_printed_change(v, f.unit) for v in printed) + " (laut Dokument)"
    before, plan = comparable_pair(f)
    if before is None or plan is None or change(before.value, plan.value) == (None, None):
        return ""
    return f"{change_text(f.unit, before.value, plan.value)} (berechnet)"


def _printed_change(v: FigureValue, level_unit: str) -> str:
    if v.role == "change_pct":
        return f"{de_number(v.value, signed=True)} %"
    return f"{de_number(v.value, signed=True)}{_unit_suffix(level_unit, change=True)}"


def _unit_suffix(unit: str, change: bool = False) -> str:
    return {"EUR": " €", "%": " Prozentpunkte" if change else " %"}.get(unit, "")


def change_text(unit: str, before: float, after: float) -> str:
    """"−90 / −37,5 %" for counts and money; a rate changes in percentage points, never in %."""
    diff, pct = change(before, after)
    if diff is None:
        return ""
    if unit == "%":
        return f"{de_number(diff, signed=True)} Prozentpunkte"
    text = f"{de_number(diff, signed=True)}{_unit_suffix(unit)}"
    return f"{text} / {de_number(pct, signed=True)} %" if pct is not None else text


def comparable_pair(f: Figure) -> tuple[FigureValue | None, FigureValue | None]:
    """The earlier value and the planned one of a figure, only when both measure the same thing:
    same unit, both shares or both not (a count is never compared with a share); callers check
    ``finite`` before computing with them."""
    levels = [v for v in f.values if v.role not in _CHANGE_ROLES]
    before, plan = before_and_plan([(v.column, v.value) for v in levels])
    if before is None or plan is None:
        return None, None
    first = next(v for v in levels if (v.column, v.value) == before)
    last = next(v for v in levels if (v.column, v.value) == plan)
    return (first, last) if _same_measure(first, last) else (None, None)


def _same_measure(a: FigureValue, b: FigureValue) -> bool:
    return a.unit == b.unit and (a.role == "share") == (b.role == "share")


def chart_frame(figures: list[Figure]) -> pd.DataFrame:
    """Long table (Bezeichnung, Spalte, Wert) of earlier vs planned entries, for a bar chart."""
    rows, seen = [], set()
    for f in figures:
        name = _name(f)
        if f.kind != "entries" or unit_of(f) not in ("Eintritte", "Anzahl") or _TOTAL.match(f.label) \
                or name in seen:
            continue  # a total would dwarf the instruments; one bar pair per instrument
        before, plan = comparable_pair(f)
        if before and plan and change(before.value, plan.value)[0] is not None:  # no bar for "infinity"
            seen.add(name)
            rows += [{"Bezeichnung": name, "Spalte": v.column, "Wert": v.value} for v in (before, plan)]
    return pd.DataFrame(rows, columns=["Bezeichnung", "Spalte", "Wert"])


def _key(f: Figure) -> tuple[str, str, str]:
    return f.kind, (f.instrument or " ".join(f.label.lower().split())), unit_of(f)


def planned(f: Figure) -> FigureValue | None:
    """The value a year-over-year comparison uses: the planned one, else the only level value."""
    levels = [v for v in f.values if v.role not in _CHANGE_ROLES]
    value = planned_value([(v.column, v.value) for v in levels])
    return next((v for v in levels if (v.column, v.value) == value), None) if value else None


def year_frame(new: list[Figure], old: list[Figure], new_label: str, old_label: str) -> pd.DataFrame:
    """Planned values of two AMIPs side by side; rows exist only where both documents have a
    value of the same measure (unit, share or not) for the same thing."""
    if new_label == old_label:  # two documents with the same title
        new_label, old_label = f"{new_label} (gewählt)", f"{old_label} (Vergleich)"
    earlier: dict[tuple[str, str, str], FigureValue] = {}
    for f in old:
        value = planned(f)
        if f.kind != "other" and value:
            earlier.setdefault(_key(f), value)
    rows, seen = [], set()
    for f in new:
        value, key = planned(f), _key(f)
        before = earlier.get(key)
        if f.kind == "other" or not value or before is None or key in seen or not _same_measure(before, value):
            continue
        seen.add(key)
        _, pct = change(before.value, value.value)
        large = value.unit != "%" and pct is not None and abs(pct) >= LARGE_CHANGE
        rows.append({
            "Bezeichnung": _name(f),
            "Einheit": UNITS.get(unit_of(f), unit_of(f)),
            old_label: f"{de_number(before.value)} ({before.column})",
            new_label: f"{de_number(value.value)} ({value.column})",
            "Veränderung (berechnet)": change_text(value.unit, before.value, value.value),
            "Auffällig": ("stark erhöht" if pct > 0 else "stark gekürzt") if large else "",
            "Seite": f.page,
        })
    columns = ["Bezeichnung", "Einheit", old_label, new_label, "Veränderung (berechnet)", "Auffällig", "Seite"]
    return pd.DataFrame(rows, columns=columns)


def csv_bytes(frame: pd.DataFrame) -> bytes:
    """A table as CSV for a spreadsheet: semicolons and UTF-8 with BOM, as German Excel opens them
    (Streamlit's own "Download as CSV" is English and hidden)."""
    return frame.to_csv(sep=";", index=False).encode("utf-8-sig")
