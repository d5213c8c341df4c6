"""Red-team round three (issue 20), attacks 7–12: nothing clickable or executable from
documents, strict JSON, control characters removed, a failing model server leaves the
template questions, and the smaller ones (stray folders, removed documents, gone database,
broken pipe)."""

from __future__ import annotations

import io
import json
import re
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from app_pages.render import answer_markdown, plain
from assistant import cli
from assistant.batch import stored_workspaces
from assistant.drafting.export import export
from assistant.meeting.history import History
from assistant.sanitize import clean_text, neutralise_csv_cell, safe_frame, strict_json
from assistant.service import Assistant
from assistant.settings import Settings
from assistant.types import Answer, Citation, DraftQuestion, Figure, FigureValue
from ingest.types import IngestError
from tests import pdf_factory
from tests.fakes import FakeEmbedder
from tests.reliability.conftest import REPO, child_env

# GFM autolink literals as the renderer applies them to the text after escapes are resolved.
_AUTOLINK = [re.compile(r"(?i)(?:^|[\s*_~(])(?:https?://|www\.)"), re.compile(r"[\w.+-]@[\w-]+\.[\w-]"),
             re.compile(r"(?i)\b(?:mailto|xmpp):")]
_HOSTILE_TEXT = ["Siehe https://evil.example/login?x=1 und http://a.b", "Mehr unter www.jobcenter-beispiel.de.",
                 "Kontakt: beirat@jobcenter.example, mailto:x@y.de", "(www.klammer.de)", "*www.stern.de*"]


def _unescaped(markdown: str) -> str:
    return re.sub(r"\\(.)", r"\1", markdown)


@pytest.mark.parametrize("text", _HOSTILE_TEXT)
def test_addresses_in_document_text_are_never_autolinked(text: str) -> None:
    for rendered in (plain(text), answer_markdown(text + " [S1]")):
        resolved = _unescaped(rendered)
        assert not any(p.search(resolved) for p in _AUTOLINK), rendered
    assert _unescaped(plain(text)).replace("\u2060", "") == text  # the reader sees the same characters


def test_csv_cells_that_spreadsheets_would_run_are_neutralised() -> None:
    for cell in ("=HYPERLINK(\"http://x\",\"klick\")", "@SUM(A1:A9)", "+cmd|' /C calc'!A0", "-2+3+cmd|x",
                 "\t=1+1", " =1"):
        assert neutralise_csv_cell(cell).startswith("'"), cell
    for cell in ("-12,5", "+3.100", "12 %", "Qualifizierung", "", "−4"):
        assert neutralise_csv_cell(cell) == cell, cell
    frame = pd.DataFrame({"Bezeichnung": ["=HYPERLINK(\"http://x\")", "FbW"], "=Spalte": ["@SUM(A1)", "-5"],
                          "Seite": [1, 2]})
    exported = safe_frame(frame).to_csv(index=False)
    for line in exported.splitlines():
        for cell in line.split(","):
            assert not cell.strip('"').startswith(("=", "@", "+")), exported


def _huge_figure() -> Figure:
    value = float("1" + "0" * 400)  # a 400-digit cell
    return Figure(kind="budget", label="Budget", instrument="", doc_id="d", filename="a.pdf", page=1,
                  source="table", quote="Budget 1000…", values=[FigureValue("Plan 2025", "plan", 2025, value, "EUR")])


def test_json_output_is_strict_and_says_when_numbers_were_dropped(tmp_path: Path, monkeypatch, capsys) -> None:
    assert strict_json({"a": [float("inf"), 1.0, float("nan")]}) == ({"a": [None, 1.0, None]}, 2)
    monkeypatch.setattr(Assistant, "figures", lambda self, doc_id=None: [_huge_figure()])
    code = cli.main(["figures", "--json", "--data-dir", str(tmp_path)])
    out = capsys.readouterr()
    assert code == 0

    def refuse(constant: str):
        raise ValueError(constant)

    data = json.loads(out.out, parse_constant=refuse)  # Infinity/NaN would raise here
    assert data["figures"][0]["values"][0]["value"] is None
    assert "null" in out.err and "Traceback" not in out.err


def test_control_characters_and_bidi_overrides_are_removed() -> None:
    assert clean_text("AMIP\u202e2025\x1b]8;;http://x\x07 Plan\nzeile") == "AMIP2025]8;;http://x Plan zeile"
    assert "\u202e" not in plain("\u202ePIMA") and "\x1b" not in plain("a\x1b[31mb")


