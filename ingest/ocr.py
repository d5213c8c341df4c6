"""OCR fallback for pages without a text layer: render with pdfium, read with the
Tesseract command-line tool (no Python binding needed, nothing leaves the machine). Its
TSV output becomes the same page model as a text layer (words with boxes), so a scanned
page takes the same path through layout analysis, prose and tables."""

from __future__ import annotations

import io
import os
import shutil
import subprocess
from functools import lru_cache

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from ingest.page.model import PageModel, Word

DEFAULT_DPI = 300
DEFAULT_MAX_PIXELS = 40_000_000


class OcrError(Exception):
    """OCR of one page failed; ``str(error)`` is a German message naming the cause."""


@lru_cache(maxsize=8)
def ocr_available(lang: str = "deu") -> bool:
    """True when the ``tesseract`` binary exists and knows every language in ``lang``."""
    binary = shutil.which("tesseract")
    if binary is None:
        return False
    try:
        result = subprocess.run([binary, "--list-langs"], capture_output=True, text=True,
                                timeout=15, check=False)
    except (OSError, subprocess.SubprocessError):
        return False
    # Older versions print the list on stderr; the first line is a heading.
    listed = set((result.stdout + "\n" + result.stderr).split())
    return all(code in listed for code in lang.split("+"))


def render_page_png(pdf_data: bytes, page_index: int, dpi: int = DEFAULT_DPI,
                    max_pixels: int = DEFAULT_MAX_PIXELS) -> tuple[bytes, float, tuple[float, float]]:
    """One page (0-based) as a greyscale PNG, its scale (pixels per point; it shrinks to fit
    ``max_pixels``) and the page size in points."""
    document = pdfium.PdfDocument(pdf_data)
    try:
        page = document[page_index]
        _check_image_sizes(page, max_pixels)
        width_pt, height_pt = page.get_size()
        scale = dpi / 72
        pixels = width_pt * height_pt * scale * scale
        if pixels > max_pixels:  # huge page formats (posters, plans) must not exhaust memory
            scale *= (max_pixels / pixels) ** 0.5
        bitmap = page.render(scale=scale, grayscale=True)
        image = bitmap.to_pil()
        buffer = io.BytesIO()
        image.save(buffer, format="PNG")
        return buffer.getvalue(), scale, (float(width_pt), float(height_pt))
    finally:
        document.close()


def _check_image_sizes(page: pdfium.PdfPage, max_pixels: int) -> None:
    """Refuse pages whose embedded images would inflate beyond ``max_pixels`` when decoded.

    Rendering decodes every image at full size, whatever the output resolution, so a
    decompression bomb has to be caught from the image headers before rendering.
    """
    for obj in page.get_objects(filter=[pdfium_c.FPDF_PAGEOBJ_IMAGE], max_depth=2):
        meta = obj.get_metadata()
        if int(meta.width) * int(meta.height) > max_pixels:
            raise OcrError(f"Ein Bild auf der Seite ist mit {meta.width} × {meta.height} Pixeln zu groß "
                           "für die Texterkennung.")


def run_tesseract(png: bytes, lang: str = "deu", timeout_s: float = 120.0) -> str:
    """Words of one image with their boxes, as Tesseract's TSV (``tesseract stdin stdout
    tsv``); raises ``OcrError`` on failure."""
    binary = shutil.which("tesseract")
    if binary is None:
        raise OcrError("Tesseract ist nicht installiert.")
    # One thread per process: OpenMP threads slow Tesseract down on small machines.
    env = {**os.environ, "OMP_THREAD_LIMIT": "1"}
    command = [binary, "stdin", "stdout", "-l", lang, "--psm", "3", "tsv"]
    try:
        result = subprocess.run(command, input=png, capture_output=True, timeout=timeout_s,
                                env=env, check=False)
    except subprocess.TimeoutExpired as exc:
        raise OcrError(f"Die Texterkennung hat länger als {timeout_s:.0f} s gedauert.") from exc
    except OSError as exc:
        raise OcrError(f"Tesseract konnte nicht gestartet werden: {exc}") from exc
    if result.returncode != 0:
        detail = result.stderr.decode("utf-8", "replace").strip().splitlines()[-1:] or [""]
        raise OcrError(f"Tesseract meldet einen Fehler: {detail[0]}")
    return result.stdout.decode("utf-8", "replace")


def ocr_page_model(pdf_data: bytes, page_index: int, lang: str = "deu",
                   dpi: int = DEFAULT_DPI, timeout_s: float = 120.0,
                   max_pixels: int = DEFAULT_MAX_PIXELS) -> PageModel:
    """Render page ``page_index`` (0-based) and read its words into a ``PageModel``."""
    try:
        png, scale, (width, height) = render_page_png(pdf_data, page_index, dpi=dpi,
                                                      max_pixels=max_pixels)
    except OcrError:
        raise
    except Exception as exc:  # pdfium raises its own error types for broken pages
        raise OcrError(f"Die Seite konnte nicht als Bild gerendert werden: {exc}") from exc
    words = tsv_words(run_tesseract(png, lang=lang, timeout_s=timeout_s), scale)
    return PageModel(page_index + 1, width, height, words, ocr=True)


def tsv_words(tsv: str, scale: float) -> tuple[Word, ...]:
    """Words of Tesseract's TSV (level 5 rows) in points (``scale``: pixels per point)."""
    words: list[Word] = []
    for row in tsv.splitlines()[1:]:
        parts = row.split("\t")
        if len(parts) < 12 or parts[0] != "5" or not parts[11].strip():
            continue
        try:
            left, top, width, height = (float(v) / scale for v in parts[6:10])
        except ValueError:
            continue
        words.append(Word(parts[11].strip(), left, left + width, top, top + height))
    return tuple(words)
