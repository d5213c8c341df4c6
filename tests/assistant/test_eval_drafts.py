"""The drafting-recall metric of ``amip eval-drafts``."""

from __future__ import annotations

import json

from assistant.evaluation.drafts import evaluate_drafts, format_drafts_report, pages_with
from assistant.types import Citation, DraftQuestion

PAGES = [(1, "Vorwort"), (2, "Förderung berufliche Weiter-\nbildung 56 37"), (3, "Einstiegsgeld 61 78")]


def _q(text: str, page: int, kind: str = "B") -> DraftQuestion:
    return DraftQuestion(kind, "t", text, "", [Citation("S1", "c", "d", "a.pdf", page, page, "q")])


def _gold(tmp_path, entry: dict):
    path = tmp_path / "gold.json"
    path.write_text(json.dumps({"a.pdf": entry, "fehlt.pdf": {"must": []}}), encoding="utf-8")
    return path


def test_pages_with_ignores_line_breaks_hyphens_and_case():
    assert pages_with(PAGES, "förderung berufliche Weiterbildung") == {2}


def test_a_topic_needs_all_numbers_in_one_question_citing_the_page(tmp_path):
    entry = {"must": [{"topic": "FbW", "numbers": [["56"], ["37"]], "page_of": "berufliche Weiterbildung"},
                      {"topic": "ESG", "numbers": [["61"], ["78"]], "page_of": "Einstiegsgeld"}],
             "should": [{"topic": "split", "numbers": [["56"], ["78"]], "page_of": "Einstiegsgeld"}],
             "forbidden": ["keine Eintrittsplanung"]}
    questions = [_q("Für FbW sinken die Eintritte von 56 auf 37?", 2),
                 _q("Einstiegsgeld steigt von 61 auf 78?", 1),  # right numbers, wrong page
                 _q("Es gibt keine Eintrittsplanung für 1.563?", 3, kind="A")]
    report = evaluate_drafts(_gold(tmp_path, entry), {"a.pdf": "d"}, lambda d: questions, lambda d: PAGES)
    doc = report["documents"]["a.pdf"]
    assert [t["found"] for t in doc["must"]] == [True, False] and not doc["should"][0]["found"]
    assert len(doc["forbidden"]) == 1 and report["missing_documents"] == ["fehlt.pdf"]
    assert report["overall"]["must"] == {"found": 1, "total": 2, "recall": 0.5}
    text = format_drafts_report(report)
    assert "must 1/2" in text and "nicht gefunden (must): ESG" in text and "Verbotene Formulierungen: 1" in text
