"""The time budget of one file across every ingest stage (reading, OCR, chunking, embedding).

One deadline, started when a file's ingest starts and checked by each stage between units
of work (pages, OCR pages, embedding batches), so no stage can spend hours of CPU on a file
built to be expensive. Size caps (characters, passages) live in ``IngestOptions``.
"""

from __future__ import annotations

import time

from ingest.types import IngestError

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
            raise IngestError(
                f"Die Verarbeitung der Datei dauert zu lange ({_STAGE_NAMES.get(stage, stage)} "
                f"überschreitet das Zeitlimit von {_seconds(self.seconds)} Sekunden, "
                "Einstellung AMIP_MAX_SECONDS); die Datei ist möglicherweise beschädigt oder "
                "ungewöhnlich aufgebaut. Sie wurde nicht aufgenommen.")


def _seconds(value: float) -> str:
    return f"{value:g}".replace(".", ",")
