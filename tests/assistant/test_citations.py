from assistant.types import Hit
from ingest.types import Chunk
from assistant.answering.citations import best_quote, check_citations
from tests.assistant.memory_store import hits_for

HITS = hits_for(
    "Das Eingliederungsbudget 2024 beträgt 2.970.357 Euro. Davon sind 1.793.645 Euro für Umschichtungen geplant.",
    "Die Integrationsquote soll 2024 bei 16,0 % liegen. Der Bestand an LZB steigt um +6,3 %.",
    "Für Eingliederungsleistungen stehen 8.314.730 Euro bereit.",
)


def test_markers_are_parsed_in_all_forms():
    text = "Budget 2.970.357 Euro [S1]. Quote 16,0 % [S2, S1]. Umschichtung 1.793.645 Euro [S1][S2]."
    checked = check_citations(text, HITS)
    assert [c.marker for c in checked.citations] == ["S1", "S2"]
    assert checked.text.count("[S1]") == 1 and "[S2, S1]" in checked.text and "[S1, S2]" in checked.text


def test_unknown_markers_are_dropped():
    checked = check_citations("Das Budget beträgt 2.970.357 Euro [S9].", HITS)
    assert checked.citations == []
    assert checked.dropped == ["S9"]
    assert "[S" not in checked.text and checked.text.endswith("Euro.")


def test_markers_are_renumbered_compactly():
    checked = check_citations("Die Quote liegt bei 16,0 % [S2]. Es gibt 8.314.730 Euro [S3].", HITS)
    assert [(c.marker, c.chunk_id) for c in checked.citations] == [
        ("S1", HITS[1].chunk.chunk_id), ("S2", HITS[2].chunk.chunk_id)
    ]
    assert checked.text == "Die Quote liegt bei 16,0 % [S1]. Es gibt 8.314.730 Euro [S2]."


def test_marker_after_the_full_stop_belongs_to_its_sentence():
    checked = check_citations("Die Quote liegt bei 16,0 %. [S2] Das Budget ist 2.970.357 Euro. [S1]", HITS)
    assert checked.text == "Die Quote liegt bei 16,0 % [S1]. Das Budget ist 2.970.357 Euro [S2]."
    assert all(c.verified for c in checked.citations)


def test_number_not_in_cited_passage_is_unverified():
    checked = check_citations("Das Eingliederungsbudget beträgt 3.100.000 Euro [S1].", HITS)
    assert checked.citations[0].verified is False
    assert checked.unverified == ["Das Eingliederungsbudget beträgt 3.100.000 Euro."]


def test_number_from_another_passage_is_unverified():
    # 16,0 % is in S2, not in the cited S1.
    checked = check_citations("Die Integrationsquote liegt bei 16,0 % [S1].", HITS)
    assert checked.citations[0].verified is False


def test_german_number_formats_are_verified():
    text = "Es stehen 8,3 Mio. Euro bereit [S3]. Die Quote ist 16 % [S2]. Der LZB-Bestand steigt um +6,3 % [S2]."
    checked = check_citations(text, HITS)
    assert all(c.verified for c in checked.citations)


def test_years_from_the_question_are_not_claims():
    checked = check_citations("Für 2025 gibt es 2.970.357 Euro [S1].", HITS, question="Wie hoch ist das Budget 2025?")
    assert checked.citations[0].verified is True


def test_quote_is_the_supporting_sentence_verbatim():
    checked = check_citations("Für Umschichtungen sind 1.793.645 Euro geplant [S1].", HITS)
    quote = checked.citations[0].quote
    assert quote == "Davon sind 1.793.645 Euro für Umschichtungen geplant."
    assert quote in HITS[0].chunk.text


def test_best_quote_prefers_sentence_with_the_numbers():
    text = HITS[1].chunk.text
    assert best_quote("Der LZB-Bestand steigt um 6,3 %", text) == "Der Bestand an LZB steigt um +6,3 %."


