"""The generator's questions about its own documents (issue 18, item 6): consistent with the
ground truth (fast), and answered through ingest, retrieval and answering (slow)."""

from __future__ import annotations

import re

import pytest

from .content import INSTRUMENTS
from .generator import generated
from .questions import TYPES, evaluate_generated, names, page_text, questions_for
from .truth import changes_above

SEEDS = (1000, 1003, 1005, 1006)


@pytest.fixture(scope="module")
def items() -> dict[int, list]:
    return {seed: questions_for(generated(seed), page_text(generated(seed).pdf)) for seed in SEEDS}


def test_every_question_type_is_asked(items: dict[int, list]) -> None:
    asked = {q.type for questions in items.values() for q in questions}
    assert asked == set(TYPES)


def test_answers_are_cells_as_printed_and_refusals_have_no_answer(items: dict[int, list]) -> None:
    for seed, questions in items.items():
        cells = {c for t in generated(seed).truth.tables for r in t.rows for c in r.cells}
        for q in questions:
            if q.type in ("plan", "previous", "budget"):
                assert q.answer[0][0] in cells and q.evidence[1] == q.answer[0][0]
            assert (q.type == "unanswerable") == (not q.answer)


def test_cuts_and_rises_are_the_rows_that_changed_that_way(items: dict[int, list]) -> None:
    for seed, questions in items.items():
        truth = generated(seed).truth
        changed = changes_above(truth, threshold=1e-9, kinds=("entries",))
        for q in questions:
            if q.type in ("cut", "rise"):
                expected = {names(c.label)[0] for c in changed if (c.plan < c.previous) == (q.type == "cut")}
                assert {group[0] for group in q.answer} == expected
                assert not set(q.absent) & expected


def test_unanswerable_instruments_are_neither_planned_nor_mentioned(items: dict[int, list]) -> None:
    for seed, questions in items.items():
        text = re.sub(r"\s+", "", page_text(generated(seed).pdf)).casefold()
        for q in questions:
            if q.type != "unanswerable":
                continue
            for _, short, long in INSTRUMENTS:
                head = names(short)[0]
                if f"in {head} sind" in q.question and str(generated(seed).truth.plan_year) in q.question:
                    assert re.sub(r"\s+", "", head).casefold() not in text


@pytest.mark.slow
def test_generated_questions_are_answered_per_type(tmp_path) -> None:
    """Hundreds of questions over 20 generated AMIPs, extractive: every refusal right, each
    type of question answered right in at least 85 % (two-column pages the table reader
    misses cost the rest; see the report of ``python -m tests.amip_gen.questions``)."""
    report = evaluate_generated(list(range(2000, 2020)), "extractive", tmp_path)
    assert report["questions"] >= 300
    by_type = report["by_type"]
    assert by_type["unanswerable"]["accuracy"] == 1.0
    assert all(row["accuracy"] >= 0.85 for row in by_type.values()), by_type
    assert report["citation_precision"] >= 0.95
