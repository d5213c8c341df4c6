"""B questions: the expected drafts on the demo pair, citations, ranking, rephrasing guard."""

from __future__ import annotations

import re

import pytest

from assistant.demo import demo_filename
from assistant.figures import extract_figures
from assistant.questions import (MARKER, accept_rephrasing, draft_questions, rephrase_prompt,
                                 rephrase_questions)
from assistant.types import Citation, DraftQuestion
from tests.assistant.demo_support import demo_doc_id, demo_figures, demo_pages


def _draft(year: int, compare: int | None = None, **kwargs) -> list[DraftQuestion]:
    previous = demo_figures(compare) if compare else None
    return draft_questions(list(demo_pages(year)), demo_figures(year), demo_doc_id(year), demo_filename(year),
                           compare_figures=previous, **kwargs)


def _with(questions: list[DraftQuestion], *words: str) -> DraftQuestion:
    found = [q for q in questions if all(w in q.text for w in words)]
    assert found, f"no question with {words}"
    return found[0]


def test_fbw_cut_is_the_first_question_with_both_numbers_and_the_table_page():
    questions = _draft(2024)
    fbw = questions[0]
    assert fbw.kind == "B" and fbw.topic == "Instrumente und Eintrittsplanung"
    for part in ("Förderung der beruflichen Weiterbildung (FbW)", "420 (Ist 2023)", "260 (Plan 2024)",
                 "38 %", "Warum", "Fachkräfte"):
        assert part in fbw.text
    table = fbw.citations[0]
    assert (table.page_start, table.doc_id, table.filename) == (4, demo_doc_id(2024), "amip-musterstadt-2024.pdf")
    assert "420" in table.quote and "260" in table.quote
    assert "1.850.000 €" in fbw.text  # the funds cut is part of the same question
    assert any(c.page_start == 1 and "Fachkräfte" in c.quote for c in fbw.citations)


def test_expected_questions_on_the_2024_demo():
    questions = _draft(2024)
    agh = _with(questions, "Arbeitsgelegenheiten (AGH)", "380", "520")
    assert "positiven Effekte" in agh.text and "sozialversicherungspflichtige" in agh.text
    assert _with(questions, "1.200.000 €", "Verwaltungskostenbudget").topic == "Finanzen"
    assert _with(questions, "Integrationsquote", "21,5 %", "-1,2").topic == "Ziele"
    assert _with(questions, "Langzeitleistungsbeziehenden", "7.850", "+2,1").topic == "Ziele"
    women = _with(questions, "51,8 %", "44,0 %")
    assert women.topic == "Chancengleichheit" and {c.page_start for c in women.citations} == {2, 3}
    groups = _with(questions, "Alleinerziehende", "Geflüchtete", "Zielgruppen")
    assert "keine eigenen Instrumente" in groups.text
    assert _with(questions, "Ganzheitliche Betreuung", "120", "neu vorgesehen")
    assert any(q.topic == "Aussagen ohne Zahlen" and "weiter ausgebaut" in q.text for q in questions)


def test_ranked_without_duplicates_and_with_consistent_markers():
    questions = _draft(2024)
    weights = [q.weight for q in questions]
    assert weights == sorted(weights, reverse=True)
    assert len({q.text for q in questions}) == len(questions)
    for q in questions:
        markers = [c.marker for c in q.citations]
        assert markers == [f"S{i}" for i in range(1, len(markers) + 1)]
        assert set(MARKER.findall(q.text)) == {f"[{m}]" for m in markers}
        assert "⟦" not in q.text and q.text.rstrip().endswith("?")


def test_every_citation_quotes_its_page():
    pages = dict(demo_pages(2025)) | {}
    previous = dict(demo_pages(2024))
    for q in _draft(2025, compare=2024):
        for c in q.citations:
            text = pages[c.page_start] if c.doc_id == demo_doc_id(2025) else previous[c.page_start]
            assert c.quote in " ".join(text.split()), (q.text, c.quote)


def test_compare_with_last_year_cites_both_documents():
    questions = _draft(2025, compare=2024)
    fbw = questions[0]
    assert "FbW" in fbw.text and "260 Eintritte" in fbw.text and "amip-musterstadt-2024.pdf" in fbw.text
    assert {c.doc_id for c in fbw.citations} == {demo_doc_id(2024), demo_doc_id(2025)}
    new = _with(questions, "Neubewilligungen", "5.750.000 €", "4.050.000 €")
    assert demo_doc_id(2024) in {c.doc_id for c in new.citations}
    shift = _with(questions, "2.050.000 €", "1.200.000 €")
    assert {c.filename for c in shift.citations} == {"amip-musterstadt-2024.pdf", "amip-musterstadt-2025.pdf"}
    assert _with(questions, "Integrationsquote", "20,8 %", "21,5 %")
    assert _with(questions, "Eingliederungsbudget sinkt", "9.850.000 €", "8.950.000 €")


