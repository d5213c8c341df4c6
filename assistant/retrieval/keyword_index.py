"""BM25 keyword index over the chunks of a store (bm25s + German Snowball + German stopwords).

Lexical matching finds figures, instrument names and abbreviations that the small dense
model misses. The index is rebuilt from ``store.all_chunks()`` whenever the store's documents
change (ingest/remove: their ``(doc_id, ingest_id)`` pairs, as ``state_token`` hashes them)
and, for a local store, persisted under the data dir so a restart only has to load it.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import shutil
import threading
from pathlib import Path
from typing import Any

import numpy as np

from assistant.text.tokens import TOKENIZER_VERSION, name_tokens, tokenize
from ingest.types import Chunk

log = logging.getLogger(__name__)

# Bump when tokenisation or index layout changes: older saved indexes are then rebuilt.
_FORMAT = 4
# Below this many chunks, word frequencies say nothing about how common a word is.
_MIN_STATISTICS = 20



def _bm25(corpus: list[list[str]]) -> Any:
    import bm25s

    bm25 = bm25s.BM25(k1=1.2, b=0.75)
    bm25.index([doc or ["_leer_"] for doc in corpus], show_progress=False)
    return bm25


def _scores(bm25: Any, vocab: dict[str, int], tokens: list[str], size: int) -> np.ndarray:
    known = [t for t in tokens if t in vocab]
    if bm25 is None or not known:
        return np.zeros(size, dtype=np.float32)
    return np.asarray(bm25.get_scores(known), dtype=np.float32)


class KeywordIndex:
    """BM25 over a fixed list of chunks, and over their sentences/table rows ("units").

    ``scores`` ranks whole chunks; ``unit_scores`` gives each chunk the score of its best
    unit, which favours a chunk where one sentence or table row holds the question's terms
    over a long chunk that mentions them far apart.
    """

    def __init__(self, chunks: list[Chunk], bm25: Any, unit_bm25: Any, unit_owner: np.ndarray) -> None:
        self.chunks = chunks
        self._bm25 = bm25
        self._unit_bm25 = unit_bm25
        self._unit_owner = unit_owner  # chunk position of every unit, ascending
        self._vocab: dict[str, int] = dict(bm25.vocab_dict) if bm25 is not None else {}
        self._unit_vocab: dict[str, int] = dict(unit_bm25.vocab_dict) if unit_bm25 is not None else {}
        self._name_tokens = {t for n in {c.filename for c in chunks} for t in name_tokens(n)}
        self._df: np.ndarray | None = None

    def following(self, chunk: Chunk, n: int) -> list[Chunk]:
        """The up to ``n`` chunks that follow ``chunk`` in its document (a list announced at
        the end of one chunk continues in the next)."""
        if not hasattr(self, "_by_position"):
            self._by_position = {(c.doc_id, c.index): c for c in self.chunks}
        out = []
        for step in range(1, n + 1):
            nxt = self._by_position.get((chunk.doc_id, chunk.index + step))
            if nxt is None or nxt.table_id:
                break
            out.append(nxt)
        return out

    def share(self, stem: str) -> float:
        """Share of the workspace's chunks that contain ``stem``: how common a word is here.

        0 for a workspace too small to tell (fewer than ``_MIN_STATISTICS`` chunks)."""
        if self._bm25 is None or len(self.chunks) < _MIN_STATISTICS or stem not in self._vocab:
            return 0.0
        if self._df is None:  # documents per token, from the sparse BM25 score matrix
            self._df = np.diff(np.asarray(self._bm25.scores["indptr"]))
        return float(self._df[self._vocab[stem]]) / len(self.chunks)

    def knows(self, stem: str) -> bool:
        """Does any chunk (or file name) contain the stem, also inside a compound word?"""
        if stem in self._vocab or stem in self._name_tokens:
            return True
        return len(stem) >= 5 and any(stem in word for word in self._vocab)

    def mentions(self, words: str) -> bool:
        """Do the chunk texts or file names contain every word of ``words`` (e.g. a place)?"""
        # Hyphens split: "Ilm-Kreis" is found in "amip-ilm-kreis-2024.pdf" too.
        return all(t in self._vocab or t in self._name_tokens for t in tokenize(words.replace("-", " ")))

    @classmethod
    def build(cls, chunks: list[Chunk]) -> KeywordIndex:
        if not chunks:
            return cls([], None, None, np.zeros(0, dtype=np.int64))
        from assistant.text.units import chunk_units

        # Section titles carry topic words that a table chunk itself lacks.
        corpus = [tokenize(f"{c.section}\n{c.text}") for c in chunks]
        unit_corpus: list[list[str]] = []
        owner: list[int] = []
        for pos, chunk in enumerate(chunks):
            # A row of the table model is matched with its caption (it names the topic).
            head = f"{chunk.section}\n" if chunk.table_id else ""
            for s, e in chunk_units(chunk.text, bool(chunk.table_id)):
                unit_corpus.append(tokenize(head + chunk.text[s:e]))
                owner.append(pos)
        unit_bm25 = _bm25(unit_corpus) if unit_corpus else None
        return cls(chunks, _bm25(corpus), unit_bm25, np.asarray(owner, dtype=np.int64))

    def scores(self, query: str | list[str]) -> np.ndarray:
        """BM25 score of every chunk for ``query`` (text or already stemmed tokens)."""
        tokens = tokenize(query) if isinstance(query, str) else query
        return _scores(self._bm25, self._vocab, tokens, len(self.chunks))

    def unit_scores(self, query: str | list[str]) -> np.ndarray:
        """Per chunk, the BM25 score of its best-matching sentence or table row."""
        tokens = tokenize(query) if isinstance(query, str) else query
        out = np.zeros(len(self.chunks), dtype=np.float32)
        if len(self._unit_owner) == 0:
            return out
        per_unit = _scores(self._unit_bm25, self._unit_vocab, tokens, len(self._unit_owner))
        np.maximum.at(out, self._unit_owner, per_unit)
        return out

    # -- persistence -----------------------------------------------------------------------

    def save(self, directory: Path) -> None:
        """Write atomically: a half-written index must never be loaded after a crash."""
        # A name of our own: the CLI and the app may save the same index at the same time.
        tmp = directory.with_name(f"{directory.name}.{os.getpid()}-{threading.get_ident()}.tmp")
        shutil.rmtree(tmp, ignore_errors=True)
        tmp.mkdir(parents=True)
        if self._bm25 is not None:
            self._bm25.save(str(tmp / "chunks"), show_progress=False)
        if self._unit_bm25 is not None:
            self._unit_bm25.save(str(tmp / "units"), show_progress=False)
        meta = {"chunk_ids": [c.chunk_id for c in self.chunks], "unit_owner": self._unit_owner.tolist(),
                "version": _FORMAT}
        (tmp / "meta.json").write_text(json.dumps(meta))
        shutil.rmtree(directory, ignore_errors=True)
        try:
            tmp.rename(directory)
        except OSError:  # another process saved the same index first: theirs is as good
            shutil.rmtree(tmp, ignore_errors=True)

    @classmethod
    def load(cls, directory: Path, chunks: list[Chunk]) -> KeywordIndex | None:
        """The saved index if it was built over exactly ``chunks`` (same ids, same order)."""
        try:
            meta = json.loads((directory / "meta.json").read_text())
            if meta.get("version") != _FORMAT or meta["chunk_ids"] != [c.chunk_id for c in chunks]:
                return None
            owner = np.asarray(meta["unit_owner"], dtype=np.int64)
            if not chunks:
                return cls([], None, None, owner)
            import bm25s

            def read(name: str) -> Any:
                path = directory / name
                return bm25s.BM25.load(str(path), show_progress=False, verbosity=0) if path.is_dir() else None

            return cls(chunks, read("chunks"), read("units"), owner)
        except Exception as exc:  # a damaged cache is rebuilt, never fatal
            log.info("BM25-Index unter %s nicht nutzbar (%s), wird neu aufgebaut", directory, exc)
            return None


def state_of(docs: list[dict]) -> str:
    """The store's state as ``VectorStore.state_token`` computes it (the same key, so saved
    indexes stay valid), from a document list the caller has read already."""
    pairs = sorted((d["doc_id"], d.get("ingest_id", "")) for d in docs)
    return hashlib.sha256(json.dumps(pairs).encode()).hexdigest()[:16]


class StoreKeywordIndex:
    """Keeps a ``KeywordIndex`` in step with a store's documents."""

    def __init__(self, store: Any, cache_dir: Path | None = None) -> None:
        self.store = store
        if cache_dir is None and getattr(store, "data_dir", None) is not None:
            cache_dir = Path(store.data_dir) / "bm25" / str(getattr(store, "workspace", "standard"))
        self.cache_dir = cache_dir
        self._lock = threading.Lock()
        self._token: str | None = None
        self._index: KeywordIndex | None = None

    def current(self, docs: list[dict] | None = None) -> KeywordIndex:
        """The index for the store as it is now (loaded, or rebuilt after ingest/remove);
        ``docs``: the store's document list if the caller read it for this ask already."""
        token = state_of(self.store.documents() if docs is None else docs)
        with self._lock:
            if self._index is None or token != self._token:
                self._index = self._load_or_build(token)
                self._token = token
            return self._index

    def _load_or_build(self, token: str) -> KeywordIndex:
        chunks = self.store.all_chunks()
        directory = self._dir(token)
        if directory is not None and directory.is_dir():
            loaded = KeywordIndex.load(directory, chunks)
            if loaded is not None:
                return loaded
        index = KeywordIndex.build(chunks)
        if directory is not None:
            try:
                # Old versions are useless once the store moved on.
                if directory.parent.is_dir():
                    for old in directory.parent.iterdir():
                        if old.name != directory.name and not old.name.endswith(".tmp"):
                            shutil.rmtree(old, ignore_errors=True)
                index.save(directory)
            except OSError as exc:  # a read-only data dir only costs the rebuild next time
                log.warning("BM25-Index konnte nicht gespeichert werden: %s", exc)
        return index

    def _dir(self, token: str) -> Path | None:
        if self.cache_dir is None:
            return None
        # Tokens are part of the index: a changed tokenizer makes the cached one stale.
        safe = hashlib.sha256(f"{token}|tokens-v{TOKENIZER_VERSION}".encode()).hexdigest()[:16]
        return self.cache_dir / safe
