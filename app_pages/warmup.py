"""Load the embedded language model in the background as soon as the app starts.

The first answer used to wait ~40 s for the model to load. Now a thread loads it when the
page is first drawn; the sidebar shows its state, and the chat shows the loading note only
while the model is really still loading. One loader per process and configuration.
"""

from __future__ import annotations

import logging
import threading
import time

import streamlit as st

from assistant.service import Assistant

log = logging.getLogger("amip.app")
LOADING, READY, FAILED = "loading", "ready", "failed"


class ModelLoader:
    """State of loading the chat model for one backend: loading, ready or failed (German reason)."""

    def __init__(self, assistant: Assistant, backend: str) -> None:
        self.backend = backend
        self.state = LOADING
        self.error = ""
        self.seconds = 0.0
        self._thread = threading.Thread(target=self._load, args=(assistant,), daemon=True, name="amip-model-load")
        self._thread.start()

    def _load(self, assistant: Assistant) -> None:
        started = time.perf_counter()
        try:
            assistant.chat_model(self.backend)  # loads the weights once per process
            self.state = READY
        except Exception as exc:  # shown in the sidebar; the chat explains it on use
            from app_pages.state import german_error

            log.warning("Sprachmodell nicht geladen", exc_info=True)
            self.error, self.state = german_error(exc), FAILED
        self.seconds = time.perf_counter() - started

    def wait(self, timeout: float | None = None) -> bool:
        self._thread.join(timeout)
        return self.state != LOADING


@st.cache_resource(show_spinner=False, max_entries=8)
def _loader(fingerprint: str, backend: str, _assistant: Assistant) -> ModelLoader:
    return ModelLoader(_assistant, backend)


def start(assistant: Assistant, backend: str) -> ModelLoader | None:
    """The loader of the embedded model (started on first call); None for other backends."""
    if backend != "local":
        return None
    return _loader(assistant.settings.model_dump_json(), backend, assistant)


def is_loading(assistant: Assistant, backend: str) -> bool:
    loader = start(assistant, backend)
    return loader is not None and loader.state == LOADING


def sidebar_note(assistant: Assistant, backend: str) -> str | None:
    """One German line on the model's state, for the sidebar (None when nothing needs loading)."""
    loader = start(assistant, backend)
    if loader is None:
        return None
    if loader.state == LOADING:
        return ":material/hourglass_top: Das Sprachmodell wird im Hintergrund geladen …"
    if loader.state == READY:
        return ":material/check_circle: Sprachmodell geladen und bereit."
    return f":material/error: Sprachmodell nicht verfügbar: {loader.error}"
