"""The table model's parts: cell values, column roles and units, joined headers, table
chunks, persistence with the document and the pipeline (randomized layouts are read back
in test_tables_generated.py)."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from ingest.chunking import table_chunks
from ingest.store import VectorStore
from ingest.tables import extract_tables
from ingest.tables.build import HEADER_WORDS
from ingest.tables.columns import Vocabulary, classify, join_fragments
from ingest.tables.types import Column, Row, Table
from ingest.page.values import is_value, parse_number
from ingest.types import Chunk, Document, Page
from tests.fakes import FakeEmbedder
from tests.pdf_factory import table_pdf


@pytest.mark.parametrize(("text", "value"), [
    ("1.793.645", 1793645.0), ("3.100", 3100.0), ("-5,7 %", -5.7), ("−2,5", -2.5), ("+6,3", 6.3),
    ("9.412.500 €", 9412500.0), ("- 396", -396.0), ("10.168.730,00 €", 10168730.0), ("–", None),
])
def test_german_numbers_in_cells(text: str, value: float | None) -> None:
    assert is_value(text)
    assert parse_number(text) == value


@pytest.mark.parametrize("text", ["(§ 45", "SGB III", "1:75", "Qualifizierung", "45 SGB III)"])
def test_label_fragments_are_not_values(text: str) -> None:
    assert not is_value(text)


def test_roles_periods_and_units_from_headers() -> None:
    headers = ["Plan 2024", "Ist 2023 (Hochrechnung)", "Veränderung absolut", "Veränderung in %",
               "Anteil Frauen", "Soll Vorjahr"]
    cells = [["3.100"], ["2.900"], ["200"], ["6,9"], ["45,0"], ["3.000"]]
    columns = classify(headers, cells, ("EUR", 1000.0))
    assert [(c.role, c.period) for c in columns] == [
        ("plan", 2024), ("forecast", 2023), ("change_abs", None), ("change_pct", None),
        ("share", None), ("plan", 2023)]
    assert [(c.unit, c.scale) for c in columns] == [
        ("EUR", 1000.0), ("EUR", 1000.0), ("EUR", 1000.0), ("%", 1.0), ("%", 1.0), ("EUR", 1000.0)]


def test_sub_column_under_a_spanning_change_header_is_a_change() -> None:
    columns = classify(["Nov 19", "Veränderung zum Vorjahr absolut", "in %"], [["9"], ["-3"], ["-2,5"]], None)
    assert [c.role for c in columns] == ["value", "change_abs", "change_pct"]


def test_headers_broken_inside_words_are_joined() -> None:
    words = Vocabulary(Counter({"hochrechnung": 2, "differenz": 3, "absolut": 1}), HEADER_WORDS)
    assert join_fragments(["Veränderun", "g"], words, header=True) == "Veränderung"
    assert join_fragments(["Ist 2023 (Ho", "chrechnung", ")"], words, header=True) == "Ist 2023 (Hochrechnung)"
    assert join_fragments(["Differenz", "absolut"], words, header=True) == "Differenz absolut"
    assert join_fragments(["Differenz in", "%"], words, header=True) == "Differenz in %"
    assert join_fragments(["(§ 45", "SGB III)"], words) == "(§ 45 SGB III)"
    assert join_fragments(["Förder-", "maßnahmen"], words) == "Fördermaßnahmen"
    assert join_fragments(["10.168.730,", "00 €"], words) == "10.168.730,00 €"


def test_rare_pieces_join_only_in_headers() -> None:
    words = Vocabulary(Counter({"vorja": 1, "hresmonat": 1, "ausbildung": 1, "flexibel": 1}), set())
    assert join_fragments(["zum Vorja", "hresmonat"], words, header=True) == "zum Vorjahresmonat"
    assert join_fragments(["Assistierte Ausbildung", "flexibel"], words) == "Assistierte Ausbildung flexibel"


def _table() -> Table:
    columns = (Column("Ist 2023", "actual", 2023), Column("Plan 2024", "plan", 2024))
    rows = (Row("Förderung berufliche Weiterbildung", "Qualifizierung", ("56", "37"), (56.0, 37.0), 3,
                (60.0, 100.0, 500.0, 112.0)),
            Row("Einstiegsgeld", "", ("61", "78"), (61.0, 78.0), 4, (60.0, 80.0, 500.0, 92.0)))
    return Table("t1", "doc", (3, 4), ((3, (60.0, 90.0, 500.0, 112.0)), (4, (60.0, 70.0, 500.0, 92.0))),
                 "Eintrittsplanung 2024", "", "Instrument", columns, rows)


def test_row_text_names_its_columns_and_group() -> None:
    table = _table()
    assert table.row_text(table.rows[0]) == \
        "Qualifizierung: Förderung berufliche Weiterbildung — Ist 2023: 56; Plan 2024: 37"
    assert Table.from_json(table.to_json()) == table


def test_table_chunks_carry_caption_and_each_rows_page() -> None:
    text = "Seite drei\n\nSeite vier"
    doc = Document("doc", "a.pdf", "A", (Page(3, "Seite drei", 0, 10), Page(4, "Seite vier", 12, 22)), text)
    [chunk] = table_chunks([_table()], doc, first_index=5)
    assert chunk.text.splitlines()[0] == "Eintrittsplanung 2024"
    assert (chunk.page_start, chunk.page_end, chunk.index, chunk.table_id) == (3, 4, 5, "t1")
    assert chunk.pages_of_quote("Einstiegsgeld — Ist 2023: 61; Plan 2024: 78") == (4, 4)
    assert chunk.pages_of_quote("Förderung berufliche Weiterbildung — Ist 2023: 56") == (3, 3)
    assert chunk.char_start == chunk.char_end == len(text)


def test_tables_are_stored_with_the_document_and_vanish_with_it(tmp_path: Path) -> None:
    store = VectorStore("test", "fake-embedder", data_dir=tmp_path)
    chunk = Chunk("c1", "doc", "Einstiegsgeld 61 78", 0, 19, 1, 1, "", "a.pdf", 0)
    meta = {"doc_id": "doc", "filename": "a.pdf", "title": "A", "pages": 1, "ocr_pages": [],
            "warnings": [], "tables": [_table().to_json()]}
    store.add_document(meta, [(1, "Einstiegsgeld 61 78")], [chunk], FakeEmbedder().embed_passages([chunk.text]))
    assert store.tables("doc") == [_table()]
    assert store.page_texts("doc") == [(1, "Einstiegsgeld 61 78")]
    store.remove("doc")
    assert store.tables("doc") == []


def test_a_generated_ruled_table_is_read_with_its_columns() -> None:
    [table] = extract_tables(table_pdf(), "doc")
    assert [(c.role, c.period) for c in table.columns] == [("actual", 2023), ("plan", 2024)]
    fbw = next(r for r in table.rows if r.label == "Förderung berufliche Weiterbildung")
    assert fbw.values == (56.0, 37.0)


def test_the_prose_leaves_the_tables_out_and_the_document_carries_them() -> None:
    """Tables live once: as ``Document.tables`` (table chunks), never as rows in the text."""
    from ingest.options import IngestOptions
    from ingest.pdf_reader import read_pdf
    from tests.amip_gen import generated
    from tests.amip_gen.presets import FAST_CASES

    for seed, layout in FAST_CASES:
        document = generated(seed, layout)
        read = read_pdf(document.pdf, "gen.pdf", IngestOptions())
        assert [t.rows for t in read.tables] == [t.rows for t in extract_tables(document.pdf, read.doc_id)]
        for table in document.truth.tables:
            for row in table.rows:
                printed = [c for c in row.cells if c]
                text = read.pages[row.page - 1].text
                assert f"{printed[0]} {printed[1]}" not in text, (seed, row.label, text)


def test_a_table_chunk_is_embedded_as_its_section_caption_headers_and_row_labels() -> None:
    from ingest.embedding import passage_plan

    text = "Vorwort ohne Tabelle"
    doc = Document("doc", "a.pdf", "A", (Page(3, text, 0, len(text)),), text)
    prose = Chunk("c0", "doc", text, 0, 20, 3, 3, "3. Finanzen", "a.pdf", 0)
    table = Table("t2", "doc", (3,), ((3, (0.0, 0.0, 1.0, 1.0)),), "Budget", "", "", _table().columns,
                  (Row("Verwaltungskosten", "", ("1", "2"), (1.0, 2.0), 3, (0.0, 0.0, 1.0, 1.0)),))
    chunks = [prose] + table_chunks([table], doc, first_index=1)
    assert chunks[1].table_rows == (0, 1) and chunks[1].text == table.rows_text(0, 1)
    texts, owner = passage_plan(chunks, [table])
    assert owner == [0, 1] and texts == [text, "3. Finanzen\nBudget\nIst 2023 | Plan 2024\nVerwaltungskosten"]
