"""Generalization tests for the table reader: AMIPs with randomized layouts (tests/amip_gen)
must come back with every number under its row label, role, period, unit, page and group,
and a table split over pages as one table.

The fast suite reads six documents whose layouts together show every layout feature; the
slow suite reads 200 random documents and reports failures per feature."""

from __future__ import annotations

import os

import pytest

from ingest.tables import extract_tables
from tests.amip_gen import generate, generated
from tests.amip_gen.compare import compare_document
from tests.amip_gen.presets import FAST_CASES, FEATURES
from tests.amip_gen.report import FeatureReport
from tests.pdf_factory import unicode_font_available

pytestmark = pytest.mark.skipif(not unicode_font_available(),
                                reason="the generator needs DejaVu Sans (fonts-dejavu-core)")

SLOW_SEEDS = int(os.environ.get("AMIP_GEN_SEEDS", "200"))


def _read(seed: int, layout=None, cached: bool = True):
    # ``generated(seed)`` and ``generated(seed, None)`` are two cache entries: the tests
    # below compare truth objects by identity, so call it as they do.
    document = (generated(seed) if layout is None else generated(seed, layout)) if cached \
        else generate(seed, layout)
    tables = extract_tables(document.pdf, f"gen-{seed}")
    return document, compare_document(document.truth, tables)


def test_fast_cases_cover_every_layout_feature() -> None:
    shown = set()
    for seed, layout in FAST_CASES:
        for table in generated(seed, layout).truth.tables:
            shown |= table.features
    assert shown == set(FEATURES), f"not shown: {set(FEATURES) - shown}"


@pytest.mark.parametrize(("seed", "layout"), FAST_CASES, ids=[str(s) for s, _ in FAST_CASES])
def test_generated_amip_tables_are_read_back(seed, layout) -> None:
    _, results = _read(seed, layout)
    lines = []
    for result in (r for r in results if r.failures):
        table = result.truth
        lines.append(f"{table.kind} table, pages {table.pages}, features "
                     f"{', '.join(sorted(table.features))}:" if table else "document:")
        lines += [f"  [{check}] {detail}" for check, detail in result.failures[:12]]
    assert not lines, f"seed {seed} misread:\n" + "\n".join(lines)


@pytest.mark.slow
def test_random_amips_are_read_back_per_feature() -> None:
    report = FeatureReport()
    for seed in range(SLOW_SEEDS):
        document, results = _read(seed, cached=False)  # 200 documents: not kept in memory
        report.add(seed, document.truth.features, results)
    # A floor against regressions, not perfection: at the commit that set it the reader got
    # 200/200 documents and 472/472 tables completely right, no extra table (and 1,990 of
    # 2,000 documents of seeds 3000–4999); the message lists what failed.
    assert report.documents_read >= 0.99 * report.documents, "\n".join(report.lines())
    assert report.tables_read >= 0.99 * report.checked_tables, "\n".join(report.lines())
    assert report.extra_tables <= 0.005 * report.checked_tables, "\n".join(report.lines())


@pytest.mark.parametrize("ruled", [False, True])
@pytest.mark.parametrize("seed", [8, 9, 30])
def test_a_table_below_a_two_column_opening_is_read_full_width(seed, ruled) -> None:
    """The first page's two text columns end where a white band crosses the page: a
    borderless targets table below them (its gutter free, too) is one table, not two."""
    from tests.amip_gen.generator import with_options
    from tests.amip_gen.layout import TableLayout

    document = with_options(seed, first_page_columns=True, targets=TableLayout(ruled=ruled))
    results = compare_document(document.truth, extract_tables(document.pdf, f"gen-{seed}"))
    assert not [f for r in results for f in r.failures]


def test_a_single_row_continued_on_the_next_page_joins_its_table() -> None:
    """Seed 199: a borderless budget table split without a repeated header leaves one row
    (with a wrapped label) at the top of the next page, below the running header."""
    document = generated(199)
    [budget] = [t for t in document.truth.tables if t.kind == "budget"]
    assert budget.pages == (3, 4) and "split_no_repeat" in budget.features
    [last] = [r for r in budget.rows if r.page == 4]
    assert len(last.label_lines) == 2
    _, results = _read(199)
    assert not [f for r in results for f in r.failures]


@pytest.mark.parametrize("seed", [16, 87, 180])
def test_a_wrapped_spanning_header_heads_both_columns(seed) -> None:
    """"Differenz zum" / "Vorjahr" centred over "absolut" | "in %" (borderless, narrow):
    every line of the spanning cell heads both columns, none is split between them."""
    document = generated(seed)
    [budget] = [t for t in document.truth.tables if t.kind == "budget"]
    assert "spanning_header" in budget.features and "multiline_header" in budget.features
    _, results = _read(seed)
    failures = [f for r in results if r.truth is budget for f in r.failures]
    assert not [f for f in failures if f[0] in ("header", "role", "period")]


@pytest.mark.parametrize("seed", [107, 177])
def test_a_unit_note_in_eur_in_the_caption_gives_every_column_its_unit(seed) -> None:
    """A caption ending "(in EUR)" states the unit of the whole budget table."""
    document = generated(seed)
    [budget] = [t for t in document.truth.tables if t.kind == "budget"]
    assert budget.caption.endswith("(in EUR)")
    _, results = _read(seed)
    assert not [f for r in results if r.truth is budget for f in r.failures]


