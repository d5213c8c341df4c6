"""OCR helpers: availability check, page rendering limits, Tesseract errors."""

from __future__ import annotations

import io
import shutil

import pytest
from PIL import Image

from ingest import ocr
from tests import pdf_factory


@pytest.fixture(autouse=True)
def fresh_cache():
    ocr.ocr_available.cache_clear()
    yield
    ocr.ocr_available.cache_clear()


def test_unavailable_without_binary(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(shutil, "which", lambda name: None)
    assert ocr.ocr_available("deu") is False
    with pytest.raises(ocr.OcrError, match="nicht installiert"):
        ocr.run_tesseract(b"png", "deu")


@pytest.mark.skipif(shutil.which("tesseract") is None, reason="Tesseract ist nicht installiert")
def test_unknown_language_is_unavailable() -> None:
    assert ocr.ocr_available("xyz") is False
    assert ocr.ocr_available("deu+xyz") is False


def test_render_respects_pixel_limit() -> None:
    png, _, _ = ocr.render_page_png(pdf_factory.plain_pdf(), 0, dpi=300, max_pixels=200_000)
    width, height = Image.open(io.BytesIO(png)).size
    assert width * height <= 200_000 * 1.01
    assert height > width  # A4 portrait


def test_broken_page_render_becomes_ocr_error() -> None:
    with pytest.raises(ocr.OcrError, match="gerendert"):
        ocr.ocr_page_model(pdf_factory.plain_pdf(), 99)


def test_tesseract_words_become_page_words_in_points() -> None:
    tsv = ("level\tpage_num\tblock_num\tpar_num\tline_num\tword_num\tleft\ttop\twidth\theight\tconf\ttext\n"
           "4\t1\t1\t1\t1\t0\t100\t200\t400\t50\t-1\t\n"
           "5\t1\t1\t1\t1\t1\t100\t200\t150\t50\t96\tEingliederung\n"
           "5\t1\t1\t1\t1\t2\t300\t200\t100\t50\t95\t \n")
    [word] = ocr.tsv_words(tsv, scale=2.0)
    assert (word.text, word.x0, word.x1, word.top, word.bottom) == ("Eingliederung", 50.0, 125.0, 100.0, 125.0)
