"""The chat tab: ask about the loaded AMIPs, watch the answer being written, check its sources."""

from __future__ import annotations

import streamlit as st

from app_pages import state
from app_pages.render import answer_markdown, plain, render_citations
from app_pages.sidebar import backend_label
from assistant.service import Assistant

SUGGESTIONS = (
    "Welche Schwerpunkte setzt das Jobcenter in diesem Jahr?",
    "Wie viele Eintritte sind in die berufliche Weiterbildung (FbW) geplant?",
    "Wie hoch ist das Eingliederungsbudget, und wird Geld in das Verwaltungsbudget umgeschichtet?",
    "Welche Ziele gelten für die Integrationsquote und die Langzeitleistungsbezieher?",
    "Welche Zielgruppen stehen besonders im Fokus?",
)
_ALL = ""  # filter value: all documents


def render(assistant: Assistant, docs: list[dict]) -> None:
    doc_id = _doc_filter(docs)
    history = state.chat_history(assistant)
    for i, turn in enumerate(history):
        _show_turn(assistant, turn, i, latest=i == len(history) - 1)
    picked = _suggestions(history)
    area = st.container()
    typed = st.chat_input("Ihre Frage zum AMIP …", key="chat_input")
    if history and st.button("Verlauf leeren", key="chat-clear", type="tertiary"):
        history.clear()
        st.rerun()
    question = (typed or picked or "").strip()
    if question:
        with area:
            _answer(assistant, question, doc_id, docs, history)


def _doc_filter(docs: list[dict]) -> str | None:
    labels = {d["doc_id"]: state.doc_label(d) for d in docs}
    if st.session_state.get("doc_filter") not in (_ALL, *labels):
        st.session_state["doc_filter"] = _ALL  # the filtered document was removed
    choice = st.selectbox("Suchen in", [_ALL, *labels], key="doc_filter",
                          format_func=lambda d: labels.get(d, "allen Dokumenten"))
    return choice or None


def _suggestions(history: list[dict]) -> str | None:
    """Starter questions while the chat is empty or right after a new document arrived."""
    if history and not st.session_state.get("new_document"):
        return None
    st.markdown("**Vorschläge für den Einstieg** – oder unten eine eigene Frage eingeben:")
    picked = None
    for i, text in enumerate(SUGGESTIONS):
        if st.button(text, key=f"suggest-{i}", type="secondary"):
            picked = text
    return picked


def _show_turn(assistant: Assistant, turn: dict, index: int, latest: bool) -> None:
    with st.chat_message("user"):
        st.markdown(plain(turn["question"]))
    with st.chat_message("assistant"):
        if turn.get("error"):
            st.error(turn["error"])
            return
        answer = turn["answer"]
        if answer.answered:
            st.markdown(answer_markdown(answer.text))
        else:
            st.info(answer_markdown(answer.text or "Dazu habe ich in den Dokumenten nichts gefunden."))
        st.caption(f"Erstellt mit: {backend_label(answer.backend, assistant.settings)} · "
                   f"gesucht in: {plain(turn.get('scope', 'allen Dokumenten'))}")
        if answer.citations:
            unverified = sum(not c.verified for c in answer.citations)
            title = f"Quellen ({len(answer.citations)})" + (f" – {unverified} nicht bestätigt" if unverified else "")
            with st.expander(title, expanded=latest):
                render_citations(answer.citations, assistant.pdf_path, key=f"turn-{index}")


def _answer(assistant: Assistant, question: str, doc_id: str | None, docs: list[dict], history: list[dict]) -> None:
    backend = state.backend(assistant)
    scope = next((state.doc_label(d) for d in docs if d["doc_id"] == doc_id), "allen Dokumenten")
    turn: dict = {"question": question, "doc_id": doc_id, "scope": scope}
    with st.chat_message("user"):
        st.markdown(plain(question))
    with st.chat_message("assistant"):
        box = st.empty()
        tokens: list[str] = []

        def on_token(token: str) -> None:
            tokens.append(token)
            box.markdown(answer_markdown("".join(tokens)) + " ▌")

        try:
            with st.spinner(_waiting_note(backend)):
                turn["answer"] = assistant.ask(question, doc_id=doc_id, backend=backend, on_token=on_token)
        except Exception as exc:  # model server down, model missing, …: German text, no traceback
            state.log.warning("Antwort fehlgeschlagen", exc_info=True)
            turn["error"] = _error_text(exc)
    history.append(turn)
    st.session_state["new_document"] = False
    st.rerun()  # draw the finished answer with its sources in the history


def _waiting_note(backend: str) -> str:
    if backend == "local":
        return ("Das Sprachmodell auf diesem Rechner schreibt die Antwort. Beim ersten Mal wird es erst "
                "geladen – das kann ein bis zwei Minuten dauern.")
    if backend == "extractive":
        return "Passende Textstellen werden gesucht …"
    return "Der Modell-Server schreibt die Antwort …"


def _error_text(exc: Exception) -> str:
    text = f"Die Frage konnte nicht beantwortet werden. {state.german_error(exc)}"
    if state.is_model_unavailable(exc):
        text += (" Tipp: Links unter „Antwortmodell“ die Einstellung „Ohne Sprachmodell“ wählen – "
                 "sie antwortet immer, mit wörtlichen Textstellen.")
    return text
