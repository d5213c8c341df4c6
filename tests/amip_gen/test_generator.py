"""The generator itself: deterministic, fast, and its ground truth is what the PDF shows
(checked against pypdf's text), so the read-back tests cannot silently drift."""

from __future__ import annotations

import io
import re
import time

import pytest
from pypdf import PdfReader

from tests.amip_gen import (DocTruth, TruthColumn, TruthRow, TruthTable, changes_above, generate,
                            generated)
from tests.amip_gen.numbers import german, parse_german
from tests.amip_gen.presets import FAST_CASES
from tests.pdf_factory import unicode_font_available

pytestmark = pytest.mark.skipif(not unicode_font_available(),
                                reason="the generator needs DejaVu Sans (fonts-dejavu-core)")

SEEDS = [(seed, None) for seed in range(5)] + list(FAST_CASES)


def _pages(pdf: bytes) -> list[str]:
    return [page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages]


def _collapsed(text: str) -> str:
    return " ".join(text.split())


def _in_order(text: str, parts: list[str]) -> bool:
    """All ``parts`` occur in ``text`` one after the other."""
    position = 0
    for part in parts:
        position = text.find(part, position)
        if position < 0:
            return False
        position += len(part)
    return True


def _scale(table: TruthTable, column: TruthColumn) -> float:
    """The printed-to-base factor the table states (header, caption or unit sentence)."""
    if column.unit != "EUR":
        return 1.0
    stated = f"{column.header} {table.caption}"
    return 1e6 if "Mio" in stated else 1e3 if re.search(r"T€|Tsd|TEUR|Tausend", stated) else 1.0


def test_same_seed_same_bytes_other_seed_other_document() -> None:
    assert generate(7).pdf == generate(7).pdf
    assert generate(7).pdf != generate(8).pdf


def test_a_document_takes_well_under_a_second() -> None:
    generate(0)  # font subsetting happens once per process
    start = time.process_time()  # CPU time: other processes on the machine do not count
    for seed in range(100, 105):
        generate(seed)
    assert (time.process_time() - start) / 5 < 0.5


@pytest.mark.parametrize(("seed", "layout"), SEEDS)
def test_ground_truth_is_what_the_pdf_shows(seed, layout) -> None:
    document = generated(seed, layout)
    truth = document.truth
    pages = _pages(document.pdf)
    assert len(pages) == truth.page_count and 2 <= truth.page_count <= 5
    for table in truth.tables:
        first = pages[table.pages[0] - 1]
        assert table.caption in _collapsed(first), table.caption
        for column in table.columns:  # a spanning cell's lines belong to several columns
            assert _in_order(first, list(column.lines)), (seed, column.lines)
        for row in table.rows:
            page = pages[row.page - 1]
            assert _in_order(page, [*row.label_lines, *row.cells]), (seed, row.label, row.page)
            assert " ".join(row.label_lines) == row.label
            for column, cell, value in zip(table.columns, row.cells, row.values):
                printed = parse_german(cell)
                expected = None if printed is None else printed * _scale(table, column)
                assert value == pytest.approx(expected), (seed, row.label, column.header, cell)
        for label, page in table.group_rows:
            assert label in pages[page - 1].splitlines()
    for figure in truth.figures:
        assert figure.printed in figure.sentence
        assert figure.sentence in _collapsed(pages[figure.page - 1]), (seed, figure.sentence)


def test_narrow_cells_really_wrap_in_the_pdf() -> None:
    broken = 0
    for seed, layout in FAST_CASES:
        document = generated(seed, layout)
        pages = _pages(document.pdf)
        for table in document.truth.tables:
            text = pages[table.pages[0] - 1]
            for column in table.columns:
                if len(column.lines) > 1 and " ".join(column.lines) != column.header:
                    assert column.header not in text  # the word is broken inside the cell
                    assert all(line in text.splitlines() or line in text
                               for line in column.lines)
                    broken += 1
            wrapped = [row for row in table.rows if len(row.label_lines) > 1]
            assert all(row.label not in text for row in wrapped if row.page == table.pages[0])
    assert broken >= 3


def test_german_number_formats() -> None:
    assert german(1793645) == "1.793.645"
    assert german(3.1, 1) == "3,1"
    assert german(-2.5, 1, "\u2212") == "\u22122,5"
    assert german(6.3, 1, plus=True) == "+6,3"
    assert german(-1072508) == "-1.072.508"
    assert parse_german("\u22122,5") == -2.5 and parse_german("–") is None


def _table(columns: tuple[TruthColumn, ...], rows: list[tuple[str, float | None, float | None,
                                                             bool]]) -> TruthTable:
    truth_rows = tuple(TruthRow(label, "", (previous, plan), ("", ""), 3, total)
                       for label, previous, plan, total in rows)
    return TruthTable("Eintrittsplanung", "entries", "", columns, truth_rows, (3,), frozenset())


def test_changes_above_the_threshold() -> None:
    columns = (TruthColumn("Ist 2023", "actual", 2023, ""), TruthColumn("Plan 2024", "plan",
                                                                        2024, ""))
    rows = [("FbW", 100.0, 79.0, False), ("AGH", 100.0, 81.0, False),
            ("EGZ", 50.0, 60.0, False), ("Neu", None, 40.0, False), ("Null", 0.0, 5.0, False),
            ("Gesamt", 250.0, 180.0, True)]
    vorjahr = (TruthColumn("Plan 2024", "plan", 2024, ""), TruthColumn("Vorjahr", "actual", 2023,
                                                                       ""))
    swapped = TruthTable("Budget", "budget", "", vorjahr,
                         (TruthRow("EGT", "", (3e6, 2e6), ("", ""), 4),), (4,), frozenset())
    truth = DocTruth("Jobcenter X", 2024, 4, (_table(columns, rows), swapped), ())
    found = {(c.label, round(c.relative, 2), c.page) for c in changes_above(truth)}
    assert found == {("FbW", -0.21, 3), ("EGZ", 0.2, 3), ("EGT", 0.5, 4)}
    assert [c.label for c in changes_above(truth, kinds=("entries",))] == ["FbW", "EGZ"]


def test_generated_documents_have_changes_to_ask_about() -> None:
    changes = [c for seed in range(5) for c in changes_above(generated(seed).truth)]
    assert len(changes) >= 5
    assert all(abs(c.relative) >= 0.2 and c.page >= 1 for c in changes)
