"""German messages for failures, so users never see a traceback.

``AmipError`` is the base of every error that carries its own German message (ingest,
store, language model, prompts, gold files); anything else gets a generic German text.
"""

from __future__ import annotations

from ingest.errors import AmipError

__all__ = ["AmipError", "user_message"]


def user_message(exc: BaseException) -> str:
    """A short German description of ``exc`` for the user interface or the command line."""
    from ingest.storage_errors import storage_problem

    text = str(exc).strip()
    if isinstance(exc, AmipError) and text:
        return text
    problem = storage_problem(exc)
    if problem:
        return problem
    if isinstance(exc, MemoryError):
        return "Nicht genug Arbeitsspeicher für diesen Vorgang."
    if isinstance(exc, TimeoutError):
        return "Der Vorgang hat zu lange gedauert und wurde abgebrochen."
    if isinstance(exc, (ConnectionError, OSError)) and "connect" in text.lower():
        return f"Verbindung fehlgeschlagen: {text}"
    return f"Unerwarteter Fehler ({type(exc).__name__}): {text}" if text else f"Unerwarteter Fehler ({type(exc).__name__})."
