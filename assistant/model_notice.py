"""A model server that fails while drafting: keep the template questions, say so once in German.

``guarded_rephraser`` wraps the chat model used to smooth drafted questions. If the model
cannot be created, or every call fails (server down, model missing), the questions keep
their deterministic template wording and ``notices`` receives one German line; details go
to the log, never to the terminal.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

log = logging.getLogger("amip.model")


def guarded_rephraser(make_model: Callable[[], object], backend: str,
                      notices: list[str]) -> Callable[[str], str] | None:
    """A rephrase function, or None (templates only) when the model cannot be created."""
    from assistant.errors import user_message

    try:
        model = make_model()
    except Exception as exc:  # noqa: BLE001 - any failure: templates stay, one notice
        log.warning("Sprachmodell %s nicht verfügbar", backend, exc_info=True)
        notices.append(_notice(backend, user_message(exc)))
        return None
    failed = False

    def rephrase(prompt: str) -> str:
        nonlocal failed
        if failed:  # the server is down: do not wait for it once per question
            raise ConnectionError("Modell-Server bereits ausgefallen")
        try:
            return str(model.invoke(prompt).content)
        except Exception as exc:
            failed = True
            log.warning("Sprachmodell %s: Anfrage fehlgeschlagen", backend, exc_info=True)
            notices.append(_notice(backend, user_message(exc)))
            raise

    return rephrase


def _notice(backend: str, reason: str) -> str:
    return (f"Das Sprachmodell ({backend}) war nicht erreichbar; die Fragen stehen in der Fassung ohne "
            f"Sprachmodell. ({reason[:200]})")
