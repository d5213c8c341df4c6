"""Ingestion pipeline: PDF bytes → cleaned document → chunks → vectors → store.

Reading and embedding run outside the workspace lock; only the short write and commit
hold it, so two processes can ingest into one workspace without corrupting it.
"""

from __future__ import annotations

import contextlib
import hashlib
from collections.abc import Callable
from pathlib import Path

from filelock import FileLock, Timeout

from ingest.budget import Budget, run_bounded
from ingest.chunking import chunk_document, table_chunks
from ingest.doc_files import COMMITTED, REMOVED, DocFiles, sidecar_meta
from ingest.embedding import Embedder, passage_plan
from ingest.options import IngestOptions
from ingest.pdf_reader import read_pdf
from ingest.store import VectorStore
from ingest.types import Chunk, IngestError, IngestReport

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
        self.files = DocFiles(self.files_dir)
        lock_dir = state_dir / "locks"
        lock_dir.mkdir(parents=True, exist_ok=True)
        self._lock = FileLock(str(lock_dir / f"{store.workspace}.lock"), timeout=lock_timeout)
        self.sweep_files()

    def ingest(self, data: bytes, filename: str, progress: Progress | None = None,
               replace: str | None = None) -> IngestReport:
        """Index one PDF; raises ``IngestError`` (German) and leaves the store untouched on failure.

        Documents are identified by their bytes: a different file under a name already in use
        is kept beside it with a distinguishing name ("plan.pdf (2)"), unless ``replace``
        names the document it replaces."""
        progress = progress or _no_progress
        budget = Budget(self.options.max_seconds)
        doc_id = hashlib.sha256(data).hexdigest()
        known = self.store.get_document(doc_id)
        if known is not None:
            if replace and replace != doc_id:
                self.remove(replace)  # the replacement is already indexed under its own id
            progress("speichern", 1.0)
            return IngestReport(doc_id, known["filename"], known["pages"], known["chunks"],
                                known["ocr_pages"], status="unchanged", warnings=known["warnings"])
        name = filename if replace else self._free_name(filename)
        return self._index(data, doc_id, name, filename, progress, budget, replace)

    def _index(self, data: bytes, doc_id: str, name: str, original: str, progress: Progress,
               budget: Budget, replace: str | None) -> IngestReport:
        # Reading (page model, OCR, tables) in a worker killed at the deadline, whatever a page makes it do.
        document = run_bounded(budget, read_pdf, data, name, self.options, progress=progress)
        progress("zerlegen", 0.0)
        pages = [(p.number, p.text) for p in document.pages]
        tables = list(document.tables)
        text_chunks = chunk_document(document)
        chunks, notes = _capped(text_chunks + table_chunks(tables, document, len(text_chunks)),
                                self.options.max_chunks)
        budget.check("zerlegen")
        progress("zerlegen", 1.0)
        if not chunks:
            raise IngestError(f"„{name}“ enthält keinen auslesbaren Text und wurde nicht aufgenommen.")
        texts, owner = passage_plan(chunks, tables)
        embedded = self._embed(texts, progress, budget)
        kept = next((i for i, o in enumerate(owner) if o >= len(embedded)), len(chunks))
        if kept < len(chunks):  # time budget spent while embedding: keep what is done
            notes.append(_left_out(chunks, kept, "weil das Zeitlimit (AMIP_MAX_SECONDS) erreicht "
                                   "war; zum vollständigen Aufnehmen das Dokument entfernen und mit "
                                   "höherem Zeitlimit erneut aufnehmen"))
            chunks = chunks[:kept]
        vectors = embedded[owner[:kept]]
        warnings = list(document.warnings) + notes
        meta = {"doc_id": doc_id, "filename": name, "original_filename": original,
                "title": document.title, "pages": document.page_count,
                "ocr_pages": document.ocr_pages, "warnings": warnings,
                "page_status": [p.status for p in document.pages],
                "tables": [t.to_json() for t in tables]}
        if replace:
            meta["replaces"] = replace
        progress("speichern", 0.0)
        self._commit(data, meta, pages, chunks, vectors)
        progress("speichern", 1.0)
        return IngestReport(doc_id, name, document.page_count, len(chunks),
                            document.ocr_pages, status="indexed", warnings=warnings)

    def _commit(self, data: bytes, meta: dict, pages: list, chunks: list, vectors) -> None:
        """Copy and sidecar, registry commit, then the replaced version's files, under the lock
        (so a sweep in another process never takes a copy for an orphan)."""
        doc_id, replaced = meta["doc_id"], meta.get("replaces")
        try:
            with self._lock:
                try:
                    self.files.save(doc_id, data, sidecar_meta(meta))
                    if replaced:
                        self.files.mark(replaced, REMOVED)
                    self.store.add_document(meta, pages, chunks, vectors)
                except Exception:  # e.g. disk full: no copy without a document
                    self._undo_save(doc_id, replaced)
                    raise
                self.files.mark(doc_id, COMMITTED)
                if replaced:
                    self.files.delete(replaced)
        except Timeout as exc:
            raise IngestError("Der Arbeitsbereich ist gerade durch einen anderen Vorgang gesperrt. "
                              "Bitte später erneut versuchen.") from exc

    def _undo_save(self, doc_id: str, replaced: str | None) -> None:
        with contextlib.suppress(Exception):  # best effort: the next sweep finishes it
            if self.store.get_document(doc_id) is None:
                self.files.delete(doc_id)
            if replaced and self.store.get_document(replaced) is not None:
                self.files.mark(replaced, COMMITTED)

    def _free_name(self, filename: str) -> str:
        """``filename``, or "name (2)", "name (3)", ... when another document already has it."""
        taken = {d["filename"] for d in self.store.documents()}
        name, number = filename, 2
        while name in taken:
            name, number = f"{filename} ({number})", number + 1
        return name

    def same_name(self, filename: str) -> list[dict]:
        """Documents uploaded under ``filename`` (also those shown as "filename (2)")."""
        return [d for d in self.store.documents()
                if filename in (d["filename"], d.get("original_filename"))]

    def remove(self, doc_id: str) -> bool:
        with self._lock:
            self.files.mark(doc_id, REMOVED)
            removed = self.store.remove(doc_id)
            self.files.delete(doc_id)
        return removed

    def sweep_files(self) -> int:
        """Drop orphan copies and ``.part`` files; skipped while another process writes."""
        try:
            with self._lock.acquire(timeout=0):
                if self.store.unfinished_replacement():
                    self.store.sweep()
                return self.files.sweep({d["doc_id"]: d for d in self.store.documents()})
        except Timeout:
            return 0

    def lost_documents(self) -> list[dict]:
        """Stored PDFs the database does not know (it was damaged or deleted)."""
        return self.files.lost({d["doc_id"] for d in self.store.documents()})

    def reindex_lost(self, progress: Progress | None = None) -> tuple[list[IngestReport], list[dict]]:
        """Index every lost document again from its PDF copy under its former name."""
        reports, errors = [], []
        for record in self.lost_documents():
            name = record.get("filename") or f"{record['doc_id'][:12]}.pdf"
            try:
                data = self.files.pdf(record["doc_id"]).read_bytes()
                reports.append(self._index(data, record["doc_id"], name,
                                           record.get("original_filename") or name,
                                           progress or _no_progress,
                                           Budget(self.options.max_seconds), None))
            except (IngestError, OSError) as exc:
                errors.append({"filename": name, "error": str(exc)})
        return reports, errors

    def file_path(self, doc_id: str) -> Path:
        """Where the original PDF is kept (for rendering cited pages)."""
        return self.files.pdf(doc_id)

    def _embed(self, texts: list[str], progress: Progress, budget: Budget):
        """Vectors of ``texts`` in order; fewer when the time budget runs out on the way (none:
        a German error, the document is not indexed)."""
        import numpy as np

        parts = []
        for start in range(0, len(texts), _EMBED_BATCH):
            if budget.expired() and parts:
                break
            budget.check("einbetten")
            parts.append(self.embedder.embed_passages(texts[start : start + _EMBED_BATCH]))
            progress("einbetten", min(1.0, (start + _EMBED_BATCH) / len(texts)))
        return np.vstack(parts)


def _capped(chunks: list[Chunk], limit: int) -> tuple[list[Chunk], list[str]]:
    """At most ``limit`` chunks (``chunk_document`` has no cap of its own), and a warning
    naming the pages whose passages were left out."""
    if len(chunks) <= limit:
        return chunks, []
    return chunks[:limit], [_left_out(chunks, limit, "(Einstellung AMIP_MAX_CHUNKS)")]


def _left_out(chunks: list[Chunk], kept: int, reason: str) -> str:
    first, last = chunks[kept].page_start, max(c.page_end for c in chunks[kept:])
    where = f"Seite {first}" if first == last else f"Seiten {first} bis {last}"
    return (f"Nur die ersten {kept:,} Abschnitte aufgenommen {reason}; {len(chunks) - kept:,} "
            f"Abschnitte ab {where} fehlen in Suche und Antworten.").replace(",", ".")
