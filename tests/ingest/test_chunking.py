"""chunk_document: offsets invariant, whole lines, tables, sections, pages, overlap."""

from __future__ import annotations

import hashlib

import pytest

from ingest.chunking import chunk_document, table_chunks
from ingest.options import IngestOptions
from ingest.pdf_reader import document_from_texts, read_pdf
from ingest.types import Chunk, Document
from tests import pdf_factory

SENTENCES = [
    "Das Jobcenter plant die Förderung der beruflichen Weiterbildung für das kommende Jahr.",
    "Die Zahl der erwerbsfähigen Leistungsberechtigten ist im Vergleich zum Vorjahr gesunken.",
    "Der Beirat berät über die Auswahl und Gestaltung der Eingliederungsinstrumente.",
    "Frauen sollen entsprechend ihrem Anteil an den Leistungsberechtigten gefördert werden.",
    "Langzeitleistungsbeziehende erhalten intensive Betreuung durch das Fallmanagement.",
]


def prose(lines: int, offset: int = 0) -> str:
    return "\n".join(SENTENCES[(i + offset) % len(SENTENCES)] for i in range(lines))


def make_doc(*pages: str) -> Document:
    return document_from_texts(list(pages), "test.pdf", doc_id="d" * 64)


def assert_well_formed(doc: Document, chunks: list[Chunk]) -> None:
    for index, chunk in enumerate(chunks):
        assert doc.text[chunk.char_start:chunk.char_end] == chunk.text
        assert chunk.text.strip() and chunk.text == chunk.text.strip()
        assert chunk.index == index and chunk.doc_id == doc.doc_id and chunk.filename == doc.filename
        assert chunk.page_start == doc.page_at(chunk.char_start)
        assert chunk.page_end == doc.page_at(chunk.char_end - 1)
        # whole lines only: a chunk starts after a line break and ends before one
        assert chunk.char_start == 0 or doc.text[chunk.char_start - 1] == "\n"
        assert chunk.char_end == len(doc.text) or doc.text[chunk.char_end] == "\n"
        for page in doc.pages[chunk.page_start:chunk.page_end]:  # page_breaks agree with pages
            if page.text:
                at = page.char_start - chunk.char_start
                assert chunk.pages_of(at, at + 1) == (page.number, page.number)
        expected = f"{doc.doc_id}:{chunk.char_start}:{chunk.char_end}:{chunk.text}"
        assert chunk.chunk_id == hashlib.sha256(expected.encode()).hexdigest()[:32]
    for before, after in zip(chunks, chunks[1:]):
        assert before.char_start < after.char_start and before.char_end < after.char_end
    assert len({c.chunk_id for c in chunks}) == len(chunks)


@pytest.mark.parametrize("factory", [pdf_factory.plain_pdf, pdf_factory.two_column_pdf,
                                     pdf_factory.table_pdf, pdf_factory.headers_footers_pdf,
                                     pdf_factory.sample_amip_pdf])
def test_generated_pdfs_chunk_cleanly(factory) -> None:
    doc = read_pdf(factory(), "f.pdf", IngestOptions(ocr="off"))
    chunks = chunk_document(doc)
    assert chunks
    assert_well_formed(doc, chunks)
    covered = "".join(c.text for c in chunks)
    for line in doc.text.split("\n"):
        assert line in covered  # nothing is lost


def test_chunks_are_deterministic() -> None:
    doc = make_doc(prose(40), prose(30, 2))
    assert chunk_document(doc) == chunk_document(doc)


def test_empty_document_has_no_chunks() -> None:
    assert chunk_document(make_doc("", "  \n\n ")) == []


def test_sizes_stay_near_target_and_below_max() -> None:
    doc = make_doc(prose(120))
    chunks = chunk_document(doc, target_chars=800, max_chars=1100)
    assert_well_formed(doc, chunks)
    assert all(len(c.text) <= 1100 for c in chunks)
    assert all(len(c.text) >= 400 for c in chunks[:-1])


