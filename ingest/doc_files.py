"""The original PDFs of a workspace and one small JSON sidecar per document (name, title,
state), under ``files/<workspace>/``. They are what ``amip reindex`` rebuilds the index from.

Sidecar state: ``pending`` (written before the registry commit), ``committed`` (after it),
``removed`` (before the document leaves the registry). Callers hold the workspace lock.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

PENDING, COMMITTED, REMOVED = "pending", "committed", "removed"


class DocFiles:
    """PDF copies and sidecars of one workspace."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder

    def pdf(self, doc_id: str) -> Path:
        return self.folder / f"{doc_id}.pdf"

    def sidecar(self, doc_id: str) -> Path:
        return self.folder / f"{doc_id}.json"

    def save(self, doc_id: str, data: bytes, meta: dict) -> None:
        """Write the PDF and a ``pending`` sidecar, each via a ``.part`` file and rename."""
        self.folder.mkdir(parents=True, exist_ok=True)
        _write(self.pdf(doc_id), data)
        self.mark(doc_id, PENDING, meta)

    def mark(self, doc_id: str, state: str, meta: dict | None = None) -> None:
        if meta is None and not self.sidecar(doc_id).exists():
            return  # a document stored before sidecars existed, or already gone
        record = dict(meta if meta is not None else self.read(doc_id) or {}, state=state)
        _write(self.sidecar(doc_id), json.dumps(record, ensure_ascii=False, indent=1).encode())

    def read(self, doc_id: str) -> dict | None:
        try:
            return json.loads(self.sidecar(doc_id).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None

    def delete(self, doc_id: str) -> None:
        self.pdf(doc_id).unlink(missing_ok=True)
        self.sidecar(doc_id).unlink(missing_ok=True)

    def stored(self) -> list[str]:
        """Document ids with a PDF copy."""
        if not self.folder.is_dir():
            return []
        return sorted(p.stem for p in self.folder.glob("*.pdf"))

    def lost(self, registered: set[str]) -> list[dict]:
        """Committed sidecars whose document the registry does not know: the database lost
        them (deleted, damaged and rebuilt); ``amip reindex`` brings them back."""
        result = []
        for doc_id in self.stored():
            record = self.read(doc_id)
            if doc_id not in registered and record and record.get("state") == COMMITTED:
                result.append(dict(record, doc_id=doc_id))
        return result

    def sweep(self, docs: dict[str, dict]) -> int:
        """Delete ``.part`` files and copies no document owns (a kill between copy and commit,
        replaced or removed versions); committed sidecars of lost documents are kept. Registered
        documents get a committed sidecar from their registry record (``docs``: id -> record)."""
        registered = set(docs)
        if not self.folder.is_dir():
            return 0
        swept = 0
        for part in self.folder.glob("*.part"):
            part.unlink(missing_ok=True)
            swept += 1
        for path in list(self.folder.glob("*.pdf")) + list(self.folder.glob("*.json")):
            doc_id = path.stem
            if doc_id in registered:
                continue
            record = self.read(doc_id)
            if record is None or record.get("state") in (PENDING, REMOVED):
                self.delete(doc_id)
                swept += 1
        for doc_id in registered & set(self.stored()):  # repair: committed but not marked so
            record = self.read(doc_id)
            if record is None or record.get("state") != COMMITTED:
                self.mark(doc_id, COMMITTED, record or sidecar_meta(docs[doc_id]))
        return swept


def sidecar_meta(doc: dict) -> dict:
    """What reindexing needs besides the PDF: the names people know the document by."""
    return {key: doc.get(key, "") for key in ("filename", "original_filename", "title", "ingested_at")}


def _write(target: Path, data: bytes) -> None:
    partial = target.with_name(target.name + ".part")
    try:
        with open(partial, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        partial.replace(target)
    except BaseException:  # disk full, killed: no 20 MB remnant (the sweep catches a kill)
        partial.unlink(missing_ok=True)
        raise
