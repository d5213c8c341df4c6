"""Raw tables → ``Table`` objects: joined headers and labels, classified columns, values in
base units, and tables continued on the next page merged into one."""

from __future__ import annotations

import hashlib
import re

from ingest.tables.columns import Vocabulary, classify, join_fragments
from ingest.tables.detect import RawTable
from ingest.tables.rows import RawRow
from ingest.tables.types import BBox, Column, Row, Table
from ingest.page.values import cell_scale, parse_number, unit_of

# Header words that a narrow column breaks inside the word; joined even when the document
# does not use the word elsewhere.
HEADER_WORDS = {"veränderung", "hochrechnung", "differenz", "abweichung", "planung", "prognose",
                "eintritte", "teilnehmende", "anteil", "vorjahr", "absolut", "durchschnitt",
                "bestand", "zugänge", "abgänge", "personen", "ausgaben", "mittel", "haushalt",
                "gesamt", "insgesamt", "summe", "instrument", "maßnahme", "maßnahmen"}
_AMOUNT = re.compile(r"[-+−–]?\d[\d.,]*\s?(?:(?:%|Prozent|Mio\.?|Millionen|Mrd\.?|Tsd\.?|Tausend|T€|TEUR|€|EUR|"
                     r"Euro)\s?)+", re.IGNORECASE)
_UNIT_HINT = re.compile(r"angaben|in\s+(?:t€|teur|tsd|tausend|mio|millionen|euro|eur\b|€|%)|beträge|werte",
                        re.IGNORECASE)


def build_table(raw: RawTable, doc_id: str, vocabulary: Vocabulary) -> Table:
    headers = [join_fragments(raw.header.get(k, []), vocabulary, header=True) for k in range(len(raw.bands))]
    cells = [[_cell_text(r, k, vocabulary) for r in raw.rows if not r.group] for k in range(len(raw.bands))]
    table_unit = _table_unit(raw)
    columns = classify(headers, cells, table_unit)
    rows = _rows(raw, columns, vocabulary)
    label_header = join_fragments(raw.header.get(-1, []), vocabulary, header=True)
    caption = _caption(raw.caption_lines)
    if _CAPTION_LIKE.search(label_header):
        # The caption printed on the header's first line, in the label column ("Übersicht 3:
        # Zuteilung in T€   Zuteilung 2024 | Zuteilung 2025"): what is above is prose.
        caption, label_header = label_header, ""
    bbox = _bbox(raw.rows)
    content = "|".join(headers) + "|" + "|".join(r.label for r in rows[:3])
    table_id = hashlib.sha256(f"{doc_id}|{raw.page}|{bbox}|{content}".encode()).hexdigest()[:16]
    pages = (raw.page,) if raw.header_page is None else (raw.header_page, raw.page)
    return Table(table_id, doc_id, pages, ((raw.page, bbox),), caption,
                 table_unit[0] if table_unit else "", label_header, tuple(columns), tuple(rows))


def _cell_text(row: RawRow, k: int, vocabulary: Vocabulary) -> str:
    return join_fragments(row.cells.get(k, []), vocabulary)


def _table_unit(raw: RawTable) -> tuple[str, float] | None:
    """A unit stated for the whole table: in the label column's header ("Mittel in T€"), or
    a unit note above it ("Angaben in Tausend Euro"). An amount in a sentence above
    ("beträgt 50,4 Mio. Euro", "bei 14,1 % liegen") states no unit for the table."""
    found = unit_of(" ".join(raw.header.get(-1, [])))
    if found:
        return found
    for text in reversed(raw.caption_lines):
        rest = _AMOUNT.sub(" ", text)
        found = unit_of(rest)
        if found and (_UNIT_HINT.search(rest) or _UNIT_NOTE.match(rest.strip())):
            return found
    return None


_UNIT_NOTE = re.compile(r"^\(?(?:angaben|beträge|werte)?\s*(?:in|:)?\s*(?:t€|teur|tsd\.?\s?€?|tausend|mio\.?|"
                        r"millionen)?\s*(?:€|euro|eur|%)?\)?$", re.IGNORECASE)
# A label column's header that names a year or numbers the table is the table's caption
# ("Finanzplanung 2024", "Übersicht 3: Zuteilung"), not the name of its rows ("Instrument").
_CAPTION_LIKE = re.compile(r"(?<!\d)(?:19|20)\d\d(?!\d)|^(?:tabelle|tab\.|übersicht|abbildung|anlage)\s*\d",
                           re.IGNORECASE)
_TOTAL = re.compile(r"^(?:gesamt|insgesamt|summe|total|zusammen)\b", re.IGNORECASE)
_PAGE_HEADER = re.compile(r"^(?:seite|s\.)?$", re.IGNORECASE)
_PAGE_NUMBER = re.compile(r"^\d{1,3}$")
_SECTION_NUMBER = re.compile(r"^(?:\d{1,2}\.)+\d{0,2}\s|^[A-Z]\.?\s|^[IVX]{1,4}\.\s")
_LEADER = re.compile(r"(?:\.\s?){3,}$|…$")


