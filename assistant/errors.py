"""German messages for failures, so users never see a traceback.

``AmipError`` is the base of every error that carries its own German message (ingest,
store, language model, prompts, gold files); anything else gets a generic German text.
"""

from __future__ import annotations

from pathlib import Path

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


def log_to_file(data_dir: Path) -> Path | None:
    """Send log records (with tracebacks) to ``DATA_DIR/logs/amip.log`` instead of the terminal,
    so the command line shows only its German messages. None when the folder is not writable
    (then records are dropped: still no English on stderr)."""
    import logging
    import logging.handlers

    root = logging.getLogger()
    path = Path(data_dir) / "logs" / "amip.log"
    if any(getattr(h, "amip_log", False) for h in root.handlers):
        return path
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handler: logging.Handler = logging.handlers.RotatingFileHandler(path, maxBytes=2_000_000, backupCount=2,
                                                                        encoding="utf-8")
    except OSError:
        handler, path = logging.NullHandler(), None
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    handler.amip_log = True  # type: ignore[attr-defined]
    root.addHandler(handler)
    if root.level > logging.INFO or root.level == logging.NOTSET:
        root.setLevel(logging.INFO)
    logging.captureWarnings(True)  # library warnings too
    return path
