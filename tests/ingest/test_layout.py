"""Post-processing of pypdf layout-mode text: columns, spacing, wrapped table cells."""

from __future__ import annotations

from ingest.layout import find_gutter, normalize_layout

LEFT = ["Der Beirat hat die gesetzliche Aufgabe,", "das Jobcenter bei der Auswahl und der",
        "Gestaltung der Instrumente zu beraten.", "Ein Kenntnisgeben im Nachhinein wird",
        "diesem Auftrag nicht gerecht und der", "Beirat sollte darauf bestehen, dass er",
        "den Entwurf rechtzeitig vor der Sitzung", "erhält und ihn beraten kann, bevor die"]
RIGHT = ["Aus gewerkschaftlicher Sicht sollte bei", "der Beratung auf folgende Ziele",
         "hingewirkt werden: nachhaltige Integration", "in Gute Arbeit statt irgendeiner Arbeit",
         "und abschlussorientierte Weiterbildung", "mit Vorrang, wenn viele offene Stellen",
         "für Fachkräfte zu besetzen sind, und", "genug Angebote für benachteiligte Gruppen."]


def two_column_page(title: str = "Fragen zum Arbeitsmarkt- und Integrationsprogramm (AMIP) 2024") -> str:
    rows = [f" {left:<44}{' ' * 12}{right}" for left, right in zip(LEFT, RIGHT)]
    return "\n".join([f" {title}", "", *rows, "", " " * 90 + "Seite 1"])


def test_two_columns_are_read_left_then_right() -> None:
    text = normalize_layout(two_column_page())
    lines = text.split("\n")
    assert lines[0].startswith("Fragen zum Arbeitsmarkt")
    body = [line for line in lines[1:] if line and line != "Seite 1"]
    assert body == LEFT + RIGHT


def test_full_width_line_between_column_blocks_stays_in_place() -> None:
    page = two_column_page().split("\n")
    page.insert(6, " Eine durchgehende Zwischenüberschrift, die über beide Spalten reicht und weiter")
    lines = [line for line in normalize_layout("\n".join(page)).split("\n") if line]
    middle = lines.index("Eine durchgehende Zwischenüberschrift, die über beide Spalten reicht und weiter")
    assert lines[1:middle] == LEFT[:4] + RIGHT[:4]
    assert lines[middle + 1:middle + 9] == LEFT[4:] + RIGHT[4:]


def test_table_is_not_mistaken_for_two_columns() -> None:
    rows = [("Gesamt", "875", "869"), ("Förderung berufliche Weiterbildung", "56", "37"),
            ("Eingliederungszuschuss", "59", "64"), ("Arbeitsgelegenheiten", "133", "145"),
            ("Einstiegsgeld", "61", "78"), ("Freie Förderung", "3", "0"),
            ("Maßnahmen zur Aktivierung und beruflichen Eingliederung", "541", "489")]
    page = "\n".join(f" {label:<70}{ist:<15}{plan}" for label, ist, plan in rows)
    assert find_gutter(page.split("\n")) is None
    assert "Förderung berufliche Weiterbildung   56   37" in normalize_layout(page).split("\n")


def test_label_table_with_text_on_the_right_stays_row_wise() -> None:
    rows = [f" {label:<40}{value}" for label, value in [
        ("Markt und Integration:", "42,5 VZÄ"), ("Leistung:", "39,8 VZÄ"), ("Sonstiges:", "19,1 VZÄ"),
        ("Weitere Bereiche:", "8,1 VZÄ"), ("Verwaltung:", "5,5 VZÄ"), ("Gesamt:", "115,0 VZÄ")]]
    assert normalize_layout("\n".join(rows)).split("\n")[0] == "Markt und Integration:   42,5 VZÄ"


def test_spacing_is_collapsed() -> None:
    text = normalize_layout("      Förderung berufliche Weiterbildung        56          37   \n"
                            "   ein  Satz mit  doppelten Leerzeichen  2024")
    assert text.split("\n") == ["Förderung berufliche Weiterbildung   56   37",
                                "ein Satz mit doppelten Leerzeichen   2024"]


def test_blank_lines_between_table_rows_are_dropped() -> None:
    text = normalize_layout("Gesamt      875      869\n\nEinstiegsgeld      61     78\n\nText danach.")
    assert text == "Gesamt   875   869\nEinstiegsgeld   61   78\n\nText danach."


def test_amounts_wrapped_in_narrow_cells_are_joined() -> None:
    text = normalize_layout("8.314.730,0    14.512.052,    22.826.782,\n0 €            71 €           71 €")
    assert text == "8.314.730,00 €   14.512.052,71 €   22.826.782,71 €"


def test_numbers_in_consecutive_rows_are_not_joined() -> None:
    text = "Quote   16,5\nZiel   3\nBestand   1.234,5\n12"
    assert normalize_layout(text) == text
