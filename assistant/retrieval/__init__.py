"""Retrieval: BM25 keyword index, dense search and their fusion."""

from assistant.retrieval.hybrid import HybridRetriever, RetrievalConfig

__all__ = ["HybridRetriever", "RetrievalConfig"]
