"""SIGKILL in the middle of an ingest, for real: a helper process is stopped at chosen
points of the write path (and at random moments) and killed with SIGKILL; a fresh process
must then see no half-indexed document, and the next run must recover."""

from __future__ import annotations

import os
import random
import shutil
import signal
import time
from pathlib import Path

import pytest

from benchmarks.synth import amip_pdf
from tests.reliability.conftest import run_child, start_child

WORKSPACE = "absturz"


def _files(tmp_path: Path) -> dict[str, Path]:
    files = tmp_path / "pdfs"
    files.mkdir(exist_ok=True)
    out = {}
    for name, seed, pages in (("alt.pdf", 1, 8), ("neu.pdf", 2, 20), ("gross.pdf", 3, 40)):
        out[name] = files / name
        out[name].write_bytes(amip_pdf(pages, seed=seed))
    # A new version of alt.pdf (same file name, different bytes).
    (files / "v2").mkdir(exist_ok=True)
    out["alt-v2"] = files / "v2" / "alt.pdf"
    out["alt-v2"].write_bytes(amip_pdf(10, seed=4))
    return out


def _inspect(data_dir: Path) -> dict:
    return run_child("inspect", str(data_dir), WORKSPACE)


def _assert_consistent(state: dict) -> None:
    """Every visible document is complete; dense search sees exactly the visible chunks."""
    for doc in state["documents"]:
        info = state["per_doc"][doc["doc_id"]]
        assert info["chunks"] == info["registered"] == doc["chunks"], (doc["filename"], info)
        assert info["indices"] == list(range(doc["chunks"])), doc["filename"]
    visible = sum(d["chunks"] for d in state["documents"])
    assert state["dense_hits"] == visible
    assert set(state["dense_doc_ids"]) == {d["doc_id"] for d in state["documents"]}


def _kill_at(data_dir: Path, file: Path, stage: str, marker: Path, batch: int = 10,
             extra: tuple[str, ...] = ()) -> None:
    proc = start_child("ingest", str(data_dir), WORKSPACE, str(file), "--pause", stage,
                       "--marker", str(marker), "--batch", str(batch), *extra,
                       log=marker.with_suffix(".log"))
    deadline = time.monotonic() + 60
    while not marker.exists():
        assert proc.poll() is None, marker.with_suffix(".log").read_text()[-3000:]
        assert time.monotonic() < deadline, "helper never reached the pause point"
        time.sleep(0.02)
    os.kill(proc.pid, signal.SIGKILL)
    assert proc.wait(timeout=30) == -signal.SIGKILL


@pytest.mark.parametrize("stage", ["embed", "chunks", "commit"])
def test_kill_during_new_ingest_leaves_no_half_document(tmp_path: Path, stage: str) -> None:
    files = _files(tmp_path)
    data = tmp_path / "data"
    run_child("ingest", str(data), WORKSPACE, str(files["alt.pdf"]))
    before = _inspect(data)
    _kill_at(data, files["neu.pdf"], stage, tmp_path / f"{stage}.marker")

    after = _inspect(data)
    assert [d["doc_id"] for d in after["documents"]] == [d["doc_id"] for d in before["documents"]]
    assert [d["filename"] for d in after["documents"]] == ["alt.pdf"]
    _assert_consistent(after)

    # The next run re-indexes the interrupted file completely and sweeps what was left.
    result = run_child("ingest", str(data), WORKSPACE, str(files["neu.pdf"]))
    report = result["results"][0]["report"]
    assert report["status"] == "indexed"
    final = _inspect(data)
    assert sorted(d["filename"] for d in final["documents"]) == ["alt.pdf", "neu.pdf"]
    _assert_consistent(final)
    assert final["raw_chunks"] == sum(d["chunks"] for d in final["documents"])  # orphans swept


