"""Quality on a gold set (``amip eval``): retrieval recall@k, answer accuracy, citation precision.

Gold format (one JSON object per line, see shared/eval/dev.jsonl)::

    {"id", "doc": filename, "question", "evidence": [str], "answer": [[alternative, ...], ...]}

Decisions, so the numbers mean what a user experiences:
- Retrieval searches *all* loaded documents, as a user asking in the chat would. Only an
  item with ``"restrict": true`` is searched within its ``doc`` (a question that only makes
  sense for one document, e.g. "in diesem Entwurf").
- A retrieved chunk is a hit when it belongs to ``doc`` and contains every ``evidence``
  string, compared without whitespace, hyphens and case (PDF line breaks differ).
- An answer is correct when every ``answer`` group is matched by one of its alternatives;
  numbers must not be part of a longer number ("37" does not match "137").
- Citation precision: cited chunks that belong to ``doc`` and contain at least one
  evidence string, over all citations of answered questions.
"""

from __future__ import annotations

import json
import re
import time
import unicodedata
from dataclasses import replace
from collections.abc import Callable
from pathlib import Path
from typing import Any

from ingest.errors import AmipError
from assistant.evaluation.checks import Tally, is_correct
from assistant.text.numbers import find_numbers, parse_german_number
from assistant.retrieval.context import AnswerContext
from assistant.types import Answer, Citation, Hit

AnswerFn = Callable[[str, list[Hit]], Answer]
KS = (1, 3, 5, 10)


class GoldError(AmipError):
    """The gold file cannot be read; ``str(error)`` is German."""


def load_gold(path: str | Path) -> list[dict]:
    items = []
    try:
        lines = Path(path).read_text(encoding="utf-8").splitlines()
    except OSError as exc:
        raise GoldError(f"Die Gold-Datei {path} kann nicht gelesen werden ({exc}).") from exc
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            item = json.loads(line)
            assert isinstance(item["question"], str) and isinstance(item.get("evidence", []), list)
        except (ValueError, KeyError, AssertionError, TypeError) as exc:
            raise GoldError(f"Zeile {number} der Gold-Datei ist kein gültiger Eintrag.") from exc
        items.append(item)
    return items


def _squash(text: str) -> str:
    """Case, whitespace and hyphens removed: "16,0 %" = "16,0%", "Einglie-derung" = "Eingliederung"."""
    text = unicodedata.normalize("NFKC", text).replace("\u00ad", "").casefold()
    return re.sub(r"[\s\-‐‑‒–—−]+", "", text)


def _same_doc(hit: Hit, item: dict) -> bool:
    doc = item.get("doc")
    return not doc or not hit.chunk.filename or hit.chunk.filename == doc


def contains_evidence(hit: Hit, item: dict, every: bool = True) -> bool:
    text = _squash(hit.chunk.text)
    evidence = [_squash(e) for e in item.get("evidence", []) if e.strip()]
    if not evidence or not _same_doc(hit, item):
        return False
    found = [e in text for e in evidence]
    return all(found) if every else any(found)


def _citation_good(citation: Citation, by_id: dict[str, Hit], item: dict) -> bool:
    """A cited chunk of ``doc`` with an evidence string; a chunk outside the hits (a table
    row answered from the table model) is judged by its quote."""
    hit = by_id.get(citation.chunk_id)
    if hit is not None:
        return contains_evidence(hit, item, every=False)
    doc = item.get("doc")
    quote = _squash(citation.quote)
    return (not doc or citation.filename == doc) and any(
        _squash(e) in quote for e in item.get("evidence", []) if e.strip())


def answer_correct(answer_text: str, groups: list[list[str]]) -> bool:
    """Every group matched by one alternative; numbers only as whole numbers."""
    flat = " ".join(unicodedata.normalize("NFKC", answer_text).casefold().split())
    bare = flat.replace(" ", "")
    return all(any(_found(alt, flat, bare) for alt in group) for group in groups)


_PLAIN_NUMBER = re.compile(r"\d{1,3}(?:\.\d{3})+(?:,\d+)?|\d+,\d+")


