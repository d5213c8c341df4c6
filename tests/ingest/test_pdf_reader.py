"""read_pdf on generated PDFs: text, layout, pages, OCR fallback and every error path."""

from __future__ import annotations

import hashlib
import re

import pytest

from ingest import ocr, pdf_reader
from ingest.options import IngestOptions
from ingest.pdf_reader import read_pdf
from ingest.types import PAGE_SEPARATOR, Document, IngestError
from tests import malformed_pdfs, pdf_factory

OFF = IngestOptions(ocr="off")


def read(data: bytes, options: IngestOptions = OFF, **kwargs) -> Document:
    return read_pdf(data, "test.pdf", options, **kwargs)


def test_plain_pdf_pages_offsets_and_identity() -> None:
    data = pdf_factory.plain_pdf()
    doc = read(data)
    assert doc.doc_id == hashlib.sha256(data).hexdigest()
    assert doc.filename == "test.pdf"
    assert doc.title == "AMIP Testdokument"
    assert [p.number for p in doc.pages] == [1, 2, 3]
    assert doc.text == PAGE_SEPARATOR.join(p.text for p in doc.pages)
    for page in doc.pages:
        assert doc.text[page.char_start:page.char_end] == page.text
        assert page.has_text_layer and not page.ocr
        assert doc.page_at(page.char_start) == page.number
    assert "Vorwort der Geschäftsführung" in doc.pages[0].text
    assert "2.970.357 Euro" in doc.pages[2].text
    assert doc.warnings == ()


def test_reading_is_deterministic() -> None:
    data = pdf_factory.sample_amip_pdf()
    assert read(data) == read(data)


def test_title_falls_back_to_first_line() -> None:
    doc = read(pdf_factory.plain_pdf(title=None))
    assert doc.title == "Vorwort der Geschäftsführung"


def test_progress_reports_each_page() -> None:
    calls: list[tuple[str, float]] = []
    read(pdf_factory.plain_pdf(), progress=lambda stage, fraction: calls.append((stage, fraction)))
    assert [stage for stage, _ in calls] == ["lesen"] * 3
    assert [round(f, 2) for _, f in calls] == [0.33, 0.67, 1.0]


def test_a_table_is_read_into_the_model_and_left_out_of_the_text() -> None:
    doc = read(pdf_factory.table_pdf())
    [table] = doc.tables
    assert [c.header for c in table.columns] == ["Ist 2023", "Plan 2024"]
    rows = {r.label: r.values for r in table.rows}
    assert rows["Maßnahmen zur Aktivierung und beruflichen Eingliederung"] == (541.0, 489.0)
    assert "541" not in doc.text and "Ist 2023" not in doc.text


def test_two_column_page_is_read_column_by_column() -> None:
    text = read(pdf_factory.two_column_pdf()).text
    assert text.startswith("Fragen zum Arbeitsmarkt- und Integrationsprogramm")
    left_end = text.index("erhalten, damit er beraten kann.")
    assert text.index("Linke Spalte beginnt") < left_end < text.index("Rechte Spalte beginnt")
    assert not any("Linke" in line and "Rechte" in line for line in text.split("\n"))
    assert "Eingliederungsinstrumente" in text  # hyphenation inside a column joined


def test_headers_footers_and_hyphenation() -> None:
    doc = read(pdf_factory.headers_footers_pdf(4))
    assert "Jobcenter Musterstadt" not in doc.text
    assert not re.search(r"Seite \d von 4", doc.text)
    for page in doc.pages:
        assert page.text.startswith(f"Abschnitt {page.number}:")
        for phrase in ("Rahmenbedingungen", "im Ilm-Kreis", "SGB II-Leistungen", "Ein- und Austritte",
                       "Verwaltungs- oder Sachkosten"):
            assert phrase in page.text


def test_encrypted_with_empty_user_password_is_read() -> None:
    assert "Vorwort der Geschäftsführung" in read(pdf_factory.encrypted_pdf("")).text


@pytest.mark.parametrize(("data", "message"), [
    (b"", "Die Datei ist leer."),
    (pdf_factory.not_a_pdf(), "keine PDF-Datei"),
    (pdf_factory.truncated_pdf(), "beschädigt oder unvollständig"),
    (b"%PDF-1.7\n" + bytes(range(256)) * 40, "beschädigt oder unvollständig"),
    (pdf_factory.encrypted_pdf("geheim"), "passwortgeschützt"),
    (pdf_factory.blank_pdf(2), "keinen lesbaren Text"),
    (malformed_pdfs.cyclic_page_tree_pdf(), "beschädigt"),
    (malformed_pdfs.deeply_nested_pdf(), "beschädigt"),
    (malformed_pdfs.self_referencing_xobject_pdf(), "keinen lesbaren Text"),
], ids=["empty", "not-pdf", "truncated", "garbage", "password", "blank", "cyclic", "nested",
        "self-xobject"])
