"""The `amip` command line: JSON shapes of shared/DESIGN.md, German errors, exit codes."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from assistant.cli import main
from tests import pdf_factory


def _run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, dict | str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, (json.loads(out) if "--json" in args else out), err


@pytest.fixture
def pdfs(tmp_path: Path) -> dict[str, Path]:
    return {
        "good": pdf_factory.write_pdf(tmp_path / "musterstadt.pdf", pdf_factory.sample_amip_pdf()),
        "table": pdf_factory.write_pdf(tmp_path / "tabelle.pdf", pdf_factory.table_pdf()),
        "broken": pdf_factory.write_pdf(tmp_path / "kaputt.pdf", pdf_factory.truncated_pdf()),
        "empty": pdf_factory.write_pdf(tmp_path / "leer.pdf", b""),
    }


def test_ingest_docs_search_remove_roundtrip(capsys, pdfs) -> None:
    code, out, _ = _run(capsys, "ingest", str(pdfs["good"]), str(pdfs["table"]), "--json")
    assert code == 0 and out["errors"] == []
    assert [(d["filename"], d["pages"], d["status"]) for d in out["documents"]] == [
        ("musterstadt.pdf", 3, "indexed"), ("tabelle.pdf", 1, "indexed")]
    assert set(out["documents"][0]) >= {"doc_id", "filename", "pages", "chunks", "ocr_pages", "status"}

    code, again, _ = _run(capsys, "ingest", str(pdfs["good"]), "--json")
    assert again["documents"][0]["status"] == "unchanged"

    code, docs, _ = _run(capsys, "docs", "--json")
    assert [set(d) for d in docs["documents"]] == [{"doc_id", "filename", "pages", "chunks"}] * 2

    code, found, _ = _run(capsys, "search", "Förderung berufliche Weiterbildung", "--k", "3", "--json")
    hit = found["hits"][0]
    assert set(hit) == {"chunk_id", "doc_id", "filename", "page_start", "page_end", "score", "text"}
    assert "Förderung berufliche Weiterbildung" in hit["text"]

    doc_id = out["documents"][1]["doc_id"]
    code, _, _ = _run(capsys, "remove", doc_id[:10])
    assert code == 0
    code, docs, _ = _run(capsys, "docs", "--json")
    assert [d["filename"] for d in docs["documents"]] == ["musterstadt.pdf"]


def test_bad_files_are_listed_and_good_ones_indexed(capsys, pdfs) -> None:
    code, out, err = _run(capsys, "ingest", str(pdfs["broken"]), str(pdfs["good"]), str(pdfs["empty"]), "--json")
    assert code == 1
    assert [d["filename"] for d in out["documents"]] == ["musterstadt.pdf"]
    assert [e["filename"] for e in out["errors"]] == ["kaputt.pdf", "leer.pdf"]
    assert all(e["error"] and "Traceback" not in e["error"] for e in out["errors"])
    assert "Fehler bei kaputt.pdf" in err


def test_unknown_document_is_a_german_error(capsys) -> None:
    code, _, err = _run(capsys, "remove", "deadbeef")
    assert code == 2 and "Kein Dokument" in err


def test_ask_extractive_json_shape(capsys, pdfs) -> None:
    _run(capsys, "ingest", str(pdfs["good"]), "--json")
    code, out, _ = _run(capsys, "ask", "Wie hoch ist das Eingliederungsbudget?", "--llm", "extractive", "--json")
    assert code == 0 and set(out) == {"answer", "answered", "backend", "citations"}
    assert out["backend"] == "extractive" and out["answered"] is True
    assert "2.970.357" in out["answer"]
    cit = out["citations"][0]
    assert set(cit) == {"marker", "chunk_id", "doc_id", "filename", "page_start", "page_end", "quote", "verified"}
    assert cit["page_start"] == 2 and cit["verified"] is True


def test_unreachable_model_server_is_a_german_message(capsys, pdfs, monkeypatch) -> None:
    _run(capsys, "ingest", str(pdfs["good"]), "--json")
    monkeypatch.setenv("AMIP_LLM_BASE_URL", "http://127.0.0.1:9")
    code, _, err = _run(capsys, "ask", "Wie hoch ist das Eingliederungsbudget?", "--llm", "ollama")
    assert code == 2 and err.startswith("Fehler: ") and "Unerwarteter" not in err and "Traceback" not in err


def test_ask_about_a_place_no_document_mentions(capsys, pdfs) -> None:
    _run(capsys, "ingest", str(pdfs["good"]), "--json")
    code, out, _ = _run(capsys, "ask", "Wie hoch ist das Eingliederungsbudget in Bayern?", "--llm", "extractive", "--json")
    assert code == 0 and out["answered"] is False and out["citations"] == []
    assert out["answer"] == "Zu „Bayern“ enthalten die Dokumente keine Angaben."


def test_a_question_naming_one_of_two_documents_is_answered_from_it(capsys, tmp_path) -> None:
    from assistant.demo import write_demo_pdfs

    for path in write_demo_pdfs(tmp_path / "demo"):
        _run(capsys, "ingest", str(path), "--json")
    for year, value in (("2024", "21,5 %"), ("2025", "20,8 %")):
        code, out, _ = _run(capsys, "ask", f"Welche Integrationsquote soll {year} erreicht werden?",
                            "--llm", "extractive", "--json")
        assert code == 0 and value in out["answer"]
        assert {c["filename"] for c in out["citations"]} == {f"amip-musterstadt-{year}.pdf"}


def test_ask_searches_only_the_document_the_question_names(tmp_path, monkeypatch) -> None:
    from assistant.demo import write_demo_pdfs
    from assistant.service import Assistant
    from assistant.settings import Settings

    assistant = Assistant(Settings(data_dir=tmp_path / "data", llm="extractive"))
    ids = {path.name: assistant.ingest_bytes(path.read_bytes(), path.name).doc_id
           for path in write_demo_pdfs(tmp_path / "demo")}
    searched: list[str | None] = []
    context = assistant.retriever.context
    monkeypatch.setattr(assistant.retriever, "context",
                        lambda q, k=8, doc_id=None, **kw: searched.append(doc_id) or context(q, k, doc_id, **kw))
    assistant.ask("Wie hoch ist das Eingliederungsbudget 2025?")
    assistant.ask("Wie hoch ist das Eingliederungsbudget in Musterstadt?")  # both files: no choice
    assert searched == [ids["amip-musterstadt-2025.pdf"], None]
