"""The measurements, each run in its own process (``python -m benchmarks.run --child KIND``)
so peak memory belongs to that measurement alone and nothing is warm by accident."""

from __future__ import annotations

import io
import json
import resource
import statistics
import time
from pathlib import Path

# German questions a Beirat member asks (used for search latency; answers are not checked).
SEARCH_QUERIES = (
    "Wie hoch ist das Eingliederungsbudget?",
    "Welcher Betrag wird in das Verwaltungskostenbudget umgeschichtet?",
    "Welche Zielwerte gelten für die Integrationsquote?",
    "Wie viele Eintritte sind in Förderung der beruflichen Weiterbildung geplant?",
    "Wie entwickelt sich der Bestand an Langzeitleistungsbeziehenden?",
    "Welche Angebote gibt es für Frauen und Alleinerziehende?",
    "Wie viele junge Menschen unter 25 betreut die Jugendberufsagentur?",
    "Was plant das Jobcenter beim Job-Turbo für Geflüchtete?",
    "Wie lange dauert die Besetzung offener Stellen?",
    "Wie viele Arbeitsgelegenheiten (AGH) sind vorgesehen?",
    "Welcher Anteil der Mittel ist durch Vorbindungen gebunden?",
    "Welche Schwerpunkte setzt die Geschäftsführung?",
    "EGZ Eintritte Plan",
    "Teilhabe am Arbeitsmarkt § 16i",
    "Kinderbetreuung und Schuldnerberatung",
    "Wie viele Stellen besetzte der Arbeitgeber-Service?",
    "Was sind die operativen Schwerpunkte für das kommende Jahr?",
    "Wie hoch ist der Anteil der Frauen an den eLb?",
    "Welche Instrumente werden gekürzt?",
    "Einstiegsgeld ESG Planung",
)


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def current_mb() -> float:
    from benchmarks.servers import rss_mb
    import os

    return rss_mb(os.getpid())


def percentile(values: list[float], share: float) -> float:
    """Nearest-rank percentile (no interpolation: a p95 that was really measured)."""
    if not values:
        return float("nan")
    ordered = sorted(values)
    rank = max(1, min(len(ordered), round(share * len(ordered) + 0.5)))
    return ordered[rank - 1]


def _ms(values: list[float]) -> dict:
    return {"p50_ms": round(percentile(values, 0.5) * 1000, 1), "p95_ms": round(percentile(values, 0.95) * 1000, 1),
            "max_ms": round(max(values) * 1000, 1) if values else None, "n": len(values)}


# -- ingest ------------------------------------------------------------------------------------


def ingest(spec: dict) -> dict:
    """Pipeline time of one PDF (warm model) and the floor: pypdf extraction + raw embedding."""
    from pypdf import PdfReader

    from ingest.embedding import make_embedder
    from ingest.options import IngestOptions
    from ingest.pipeline import Ingestor
    from ingest.store import VectorStore

    data = Path(spec["file"]).read_bytes()
    started = time.perf_counter()
    embedder = make_embedder("e5-small")
    embedder.embed_query("Aufwärmen")  # first call allocates the engine's buffers
    model_load_s = time.perf_counter() - started
    data_dir = Path(spec["data_dir"])
    store = VectorStore(spec.get("workspace", "bench"), embedder.name, data_dir=data_dir)
    ingestor = Ingestor(store, embedder, IngestOptions(ocr="auto"), data_dir)
    stages: dict[str, float] = {}
    t0 = time.perf_counter()

    def progress(stage: str, fraction: float) -> None:
        stages.setdefault(stage, time.perf_counter() - t0)

    rss_before = current_mb()
    report = ingestor.ingest(data, spec["name"], progress)
    seconds = time.perf_counter() - t0
    result = {"name": spec["name"], "pages": report.pages, "chunks": report.chunks, "status": report.status,
              "ocr_pages": len(report.ocr_pages), "seconds": round(seconds, 2),
              "pages_per_s": round(report.pages / seconds, 2), "chunks_per_s": round(report.chunks / seconds, 2),
              "stage_start_s": {k: round(v, 2) for k, v in stages.items()},
              "model_load_s": round(model_load_s, 2), "rss_before_mb": round(rss_before, 1)}
    if spec.get("floor", True):
        t1 = time.perf_counter()
        reader = PdfReader(io.BytesIO(data))
        texts = [page.extract_text() for page in reader.pages]
        extract_s = time.perf_counter() - t1
        chunk_texts = [c.text for c in store.all_chunks(report.doc_id)]
        embed_s = _raw_embed_seconds(embedder, chunk_texts)
        floor = extract_s + embed_s
        result.update(floor_extract_s=round(extract_s, 2), floor_embed_s=round(embed_s, 2),
                      floor_s=round(floor, 2), ratio_to_floor=round(seconds / floor, 2) if floor else None,
                      extracted_chars=sum(len(t) for t in texts))
    result["peak_rss_mb"] = round(peak_mb(), 1)
    return result