def test_bad_files_raise_german_ingest_error(data: bytes, message: str) -> None:
    with pytest.raises(IngestError, match=message):
        read(data)


def test_limits_from_options() -> None:
    with pytest.raises(IngestError, match="zu groß"):
        read(pdf_factory.plain_pdf(), IngestOptions(ocr="off", max_file_mb=0.001))
    with pytest.raises(IngestError, match="3 Seiten; erlaubt sind höchstens 2"):
        read(pdf_factory.plain_pdf(), IngestOptions(ocr="off", max_pages=2))


def test_recursion_error_in_extraction_becomes_ingest_error(monkeypatch: pytest.MonkeyPatch) -> None:
    def explode(self, *args, **kwargs):
        raise RecursionError("maximum recursion depth exceeded")
    monkeypatch.setattr(pdf_reader, "read_page", explode)
    with pytest.raises(IngestError, match="beschädigt"):
        read(pdf_factory.plain_pdf())


def test_scanned_document_without_ocr_is_rejected() -> None:
    with pytest.raises(IngestError, match="OCR.*ausgeschaltet"):
        read(pdf_factory.image_only_pdf())


def test_scanned_page_without_ocr_gives_warning() -> None:
    doc = read(pdf_factory.image_only_pdf(text_pages_before=2))
    assert doc.page_count == 3
    assert doc.pages[2].text == "" and not doc.pages[2].has_text_layer
    assert len(doc.warnings) == 1
    assert doc.warnings[0].startswith("Seite 3 enthält keinen Text (gescanntes Bild?)")
    assert "ausgeschaltet" in doc.warnings[0]


def test_missing_tesseract_is_named_in_warning(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(ocr, "ocr_available", lambda lang="deu": False)
    doc = read(pdf_factory.image_only_pdf(text_pages_before=1), IngestOptions(ocr="auto"))
    assert doc.ocr_pages == []
    assert "OCR nicht verfügbar" in doc.warnings[0] and "Seite 2" in doc.warnings[0]
    with pytest.raises(IngestError, match="tesseract-ocr-deu"):
        read(pdf_factory.image_only_pdf(), IngestOptions(ocr="auto"))


def test_failing_ocr_is_a_warning_not_a_crash(monkeypatch: pytest.MonkeyPatch) -> None:
    def fail(*args, **kwargs):
        raise ocr.OcrError("kaputt")
    monkeypatch.setattr(ocr, "ocr_available", lambda lang="deu": True)
    monkeypatch.setattr(ocr, "ocr_page_model", fail)
    doc = read(pdf_factory.image_only_pdf(text_pages_before=1), IngestOptions(ocr="auto"))
    assert doc.warnings == ("Seite 2: die Texterkennung (OCR) ist fehlgeschlagen.",)


@pytest.mark.skipif(not ocr.ocr_available("deu"),
                    reason="Tesseract mit Sprachpaket 'deu' ist nicht installiert "
                           "(apt-get install tesseract-ocr tesseract-ocr-deu)")
def test_ocr_reads_image_only_page() -> None:
    calls: list[str] = []
    doc = read(pdf_factory.image_only_pdf(text_pages_before=1), IngestOptions(ocr="auto"),
               progress=lambda stage, fraction: calls.append(stage))
    assert doc.ocr_pages == [2]
    page = doc.pages[1]
    assert page.ocr and not page.has_text_layer
    assert "Eingliederungsbudget 2024" in page.text
    assert "Förderung berufliche Weiterbildung" in page.text
    assert doc.warnings == ()
    assert calls[-1] == "ocr"


def test_a_hyphen_starts_a_number_only_where_it_is_set_apart() -> None:
    """"1.000-2.000" typeset as one run is a range (one word); "1.107" and "-15,6" placed
    side by side as two runs (an overflowing table value) are two numbers."""
    from fpdf import FPDF

    from ingest.page.pdfium import read_models

    pdf = FPDF(unit="pt")
    pdf.add_page()
    pdf.set_font("Helvetica", size=10)
    pdf.text(60, 100, "zwischen 1.000-2.000 Euro")
    pdf.text(60, 130, "1.107")
    pdf.text(60 + pdf.get_string_width("1.107") + 1.3, 130, "-15,6 %")
    words = [w.text for w in read_models(bytes(pdf.output()))[0].words]
    assert "1.000-2.000" in words
    assert ["1.107", "-15,6", "%"] == words[-3:]