def _found(alternative: str, flat: str, bare: str) -> bool:
    alt = " ".join(unicodedata.normalize("NFKC", alternative).casefold().split())
    pattern = re.escape(alt)
    if alt[:1].isdigit():
        pattern = r"(?<![\d.,])" + pattern
    if alt[-1:].isdigit():
        pattern += r"(?![\d]|[.,]\d)"
    if re.search(pattern, flat):
        return True
    if _PLAIN_NUMBER.fullmatch(alt):  # "1.855.000" is printed "1.855.000,00 €": same value
        value = parse_german_number(alt)
        if any(abs(n.value - value) < 1e-6 for n in find_numbers(flat)):
            return True
    return " " in alt and re.search(pattern.replace(r"\ ", ""), bare) is not None


def evaluate(
    gold_path: str | Path | list[Path],
    retriever: Any,
    answer_fn: AnswerFn | None,
    *,
    k_answer: int = 6,
    doc_ids: dict[str, str] | None = None,
    backend: str | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> dict:
    """Run the gold set; ``answer_fn(question, hits)`` gets the top ``k_answer`` hits as the app would.

    ``retriever.search(question, k, doc_id)`` returns hits, or an ``AnswerContext`` (the
    question analysed once, hits and what answering needs), which ``answer_fn`` then gets
    with its hits cut to ``k_answer``.

    ``doc_ids`` maps file names to doc ids, needed only for items with ``"restrict": true``.
    """
    paths = gold_path if isinstance(gold_path, (list, tuple)) else [gold_path]
    items = [item for path in paths for item in load_gold(path)]
    gold_path = ", ".join(str(p) for p in paths)
    k_max = max(KS)
    found_at: dict[int, int] = {k: 0 for k in KS}
    correct = answered = cited = cited_good = 0
    retrieval_ms: list[float] = []
    answer_ms: list[float] = []
    misses = []
    tally = Tally()
    if items:  # load models and indexes first, so latencies are those of a running app
        retriever.search(items[0]["question"], k=1)
    for n, item in enumerate(items, start=1):
        doc_id = (doc_ids or {}).get(item.get("doc", "")) if item.get("restrict") else None
        start = time.perf_counter()
        found = retriever.search(item["question"], k=k_max, doc_id=doc_id)
        hits = found.hits if isinstance(found, AnswerContext) else found
        retrieval_ms.append((time.perf_counter() - start) * 1000)
        rank = next((i + 1 for i, h in enumerate(hits) if contains_evidence(h, item)), None)
        for k in KS:
            found_at[k] += int(rank is not None and rank <= k)
        miss: dict[str, Any] = {"id": item.get("id", str(n)), "question": item["question"], "rank": rank}
        failed = rank is None or rank > 5
        if answer_fn is not None:
            start = time.perf_counter()
            shown = (replace(found, hits=hits[:k_answer]) if isinstance(found, AnswerContext)
                     else hits[:k_answer])
            answer = answer_fn(item["question"], shown)
            answer_ms.append((time.perf_counter() - start) * 1000)
            ok = is_correct(item, answer, answer_correct)
            tally.add(item, ok, answer, hits, lambda text: answer_correct(text, item.get("answer", [])))
            by_id = {h.chunk.chunk_id: h for h in hits}
            bad = [c.marker for c in answer.citations if not _citation_good(c, by_id, item)]
            correct += int(ok)
            answered += int(answer.answered)
            if answer.answered:
                cited += len(answer.citations)
                cited_good += len(answer.citations) - len(bad)
            miss.update(answer_ok=ok, answered=answer.answered, bad_citations=bad, answer=answer.text)
            failed = failed or not ok or bool(bad)
        if failed:
            misses.append(miss)
        if progress:
            progress(n, len(items))
    total = len(items) or 1
    report: dict[str, Any] = {"gold": str(gold_path), "questions": len(items), "backend": backend}
    report.update({f"recall@{k}": round(found_at[k] / total, 4) for k in KS})
    if answer_fn is not None:
        report["answer_accuracy"] = round(correct / total, 4)
        report["answered"] = round(answered / total, 4)
        report["citation_precision"] = round(cited_good / cited, 4) if cited else None
        report["cited"], report["cited_good"] = cited, cited_good
        report.update(tally.report())
    report["latency_ms"] = {
        "retrieval_avg": round(sum(retrieval_ms) / total, 1),
        "answer_avg": round(sum(answer_ms) / total, 1) if answer_ms else None,
        "answer_max": round(max(answer_ms), 1) if answer_ms else None,
    }
    report["misses"] = misses
    return report


def merge_reports(reports: list[dict], name: str) -> dict:
    """One report over several runs of ``evaluate`` (one per workspace), weighted by questions."""
    total = sum(r["questions"] for r in reports) or 1
    merged: dict[str, Any] = {"gold": name, "questions": sum(r["questions"] for r in reports),
                              "backend": reports[0]["backend"] if reports else None}
    for key in [*(f"recall@{k}" for k in KS), "answer_accuracy", "answered"]:
        if reports and key in reports[0]:
            merged[key] = round(sum(r[key] * r["questions"] for r in reports) / total, 4)
    if reports and "answer_accuracy" in reports[0]:
        cited = sum(r["cited"] for r in reports)
        merged["cited"] = cited
        merged["citation_precision"] = round(sum(r["cited_good"] for r in reports) / cited, 4) if cited else None
        merged["cited_good"] = sum(r["cited_good"] for r in reports)
        by_type: dict[str, dict] = {}
        for r in reports:
            for kind, row in r["by_type"].items():
                entry = by_type.setdefault(kind, {"questions": 0, "right": 0})
                entry["questions"] += row["questions"]
                entry["right"] += row["right"]
        merged["by_type"] = {k: {**v, "accuracy": round(v["right"] / v["questions"], 4)}
                             for k, v in by_type.items()}
        merged["numbers_without_source"] = [i for r in reports for i in r["numbers_without_source"]]
        rejected = sum(r["support_check"]["rejected"] for r in reports)
        merged["support_check"] = {"rejected": rejected, "precision": None}
    answers = [r["latency_ms"]["answer_avg"] for r in reports if r["latency_ms"]["answer_avg"] is not None]
    merged["latency_ms"] = {
        "retrieval_avg": round(sum(r["latency_ms"]["retrieval_avg"] * r["questions"] for r in reports) / total, 1),
        "answer_avg": round(sum(a * r["questions"] for a, r in zip(answers, reports)) / total, 1) if answers else None,
        "answer_max": max((r["latency_ms"]["answer_max"] for r in reports if r["latency_ms"]["answer_max"]), default=None),
    }
    merged["misses"] = [m for r in reports for m in r["misses"]]
    return merged


def format_report(report: dict) -> str:
    """The report as German text for the terminal."""
    def pct(value: float | None) -> str:
        return "–" if value is None else f"{value * 100:.1f} %"

    lines = [f"Gold-Datensatz: {report['gold']} ({report['questions']} Fragen)"]
    lines.append("Trefferquote: " + ", ".join(f"@{k} {pct(report[f'recall@{k}'])}" for k in KS))
    if "answer_accuracy" in report:
        lines.append(f"Antworten ({report.get('backend') or '–'}): richtig {pct(report['answer_accuracy'])}, "
                     f"beantwortet {pct(report['answered'])}, Quellen korrekt {pct(report['citation_precision'])}")
    for kind, row in report.get("by_type", {}).items():
        lines.append(f"  {kind}: {pct(row['accuracy'])} von {row['questions']}")
    if "support_check" in report and report["support_check"]["rejected"]:
        check = report["support_check"]
        lines.append(f"Stützprüfung: {check['rejected']} Modellantworten ersetzt, davon falsch {pct(check['precision'])}")
    if report.get("numbers_without_source"):
        lines.append("Zahlen ohne Quelle: " + ", ".join(report["numbers_without_source"]))
    lat = report["latency_ms"]
    lines.append(f"Dauer: Suche Ø {lat['retrieval_avg']} ms"
                 + (f", Antwort Ø {lat['answer_avg']} ms (max. {lat['answer_max']} ms)" if lat["answer_avg"] else ""))
    for miss in report["misses"]:
        where = f"Rang {miss['rank']}" if miss["rank"] else "nicht gefunden"
        detail = ""
        if "answer_ok" in miss:
            detail = f", Antwort {'richtig' if miss['answer_ok'] else 'falsch'}"
            if miss["bad_citations"]:
                detail += f", unpassende Quellen {', '.join(miss['bad_citations'])}"
        lines.append(f"- {miss['id']}: {where}{detail} – {miss['question']}")
    return "\n".join(lines)
