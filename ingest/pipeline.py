"""Ingestion pipeline: PDF bytes → cleaned document → chunks → vectors → store.

Reading and embedding run outside the workspace lock; only the short write and commit
hold it, so two processes can ingest into one workspace without corrupting it.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from pathlib import Path

from filelock import FileLock, Timeout

from ingest.chunking import chunk_document
from ingest.embedding import Embedder, passage_texts
from ingest.options import IngestOptions
from ingest.pdf_reader import read_pdf
from ingest.store import VectorStore
from ingest.types import IngestError, IngestReport

Progress = Callable[[str, float], None]
_EMBED_BATCH = 16


def _no_progress(stage: str, fraction: float) -> None:
    pass


class Ingestor:
    """Ingests PDFs into one workspace's store."""

    def __init__(self, store: VectorStore, embedder: Embedder, options: IngestOptions, state_dir: Path,
                 lock_timeout: float = 600.0) -> None:
        self.store = store
        self.embedder = embedder
        self.options = options
        self.files_dir = state_dir / "files" / store.workspace
        lock_dir = state_dir / "locks"
        lock_dir.mkdir(parents=True, exist_ok=True)
        self._lock = FileLock(str(lock_dir / f"{store.workspace}.lock"), timeout=lock_timeout)

    def ingest(self, data: bytes, filename: str, progress: Progress | None = None) -> IngestReport:
        """Index one PDF; raises ``IngestError`` (German) and leaves the store untouched on failure."""
        progress = progress or _no_progress
        doc_id = hashlib.sha256(data).hexdigest()
        known = self.store.get_document(doc_id)
        if known is not None:
            self._finish_replacement(known)
            progress("speichern", 1.0)
            return IngestReport(doc_id, known["filename"], known["pages"], known["chunks"],
                                known["ocr_pages"], status="unchanged", warnings=known["warnings"])
        document = read_pdf(data, filename, self.options, progress)
        progress("zerlegen", 0.0)
        chunks = chunk_document(document)
        progress("zerlegen", 1.0)
        if not chunks:
            raise IngestError(f"„{filename}“ enthält keinen auslesbaren Text und wurde nicht aufgenommen.")
        vectors = self._embed(passage_texts(chunks), progress)
        pages = [(p.number, p.text) for p in document.pages]
        meta = {"doc_id": doc_id, "filename": filename, "title": document.title,
                "pages": document.page_count, "ocr_pages": document.ocr_pages,
                "warnings": list(document.warnings)}
        progress("speichern", 0.0)
        self._save_file(doc_id, data)
        try:
            with self._lock:
                self.store.add_document(meta, pages, chunks, vectors)
        except Timeout as exc:
            raise IngestError("Der Arbeitsbereich ist gerade durch einen anderen Vorgang gesperrt. "
                              "Bitte später erneut versuchen.") from exc
        progress("speichern", 1.0)
        return IngestReport(doc_id, filename, document.page_count, len(chunks),
                            document.ocr_pages, status="indexed", warnings=list(document.warnings))

    def _finish_replacement(self, known: dict) -> None:
        """A crash between committing a new version of a file and removing the old one leaves
        both visible; ingesting the file again completes the replacement."""
        if not any(d["filename"] == known["filename"] and d["doc_id"] != known["doc_id"]
                   for d in self.store.documents()):
            return
        try:
            with self._lock:
                for doc in self.store.documents():
                    if doc["filename"] == known["filename"] and doc["doc_id"] != known["doc_id"]:
                        self.store.remove(doc["doc_id"])
                        self.file_path(doc["doc_id"]).unlink(missing_ok=True)
        except Timeout:
            pass  # another process holds the workspace; the duplicate goes with the next write

    def remove(self, doc_id: str) -> bool:
        with self._lock:
            removed = self.store.remove(doc_id)
        self.file_path(doc_id).unlink(missing_ok=True)
        return removed

    def file_path(self, doc_id: str) -> Path:
        """Where the original PDF is kept (for rendering cited pages)."""
        return self.files_dir / f"{doc_id}.pdf"

    def _save_file(self, doc_id: str, data: bytes) -> None:
        self.files_dir.mkdir(parents=True, exist_ok=True)
        target = self.file_path(doc_id)
        partial = target.with_suffix(".part")
        partial.write_bytes(data)
        partial.replace(target)

    def _embed(self, texts: list[str], progress: Progress):
        import numpy as np

        parts = []
        for start in range(0, len(texts), _EMBED_BATCH):
            parts.append(self.embedder.embed_passages(texts[start : start + _EMBED_BATCH]))
            progress("einbetten", min(1.0, (start + _EMBED_BATCH) / len(texts)))
        return np.vstack(parts)
