"""The "Fragen entwerfen" tab: renders the document's MeetingPack (A checklist, numbered
questions, copy and download). All work happens once in ``Assistant.prepare_meeting``; a pack
drafted before (in this or an earlier session) is shown again at once, without drafting anew.
"""

from __future__ import annotations

import re

import streamlit as st

from app_pages import state
from app_pages.copy_button import copy_button
from app_pages.render import pages_label, plain, render_citations
from assistant.meeting.pack import MeetingPack
from assistant.service import Assistant
from assistant.types import Citation, DraftQuestion

STATUS = {
    "covered": ":green[:material/check_circle: beantwortet]",
    "partial": ":orange[:material/contrast: teilweise beantwortet]",
    "missing": ":red[:material/cancel: fehlt im Entwurf]",
}
_NONE = ""
_MARKER = re.compile(r"\s*\[(S\d+)\]")
_DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def render(assistant: Assistant, docs: list[dict]) -> None:
    st.markdown("Die Leitfragen **A** prüfen, was der Entwurf zu den sechs Fragen im Vorfeld sagt. "
                "Die Nachfragen **B** fragen nach Gründen für auffällige Entscheidungen im Entwurf.")
    doc_id, compare = _choose(assistant, docs)
    with state.reported("Die Fragen konnten nicht entworfen werden."):
        pack = assistant.prepare_meeting(doc_id, compare=compare, cached_only=True) \
            or _draft(assistant, doc_id, compare)  # drafted at once: templates take seconds
        _show(assistant, pack)


def _choose(assistant: Assistant, docs: list[dict]) -> tuple[str, str]:
    """Document and comparison document: the last drafted choice, else the newest AMIP and the
    one planning the year before (by the years printed in the documents)."""
    labels = {d["doc_id"]: state.doc_label(d) for d in docs}
    last = _last_meeting(assistant)
    if st.session_state.get("draft_doc") not in labels:
        st.session_state["draft_doc"] = last["doc_id"] if last.get("doc_id") in labels \
            else state.newest(assistant, docs)["doc_id"]
    left, right = st.columns(2)
    doc_id = left.selectbox("Dokument", list(labels), key="draft_doc", format_func=labels.get,
                            placeholder="Bitte wählen …")
    options = [_NONE, *(d for d in labels if d != doc_id)]
    if st.session_state.get("draft_compare") not in options:
        remembered = last.get("compare") if last.get("doc_id") == doc_id else None
        st.session_state["draft_compare"] = remembered if remembered in options \
            else (assistant.default_compare(doc_id) or _NONE)
    compare = right.selectbox("Vergleichen mit (Vorjahr desselben Jobcenters, sonst bitte wählen)", options,
                              key="draft_compare", format_func=lambda d: labels.get(d, "kein Vergleich"),
                              placeholder="Bitte wählen …")
    note = state.comparison_note(assistant, doc_id, compare) if compare else None
    if note:
        st.warning(plain(note))
    return doc_id, compare


def _last_meeting(assistant: Assistant) -> dict:
    try:
        return assistant.history.last_meeting() or {}
    except OSError:
        return {}


def _draft(assistant: Assistant, doc_id: str, compare: str) -> MeetingPack:
    with st.spinner("Fragen werden entworfen …"):
        pack = assistant.prepare_meeting(doc_id, compare=compare)
    assistant.history.set_last_meeting(doc_id, compare, "vorlagen")
    return pack


def _show(assistant: Assistant, pack: MeetingPack) -> None:
    for error in pack.errors:
        st.error(plain(error))
    for notice in pack.notices:
        st.info(plain(notice))
    a_questions, b_questions = pack.numbered("A"), pack.numbered("B")
    st.subheader("A · Fragen im Vorfeld: was der Entwurf beantwortet")
    for item in pack.checklist:
        with st.container(border=True):
            st.markdown(f"**{plain(item['id'])}** · {STATUS.get(item['status'], plain(item['status']))}  \n"
                        f"{plain(item['question'])}")
            render_citations(pack.checklist_citations(item), assistant.pdf_path,
                             key=f"check-{item['id']}", compact=True)
    sections = [(a_questions, _open_a_questions), (b_questions, _b_questions)]
    for group, draw in sorted(sections, key=lambda s: s[0][0][0] if s[0] else 0):
        draw(assistant, group, pack)  # in the order the numbers run, as in the files
    if pack.questions:
        st.markdown("**Alle Fragen** – in derselben Reihenfolge und Nummerierung wie in den Dateien:")
        copy_button(all_questions_text(pack), "Alle Fragen kopieren")
    left, right = st.columns(2)
    for column, fmt, label, mime in ((left, "md", "Als Markdown herunterladen", "text/markdown"),
                                     (right, "docx", "Als Word-Datei (DOCX) herunterladen", _DOCX)):
        if fmt in pack.exports:
            name, data = pack.exports[fmt]
            column.download_button(label, data=data, file_name=name, mime=mime, key=f"download-{fmt}",
                                   on_click="ignore", icon=":material/download:")


def _open_a_questions(assistant: Assistant, group: list, pack: MeetingPack) -> None:
    if group:
        st.markdown("**Offen geblieben bei den Fragen im Vorfeld – diese Fragen können Sie in der Sitzung stellen:**")
        _question_list(assistant, group, "a", pack.filename)


def _b_questions(assistant: Assistant, group: list, pack: MeetingPack) -> None:
    st.subheader("B · Nachfragen zum Entwurf (nach Thema, wichtigste zuerst)")
    if not group:
        st.info("Keine auffälligen Stellen gefunden, zu denen sich eine Nachfrage aufdrängt.")
    _question_list(assistant, group, "b", pack.filename)


def _question_list(assistant: Assistant, numbered: list[tuple[int, DraftQuestion]], prefix: str,
                   filename: str) -> None:
    for n, q in numbered:
        with st.container(border=True):
            st.markdown(f"**{n}. {plain(q.topic)}**" if q.topic else f"**{n}.**")
            text = with_page_refs(q.text, q.citations, filename)
            st.markdown(plain(text))
            copy_button(text, "Frage kopieren")
            if q.rationale:
                st.caption(f"Warum fragen: {plain(q.rationale)}")
            render_citations(q.citations, assistant.pdf_path, key=f"{prefix}-{n}", compact=True)


def with_page_refs(text: str, citations: list[Citation], main_filename: str) -> str:
    """Source markers replaced by page references a meeting note can use: "[S1]" → "(Seite 4)".

    A source in another document (e.g. last year's AMIP) names that document too.
    """
    by_marker = {c.marker: c for c in citations}

    def reference(match: re.Match) -> str:
        c = by_marker.get(match.group(1))
        if c is None:
            return ""
        where = pages_label(c.page_start, c.page_end)
        return f" ({where})" if c.filename == main_filename else f" ({c.filename}, {where})"

    return _MARKER.sub(reference, text)


def all_questions_text(pack: MeetingPack) -> str:
    """Plain text for meeting notes, numbered like the screen and the export files."""
    lines = [f"Fragen zum AMIP „{pack.title}“", ""]
    groups = [("A – Fragen im Vorfeld", pack.numbered("A")), ("B – Nachfragen zum Entwurf", pack.numbered("B"))]
    for title, group in sorted(groups, key=lambda g: g[1][0][0] if g[1] else 0):
        if group:
            lines.append(title)
            lines += [f"{n}. {with_page_refs(q.text, q.citations, pack.filename)}" for n, q in group]
            lines.append("")
    return "\n".join(lines).strip()
