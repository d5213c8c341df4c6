"""Figure extraction: German numbers, glossary mapping, table rows, sentences, the demo PDFs."""

from __future__ import annotations

import pytest

from assistant.demo import demo_filename
from assistant.demo_content import BUDGET_LABELS, ENTRY_CODES, ENTRY_LABELS, YEARS, entry_totals
from assistant.figures import extract_figures
from assistant.domain.instruments import canonical, display_name, find_mentions
from assistant.text.numbers import parse_german_number
from tests.assistant.demo_support import demo_bytes, demo_doc_id, demo_figures, find


@pytest.mark.parametrize("text,value", [
    ("1.793.645", 1793645.0), ("16,0 %", 16.0), ("-2,5", -2.5), ("+6,3", 6.3), ("8,3 Mio.€", 8300000.0),
    ("2.721", 2721.0), ("22,826 Mio.€", 22826000.0),
])
def test_german_numbers(text, value):
    assert parse_german_number(text) == value


@pytest.mark.parametrize("label,code", [
    ("Förderung berufliche Weiterbildung", "FbW"), ("Bildungsgutschein", "FbW"),
    ("Arbeitsgelegenheiten", "AGH"), ("TaAM gemäß §16 i SGB II", "TaAM"), ("Teilhabe am Arbeitsmarkt", "TaAM"),
    ("Einstiegsgeld", "ESG"), ("Eingliederungszuschuss", "EGZ"), ("GaBe", "§16k"), ("Freie Förderung", "§16f"),
    ("Maßnahmen zur Aktivierung und beruflichen Eingliederung", "§45"),
    ("darunter Aktivierungs- und Vermittlungsgutschein", "AVGS"), ("darunter Maßnahmen bei einem Träger", "MAT"),
    ("Eingliederung von Langzeitarbeitslosen (§ 16e SGB II)", "EVL"), ("Gesamt", "Gesamt"),
    ("Eingliederungsbudget (inkl. BEZ)", "EGT"), ("Verwaltungshaushalt", "VKB"),
    ("davon aus Eingliederungstitel für Umschichtungen geplant (Bund)", "Umschichtung"),
    ("davon kommunaler Finanzierungsanteil (Kommune)", "KFA"), ("Vorbindungen aus Vorjahren", "Vorbindungen"),
    ("Integrationsquote gesamt (JFW in %)", "IQ"), ("Bestand LZB (JDW)", "LZB"),
    ("spezielle Maßnahmen für Jüngere", ""), ("davon gemäß Eingliederungsmittelverordnung (Bund)", ""),
])
def test_glossary_mapping(label, code):
    assert canonical(label) == code


def test_mentions_keep_positions_of_the_printed_text():
    text = "Die Förderung nach § 16 i SGB II und die Eingliederung von Langzeitarbeitslosen"
    assert [(c, text[s:e]) for c, s, e in find_mentions(text)] == [
        ("TaAM", "§ 16 i"), ("EVL", "Eingliederung von Langzeitarbeitslosen")]
    assert display_name("FbW") == "Förderung der beruflichen Weiterbildung (FbW)"


ENTRIES_PAGE = """
Umsetzung Förderbedarfe
                                                     Ist 2023       Plan 2024

Gesamt                                               900            880

Förderung berufliche Weiterbildung                   70             45

Maßnahmen zur Aktivierung und beruflichen Eingliederung   500      520

darunter Aktivierungs- und Vermittlungsgutschein     300            310

Arbeitsgelegenheiten                                 120            150

TaAM gemäß §16 i SGB II                              5              4
Quelle: Planung JC
"""

TARGETS_PAGE = """
Kennzahl                                             Ziel 2024      Veränderun
                                                                    g ggü. VJ in
                                                                    %

Integrationsquote gesamt (JFW in %)                  17,5%          -1,5

darunter Frauen                                      14,0%          -0,5

Bestand LZB (JDW)                                    3.120          +4,2
"""

BUDGET_PAGE = """
Übersicht zum Verwaltungshaushalt und Eingliederungsbudget 2024
in Euro

Verwaltungshaushalt                                                9.100.000

davon aus Eingliederungstitel für Umschichtungen geplant (Bund)    850.000

Eingliederungsbudget (inkl. BEZ)                                   3.400.000
"""


def _values(figures, code):
    return find(figures, code).values


