"""The vector store: chunks, their vectors and a document registry per workspace, in Chroma.

A document becomes visible only when its registry record is written, after all its chunks:
readers filter chunks by the ``ingest_id`` of committed registry records, so a crash
mid-ingest never exposes half a document, and orphaned chunks are swept on the next write.
Opening Chroma and its errors live in ``store_client`` (callers import the errors from
here), the metadata layout in ``store_records``, several processes on one database in
``store_sync``.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import re
import uuid
from collections.abc import Iterable
from pathlib import Path

import numpy as np

from ingest.store_client import StoreDamaged, StoreError, forget_half_open, open_client, open_error
from ingest.store_records import chunk_from, chunk_meta, doc_from_meta, now, registry_meta
from ingest.store_sync import exclusive_write, is_stale, loaded_epoch, open_lock
from ingest.tables.types import Table
from ingest.types import Chunk

__all__ = ["StoreDamaged", "StoreError", "VectorStore", "check_workspace"]

_WORKSPACE = re.compile(r"[A-Za-z0-9][A-Za-z0-9_-]{0,39}")  # used with fullmatch: no "\n" at the end
_BATCH = 500
_PAGE = 5000  # rows per read: one unbounded get of >32k rows exceeds SQLite's variable limit
_MARGIN = 20  # extra nearest neighbours asked for, to make up for uncommitted chunks dropped


def check_workspace(name: str) -> str:
    if not isinstance(name, str) or not _WORKSPACE.fullmatch(name):
        raise StoreError(
            f"Ungültiger Arbeitsbereich „{name}“: erlaubt sind bis zu 40 Buchstaben, Ziffern, - und _."
        )
    return name


class VectorStore:
    """Documents, chunks and vectors of one workspace."""

    def __init__(
        self,
        workspace: str,
        embedding_name: str,
        data_dir: Path | None = None,
        chroma_url: str = "",
    ) -> None:
        self.workspace = check_workspace(workspace)
        self.embedding_name = embedding_name
        self.data_dir = None if chroma_url else data_dir
        self.server_url = chroma_url
        self._data_dir = data_dir
        self._db_path = None if chroma_url or data_dir is None else data_dir / "chroma"
        self._epoch = -1
        self._open()
        stored_model = (self._chunks.metadata or {}).get("embedding_model")
        if stored_model and stored_model != embedding_name:
            raise StoreError(
                f"Der Arbeitsbereich „{workspace}“ wurde mit dem Einbettungsmodell „{stored_model}“ "
                f"angelegt, eingestellt ist „{embedding_name}“. Modelle dürfen nicht gemischt werden: "
                "bitte das ursprüngliche Modell einstellen oder einen neuen Arbeitsbereich wählen."
            )

    def _open(self) -> None:
        try:
            self._open_collections()
        except StoreError:
            raise
        except Exception as exc:  # chromadb/SQLite raise many types for a bad database
            if self._db_path is not None:
                forget_half_open(self._db_path)
            raise open_error(exc, self._db_path) from exc

    def _open_collections(self) -> None:
        with open_lock(self._data_dir, self.server_url):
            self._epoch = loaded_epoch(self._db_path)
            self._client = open_client(self._data_dir, self.server_url)
            self._chunks = self._client.get_or_create_collection(
                f"amip-{self.workspace}-chunks",
                metadata={"embedding_model": self.embedding_name},
                configuration={"hnsw": {"space": "cosine"}},
                embedding_function=None,
            )
            self._registry = self._client.get_or_create_collection(
                f"amip-{self.workspace}-docs", embedding_function=None
            )

    def _fresh(self) -> None:
        """Reopen Chroma when another process has written since this one loaded it."""
        if is_stale(self._db_path, self._epoch, self._client):
            self._open()

    def _writing(self) -> contextlib.AbstractContextManager:
        """Exclusive write access to the database, starting from its current state on disk."""
        return exclusive_write(self._db_path, self._fresh)

    # -- reading -------------------------------------------------------------------------

    def documents(self) -> list[dict]:
        """Committed documents (registry metadata), sorted by file name."""
        self._fresh()
        got = self._registry.get(include=["metadatas"])
        docs = [doc_from_meta(doc_id, meta) for doc_id, meta in zip(got["ids"], got["metadatas"])]
        return sorted(docs, key=lambda d: (d["filename"].lower(), d["ingested_at"]))

    def get_document(self, doc_id: str) -> dict | None:
        self._fresh()
        got = self._registry.get(ids=[doc_id], include=["metadatas"])
        if not got["ids"]:
            return None
        return doc_from_meta(got["ids"][0], got["metadatas"][0])

    def page_texts(self, doc_id: str) -> list[tuple[int, str]]:
        """(page number, cleaned text) of a committed document."""
        return [(int(n), text) for n, text in self._content(doc_id).get("pages", [])]

    def tables(self, doc_id: str) -> list[Table]:
        """The tables read from a committed document at ingest."""
        return [Table.from_json(t) for t in self._content(doc_id).get("tables", [])]

    def printed_pages(self, doc_id: str) -> list[tuple[int, str]]:
        """(page number, everything printed on it): the prose text, then the rows of the
        tables on that page (``Table.row_text``), since the prose leaves tables out."""
        content = self._content(doc_id)
        tables = [Table.from_json(t) for t in content.get("tables", [])]
        out = []
        for number, text in content.get("pages", []):
            rows = [t.row_text(r) for t in tables for r in t.rows if r.page == int(number)]
            out.append((int(number), "\n".join([text, *rows]) if rows else text))
        return out

    def _content(self, doc_id: str) -> dict:
        """A document's stored pages and tables (older stores kept only the page list)."""
        self._fresh()
        got = self._registry.get(ids=[doc_id], include=["documents"])
        if not got["ids"]:
            return {}
        content = json.loads(got["documents"][0] or "[]")
        return {"pages": content} if isinstance(content, list) else content

    def state_token(self) -> str:
        """Changes whenever a document is added, replaced or removed."""
        pairs = sorted((d["doc_id"], d["ingest_id"]) for d in self.documents())
        return hashlib.sha256(json.dumps(pairs).encode()).hexdigest()[:16]

    def all_chunks(self, doc_id: str | None = None) -> list[Chunk]:
        where = self._visible_filter([doc_id] if doc_id else None)
        if where is None:
            return []
        chunks = []
        for offset in range(0, 1 << 62, _PAGE):
            got = self._chunks.get(where=where, include=["documents", "metadatas"], limit=_PAGE, offset=offset)
            chunks += [chunk_from(text, meta) for text, meta in zip(got["documents"], got["metadatas"])]
            if len(got["ids"]) < _PAGE:
                break
        return sorted(chunks, key=lambda c: (c.doc_id, c.index))

    def chunks_by_id(self, chunk_ids: Iterable[str]) -> dict[str, Chunk]:
        ids = list(dict.fromkeys(chunk_ids))
        where = self._visible_filter(None)
        if not ids or where is None:
            return {}
        got = self._chunks.get(where={"$and": [where, {"chunk_id": {"$in": ids}}]}, include=["documents", "metadatas"])
        return {m["chunk_id"]: chunk_from(t, m) for t, m in zip(got["documents"], got["metadatas"])}

    def query(self, vector: np.ndarray, k: int, doc_ids: list[str] | None = None,
              docs: list[dict] | None = None) -> list[tuple[Chunk, float]]:
        """Nearest visible chunks by cosine similarity (higher is better). ``docs``: the
        document list the caller already read for this ask (else it is read here)."""
        active = self._active_ingests(doc_ids, docs)
        if not active or k <= 0:
            return []
        if doc_ids is None:
            # Filtering by every committed ingest id costs up to 0.9 s at 100k chunks, and in
            # steady state nothing needs filtering: ask unfiltered with a margin and drop the
            # chunks of uncommitted ingests here; only when too many were dropped, filter.
            rows = self._nearest(vector, k + _MARGIN, None)
            live = set(active)
            visible = [row for row in rows if row[2] in live]
            if len(visible) >= k or len(rows) < k + _MARGIN:
                return [(chunk, score) for chunk, score, _ in visible[:k]]
        rows = self._nearest(vector, k, {"ingest_id": {"$in": active}})
        return [(chunk, score) for chunk, score, _ in rows]

    def _nearest(self, vector: np.ndarray, n: int, where: dict | None) -> list[tuple[Chunk, float, str]]:
        got = self._chunks.query(
            query_embeddings=[np.asarray(vector, dtype=np.float32).tolist()],
            n_results=n,
            where=where,
            include=["documents", "metadatas", "distances"],
        )
        rows = zip(got["documents"][0], got["metadatas"][0], got["distances"][0])
        return [(chunk_from(text, meta), 1.0 - float(dist), meta["ingest_id"]) for text, meta, dist in rows]

    def workspaces(self) -> list[str]:
        """Names of all workspaces in this database (each has a document registry)."""
        names = [c if isinstance(c, str) else c.name for c in self._client.list_collections()]
        return sorted(n[len("amip-"):-len("-docs")] for n in names if n.startswith("amip-") and n.endswith("-docs"))

    def count_chunks(self) -> int:
        self._fresh()
        return self._chunks.count()

    def _active_ingests(self, doc_ids: list[str] | None, docs: list[dict] | None = None) -> list[str]:
        """Ingest ids of the committed documents (of ``doc_ids`` only, if given)."""
        return [d["ingest_id"] for d in (self.documents() if docs is None else docs)
                if doc_ids is None or d["doc_id"] in doc_ids]

    def _visible_filter(self, doc_ids: list[str] | None) -> dict | None:
        active = self._active_ingests(doc_ids)
        return {"ingest_id": {"$in": active}} if active else None

    # -- writing (callers hold the workspace lock) ----------------------------------------

    def add_document(self, meta: dict, pages: list[tuple[int, str]], chunks: list[Chunk], vectors: np.ndarray) -> dict:
        """Write chunks, then commit the registry record; replaces older versions of the same file."""
        with self._writing():
            return self._add_document(meta, pages, chunks, vectors)

    def _add_document(self, meta: dict, pages: list[tuple[int, str]], chunks: list[Chunk], vectors: np.ndarray) -> dict:
        ingest_id = uuid.uuid4().hex
        for start in range(0, len(chunks), _BATCH):
            batch = chunks[start : start + _BATCH]
            self._chunks.add(
                ids=[f"{c.chunk_id}-{ingest_id[:12]}" for c in batch],
                embeddings=np.asarray(vectors[start : start + _BATCH], dtype=np.float32).tolist(),
                documents=[c.text for c in batch],
                metadatas=[chunk_meta(c, ingest_id) for c in batch],
            )
        record = dict(meta, ingest_id=ingest_id, chunks=len(chunks), ingested_at=now())
        self._registry.upsert(
            ids=[meta["doc_id"]],
            embeddings=[[1.0]],
            # Pages and tables travel with the commit record, so they appear and vanish with it.
            documents=[json.dumps({"pages": pages, "tables": meta.get("tables", [])}, ensure_ascii=False)],
            metadatas=[registry_meta(record)],
        )
        if meta.get("replaces"):  # a crash before this line is completed by ``sweep``
            self.remove(meta["replaces"])
        self.sweep()
        return doc_from_meta(meta["doc_id"], registry_meta(record))

    def remove(self, doc_id: str) -> bool:
        """Delete a document completely; False if it was not there."""
        with self._writing():
            if self.get_document(doc_id) is None:
                return False
            self._registry.delete(ids=[doc_id])  # commit point: invisible from here on
            self._chunks.delete(where={"doc_id": doc_id})
            return True

    def unfinished_replacement(self) -> bool:
        """True when a committed new version's predecessor is still there (a crash in between)."""
        docs = {d["doc_id"]: d for d in self.documents()}
        return any(d["replaces"] in docs and d["replaces"] != d["doc_id"] for d in docs.values())

    def sweep(self) -> int:
        """Delete chunks that no committed document owns (left by an interrupted ingest) and
        finish replacements a crash interrupted (new version committed, old one still there)."""
        with self._writing():
            docs = {d["doc_id"]: d for d in self.documents()}
            for doc in docs.values():
                old = docs.get(doc["replaces"])
                # Only an older version: the replaced file may be uploaded again later on.
                if old is not None and old is not doc and old["ingested_at"] <= doc["ingested_at"]:
                    self.remove(old["doc_id"])
            active = sorted({d["ingest_id"] for d in self.documents()})
            # Only the orphans' ids: reading every chunk's metadata made each ingest O(store size).
            where = {"ingest_id": {"$nin": active}} if active else None
            orphans: list[str] = []
            for offset in range(0, 1 << 62, _PAGE):
                got = self._chunks.get(where=where, include=[], limit=_PAGE, offset=offset)
                orphans += got["ids"]
                if len(got["ids"]) < _PAGE:
                    break
            for start in range(0, len(orphans), _BATCH):
                self._chunks.delete(ids=orphans[start : start + _BATCH])
            return len(orphans)
