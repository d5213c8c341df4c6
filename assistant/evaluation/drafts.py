"""Drafting recall on a drafting gold set (``amip eval-drafts``, format of shared/eval/drafts-dev.json).

Gold format: one object per PDF file name::

    {"amip.pdf": {"must": [topic], "should": [topic], "forbidden": [phrase]}}
    topic = {"topic": name, "numbers": [[alternative, ...], ...], "page_of": text printed on the page}

Decisions, so the numbers mean what a Beirat member experiences:
- A topic is found when ONE B question holds every number group (any alternative per group,
  numbers only as whole numbers: "56" does not match "1.563") and cites a page on which
  ``page_of`` is printed (compared without case, whitespace and hyphens). Numbers spread
  over two questions, or a question without the page, do not count.
- A forbidden phrase counts once per question (A or B) that contains it.
- A gold PDF not loaded in the workspace is reported as missing, not counted as zero.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

from assistant.evaluation.answers import GoldError, _squash, answer_correct
from assistant.types import DraftQuestion

DraftFn = Callable[[str], list[DraftQuestion]]
PagesFn = Callable[[str], list[tuple[int, str]]]
LEVELS = ("must", "should")


def load_drafts_gold(path: str | Path) -> dict[str, dict]:
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise GoldError(f"Die Gold-Datei {path} kann nicht gelesen werden ({exc}).") from exc
    if not isinstance(data, dict) or not all(isinstance(v, dict) for v in data.values()):
        raise GoldError(f"Die Gold-Datei {path} ist keine Zuordnung Dateiname → Themen.")
    return data


def pages_with(page_texts: list[tuple[int, str]], printed: str) -> set[int]:
    """Pages on which ``printed`` stands (line breaks, hyphens and case ignored)."""
    wanted = _squash(printed)
    return {number for number, text in page_texts if wanted and wanted in _squash(text)}


def topic_found(topic: dict, questions: list[DraftQuestion], pages: set[int]) -> DraftQuestion | None:
    """The first B question holding all number groups and citing one of ``pages``."""
    for q in questions:
        if q.kind != "B" or not answer_correct(q.text, topic.get("numbers", [])):
            continue
        if any(c.page_start <= p <= c.page_end for c in q.citations for p in pages):
            return q
    return None


def evaluate_document(entry: dict, questions: list[DraftQuestion], page_texts: list[tuple[int, str]]) -> dict:
    result: dict = {"questions": len(questions), "b_questions": sum(q.kind == "B" for q in questions)}
    for level in LEVELS:
        topics = []
        for topic in entry.get(level, []):
            pages = pages_with(page_texts, topic.get("page_of", ""))
            hit = topic_found(topic, questions, pages)
            topics.append({"topic": topic.get("topic", ""), "found": hit is not None,
                           "pages": sorted(pages), "question": hit.text if hit else ""})
        result[level] = topics
    result["forbidden"] = [{"phrase": phrase, "question": q.text} for phrase in entry.get("forbidden", [])
                           for q in questions if _squash(phrase) in _squash(q.text)]
    return result


def evaluate_drafts(gold_path: str | Path, doc_ids: dict[str, str], draft: DraftFn, pages: PagesFn) -> dict:
    """Recall per document and overall; ``doc_ids`` maps file names of the workspace to ids."""
    gold = load_drafts_gold(gold_path)
    documents, missing = {}, []
    for filename, entry in gold.items():
        doc_id = doc_ids.get(filename)
        if doc_id is None:
            missing.append(filename)
            continue
        documents[filename] = evaluate_document(entry, draft(doc_id), pages(doc_id))
    overall = {level: _recall([t for d in documents.values() for t in d[level]]) for level in LEVELS}
    overall["forbidden_hits"] = sum(len(d["forbidden"]) for d in documents.values())
    return {"documents": documents, "overall": overall, "missing_documents": missing}


def _recall(topics: list[dict]) -> dict:
    found = sum(t["found"] for t in topics)
    return {"found": found, "total": len(topics), "recall": found / len(topics) if topics else None}


def format_drafts_report(report: dict) -> str:
    """German summary: must/should per document, overall, forbidden hits, topics not found."""
    lines = ["Entwurfs-Recall (B-Fragen mit allen Zahlen und zitierter Seite)"]
    for filename, doc in report["documents"].items():
        counts = "  ".join(f"{level} {sum(t['found'] for t in doc[level])}/{len(doc[level])}" for level in LEVELS)
        lines.append(f"  {filename}: {counts}  verbotene Formulierungen {len(doc['forbidden'])}"
                     f"  ({doc['b_questions']} B-Fragen)")
        for level in LEVELS:
            lines += [f"      nicht gefunden ({level}): {t['topic']}"
                      + ("" if t["pages"] else " — Fundstelle im Text nicht gefunden")
                      for t in doc[level] if not t["found"]]
        lines += [f"      verboten „{f['phrase']}“: {f['question'][:100]}" for f in doc["forbidden"]]
    overall = report["overall"]
    for level in LEVELS:
        r = overall[level]
        share = "–" if r["recall"] is None else f"{r['recall'] * 100:.0f} %"
        lines.append(f"Gesamt {level}: {r['found']}/{r['total']} ({share})")
    lines.append(f"Verbotene Formulierungen: {overall['forbidden_hits']}")
    lines += [f"Nicht im Arbeitsbereich: {name}" for name in report["missing_documents"]]
    return "\n".join(lines)
