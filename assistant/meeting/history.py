"""The chat history of a workspace and its last drafted meeting, kept on disk.

``DATA_DIR/history/WORKSPACE.json`` holds the questions, answers (with citations) and the
choice behind the last MeetingPack, so a reload or a restart of the app shows them again.
Everyone who opens the same workspace sees the same history (the page says so); "Verlauf
löschen" deletes the file.

No turn is lost (``assistant.meeting.storage``): read-modify-write runs under an
inter-process lock with a temporary file per write; the previous version is kept as a
backup; a damaged file is set aside and the backup restored, with a German notice. When the
disk refuses a write, the turn stays in this process's memory (shown, and written with the
next turn) and ``append`` returns the German reason instead of raising.
"""

from __future__ import annotations

import logging
from dataclasses import replace
from pathlib import Path

from assistant.meeting.pack import citations_from
from assistant.meeting.storage import backup_path, locked, read_checked, write_json
from assistant.types import Answer
from ingest.storage_errors import storage_problem

log = logging.getLogger("amip.meeting")
MAX_TURNS = 200  # older turns are dropped: the file stays small, the page fast
_WHAT = "Der gespeicherte Chatverlauf"
REMOVED_NOTE = "Dokument inzwischen entfernt"
# Per history file, shared by every session of this process: turns the disk refused and notices.
_UNSAVED: dict[Path, list[dict]] = {}
_NOTICES: dict[Path, dict[str, str]] = {}


def answer_from(data: dict, question: str) -> Answer:
    return Answer(question=question, text=str(data.get("answer") or ""), answered=bool(data.get("answered")),
                  backend=str(data.get("backend") or ""), citations=citations_from(data.get("citations")))


def _valid(data: object) -> bool:
    return (isinstance(data, dict) and isinstance(data.get("turns", []), list)
            and isinstance(data.get("meeting") or {}, dict))


def _turn(raw: object) -> dict:
    if not isinstance(raw, dict):
        raise TypeError("kein Eintrag")
    turn = {k: str(raw.get(k) or "") for k in ("question", "doc_id", "scope", "error")}
    answer = answer_from(raw["answer"], turn["question"]) if raw.get("answer") else None
    removed = {str(d) for d in raw.get("removed_docs") or []}
    if answer is not None and removed:  # the quote stays readable, marked as from a removed document
        answer.citations = [replace(c, filename=f"{c.filename} ({REMOVED_NOTE})", verified=False)
                            if c.doc_id in removed else c for c in answer.citations]
    turn["answer"] = answer
    return turn


class History:
    """Chat turns ``{"question", "doc_id", "scope", "answer": Answer | None, "error": str}``."""

    def __init__(self, data_dir: Path, workspace: str) -> None:
        self.path = Path(data_dir) / "history" / f"{workspace}.json"

    def _read(self) -> dict:
        """The stored data (call under ``locked``); a damaged file is set aside with a notice."""
        data, notice = read_checked(self.path, _valid, _WHAT)
        if notice:
            _NOTICES.setdefault(self.path, {})["damaged"] = notice
        return data if isinstance(data, dict) else {}

    def _update(self, change) -> None:
        with locked(self.path):
            data = self._read()
            change(data)
            write_json(self.path, data)

    def notices(self) -> list[str]:
        """German notices for the page: a damaged file set aside, turns not yet saved."""
        return list(_NOTICES.get(self.path, {}).values())

    def turns(self) -> list[dict]:
        try:
            with locked(self.path):
                stored = self._read().get("turns", [])
        except OSError as exc:  # unreadable folder: the page still works, with a notice
            _NOTICES.setdefault(self.path, {})["read"] = f"Der Chatverlauf konnte nicht gelesen werden: {_reason(exc)}"
            stored = []
        turns = []
        for raw in [*stored, *_UNSAVED.get(self.path, [])]:
            try:
                turns.append(_turn(raw))
            except (KeyError, TypeError, AttributeError, ValueError):
                log.warning("Chatverlauf: ein Eintrag ist unlesbar und wird übersprungen")
        return turns

    def append(self, turn: dict) -> str | None:
        """Store ``turn``; None, or the German reason the disk refused (the turn is kept in memory,
        shown with the history and written together with the next turn)."""
        answer = turn.get("answer")
        stored = {k: turn.get(k) or "" for k in ("question", "doc_id", "scope", "error")}
        stored["answer"] = answer.to_json() if answer is not None else None
        pending = [*_UNSAVED.get(self.path, []), stored][-MAX_TURNS:]

        def add(data: dict) -> None:
            data["turns"] = [*data.get("turns", []), *pending][-MAX_TURNS:]

        try:
            self._update(add)
        except OSError as exc:
            log.warning("Chatverlauf %s nicht gespeichert", self.path, exc_info=True)
            _UNSAVED[self.path] = pending
            message = (f"Die Antwort wird angezeigt, konnte aber nicht gespeichert werden: {_reason(exc)} "
                       f"({len(pending)} Frage(n) nur bis zum Neustart der App sichtbar.)")
            _NOTICES.setdefault(self.path, {})["unsaved"] = message
            return message
        _UNSAVED.pop(self.path, None)
        _NOTICES.get(self.path, {}).pop("unsaved", None)
        return None

    def mark_removed(self, keep_docs: set[str]) -> int:
        """Mark quotes from documents no longer in ``keep_docs`` (removed, replaced, lost)."""
        marked = 0

        def mark(data: dict) -> None:
            nonlocal marked
            for raw in data.get("turns", []):
                answer = raw.get("answer") if isinstance(raw, dict) else None
                cited = {c.get("doc_id") for c in (answer or {}).get("citations") or [] if isinstance(c, dict)}
                gone = sorted(cited - keep_docs - {None} - set(raw.get("removed_docs") or []))
                if gone:
                    raw["removed_docs"] = sorted({*raw.get("removed_docs", []), *gone})
                    marked += 1

        if self.path.exists():
            self._update(mark)
        return marked

    def clear(self) -> None:
        """Delete the chat turns (the file too when nothing else is kept)."""
        _UNSAVED.pop(self.path, None)
        _NOTICES.pop(self.path, None)
        with locked(self.path):
            data = self._read()
            data.pop("turns", None)
            if data:
                write_json(self.path, data, keep_backup=False)
            else:
                self.path.unlink(missing_ok=True)
            backup_path(self.path).unlink(missing_ok=True)

    def last_meeting(self) -> dict | None:
        """``{"doc_id", "compare", "backend"}`` of the last drafted pack, if any."""
        with locked(self.path):
            meeting = self._read().get("meeting")
        return meeting if isinstance(meeting, dict) else None

    def set_last_meeting(self, doc_id: str, compare: str | None, backend: str) -> str | None:
        """Remember the choice; None, or the German reason it could not be stored."""
        try:
            self._update(lambda data: data.update(meeting={"doc_id": doc_id, "compare": compare, "backend": backend}))
        except OSError as exc:
            log.warning("Auswahl nicht gespeichert", exc_info=True)
            return _reason(exc)
        return None


def _reason(exc: OSError) -> str:
    return storage_problem(exc) or f"{exc.strerror or exc}."