def test_table_rows_with_header_columns():
    figures = extract_figures([(3, ENTRIES_PAGE)], "d1", "plan.pdf")
    assert _values(figures, "FbW") == [("Ist 2023", 70.0), ("Plan 2024", 45.0)]
    assert _values(figures, "AVGS") == [("Ist 2023", 300.0), ("Plan 2024", 310.0)]
    assert _values(figures, "TaAM") == [("Ist 2023", 5.0), ("Plan 2024", 4.0)]
    fbw = find(figures, "FbW")
    assert (fbw.kind, fbw.unit, fbw.page, fbw.doc_id, fbw.filename) == ("entries", "Eintritte", 3, "d1", "plan.pdf")
    assert fbw.source == "Förderung berufliche Weiterbildung 70 45"


def test_wrapped_header_and_sub_rows():
    figures = extract_figures([(11, TARGETS_PAGE)], "d1", "plan.pdf")
    iq = find(figures, "IQ", "target")
    assert iq.values == [("Ziel 2024", 17.5), ("Veränderung ggü. VJ in %", -1.5)] and iq.unit == "%"
    assert find(figures, "IQ Frauen").values[0] == ("Ziel 2024", 14.0)
    lzb = find(figures, "LZB", "target")
    assert lzb.values == [("Ziel 2024", 3120.0), ("Veränderung ggü. VJ in %", 4.2)]


def test_collapsed_spacing_as_after_cleaning():
    collapsed = "\n".join("   ".join(p.strip() for p in line.split("   ") if p.strip())
                          for line in TARGETS_PAGE.splitlines())
    figures = extract_figures([(1, collapsed)], "d", "x.pdf")
    assert find(figures, "IQ", "target").values == [("Ziel 2024", 17.5), ("Veränderung ggü. VJ in %", -1.5)]


def test_budget_table_without_header_uses_caption():
    figures = extract_figures([(8, BUDGET_PAGE)], "d1", "plan.pdf")
    assert _values(figures, "Umschichtung") == [("2024", 850000.0)]
    egt = find(figures, "EGT")
    assert (egt.kind, egt.unit, egt.values) == ("budget", "EUR", [("2024", 3400000.0)])
    assert find(figures, "VKB").values == [("2024", 9100000.0)]


def test_sentences():
    text = ("Die Integrationsquote soll 2024 16,0 % erreichen.\n"
            "Die Zahl der Alleinerziehenden im Leistungsbezug stieg auf 683 (im VJ 645).\n"
            "Davon sind 14,5 Mio.€ zur Deckung der Verwaltungskosten und 8,3 Mio.€ für die Erbringung\n"
            "von Eingliederungsleistungen (Egl) vorgesehen.\n\n"
            "Folgende Zielwerte wurden vereinbart:\n• IQ: Reduzierung um 1,5%\n")
    figures = extract_figures([(2, text)], "d", "x.pdf")
    assert find(figures, "IQ").values[0] == ("Ziel 2024", 16.0)
    assert find(figures, "Alleinerziehende").values == [("aktuell", 683.0), ("Vorjahr", 645.0)]
    assert find(figures, "VKB").values[0][1] == 14_500_000 and find(figures, "EGT").values[0][1] == 8_300_000
    change = [f for f in figures if f.instrument == "IQ" and f.values[0][0].startswith("Veränderung")]
    assert change and change[0].values[0][1] == -1.5 and change[0].kind == "target"


def test_prose_headings_and_contents_lines_give_no_figures():
    text = ("Inhalt..... 3\n3. Investitionen / Ressourcen ..... 13\n"
            "Im Jahr 2022 schlossen viele Teilnehmende den Kurs ab, die Zahl stieg auf\n"
            "Seite 8\n1. Welche Besonderheiten sieht die Geschäftsführung?\n")
    assert extract_figures([(1, text)], "d", "x.pdf") == []


@pytest.mark.parametrize("year", [2024, 2025])
def test_demo_figures_exact(year):
    data, figures = YEARS[year], demo_figures(year)
    for label, code in zip(ENTRY_LABELS, ENTRY_CODES):
        fig = find(figures, code, "entries")
        ist, plan = data.entries[label]
        assert fig.values == [(f"Ist {year - 1}", ist), (f"Plan {year}", plan)], code
        assert fig.page == 4 and fig.label == label
    assert find(figures, "Gesamt").values[1] == (f"Plan {year}", entry_totals(year)[1])
    for key, label in BUDGET_LABELS.items():
        fig = find(figures, key, "budget")
        assert (fig.values[0][1], fig.unit, fig.page) == (data.budget[key], "EUR", 3), key
    iq_value, iq_change = data.targets["Integrationsquote"]
    assert find(figures, "IQ", "target").values == [(f"Ziel {year}", iq_value), ("Veränderung ggü. VJ in %", iq_change)]
    lzb_value, lzb_change = data.targets["Bestand LZB"]
    assert find(figures, "LZB", "target").values[1] == ("Veränderung ggü. VJ in %", lzb_change)
    fbw_funds = find(figures, "FbW", "budget")
    assert fbw_funds.values[1][1] == data.funds["Förderung der beruflichen Weiterbildung (FbW)"][1]
    assert find(figures, "Frauenanteil").values[0][1] == data.market["Frauenanteil"]
    assert find(figures, "Frauenanteil Eintritte").values[0][1] == data.women_entry_share
    assert all(f.doc_id == demo_doc_id(year) and f.filename == demo_filename(year) and f.page >= 1 for f in figures)


