"""VectorStore: commit visibility, replacement, removal, sweeping, model mixing."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from ingest.store import StoreError, VectorStore, check_workspace
from ingest.types import Chunk
from tests.fakes import FakeEmbedder


def _chunks(doc_id: str, texts: list[str], filename: str = "a.pdf") -> list[Chunk]:
    out, pos = [], 0
    for i, text in enumerate(texts):
        out.append(Chunk(f"{doc_id}-{i}", doc_id, text, pos, pos + len(text), i + 1, i + 1, "", filename, i))
        pos += len(text) + 2
    return out


def _add(store: VectorStore, emb: FakeEmbedder, doc_id: str, texts: list[str], filename: str = "a.pdf",
         replaces: str = "") -> None:
    chunks = _chunks(doc_id, texts, filename)
    meta = {"doc_id": doc_id, "filename": filename, "title": "T", "pages": len(texts), "ocr_pages": [],
            "warnings": [], "replaces": replaces}
    store.add_document(meta, [(i + 1, t) for i, t in enumerate(texts)], chunks, emb.embed_passages(texts))


@pytest.fixture
def store(tmp_path: Path) -> VectorStore:
    return VectorStore("test", "fake-embedder", data_dir=tmp_path)


def test_add_query_and_list(store: VectorStore) -> None:
    emb = FakeEmbedder()
    _add(store, emb, "d1", ["Eingliederungsbudget 2024 beträgt 2.970.357 Euro", "Arbeitsgelegenheiten AGH 145"])
    docs = store.documents()
    assert [(d["doc_id"], d["chunks"], d["pages"]) for d in docs] == [("d1", 2, 2)]
    hits = store.query(emb.embed_query("Arbeitsgelegenheiten AGH"), k=1)
    assert hits[0][0].chunk_id == "d1-1" and hits[0][1] > 0.5
    assert store.page_texts("d1")[1] == (2, "Arbeitsgelegenheiten AGH 145")


def test_new_version_replaces_the_named_old_one(store: VectorStore) -> None:
    emb = FakeEmbedder()
    _add(store, emb, "old", ["alt eins", "alt zwei"])
    _add(store, emb, "same-name", ["anderer Inhalt"])
    assert [d["doc_id"] for d in store.documents()] == ["old", "same-name"]  # same name: both kept
    store.remove("same-name")
    token = store.state_token()
    _add(store, emb, "new", ["neu eins"], replaces="old")
    assert [d["doc_id"] for d in store.documents()] == ["new"]
    assert [c.text for c in store.all_chunks()] == ["neu eins"]
    assert store.count_chunks() == 1
    assert store.state_token() != token


def test_remove_deletes_everything(store: VectorStore) -> None:
    emb = FakeEmbedder()
    _add(store, emb, "d1", ["eins"], "a.pdf")
    _add(store, emb, "d2", ["zwei"], "b.pdf")
    assert store.remove("d1") is True
    assert store.remove("d1") is False
    assert [c.doc_id for c in store.all_chunks()] == ["d2"]
    assert store.count_chunks() == 1


def test_uncommitted_chunks_are_invisible_and_swept(store: VectorStore) -> None:
    emb = FakeEmbedder()
    _add(store, emb, "d1", ["sichtbar"])
    # Simulate a crash after writing chunks but before the registry commit.
    orphan = _chunks("d2", ["halb"], "b.pdf")
    store._chunks.add(ids=["orphan"], embeddings=emb.embed_passages(["halb"]).tolist(),
                      documents=["halb"], metadatas=[{**{"chunk_id": "x", "doc_id": "d2", "ingest_id": "dead",
                      "filename": "b.pdf", "page_start": 1, "page_end": 1, "char_start": 0, "char_end": 4,
                      "section": "", "index": 0}}])
    assert orphan and [c.text for c in store.all_chunks()] == ["sichtbar"]
    assert all(c.doc_id == "d1" for c, _ in store.query(emb.embed_query("halb"), k=5))
    assert store.sweep() == 1
    assert store.count_chunks() == 1


def test_query_finds_committed_chunks_behind_many_nearer_orphans(store: VectorStore) -> None:
    emb = FakeEmbedder()
    _add(store, emb, "d1", ["Weiterbildung geplant", "Arbeitsgelegenheiten geplant", "Einstiegsgeld"])
    # More uncommitted chunks than the query's margin, all nearer to the query than d1's.
    count = 30
    texts = [f"halb fertig {i}" for i in range(count)]
    store._chunks.add(
        ids=[f"orphan-{i}" for i in range(count)], embeddings=emb.embed_passages(texts).tolist(), documents=texts,
        metadatas=[{"chunk_id": f"x{i}", "doc_id": "d2", "ingest_id": "dead", "filename": "b.pdf", "page_start": 1,
                    "page_end": 1, "char_start": 0, "char_end": 4, "section": "", "index": i} for i in range(count)])
    hits = store.query(emb.embed_query("halb fertig"), k=2)
    assert [c.doc_id for c, _ in hits] == ["d1", "d1"]
    assert len(store.query(emb.embed_query("halb fertig"), k=10)) == 3


def test_doc_filter_and_chunks_by_id(store: VectorStore) -> None:
    emb = FakeEmbedder()
    _add(store, emb, "d1", ["Budget eins"], "a.pdf")
    _add(store, emb, "d2", ["Budget zwei"], "b.pdf")
    hits = store.query(emb.embed_query("Budget"), k=5, doc_ids=["d2"])
    assert {c.doc_id for c, _ in hits} == {"d2"}
    assert set(store.chunks_by_id(["d1-0", "d2-0", "nope"])) == {"d1-0", "d2-0"}


def test_refuses_to_mix_embedding_models(tmp_path: Path) -> None:
    VectorStore("test", "model-a", data_dir=tmp_path)
    with pytest.raises(StoreError, match="Einbettungsmodell"):
        VectorStore("test", "model-b", data_dir=tmp_path)


def test_workspace_names_are_checked() -> None:
    assert check_workspace("beirat-nord_1") == "beirat-nord_1"
    for bad in ("", "../x", "a b", "x" * 41):
        with pytest.raises(StoreError, match="Arbeitsbereich"):
            check_workspace(bad)


def test_empty_store_queries(store: VectorStore) -> None:
    assert store.all_chunks() == []
    assert store.query(np.ones(64, dtype=np.float32), k=3) == []
