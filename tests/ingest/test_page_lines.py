"""Layout analysis on hand-made page models (no PDF): column stretches, their reading order
and the blocks of the page text."""

from __future__ import annotations

from ingest.page.lines import page_lines
from ingest.page.model import PageModel, Word
from ingest.page.text import page_text

WIDTH = 595.0


def _line(text: str, x0: float, top: float, size: float = 10.0, bold: bool = False) -> list[Word]:
    """Words of one printed line from ``x0`` (5.5 pt a character, a space between words)."""
    words, x = [], x0
    for part in text.split():
        words.append(Word(part, x, x + 5.5 * len(part), top, top + size * 1.1, bold, size))
        x += 5.5 * (len(part) + 1)
    return words


def _column(prefix: str, x0: float, top: float, lines: int) -> list[Word]:
    return [w for i in range(lines) for w in _line(f"{prefix} Zeile {i} der Spalte mit Text", x0, top + 13 * i)]


def _texts(model: PageModel) -> list[str]:
    return [line.text for line in page_lines(model).order]


def test_a_title_over_two_columns_then_left_before_right() -> None:
    words = _line("Arbeitsmarkt- und Integrationsprogramm 2024 des Jobcenters Musterstadt", 57, 60, 16, True)
    words += _column("Links", 57, 100, 6) + _column("Rechts", 312, 100, 6)
    order = _texts(PageModel(1, WIDTH, 842, tuple(words)))
    assert order[0].startswith("Arbeitsmarkt-")
    assert order[1:7] == [f"Links Zeile {i} der Spalte mit Text" for i in range(6)]
    assert order[7:] == [f"Rechts Zeile {i} der Spalte mit Text" for i in range(6)]


def test_a_white_band_across_the_page_ends_a_stretch() -> None:
    words = _column("Oben links", 57, 100, 5) + _column("Oben rechts", 312, 100, 5)
    words += _column("Unten links", 57, 200, 5) + _column("Unten rechts", 312, 200, 5)
    order = [t.split(" Zeile")[0] for t in _texts(PageModel(1, WIDTH, 842, tuple(words)))]
    assert order == ["Oben links"] * 5 + ["Oben rechts"] * 5 + ["Unten links"] * 5 + ["Unten rechts"] * 5


def test_a_heading_below_both_columns_starts_the_full_width_part() -> None:
    words = _column("Links", 57, 100, 6) + _column("Rechts", 312, 100, 4)
    words += _line("3. Finanzplanung", 57, 180, 12, True)
    words += _line("Ein Satz über die ganze Breite der Seite, der die Spalten beendet hat.", 57, 196)
    order = _texts(PageModel(1, WIDTH, 842, tuple(words)))
    assert order[-2:] == ["3. Finanzplanung",
                          "Ein Satz über die ganze Breite der Seite, der die Spalten beendet hat."]
    assert order.index("Rechts Zeile 3 der Spalte mit Text") < order.index("3. Finanzplanung")


def test_blocks_are_separated_and_list_items_stay_with_their_lead_in() -> None:
    words = _line("Überschrift", 57, 60, 12, True)
    words += _line("Für folgende Ziele gilt:", 57, 80)
    words += _line("• die Integrationsquote,", 57, 96) + _line("• die Kosten der Unterkunft.", 57, 112)
    words += _line("Ein neuer Absatz.", 57, 140)
    text = page_text(page_lines(PageModel(1, WIDTH, 842, tuple(words))))
    assert text == ("Überschrift\n\nFür folgende Ziele gilt:\n• die Integrationsquote,\n"
                    "• die Kosten der Unterkunft.\n\nEin neuer Absatz.")


def test_a_unit_alone_beside_prose_ending_in_a_number_is_no_table_row() -> None:
    """A wrapped header's last line ("%") in the right column, beside a left-column line
    ending in a number: both stay in their columns (a full-width table row has numbers on
    both sides of the gutter)."""
    words = _column("Links", 57, 100, 8) + _column("Rechts", 312, 100, 4)
    words += _line("Die Zahl der Plätze ändert sich von 744", 57, 204) + _line("%", 517, 204, bold=True)
    regions = page_lines(PageModel(1, WIDTH, 842, tuple(words))).regions
    assert [l.text for l in regions[1] if "%" in l.text] == ["%"]
    assert any(l.text == "Die Zahl der Plätze ändert sich von 744" for l in regions[0])
