"""Process-wide and per-session state of the page: one ``Assistant`` per workspace, cached
results and German error boxes.

The ``Assistant`` (embedder, store, chat model) is created once per process and workspace
with ``st.cache_resource`` and shared by all browser sessions; chat history, choices and
drafted questions live in ``st.session_state`` and so stay private to one browser tab.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any, TypeVar

import streamlit as st

from assistant.errors import user_message
from assistant.llm import LLMUnavailable
from assistant.service import Assistant
from assistant.settings import Settings, load_settings
from assistant.types import Figure
from ingest.store import StoreError
from ingest.types import IngestError

log = logging.getLogger("amip.app")
T = TypeVar("T")

# Exceptions whose text is already a German sentence written for the user.
_GERMAN_ERRORS: tuple[type[BaseException], ...] = (IngestError, StoreError, LLMUnavailable)


def german_error(exc: BaseException) -> str:
    """A German sentence for ``exc``; never a traceback."""
    if isinstance(exc, _GERMAN_ERRORS):
        return str(exc)
    if isinstance(exc, ImportError):
        return "Diese Funktion ist in dieser Installation nicht verfügbar."
    return user_message(exc)


def is_model_unavailable(exc: BaseException) -> bool:
    return isinstance(exc, LLMUnavailable)


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
    try:  # load the embedding model and open the store now, behind this one spinner
        _ = assistant.store, assistant.embedder
    except Exception:  # e.g. a bad workspace name: reported where the documents are listed
        log.info("Vorbereitung unvollständig", exc_info=True)
    return assistant


def settings_for(workspace: str | None = None) -> Settings:
    """Effective settings (environment and ``.env``), optionally for another workspace."""
    return load_settings(workspace=workspace or None)


def get_assistant(workspace: str | None = None) -> Assistant:
    settings = settings_for(workspace)
    return _cached_assistant(settings.model_dump_json(), _settings=settings)


def fingerprint(assistant: Assistant) -> str:
    return assistant.settings.model_dump_json()


# -- per-session values ----------------------------------------------------------------------


def session(key: str, default: Callable[[], T]) -> T:
    """The session value under ``key``, created with ``default()`` on first use."""
    if key not in st.session_state:
        st.session_state[key] = default()
    return st.session_state[key]


def workspace_bucket(assistant: Assistant, name: str) -> dict[str, Any]:
    """A per-session dict for ``name`` that is separate for every workspace."""
    buckets = session(name, dict)
    return buckets.setdefault(assistant.settings.workspace, {})


def chat_history(assistant: Assistant) -> list[dict]:
    return workspace_bucket(assistant, "chat").setdefault("turns", [])


def backend(assistant: Assistant) -> str:
    """The answer backend chosen in the sidebar (default: the configured one)."""
    return st.session_state.get("backend") or assistant.settings.effective_llm


# -- documents and cached results ------------------------------------------------------------


def doc_label(doc: dict) -> str:
    return doc.get("filename") or doc.get("title") or doc["doc_id"][:12]


def doc_year(doc: dict) -> int:
    """The latest year named in a document's file name or title (0 if none), to order AMIPs."""
    text = f"{doc.get('filename', '')} {doc.get('title', '')}"
    return max((int(y) for y in re.findall(r"\b20\d\d\b", text)), default=0)


def doc_version(doc: dict) -> str:
    """Changes when the document is replaced, so cached results are recomputed."""
    return f"{doc['doc_id']}:{doc.get('ingest_id') or doc.get('ingested_at', '')}"


@st.cache_data(show_spinner=False, max_entries=64)
def _figures(_assistant: Assistant, key: tuple[str, str]) -> list[Figure]:
    return _assistant.figures(key[1].split(":", 1)[0])


def figures(assistant: Assistant, doc: dict) -> list[Figure]:
    return _figures(assistant, (fingerprint(assistant), doc_version(doc)))


def clear_cached_results() -> None:
    """After adding or removing documents: forget derived results of this process."""
    _figures.clear()
