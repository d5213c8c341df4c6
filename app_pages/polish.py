"""Answer first, polish later: the checked extractive answer is shown at once; a language model's
wording replaces it only after the citation and agreement checks have passed.

The chat answers every question without a model first (about 0.1 s). When a model is chosen,
the question is queued here; one worker thread per workspace asks the model (waiting for it to
load if need be — the page never does) and then writes the finished turn to the history:
the model's wording if ``answer_question`` accepted it, otherwise the extractive answer with a
German note. Until then the page shows the pending turn with its extractive answer. One
worker keeps the turns in the order they were asked and the model busy with one question at
a time (it is one process-wide llama.cpp server anyway).

No Streamlit here: the page polls ``PolishQueue.pending()`` from a fragment.
"""

from __future__ import annotations

import logging
import queue
import threading
import weakref
from dataclasses import dataclass, field, replace
from typing import Any, Protocol

from assistant.types import Answer

log = logging.getLogger("amip.app")
UNAVAILABLE_NOTE = ("Hinweis: Das Sprachmodell war nicht verfügbar ({reason}); hier stehen die wörtlichen, "
                    "an den Quellen geprüften Textstellen.")


class Asking(Protocol):
    """The part of ``Assistant`` the worker needs."""

    def ask(self, question: str, doc_id: str | None = None, backend: str | None = None,
            on_token: Any = None, k: int = 6) -> Answer: ...

    @property
    def history(self) -> Any: ...


@dataclass
class PendingTurn:
    """A turn whose extractive answer is on screen while the model writes its wording."""

    turn: dict  # {"question", "doc_id", "scope", "answer": the extractive Answer}
    backend: str
    words: int = 0  # progress: how many words the model has written so far
    done: threading.Event = field(default_factory=threading.Event)


_QUEUES: weakref.WeakSet = weakref.WeakSet()  # every queue of this process (tests wait for them)


def wait_all(timeout: float | None = None) -> bool:
    """True when every queue of this process has finished its questions (tests)."""
    return all(q.wait(timeout) for q in list(_QUEUES))


class PolishQueue:
    """Questions waiting for a model's checked wording, for one workspace."""

    def __init__(self, assistant: Asking, describe_error: Any = str) -> None:
        self._assistant = assistant
        self._describe = describe_error  # exception -> German sentence
        self._queue: queue.Queue[PendingTurn] = queue.Queue()
        self._pending: list[PendingTurn] = []
        self._lock = threading.Lock()
        threading.Thread(target=self._work, daemon=True, name="amip-polish").start()
        _QUEUES.add(self)

    def submit(self, turn: dict, backend: str) -> PendingTurn:
        job = PendingTurn(turn, backend)
        with self._lock:
            self._pending.append(job)
        self._queue.put(job)
        return job

    def pending(self) -> list[PendingTurn]:
        with self._lock:
            return list(self._pending)

    def wait(self, timeout: float | None = None) -> bool:
        """True when every queued question is done (tests; never called by the page)."""
        return all(job.done.wait(timeout) for job in self.pending())

    def _work(self) -> None:
        while True:
            job = self._queue.get()
            try:
                job.turn["answer"] = self._polished(job)
                self._assistant.history.append(job.turn)
            except Exception:  # the history could not be written: the turn stays visible until restart
                log.warning("Antwort des Sprachmodells nicht gespeichert", exc_info=True)
            finally:
                with self._lock:
                    self._pending.remove(job)
                job.done.set()

    def _polished(self, job: PendingTurn) -> Answer:
        first: Answer = job.turn["answer"]

        def on_token(piece: str) -> None:
            job.words += len(piece.split())

        try:
            polished = self._assistant.ask(first.question, doc_id=job.turn.get("doc_id") or None,
                                           backend=job.backend, on_token=on_token)
        except Exception as exc:  # model missing, server down: the checked extract stays
            log.warning("Sprachmodell nicht verfügbar", exc_info=True)
            note = UNAVAILABLE_NOTE.format(reason=self._describe(exc).rstrip("."))
            return replace(first, text=f"{first.text}\n\n{note}")
        if not polished.answered and first.answered:
            return first  # a model's "nothing found" never hides a checked passage
        return polished


def needs_polish(answer: Answer, backend: str) -> bool:
    """Only an answered question is worth a model's wording: with no relevant passage
    ``answer_question`` says "keine Angaben" before any model is asked."""
    return backend != "extractive" and answer.answered
