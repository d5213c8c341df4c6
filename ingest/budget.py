"""The time budget of one file across every ingest stage (reading, OCR, chunking, embedding).

One deadline, started when a file's ingest starts and checked by each stage between units
of work (pages, OCR pages, embedding batches), so no stage can spend hours of CPU on a file
built to be expensive. Reading (text, OCR, tables) runs in a worker process that is killed at
the deadline (``run_bounded``), so work inside one page is bounded too, whatever engine reads
it. Size caps (characters, passages) live in ``IngestOptions``.
"""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from multiprocessing.connection import Connection
from typing import TypeVar

from ingest.types import IngestError

T = TypeVar("T")
Progress = Callable[[str, float], None]

_STAGE_NAMES = {"lesen": "Lesen", "ocr": "die Texterkennung (OCR)", "zerlegen": "das Zerlegen",
                "einbetten": "das Einbetten"}


class Budget:
    """A deadline ``seconds`` from now; ``check`` raises a German ``IngestError`` beyond it."""

    def __init__(self, seconds: float) -> None:
        self.seconds = seconds
        self._deadline = time.monotonic() + seconds

    def remaining(self) -> float:
        return max(0.0, self._deadline - time.monotonic())

    def expired(self) -> bool:
        return time.monotonic() > self._deadline

    def check(self, stage: str) -> None:
        """Raise when the deadline has passed; ``stage`` names the step for the message."""
        if self.expired():
            raise IngestError(self.message(stage))

    def message(self, stage: str) -> str:
        return (f"Die Verarbeitung der Datei dauert zu lange ({_STAGE_NAMES.get(stage, stage)} "
                f"überschreitet das Zeitlimit von {_seconds(self.seconds)} Sekunden, "
                "Einstellung AMIP_MAX_SECONDS); die Datei ist möglicherweise beschädigt oder "
                "ungewöhnlich aufgebaut. Sie wurde nicht aufgenommen.")


def _seconds(value: float) -> str:
    return f"{value:g}".replace(".", ",")


# -- a hard deadline around all reading of one document -------------------------------------

_GRACE = 2.0  # seconds past the deadline after which an orphaned worker ends itself
_MARGIN = 0.5  # reading must be done this much before the deadline: the file's later stages need time too


def run_bounded(budget: Budget, work: Callable[..., T], *args: object, progress: Progress | None = None) -> T:
    """``work(*args, progress, budget)`` in a worker process killed at the budget's deadline.

    Whatever the reading engine does inside a page (a form drawn 5,000 times, a font that
    makes layout fail), the worker cannot outlive the budget: the check between pages is not
    enough. Progress reports are relayed; the result and any exception come back pickled;
    ``work`` must be a module-level function. The worker is a fresh interpreter
    (``python -m ingest.budget``): forking the app would copy locks its other threads hold."""
    report = progress or (lambda stage, fraction: None)
    env = dict(os.environ, PYTHONPATH=os.pathsep.join(p for p in sys.path if p))
    proc = subprocess.Popen([sys.executable, "-m", "ingest.budget"], stdin=subprocess.PIPE,
                            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, env=env, start_new_session=True)
    to_worker, from_worker = Connection(os.dup(proc.stdin.fileno())), Connection(os.dup(proc.stdout.fileno()))
    proc.stdin.close()
    proc.stdout.close()
    try:
        to_worker.send((work, args, budget))
        to_worker.close()
        return _relay(from_worker, budget, report)
    except (BrokenPipeError, EOFError):  # the worker died without a word (killed by the OS: memory)
        raise IngestError("Die Datei konnte nicht gelesen werden: der Lesevorgang wurde vom "
                          "Betriebssystem beendet (zu wenig Arbeitsspeicher?).") from None
    finally:
        _stop(proc)
        from_worker.close()


def _relay(receive: Connection, budget: Budget, report: Progress):
    while True:
        if not receive.poll(max(0.0, budget.remaining() - _MARGIN)):
            raise IngestError(budget.message("lesen"))
        message = receive.recv()
        if message[0] == "progress":
            report(message[1], message[2])
        elif message[0] == "ok":
            return message[1]
        else:
            raise message[1]


def _stop(proc: subprocess.Popen) -> None:
    if proc.poll() is None:
        with contextlib.suppress(ProcessLookupError, PermissionError):
            if hasattr(os, "killpg"):
                os.killpg(proc.pid, signal.SIGKILL)  # with any helper it started (tesseract)
            else:  # Windows: no process groups here
                proc.kill()
    with contextlib.suppress(subprocess.TimeoutExpired):
        proc.wait(5)


def _watch(parent: int, budget: Budget) -> None:
    """End the worker when its caller is gone or the deadline is long past (nobody waits)."""
    while os.getppid() == parent and budget.remaining() + 2 * _GRACE > 0:
        time.sleep(0.5)
    os._exit(1)


def _serve() -> None:
    """The worker: one job from stdin, progress and outcome to the original stdout."""
    out = Connection(os.dup(1))
    os.dup2(os.open(os.devnull, os.O_WRONLY), 1)  # stray prints must not corrupt the messages
    work, args, budget = Connection(0).recv()
    threading.Thread(target=_watch, args=(os.getppid(), budget), daemon=True).start()

    def relay(stage: str, fraction: float) -> None:
        out.send(("progress", stage, fraction))

    try:
        outcome = ("ok", work(*args, relay, budget))
    except BaseException as exc:  # noqa: BLE001 - every failure travels back to the caller
        outcome = ("error", exc)
    try:
        out.send(outcome)
    except Exception as exc:  # noqa: BLE001 - an exception that cannot be pickled
        out.send(("error", IngestError(f"Die Datei konnte nicht gelesen werden ({type(exc).__name__}).")))


if __name__ == "__main__":
    _serve()
