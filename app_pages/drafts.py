"""The "Fragen entwerfen" tab: the A checklist, ranked B questions, copy and download."""

from __future__ import annotations

import inspect
import re
import tempfile
from pathlib import Path

import streamlit as st

from app_pages import state
from app_pages.render import pages_label, plain, render_citations
from assistant.service import Assistant
from assistant.types import Citation, DraftQuestion

STATUS = {
    "covered": ":green[:material/check_circle: beantwortet]",
    "partial": ":orange[:material/contrast: teilweise beantwortet]",
    "missing": ":red[:material/cancel: fehlt im Entwurf]",
}
_NONE = ""
_MARKER = re.compile(r"\s*\[(S\d+)\]")


def render(assistant: Assistant, docs: list[dict]) -> None:
    st.markdown("Die Leitfragen **A** prüfen, was der Entwurf zu den sechs Fragen im Vorfeld sagt. "
                "Die Nachfragen **B** fragen nach Gründen für auffällige Entscheidungen im Entwurf.")
    labels = {d["doc_id"]: state.doc_label(d) for d in docs}
    doc_id, compare = _choose(docs, labels)
    key = f"{doc_id}|{compare}|{state.backend(assistant)}"
    drafts = state.workspace_bucket(assistant, "drafts")
    if st.button("Fragen entwerfen", type="primary", key="draft-go"):
        drafts[key] = _draft(assistant, doc_id, compare or None, labels)
    result = drafts.get(key)
    if result is None:
        st.caption("Der Entwurf dauert ohne Sprachmodell wenige Sekunden, mit Sprachmodell etwas länger.")
        return
    _show(assistant, result)


def _choose(docs: list[dict], labels: dict[str, str]) -> tuple[str, str]:
    """Document and comparison document; by default the newest AMIP and the one a year older."""
    newest = max(docs, key=state.doc_year)
    if st.session_state.get("draft_doc") not in labels:
        st.session_state["draft_doc"] = newest["doc_id"]
    left, right = st.columns(2)
    doc_id = left.selectbox("Dokument", list(labels), key="draft_doc", format_func=labels.get)
    others = [d for d in docs if d["doc_id"] != doc_id]
    options = [_NONE, *(d["doc_id"] for d in others)]
    if st.session_state.get("draft_compare") not in options:
        current = next(d for d in docs if d["doc_id"] == doc_id)
        older = [d for d in others if 0 < state.doc_year(d) < state.doc_year(current)]
        st.session_state["draft_compare"] = max(older, key=state.doc_year)["doc_id"] if older else _NONE
    compare = right.selectbox("Vergleichen mit (z. B. Vorjahr)", options, key="draft_compare",
                              format_func=lambda d: labels.get(d, "kein Vergleich"))
    return doc_id, compare


def _draft(assistant: Assistant, doc_id: str, compare: str | None, labels: dict[str, str]) -> dict:
    backend = state.backend(assistant)
    result: dict = {"label": labels.get(doc_id, doc_id), "checklist": [], "questions": [], "errors": []}
    note = "Fragen werden entworfen …" if backend == "extractive" else \
        "Das Sprachmodell entwirft die Fragen – das kann einige Minuten dauern …"
    with st.spinner(note):
        try:
            result["checklist"] = assistant.checklist(doc_id)
        except Exception as exc:
            state.log.warning("Checkliste", exc_info=True)
            result["errors"].append(f"Die Leitfragen A konnten nicht geprüft werden. {state.german_error(exc)}")
        try:
            result["questions"] = assistant.questions(doc_id, compare=compare, backend=backend)
        except Exception as exc:
            state.log.warning("Fragen", exc_info=True)
            result["errors"].append(f"Die Nachfragen konnten nicht entworfen werden. {state.german_error(exc)}")
        stem = Path(result["label"]).stem
        with tempfile.TemporaryDirectory() as tmp:
            for fmt in ("md", "docx"):
                try:
                    out = _export(assistant, doc_id, fmt, Path(tmp) / f"Fragen-{stem}.{fmt}", compare, backend,
                                  result["questions"])
                    result[fmt] = (out.name, out.read_bytes())
                except Exception as exc:
                    state.log.warning("Export %s", fmt, exc_info=True)
                    result["errors"].append(f"Die Datei ({fmt.upper()}) konnte nicht erstellt werden. "
                                            f"{state.german_error(exc)}")
    return result


