"""The quoted passage is marked on the page image where it is printed: across hyphenated line
ends, over several lines and in a table row (generated PDFs, fpdf2)."""

from __future__ import annotations

from pathlib import Path

import pypdfium2 as pdfium
import pytest

from assistant.meeting.highlight import marked_page, quote_boxes
from tests import pdf_factory

MM = 72 / 25.4
A4_HEIGHT = 297 * MM
LINES = (
    "Die Lage bleibt angespannt, wie schon im Vorjahr.",
    "Trotz der krisenhaften Rahmenbedin-",
    "gungen bleibt der Arbeitsmarkt im Ilm-",
    "Kreis stabil. Für 19.500 Menschen gilt die Förderricht-",
    "linie des Landes weiterhin.",
)


def _baseline(line: int, first: float = 30, step: float = 6) -> float:
    """PDF y (points from the bottom) of line ``line`` written by ``pdf_factory`` (first at 30 mm)."""
    return A4_HEIGHT - (first + step * line) * MM


def _boxes(data: bytes, quote: str, page: int = 0):
    pdf = pdfium.PdfDocument(data)
    textpage = pdf[page].get_textpage()
    try:
        return quote_boxes(textpage, quote)
    finally:
        textpage.close()
        pdf.close()


def _covers_line(boxes, line: int) -> bool:
    y = _baseline(line) + 2  # just above the baseline: inside every glyph of the line
    return any(bottom <= y <= top for _, bottom, _, top in boxes)


def test_quote_over_hyphenated_line_ends_marks_every_line() -> None:
    data = pdf_factory.plain_pdf(("\n".join(LINES),))
    quote = "Trotz der krisenhaften Rahmenbedingungen bleibt der Arbeitsmarkt im Ilm-Kreis stabil."
    boxes = _boxes(data, quote)
    assert [_covers_line(boxes, n) for n in range(5)] == [False, True, True, True, False]
    line_one = next(b for b in boxes if b[1] <= _baseline(1) + 2 <= b[3])
    assert line_one[2] > 85 * MM  # up to the broken word at the right end, not just "Trotz"


def test_sentence_ending_after_a_hyphenated_word_and_a_number() -> None:
    data = pdf_factory.plain_pdf(("\n".join(LINES),))
    boxes = _boxes(data, "Für 19.500 Menschen gilt die Förderrichtlinie des Landes weiterhin.")
    assert _covers_line(boxes, 3) and _covers_line(boxes, 4) and not _covers_line(boxes, 2)


def test_a_cited_table_row_is_marked_by_its_box(tmp_path: Path) -> None:
    """An answer from a table row cites the row; the page image marks the row's page-model box
    (the quote is the table model's rendering, never matched against the page's characters)."""
    from assistant.service import Assistant
    from assistant.settings import Settings
    from tests.fakes import FakeEmbedder

    assistant = Assistant(Settings(data_dir=tmp_path / "data", ocr="off"))
    assistant.__dict__["embedder"] = FakeEmbedder()
    report = assistant.ingest_bytes(pdf_factory.table_pdf(), "tabelle.pdf")
    answer = assistant.ask("Wie viele Eintritte in den Eingliederungszuschuss sind 2024 geplant?",
                           backend="extractive")
    assert answer.answered and "64" in answer.text
    [citation] = answer.citations
    boxes = assistant.cited_boxes(citation)
    [table] = assistant.tables(report.doc_id)
    row = next(r for r in table.rows if r.label == "Eingliederungszuschuss")
    assert boxes == [row.bbox]
    image, marked = marked_page(assistant.pdf_path(report.doc_id), citation.page_start, citation.quote,
                                boxes=boxes)
    assert marked


def test_a_prose_citation_has_no_row_boxes(tmp_path: Path) -> None:
    from assistant.service import Assistant
    from assistant.settings import Settings
    from tests.fakes import FakeEmbedder

    assistant = Assistant(Settings(data_dir=tmp_path / "data", ocr="off"))
    assistant.__dict__["embedder"] = FakeEmbedder()
    assistant.ingest_bytes(pdf_factory.table_pdf(), "tabelle.pdf")
    answer = assistant.ask("Wie viele Förderungen sieht die erste Aufstellung vor?", backend="extractive")
    assert answer.answered and answer.citations
    assert all(assistant.cited_boxes(c) == [] for c in answer.citations)


def test_unknown_quote_marks_nothing() -> None:
    data = pdf_factory.plain_pdf(("\n".join(LINES),))
    assert _boxes(data, "Dieser Satz steht nirgends im Dokument, auch nicht teilweise.") == []


def test_rendered_page_is_yellow_on_the_quoted_line(tmp_path: Path) -> None:
    path = pdf_factory.write_pdf(tmp_path / "seite.pdf", pdf_factory.plain_pdf(("\n".join(LINES),)))
    scale = 1.6
    image, marked = marked_page(path, 1, "Trotz der krisenhaften Rahmenbedingungen bleibt", scale)
    assert marked

    def yellow(line: int, x_mm: float) -> bool:
        """Most pixels of a short strip just above the baseline are highlighter yellow."""
        y = int((A4_HEIGHT - _baseline(line) - 1.5) * scale)
        x = int(x_mm * MM * scale)
        pixels = [image.getpixel((x + dx, y)) for dx in range(-6, 7)]
        return sum(r > 150 and g > 130 and b < r - 60 for r, g, b in pixels) >= len(pixels) // 2

    assert yellow(1, 85) and yellow(2, 30)  # "Rahmenbedin-" at the line end, "gungen" below
    assert not yellow(0, 60) and not yellow(4, 60)
    plain, marked = marked_page(path, 1, "steht nicht auf der Seite, nirgends", scale)
    assert not marked and plain.size == image.size


@pytest.mark.parametrize("quote", ["", "   "])
def test_empty_quote_is_not_marked(tmp_path: Path, quote: str) -> None:
    path = pdf_factory.write_pdf(tmp_path / "seite.pdf", pdf_factory.plain_pdf(("\n".join(LINES),)))
    assert marked_page(path, 1, quote)[1] is False


def test_a_table_row_is_marked_by_its_box_from_the_page_model(tmp_path: Path) -> None:
    from ingest.tables import extract_tables

    data = pdf_factory.table_pdf()
    path = pdf_factory.write_pdf(tmp_path / "tabelle.pdf", data)
    [table] = extract_tables(data, "doc")
    row = next(r for r in table.rows if r.label == "Förderung berufliche Weiterbildung")
    scale = 1.6
    image, marked = marked_page(path, row.page, "kein Text", scale, boxes=[row.bbox])
    assert marked
    x0, top, x1, bottom = row.bbox
    r, g, b = image.getpixel((int((x0 + x1) / 2 * scale), int((top + bottom) / 2 * scale)))
    assert r > 150 and g > 130 and b < r - 60  # yellow inside the row, though the quote matches nothing
    r, g, b = image.getpixel((int((x0 + x1) / 2 * scale), int((bottom + 40) * scale)))
    assert not (r > 150 and g > 130 and b < r - 60)