def _raw_embed_seconds(embedder, texts: list[str]) -> float:
    """The model itself on the whole chunk texts, figures included (the pipeline embeds less:
    see ``ingest.embedding.dense_text`` and ``passage_texts``)."""
    model = getattr(embedder, "_model", None)
    started = time.perf_counter()
    if model is None:
        embedder.embed_passages(texts)
    else:
        for start in range(0, len(texts), 16):
            model.passage(texts[start:start + 16])
    return time.perf_counter() - started


# -- search ------------------------------------------------------------------------------------


def search(spec: dict) -> dict:
    """Insert N generated chunks (random unit vectors), then time hybrid and dense search."""
    from assistant.retrieval import HybridRetriever
    from benchmarks.synth import chunk_texts, fill_store
    from ingest.embedding import make_embedder
    from ingest.store import VectorStore

    embedder = make_embedder("e5-small")
    embedder.embed_query("Aufwärmen")
    size = int(spec["size"])
    data_dir = Path(spec["data_dir"])
    store = VectorStore(spec["workspace"], embedder.name, data_dir=data_dir, chroma_url=spec.get("chroma_url", ""))
    rss_start = current_mb()
    t0 = time.perf_counter()
    fill_store(store, size, embedder.dim, chunks_per_doc=int(spec.get("chunks_per_doc", 200)),
               texts=chunk_texts(min(size, 5000), seed=size))
    insert_s = time.perf_counter() - t0
    rss_filled = current_mb()
    retriever = HybridRetriever(store, embedder)
    queries = list(spec.get("queries") or SEARCH_QUERIES)
    t1 = time.perf_counter()
    retriever.search(queries[0], k=8)  # builds (or loads) the keyword index
    cold_s = time.perf_counter() - t1
    hybrid, dense, embed = [], [], []
    for _ in range(int(spec.get("repeats", 3))):
        for query in queries:
            t = time.perf_counter()
            hits = retriever.search(query, k=8)
            hybrid.append(time.perf_counter() - t)
            t = time.perf_counter()
            vector = embedder.embed_query(query)
            embed.append(time.perf_counter() - t)
            t = time.perf_counter()
            store.query(vector, 50)
            dense.append(time.perf_counter() - t)
            assert hits, "search found nothing"
    return {"mode": spec["mode"], "chunks": size, "documents": len(store.documents()), "repeats": spec.get("repeats", 3),
            "insert_s": round(insert_s, 1), "insert_per_s": round(size / insert_s, 1),
            "cold_first_search_s": round(cold_s, 2), "hybrid": _ms(hybrid), "dense": _ms(dense),
            "embed_query": _ms(embed), "rss_start_mb": round(rss_start, 1), "rss_filled_mb": round(rss_filled, 1),
            "rss_end_mb": round(current_mb(), 1), "peak_rss_mb": round(peak_mb(), 1)}


# -- answers -----------------------------------------------------------------------------------


def answer(spec: dict) -> dict:
    """Time to first token and total per question for one backend."""
    from assistant.service import Assistant
    from assistant.settings import Settings

    overrides = {k: v for k, v in (spec.get("settings") or {}).items() if v}
    settings = Settings(data_dir=Path(spec["data_dir"]), workspace=spec.get("workspace", "bench"),
                        llm=spec["backend"], **overrides)
    assistant = Assistant(settings)
    assistant.embedder.embed_query("Aufwärmen")
    t0 = time.perf_counter()
    model = assistant.chat_model(spec["backend"])
    load_s = time.perf_counter() - t0
    assistant.chat_model = lambda backend: model  # loaded once, as in the app
    rows = []
    for item in spec["questions"]:
        first: list[float] = []
        pieces: list[str] = []

        def on_token(piece: str) -> None:
            if not first:
                first.append(time.perf_counter())
            pieces.append(piece)

        start = time.perf_counter()
        result = assistant.ask(item["question"], backend=spec["backend"], on_token=on_token)
        total = time.perf_counter() - start
        ttft = (first[0] - start) if first else total
        shown = total  # the chat shows the model's words only once they are checked (issue 11)
        rows.append({"id": item.get("id", ""), "ttft_s": round(ttft, 3), "visible_s": round(shown, 3),
                     "total_s": round(total, 3),
                     "answered": result.answered, "citations": len(result.citations),
                     "correct": _correct(result.text, item.get("answer")), "pieces": len(pieces)})
    ttft = [r["ttft_s"] for r in rows]
    shown = [r["visible_s"] for r in rows]
    total = [r["total_s"] for r in rows]
    graded = [r["correct"] for r in rows if r["correct"] is not None]
    return {"backend": spec["backend"], "model": spec.get("model_label", ""), "load_s": round(load_s, 2),
            "questions": len(rows),
            "ttft_p50_s": round(percentile(ttft, 0.5), 2), "ttft_p95_s": round(percentile(ttft, 0.95), 2),
            "visible_p50_s": round(percentile(shown, 0.5), 2), "visible_p95_s": round(percentile(shown, 0.95), 2),
            "total_p50_s": round(percentile(total, 0.5), 2), "total_p95_s": round(percentile(total, 0.95), 2),
            "total_mean_s": round(statistics.fmean(total), 2) if total else None,
            "answered": sum(r["answered"] for r in rows),
            "correct": sum(graded) if graded else None, "graded": len(graded),
            "peak_rss_mb": round(peak_mb(), 1), "rows": rows}