@pytest.mark.parametrize("seed", [91, 123])
def test_values_set_between_the_lines_of_a_lower_case_label_stay_with_it(seed) -> None:
    """Borderless, numbers centred on a two-line label starting in lower case
    ("nachrichtlich: Umschichtung" / values / "vom EGT in das VKB") right below the total
    row: the upper line is that row's label, not the rest of the total's label."""
    document = generated(seed)
    [budget] = [t for t in document.truth.tables if t.kind == "budget"]
    assert {"valign_middle", "borderless"} <= budget.features
    assert any(r.label.startswith("nachrichtlich") for r in budget.rows)
    _, results = _read(seed)
    assert not [f for r in results if r.truth is budget for f in r.failures]


@pytest.mark.parametrize("seed", [58, 130, 186])
def test_a_table_whose_values_all_sit_between_label_lines_keeps_its_header(seed) -> None:
    """Every label wrapped and its numbers centred between its lines: no data line has a
    label, so the label column ends where the label lines end and the header's year cells
    reaching left of the first value column are still header (its split part joins it)."""
    document = generated(seed)
    assert any({"valign_middle", "multiline_label"} <= t.features and len(t.pages) == 2
               for t in document.truth.tables)
    _, results = _read(seed)
    assert not [f for r in results for f in r.failures]


def test_a_repeated_header_line_left_of_narrower_values_stays_header() -> None:
    """Seed 95: a ruled budget table split with its header repeated; on the second page the
    values are narrower, so the wrapped header's last line ("TEUR") ends left of the value
    column. It is still header (not a category row), so both parts have the same header
    and are joined."""
    document = generated(95)
    [budget] = [t for t in document.truth.tables if t.kind == "budget"]
    assert budget.pages == (2, 3) and "split_repeat" in budget.features
    _, results = _read(95)
    assert not [f for r in results for f in r.failures]


@pytest.mark.parametrize("seed", [40, 75])
def test_values_printed_without_a_gap_are_two_cells(seed) -> None:
    """A narrow two-column-page table whose percentages overflow their cell and touch the
    number before them ("97−10,2 %", "98+30,7 %"): two values in two columns."""
    document = generated(seed)
    [entries] = [t for t in document.truth.tables if t.kind == "entries"]
    assert "two_column" in entries.features and "percent_sign" in entries.features
    _, results = _read(seed)
    assert not [f for r in results for f in r.failures]


@pytest.mark.parametrize("seed", [9, 15, 185])
def test_a_caption_on_the_header_line_is_the_caption_not_a_header(seed) -> None:
    """The caption printed in the label column's header cell, beside the column headers
    (seed 15: wrapped, "Übersicht Budget 2025 (Angaben in" / "Euro)"): it is the table's
    caption with its unit note, every column keeps its own header."""
    document = generated(seed)
    [budget] = [t for t in document.truth.tables if t.kind == "budget"]
    assert "caption_in_header" in budget.features
    _, results = _read(seed)
    assert not [f for r in results for f in r.failures]


@pytest.mark.parametrize("contents", ["plain", "leaders"])
@pytest.mark.parametrize("seed", [4, 7])
def test_a_table_of_contents_is_no_table(seed, contents) -> None:
    """Numbered section titles with their page numbers at the line end, with dot leaders
    or without (seed 7: above two text columns, so the numbers fall right of the gutter):
    no table of figures comes of it, and every real table is still read."""
    from tests.amip_gen.generator import with_options

    document = with_options(seed, contents=contents)
    assert f"contents_{contents}" in document.truth.features
    results = compare_document(document.truth, extract_tables(document.pdf, f"gen-{seed}"))
    assert not [f for r in results for f in r.failures]


def _table_failures(seed: int, kind: str, feature: str) -> list:
    document, results = _read(seed)  # the same truth objects as the results compare
    [table] = [t for t in document.truth.tables if t.kind == kind]
    assert feature in table.features, (seed, sorted(table.features))
    assert any(r.truth is table for r in results)
    return [f for r in results if r.truth is table for f in r.failures]


@pytest.mark.parametrize("seed", [3015, 3240])
def test_a_total_overflowing_its_narrow_cell_keeps_its_columns(seed) -> None:
    """A bold total wider than its column reaches into the cell on its left ("3.449−11,9 %",
    "1.107-15,6 %" with a hyphen as minus): two values, each in its own column, and the
    columns' headers stay above them."""
    assert not _table_failures(seed, "entries", "value_overflow")


@pytest.mark.parametrize("seed", [3028, 3095])
def test_a_category_row_opening_the_next_page_heads_the_rows_below_it(seed) -> None:
    """A table split without a repeated header whose next page starts with a category row
    ("Sonstige"): the row is the group of what follows, not the caption of a new table."""
    assert not _table_failures(seed, "entries", "group_opens_page")


@pytest.mark.parametrize("seed", [4545, 4772])
def test_a_header_left_alone_at_the_foot_of_a_page_heads_the_rows_on_the_next(seed) -> None:
    """The header (and the caption in it) ends a page, the rows start the next one: the
    columns get their names, roles and years from the header on the page before."""
    assert not _table_failures(seed, "budget", "header_alone")


def test_a_wrapped_header_beside_prose_ending_in_a_number_stays_in_its_column() -> None:
    """Seed 1003: the last line of a header hyphenated over four lines ("%") stands beside a
    line of the left text column that ends in a number ("… von 744"): it is no row of a
    full-width table, the right column's header keeps it."""
    document = generated(1003)
    [entries] = [t for t in document.truth.tables if t.kind == "entries"]
    assert {"two_column", "header_word_hyphenated"} <= entries.features
    _, results = _read(1003)
    assert not [f for r in results for f in r.failures]
