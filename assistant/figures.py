"""Figures from AMIP page texts: table rows (label followed by numbers) and key sentences.

Pages come as ``(page number, text)`` with text extracted by pypdf ``extraction_mode="layout"``,
so a table row stays on one line (label followed by its numbers). Column names ("Ist 2023",
"Plan 2024", "Veränderung ggü. VJ in %") are read from the header line(s) above a table and
matched to the numbers by horizontal position, or by order once the reader's cleaning has
collapsed the padding. Works on raw layout text and on cleaned ``Document.pages`` alike.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from assistant.figure_sentences import sentence_figures
from assistant.domain.instruments import canonical, category, normalize_label, qualifier
from assistant.text.numbers import NumberMatch, find_numbers
from assistant.types import Figure

_CELL = re.compile(r"\S+(?: \S+)*")
_COLUMN_KEY = re.compile(
    r"^(?:ist|plan|soll|ziel|prognose|vorjahr|vj|eintritte|plätze|eur|euro|in euro|€|"
    r"veränderun|ver-|anteil|ausgaben|mittel|budget|(?:19|20)\d\d)\b", re.IGNORECASE)
_EUR = re.compile(r"\beur\b|euro|€|mittel|ausgaben|kosten|budget|haushalt", re.IGNORECASE)
_CHANGE = re.compile(r"veränder|ggü|gegenüber|differenz|\+/-|abweichung", re.IGNORECASE)
_TARGET_CONTEXT = re.compile(r"\bziel|kennzahl", re.IGNORECASE)
_ENTRIES_CONTEXT = re.compile(r"eintritt|förder|instrument|maßnahme|plätze|\bist\b|\bplan\b", re.IGNORECASE)
_SUB_ROW = re.compile(r"^(?:davon|darunter|dav\.|dar\.|-|–)\s", re.IGNORECASE)
_NOT_A_LABEL = re.compile(r"^(?:seite|s\.|stand|tabelle|abbildung|quelle|kapitel|inhalt|tel\.?|fax)\b",
                          re.IGNORECASE)
_YEAR = re.compile(r"\b(?:19|20)\d\d\b")
_FILLER = re.compile(r"^[\s%€]*(?:EUR|Euro|[–—-]|k\.\s?A\.|n\.\s?v\.)?[\s%€]*$")
_TARGET_CODES = {"IQ", "LZB", "LLU"}


@dataclass
class _Table:
    """State of the table being read: its header cells, caption lines and last parent row."""

    header: list[tuple[int, int, str]] = field(default_factory=list)
    caption: list[str] = field(default_factory=list)
    parent: tuple[str, str] | None = None  # (code, label) of the last non-sub row
    rows: int = 0


def extract_figures(pages: list[tuple[int, str]], doc_id: str, filename: str) -> list[Figure]:
    """All figures of a document in page order; every figure carries its document and page."""
    tables: list[Figure] = []
    sentences: list[Figure] = []
    for number, text in pages:
        found, used_lines = _table_figures(text, number, doc_id, filename)
        tables += found
        prose = "\n".join("" if i in used_lines else line for i, line in enumerate(text.splitlines()))
        sentences += sentence_figures(prose, number, doc_id, filename)
    # A sentence that only restates a table figure ("Anstieg der LZB von +6,3 %") adds nothing.
    known: dict[str, set[float]] = {}
    for f in tables:
        known.setdefault(f.instrument, set()).update(round(v, 6) for _, v in f.values)
    sentences = [f for f in sentences
                 if not {round(v, 6) for _, v in f.values} <= known.get(f.instrument, set())]
    seen, kept, from_table = set(), [], {id(f) for f in tables}
    for f in sorted(tables + sentences, key=lambda f: f.page):
        # Sentences restating a figure on the same page differ only in wording: one is enough.
        key = (f.page, f.label if id(f) in from_table else "", f.instrument, tuple(f.values))
        if key not in seen:
            seen.add(key)
            kept.append(f)
    return kept


def _table_figures(text: str, page: int, doc_id: str, filename: str) -> tuple[list[Figure], set[int]]:
    """Figures of the table rows on one page and the indices of the lines they used."""
    lines = text.splitlines()
    table, figures, used, pending = _Table(), [], set(), ""
    for i, line in enumerate(lines):
        if not line.strip():
            continue
        header = _header_cells(line)
        if header:
            table, pending = _Table(header=header, caption=table.caption[-4:]), ""
            used.add(i)
            continue
        if table.header and table.rows == 0 and _extend_header(table, line):
            used.add(i)
            continue
        row = _parse_row(line, bool(table.header))
        if row is None:
            if (table.header or table.rows) and _wrapped_label(lines, i):
                pending = line.strip()  # first half of a label continued on the next line
                continue
            caption = _caption(line)
            table = _Table(caption=(table.caption if not table.rows else []) + caption)
            continue
        label, numbers = row
        made = _row_figures(f"{pending} {label}".strip(), numbers, line, table, page, doc_id, filename)
        pending = ""
        if made:
            figures += made
            used.add(i)
            table.rows += 1
    return figures, used


def _caption(line: str) -> list[str]:
    """A short title line above a table ("in Euro", "Eintrittsplanung 2024"); prose is ignored."""
    line = line.strip()
    return [line] if len(line) <= 70 and not line.endswith((".", ",")) else []


def _header_cells(line: str) -> list[tuple[int, int, str]]:
    """Cells of a column header line, or ``[]`` if ``line`` is not one."""
    cells = [(m.start(), m.end(), m.group()) for m in _CELL.finditer(line)]
    if not cells or any(len(t) > 40 for _, _, t in cells):
        return []
    if any(n.raw and not _YEAR.fullmatch(n.raw) for n in find_numbers(line)):
        return []
    keyed = [c for c in cells if _COLUMN_KEY.match(c[2])]
    has_year_col = any(_YEAR.search(t) for _, _, t in keyed)
    if len(keyed) >= 2 or (keyed and has_year_col and len(cells) >= 2):
        return cells
    return []


def _extend_header(table: _Table, line: str) -> bool:
    """Join a wrapped header line ("Veränderun" / "g ggü. VJ in" / "%") onto its cells.

    With layout positions the fragments go to the cells above them; after the reader collapsed
    the padding they go to the last cells, where narrow wrapped headers usually are."""
    cells = [(m.start(), m.end(), m.group()) for m in _CELL.finditer(line)]
    text = line.strip()
    if not cells or any(len(t) > 25 for _, _, t in cells) or any(
            not _YEAR.fullmatch(n.raw) for n in find_numbers(line)):
        return False
    value_cells = [c for c in table.header if _COLUMN_KEY.match(c[2]) or _CHANGE.search(c[2])]
    if not value_cells:
        return False
    positioned = cells[0][0] >= value_cells[0][0] - 2 > 0
    if not positioned and not (len(text) <= 20 and (text[:1].islower() or text.startswith(("%", "in ", "(")))):
        return False
    for k, (start, end, fragment) in enumerate(cells):
        if positioned:
            idx = min(range(len(table.header)), key=lambda j: abs(table.header[j][0] - start))
        else:
            idx = len(table.header) - len(cells) + k
        s, e, old = table.header[idx]
        glue = "" if re.match(r"[a-zäöüß]{1,2}\b", fragment) and old[-1:].isalpha() else " "
        table.header[idx] = (min(s, start), max(e, end), f"{old}{glue}{fragment}")
    return True


def _wrapped_label(lines: list[str], i: int) -> bool:
    """True if line ``i`` is the first half of a row label continued on the next line."""
    if i + 1 >= len(lines) or not lines[i].strip() or not lines[i + 1].strip():
        return False
    line = lines[i].strip()
    return (len(line) <= 60 and not find_numbers(line) and not line.endswith((".", ":"))
            and _parse_row(lines[i + 1], True) is not None and not _header_cells(lines[i])
            and not _header_cells(lines[i + 1]))


def _parse_row(line: str, in_table: bool) -> tuple[str, list[NumberMatch]] | None:
    """Split a table row into label and numbers; ``None`` if ``line`` is prose or a heading."""
    numbers = find_numbers(line)
    if not numbers:
        return None
    first = numbers[0]
    for k, n in enumerate(numbers):  # numbers must form the tail of the line
        tail = line[n.start:]
        if all(_FILLER.match(part) for part in _gaps(tail, numbers[k:])):
            first = n
            numbers = numbers[k:]
            break
    else:
        return None
    prefix = line[: first.start]
    label, gap = prefix.strip(), len(prefix) - len(prefix.rstrip())
    if (len(re.findall(r"[A-Za-zÄÖÜäöüß]", label)) < 3 or label.endswith((".", ",", ":", "-", "("))
            or _NOT_A_LABEL.match(label) or len(label) > 90):
        return None
    if gap < 2 and not (in_table or _label_like(label)):
        return None  # single-spaced line ending in a number: prose unless it looks like a row
    if all(_YEAR.fullmatch(n.raw) for n in numbers) and (not in_table or _header_cells(line)):
        return None  # "Instrument   Ist 2023   Plan 2024" is a header, not a row
    return label, numbers


def _label_like(label: str) -> bool:
    """A short glossary label ending in a noun or bracket ("Bestand LZB (JDW)"), not a sentence."""
    last = label.split()[-1]
    return (bool(canonical(label)) and len(label) <= 50 and ": " not in label and ". " not in label
            and (label.endswith(")") or last[:1].isupper() or last[:1] == "§")
            and not any(n for n in find_numbers(label) if "§" not in label[max(0, n.start - 2): n.start]))


def _gaps(tail: str, numbers: list[NumberMatch]) -> list[str]:
    """Text between the numbers of a row tail (must be only units and separators)."""
    offset, pos, parts = numbers[0].start, 0, []
    for n in numbers:
        parts.append(tail[pos: n.start - offset])
        pos = n.end - offset
    parts.append(tail[pos:])
    return parts


def _columns(numbers: list[NumberMatch], table: _Table) -> list[str]:
    """Column name per number: the header cell closest in position, else by order."""
    value_cells = [c for c in table.header if _COLUMN_KEY.match(c[2]) or _CHANGE.search(c[2])]
    if value_cells:
        # Positions only count while numbers sit under the headers (layout text); cleaned text
        # has its padding collapsed, then the numbers fill the last header cells in order.
        if all(n.start >= value_cells[0][0] - 2 for n in numbers):
            names = [min(value_cells, key=lambda c: abs((c[0] + c[1]) / 2 - (n.start + n.end) / 2))[2]
                     for n in numbers]
            if len(set(names)) == len(names):
                return names
        if len(value_cells) >= len(numbers):
            return [c[2] for c in value_cells[-len(numbers):]]
    year = next((m.group() for c in table.caption for m in [_YEAR.search(c)] if m), "")
    if len(numbers) == 1:
        return [year or "Wert"]
    return [f"Spalte {k + 1}" for k in range(len(numbers))]


def _row_figures(label: str, numbers: list[NumberMatch], line: str, table: _Table,
                 page: int, doc_id: str, filename: str) -> list[Figure]:
    code, label = _row_code(label, table)
    context = " ".join(table.caption + [c[2] for c in table.header])
    if not code and not table.header and not _EUR.search(context):
        return []  # an unknown label outside any table is more likely noise than a figure
    columns = _columns(numbers, table)
    groups: dict[str, list[tuple[str, float]]] = {}
    eur_context = bool(re.search(r"\beur\b|euro|€", " ".join(table.caption), re.IGNORECASE))
    for col, n in zip(columns, numbers):
        is_change = bool(_CHANGE.search(col)) or (n.raw[:1] in "+-−–" and n.unit != "EUR")
        is_eur = n.unit == "EUR" or bool(_EUR.search(col)) or (eur_context and n.unit != "%")
        key = "change" if is_change else ("EUR" if is_eur else "count")
        groups.setdefault(key, []).append((col, n.value))
    change = groups.pop("change", [])
    figures = []
    for k, (key, values) in enumerate(groups.items()):
        unit = "EUR" if key == "EUR" else _count_unit(code, numbers, context)
        kind = _kind(code, unit, context)
        figures.append(Figure(kind=kind, label=label, instrument=code, unit=unit,
                              values=values + (change if k == 0 else []), doc_id=doc_id, page=page,
                              source=normalize_label(line), filename=filename))
    if not figures and change:
        figures.append(Figure(kind=_kind(code, "%", context), label=label, instrument=code, unit="%",
                              values=change, doc_id=doc_id, page=page, source=normalize_label(line),
                              filename=filename))
    return figures


def _row_code(label: str, table: _Table) -> tuple[str, str]:
    """Canonical code and display label; sub-rows ("darunter Frauen") qualify their parent."""
    label = normalize_label(label)
    code = canonical(label)
    if not _SUB_ROW.match(label):
        table.parent = (code, label)
        return code, label
    group = qualifier(label)
    parent_code, parent_label = table.parent or ("", "")
    if code and not group:
        return code, label
    if group and parent_code:
        return f"{parent_code} {group}", f"{parent_label}, {label}"
    return "", f"{parent_label}, {label}" if parent_label else label


def _count_unit(code: str, numbers: list[NumberMatch], context: str) -> str:
    if any(n.unit == "%" for n in numbers) or code.split(" ")[0] in ("IQ", "Frauenanteil"):
        return "%"
    if not code and _TARGET_CONTEXT.search(context):
        return ""
    if category(code) in ("instrument", "total") or (not code and _ENTRIES_CONTEXT.search(context)):
        return "Eintritte"
    if category(code) == "budget":
        return "EUR"
    return "Personen" if category(code) == "indicator" else ""


def _kind(code: str, unit: str, context: str) -> str:
    if unit == "EUR":
        return "budget"
    if unit == "Eintritte":
        return "entries"
    if code.split(" ")[0] in _TARGET_CODES and _TARGET_CONTEXT.search(context):
        return "target"
    return "other"