def test_overlap_repeats_whole_lines_within_a_paragraph() -> None:
    doc = make_doc(prose(60))
    chunks = chunk_document(doc, overlap_chars=120)
    for before, after in zip(chunks, chunks[1:]):
        overlap = before.char_end - after.char_start
        assert 0 < overlap <= 120
        assert doc.text[after.char_start:before.char_end] in before.text


def test_no_overlap_across_a_page_break() -> None:
    doc = make_doc(prose(9), prose(9, 1))
    chunks = chunk_document(doc)
    assert [(c.page_start, c.page_end) for c in chunks] == [(1, 1), (2, 2)]


def test_chunk_may_span_pages_with_correct_page_range() -> None:
    doc = make_doc(prose(2), prose(3, 3), prose(2, 1))
    chunks = chunk_document(doc)
    assert len(chunks) == 1
    chunk = chunks[0]
    assert (chunk.page_start, chunk.page_end) == (1, 3)
    assert chunk.page_breaks == (doc.pages[1].char_start, doc.pages[2].char_start)
    assert chunk.pages_of_quote(SENTENCES[3]) == (2, 2)
    assert chunk.pages_of_quote(SENTENCES[0] + "\n" + SENTENCES[1]) == (1, 1)


def test_page_breaks_account_for_empty_pages() -> None:
    doc = make_doc(prose(2), "", prose(2, 2))
    chunk = chunk_document(doc)[0]
    assert (chunk.page_start, chunk.page_end) == (1, 3)
    assert chunk.pages_of_quote(SENTENCES[2]) == (3, 3)


def test_table_rows_stay_whole_and_with_their_header() -> None:
    rows = "\n".join(f"Instrument Nummer {n} mit längerer Bezeichnung   {n * 7}   {n * 5}"
                     for n in range(1, 9))
    table = f"Umsetzung Förderbedarfe\nIst 2023   Plan 2024\n{rows}"
    doc = make_doc(prose(7) + "\n\n" + table + "\n\n" + prose(6, 2))
    chunks = chunk_document(doc)
    assert_well_formed(doc, chunks)
    holder = [c for c in chunks if "Instrument Nummer 1 mit" in c.text]
    assert holder and all("Ist 2023   Plan 2024" in c.text for c in holder)
    with_rows = [c for c in chunks if "Instrument Nummer" in c.text]
    assert len(with_rows) == 1 and "Instrument Nummer 8 mit längerer Bezeichnung   56   40" in with_rows[0].text


def test_long_table_is_split_only_between_rows() -> None:
    rows = [f"Maßnahme {n:02d} zur Aktivierung und beruflichen Eingliederung   {n}   {n + 1}"
            for n in range(60)]
    doc = make_doc("\n".join(rows))
    chunks = chunk_document(doc)
    assert len(chunks) > 2
    assert_well_formed(doc, chunks)
    for row in rows:
        assert any(row in c.text for c in chunks)


def test_sections_follow_headings() -> None:
    doc = make_doc("1. Einleitung\n" + prose(8) + "\n\n3.2 Eingliederungsbudget\n" + prose(8, 1)
                   + "\n\nGesetzlicher Auftrag\n" + prose(8, 2))
    chunks = chunk_document(doc)
    assert_well_formed(doc, chunks)
    assert [c.section for c in chunks] == [
        "1. Einleitung", "3.2 Eingliederungsbudget", "3.2 Eingliederungsbudget › Gesetzlicher Auftrag"]
    assert chunks[1].text.startswith("3.2 Eingliederungsbudget")


def test_heading_is_never_the_last_line_of_a_chunk() -> None:
    body = "\n".join(f"{n}. Abschnitt Nummer {n}\n{prose(3, n)}" for n in range(1, 12))
    doc = make_doc(body)
    for chunk in chunk_document(doc):
        assert not chunk.text.split("\n")[-1].startswith(tuple(f"{n}. Abschnitt" for n in range(12)))