def test_kill_between_commit_and_replacement_recovers_on_next_run(tmp_path: Path) -> None:
    """New version committed, old one not yet removed: the next run finishes the replacement."""
    files = _files(tmp_path)
    data = tmp_path / "data"
    first = run_child("ingest", str(data), WORKSPACE, str(files["alt.pdf"]))
    old_id = first["results"][0]["report"]["doc_id"]
    _kill_at(data, files["alt-v2"], "after-commit", tmp_path / "after.marker",
             extra=("--replace", old_id))

    after = _inspect(data)
    _assert_consistent(after)  # both versions may be visible, but each is complete
    assert {d["filename"] for d in after["documents"]} == {"alt.pdf"}

    result = run_child("ingest", str(data), WORKSPACE, str(files["alt-v2"]))
    assert result["results"][0]["report"]["status"] == "unchanged"
    final = _inspect(data)
    new_id = result["results"][0]["report"]["doc_id"]
    assert [d["doc_id"] for d in final["documents"]] == [new_id]
    _assert_consistent(final)
    assert not (data / "files" / WORKSPACE / f"{old_id}.pdf").exists()
    assert (data / "files" / WORKSPACE / f"{new_id}.pdf").exists()


@pytest.mark.slow
def test_kill_at_random_moments_never_exposes_half_a_document(tmp_path: Path) -> None:
    """No pause hooks: SIGKILL at random times while chunks are really being written."""
    files = _files(tmp_path)
    rng = random.Random(6)
    data = tmp_path / "data"
    run_child("ingest", str(data), WORKSPACE, str(files["alt.pdf"]))
    for attempt in range(4):
        marker = tmp_path / f"write-{attempt}.marker"
        proc = start_child("ingest", str(data), WORKSPACE, str(files["gross.pdf"]), "--pause", "write",
                           "--marker", str(marker), "--batch", "5", log=marker.with_suffix(".log"))
        deadline = time.monotonic() + 60
        while not marker.exists() and proc.poll() is None and time.monotonic() < deadline:
            time.sleep(0.005)
        time.sleep(rng.uniform(0.0, 0.4))
        if proc.poll() is None:
            os.kill(proc.pid, signal.SIGKILL)
        proc.wait(timeout=30)
        state = _inspect(data)
        _assert_consistent(state)
        names = sorted(d["filename"] for d in state["documents"])
        assert names in (["alt.pdf"], ["alt.pdf", "gross.pdf"]), names
        if "gross.pdf" in names:  # finished before the kill: start over for the next attempt
            shutil.rmtree(data)
            run_child("ingest", str(data), WORKSPACE, str(files["alt.pdf"]))
    result = run_child("ingest", str(data), WORKSPACE, str(files["gross.pdf"]))
    assert result["results"][0]["ok"]
    final = _inspect(data)
    _assert_consistent(final)
    assert final["raw_chunks"] == sum(d["chunks"] for d in final["documents"])


def test_kill_during_remove_leaves_document_either_there_or_gone(tmp_path: Path) -> None:
    """Removing is one registry delete (the commit point) and a chunk delete: after a kill
    the document is fully there or fully gone, and leftovers are swept by the next write."""
    files = _files(tmp_path)
    data = tmp_path / "data"
    result = run_child("ingest", str(data), WORKSPACE, str(files["alt.pdf"]), str(files["neu.pdf"]))
    doc_id = result["results"][0]["report"]["doc_id"]
    script = (
        "import sys, time, os, signal; sys.path.insert(0, %r)\n"
        "from ingest.store import VectorStore\n"
        "s = VectorStore(%r, 'fake-embedder', data_dir=__import__('pathlib').Path(%r))\n"
        "orig = s._chunks.delete\n"
        "def stop(*a, **k):\n"
        "    os.kill(os.getpid(), signal.SIGKILL)\n"
        "s._chunks.delete = stop\n"
        "s.remove(%r)\n"
    ) % (str(Path(__file__).resolve().parents[2]), WORKSPACE, str(data), doc_id)
    import subprocess
    import sys

    proc = subprocess.run([sys.executable, "-c", script], capture_output=True, timeout=60)
    assert proc.returncode == -signal.SIGKILL, proc.stderr[-2000:]
    state = _inspect(data)
    assert [d["filename"] for d in state["documents"]] == ["neu.pdf"]
    _assert_consistent(state)
    run_child("ingest", str(data), WORKSPACE, str(files["gross.pdf"]))
    final = _inspect(data)
    _assert_consistent(final)
    assert final["raw_chunks"] == sum(d["chunks"] for d in final["documents"])
