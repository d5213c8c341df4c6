"""Hybrid retrieval: three rankings fused by reciprocal rank, with glossary expansion.

- BM25 over whole chunks catches exact figures, instrument names and abbreviations;
- BM25 over single sentences and table rows (with their column header) favours the chunk
  where one row holds the question's terms ("Arbeitsgelegenheiten 133 145 | Plan 2024");
- dense search (e5) catches paraphrases.
Reciprocal-rank fusion needs no score calibration between them, which matters because
BM25 scores grow with query length while cosine scores do not.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from assistant.retrieval.context import AnswerContext, ChunkUnits, TableSource, table_sources
from assistant.retrieval.keyword_index import KeywordIndex, StoreKeywordIndex
from assistant.text.tokens import tokenize
from assistant.types import Hit
from ingest.types import Chunk

if TYPE_CHECKING:
    from assistant.answering.question import Question


@dataclass(frozen=True)
class RetrievalConfig:
    """Fusion parameters: the usual RRF constant and equal weights; the dev set showed no
    reason to move them (dense 0.5–1.5 and rrf_k 20–60 give the same recall@5)."""

    rrf_k: int = 60  # the usual RRF constant: flattens the difference between ranks 1 and 5
    bm25_weight: float = 1.0
    unit_weight: float = 1.0  # BM25 of the best sentence/table row of a chunk
    dense_weight: float = 1.0
    expansion_weight: float = 0.5  # glossary forms the user did not type count less
    candidates: int = 50  # per ranker, before fusion
    cap_share: float = 0.6  # at most this share of the k hits from one document...
    min_cap: int = 3  # ...but never fewer than this many


class HybridRetriever:
    """``search(query, k, doc_id) -> list[Hit]`` over a ``VectorStore`` and an ``Embedder``."""

    def __init__(
        self,
        store: Any,
        embedder: Any,
        config: RetrievalConfig | None = None,
        cache_dir: Path | None = None,
    ) -> None:
        self.store = store
        self.embedder = embedder
        self.config = config or RetrievalConfig()
        self.keyword = StoreKeywordIndex(store, cache_dir)
        # (doc_id, ingest_id) -> its tables: a document version's tables never change
        self._tables: dict[tuple[str, str], tuple[TableSource, ...]] = {}

    def search(self, query: str | Question, k: int = 8, doc_id: str | None = None) -> list[Hit]:
        """The ``k`` best chunks for ``query`` (analysed once by the caller, or here for a
        plain text), optionally only from document ``doc_id``."""
        return self._search(_analysed(query), k, doc_id, self.keyword.current())

    def _search(self, q: Question, k: int, doc_id: str | None, index: KeywordIndex,
                docs: list[dict] | None = None) -> list[Hit]:
        if not q.text or k <= 0:
            return []
        tokens = list(q.tokens)
        extra_tokens = [t for term in q.expansions for t in _term_tokens(term) if t not in tokens]
        # Long forms help the dense model too; bare abbreviations mean little to it.
        long_forms = [t for t in q.expansions if " " in t or len(t) > 6]
        dense_query = f"{q.text} ({', '.join(long_forms)})" if long_forms else q.text

        chunk_ranked, unit_ranked = self._bm25(index, tokens, extra_tokens, doc_id)
        dense_ranked = self._dense(dense_query, doc_id, docs)
        fused = self._fuse([
            (self.config.bm25_weight, chunk_ranked),
            (self.config.unit_weight, unit_ranked),
            (self.config.dense_weight, dense_ranked),
        ])
        if doc_id is None:
            fused = _cap_per_document(fused, k, self._cap(k))
        return [Hit(chunk, score) for chunk, score in fused[:k]]

    def context(self, q: Question, k: int, doc_id: str | None = None,
                docs: list[dict] | None = None) -> AnswerContext:
        """Everything answering needs, prepared once: the hits, the chunks continuing a list
        announced at a hit's end, the units of both (each text split once), the places no
        document mentions, and the table model of the document asked about (else of the best
        hit's: a row of another AMIP never answers). ``docs``: the store's document list as
        this ask read it (else it is read here)."""
        docs = self.store.documents() if docs is None else docs
        index = self.keyword.current(docs)
        hits = self._search(q, k, doc_id, index, docs)
        following = {h.chunk.chunk_id: tuple(index.following(h.chunk, 3))
                     for h in hits if h.chunk.text.rstrip().endswith(":")}
        unknown = tuple(p for p in q.places if not index.mentions(p))
        nouns = tuple(n for n in q.restrictions if not index.knows(n))
        table_doc = doc_id or (hits[0].chunk.doc_id if hits else None)
        sources = self._table_sources(table_doc, docs, index) if table_doc else []
        units = ChunkUnits([h.chunk for h in hits] + [c for chunks in following.values() for c in chunks])
        return AnswerContext(hits, q, following, unknown, nouns, sources, units)

    def _table_sources(self, doc_id: str, docs: list[dict], index: KeywordIndex) -> list[TableSource]:
        """The tables of ``doc_id`` with their chunks, read once per document version (a new
        ingest of the document has a new ``ingest_id``; a removed one is never asked about)."""
        tables = getattr(self.store, "tables", None)
        if tables is None:
            return []
        version = next((d.get("ingest_id", "") for d in docs if d["doc_id"] == doc_id), "")
        key = (doc_id, version)
        cached = self._tables.get(key) if version else None  # one lookup: another thread may clear
        if cached is not None:
            return list(cached)
        sources = table_sources(tables(doc_id), [c for c in index.chunks if c.doc_id == doc_id])
        if version:  # a document not in this ask's list (ingested meanwhile) is not kept
            if len(self._tables) >= 16:  # bounded: a long-running app sees many versions
                self._tables.clear()
            self._tables[key] = tuple(sources)
        return sources

    # -- rankers ---------------------------------------------------------------------------

    def _bm25(self, index: KeywordIndex, tokens: list[str], extra: list[str],
              doc_id: str | None) -> tuple[list[Chunk], list[Chunk]]:
        if not index.chunks:
            return [], []
        w = self.config.expansion_weight
        mask = np.array([doc_id is None or c.doc_id == doc_id for c in index.chunks])
        ranked = []
        for score_fn in (index.scores, index.unit_scores):
            scores = score_fn(tokens) + (w * score_fn(extra) if extra else 0.0)
            scores = np.where(mask, scores, 0.0)
            order = np.argsort(-scores, kind="stable")[: self.config.candidates]
            ranked.append([index.chunks[i] for i in order if scores[i] > 0])
        return ranked[0], ranked[1]

    def _dense(self, query: str, doc_id: str | None, docs: list[dict] | None = None) -> list[Chunk]:
        vector = self.embedder.embed_query(query)
        rows = self.store.query(vector, self.config.candidates, [doc_id] if doc_id else None, docs=docs)
        return [chunk for chunk, _ in sorted(rows, key=lambda r: -r[1])]

    def _fuse(self, rankings: list[tuple[float, list[Chunk]]]) -> list[tuple[Chunk, float]]:
        scores: dict[str, float] = {}
        chunks: dict[str, Chunk] = {}
        for weight, ranked in rankings:
            for rank, chunk in enumerate(ranked, start=1):
                chunks.setdefault(chunk.chunk_id, chunk)
                scores[chunk.chunk_id] = scores.get(chunk.chunk_id, 0.0) + weight / (self.config.rrf_k + rank)
        # Ties (same fused score) keep document order, so results are deterministic.
        ordered = sorted(scores, key=lambda cid: (-scores[cid], chunks[cid].doc_id, chunks[cid].index))
        return [(chunks[cid], scores[cid]) for cid in ordered]

    def _cap(self, k: int) -> int:
        return max(self.config.min_cap, math.ceil(k * self.config.cap_share))


def _analysed(query: str | Question) -> Question:
    if isinstance(query, str):
        from assistant.answering.question import analyse

        return analyse(query or "")
    return query


def _term_tokens(term: str) -> list[str]:
    """Tokens of a glossary form; "Ein-Euro-Jobs" as one word, not as "euro" + "jobs"."""
    if " " not in term and "-" in term.strip("-"):
        return tokenize(term.replace("-", ""))
    return tokenize(term)


def _cap_per_document(ranked: list[tuple[Chunk, float]], k: int, cap: int) -> list[tuple[Chunk, float]]:
    """At most ``cap`` of the first ``k`` hits from one document, unless others run out.

    Hits beyond the cap are only pushed back, not dropped: with a single document loaded
    the result is the same as without a cap.
    """
    kept: list[tuple[Chunk, float]] = []
    deferred: list[tuple[Chunk, float]] = []
    per_doc: dict[str, int] = {}
    for item in ranked:
        doc = item[0].doc_id
        if per_doc.get(doc, 0) < cap:
            per_doc[doc] = per_doc.get(doc, 0) + 1
            kept.append(item)
        else:
            deferred.append(item)
        if len(kept) >= k:
            break
    if len(kept) < k:
        kept.extend(deferred[: k - len(kept)])
    return kept
