from assistant.text.units import marker_ids, split_sentences, split_units, table_header, unit_text_with_context


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


def test_table_rows_carry_their_header():
    text = "Umsetzung Förderbedarfe\nIst 2023   Plan 2024\nGesamt   875   869\nArbeitsgelegenheiten   133   145"
    units = split_units(text)
    last = units[-1]
    assert table_header(text, last[0], units) == "Ist 2023 | Plan 2024"
    context = unit_text_with_context(text, last, units)
    assert "Plan 2024" in context and "Umsetzung Förderbedarfe" in context


def test_marker_ids():
    assert marker_ids("[S1, S3]") == [1, 3]
    assert marker_ids("[S12]") == [12]
