"""The chat tab: ask about the loaded AMIPs, see the checked answer at once, check its sources.

Answer first, polish later: every question is answered without a model first (the checked
passages with their citations, about 0.1 s); when a model is chosen, its wording replaces that
answer once the checks have passed (``app_pages.polish``), and the caption says which is shown.
The history belongs to the workspace and is kept on disk (``assistant.meeting.history``), so
it survives a reload and a restart; "Verlauf löschen" deletes it.
"""

from __future__ import annotations

import streamlit as st

from app_pages import polish, state, warmup
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
        _show_turn(assistant, turn, i, latest=i == len(history) - 1 and not _queue(assistant).pending())
    _pending_turns(assistant, len(history))
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
                          format_func=lambda d: labels.get(d, "allen Dokumenten"), placeholder="Bitte wählen …")
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
        st.caption(f"{made_with(answer.backend, assistant)} · "
                   f"gesucht in: {plain(turn.get('scope') or 'allen Dokumenten')}")
        if answer.citations:
            unverified = sum(not c.verified for c in answer.citations)
            title = f"Quellen ({len(answer.citations)})" + (f" – {unverified} nicht bestätigt" if unverified else "")
            with st.expander(title, expanded=latest):
                render_citations(answer.citations, assistant.pdf_path, key=f"turn-{index}",
                                 boxes_for=assistant.cited_boxes)


def _answer(assistant: Assistant, question: str, doc_id: str | None, docs: list[dict]) -> None:
    """The checked extractive answer at once; a chosen model's wording follows in the background."""
    backend = state.backend(assistant)
    scope = next((state.doc_label(d) for d in docs if d["doc_id"] == doc_id), "allen Dokumenten")
    turn: dict = {"question": question, "doc_id": doc_id, "scope": scope, "answer": None}
    with st.chat_message("user"):
        st.markdown(plain(question))
    with st.chat_message("assistant"), st.spinner("Passende Textstellen werden gesucht …"):
        try:  # no model here: the first answer never waits for one to load or write
            turn["answer"] = assistant.ask(question, doc_id=doc_id, backend="extractive")
        except Exception as exc:  # e.g. a question beyond the length limit: German text, no traceback
            state.log.warning("Antwort fehlgeschlagen", exc_info=True)
            turn["error"] = _error_text(exc)
    st.session_state["new_document"] = False
    if turn["answer"] is not None and polish.needs_polish(turn["answer"], backend):
        _queue(assistant).submit(turn, backend)
    else:
        with state.reported("Der Chatverlauf konnte nicht gespeichert werden."):
            assistant.history.append(turn)
    st.rerun()  # draw the answer with its sources in the history


@st.cache_resource(show_spinner=False, max_entries=32)
def _polish_queue(fingerprint: str, _assistant: Assistant) -> polish.PolishQueue:
    return polish.PolishQueue(_assistant, describe_error=state.german_error)


def _queue(assistant: Assistant) -> polish.PolishQueue:
    return _polish_queue(state.fingerprint(assistant), assistant)


def _pending_turns(assistant: Assistant, offset: int) -> None:
    """Turns whose model wording is still being written: the checked extract now, the
    wording (or the extract with a note) as soon as the worker is done — without a reload."""
    if not _queue(assistant).pending():
        return

    @st.fragment(run_every=1.5)
    def watch() -> None:
        jobs = _queue(assistant).pending()
        if not jobs:
            st.rerun()  # all done: the whole page shows the finished turns from the history
        for n, job in enumerate(jobs):
            _show_turn(assistant, job.turn, offset + n, latest=n == len(jobs) - 1)
            st.caption(progress_note(job.words, warmup.is_loading(assistant, job.backend)))

    watch()


def made_with(backend: str, assistant: Assistant) -> str:
    """Which text is on screen: the checked passages or a model's checked wording."""
    if backend == "extractive":
        return "Wörtliche Textstellen, an den Quellen geprüft (ohne Sprachmodell)"
    return f"Formuliert von: {plain(backend_label(backend, assistant.settings))}, an den Quellen geprüft"


def progress_note(words: int, loading: bool = False) -> str:
    """What the user sees while a model writes: progress, never the unchecked words."""
    if loading:
        return (":material/hourglass_top: Das Sprachmodell wird noch geladen; danach formuliert es diese "
                "Antwort neu. Bis dahin stehen hier die geprüften Textstellen.")
    return (f":material/edit_note: Das Sprachmodell formuliert die Antwort ({words} Wörter bisher). Seine "
            "Fassung ersetzt die Textstellen nur, wenn sie an den Quellen geprüft ist.")


def _error_text(exc: Exception) -> str:
    return f"Die Frage konnte nicht beantwortet werden. {state.german_error(exc)}"
