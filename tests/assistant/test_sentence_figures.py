"""Figures stated in sentences use the same value model as table rows."""

from __future__ import annotations

import pytest

from assistant.figures import sentence_figures, split_sentences


def _one(text: str, code: str):
    found = [f for f in sentence_figures(text, 3, "d", "x.pdf") if f.instrument == code]
    assert found, [(f.instrument, f.values) for f in sentence_figures(text, 3, "d", "x.pdf")]
    return found[0]


def test_amount_in_millions_with_a_plan_cue_and_the_sentence_year():
    f = _one("Die Umschichtung steigt 2024 auf 3,1 Mio. Euro.\n", "Umschichtung")
    v = f.values[0]
    assert (v.role, v.period, v.value, v.unit, v.printed, v.scale) == ("plan", 2024, 3_100_000.0, "EUR",
                                                                       "3,1 Mio. Euro", 1e6)
    assert f.kind == "budget" and f.source == "text" and f.page == 3 and "3,1 Mio. Euro" in f.quote


def test_previous_year_in_brackets_is_the_actual_value():
    f = _one("Das Eingliederungsbudget beträgt 2024 31,0 Mio. Euro (Vorjahr 33,9 Mio. Euro).\n", "EGT")
    roles = {v.role: (v.value, v.period) for v in f.values}
    assert roles["actual"] == (33_900_000.0, 2023)
    assert roles["value"][0] == 31_000_000.0


def test_from_to_places():
    f = _one("Bei den Arbeitsgelegenheiten sollen die Plätze 2025 von 520 auf 350 Plätze sinken.\n", "AGH")
    roles = {v.role: v.value for v in f.values}
    assert roles == {"actual": 520.0, "plan": 350.0}


def test_year_stated_before_the_previous_value():
    f = _one("Der Kreis strebt 2022 eine Integrationsquote von 26,0 Prozent an (2021: 25,4 Prozent).\n", "IQ")
    assert [(v.role, v.period, v.value) for v in f.values] == [("plan", 2022, 26.0), ("actual", 2021, 25.4)]
    assert f.kind == "target"


def test_planned_decrease_is_a_negative_change_of_a_target():
    f = _one("Die Zahl der Langzeitleistungsbeziehenden soll um 3,0 Prozent sinken.\n", "LZB")
    assert (f.values[0].role, f.values[0].value) == ("change_pct", -3.0) and f.kind == "target"


def test_share_belongs_to_the_subject_not_to_its_base():
    text = ("Der Indikator des Langzeitleistungsbezuges zeigt mit einem Anteil von ca. 75 Prozent an allen "
            "erwerbsfähigen Leistungsberechtigten die Dimension auf.\n")
    f = _one(text, "LZB")
    assert f.kind == "share" and f.values[0].role == "share" and f.values[0].value == 75.0
    assert not [g for g in sentence_figures(text, 3, "d", "x.pdf") if g.instrument == "eLb"]


def test_spoken_fractions_of_a_budget():
    text = "Mit einem Anteil von ca. einem Fünftel bis zu einem Viertel am Eingliederungstitel wird gefördert.\n"
    f = _one(text, "")
    assert f.label == "Anteil am Eingliederungstitel" and f.values[0].printed == "einem Fünftel"
    assert f.values[0].value == 20.0 and f.kind == "share"


def test_counts_of_unknown_things_and_durations_are_no_figures():
    text = ("Wir erwarten 750 Integrationen. Die Maßnahme dauert 6 Monate für Langzeitarbeitslose.\n")
    assert sentence_figures(text, 1, "d", "x.pdf") == []


def test_split_sentences_joins_hyphenated_lines_and_keeps_headings_apart():
    text = "5. Wirkung / Ziele\nDie Integrations-\nquote soll steigen. Die Zahl\nder eLb sinkt.\n"
    assert split_sentences(text) == ["5. Wirkung / Ziele", "Die Integrationsquote soll steigen.",
                                     "Die Zahl der eLb sinkt."]


def test_every_generated_sentence_figure_is_read_from_the_page_text_in_reading_order() -> None:
    """Generated AMIPs (one and two text columns, a title block over two columns): every
    figure a sentence states comes back with its value and page from the ingested text."""
    from ingest.options import IngestOptions
    from ingest.pdf_reader import read_pdf
    from tests.amip_gen import generated
    from tests.amip_gen.generator import with_options
    from tests.amip_gen.presets import FAST_CASES
    from tests.pdf_factory import unicode_font_available

    if not unicode_font_available():
        pytest.skip("the generator needs DejaVu Sans (fonts-dejavu-core)")
    documents = [generated(seed, layout) for seed, layout in FAST_CASES]
    documents += [with_options(seed, first_page_columns=True) for seed in (7, 21)]
    missing = []
    for document in documents:
        read = read_pdf(document.pdf, "gen.pdf", IngestOptions(ocr="off"))
        found = {(page.number, round(value.value, 2)) for page in read.pages
                 for figure in sentence_figures(page.text, page.number, "d", "gen.pdf")
                 for value in figure.values}
        missing += [(document.seed, f.sentence) for f in document.truth.figures
                    if (f.page, round(f.value, 2)) not in found]
    assert not missing
