import json
from pathlib import Path

import pytest

from assistant.evaluation import GoldError, answer_correct, contains_evidence, evaluate, format_report, load_gold
from assistant.types import Answer, Citation, Hit
from tests.assistant.memory_store import make_chunk

CHUNKS = [
    make_chunk("ilm", 0, "Vorwort der Geschäftsführung."),
    make_chunk("ilm", 1, "Förderung berufliche Weiterbildung   56   37\nArbeitsgelegenheiten   133   145"),
    make_chunk("ilm", 2, "Die Integrationsquote soll 16,0 % betragen. Bei der Auswahl und der Gestaltung der Einglie-\nderungsleistungen berät der Beirat."),
]
GOLD = [
    {"id": "q1", "doc": "ilm.pdf", "question": "Wie viele AGH-Eintritte?", "evidence": ["Arbeitsgelegenheiten", "145"], "answer": [["145"]]},
    {"id": "q2", "doc": "ilm.pdf", "question": "Welche Quote?", "evidence": ["16,0%"], "answer": [["16,0"]]},
    {"id": "q3", "doc": "ilm.pdf", "question": "Was macht der Beirat?", "evidence": ["Gestaltung der Eingliederungsleistungen"], "answer": [["Auswahl"], ["Gestaltung"]]},
    {"id": "q4", "doc": "andere.pdf", "question": "Gibt es nicht", "evidence": ["Vorwort"], "answer": [["nie"]]},
]


class FixedRetriever:
    """Returns the chunks in a fixed order per question id; records doc filters."""

    def __init__(self, order: dict[str, list[int]]):
        self.order = order
        self.doc_filters: list = []

    def search(self, query: str, k: int = 8, doc_id: str | None = None) -> list[Hit]:
        self.doc_filters.append(doc_id)
        item = next(g for g in GOLD if g["question"] == query)
        return [Hit(CHUNKS[i], 1.0) for i in self.order[item["id"]]][:k]


def write_gold(tmp_path: Path, items=GOLD) -> Path:
    path = tmp_path / "gold.jsonl"
    path.write_text("\n".join(json.dumps(i, ensure_ascii=False) for i in items) + "\n\n", encoding="utf-8")
    return path


def answer_from_first_hit(question: str, hits: list[Hit]) -> Answer:
    chunk = hits[0].chunk
    cite = Citation("S1", chunk.chunk_id, chunk.doc_id, chunk.filename, 1, 1, chunk.text[:20])
    return Answer(question, f"{chunk.text} [S1]", True, "fake", [cite])


def test_evidence_is_matched_without_whitespace_and_hyphens():
    assert contains_evidence(Hit(CHUNKS[2], 1), GOLD[1])  # "16,0%" vs "16,0 %"
    assert contains_evidence(Hit(CHUNKS[2], 1), GOLD[2])  # "Einglie-\nderungsleistungen"
    assert not contains_evidence(Hit(CHUNKS[2], 1), GOLD[3])  # wrong document


def test_answer_groups_and_number_boundaries():
    assert answer_correct("Geplant sind 37 Eintritte.", [["37"]])
    assert not answer_correct("Geplant sind 137 Eintritte.", [["37"]])
    assert not answer_correct("Die Quote ist 16,05 %.", [["16,0"]])
    assert answer_correct("Es gibt 8,3 Mio. €", [["8.314.730", "8,3 Mio"]])
    assert answer_correct("im 3.Quartal und im 4. Quartal", [["3. Quartal"], ["4. Quartal"]])
    assert not answer_correct("nur Auswahl", [["Auswahl"], ["Gestaltung"]])


def test_evaluate_reports_recall_accuracy_precision_and_misses(tmp_path):
    retriever = FixedRetriever({"q1": [0, 1, 2], "q2": [2, 0], "q3": [0, 2], "q4": [0]})
    report = evaluate(write_gold(tmp_path), retriever, answer_from_first_hit, backend="fake")
    assert report["questions"] == 4
    assert report["recall@1"] == 0.25 and report["recall@3"] == 0.75 and report["recall@10"] == 0.75
    assert report["answer_accuracy"] == 0.25  # only q2 is answered from the right first hit
    assert report["citation_precision"] == 0.25
    assert {m["id"] for m in report["misses"]} == {"q1", "q3", "q4"}
    assert all(f is None for f in retriever.doc_filters[1:])  # searched across all documents
    text = format_report(report)
    assert "Trefferquote" in text and "q4: nicht gefunden" in text


def test_retrieval_only_and_restricted_items(tmp_path):
    items = [dict(GOLD[0], restrict=True)]
    retriever = FixedRetriever({"q1": [1]})
    report = evaluate(write_gold(tmp_path, items), retriever, None, doc_ids={"ilm.pdf": "ilm"})
    assert report["recall@1"] == 1.0 and "answer_accuracy" not in report
    assert retriever.doc_filters[-1] == "ilm"


def test_bad_gold_file(tmp_path):
    with pytest.raises(GoldError, match="nicht gelesen"):
        load_gold(tmp_path / "fehlt.jsonl")
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"id": 1}\n', encoding="utf-8")
    with pytest.raises(GoldError, match="Zeile 1"):
        load_gold(bad)


def test_ablation_and_fit_report_every_rule_and_the_held_out_accuracy(tmp_path: Path) -> None:
    from assistant.answering.question import analyse
    from assistant.evaluation.ablation import GRID, ablate, collect, fit
    from assistant.retrieval.context import AnswerContext

    gold = write_gold(tmp_path, GOLD[:3])
    retriever = FixedRetriever({"q1": [1, 0, 2], "q2": [2, 0, 1], "q3": [2, 1, 0]})
    cases = collect([str(gold)], lambda q: AnswerContext(retriever.search(q, k=6), analyse(q)))
    report = ablate(cases)
    assert report["questions"] == 3 and 0 < report["all_on"] <= 1
    assert "list_units" in report["without"] and "verify_generated" not in report["without"]
    weights = fit(cases)
    assert 0 <= weights["cross_validated"] <= 1 and 0 <= weights["in_sample"] <= 1
    assert weights["current_defaults"] == report["all_on"] and set(weights["best_weights"]) == set(GRID)
