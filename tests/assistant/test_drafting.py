"""B questions from general rules over figures: changes, money, shares, reasons, missing figures."""

from __future__ import annotations

from assistant.drafting import draft_questions
from assistant.text.units import MARKER
from assistant.types import Citation, DraftQuestion
from tests.assistant.figure_support import DOC, FILE, figures_of, table

ENTRIES = [("Förderung berufliche Weiterbildung", "54", "37"), ("Einstiegsgeld", "61", "64"),
           ("Arbeitsgelegenheiten", "133", "145"), ("Gesamt", "248", "246")]


def _draft(tables, pages=None, **kwargs) -> list[DraftQuestion]:
    pages = pages or []
    return draft_questions(pages, figures_of(tables, pages), DOC, FILE, **kwargs)


def _with(questions: list[DraftQuestion], *words: str) -> DraftQuestion:
    found = [q for q in questions if all(w in q.text for w in words)]
    assert found, f"no question with {words}: {[q.text for q in questions]}"
    return found[0]


def test_fbw_cut_by_31_percent_gives_a_question_with_both_numbers_and_the_page():
    questions = _draft([table(["Plan 2024", "Ist 2023"], [(label, b, a) for label, a, b in ENTRIES], page=2)])
    fbw = _with(questions, "54 (Ist 2023)", "37 (Plan 2024)")
    assert fbw.kind == "B" and fbw.topic == "Instrumente und Eintrittsplanung"
    assert "31 %" in fbw.text and fbw.text.endswith("?") and fbw.citations[0].page_start == 2
    assert not any("Einstiegsgeld" in q.text or "Arbeitsgelegenheiten" in q.text for q in questions)  # +5 %, +9 %
    assert not any("Gesamt" in q.text for q in questions)


def test_thousand_euro_umschichtung_is_quoted_in_thousand_euro_never_as_plain_euro():
    budget = table(["Ist 2023", "Plan 2024"], [("Umschichtung in das Verwaltungsbudget", "2.900", "3.100"),
                                                 ("Eingliederungsbudget", "33.900", "31.000")],
                   unit="EUR", scale=1000.0, caption="Angaben in Tausend Euro", page=5)
    shift = _with(_draft([budget]), "umgeschichtet")
    assert "3.100 T€" in shift.text and "3.100 €" not in shift.text
    assert "31.000 T€" in shift.text and shift.citations[0].page_start == 5


def test_budget_line_shrinking_and_the_printed_change():
    budget = table(["Ist 2021", "Soll 2022", "Differenz in %"],
                   [("Eingliederungsleistungen", "9.412.500 €", "8.876.300 €", "-5,7 %"),
                    ("Verwaltungskosten", "13.950.000 €", "14.020.000 €", "0,5 %")], unit="EUR", page=1)
    egt = _with(_draft([budget]), "9.412.500 €", "8.876.300 €")
    assert "5,7 %" in egt.text and egt.topic == "Finanzen"
    assert not any("14.020.000" in q.text for q in _draft([budget]))


def test_lower_integrationsquote_target_and_rising_lzb():
    targets = table(["Ziel 2024", "Veränderung ggü. VJ in %"],
                    [("Integrationsquote gesamt", "16,0%", "-2,5"), ("darunter Männer", "19,5%", "-3,6"),
                     ("darunter Frauen", "12,7%", "-0,8"), ("Bestand LZB (JDW)", "2.721", "+6,3")], page=11)
    questions = _draft([targets])
    iq = _with(questions, "16,0", "-2,5 %")
    assert iq.topic == "Ziele" and "niedrigere Ziel" in iq.text
    assert "Langzeitbezug" in _with(questions, "2.721", "+6,3 %").text
    gap = _with(questions, "12,7%", "19,5%")
    assert gap.topic == "Chancengleichheit"


def test_reason_in_the_text_is_quoted_and_the_question_asks_for_consequences():
    entries = table(["Ist 2021", "Soll 2022"], [("Arbeitsgelegenheiten", "214", "140")], page=1)
    page = (2, "Die Zahl der Arbeitsgelegenheiten wird deutlich verringert, weil viele Teilnehmende keinen "
               "Anschluss an reguläre Arbeit gefunden haben.\n")
    agh = _with(_draft([entries], [page]), "214", "140")
    assert "„Die Zahl der Arbeitsgelegenheiten wird deutlich verringert, weil" in agh.text
    assert "Welche Folgen" in agh.text and "Warum" not in agh.text
    assert [c.page_start for c in agh.citations] == [1, 2]


def test_no_statement_that_entries_are_missing_when_a_sentence_gives_them():
    pages = [(1, "Geplant sind 2024 insgesamt 95 Eintritte in eine Einstiegsqualifizierung. Die "
                 "Arbeitsgelegenheiten, der Eingliederungszuschuss und die Förderung der beruflichen "
                 "Weiterbildung bleiben wichtig. Die Integrationsquote soll 2024 bei 20,1 % liegen. Das "
                 "Eingliederungsbudget beträgt 2024 12,0 Mio. Euro.\n")]
    questions = draft_questions(pages, figures_of([], pages), DOC, FILE)
    assert not any("Eintritten je Instrument" in q.text for q in questions)


