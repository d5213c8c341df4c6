"""The defects of issue 18 on AMIPs the layout generator writes (varied layouts), through
ingest, retrieval and answering as the app calls them."""

from __future__ import annotations

import re

import pytest

from assistant.answering import NOT_FOUND
from assistant.service import Assistant
from assistant.settings import load_settings
from tests.amip_gen.generator import generated
from tests.amip_gen.questions import names
from tests.amip_gen.truth import TruthTable

SEEDS = (1000, 1004, 1006)  # one-column pages, ruled and unruled tables, plan left or right


@pytest.fixture(scope="module", params=SEEDS)
def case(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory):
    seed = request.param
    doc = generated(seed)
    a = Assistant(load_settings(data_dir=tmp_path_factory.mktemp(f"gen{seed}") / "data"))
    a.ingest_bytes(doc.pdf, f"gen-{seed}.pdf")
    entries = next(t for t in doc.truth.tables if t.kind == "entries")
    return a, doc.truth, entries


def _column(table: TruthTable, role: str, period: int) -> int:
    return next(i for i, c in enumerate(table.columns) if c.role == role and c.period == period)


def _previous(table: TruthTable, year: int) -> int:
    return next(i for i, c in enumerate(table.columns) if c.role in ("actual", "forecast", "plan")
                and c.period == year - 1)


def test_a_planned_count_is_the_rows_plan_cell_in_a_sentence_with_the_row_cited(case) -> None:
    a, truth, entries = case
    plan = _column(entries, "plan", truth.plan_year)
    for row in [r for r in entries.rows if not r.is_total][:3]:
        answer = a.ask(f"Wie viele Eintritte in {names(row.label)[0]} sind {truth.plan_year} geplant?",
                       backend="extractive")
        assert answer.answered and f"Für {truth.plan_year} sind {row.cells[plan]} " in answer.text
        assert f"Spalte „{entries.columns[plan].header}“" in answer.text
        (citation,) = answer.citations
        assert names(row.label)[0] in citation.quote and row.cells[plan] in citation.quote


def test_cuts_are_every_row_planned_below_the_previous_year_and_nothing_else(case) -> None:
    a, truth, entries = case
    plan, previous = _column(entries, "plan", truth.plan_year), _previous(entries, truth.plan_year)
    rows = [r for r in entries.rows if not r.is_total and r.values[previous] is not None]
    cuts = [r for r in rows if r.values[plan] < r.values[previous]]
    others = [r for r in rows if r not in cuts]
    answer = a.ask(f"Welche Instrumente werden {truth.plan_year} gekürzt?", backend="extractive")
    bullets = [line for line in answer.text.splitlines() if line.startswith("- ")]
    assert len(bullets) == len(cuts) and len(answer.citations) == len(cuts)
    for row in cuts:
        assert any(names(row.label)[0] in b and row.cells[plan] in b and row.cells[previous] in b for b in bullets)
    for row in others:
        assert names(row.label)[0] not in answer.text
    for column in entries.columns:  # a column name is never an instrument
        assert not any(b[2:].startswith(column.header) for b in bullets)


def test_money_for_a_row_of_entries_and_a_year_not_planned_are_refused(case) -> None:
    a, truth, entries = case
    row = next(r for r in entries.rows if not r.is_total)
    for question in (f"Wie viel Geld ist {truth.plan_year} für {names(row.label)[0]} eingeplant?",
                     f"Wie viele Eintritte in {names(row.label)[0]} sind {truth.plan_year + 3} geplant?",
                     "Wie viele Mitarbeitende hat das Jobcenter in der IT-Abteilung?"):
        answer = a.ask(question, backend="extractive")
        assert not answer.answered and answer.text == NOT_FOUND, question


def test_answers_are_readable(case) -> None:
    a, truth, entries = case
    row = next(r for r in entries.rows if not r.is_total)
    for question in (f"Wie viele Eintritte in {names(row.label)[0]} sind {truth.plan_year} geplant?",
                     f"Welche Instrumente werden {truth.plan_year} ausgeweitet?",
                     "Wie hoch ist das Eingliederungsbudget?"):
        text = a.ask(question, backend="extractive").text
        assert not re.search(r"—\s*:|;\s*:|\|\s*\|", text), text  # no "—: 350;:" fragments
        sentences = [s.strip() for s in re.split(r"(?<=[.!?])\s+|\n", text) if len(s.strip()) > 20]
        assert len(sentences) == len(set(sentences)), text  # no sentence printed twice
