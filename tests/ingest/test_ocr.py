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
    png = ocr.render_page_png(pdf_factory.plain_pdf(), 0, dpi=300, max_pixels=200_000)
    width, height = Image.open(io.BytesIO(png)).size
    assert width * height <= 200_000 * 1.01
    assert height > width  # A4 portrait


def test_broken_page_render_becomes_ocr_error() -> None:
    with pytest.raises(ocr.OcrError, match="gerendert"):
        ocr.ocr_page_image(pdf_factory.plain_pdf(), 99)
