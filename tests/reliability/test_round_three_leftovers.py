"""Red-team round three (issue 20), the leftovers: a cap on the table rows drafting considers
(attack 6), a far-future year in a title (attack 12) and non-finite numbers in the Kennzahlen
tab (attack 9)."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from assistant.drafting import draft_questions
from assistant.drafting.checklist import build_checklist
from assistant.drafting.row_cap import MAX_TABLE_ROWS, cap_table_rows, row_cap_notice
from assistant.meeting.pack import MeetingPack, build_pack
from tests.reliability.hostile_tables import table_document


class _Facade:
    """The facade's public results for one generated document, drafted by the real code."""

    def __init__(self, rows: int) -> None:
        self.figures_, self.pages = table_document(rows)

    def figures(self, doc_id: str | None = None) -> list:
        return self.figures_

    def questions(self, doc_id: str | None = None, compare: str | None = None) -> list:
        return draft_questions(self.pages, self.figures_, "d", "tabelle.pdf")

    def checklist(self, doc_id: str | None = None) -> list[dict]:
        return [i.to_json() for i in build_checklist(self.pages, self.figures_, "d", "tabelle.pdf")]

    def export(self, doc_id, fmt: str, out: Path, compare=None, questions=None) -> Path:
        out.write_text("\n".join(q.text for q in questions or []), encoding="utf-8")
        return out


def test_a_table_of_20000_rows_is_drafted_quickly_with_a_german_note() -> None:
    facade = _Facade(20_000)
    started = time.monotonic()
    pack = build_pack(facade, {"doc_id": "d", "filename": "tabelle.pdf", "title": ""}, None, "v1")
    assert time.monotonic() - started < 60  # quadratic drafting took > 500 s; linear and capped: seconds
    assert pack.questions and not pack.errors
    assert len(pack.notices) == 1 and "mehr als 1.000 Zeilen" in pack.notices[0]
    assert "19.000 Zeilen nicht" in pack.notices[0]
    # Drafted questions cite only rows the cap kept.
    kept = {f.quote for f in cap_table_rows(facade.figures_)[0]}
    cited = {c.quote for _, q in pack.numbered("B") for c in q.citations if c.quote.startswith("Kurs ")}
    assert cited and cited <= kept
    assert MeetingPack.from_json(pack.to_json()).notices == pack.notices  # the stored pack keeps it


def test_real_sized_tables_are_never_cut() -> None:
    figures, _ = table_document(MAX_TABLE_ROWS)
    assert cap_table_rows(figures) == (figures, 0) and row_cap_notice(figures) is None
    # Two tables on pages far apart are two tables: each keeps its rows.
    first, _ = table_document(600)
    second = [type(f)(**{**f.__dict__, "page": f.page + 100}) for f in first]
    assert cap_table_rows(first + second)[1] == 0


def test_the_cap_is_a_setting(monkeypatch: pytest.MonkeyPatch) -> None:
    figures, _ = table_document(300)
    monkeypatch.setenv("AMIP_MAX_TABLE_ROWS", "120")
    kept, dropped = cap_table_rows(figures)
    assert len(kept) == 120 and dropped == 180 and "mehr als 120 Zeilen" in (row_cap_notice(figures) or "")
    monkeypatch.setenv("AMIP_MAX_TABLE_ROWS", "keine")
    assert cap_table_rows(figures)[1] == 0
