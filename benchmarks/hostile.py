"""Hostile PDFs through the real pipeline (bundled e5 model, default limits): each must end
within the file's time budget (``AMIP_MAX_SECONDS``), indexed up to its caps or refused
with a German error. Part ``hostile`` of ``make bench`` (``--parts hostile`` runs only these).
"""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path

from tests.reliability import hostile_pdfs as hostile

CASES: dict[str, Callable[[], bytes]] = {
    "100.000 winzige Textobjekte auf einer Seite": lambda: hostile.tiny_text_objects_pdf(100_000, text_page=True),
    "10 MB Text in einer Zeile": lambda: hostile.long_line_pdf(10),
    "0,5 MB Text auf einer Seite": lambda: hostile.long_line_pdf(0.5),
    "Inhalts-Bombe (512 MB Leerzeichen)": lambda: hostile.content_bomb_pdf(512),
    "Seite mit kaputten Flate-Daten": hostile.broken_flate_page_pdf,
    "Formularfeld und Anhang": hostile.form_and_attachment_pdf,
    "Formular mit 39.000 Textobjekten 5.000-mal gezeichnet": hostile.form_fan_out_pdf,
}
# The time budget of a case when not the default (the issue's attack used AMIP_MAX_SECONDS=60).
BUDGETS: dict[str, float] = {"Formular mit 39.000 Textobjekten 5.000-mal gezeichnet": 60.0}
# Drafting (figures -> questions) on a generated table of this many rows.
DRAFT_CASES: dict[str, int] = {"Tabelle mit 4.000 Zeilen: Fragen entwerfen": 4000,
                               "Tabelle mit 20.000 Zeilen: Fragen entwerfen": 20_000}


def measure(spec: dict) -> dict:
    """One case in this (fresh) process: seconds, outcome, peak memory, within budget?"""
    if spec["case"] in DRAFT_CASES:
        return measure_drafting(spec["case"], DRAFT_CASES[spec["case"]])
    from benchmarks.measure import peak_mb
    from ingest.embedding import make_embedder
    from ingest.options import IngestOptions
    from ingest.pipeline import Ingestor
    from ingest.store import VectorStore
    from ingest.types import IngestError

    data = CASES[spec["case"]]()
    embedder = make_embedder("e5-small")
    embedder.embed_query("Aufwärmen")
    data_dir = Path(spec["data_dir"])
    options = IngestOptions(ocr="off", **({"max_seconds": BUDGETS[spec["case"]]} if spec["case"] in BUDGETS else {}))
    ingestor = Ingestor(VectorStore("feindlich", embedder.name, data_dir=data_dir), embedder, options, data_dir)
    started = time.perf_counter()
    try:
        report = ingestor.ingest(data, "feindlich.pdf")
        outcome = {"outcome": "aufgenommen", "chunks": report.chunks, "notes": report.warnings}
    except IngestError as exc:
        outcome = {"outcome": "abgelehnt", "chunks": 0, "notes": [str(exc)]}
    seconds = time.perf_counter() - started
    return {"case": spec["case"], "file_kb": round(len(data) / 1024), "seconds": round(seconds, 2),
            "budget_s": options.max_seconds, "within_budget": seconds <= options.max_seconds,
            "peak_rss_mb": round(peak_mb(), 1), **outcome}


def measure_drafting(case: str, rows: int) -> dict:
    """Questions drafted from a table of ``rows`` rows (deterministic templates), in seconds; the
    note says whether the row cap (``assistant.drafting.row_cap``) left rows out."""
    from benchmarks.measure import peak_mb
    from assistant.drafting import draft_questions
    from assistant.drafting.row_cap import row_cap_notice
    from ingest.options import IngestOptions
    from tests.reliability.hostile_tables import table_document

    figures, pages = table_document(rows)
    started = time.perf_counter()
    questions = draft_questions(pages, figures, "d", "tabelle.pdf")
    seconds = time.perf_counter() - started
    budget = IngestOptions().max_seconds
    return {"case": case, "file_kb": 0, "seconds": round(seconds, 2), "budget_s": budget,
            "within_budget": seconds <= budget, "peak_rss_mb": round(peak_mb(), 1), "outcome": "entworfen",
            "chunks": len(questions), "notes": [n for n in [row_cap_notice(figures)] if n]}


def run(child: Callable[[str, dict], dict], work: Path, keep: Callable, results: dict) -> None:
    """Every case in its own process (``child`` from ``benchmarks.run``)."""
    for number, case in enumerate([*CASES, *DRAFT_CASES]):
        keep(results, "hostile", lambda: child("hostile", {"case": case, "data_dir": str(work / f"hostile-{number}")}))


def markdown(rows: list[dict]) -> list[str]:
    lines = ["**Feindliche PDF-Dateien** (echtes Modell, Standardgrenzen; Zeitbudget je Datei AMIP_MAX_SECONDS)", "",
             "| Fall | Datei (KB) | Zeit (s) | Budget (s) | im Budget | Ergebnis | Abschnitte | Spitzenspeicher (MB) |",
             "|---|---:|---:|---:|:---:|---|---:|---:|"]
    for r in rows:
        seconds = f"{r['seconds']:.2f}".replace(".", ",")
        lines.append(f"| {r['case']} | {r['file_kb']} | {seconds} | {r['budget_s']:g} "
                     f"| {'ja' if r['within_budget'] else 'nein'} | {r['outcome']} | {r['chunks']} "
                     f"| {r['peak_rss_mb']:.0f} |")
    return lines + [""]
