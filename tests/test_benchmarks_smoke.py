"""``make bench`` in its CI form: the whole benchmark with tiny sizes, without ../shared."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]


@pytest.mark.slow
def test_benchmark_smoke_run(tmp_path: Path) -> None:
    out = tmp_path / "results.json"
    done = subprocess.run(
        [sys.executable, "-m", "benchmarks.run", "--smoke", "--shared", str(tmp_path / "kein-shared"),
         "--out", str(out), "--work-dir", str(tmp_path / "work")],
        capture_output=True, text=True, timeout=900, cwd=str(REPO),
    )
    assert done.returncode == 0, done.stderr[-4000:]
    results = json.loads(done.stdout)  # stdout is exactly one JSON object
    assert json.loads(out.read_text()) == results
    assert "Messwerte" in out.with_suffix(".md").read_text() and "| Datei |" in done.stderr

    (ingest,) = results["ingest"]
    assert ingest["pages"] == 4 and ingest["chunks"] > 0 and ingest["seconds"] > 0
    assert ingest["peak_rss_mb"] > 0 and ingest["floor_s"] > 0 and ingest["ratio_to_floor"] > 0
    assert {(r["mode"], r["chunks"]) for r in results["search"]} == {("embedded", 300), ("server", 300)}
    for row in results["search"]:
        assert row["documents"] >= 1 and 0 < row["hybrid"]["p50_ms"] <= row["hybrid"]["p95_ms"]
        assert row["rss_end_mb"] > 0
    assert next(r for r in results["search"] if r["mode"] == "server")["server_rss_mb"] > 0
    extractive = results["answer"]["extractive"]
    assert extractive["questions"] == 2 and extractive["total_p50_s"] >= 0
    local = results["answer"]["local"]
    assert "skipped" in local or (local["questions"] == 1 and local["ttft_p50_s"] > 0)
    app = results["answer"].get("app")  # the chat as the app runs it (measured when a model is there)
    assert app is None or (app["questions"] == 1 and 0 < app["visible_cold_s"] and app["answered"] <= 1)
    draft = results["draft"]
    assert draft["pages"] == 4 and draft["questions"] > 0 and not draft["errors"] and draft["warm_same"]
    assert 0 < draft["warm_s"] < draft["cold_s"]
    goals = {g["goal"] for g in results["goals"]}
    assert len(goals) >= 6 and any("Fragen entwerfen" in g and "gespeichert" in g for g in goals)
    assert any("Geprüfte Antwort sichtbar" in g for g in goals)
    assert any("nicht gefunden" in note for note in results["notes"])
    assert not (tmp_path / "work").exists()  # cleaned up