def test_auto_cite_attaches_clearly_supporting_passage():
    checked = check_citations("Das Eingliederungsbudget beträgt 2.970.357 Euro.", HITS, auto_cite=True)
    assert [c.chunk_id for c in checked.citations] == [HITS[0].chunk.chunk_id]
    assert checked.text.endswith("[S1].")
    assert check_citations("Das Wetter ist schön.", HITS, auto_cite=True).citations == []


def test_uncited_number_missing_everywhere_is_reported():
    checked = check_citations("Insgesamt sind es 999.999 Euro.", HITS)
    assert checked.unverified == ["Insgesamt sind es 999.999 Euro."]


def test_citation_pages_are_those_of_the_quote_inside_a_multi_page_chunk():
    text = "Vorwort zum Programm.\n\nDas Budget beträgt 2.970.357 Euro.\n\nEnde des Programms."
    chunk = Chunk("c", "d", text, 0, len(text), 1, 3, filename="f.pdf",
                  page_breaks=(text.index("Das"), text.index("Ende")))
    checked = check_citations("Das Budget beträgt 2.970.357 Euro [S1].", [Hit(chunk, 1.0)])
    cite = checked.citations[0]
    assert (cite.page_start, cite.page_end) == (2, 2) and cite.verified


def test_source_lists_and_list_numbers_are_no_claims():
    text = "1. **Quote**: 16,0 % [S2]\n2. Budget: 2.970.357 Euro [S1]\n\nQuellen:\n- [S2]\n- [S3]"
    checked = check_citations(text, HITS)
    assert [c.chunk_id for c in checked.citations] == [HITS[1].chunk.chunk_id, HITS[0].chunk.chunk_id]
    assert all(c.verified for c in checked.citations) and checked.unverified == []
    assert "Quellen" not in checked.text and checked.text.endswith("Euro [S2]")


def test_model_citations_are_repaired_when_clearly_wrong():
    # The figure is in S2 only: re-attributed (models mix up markers) and verified.
    checked = check_citations("Die Integrationsquote liegt bei 16,0 % [S1].", HITS, auto_cite=True)
    assert [(c.chunk_id, c.verified) for c in checked.citations] == [(HITS[1].chunk.chunk_id, True)]
    # Of two cited passages, the one that does not support the sentence is dropped.
    checked = check_citations("Das Eingliederungsbudget 2024 beträgt 2.970.357 Euro [S1, S3].", HITS, auto_cite=True)
    assert [c.chunk_id for c in checked.citations] == [HITS[0].chunk.chunk_id]
    # A figure found nowhere keeps the model's citation and is flagged.
    checked = check_citations("Die Integrationsquote liegt bei 19,9 % [S2].", HITS, auto_cite=True)
    assert [(c.chunk_id, c.verified) for c in checked.citations] == [(HITS[1].chunk.chunk_id, False)]


def test_text_that_looks_like_internal_placeholders_is_harmless():
    checked = check_citations("Vorlage {{S7}} und \ue0003\ue000 bleiben Text [S1].", HITS)
    assert "{{S7}}" in checked.text and [c.marker for c in checked.citations] == ["S1"]


def test_citation_moves_to_the_passage_that_says_it():
    hits = hits_for(
        "Frauen werden im Jobcenter besonders gefördert.",
        'Neu ist die Maßnahme „Frauen aktiv in Zukunft“, die den Anteil unterstützter Frauen steigert.',
    )
    checked = check_citations('Mit der Maßnahme "Frauen aktiv in Zukunft" steigt der Anteil unterstützter Frauen [S1].',
                              hits, auto_cite=True)
    assert [c.chunk_id for c in checked.citations] == [hits[1].chunk.chunk_id]


def test_a_long_quote_is_cut_at_a_word_boundary() -> None:
    from assistant.answering.citations import clip

    text = "Wort " * 100 + "Ende"
    cut = clip(text, 42)
    assert len(cut) <= 42 and cut.endswith("Wort") and text.startswith(cut)
    assert clip("kurz") == "kurz"