def test_cli_prints_file_names_without_escape_sequences_or_fake_lines(tmp_path: Path, monkeypatch, capsys) -> None:
    docs = [{"doc_id": "a" * 64, "filename": "plan.pdf\n0123456789ab  gefälscht.pdf  (1 Seiten)\x1b[2J\u202e",
             "pages": 3, "chunks": 4}]
    monkeypatch.setattr(Assistant, "documents", lambda self: docs)
    monkeypatch.setattr(Assistant, "lost_documents", lambda self: [])
    assert cli.main(["docs", "--data-dir", str(tmp_path)]) == 0
    out = capsys.readouterr().out
    assert len(out.strip().splitlines()) == 1 and "\x1b" not in out and "\u202e" not in out
    assert cli.main(["docs", "--json", "--data-dir", str(tmp_path)]) == 0
    assert "\\u001b" not in capsys.readouterr().out


def test_docx_export_survives_control_characters(tmp_path: Path) -> None:
    cite = Citation("S1", "c", "d", "plan\x1b.pdf", 2, 2, "Budget\x00 steigt\u202e")
    question = DraftQuestion(kind="B", topic="Budget\x0b", text="Warum steigt\x1b[31m das Budget?",
                             rationale="weil\x07", citations=[cite])
    path = export([question], "docx", tmp_path / "fragen.docx", title="AMIP\u202e 2025\x1b")
    from docx import Document

    text = "\n".join(p.text for p in Document(str(path)).paragraphs)
    assert "Warum steigt[31m das Budget?" in text and "\x1b" not in text and "\u202e" not in text


def _assistant(data: Path, **settings) -> Assistant:
    assistant = Assistant(Settings(data_dir=data, workspace="runde3", ocr="off", **settings))
    assistant.__dict__["embedder"] = FakeEmbedder()
    return assistant


def test_model_server_down_keeps_the_template_questions(tmp_path: Path) -> None:
    # Drafting uses no model (issue 19), so a server that is down cannot drop or delay a question.
    assistant = _assistant(tmp_path, llm_base_url="http://127.0.0.1:9", request_timeout=5)
    doc = assistant.ingest_bytes(pdf_factory.sample_amip_pdf(), "amip.pdf").doc_id
    templates = assistant.prepare_meeting(doc, compare="", backend="extractive")
    pack = assistant.prepare_meeting(doc, compare="", backend="ollama")
    assert templates.questions and [q.text for q in pack.questions] == [q.text for q in templates.questions]
    assert not pack.errors


def test_remove_deletes_drafts_and_marks_quotes(tmp_path: Path) -> None:
    assistant = _assistant(tmp_path)
    gone = assistant.ingest_bytes(pdf_factory.sample_amip_pdf(), "alt.pdf").doc_id
    kept = assistant.ingest_bytes(pdf_factory.plain_pdf(), "neu.pdf").doc_id
    assistant.prepare_meeting(gone, compare="", backend="extractive")
    assert list(assistant.meeting_cache.folder.glob("*.json"))
    cite = Citation("S1", "c", gone, "alt.pdf", 1, 1, "Zitat")
    assistant.history.append({"question": "Frage?", "answer": Answer("Frage?", "Antwort [S1]", True, "extractive",
                                                                     [cite])})
    assistant.remove(gone)
    assert not list(assistant.meeting_cache.folder.glob("*.json"))
    turn = History(tmp_path, "runde3").turns()[0]
    assert "entfernt" in turn["answer"].citations[0].filename
    assert [d["doc_id"] for d in assistant.documents()] == [kept]


def test_reindex_passes_stray_folders_by(tmp_path: Path) -> None:
    for name in (".git", "alte Sachen", "runde3"):
        (tmp_path / "files" / name).mkdir(parents=True)
    assert stored_workspaces(tmp_path) == ["runde3"]
    reports, errors = _assistant(tmp_path).reindex()
    assert reports == [] and errors == []


def test_gone_database_is_named_instead_of_answering_nothing(tmp_path: Path, monkeypatch, capsys) -> None:
    monkeypatch.setattr(Assistant, "documents", lambda self: [])
    monkeypatch.setattr(Assistant, "lost_documents", lambda self: [{"doc_id": "x", "filename": "plan.pdf"}])
    for args in (["ask", "Wie hoch ist das Budget?"], ["search", "Budget"]):
        assert cli.main([*args, "--data-dir", str(tmp_path)]) == 2
        err = capsys.readouterr().err
        assert "amip reindex" in err and "Traceback" not in err


def test_reader_that_stops_early_gets_no_traceback(tmp_path: Path) -> None:
    proc = subprocess.Popen([sys.executable, "-m", "assistant.cli", "docs", "--data-dir", str(tmp_path)],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=child_env(), cwd=str(REPO))
    proc.stdout.close()  # like `amip docs | head -0`
    err = proc.stderr.read().decode()
    proc.wait(120)
    assert "Traceback" not in err and "BrokenPipe" not in err, err
