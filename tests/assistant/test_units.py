from assistant.answering.evidence import build_evidence
from assistant.text.units import marker_ids, split_sentences, split_units
from assistant.types import Hit
from ingest.types import Chunk


def _texts(text, spans):
    return [text[s:e] for s, e in spans]


def test_sentences_respect_abbreviations_ordinals_and_numbers():
    text = "Im 3. Quartal wird das AMIP erarbeitet. Es gibt z. B. 1.793.645 € bzw. 8,3 Mio. Euro. Danach folgt Nr. 2."
    assert _texts(text, split_sentences(text)) == [
        "Im 3. Quartal wird das AMIP erarbeitet.",
        "Es gibt z. B. 1.793.645 € bzw. 8,3 Mio. Euro.",
        "Danach folgt Nr. 2.",
    ]


def test_line_breaks_end_sentences_in_answers():
    assert len(split_sentences("Erstens [S1]\n- Zweitens [S2]")) == 2


def test_units_of_pdf_text_tables_bullets_and_wrapped_prose():
    text = (
        "Die Zielwerte wurden mit der Regionaldirektion vereinbart und gelten für das\n"
        "ganze Jahr. Folgende Werte gelten:\n"
        "• IQ: Reduzierung um 1,5%\n"
        "• Bestand an LZB: Reduzierung um 3,8%\n"
        "Ist 2023   Plan 2024\n"
        "Arbeitsgelegenheiten   133   145\n"
    )
    units = _texts(text, split_units(text))
    assert units[0].startswith("Die Zielwerte") and units[0].endswith("ganze Jahr.")
    assert units[1] == "Folgende Werte gelten:"
    assert units[2] == "• IQ: Reduzierung um 1,5%"
    assert units[-1] == "Arbeitsgelegenheiten   133   145"


def test_layout_text_of_a_table_is_never_an_answer_unit():
    # Rows are answered from the table model; a space-aligned line stays apart from the prose
    # (so it does not run into a sentence) but is never quoted.
    text = "Die Planung steigt leicht.\nIst 2023   Plan 2024\nArbeitsgelegenheiten   133   145"
    assert _texts(text, split_units(text))[-1] == "Arbeitsgelegenheiten   133   145"
    chunk = Chunk("c1", "d", text, 0, len(text), 1, 1, "Planung", "a.pdf")
    assert [e.own for e in build_evidence([Hit(chunk, 1.0)])] == ["Die Planung steigt leicht."]


def test_a_short_line_inside_a_narrow_column_paragraph_does_not_end_the_sentence():
    text = ("Die Mittel werden so eingesetzt, dass möglichst\nviele Menschen eine Perspektive "
            "erhalten.\nWeiterbildung bleibt ein\nzentraler Baustein, um dem\nFachkräftemangel zu begegnen.")
    units = _texts(text, split_units(text))
    assert units[-1] == "Weiterbildung bleibt ein\nzentraler Baustein, um dem\nFachkräftemangel zu begegnen."


def test_marker_ids():
    assert marker_ids("[S1, S3]") == [1, 3]
    assert marker_ids("[S12]") == [12]


def test_a_numbered_heading_is_no_list_item_but_a_numbered_list_keeps_its_last_item():
    text = ("Das Jobcenter hat mit der Regionaldirektion für das kommende Jahr folgende Ziele vereinbart:\n"
            "1. Integration verbessern\n2. Langzeitarbeitslosigkeit abbauen\n\n"
            "Die Ziele gelten bis zum Ende des Jahres 2025 und werden jedes Quartal im Beirat besprochen.\n"
            "3. Hinweise\nDer Beirat wird vor jeder Änderung der Planung rechtzeitig angehört.")
    chunk = Chunk("c2", "d", text, 0, len(text), 1, 1, "Ziele", "a.pdf")
    units = build_evidence([Hit(chunk, 1.0)])
    lists = [e for e in units if e.kind == "list"]
    assert lists and lists[0].items == ("1. Integration verbessern", "2. Langzeitarbeitslosigkeit abbauen")
    assert any(e.kind == "section" and e.own.startswith("3. Hinweise\nDer Beirat") for e in units)
    assert not any(e.kind == "list" and "3. Hinweise" in e.own for e in units)
