"""Language models: backend registry (``backends``), the embedded model file (``model_files``)
and prompt templates (``prompts``).

Names are re-exported lazily: ``assistant.llm.model_files`` must stay importable without
loading the LangChain provider packages (settings ask whether the model is installed).
"""

from __future__ import annotations

from typing import Any

_EXPORTS = ("BACKENDS", "LLMUnavailable", "as_unavailable", "embedded_model_installed", "load_server", "make_chat_model",
            "register_backend")
__all__ = list(_EXPORTS)


def __getattr__(name: str) -> Any:
    if name in _EXPORTS:
        from assistant.llm import backends

        return getattr(backends, name)
    raise AttributeError(f"module 'assistant.llm' has no attribute {name!r}")
