"""MeetingPack: built once per document version, cached on disk, shared by app, CLI and export;
last year's AMIP found by the documents' own period; chat history kept per workspace."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from assistant import demo
from assistant.meeting.history import History
from assistant.meeting.pack import MeetingPack, display_title
from assistant.meeting.period import document_period, years_in
from assistant.service import Assistant
from assistant.settings import load_settings
from assistant.types import Answer, Citation
from tests.fakes import FakeEmbedder


@pytest.fixture
def assistant(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Assistant:
    monkeypatch.setattr("assistant.service.make_embedder", lambda spec=None: FakeEmbedder())
    a = Assistant(load_settings(data_dir=tmp_path / "data"))
    for year in demo.DEMO_YEARS:
        # File names without a year: the period must come from the documents themselves.
        a.ingest_bytes(demo.demo_pdf_bytes(year), f"entwurf-{'alt' if year == 2024 else 'neu'}.pdf")
    return a


def _doc(a: Assistant, name: str) -> str:
    return next(d["doc_id"] for d in a.documents() if d["filename"] == name)


class Counting:
    """Counts the facade calls a pack makes."""

    def __init__(self, a: Assistant, monkeypatch: pytest.MonkeyPatch) -> None:
        self.calls: dict[str, int] = {}
        for name in ("questions", "checklist", "export"):
            original = getattr(a, name)

            def counted(*args, _name=name, _original=original, **kwargs):
                self.calls[_name] = self.calls.get(_name, 0) + 1
                return _original(*args, **kwargs)

            monkeypatch.setattr(a, name, counted)


def test_period_from_title_first_page_then_file_name() -> None:
    assert years_in("AMIP 2024/2025 und 2023/24") == [2025, 2024]
    assert document_period("Arbeitsmarktprogramm 2025", "", "amip-2019.pdf") == 2025
    assert document_period("", "Jobcenter X\nArbeitsmarkt- und Integrationsprogramm 2024\nStand 2023", "") == 2024
    assert document_period("", "kein Jahr", "amip_2023.pdf") == 2023
    assert document_period("", "", "entwurf.pdf") is None


def test_pack_is_built_once_and_survives_a_new_process(assistant, monkeypatch, tmp_path) -> None:
    new, old = _doc(assistant, "entwurf-neu.pdf"), _doc(assistant, "entwurf-alt.pdf")
    assert assistant.default_compare(new) == old  # by the year printed in the documents
    counting = Counting(assistant, monkeypatch)
    pack = assistant.prepare_meeting(new)
    assert not pack.errors, pack.errors
    assert pack.compare == old and pack.questions and len(pack.checklist) == 6
    assert counting.calls == {"questions": 1, "checklist": 1, "export": 2}
    assert set(pack.exports) == {"md", "docx"} and pack.exports["docx"][1][:2] == b"PK"

    again = Assistant(load_settings(data_dir=tmp_path / "data"))  # a restart: nothing recomputed
    monkeypatch.setattr(again, "questions", lambda *a, **k: pytest.fail("drafted again"))
    cached = again.prepare_meeting(new)
    assert cached.to_json() == pack.to_json()
    assert again.prepare_meeting(new, compare="", cached_only=True) is None  # another choice, not built


def test_export_numbers_the_questions_like_the_screen(assistant) -> None:
    pack = assistant.prepare_meeting(_doc(assistant, "entwurf-neu.pdf"))
    markdown = pack.exports["md"][1].decode("utf-8")
    printed = re.findall(r"(?m)^(\d+)\. (.+)$", markdown)
    assert [(int(n), text) for n, text in printed] == [(n, q.text) for n, q in enumerate(pack.questions, 1)]
    numbers = [n for kind in ("A", "B") for n, _ in pack.numbered(kind)]
    assert sorted(numbers) == list(range(1, len(pack.questions) + 1))


def test_removed_document_takes_its_pack_along(assistant) -> None:
    new, old = _doc(assistant, "entwurf-neu.pdf"), _doc(assistant, "entwurf-alt.pdf")
    assistant.prepare_meeting(new)
    assistant.prepare_meeting(old, compare="")
    assert len(list(assistant.meeting_cache.folder.glob("*.json"))) == 2
    assistant.remove(old)
    assistant.meeting_cache.prune({d["doc_id"] for d in assistant.documents()})
    assert list(assistant.meeting_cache.folder.glob("*.json")) == []  # the new one compared with the old


def test_damaged_pack_file_is_rebuilt(assistant) -> None:
    new = _doc(assistant, "entwurf-neu.pdf")
    pack = assistant.prepare_meeting(new)
    (assistant.meeting_cache.folder / f"{pack.version}.json").write_text("{kaputt")
    assert assistant.prepare_meeting(new).questions


def test_history_survives_and_clears(tmp_path) -> None:
    history = History(tmp_path, "beirat")
    cite = Citation("S1", "c1", "d1", "a.pdf", 3, 3, "150 Eintritte", True)
    history.append({"question": "Wie viele?", "doc_id": None, "scope": "allen Dokumenten",
                    "answer": Answer("Wie viele?", "150 Eintritte [S1].", True, "extractive", [cite])})
    history.append({"question": "Und?", "error": "Der Server ist nicht erreichbar."})
    history.set_last_meeting("d1", None, "extractive")
    turns = History(tmp_path, "beirat").turns()
    assert [t["question"] for t in turns] == ["Wie viele?", "Und?"]
    assert turns[0]["answer"].citations == [cite] and turns[1]["error"]
    assert History(tmp_path, "andere").turns() == []
    history.clear()
    assert history.turns() == [] and history.last_meeting()["doc_id"] == "d1"
    history.path.write_text("[kaputt")
    assert history.turns() == []


def test_display_title_prefers_a_real_title() -> None:
    assert display_title({"title": "AMIP 2025 Jobcenter X", "filename": "a.pdf"}) == "AMIP 2025 Jobcenter X"
    assert display_title({"title": "a.pdf", "filename": "a.pdf"}) == "a.pdf"
    assert display_title({"title": "", "filename": "b.pdf"}) == "b.pdf"
    assert MeetingPack.from_json(MeetingPack("d", "t", "f", "v").to_json()).title == "t"


def test_cli_questions_and_export_use_the_stored_pack(assistant, tmp_path, capsys, monkeypatch) -> None:
    import json

    from assistant.cli import main

    new = _doc(assistant, "entwurf-neu.pdf")
    pack = assistant.prepare_meeting(new, compare="")
    monkeypatch.setattr("assistant.service.Assistant.questions", lambda *a, **k: pytest.fail("drafted again"))
    common = ["--data-dir", str(tmp_path / "data"), "--doc", new[:12]]
    assert main(["questions", *common, "--json"]) == 0
    shown = json.loads(capsys.readouterr().out)["questions"]
    assert [q["text"] for q in shown] == [q.text for q in pack.questions]
    out = tmp_path / "fragen.md"
    assert main(["export", *common, "--format", "md", "--out", str(out)]) == 0
    assert out.read_bytes() == pack.exports["md"][1]


def test_suggestions_come_from_the_documents_own_figures_and_chapters() -> None:
    from assistant.meeting.suggestions import suggested_questions
    from assistant.types import Figure, FigureValue

    def figure(kind: str, label: str, plan: float, period: int | None) -> Figure:
        values = [FigureValue("Ist", "actual", None, plan / 2, ""), FigureValue("Plan", "plan", period, plan, "")]
        return Figure(kind, label, "", values, "d", "a.pdf", 4, "table", label)

    found = [figure("entries", "Gesamt", 900, 2025), figure("entries", "Arbeitsgelegenheiten", 145, 2025),
             figure("entries", "Einstiegsgeld", 78, None), figure("budget", "Eingliederungsbudget", 3e6, 2025)]
    questions = suggested_questions(found, ["Inhaltsverzeichnis", "Regionale Arbeitsmarktlage"])
    assert questions[0] == "Wie viele Eintritte sind 2025 für „Arbeitsgelegenheiten“ geplant?"
    assert questions[1] == "Wie viele Eintritte sind für „Einstiegsgeld“ geplant?"  # no year printed, none asked
    assert "Eingliederungsbudget" in questions[2] and "„Regionale Arbeitsmarktlage“" in questions[3]
    assert not any("Gesamt" in q or "Inhaltsverzeichnis" in q or "diesem Jahr" in q for q in questions)
    assert len(suggested_questions([], [])) == 3  # generic ones, without a year
