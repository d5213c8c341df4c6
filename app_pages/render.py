"""Shared pieces of the page: sources (citations), a cited PDF page as an image, safe text.

A cited page is rendered with pypdfium2 from the original PDF the assistant kept; the
quoted passage is marked on the image by its character boxes (``assistant.meeting.highlight``).

Nothing a document, a file name or a model wrote is rendered as Markdown or HTML: such text
goes through ``plain`` (every Markdown character escaped, web addresses defused), and model
answers through ``answer_markdown``, which keeps only the ``[S1]`` markers bold.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import Path

import streamlit as st

from assistant.meeting.highlight import marked_page
from assistant.sanitize import clean_text
from assistant.types import Citation
from assistant.text.units import MARKER

_PUNCTUATION = re.compile(r"([!-/:-@\[-`{-~])")  # every ASCII punctuation character
_EMPHASIS = re.compile(r"(\*\*|__)(?=\S)(.+?)(?<=\S)\1")
_UNVERIFIED = (":orange[:material/warning: Nicht bestätigt: Die Aussage ließ sich in dieser Textstelle nicht "
               "sicher wiederfinden. Bitte im Dokument nachlesen.]")
_RENDER_SCALE = 1.6  # ~115 dpi: readable tables without huge images
_OPEN, _CLOSE = "\ue001", "\ue002"  # private-use characters around a kept marker
_JOINER = "\u2060"  # word joiner: invisible, never a line break
# GFM autolink literals: "http(s)://", "www.", e-mail and "mailto:"/"xmpp:" addresses.
_SCHEME = re.compile(r"(?i)\b(?:https?|mailto|xmpp):")
_WWW = re.compile(r"(?i)\bwww\.")


def plain(text: str) -> str:
    """``text`` shown literally: no Markdown, no HTML, no links, images or web addresses.

    Escaping every ASCII punctuation character is valid CommonMark and renders each as
    itself. GFM's autolinking works on the unescaped text, so "https://", "www." and "@"
    get an invisible word joiner that breaks its patterns; control characters and bidi
    overrides are removed ("AMIP" must not show as "PIMA").
    """
    return _PUNCTUATION.sub(r"\\\1", defuse_links(clean_text(text, keep_newlines=True)))


def defuse_links(text: str) -> str:
    """Text no Markdown renderer turns into a link (the characters shown stay the same)."""
    text = _SCHEME.sub(lambda m: m.group(0)[:-1] + _JOINER + ":", text)
    text = _WWW.sub(lambda m: m.group(0)[:-1] + _JOINER + ".", text)
    return text.replace("@", _JOINER + "@")


def answer_markdown(text: str) -> str:
    """A model's answer as safe Markdown: all text literal, only the ``[S1]`` markers in bold.

    Bold/underline the model used is dropped (its words stay); links, images and HTML show as
    the characters they are made of, so the browser loads nothing.
    """
    text = _EMPHASIS.sub(r"\2", text)
    text = MARKER.sub(lambda m: f"{_OPEN}{m.group(0)[1:-1].strip()}{_CLOSE}", text)
    escaped = plain(text)
    return re.sub(f"{_OPEN}(.*?){_CLOSE}", lambda m: f"**[{m.group(1)}]**", escaped)


def pages_label(start: int, end: int) -> str:
    return f"Seite {start}" if end <= start else f"Seiten {start}–{end}"


def citation_line(c: Citation) -> str:
    """One short line: ``[S1] AMIP_2024.pdf, Seite 3``."""
    return f"[{c.marker}] {c.filename}, {pages_label(c.page_start, c.page_end)}"


def render_citations(citations: Sequence[Citation], pdf_path_for, key: str, compact: bool = False,
                     boxes_for=None) -> None:
    """Numbered sources with document, page, highlighted quote and the page on demand.

    ``pdf_path_for(doc_id) -> Path | None`` gives the original PDF; ``key`` makes widget keys
    unique on the page; ``compact`` shows one line per source (for question lists);
    ``boxes_for(citation)`` gives the page-model boxes of the table rows it quotes.
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
                boxes = tuple(tuple(b) for b in boxes_for(c)) if boxes_for else ()
                show_page(pdf_path_for(c.doc_id), c.page_start, c.quote, c.filename, boxes)


def show_page(path: Path | None, page: int, quote: str, filename: str, boxes: tuple = ()) -> None:
    """The cited page as an image: table rows marked by their ``boxes``, else the quote found."""
    if path is None:
        st.info(f"Das Original von „{plain(filename)}“ liegt nicht mehr vor; die Seite kann nicht angezeigt werden.")
        return
    try:
        image, marked = _page_image(str(path), path.stat().st_mtime, page, quote, boxes)
    except Exception:  # a damaged original must not break the chat
        st.info(f"Seite {page} von „{plain(filename)}“ konnte nicht dargestellt werden.")
        return
    note = "zitierte Stelle gelb markiert" if marked else "zitierte Stelle nicht automatisch markierbar"
    st.image(image, caption=f"{plain(filename)}, Seite {page} ({note})", width="stretch")


@st.cache_data(show_spinner="Seite wird dargestellt …", max_entries=64)
def _page_image(path: str, mtime: float, page: int, quote: str, boxes: tuple = ()):
    """The page as a PIL image, the rows' boxes or the quote's characters marked; ``(image, marked)``."""
    return marked_page(path, page, quote, _RENDER_SCALE, boxes=boxes)
