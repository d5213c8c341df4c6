"""A checklist (DGB "Fragen im Vorfeld"): status per question, citations, injected search."""

from __future__ import annotations

import pytest

from assistant.drafting.changes import figure_change
from assistant.drafting.checklist import build_checklist, checklist_questions, page_search
from assistant.demo import demo_filename
from assistant.types import Hit
from ingest.types import Chunk
from tests.assistant.demo_support import demo_doc_id, demo_figures, demo_pages


def _checklist(year: int, **kwargs):
    return build_checklist(list(demo_pages(year)), demo_figures(year), demo_doc_id(year), demo_filename(year),
                           **kwargs)


def _status(items) -> dict[str, str]:
    return {i.id: i.status for i in items}


EXPECTED = {
    2024: {"A1": "covered", "A2": "covered", "A3": "partial", "A4": "covered", "A5": "partial", "A6": "covered"},
    2025: {"A1": "covered", "A2": "partial", "A3": "partial", "A4": "covered", "A5": "covered", "A6": "covered"},
}


@pytest.mark.parametrize("year", [2024, 2025])
def test_status_per_question(year):
    items = _checklist(year)
    assert _status(items) == EXPECTED[year]
    for item in items:
        assert item.citations or item.status == "missing"
        assert [c.marker for c in item.citations] == [f"S{k}" for k in range(1, len(item.citations) + 1)]
        assert all(c.doc_id == demo_doc_id(year) and c.page_start >= 1 for c in item.citations)


def test_missing_aspects_become_questions():
    items = {i.id: i for i in _checklist(2025)}
    assert items["A2"].missing == ["Summe der Leistungen zum Lebensunterhalt"]
    assert "Lebensunterhalt" in items["A2"].ask
    a5_2024 = {i.id: i for i in _checklist(2024)}["A5"]
    assert a5_2024.missing == ["Veränderung gegenüber dem Vorjahr"]
    questions = checklist_questions(_checklist(2025))
    assert [q.kind for q in questions] == ["A", "A"]
    assert {q.topic for q in questions} == {"Fragen im Vorfeld"}
    assert "A2" in questions[0].rationale and questions[0].text.endswith("?")


def test_citations_point_at_the_figures():
    items = {i.id: i for i in _checklist(2024)}
    quotes = " | ".join(c.quote for c in items["A5"].citations)
    assert "Verwaltungskostenbudget — Betrag: 14.200.000" in quotes and "1.200.000" in quotes  # table rows
    assert any(c.page_start == 4 for c in items["A6"].citations)


def test_json_contract():
    item = _checklist(2024)[0].to_json()
    assert set(item) == {"id", "question", "status", "citations"} and item["id"] == "A1"
    assert set(item["citations"][0]) >= {"marker", "chunk_id", "doc_id", "filename", "page_start", "quote"}


def test_injected_search_is_used_and_other_documents_ignored():
    queries = []
    doc_id = demo_doc_id(2024)
    keyword = page_search(list(demo_pages(2024)), doc_id, demo_filename(2024))

    def search(query: str, k: int) -> list[Hit]:
        queries.append(query)
        foreign = Chunk("x", "anderes-dokument", "Regionale Ziele: Schwerpunkt Umschichtung", 0, 10, 9, 9)
        hits = [Hit(foreign, 9.0)] + [Hit(Chunk(f"c{h.chunk.page_start}", doc_id, h.chunk.text, 0, 1,
                                               h.chunk.page_start, h.chunk.page_end), h.score)
                                      for h in keyword(query, k)]
        return hits

    items = _checklist(2024, search=search)
    assert queries
    assert _status(items) == EXPECTED[2024]
    assert all(c.doc_id == doc_id and c.page_start != 9 for i in items for c in i.citations)


def test_page_search_ranks_by_keywords():
    search = page_search(list(demo_pages(2024)), "d", "f.pdf")
    hits = search("Umschichtung Eingliederungsbudget Verwaltungskostenbudget", 3)
    assert hits and hits[0].chunk.page_start == 3 and hits[0].chunk.chunk_id == ""
    assert hits == sorted(hits, key=lambda h: -h.score)


def test_empty_document_misses_everything():
    items = build_checklist([(1, "Sehr geehrte Damen und Herren.")], [], "d", "leer.pdf")
    assert _status(items) == {f"A{k}": "missing" for k in range(1, 7)}
    assert len(checklist_questions(items)) == 6


@pytest.mark.parametrize("seed", (2, 6, 13))
def test_tables_with_both_years_answer_the_previous_year_aspects(seed: int) -> None:
    """A budget table and an Eintrittsplanung with the previous year (generated, varied layouts)
    answer A5's and A6's "gegenüber dem Vorjahr" — even where no sentence says "Vorjahr"."""
    import hashlib

    from ingest.options import IngestOptions
    from ingest.pdf_reader import read_pdf
    from tests.amip_gen import generate
    from tests.assistant.demo_support import pdf_figures

    generated = generate(seed)
    doc_id = hashlib.sha256(generated.pdf).hexdigest()
    pages = [(p.number, p.text) for p in read_pdf(generated.pdf, "gen.pdf", IngestOptions()).pages]
    figures = pdf_figures(generated.pdf, pages, doc_id, "gen.pdf")
    # no sentence of the text answers: only the table model can
    silent = [(number, "Das Jobcenter plant sorgfältig.") for number, _ in pages]
    items = {i.id: i for i in build_checklist(silent, figures, doc_id, "gen.pdf")}
    budgets_with_previous = [f for f in figures if f.kind == "budget" and figure_change(f) is not None]
    entries_with_previous = [f for f in figures if f.kind == "entries" and figure_change(f) is not None]
    assert budgets_with_previous and entries_with_previous  # the generator prints both years
    assert "Veränderung gegenüber dem Vorjahr" not in items["A5"].missing
    assert "Vergleich mit dem Vorjahr" not in items["A6"].missing
    asked = " ".join(q.rationale for q in checklist_questions(list(items.values())))
    assert "Vorjahr" not in asked
