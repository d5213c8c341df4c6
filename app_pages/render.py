"""Shared pieces of the page: sources (citations), a cited PDF page as an image, safe text.

A cited page is rendered with pypdfium2 from the original PDF the assistant kept; the
quoted passage is marked on the image when pdfium finds it on the page (best effort —
the cleaned quote can differ from the PDF's raw text, then the page is shown unmarked).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import Path

import streamlit as st

from assistant.types import Citation

_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]<>#|~$])")
_MARKER = re.compile(r"\[(S\d+)\]")
_NUMBER = re.compile(r"\d[\d.,]*\d")
_UNVERIFIED = (":orange[:material/warning: Nicht bestätigt: Die Aussage ließ sich in dieser Textstelle nicht "
               "sicher wiederfinden. Bitte im Dokument nachlesen.]")
_RENDER_SCALE = 1.6  # ~115 dpi: readable tables without huge images


def plain(text: str) -> str:
    """``text`` shown literally in Markdown (no accidental bold, links or LaTeX)."""
    escaped = _MD_SPECIAL.sub(r"\\\1", text)
    return re.sub(r"(?m)^(\s*)(\d+)\.(\s)", r"\1\2\\.\3", escaped)  # "2024. Jahr" is no list


def answer_markdown(text: str) -> str:
    """Answer text (the model may use lists and bold) with source markers ``[S1]`` in bold.

    Only ``$`` (LaTeX) and ``~`` (strike-through) are neutralised: "8,3 Mio. $" or "~5 %"
    must print as written.
    """
    return _MARKER.sub(r"**[\1]**", re.sub(r"([$~])", r"\\\1", text))


def pages_label(start: int, end: int) -> str:
    return f"Seite {start}" if end <= start else f"Seiten {start}–{end}"


def citation_line(c: Citation) -> str:
    """One short line: ``[S1] AMIP_2024.pdf, Seite 3``."""
    return f"[{c.marker}] {c.filename}, {pages_label(c.page_start, c.page_end)}"


def render_citations(citations: Sequence[Citation], pdf_path_for, key: str, compact: bool = False) -> None:
    """Numbered sources with document, page, highlighted quote and the page on demand.

    ``pdf_path_for(doc_id) -> Path | None`` gives the original PDF; ``key`` makes widget keys
    unique on the page; ``compact`` shows one line per source (for question lists).
    """
    if not citations:
        return
    if compact:
        lines = [f"{c.filename}, {pages_label(c.page_start, c.page_end)}"
                 + ("" if c.verified else " (nicht bestätigt)") for c in citations]
        st.caption("Quellen: " + " · ".join(plain(line) for line in dict.fromkeys(lines)))
        return
    for i, c in enumerate(citations):
        with st.container(border=True):
            head = f"**{plain(citation_line(c))}**"
            if not c.verified:
                head += f"  \n{_UNVERIFIED}"
            st.markdown(head)
            quote = " ".join(c.quote.split())
            if quote:
                st.markdown(f"> {plain(quote)}")  # styled as a highlighter mark (style.py)
            if st.toggle(f"{pages_label(c.page_start, c.page_start)} im PDF ansehen", key=f"{key}-page-{i}"):
                show_page(pdf_path_for(c.doc_id), c.page_start, c.quote, c.filename)


def show_page(path: Path | None, page: int, quote: str, filename: str) -> None:
    if path is None:
        st.info(f"Das Original von „{filename}“ liegt nicht mehr vor; die Seite kann nicht angezeigt werden.")
        return
    try:
        image, marked = _page_image(str(path), path.stat().st_mtime, page, quote)
    except Exception:  # a damaged original must not break the chat
        st.info(f"Seite {page} von „{filename}“ konnte nicht dargestellt werden.")
        return
    note = "zitierte Stelle gelb markiert" if marked else "zitierte Stelle nicht automatisch markierbar"
    st.image(image, caption=f"{filename}, Seite {page} ({note})", width="stretch")


@st.cache_data(show_spinner="Seite wird dargestellt …", max_entries=64)
def _page_image(path: str, mtime: float, page: int, quote: str):
    """The page as a PIL image, with the quote marked if it can be found; ``(image, marked)``."""
    import pypdfium2 as pdfium
    from PIL import Image, ImageDraw

    pdf = pdfium.PdfDocument(path)
    try:
        pdf_page = pdf[max(0, min(page, len(pdf)) - 1)]
        image = pdf_page.render(scale=_RENDER_SCALE).to_pil().convert("RGB")
        height = pdf_page.get_height()
        boxes = _quote_boxes(pdf_page, quote)
    finally:
        pdf.close()
    if boxes:
        overlay = Image.new("RGBA", image.size, (0, 0, 0, 0))
        draw = ImageDraw.Draw(overlay)
        for left, bottom, right, top in boxes:
            draw.rectangle([left * _RENDER_SCALE - 2, (height - top) * _RENDER_SCALE - 2,
                            right * _RENDER_SCALE + 2, (height - bottom) * _RENDER_SCALE + 2],
                           fill=(255, 213, 0, 90))
        image = Image.alpha_composite(image.convert("RGBA"), overlay).convert("RGB")
    return image, bool(boxes)


def _quote_boxes(pdf_page, quote: str) -> list[tuple[float, float, float, float]]:
    """Rectangles (PDF points) of the quote's pieces found on the page.

    Every line (or "…"-separated piece) of the quote is searched; if none is found, the first
    findable five-word window or number marks at least the place.
    """
    textpage = pdf_page.get_textpage()
    try:
        boxes = [box for piece in _pieces(quote) for box in _find(textpage, piece)]
        if boxes:
            return boxes
        for probe in _fallback_probes(quote):
            found = _find(textpage, probe)
            if found:
                return found
        return []
    finally:
        textpage.close()


def _find(textpage, text: str) -> list[tuple[float, float, float, float]]:
    searcher = textpage.search(text, match_case=False)
    try:
        found = searcher.get_next()
    finally:
        searcher.close()
    if not found:
        return []
    index, count = found
    return [textpage.get_rect(i) for i in range(textpage.count_rects(index, count))]


def _pieces(quote: str) -> list[str]:
    parts = re.split(r"\n|…|•", quote)
    pieces = [" ".join(p.split()) for p in parts]
    return [p for p in dict.fromkeys(pieces) if len(p) >= 12][:20]


def _fallback_probes(quote: str) -> list[str]:
    words = " ".join(quote.split()).split(" ")
    probes = [" ".join(words[i : i + 5]) for i in range(0, min(len(words), 40), 5) if len(words[i : i + 5]) == 5]
    probes += sorted(set(_NUMBER.findall(quote)), key=len, reverse=True)[:3]
    return [p for p in probes if len(p) >= 4]
