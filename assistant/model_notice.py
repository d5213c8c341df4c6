"""A model server that fails while drafting: keep the template questions, say so once in German.

``Rephraser`` wraps the chat model used to smooth drafted questions. When the model cannot
be created or the server cannot be reached (connection refused, timeout, model missing), the
questions keep their deterministic template wording, the remaining questions do not wait
for the server again, and ``notices`` receives one German line; details go to the log, never
to the terminal. Other failures of one reply keep that question's template silently.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable

log = logging.getLogger("amip.model")
_UNREACHABLE_NAMES = re.compile(r"Connect|Timeout|Unavailable|NotFound|ResponseError|APIStatus")


def unreachable(exc: BaseException) -> bool:
    """Does ``exc`` (or its cause) say the model server or the model is not there?"""
    seen: set[int] = set()
    current: BaseException | None = exc
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        if isinstance(current, (ConnectionError, TimeoutError, OSError)) or \
                _UNREACHABLE_NAMES.search(type(current).__name__):
            return True
        current = current.__cause__ or current.__context__
    return False


class Rephraser:
    """``rephraser(prompt) -> text`` through the model; raises when it fails (the caller keeps
    the template), and after the server was found unreachable raises at once."""

    def __init__(self, make_model: Callable[[], object], backend: str, notices: list[str]) -> None:
        self.backend, self.notices, self.down = backend, notices, False
        self.model = None
        try:
            self.model = make_model()
        except Exception as exc:  # noqa: BLE001 - any failure to create it: templates stay, one notice
            self._gone(exc)

    def __call__(self, prompt: str) -> str:
        if self.down or self.model is None:
            raise ConnectionError("Modell-Server nicht erreichbar")
        try:
            return str(self.model.invoke(prompt).content)
        except Exception as exc:
            if unreachable(exc):
                self._gone(exc)
            else:
                log.info("Sprachmodell %s: Antwort unbrauchbar", self.backend, exc_info=True)
            raise

    def _gone(self, exc: BaseException) -> None:
        from assistant.errors import user_message

        self.down = True
        log.warning("Sprachmodell %s nicht erreichbar", self.backend, exc_info=True)
        self.notices.append(f"Das Sprachmodell ({self.backend}) war nicht erreichbar; die Fragen stehen in der "
                            f"Fassung ohne Sprachmodell. ({user_message(exc)[:200]})")
