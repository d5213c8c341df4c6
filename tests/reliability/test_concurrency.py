"""Two processes ingesting into the same workspace at the same time, for real."""

from __future__ import annotations

import json
import time
from pathlib import Path

import pytest

from benchmarks.synth import amip_pdf
from ingest.store import VectorStore
from tests.fakes import FakeEmbedder
from tests.reliability.conftest import run_child, start_child

WORKSPACE = "parallel"


def _write(tmp_path: Path, count: int, pages: int = 10, seed: int = 20) -> list[Path]:
    folder = tmp_path / "pdfs"
    folder.mkdir(exist_ok=True)
    paths = []
    for i in range(count):
        path = folder / f"amip-{i}.pdf"
        path.write_bytes(amip_pdf(pages, seed=seed + i))
        paths.append(path)
    return paths


def _run_together(data: Path, groups: list[list[Path]], tmp_path: Path, batch: int = 10) -> list[dict]:
    """Start one helper per group, release them at the same moment, collect their results."""
    barrier = tmp_path / "los"
    procs = []
    for n, group in enumerate(groups):
        log = tmp_path / f"proc-{n}.log"
        procs.append((start_child("ingest", str(data), WORKSPACE, *map(str, group), "--barrier", str(barrier),
                                  "--batch", str(batch), log=log), log))
    time.sleep(2.5)  # both have imported everything and opened the store
    barrier.write_text("los")
    results = []
    for proc, log in procs:
        assert proc.wait(timeout=180) == 0, log.read_text()[-3000:]
        lines = [line for line in log.read_text().splitlines() if line.startswith("{")]
        results.append(json.loads(lines[-1]))
    return results


def _assert_clean(data: Path, expected_files: set[str]) -> dict:
    state = run_child("inspect", str(data), WORKSPACE)
    names = [d["filename"] for d in state["documents"]]
    assert sorted(names) == sorted(expected_files)  # each exactly once
    for doc in state["documents"]:
        info = state["per_doc"][doc["doc_id"]]
        assert info["chunks"] == doc["chunks"] and info["indices"] == list(range(doc["chunks"]))
    visible = sum(d["chunks"] for d in state["documents"])
    assert state["raw_chunks"] == visible  # no orphans, no duplicates
    assert state["dense_hits"] == visible
    return state


def test_two_processes_on_a_fresh_data_dir(tmp_path: Path) -> None:
    """Both create the database at the same time (chromadb's migrations must not race)."""
    paths = _write(tmp_path, 4)
    data = tmp_path / "data"
    results = _run_together(data, [paths[:2], paths[2:]], tmp_path)
    for result in results:
        assert all(r["ok"] for r in result["results"]), result
    _assert_clean(data, {p.name for p in paths})


def test_two_processes_ingest_different_files(tmp_path: Path) -> None:
    paths = _write(tmp_path, 6, seed=40)
    data = tmp_path / "data"
    run_child("inspect", str(data), WORKSPACE)  # the workspace exists already
    results = _run_together(data, [paths[0::2], paths[1::2]], tmp_path, batch=5)
    for result in results:
        assert all(r["ok"] and r["report"]["status"] == "indexed" for r in result["results"]), result
    _assert_clean(data, {p.name for p in paths})


def test_two_processes_ingest_the_same_files(tmp_path: Path) -> None:
    """Same bytes from both sides: one copy of each document, no duplicate chunks."""
    paths = _write(tmp_path, 3, seed=60)
    data = tmp_path / "data"
    run_child("inspect", str(data), WORKSPACE)
    results = _run_together(data, [paths, list(reversed(paths))], tmp_path, batch=5)
    for result in results:
        assert all(r["ok"] for r in result["results"]), result
    _assert_clean(data, {p.name for p in paths})


@pytest.mark.slow
def test_a_running_reader_sees_documents_ingested_by_another_process(tmp_path: Path) -> None:
    """The app keeps its store open while the CLI ingests: new documents must show up,
    removed ones disappear, and dense search covers them (no stale index in the reader)."""
    paths = _write(tmp_path, 2, seed=80)
    data = tmp_path / "data"
    run_child("ingest", str(data), WORKSPACE, str(paths[0]))
    embedder = FakeEmbedder()
    reader = VectorStore(WORKSPACE, embedder.name, data_dir=data)
    first = reader.documents()
    assert [d["filename"] for d in first] == ["amip-0.pdf"]
    visible_before = len(reader.query(embedder.embed_query("Eingliederungsbudget"), k=1000))

    result = run_child("ingest", str(data), WORKSPACE, str(paths[1]))
    added = result["results"][0]["report"]
    assert sorted(d["filename"] for d in reader.documents()) == ["amip-0.pdf", "amip-1.pdf"]
    hits = reader.query(embedder.embed_query("Eingliederungsbudget"), k=1000)
    assert len(hits) == visible_before + added["chunks"]
    assert {c.doc_id for c, _ in hits} == {first[0]["doc_id"], added["doc_id"]}
    assert len(reader.all_chunks(added["doc_id"])) == added["chunks"]


@pytest.mark.slow
def test_two_writers_with_large_documents_keep_every_vector(tmp_path: Path) -> None:
    """Over 1,000 chunks per writer (130 pages each, since chunks overlap by whole sentences
    only): embedded Chroma persists its in-memory vector index then, and a writer with a
    stale index would overwrite the other's vectors on disk."""
    paths = _write(tmp_path, 4, pages=130, seed=90)
    data = tmp_path / "data"
    run_child("inspect", str(data), WORKSPACE)
    results = _run_together(data, [paths[:2], paths[2:]], tmp_path, batch=100)
    for result in results:
        assert all(r["ok"] for r in result["results"]), result
    state = _assert_clean(data, {p.name for p in paths})
    assert state["dense_hits"] > 2000