def test_figures_json_contract():
    fig = find(demo_figures(2024), "FbW", "entries")
    assert fig.to_json() == {"kind": "entries", "label": fig.label, "instrument": "FbW", "unit": "Eintritte",
                             "values": [{"column": "Ist 2023", "value": 420}, {"column": "Plan 2024", "value": 260}],
                             "doc_id": demo_doc_id(2024), "filename": "amip-musterstadt-2024.pdf", "page": 4}


def test_same_figures_through_the_pdf_reader():
    read_pdf = pytest.importorskip("ingest.pdf_reader").read_pdf
    from ingest.options import IngestOptions

    doc = read_pdf(demo_bytes(2024), demo_filename(2024), IngestOptions(ocr="off"))
    figures = extract_figures([(p.number, p.text) for p in doc.pages], doc.doc_id, doc.filename)
    assert doc.doc_id == demo_doc_id(2024)
    raw = demo_figures(2024)
    for code, kind in [("FbW", "entries"), ("AGH", "entries"), ("Umschichtung", "budget"), ("IQ", "target"),
                       ("LZB", "target"), ("FbW", "budget")]:
        assert find(figures, code, kind).values == find(raw, code, kind).values
        assert find(figures, code, kind).page == find(raw, code, kind).page


def test_entries_and_euro_columns_become_two_figures():
    page = ("Operatives Programm 2025\nInstrument   Eintritte   EUR\n"
            "Förderung der beruflichen Weiterbildung   56   450.000\nArbeitsgelegenheiten   145   380.500\n")
    figures = extract_figures([(5, page)], "d", "x.pdf")
    entries, funds = find(figures, "FbW", "entries"), find(figures, "FbW", "budget")
    assert (entries.unit, entries.values) == ("Eintritte", [("Eintritte", 56.0)])
    assert (funds.unit, funds.values) == ("EUR", [("EUR", 450000.0)])


def test_wrapped_label_and_year_columns():
    page = ("Eintritte nach Instrumenten\nInstrument   2023   2024\n"
            "Maßnahmen zur Aktivierung und beruflichen\nEingliederung   541   489\nEinstiegsgeld   61   78\n")
    figures = extract_figures([(1, page)], "d", "x.pdf")
    assert find(figures, "§45").values == [("2023", 541.0), ("2024", 489.0)]
    assert find(figures, "§45").label == "Maßnahmen zur Aktivierung und beruflichen Eingliederung"
    assert find(figures, "ESG").values == [("2023", 61.0), ("2024", 78.0)]


def test_sentence_splitting_keeps_signs_headings_and_compound_hyphens():
    from assistant.figure_sentences import split_sentences

    text = ("5. Wirkung / Ziele\nDas Arbeitsmarkt-\nund Integrationsprogramm nennt Ziele. Die Re-\nform wirkt.\n"
            "• Erster Punkt\n-2,5 % gegenüber dem Vorjahr\n- zweiter Punkt\n")
    assert split_sentences(text) == ["5. Wirkung / Ziele", "Das Arbeitsmarkt- und Integrationsprogramm nennt Ziele.",
                                     "Die Reform wirkt.", "Erster Punkt -2,5 % gegenüber dem Vorjahr",
                                     "zweiter Punkt"]


def test_page_sentences_and_answer_sentences_end_at_the_same_places() -> None:
    from assistant.figure_sentences import split_sentences

    text = ("Der Bestand sank auf 2.015. 56 Eintritte sind geplant. Stand Nov. 2019 lag der Anteil bei 73,5 % "
            "aller eLb. (Quelle: BA). Im 3. Quartal folgt z. B. die Auswertung.")
    assert split_sentences(text) == ["Der Bestand sank auf 2.015.", "56 Eintritte sind geplant.",
                                     "Stand Nov. 2019 lag der Anteil bei 73,5 % aller eLb. (Quelle: BA).",
                                     "Im 3. Quartal folgt z. B. die Auswertung."]
