"""Process-wide and per-session state of the page: one ``Assistant`` per workspace, cached
results and German error boxes.

The ``Assistant`` (embedder, store, chat model) is created once per process and workspace
with ``st.cache_resource`` and shared by all browser sessions. The chat history and the last
drafted meeting belong to the workspace and are kept on disk by the assistant, so they
survive a reload and a restart; choices (filters, tabs) live in ``st.session_state``.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager

import streamlit as st

from app_pages.render import plain
from assistant.errors import user_message
from assistant.llm import LLMUnavailable
from assistant.meeting.pack import display_title
from assistant.meeting.suggestions import suggested_questions
from assistant.service import Assistant
from assistant.settings import Settings, SettingsInvalid, load_settings
from assistant.types import Figure
from ingest.store import StoreError
from ingest.types import IngestError

log = logging.getLogger("amip.app")

# Exceptions whose text is already a German sentence written for the user.
_GERMAN_ERRORS: tuple[type[BaseException], ...] = (IngestError, StoreError, LLMUnavailable)


def german_error(exc: BaseException) -> str:
    """A German sentence for ``exc``; never a traceback."""
    if isinstance(exc, _GERMAN_ERRORS):
        return str(exc)
    if isinstance(exc, ImportError):
        return "Diese Funktion ist in dieser Installation nicht verfügbar."
    return user_message(exc)


@contextmanager
def reported(what: str) -> Iterator[None]:
    """Show a failure inside the block as a German error box; details go to the server log."""
    try:
        yield
    except Exception as exc:  # the page must keep working whatever a part raises
        log.exception("%s", what)
        st.error(f"{what} {german_error(exc)}")


# -- the assistant ---------------------------------------------------------------------------


@st.cache_resource(show_spinner="Der Assistent wird vorbereitet …", max_entries=32)
def _cached_assistant(fingerprint: str, _settings: Settings) -> Assistant:
    # One per workspace and configuration, shared by every browser session of this process.
    assistant = Assistant(_settings)
    try:  # load the embedding model, open the store and read the keyword index now, behind this
        _ = assistant.store, assistant.embedder  # one spinner: the first answer then takes ~0.1 s
        assistant.retriever.keyword.current()
    except Exception:  # e.g. a bad workspace name: reported where the documents are listed
        log.info("Vorbereitung unvollständig", exc_info=True)
    return assistant


def settings_for(workspace: str | None = None) -> Settings:
    """Effective settings (environment and ``.env``), optionally for another workspace; a bad
    value (e.g. AMIP_MAX_PAGES=abc) is named in German and the page stops there."""
    try:
        return load_settings(workspace=workspace or None)
    except SettingsInvalid as exc:
        st.error(plain(str(exc)))
        st.stop()


def forget_assistants() -> None:
    """After the index was rebuilt: every workspace opens the new database on its next use."""
    _cached_assistant.clear()
    clear_cached_results()


def get_assistant(workspace: str | None = None) -> Assistant:
    settings = settings_for(workspace)
    return _cached_assistant(settings.model_dump_json(), _settings=settings)


def fingerprint(assistant: Assistant) -> str:
    return assistant.settings.model_dump_json()


# -- chat history ----------------------------------------------------------------------------


def chat_history(assistant: Assistant) -> list[dict]:
    """The workspace's chat turns as kept on disk (shared by every session of the workspace)."""
    try:
        return assistant.history.turns()
    except OSError:  # unreadable data dir: the page still works, without history
        log.warning("Chatverlauf nicht lesbar", exc_info=True)
        return []


def backend(assistant: Assistant) -> str:
    """The answer backend chosen in the sidebar (default: the configured one)."""
    return st.session_state.get("backend") or assistant.settings.effective_llm


# -- documents and cached results ------------------------------------------------------------


def doc_label(doc: dict) -> str:
    """The document's title (from the PDF), else its file name."""
    return display_title(doc)


def comparison_note(assistant: Assistant, doc_id: str, other_id: str) -> str | None:
    """A German warning when two documents are not known to be the same Jobcenter's AMIPs."""
    ids = assistant.document_identities()
    mine, other = ids.get(doc_id), ids.get(other_id)
    if mine is None or other is None:
        return None
    if mine.key and other.key and mine.key != other.key:
        return (f"Achtung: „{mine.title}“ und „{other.title}“ stammen von verschiedenen Jobcentern. "
                "Ein Vergleich zeigt Unterschiede zwischen Regionen, keine Veränderung zum Vorjahr.")
    if not (mine.key and other.key):
        return ("Bei einem der Dokumente ist auf der ersten Seite kein Jobcenter genannt. Bitte prüfen, ob beide "
                f"vom selben Jobcenter stammen: „{mine.title}“ und „{other.title}“.")
    return None


def doc_version(doc: dict) -> str:
    """Changes when the document is replaced, so cached results are recomputed."""
    return f"{doc['doc_id']}:{doc.get('ingest_id') or doc.get('ingested_at', '')}"


def newest(assistant: Assistant, docs: list[dict]) -> dict:
    """The document planning the latest year (read from the documents themselves)."""
    periods = periods_of(assistant, docs)
    return max(docs, key=lambda d: periods.get(d["doc_id"]) or 0)


def periods_of(assistant: Assistant, docs: list[dict]) -> dict[str, int | None]:
    return _periods(assistant, (fingerprint(assistant), tuple(doc_version(d) for d in docs)))


@st.cache_data(show_spinner=False, max_entries=16)
def _periods(_assistant: Assistant, key: tuple) -> dict[str, int | None]:
    return _assistant.document_periods()


@st.cache_data(show_spinner=False, max_entries=64)
def _figures(_assistant: Assistant, key: tuple[str, str]) -> list[Figure]:
    return _assistant.figures(key[1].split(":", 1)[0])


def figures(assistant: Assistant, doc: dict) -> list[Figure]:
    return _figures(assistant, (fingerprint(assistant), doc_version(doc)))


@st.cache_data(show_spinner=False, max_entries=64)
def _tables(_assistant: Assistant, key: tuple[str, str]) -> list:
    return _assistant.tables(key[1].split(":", 1)[0])


def tables(assistant: Assistant, doc: dict) -> list:
    """The document's tables as read at ingest (empty when this installation has none)."""
    if not hasattr(assistant, "tables"):
        return []
    return _tables(assistant, (fingerprint(assistant), doc_version(doc)))


@st.cache_data(show_spinner=False, max_entries=64)
def _suggestions(_assistant: Assistant, key: tuple[str, str]) -> list[str]:
    doc_id = key[1].split(":", 1)[0]
    try:
        found = _assistant.figures(doc_id)
    except Exception:  # suggestions are a convenience; chapters alone still help
        log.info("Kennzahlen für Vorschläge nicht lesbar", exc_info=True)
        found = []
    sections = [c.section for c in _assistant.store.all_chunks(doc_id) if c.section]
    return suggested_questions(found, sections)


def suggestions(assistant: Assistant, doc: dict) -> list[str]:
    return _suggestions(assistant, (fingerprint(assistant), doc_version(doc)))


def clear_cached_results() -> None:
    """After adding or removing documents: forget derived results of this process."""
    for cached in (_figures, _tables, _periods, _suggestions):
        cached.clear()
