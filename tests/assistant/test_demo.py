"""The fictional Jobcenter Musterstadt AMIPs: deterministic, readable, realistic enough to test on."""

from __future__ import annotations

import io

import pytest
from pypdf import PdfReader

from assistant import demo
from assistant.demo import demo_filename, demo_pdf_bytes, write_demo_pdfs
from assistant.demo_content import ENTRY_CODES, YEARS, entry_totals
from tests.assistant.demo_support import demo_bytes, demo_figures, demo_pages, find, pdf_figures


def test_bytes_are_deterministic_pdfs():
    assert demo_pdf_bytes(2024) == demo_bytes(2024)
    assert demo_bytes(2024).startswith(b"%PDF")
    assert demo_bytes(2024) != demo_bytes(2025)


@pytest.mark.parametrize("year", [2024, 2025])
def test_realistic_length_and_marked_fictional(year):
    pages = demo_pages(year)
    assert 4 <= len(pages) <= 8
    first = pages[0][1]
    assert "Musterstadt" in first and "Fiktives Beispiel" in first
    assert all("fiktives Beispiel" in text for _, text in pages)  # running header on every page


def test_umlauts_and_euro_survive_extraction():
    text = "\n".join(t for _, t in demo_pages(2024))
    for word in ("Förderung", "Geschäftsführung", "Maßnahmen", "Übersicht"):
        assert word in text
    has_dejavu = (demo.FONT_DIR / "DejaVuSans.ttf").is_file()
    assert ("€" if has_dejavu else "EUR") in text  # core fonts (latin-1) write EUR instead


def test_write_demo_pdfs(tmp_path):
    paths = write_demo_pdfs(tmp_path / "beispiele")
    assert [p.name for p in paths] == [demo_filename(2024), demo_filename(2025)]
    assert paths[0].read_bytes() == demo_bytes(2024)


def test_unknown_year_is_a_german_error():
    with pytest.raises(ValueError, match="kein Beispielprogramm"):
        demo_pdf_bytes(1999)


def test_contents_cover_what_a_beirat_checks():
    text = "\n".join(t for _, t in demo_pages(2024))
    for phrase in ("Vorwort", "Integrationsquote", "Eingliederungsbudget", "Verwaltungskostenbudget",
                   "Umschichtung", "Vorbindungen", "Neubewilligungen", "Ist 2023", "Plan 2024",
                   "Alleinerziehende", "Frauenanteil", "wird weiter ausgebaut"):
        assert phrase in text, phrase


def test_2025_changes_figures_against_2024():
    fbw24, fbw25 = find(demo_figures(2024), "FbW", "entries"), find(demo_figures(2025), "FbW", "entries")
    assert fbw24.values[-1].value != fbw25.values[-1].value
    assert YEARS[2025].budget["Umschichtung"] > YEARS[2024].budget["Umschichtung"]
    assert YEARS[2025].budget["Neubewilligungen"] < YEARS[2024].budget["Neubewilligungen"]


def test_core_font_fallback_without_dejavu(monkeypatch, tmp_path):
    monkeypatch.setattr(demo, "FONT_DIR", tmp_path / "keine-schriften")
    data = demo_pdf_bytes(2024)
    reader = PdfReader(io.BytesIO(data))
    pages = [(i + 1, p.extract_text(extraction_mode="layout")) for i, p in enumerate(reader.pages)]
    text = "\n".join(t for _, t in pages)
    assert "Förderung" in text  # latin-1 keeps the umlauts
    figures = pdf_figures(data, pages, "fallback", "x.pdf")
    entries = {f.instrument: f.values for f in figures if f.kind == "entries"}
    assert set(ENTRY_CODES) | {"Gesamt"} <= set(entries)
    assert [(v.column, v.value) for v in entries["Gesamt"]] == [("Ist 2023", entry_totals(2024)[0]),
                                                                ("Plan 2024", entry_totals(2024)[1])]