def app_answer(spec: dict) -> dict:
    """The chat as the app runs it with its default backend: the checked extractive answer is
    shown first (``visible``), a model's checked wording follows from a background worker
    (``polished``). Cold = the first question right after the start, while the model still
    loads (the app starts loading it when the page is first drawn); warm = the questions after."""
    import threading

    from assistant.service import Assistant
    from assistant.settings import Settings

    overrides = {k: v for k, v in (spec.get("settings") or {}).items() if v}
    settings = Settings(data_dir=Path(spec["data_dir"]), workspace=spec.get("workspace", "bench"), **overrides)
    backend = settings.effective_llm
    from assistant.llm import LLMUnavailable  # noqa: F401  imported with the page (app_pages.state)

    assistant = Assistant(settings)
    _ = assistant.store, assistant.embedder  # as the app's cached assistant (app_pages.state)
    assistant.retriever.keyword.current()
    loaded: list[float] = []
    started = time.perf_counter()

    def load() -> None:  # app_pages.warmup
        assistant.chat_model(backend)
        loaded.append(time.perf_counter() - started)

    loader = threading.Thread(target=load, daemon=True)
    loader.start()
    rows = []
    for item in spec["questions"]:
        t0 = time.perf_counter()
        first = assistant.ask(item["question"], backend="extractive")
        visible = time.perf_counter() - t0
        polished_s, kept = None, None
        if backend != "extractive" and first.answered:
            result = assistant.ask(item["question"], backend=backend)
            polished_s, kept = time.perf_counter() - t0, result.backend == backend
        rows.append({"id": item.get("id", ""), "visible_s": round(visible, 3),
                     "polished_s": round(polished_s, 3) if polished_s is not None else None,
                     "model_wording_kept": kept, "answered": first.answered})
    loader.join()
    warm = rows[1:] or rows
    polished_warm = [r["polished_s"] for r in warm if r["polished_s"] is not None]
    return {"backend": backend, "questions": len(rows), "model_load_s": round(loaded[0], 2) if loaded else None,
            "visible_cold_s": rows[0]["visible_s"] if rows else None,
            "visible_warm_p50_s": round(percentile([r["visible_s"] for r in warm], 0.5), 3) if warm else None,
            "polished_cold_s": rows[0]["polished_s"] if rows else None,
            "polished_warm_p50_s": round(percentile(polished_warm, 0.5), 2) if polished_warm else None,
            "model_wording_kept": sum(bool(r["model_wording_kept"]) for r in rows),
            "answered": sum(r["answered"] for r in rows), "peak_rss_mb": round(peak_mb(), 1), "rows": rows}


# -- drafting ----------------------------------------------------------------------------------


def draft(spec: dict) -> dict:
    """"Fragen entwerfen" as the app runs it, with its default backend: cold (no stored
    MeetingPack; embedder and store already open, as in the running app) and warm (the pack
    read back by a fresh Assistant)."""
    from assistant.service import Assistant
    from assistant.settings import Settings

    settings = Settings(data_dir=Path(spec["data_dir"]), workspace=spec.get("workspace", "bench"))
    assistant = Assistant(settings)
    docs = assistant.documents()
    doc = next((d for d in docs if d["filename"] == spec.get("filename")), None) or max(docs, key=lambda d: d["pages"])
    assistant.embedder.embed_query("Aufwärmen")
    assistant.meeting_cache.clear()
    t0 = time.perf_counter()
    pack = assistant.prepare_meeting(doc["doc_id"], compare="")
    cold = time.perf_counter() - t0
    again = Assistant(settings)
    _ = again.store  # open, as the app's cached assistant is
    t0 = time.perf_counter()
    warm_pack = again.prepare_meeting(doc["doc_id"], compare="", cached_only=True)
    warm = time.perf_counter() - t0
    return {"document": doc["filename"], "pages": doc["pages"], "backend": settings.effective_llm,
            "cold_s": round(cold, 2), "warm_s": round(warm, 3),
            "questions": len(pack.questions), "errors": pack.errors,
            "warm_same": warm_pack is not None and warm_pack.to_json() == pack.to_json(),
            "peak_rss_mb": round(peak_mb(), 1)}


def _correct(text: str, groups: list | None) -> bool | None:
    """Every answer group (alternatives) found in the text — the dev set's own criterion."""
    if not groups:
        return None
    flat = " ".join(text.split())
    return all(any(alt in flat for alt in group) for group in groups)


def hostile(spec: dict) -> dict:
    from benchmarks.hostile import measure

    return measure(spec)


CHILDREN = {"ingest": ingest, "search": search, "answer": answer, "app_answer": app_answer, "draft": draft,
            "hostile": hostile}


def run_child(kind: str, spec_json: str) -> int:
    result = CHILDREN[kind](json.loads(spec_json))
    print(json.dumps(result, ensure_ascii=False))
    return 0