def test_missing_entries_are_phrased_as_what_the_assistant_did_not_find():
    pages = [(1, "Die Arbeitsgelegenheiten, der Eingliederungszuschuss und die Förderung der beruflichen "
                 "Weiterbildung bleiben wichtig. Die Integrationsquote soll 2024 bei 20,1 % liegen. Das "
                 "Eingliederungsbudget beträgt 2024 12,0 Mio. Euro. Die Umschichtung beträgt 2024 1,0 Mio. Euro.\n")]
    questions = draft_questions(pages, figures_of([], pages), DOC, FILE)
    missing = _with(questions, "hat der Assistent weder in einer Tabelle noch im Text gefunden")
    assert "keine Eintrittsplanung" not in missing.text


def test_share_of_a_budget_without_an_amount():
    pages = [(9, "Mit einem Anteil von ca. einem Fünftel bis zu einem Viertel am Eingliederungstitel können die "
                 "Bedarfe gedeckt werden. Das Eingliederungsbudget beträgt 2024 12,0 Mio. Euro. Die "
                 "Integrationsquote soll 2024 bei 20,1 % liegen. Die Umschichtung beträgt 2024 1,0 Mio. Euro.\n")]
    share = _with(draft_questions(pages, figures_of([], pages), DOC, FILE), "einem Fünftel", "Betrag in Euro")
    assert share.citations[0].page_start == 9


def test_compare_with_last_years_amip_cites_both_documents():
    this = table(["Plan 2025"], [("Einstiegsgeld", "40")], page=3)
    last = table(["Plan 2024"], [("Einstiegsgeld", "80")], page=4)
    previous = figures_of([last])
    for f in previous:
        f.doc_id, f.filename = "doc-0", "amip-2024.pdf"
    esg = _with(_draft([this], compare_figures=previous), "80", "40", "AMIP des Vorjahres")
    assert {c.filename for c in esg.citations} == {FILE, "amip-2024.pdf"}


def test_ranked_without_duplicates_and_with_consistent_markers():
    questions = _draft([table(["Ist 2023", "Plan 2024"], ENTRIES + [("GaBe", "16", "55")])])
    assert [q.weight for q in questions] == sorted((q.weight for q in questions), reverse=True)
    for q in questions:
        markers = [c.marker for c in q.citations]
        assert markers == [f"S{i}" for i in range(1, len(markers) + 1)]
        assert set(MARKER.findall(q.text)) == {f"[{m}]" for m in markers}
        assert "⟦" not in q.text and q.text.endswith("?")


def test_resolver_decides_which_citations_exist_and_table_rows_fall_back_to_their_label():
    quotes = []

    def cite(doc_id: str, page: int, quote: str) -> Citation | None:
        quotes.append(quote)
        if " — " in quote:
            return None  # an index built before table rows became chunks
        return Citation("", f"chunk-{page}", doc_id, FILE, page, page, quote)

    fbw = _with(_draft([table(["Ist 2023", "Plan 2024"], ENTRIES)], cite=cite), "54", "37")
    assert [c.quote for c in fbw.citations] == ["Förderung berufliche Weiterbildung"]
    assert _draft([table(["Ist 2023", "Plan 2024"], ENTRIES)], cite=lambda d, p, q: None) == []


def test_prose_without_figures_gives_no_questions():
    page = "Der Beirat sollte nach Gründen fragen. Welche Zielgruppen stehen im Fokus? Langzeitarbeitslose.\n"
    assert draft_questions([(1, page)], [], DOC, FILE) == []


def test_no_missing_womens_share_when_the_entries_table_has_one():
    pages = [(1, "Die Chancengleichheit von Frauen bleibt ein Ziel.\n")]
    with_share = table(["Ist 2023", "Plan 2024", "Anteil Frauen in %"], [("Einstiegsgeld", "61", "64", "48,0")])
    without = table(["Ist 2023", "Plan 2024"], [("Einstiegsgeld", "61", "64")])
    assert any("Frauenanteil" in q.text for q in _draft([without], pages))
    assert not any("Frauenanteil" in q.text for q in _draft([with_share], pages))


def test_a_rate_moves_in_percentage_points_never_in_percent() -> None:
    from assistant.drafting.change_questions import _movement
    from assistant.drafting.changes import figure_change
    from assistant.types import Figure, FigureValue

    def target(*values: FigureValue) -> Figure:
        return Figure("target", "Integrationsquote", "IQ", list(values), "d", "a.pdf", 3, "table", "IQ")

    rate = target(FigureValue("Ist 2024", "actual", 2024, 24.1, "%", "24,1"),
                  FigureValue("Ziel 2025", "target", 2025, 23.0, "%", "23,0"))
    text = _movement(figure_change(rate))
    assert "ein Rückgang um 1,1 Prozentpunkte" in text and "4,6" not in text
    printed = target(FigureValue("Ist 2024", "actual", 2024, 24.1, "%", "24,1"),
                     FigureValue("Ziel 2025", "target", 2025, 23.0, "%", "23,0"),
                     FigureValue("Veränderung in %", "change_pct", None, -4.6, "%", "-4,6"))
    assert "ein Rückgang um 4,6 %" in _movement(figure_change(printed))  # the document's own relative change
    count = Figure("entries", "FbW", "FbW", [FigureValue("Ist 2024", "actual", 2024, 56.0, "", "56"),
                                            FigureValue("Plan 2025", "plan", 2025, 37.0, "", "37")],
                   "d", "a.pdf", 3, "table", "FbW")
    assert "ein Rückgang um 34 %" in _movement(figure_change(count))
