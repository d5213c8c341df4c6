"""An in-memory stand-in for ``ingest.store.VectorStore`` (the parts retrieval uses)."""

from __future__ import annotations

import hashlib
from pathlib import Path

import numpy as np

from assistant.types import Hit
from ingest.types import Chunk


def make_chunk(doc: str, index: int, text: str, page: int = 1, section: str = "") -> Chunk:
    cid = hashlib.sha256(f"{doc}/{index}/{text}".encode()).hexdigest()[:16]
    return Chunk(cid, doc, text, 0, len(text), page, page, section, f"{doc}.pdf", index)


def hits_for(*texts: str, doc: str = "doc") -> list[Hit]:
    return [Hit(make_chunk(doc, i, t, page=i + 1), 1.0 / (i + 1)) for i, t in enumerate(texts)]


class MemoryStore:
    """Documents of chunks with vectors from an embedder; cosine search like Chroma."""

    def __init__(self, embedder, data_dir: Path | None = None, workspace: str = "standard") -> None:
        self.embedder = embedder
        self.data_dir = data_dir
        self.workspace = workspace
        self._docs: dict[str, list[Chunk]] = {}
        self._ingests: dict[str, str] = {}
        self._vectors: dict[str, np.ndarray] = {}
        self._version = 0
        self.all_chunks_calls = 0

    def add(self, doc_id: str, texts: list[str]) -> list[Chunk]:
        chunks = [make_chunk(doc_id, i, t, page=i + 1) for i, t in enumerate(texts)]
        self._docs[doc_id] = chunks
        self._ingests[doc_id] = f"v{self._version + 1}"  # a new id per version, like the real store
        for chunk, vec in zip(chunks, self.embedder.embed_passages(texts)):
            self._vectors[chunk.chunk_id] = vec
        self._version += 1
        return chunks

    def remove(self, doc_id: str) -> None:
        self._ingests.pop(doc_id, None)
        for chunk in self._docs.pop(doc_id, []):
            self._vectors.pop(chunk.chunk_id, None)
        self._version += 1

    def documents(self) -> list[dict]:
        return [{"doc_id": d, "filename": f"{d}.pdf", "pages": len(c), "chunks": len(c), "ingest_id": self._ingests[d]}
                for d, c in self._docs.items()]

    def all_chunks(self, doc_id: str | None = None) -> list[Chunk]:
        self.all_chunks_calls += 1
        return [c for d, cs in sorted(self._docs.items()) if doc_id in (None, d) for c in cs]

    def query(self, vector: np.ndarray, k: int, doc_ids: list[str] | None = None,
              docs: list[dict] | None = None) -> list[tuple[Chunk, float]]:
        rows = [(c, float(np.dot(vector, self._vectors[c.chunk_id]))) for c in self.all_chunks()
                if doc_ids is None or c.doc_id in doc_ids]
        return sorted(rows, key=lambda r: -r[1])[:k]