def _caption(lines: list[str]) -> str:
    """The nearest heading-like line above the table, skipping a bare unit note ("in Euro");
    a lead-in's colon ("… verteilen sich wie folgt:") is dropped, the table is its end."""
    for line in reversed(lines):
        if len(line) <= 160 and not _UNIT_NOTE.match(line.strip()):
            return line.strip().rstrip(":").rstrip()
    return ""


def is_contents(table: Table) -> bool:
    """A table of contents is not a table of figures: labels ending in dot leaders, or one
    column of page numbers (no header but "Seite", rising) after numbered section titles."""
    if sum(bool(_LEADER.search(r.label)) for r in table.rows) * 2 > len(table.rows):
        return True
    if len(table.columns) != 1 or not _PAGE_HEADER.match(table.columns[0].header.strip()):
        return False
    pages = [int(c) for r in table.rows for c in r.cells if _PAGE_NUMBER.match(c)]
    numbered = sum(bool(_SECTION_NUMBER.match(r.label)) for r in table.rows)
    return len(pages) == len(table.rows) and pages == sorted(pages) and numbered * 2 > len(table.rows)


def is_fragment(table: Table) -> bool:
    """One row, or rows without any label (page numbers of a contents list cut off by a
    column gutter), under headers that name no role or year: not a table."""
    unnamed = all(c.role == "value" and c.period is None for c in table.columns)
    return unnamed and (len(table.rows) < 2 or not any(r.label for r in table.rows))


def _rows(raw: RawTable, columns: list[Column], vocabulary: Vocabulary) -> list[Row]:
    rows, group = [], ""
    for r in raw.rows:
        label = join_fragments(r.label_parts, vocabulary)
        if r.group:
            group = label
            continue
        if _TOTAL.match(label):
            group = ""  # a total closes the groups above it
        printed = tuple(_cell_text(r, k, vocabulary) for k in range(len(columns)))
        values = tuple(_value(text, col) for text, col in zip(printed, columns))
        rows.append(Row(label, group, printed, values, raw.page, _bbox([r])))
    return rows


def _value(text: str, column: Column) -> float | None:
    number = parse_number(text)
    if number is None:
        return None
    own = cell_scale(text)
    scale = own if own is not None else column.scale
    return round(number * scale, 6)


def _bbox(rows: list[RawRow]) -> BBox:
    lines = [l for r in rows for l in r.lines]
    return (round(min(l.x0 for l in lines), 1), round(min(l.top for l in lines), 1),
            round(max(l.x1 for l in lines), 1), round(max(l.bottom for l in lines), 1))


def merge_continued(tables: list[tuple[Table, RawTable]]) -> list[Table]:
    """Join a table that starts a page with the table that ends the page before (the
    lowest one whose columns match), with or without a repeated header."""
    merged: list[tuple[Table, RawTable]] = []
    for table, raw in tables:
        target = _continued(merged, table, raw)
        if target is None:
            merged.append((table, raw))
        else:
            group = raw.leading_group or merged[target][1].trailing_group
            merged[target] = (_join(merged[target][0], table, group), raw)
    return [t for t, _ in merged]


def _continued(merged: list[tuple[Table, RawTable]], table: Table, raw: RawTable) -> int | None:
    if raw.lines_before > 4:
        return None  # prose above it on its page: a table of its own
    candidates = [i for i, (a, a_raw) in enumerate(merged)
                  if a.pages[-1] == table.pages[0] - 1 and a_raw.lines_after <= 3
                  and len(a.columns) == len(table.columns)
                  and (all(not c.header for c in table.columns)
                       or [c.header for c in a.columns] == [c.header for c in table.columns])]
    return max(candidates, key=lambda i: merged[i][0].bboxes[-1][1][3], default=None)


def _join(a: Table, b: Table, first_group: str = "") -> Table:
    known = {(r.label, r.cells) for r in a.rows}
    # Carried over until the next category row; a category printed alone at the foot of
    # the page or at the top of the next one heads the continued rows.
    group = first_group or (a.rows[-1].group if a.rows else "")
    rows = list(a.rows)
    for row in b.rows:
        if (row.label, row.cells) in known:
            continue  # the last row repeated at the top of the next page
        if row.group or _TOTAL.match(row.label):
            group = ""
        values = tuple(_value(text, col) for text, col in zip(row.cells, a.columns))
        rows.append(Row(row.label, row.group or group, row.cells, values, row.page, row.bbox))
    return Table(a.table_id, a.doc_id, a.pages + b.pages, a.bboxes + b.bboxes, a.caption, a.unit,
                 a.label_header, a.columns, tuple(rows))
