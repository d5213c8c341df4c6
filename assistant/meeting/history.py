"""The chat history of a workspace and its last drafted meeting, kept on disk.

``DATA_DIR/history/WORKSPACE.json`` holds the questions, answers (with citations) and the
choice behind the last MeetingPack, so a reload or a restart of the app shows them again.
Everyone who opens the same workspace sees the same history (the page says so); "Verlauf
löschen" deletes the file. Writes are atomic; a damaged file starts an empty history.
"""

from __future__ import annotations

import json
import logging
import os
from pathlib import Path

from assistant.meeting.pack import citations_from
from assistant.types import Answer

log = logging.getLogger("amip.meeting")
MAX_TURNS = 200  # older turns are dropped: the file stays small, the page fast


def answer_from(data: dict, question: str) -> Answer:
    return Answer(question=question, text=data.get("answer", ""), answered=bool(data.get("answered")),
                  backend=data.get("backend", ""), citations=citations_from(data.get("citations")))


class History:
    """Chat turns ``{"question", "doc_id", "scope", "answer": Answer | None, "error": str}``."""

    def __init__(self, data_dir: Path, workspace: str) -> None:
        self.path = Path(data_dir) / "history" / f"{workspace}.json"

    def _read(self) -> dict:
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
            return data if isinstance(data, dict) else {}
        except FileNotFoundError:
            return {}
        except (OSError, ValueError):
            log.warning("Chatverlauf %s unlesbar, beginne leer", self.path, exc_info=True)
            return {}

    def _write(self, data: dict) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        tmp = self.path.with_suffix(".part")
        tmp.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
        os.replace(tmp, self.path)

    def turns(self) -> list[dict]:
        turns = []
        for raw in self._read().get("turns", []):
            try:
                turn = {k: raw.get(k, "") for k in ("question", "doc_id", "scope", "error")}
                turn["answer"] = answer_from(raw["answer"], raw["question"]) if raw.get("answer") else None
                turns.append(turn)
            except (KeyError, TypeError, AttributeError):
                log.warning("Chatverlauf: ein Eintrag ist unlesbar und wird übersprungen")
        return turns

    def append(self, turn: dict) -> None:
        data = self._read()
        answer = turn.get("answer")
        stored = {k: turn.get(k) or "" for k in ("question", "doc_id", "scope", "error")}
        stored["answer"] = answer.to_json() if answer is not None else None
        data["turns"] = [*data.get("turns", []), stored][-MAX_TURNS:]
        self._write(data)

    def clear(self) -> None:
        """Delete the chat turns (the file too when nothing else is kept)."""
        data = self._read()
        data.pop("turns", None)
        if data:
            self._write(data)
        else:
            self.path.unlink(missing_ok=True)

    def last_meeting(self) -> dict | None:
        """``{"doc_id", "compare", "backend"}`` of the last drafted pack, if any."""
        meeting = self._read().get("meeting")
        return meeting if isinstance(meeting, dict) else None

    def set_last_meeting(self, doc_id: str, compare: str | None, backend: str) -> None:
        data = self._read()
        data["meeting"] = {"doc_id": doc_id, "compare": compare, "backend": backend}
        self._write(data)
