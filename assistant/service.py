"""The assistant as one object: what the CLI and the Streamlit app call.

Heavy parts (embedder, store, chat model) are created lazily and once; the app keeps one
``Assistant`` per workspace in ``st.cache_resource``.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from functools import cached_property
from pathlib import Path

from assistant.settings import Settings
from assistant.types import Answer, Hit
from ingest.embedding import Embedder, make_embedder
from ingest.pipeline import Ingestor, Progress
from ingest.store import VectorStore
from ingest.types import IngestError, IngestReport


class Assistant:
    """Facade over ingestion, retrieval, answering, figures and question drafting."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self._lock = threading.Lock()

    # -- components ------------------------------------------------------------------------

    @cached_property
    def embedder(self) -> Embedder:
        return make_embedder(self.settings.embedding)

    @cached_property
    def store(self) -> VectorStore:
        return VectorStore(
            workspace=self.settings.workspace,
            embedding_name=self.embedder.name,
            data_dir=self.settings.data_dir,
            chroma_url=self.settings.chroma_url,
        )

    @cached_property
    def ingestor(self) -> Ingestor:
        return Ingestor(self.store, self.embedder, self.settings.ingest_options(), self.settings.data_dir)

    @cached_property
    def retriever(self):
        from assistant.retrieval import HybridRetriever

        return HybridRetriever(self.store, self.embedder)

    def chat_model(self, backend: str):
        from assistant.llm import make_chat_model

        return make_chat_model(self.settings, backend)

    # -- documents -------------------------------------------------------------------------

    def ingest_bytes(self, data: bytes, filename: str, progress: Progress | None = None) -> IngestReport:
        return self.ingestor.ingest(data, filename, progress)

    def ingest_paths(self, paths: list[Path]) -> tuple[list[IngestReport], list[dict]]:
        """Ingest several files; good ones are indexed, bad ones listed with a German error."""
        reports, errors = [], []
        for path in paths:
            try:
                data = _read_file(path, self.settings.max_file_mb)
                reports.append(self.ingest_bytes(data, path.name))
            except IngestError as exc:
                errors.append({"filename": path.name, "error": str(exc)})
        return reports, errors

    def documents(self) -> list[dict]:
        return self.store.documents()

    def remove(self, doc_id: str) -> bool:
        return self.ingestor.remove(self.resolve_doc_id(doc_id))

    def resolve_doc_id(self, doc_id: str) -> str:
        """Accept a unique prefix of a document id (as shown in ``amip docs``)."""
        matches = [d["doc_id"] for d in self.documents() if d["doc_id"].startswith(doc_id)]
        if len(matches) == 1:
            return matches[0]
        if not matches:
            raise IngestError(f"Kein Dokument mit der Kennung „{doc_id}“ in diesem Arbeitsbereich.")
        raise IngestError(f"Die Kennung „{doc_id}“ ist nicht eindeutig; bitte mehr Zeichen angeben.")

    def pdf_path(self, doc_id: str) -> Path | None:
        path = self.ingestor.file_path(doc_id)
        return path if path.exists() else None

    # -- questions and answers -------------------------------------------------------------

    def search(self, query: str, k: int = 8, doc_id: str | None = None) -> list[Hit]:
        doc = self.resolve_doc_id(doc_id) if doc_id else None
        return self.retriever.search(query, k=k, doc_id=doc)

    def ask(
        self,
        question: str,
        doc_id: str | None = None,
        backend: str | None = None,
        on_token: Callable[[str], None] | None = None,
        k: int = 6,
    ) -> Answer:
        from assistant.answering import answer_question

        backend = backend or self.settings.effective_llm
        hits = self.search(question, k=k, doc_id=doc_id)
        model = self.chat_model(backend)
        return answer_question(question, hits, model, backend, on_token=on_token)


def _read_file(path: Path, max_mb: int) -> bytes:
    if not path.is_file():
        raise IngestError(f"Die Datei „{path}“ wurde nicht gefunden.")
    if path.stat().st_size > max_mb * 1024 * 1024:
        raise IngestError(f"„{path.name}“ ist größer als {max_mb} MB und wurde nicht aufgenommen.")
    return path.read_bytes()
