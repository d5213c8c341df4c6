"""In-repo fakes: a deterministic embedder that records its calls."""

from __future__ import annotations

import hashlib

import numpy as np


class FakeEmbedder:
    """Bag-of-words hashing embedder: similar texts get similar vectors, no model needed."""

    def __init__(self, dim: int = 64, name: str = "fake-embedder") -> None:
        self.dim = dim
        self.name = name
        self.calls: list[list[str]] = []

    def _vector(self, text: str) -> np.ndarray:
        vec = np.zeros(self.dim, dtype=np.float32)
        for word in text.lower().split():
            slot = int(hashlib.md5(word.encode()).hexdigest(), 16) % self.dim
            vec[slot] += 1.0
        norm = np.linalg.norm(vec)
        return vec / norm if norm else np.eye(self.dim, dtype=np.float32)[0]

    def embed_passages(self, texts: list[str]) -> np.ndarray:
        self.calls.append(list(texts))
        return np.vstack([self._vector(t) for t in texts]) if texts else np.empty((0, self.dim), np.float32)

    def embed_query(self, text: str) -> np.ndarray:
        self.calls.append([text])
        return self._vector(text)