def test_wrapped_numbered_heading_becomes_one_section() -> None:
    doc = make_doc("1. Dezentrale Einschätzung zur Konjunktur- und\nArbeitsmarktentwicklung\n" + prose(5))
    assert chunk_document(doc)[0].section == \
        "1. Dezentrale Einschätzung zur Konjunktur- und Arbeitsmarktentwicklung"


def test_overlong_line_is_split_at_sentences() -> None:
    line = " ".join(SENTENCES * 10)
    doc = make_doc(line)
    chunks = chunk_document(doc, max_chars=1100)
    assert len(chunks) > 1
    assert all(len(c.text) <= 1100 for c in chunks)
    assert all(doc.text[c.char_start:c.char_end] == c.text for c in chunks)
    assert all(c.text.endswith(".") for c in chunks)


def test_a_table_row_is_in_one_table_chunk_on_its_page() -> None:
    doc = read_pdf(pdf_factory.sample_amip_pdf(), "amip.pdf", IngestOptions(ocr="off"))
    row = "Förderung berufliche Weiterbildung — Ist 2023: 56; Plan 2024: 37"
    assert not any("Förderung berufliche Weiterbildung" in c.text for c in chunk_document(doc))
    hits = [c for c in table_chunks(list(doc.tables), doc, 0) if row in c.text]
    assert len(hits) == 1 and hits[0].pages_of_quote(row) == (3, 3)


@pytest.mark.parametrize("line", ["1. Januar 2024 tritt die Reform in Kraft", "3. Quartal",
                                  "Z. B. Maßnahmen beim Träger",
                                  "2. Die Integrationsquote ist im Vorjahr deutlich gestiegen."])
def test_dates_and_sentences_are_not_headings(line: str) -> None:
    doc = make_doc("1. Einleitung\n" + prose(3) + "\n" + line + "\n" + prose(3, 1))
    assert {c.section for c in chunk_document(doc)} == {"1. Einleitung"}


def test_number_starting_a_line_inside_a_sentence_is_no_heading() -> None:
    wrapped = ("Der Indikator des Langzeitleistungsbezuges, also derjenigen, die innerhalb der vergangenen\n"
               "24 Monate mindestens 21 Monate Leistungen der Grundsicherung für Arbeitsuchende\n"
               "erhalten haben, zeigt mit einem Anteil von ca. 75 Prozent die Dimension auf.")
    doc = make_doc("1. Einleitung\n" + prose(5) + "\n" + wrapped + "\n" + prose(10, 1))
    chunks = chunk_document(doc)
    assert {c.section for c in chunks} == {"1. Einleitung"}
    assert any(wrapped in c.text for c in chunks)


def test_overlap_never_pushes_a_chunk_over_max() -> None:
    long_lines = "\n".join(f"{s} {s} {s} {s} {s}"[:1000] for s in SENTENCES)
    doc = make_doc(prose(2) + "\n" + long_lines)
    chunks = chunk_document(doc, max_chars=1100, overlap_chars=120)
    assert_well_formed(doc, chunks)
    assert all(len(c.text) <= 1100 for c in chunks)


def test_an_overlap_starts_with_a_sentence_never_inside_one() -> None:
    """Sentences wrapped over several lines: the repeated lines begin where a sentence does
    (generated seed 5014: a chunk began "bleibt für Alleinerziehende ein wichtiger Engpass.",
    and that fragment was quoted as an answer)."""
    wrapped = "\n".join(f"Satz {i} beginnt hier und läuft über das Zeilenende\nbis zu seinem Punkt am Ende."
                        for i in range(40))
    doc = make_doc(wrapped)
    chunks = chunk_document(doc, overlap_chars=120)
    assert len(chunks) > 3
    for chunk in chunks[1:]:
        assert chunk.text.startswith("Satz "), chunk.text[:40]
    assert_well_formed(doc, chunks)
