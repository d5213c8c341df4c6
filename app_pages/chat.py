"""The chat tab: ask about the loaded AMIPs, watch the answer being written, check its sources.

The history belongs to the workspace and is kept on disk (``assistant.meeting.history``), so
it survives a reload and a restart; "Verlauf löschen" deletes it.
"""

from __future__ import annotations

import streamlit as st

from app_pages import state, warmup
from app_pages.render import answer_markdown, plain, render_citations
from app_pages.sidebar import backend_label
from assistant.service import Assistant

_ALL = ""  # filter value: all documents


def render(assistant: Assistant, docs: list[dict]) -> None:
    doc_id = _doc_filter(docs)
    history = state.chat_history(assistant)
    for note in assistant.history.notices():  # damaged file set aside, or answers not yet saved
        st.warning(plain(note))
    for i, turn in enumerate(history):
        _show_turn(assistant, turn, i, latest=i == len(history) - 1)
    picked = _suggestions(assistant, docs, doc_id, history)
    area = st.container()
    typed = st.chat_input("Ihre Frage zum AMIP …", key="chat_input")
    if history and st.button("Verlauf löschen", key="chat-clear", type="tertiary", icon=":material/delete:",
                             help="Löscht den gespeicherten Chatverlauf dieses Arbeitsbereichs."):
        with state.reported("Der Verlauf konnte nicht gelöscht werden."):
            assistant.history.clear()
            st.rerun()
    question = (typed or picked or "").strip()
    if question:
        with area:
            _answer(assistant, question, doc_id, docs)


def _doc_filter(docs: list[dict]) -> str | None:
    labels = {d["doc_id"]: state.doc_label(d) for d in docs}
    if st.session_state.get("doc_filter") not in (_ALL, *labels):
        st.session_state["doc_filter"] = _ALL  # the filtered document was removed
    choice = st.selectbox("Suchen in", [_ALL, *labels], key="doc_filter",
                          format_func=lambda d: labels.get(d, "allen Dokumenten"))
    return choice or None


def _suggestions(assistant: Assistant, docs: list[dict], doc_id: str | None, history: list[dict]) -> str | None:
    """Starter questions from the document's own figures and chapters, while the chat is empty
    or right after a new document arrived."""
    if history and not st.session_state.get("new_document"):
        return None
    doc = next((d for d in docs if d["doc_id"] == doc_id), None) or state.newest(assistant, docs)
    st.markdown("**Vorschläge für den Einstieg** – oder unten eine eigene Frage eingeben:")
    picked = None
    for i, text in enumerate(state.suggestions(assistant, doc)):
        if st.button(plain(text), key=f"suggest-{i}", type="secondary"):
            picked = text
    return picked


def _show_turn(assistant: Assistant, turn: dict, index: int, latest: bool) -> None:
    with st.chat_message("user"):
        st.markdown(plain(turn["question"]))
    with st.chat_message("assistant"):
        if turn.get("error") or turn.get("answer") is None:
            st.error(plain(turn.get("error") or "Die Frage konnte nicht beantwortet werden."))
            return
        answer = turn["answer"]
        if answer.answered:
            st.markdown(answer_markdown(answer.text))
        else:
            st.info(answer_markdown(answer.text or "Dazu habe ich in den Dokumenten nichts gefunden."))
        st.caption(f"Erstellt mit: {plain(backend_label(answer.backend, assistant.settings))} · "
                   f"gesucht in: {plain(turn.get('scope') or 'allen Dokumenten')}")
        if answer.citations:
            unverified = sum(not c.verified for c in answer.citations)
            title = f"Quellen ({len(answer.citations)})" + (f" – {unverified} nicht bestätigt" if unverified else "")
            with st.expander(title, expanded=latest):
                render_citations(answer.citations, assistant.pdf_path, key=f"turn-{index}")


def _answer(assistant: Assistant, question: str, doc_id: str | None, docs: list[dict]) -> None:
    backend = state.backend(assistant)
    scope = next((state.doc_label(d) for d in docs if d["doc_id"] == doc_id), "allen Dokumenten")
    turn: dict = {"question": question, "doc_id": doc_id, "scope": scope, "answer": None}
    with st.chat_message("user"):
        st.markdown(plain(question))
    with st.chat_message("assistant"):
        box = st.empty()
        tokens: list[str] = []

        def on_token(token: str) -> None:
            # The model's words are shown only after code has checked them against the sources.
            tokens.append(token)
            box.caption(progress_note("".join(tokens)))

        try:
            with st.spinner(_waiting_note(assistant, backend)):
                turn["answer"] = assistant.ask(question, doc_id=doc_id, backend=backend, on_token=on_token)
        except Exception as exc:  # model server down, model missing, …: German text, no traceback
            state.log.warning("Antwort fehlgeschlagen", exc_info=True)
            turn["error"] = _error_text(exc)
    with state.reported("Der Chatverlauf konnte nicht gespeichert werden."):
        assistant.history.append(turn)
    st.session_state["new_document"] = False
    st.rerun()  # draw the finished answer with its sources in the history


def progress_note(draft: str) -> str:
    """What the user sees while a model writes: progress, never the unchecked words."""
    return (f"Das Sprachmodell schreibt … ({len(draft.split())} Wörter). Die Antwort erscheint, "
            "sobald sie an den Quellen geprüft ist.")


def _waiting_note(assistant: Assistant, backend: str) -> str:
    if backend == "local":
        if warmup.is_loading(assistant, backend):
            return ("Das Sprachmodell wird gerade noch geladen (einmal nach dem Start, etwa eine Minute); "
                    "danach schreibt es die Antwort.")
        return "Das Sprachmodell auf diesem Rechner schreibt die Antwort …"
    if backend == "extractive":
        return "Passende Textstellen werden gesucht …"
    return "Der Modell-Server schreibt die Antwort …"


def _error_text(exc: Exception) -> str:
    text = f"Die Frage konnte nicht beantwortet werden. {state.german_error(exc)}"
    if state.is_model_unavailable(exc):
        text += (" Tipp: Links unter „Antwortmodell“ die Einstellung „Ohne Sprachmodell“ wählen – "
                 "sie antwortet immer, mit wörtlichen Textstellen.")
    return text