def test_resolver_decides_which_citations_exist():
    calls = []

    def cite(doc_id: str, page: int, quote: str) -> Citation | None:
        calls.append((doc_id, page, quote))
        if page == 1:
            return None  # e.g. the passage is not indexed
        return Citation("", f"chunk-{page}", doc_id, "f.pdf", page, page, quote)

    questions = _draft(2024, cite=cite)
    assert calls and all(isinstance(p, int) for _, p, _ in calls)
    fbw = questions[0]
    assert [c.chunk_id for c in fbw.citations] == ["chunk-4", "chunk-4"]
    assert "[S3]" not in fbw.text and "Fachkräfte gesucht werden?" in fbw.text
    assert all(c.page_start != 1 for q in questions for c in q.citations)


def test_few_small_changes_give_no_instrument_question():
    page = ("Eintrittsplanung\n Instrument            Ist 2023    Plan 2024\n"
            " Eingliederungszuschuss        59          64\n Arbeitsgelegenheiten         133         145\n"
            " Förderung berufliche Weiterbildung   56   37\n")
    figures = extract_figures([(10, page)], "d", "x.pdf")
    questions = draft_questions([(10, page)], figures, "d", "x.pdf")
    topics = [q for q in questions if q.topic == "Instrumente und Eintrittsplanung"]
    assert len(topics) == 1 and "56 (Ist 2023)" in topics[0].text and "37 (Plan 2024)" in topics[0].text
    assert "34 %" in topics[0].text


def test_prose_without_figures_gives_no_questions():
    page = "Der Beirat sollte nach Gründen fragen. Welche Zielgruppen stehen im Fokus? Langzeitarbeitslose.\n"
    assert draft_questions([(1, page)], [], "d", "x.pdf") == []


# -- rephrasing guard ---------------------------------------------------------------------------

ORIGINAL = DraftQuestion(
    "B", "Instrumente und Eintrittsplanung",
    "Für die Förderung der beruflichen Weiterbildung (FbW) sinken die geplanten Eintritte von 56 (Ist 2023) "
    "auf 37 (Plan 2024), ein Rückgang um 34 % [S1]. Warum hält die Geschäftsführung diese Kürzung für notwendig?",
    "", [])


@pytest.mark.parametrize("text,ok", [
    ("Die geplanten Eintritte in die berufliche Weiterbildung (FbW) gehen von 56 (Ist 2023) auf 37 (Plan 2024) "
     "zurück, also um 34 % [S1]. Weshalb hält die Geschäftsführung diese Kürzung für erforderlich?", True),
    ("Die Eintritte in die FbW sinken deutlich [S1]. Warum?", False),  # numbers dropped
    ("Die Eintritte in die FbW sinken von 56 (Ist 2023) auf 38 (Plan 2024), um 34 % [S1]. Warum?", False),
    ("Die Eintritte in die FbW sinken von 56 (Ist 2023) auf 37 (Plan 2024), um 34 %. Warum?", False),  # marker
    ("Die Eintritte sinken von 56 (Ist 2023) auf 37 (Plan 2024), um 34 % [S1]. Warum?", False),  # instrument
    ("Die Eintritte in die FbW sinken von 56 (Ist 2023) auf 37 (Plan 2024), um 34 % [S1], AGH steigen. Warum?", False),
    ("Die Eintritte in die FbW sinken von 56 (Ist 2023) auf 37 (Plan 2024), um 34 % [S2]. Warum?", False),
    ("", False),
])
def test_accept_rephrasing(text, ok):
    assert accept_rephrasing(ORIGINAL, text) is ok


def test_rephrase_questions_keeps_template_when_rejected_or_failing():
    good = ("Die geplanten Eintritte in die Förderung der beruflichen Weiterbildung (FbW) gehen von 56 (Ist 2023) "
            "auf 37 (Plan 2024) zurück, ein Minus von 34 % [S1]. Weshalb hält die Geschäftsführung das für nötig?")
    prompts = []

    def fake_llm(prompt: str) -> str:
        prompts.append(prompt)
        return f"„{good}“"

    assert rephrase_questions([ORIGINAL], fake_llm)[0].text == good
    assert ORIGINAL.text in prompts[0] and "[S1]" in prompts[0]
    assert rephrase_questions([ORIGINAL], lambda p: "Warum wird gekürzt?")[0].text == ORIGINAL.text

    def broken(prompt: str) -> str:
        raise RuntimeError("Server nicht erreichbar")

    assert rephrase_questions([ORIGINAL], broken)[0].text == ORIGINAL.text
    assert rephrase_questions([ORIGINAL], None) == [ORIGINAL]


def test_prompt_template_is_german_and_filled():
    prompt = rephrase_prompt(ORIGINAL)
    assert "Quellenmarke" in prompt and ORIGINAL.text in prompt and "{question}" not in prompt
    assert re.search(r"Zahl", prompt)


def test_funds_cut_without_entries_table():
    page = ("Mittel je Instrument in Euro\nInstrument   Ist 2023   Plan 2024\n"
            "Eingliederungszuschuss   800.000   450.000\nEinstiegsgeld   120.000   125.000\n")
    figures = extract_figures([(6, page)], "d", "x.pdf")
    questions = draft_questions([(6, page)], figures, "d", "x.pdf")
    egz = _with(questions, "Eingliederungszuschuss", "800.000 €", "450.000 €")
    assert "sinken die eingeplanten Mittel" in egz.text and egz.citations[0].page_start == 6
    assert not any("Einstiegsgeld" in q.text for q in questions)
