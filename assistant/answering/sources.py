"""Resolve (document, page, quote) evidence to citations of indexed chunks.

Drafted questions and checklist items rest on passages found in page texts; a citation must
point to a chunk that is really in the index, with the quote's own page.
"""

from __future__ import annotations

import re

from assistant.types import Citation
from ingest.store import VectorStore
from ingest.types import Chunk

_SPACE = re.compile(r"\s+")


def _flat(text: str) -> str:
    return _SPACE.sub(" ", text).strip()


class ChunkCiter:
    """``cite(doc_id, page, quote) -> Citation | None`` over the committed chunks of a store."""

    def __init__(self, store: VectorStore) -> None:
        self._store = store
        self._chunks: dict[str, list[Chunk]] = {}

    def _doc_chunks(self, doc_id: str) -> list[Chunk]:
        if doc_id not in self._chunks:
            self._chunks[doc_id] = self._store.all_chunks(doc_id)
        return self._chunks[doc_id]

    def __call__(self, doc_id: str, page: int, quote: str) -> Citation | None:
        wanted = _flat(quote)
        if not wanted:
            return None
        candidates = [c for c in self._doc_chunks(doc_id) if c.page_start <= page <= c.page_end]
        for chunk in candidates or self._doc_chunks(doc_id):
            exact = _exact_quote(chunk.text, wanted)
            if exact is None:
                continue
            start, end = chunk.pages_of_quote(exact)
            return Citation(marker="", chunk_id=chunk.chunk_id, doc_id=doc_id, filename=chunk.filename,
                            page_start=start, page_end=end, quote=wanted, verified=True)
        return None


def _exact_quote(text: str, wanted: str) -> str | None:
    """The span of ``text`` that equals ``wanted`` up to whitespace, as printed in ``text``."""
    pattern = r"\s+".join(re.escape(part) for part in wanted.split(" "))
    match = re.search(pattern, text)
    return match.group(0) if match else None
