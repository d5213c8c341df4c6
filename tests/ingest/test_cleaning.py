"""Cleaning of extracted page texts: hyphenation, running lines, page numbers, junk."""

from __future__ import annotations

import pytest

from ingest.cleaning import clean_pages


def clean_one(text: str) -> str:
    return clean_pages([text])[0]


@pytest.mark.parametrize(("raw", "expected"), [
    ("Trotz der Rahmenbedin-\ngungen bleibt es so.", "Trotz der Rahmenbedingungen\nbleibt es so."),
    ("im Ilm-\nKreis gestellt", "im Ilm-Kreis\ngestellt"),
    ("die SGB II-\nLeistungen steigen", "die SGB II-Leistungen\nsteigen"),
    ("der LZB-\nbestand wächst", "der LZB-bestand\nwächst"),
    ("Zeitraum 2023-\n2024 geplant", "Zeitraum 2023-2024\ngeplant"),
    ("Einglie\u00ad\nderung", "Eingliederung"),
])
def test_joins_words_broken_at_line_end(raw: str, expected: str) -> None:
    assert clean_one(raw) == expected


@pytest.mark.parametrize("raw", [
    "die Ein-\nund Austritte",
    "Verwaltungs-\noder Sachkosten",
    "Vollzeit-\nbzw. Teilzeit",
    "klein-\nsowie mittelständisch",
    "Ein- und Austritte",
    "Ziel: lange Auszeiten vermeiden -\nbesser planen",
])
def test_keeps_real_and_suspended_hyphens(raw: str) -> None:
    assert clean_one(raw) == raw


def test_hyphen_join_consumes_whole_next_line() -> None:
    assert clean_one("Integrations-\nprogramm\nNächste Zeile") == "Integrationsprogramm\nNächste Zeile"


def test_joins_word_broken_across_pages() -> None:
    pages = clean_pages(["Der Text endet mit Rahmenbedin-", "gungen und geht weiter."])
    assert pages == ["Der Text endet mit Rahmenbedingungen", "und geht weiter."]


def _pages_with_running_lines(count: int) -> list[str]:
    return [f"Jobcenter Musterstadt · AMIP 2024\n\nInhalt der Seite {n} über Thema {chr(64 + n)}.\n"
            f"Dieser Satz steht auf jeder Seite.\nEnde von Abschnitt {chr(64 + n)}.\n\n"
            f"Seite {n} von {count}" for n in range(1, count + 1)]


def test_drops_running_header_and_footer() -> None:
    pages = clean_pages(_pages_with_running_lines(5))
    for number, text in enumerate(pages, start=1):
        assert "Jobcenter Musterstadt" not in text
        assert "von 5" not in text
        assert f"Inhalt der Seite {number}" in text
        assert "Dieser Satz steht auf jeder Seite." in text  # body, not at the edge


def test_keeps_repeated_body_lines_that_are_not_at_the_same_place() -> None:
    pages = [f"Kapitel {c}\nDer Beirat berät.\nMehr zu {c}." for c in "ABCD"]
    assert all("Der Beirat berät." in text for text in clean_pages(pages))


def test_two_page_document_needs_header_on_both_pages() -> None:
    both = clean_pages(["Kopfzeile DGB\nErster Text.", "Kopfzeile DGB\nZweiter Text."])
    assert both == ["Erster Text.", "Zweiter Text."]
    three = clean_pages(["Textseite 1\nA.", "Textseite 2\nB.", "Ganz anders\nC."])
    assert three[0].startswith("Textseite 1")


@pytest.mark.parametrize("number_line", ["- 3 -", "3", "Seite 3", "Seite 3 von 40", "S. 3", "3 / 40"])
def test_drops_page_number_lines_at_page_edges(number_line: str) -> None:
    text = clean_one(f"Erste Zeile mit Text.\nZweite Zeile.\nDritte Zeile.\nVierte.\n{number_line}")
    assert text == "Erste Zeile mit Text.\nZweite Zeile.\nDritte Zeile.\nVierte."


def test_keeps_bare_numbers_in_the_middle_of_a_page() -> None:
    lines = ["Kopf.", "Text eins.", "Text zwei.", "Tabelle", "56", "37", "Mehr Text.", "Noch mehr.",
             "Ende eins.", "Ende zwei."]
    assert "\n56\n37\n" in clean_one("\n".join(lines))


def test_removes_glyph_junk_and_normalises_characters() -> None:
    raw = "Zei\x00le\uf0a7 mit\u00a0NBSP\ud800 und \x07Steuer\x1bzeichen, Auf\ufb01ndung, Ba\u0308r"
    assert clean_one(raw) == "Zeile mit NBSP und Steuerzeichen, Auffindung, Bär"


def test_windows_1252_leftovers_are_decoded() -> None:
    assert clean_one("Kosten 5 \x80, \x84Job-Turbo\x93 \x96 neu\x81") == "Kosten 5 €, „Job-Turbo“ – neu"


def test_bullet_glyphs_become_bullets() -> None:
    assert clean_one("\x7f erster Punkt\n\uf0b7 zweiter Punkt") == "• erster Punkt\n• zweiter Punkt"


def test_normalises_whitespace() -> None:
    raw = "\n\n  Erste Zeile   \n\n\n\n\nZweite\tZeile  \n\n\n"
    assert clean_one(raw) == "Erste Zeile\n\nZweite Zeile"


def test_keeps_page_count_and_empty_pages() -> None:
    assert clean_pages(["Text A.", "", "  \n ", "Text B."]) == ["Text A.", "", "", "Text B."]
    assert clean_pages([]) == []