def _export(assistant: Assistant, doc_id: str, fmt: str, out: Path, compare: str | None, backend: str,
            questions: list[DraftQuestion]) -> Path:
    """Write the questions shown on the page; without ``questions=`` support the facade drafts anew."""
    if "questions" in inspect.signature(assistant.export).parameters:
        return assistant.export(doc_id, fmt=fmt, out=out, compare=compare, backend=backend, questions=questions)
    return assistant.export(doc_id, fmt=fmt, out=out, compare=compare, backend=backend)


def as_citations(items: list) -> list[Citation]:
    """Citations as objects, whether the facade gives objects or their JSON form."""
    fields = set(Citation.__dataclass_fields__)
    return [c if isinstance(c, Citation) else Citation(**{k: v for k, v in c.items() if k in fields})
            for c in items or []]


def _show(assistant: Assistant, result: dict) -> None:
    for error in result["errors"]:
        st.error(error)
    questions: list[DraftQuestion] = result["questions"]
    a_questions = [q for q in questions if q.kind == "A"]
    b_questions = [q for q in questions if q.kind != "A"]
    st.subheader("A · Fragen im Vorfeld: was der Entwurf beantwortet")
    for item in result["checklist"]:
        with st.container(border=True):
            st.markdown(f"**{item['id']}** · {STATUS.get(item['status'], item['status'])}  \n"
                        f"{plain(item['question'])}")
            render_citations(as_citations(item.get("citations")), assistant.pdf_path,
                             key=f"check-{item['id']}", compact=True)
    if a_questions:
        st.markdown("**Offen geblieben – diese Fragen können Sie in der Sitzung stellen:**")
    _question_list(assistant, a_questions, "a", result["label"])
    st.subheader("B · Nachfragen zum Entwurf (wichtigste zuerst)")
    if not b_questions:
        st.info("Keine auffälligen Stellen gefunden, zu denen sich eine Nachfrage aufdrängt.")
    _question_list(assistant, b_questions, "b", result["label"])
    if questions:
        with st.expander("Alle Fragen kopieren"):
            st.code(all_questions_text(result["label"], a_questions, b_questions), language=None, wrap_lines=True)
    left, right = st.columns(2)
    for column, fmt, label, mime in (
        (left, "md", "Als Markdown herunterladen", "text/markdown"),
        (right, "docx", "Als Word-Datei (DOCX) herunterladen", "application/vnd.openxmlformats-officedocument"
                                                                ".wordprocessingml.document"),
    ):
        if fmt in result:
            name, data = result[fmt]
            column.download_button(label, data=data, file_name=name, mime=mime, key=f"download-{fmt}",
                                   on_click="ignore", icon=":material/download:")


def _question_list(assistant: Assistant, questions: list[DraftQuestion], prefix: str, label: str) -> None:
    for n, q in enumerate(questions, start=1):
        with st.container(border=True):
            st.markdown(f"**{n}. {plain(q.topic)}**" if q.topic else f"**{n}.**")
            st.code(with_page_refs(q.text, as_citations(q.citations), label), language=None,
                    wrap_lines=True)  # the code box brings a copy button
            if q.rationale:
                st.caption(f"Warum fragen: {plain(q.rationale)}")
            render_citations(as_citations(q.citations), assistant.pdf_path, key=f"{prefix}-{n}", compact=True)


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


def all_questions_text(label: str, a_questions: list[DraftQuestion], b_questions: list[DraftQuestion]) -> str:
    """Plain text for meeting notes."""
    lines = [f"Fragen zum AMIP „{label}“", ""]
    for title, group in (("A – Fragen im Vorfeld", a_questions), ("B – Nachfragen zum Entwurf", b_questions)):
        if group:
            lines.append(title)
            lines += [f"{n}. {with_page_refs(q.text, as_citations(q.citations), label)}"
                      for n, q in enumerate(group, start=1)]
            lines.append("")
    return "\n".join(lines).strip()
