"""``make bench``: ingest throughput, search latency and answer latency.

    python -m benchmarks.run --shared ../shared [--smoke] [--out benchmarks/results.json]

Prints one JSON object on stdout (also written to ``--out``) and a German markdown table on
stderr (also written next to it as ``results.md``). Every measurement runs in its own
process; the shared corpus and dev questions are used when ``--shared`` has them, and
skipped with a note otherwise. ``--smoke`` uses tiny sizes (CI).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import shutil
import subprocess
import sys
import time
from pathlib import Path

from benchmarks import measure, report

HERE = Path(__file__).resolve().parent
REPO = HERE.parent

FULL = {"pages": (40, 200), "search_sizes": (1_000, 10_000, 100_000), "repeats": 3, "local_questions": 5}
SMOKE = {"pages": (4,), "search_sizes": (300,), "repeats": 1, "local_questions": 1}

SMOKE_QUESTIONS = [
    {"id": "s1", "question": "Wie hoch ist das Eingliederungsbudget?", "answer": None},
    {"id": "s2", "question": "Welche Zielwerte gelten für die Integrationsquote?", "answer": None},
]


def log(message: str) -> None:
    print(f"[bench {time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


class MeasurementFailed(RuntimeError):
    pass


def child(kind: str, spec: dict, timeout: float = 3600) -> dict:
    """Run one measurement in a fresh interpreter and return its JSON result."""
    env = dict(os.environ, ANONYMIZED_TELEMETRY="False", HF_HUB_OFFLINE="1", TRANSFORMERS_OFFLINE="1",
               PYTHONPATH=os.pathsep.join(filter(None, [str(REPO), os.environ.get("PYTHONPATH", "")])))
    proc = subprocess.run([sys.executable, "-m", "benchmarks.run", "--child", kind, "--spec", json.dumps(spec)],
                          capture_output=True, text=True, timeout=timeout, env=env, cwd=str(REPO))
    lines = [line for line in proc.stdout.splitlines() if line.startswith("{")]
    if proc.returncode != 0 or not lines:
        raise MeasurementFailed(f"{kind} failed ({proc.returncode}): {proc.stderr[-3000:]}")
    return json.loads(lines[-1])


# -- parts -------------------------------------------------------------------------------------


def run_ingest(cfg: dict, shared: Path | None, work: Path, results: dict) -> Path | None:
    """Corpus files one by one into one data dir (reused for answers), then generated AMIPs."""
    from benchmarks.synth import amip_pdf

    corpus_dir = shared / "corpus" if shared else None
    corpus_data = work / "corpus-data"
    if corpus_dir and corpus_dir.is_dir() and not cfg["smoke"]:
        for pdf in sorted(corpus_dir.glob("*.pdf")):
            log(f"Aufnahme {pdf.name}")
            _keep(results, "ingest", lambda: child("ingest", {"file": str(pdf), "name": pdf.name,
                                                              "data_dir": str(corpus_data)}))
    else:
        results["notes"].append("Gemeinsamer Korpus nicht gelesen (Kurzlauf oder --shared ohne corpus/).")
        corpus_data = None
    for pages in cfg["pages"]:
        path = work / f"amip-generiert-{pages}-seiten.pdf"
        path.write_bytes(amip_pdf(pages, seed=pages))
        log(f"Aufnahme generiertes AMIP mit {pages} Seiten")
        row = _keep(results, "ingest", lambda: child("ingest", {"file": str(path), "name": path.name,
                                                                "data_dir": str(work / f"gen-{pages}")}))
        if row:
            row["goal_40_pages"] = pages == 40
    return corpus_data


def run_drafts(cfg: dict, shared: Path | None, work: Path, results: dict) -> None:
    """"Fragen entwerfen" for a 15-page AMIP (the corpus file nearest 15 pages, else a generated
    one; a 4-page one in the short run), cold and warm, in its own data dir."""
    from benchmarks.synth import amip_pdf
    from pypdf import PdfReader

    pages = cfg["pages"][0] if cfg["smoke"] else 15
    corpus = sorted((shared / "corpus").glob("*.pdf")) if shared and (shared / "corpus").is_dir() else []
    pdf = min(corpus, key=lambda p: abs(len(PdfReader(p).pages) - pages)) if corpus and not cfg["smoke"] else None
    if pdf is None:
        pdf = work / f"amip-generiert-{pages}-seiten.pdf"
        pdf.write_bytes(amip_pdf(pages, seed=pages))
    data_dir = work / "draft-data"
    log(f"Fragen entwerfen: {pdf.name}")
    if _keep(results, None, lambda: child("ingest", {"file": str(pdf), "name": pdf.name, "data_dir": str(data_dir)})):
        results["draft"] = _keep(results, None, lambda: child(
            "draft", {"data_dir": str(data_dir), "filename": pdf.name})) or {"failed": True}


def _search_spec(size: int, cfg: dict) -> dict:
    """From 100k chunks on: documents of 1,000 chunks and one pass over the queries, so the
    full run stays near 15 minutes (inserting is the slow part, not searching)."""
    large = size >= 100_000
    return {"chunks_per_doc": 1000 if large else 200, "repeats": 1 if large else cfg["repeats"]}


def run_search(cfg: dict, work: Path, results: dict) -> None:
    from benchmarks.servers import chroma_server_process, rss_mb

    queries = list(measure.SEARCH_QUERIES[:8] if cfg["smoke"] else measure.SEARCH_QUERIES)
    for size in cfg["search_sizes"]:
        log(f"Suche, eingebettet, {size} Abschnitte")
        _keep(results, "search", lambda: child("search", {
            "mode": "embedded", "size": size, "workspace": f"s{size}", "data_dir": str(work / f"search-{size}"),
            "queries": queries, **_search_spec(size, cfg)}))
    with chroma_server_process(work / "chroma-server") as (url, proc):
        for size in cfg["search_sizes"]:
            log(f"Suche, Chroma-Server, {size} Abschnitte")
            row = _keep(results, "search", lambda: child("search", {
                "mode": "server", "size": size, "workspace": f"s{size}", "chroma_url": url,
                "data_dir": str(work / f"server-client-{size}"), "queries": queries, **_search_spec(size, cfg)}))
            if row:
                row["server_rss_mb"] = round(rss_mb(proc.pid), 1)  # the server holds all sizes so far


def run_answers(cfg: dict, shared: Path | None, corpus_data: Path | None, work: Path, results: dict) -> None:
    from assistant.settings import local_model_installed

    questions, data_dir = _questions(cfg, shared, corpus_data, work, results)
    results["answer"]["extractive"] = _keep(results, None, lambda: child(
        "answer", {"backend": "extractive", "data_dir": str(data_dir), "questions": questions})) or {"failed": True}
    local_settings: dict = {}
    label = "Qwen2.5-Coder-1.5B Q4_K_M (eingebettet)"
    if cfg["smoke"]:
        try:
            from benchmarks.servers import gemma_model_path

            local_settings = {"local_model_path": str(gemma_model_path(work))}
            label = "gemma3-270m Q4_K_M (Kurzlauf)"
        except ImportError:
            local_settings = {}
    if not local_settings and not local_model_installed():
        results["notes"].append("Lokales Sprachmodell nicht installiert: keine Messung der lokalen Antworten.")
        results["answer"]["local"] = {"skipped": "nicht installiert"}
        return
    subset = questions[: cfg["local_questions"]]
    log(f"Antworten wie in der App, Standard-Antwortmodell ({len(subset)} Fragen)")
    results["answer"]["app"] = _keep(results, None, lambda: child(
        "app_answer", {"data_dir": str(data_dir), "questions": subset, "settings": local_settings})) or {"failed": True}
    log(f"Antworten lokal ({len(subset)} Fragen)")
    results["answer"]["local"] = _keep(results, None, lambda: child(
        "answer", {"backend": "local", "data_dir": str(data_dir), "questions": subset,
                   "settings": local_settings, "model_label": label})) or {"failed": True}


def _keep(results: dict, section: str | None, measure_fn) -> dict | None:
    """Run one measurement; a failure is recorded (and makes the run exit 1), the rest goes on."""
    try:
        row = measure_fn()
    except (MeasurementFailed, subprocess.TimeoutExpired) as exc:
        log(f"FEHLER: {str(exc)[-1500:]}")
        results["errors"].append(str(exc)[-3000:])
        return None
    if section:
        results[section].append(row)
    return row


def _questions(cfg: dict, shared: Path | None, corpus_data: Path | None, work: Path,
               results: dict) -> tuple[list[dict], Path]:
    dev = shared / "eval" / "dev.jsonl" if shared else None
    if dev and dev.is_file() and corpus_data is not None:
        items = [json.loads(line) for line in dev.read_text(encoding="utf-8").splitlines() if line.strip()]
        log(f"Antworten extraktiv ({len(items)} Entwicklungsfragen)")
        return items, corpus_data
    results["notes"].append("Keine Entwicklungsfragen (shared/eval/dev.jsonl) oder kein Korpus: "
                            "Antworten auf dem generierten AMIP gemessen.")
    pages = cfg["pages"][0]
    return SMOKE_QUESTIONS, work / f"gen-{pages}"


def _loadavg() -> list[float] | None:
    try:
        return [round(x, 2) for x in os.getloadavg()]
    except OSError:
        return None


# -- main --------------------------------------------------------------------------------------


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.run", description=__doc__.split("\n\n")[0])
    parser.add_argument("--shared", type=Path, help="Ordner mit corpus/ und eval/ (optional)")
    parser.add_argument("--smoke", action="store_true", help="winzige Größen (CI)")
    parser.add_argument("--out", type=Path, default=HERE / "results.json")
    parser.add_argument("--work-dir", type=Path, default=REPO / ".bench-data")
    parser.add_argument("--parts", default="ingest,search,answer,draft,hostile")
    parser.add_argument("--local-questions", type=int)
    parser.add_argument("--search-sizes", help="z. B. 1000,10000")
    parser.add_argument("--pages", help="Seitenzahlen der generierten AMIPs, z. B. 40 (Standard 40,200)")
    parser.add_argument("--child", choices=sorted(measure.CHILDREN), help=argparse.SUPPRESS)
    parser.add_argument("--spec", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        return measure.run_child(args.child, args.spec)

    cfg = dict(SMOKE if args.smoke else FULL, smoke=args.smoke)
    if args.local_questions is not None:
        cfg["local_questions"] = args.local_questions
    if args.pages:
        cfg["pages"] = tuple(int(s) for s in args.pages.split(","))
    if args.search_sizes:
        cfg["search_sizes"] = tuple(int(s) for s in args.search_sizes.split(","))
    parts = set(args.parts.split(","))
    shared = args.shared.resolve() if args.shared and args.shared.is_dir() else None
    work = args.work_dir.resolve()
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir(parents=True)
    started = time.perf_counter()
    load_start = _loadavg()
    results: dict = {"meta": {}, "ingest": [], "search": [], "answer": {}, "hostile": [], "goals": [], "notes": [], "errors": []}
    if shared is None:
        results["notes"].append(f"--shared {args.shared} nicht gefunden: nur generierte Eingaben gemessen.")
    corpus_data = None
    if "ingest" in parts or "answer" in parts:
        corpus_data = run_ingest(cfg, shared, work, results)
    if "search" in parts:
        run_search(cfg, work, results)
    if "answer" in parts:
        run_answers(cfg, shared, corpus_data, work, results)
    if "draft" in parts:
        run_drafts(cfg, shared, work, results)
    if "hostile" in parts:
        from benchmarks import hostile

        log("Feindliche PDF-Dateien")
        hostile.run(child, work, _keep, results)
    results["meta"] = {"date": dt.datetime.now().isoformat(timespec="seconds"), "smoke": args.smoke,
                       "cpus": os.cpu_count(), "python": platform.python_version(), "machine": platform.machine(),
                       "duration_s": round(time.perf_counter() - started, 1), "config": {k: v for k, v in cfg.items()},
                       # Other work on the machine slows every figure down: recorded, not hidden.
                       "loadavg_start": load_start, "loadavg_end": _loadavg()}
    results["goals"] = report.goals(results)
    text = json.dumps(results, ensure_ascii=False, indent=2)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(text + "\n", encoding="utf-8")
    table = report.markdown(results)
    args.out.with_suffix(".md").write_text(table, encoding="utf-8")
    print(text)
    print(table, file=sys.stderr)
    shutil.rmtree(work, ignore_errors=True)
    return 1 if results["errors"] else 0


if __name__ == "__main__":
    sys.exit(main())
