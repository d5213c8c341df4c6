"""Red-team round two (issue 13): bounded work, identity by content, settings source, no
silent page loss, recoverable store, batch isolation and German errors. Inputs generated."""

from __future__ import annotations

import errno
import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from assistant import cli
from assistant.service import Assistant
from assistant.settings import Settings
from benchmarks.synth import amip_pdf
from ingest.options import IngestOptions
from ingest.pipeline import Ingestor
from ingest.store import StoreError, VectorStore, check_workspace
from ingest.types import IngestError
from tests import pdf_factory
from tests.fakes import FakeEmbedder
from tests.reliability import hostile_pdfs as hostile
from tests.reliability.conftest import REPO, child_env
from tests.reliability.test_hostile_input import assert_german_error


def _assistant(data: Path, **settings: object) -> Assistant:
    assistant = Assistant(Settings(data_dir=data, workspace="runde2", ocr="off", **settings))
    assistant.__dict__["embedder"] = FakeEmbedder()
    return assistant


@pytest.fixture
def ingestor(tmp_path: Path) -> Ingestor:
    embedder = FakeEmbedder()
    store = VectorStore("runde2", embedder.name, data_dir=tmp_path)
    return Ingestor(store, embedder, IngestOptions(ocr="off"), tmp_path)


# -- 1. bounded work -----------------------------------------------------------------------------


def test_page_with_100k_tiny_text_objects_is_skipped_within_seconds(ingestor: Ingestor) -> None:
    started = time.perf_counter()
    report = ingestor.ingest(hostile.tiny_text_objects_pdf(100_000, text_page=True), "winzig.pdf")
    assert time.perf_counter() - started < 30
    assert report.pages == 2 and any("Seite 2" in w and "Textobjekte" in w for w in report.warnings)
    assert ingestor.store.get_document(report.doc_id)["page_status"] == ["text", "too_complex"]


def test_text_objects_inside_nested_forms_count_for_the_page(ingestor: Ingestor) -> None:
    report = ingestor.ingest(hostile.tiny_text_in_nested_form_pdf(60_000), "formen.pdf")
    assert ingestor.store.get_document(report.doc_id)["page_status"] == ["text", "too_complex"]


def test_only_hostile_page_gives_german_error(ingestor: Ingestor) -> None:
    with pytest.raises(IngestError) as caught:
        ingestor.ingest(hostile.tiny_text_objects_pdf(100_000), "winzig.pdf")
    assert_german_error(str(caught.value))
    assert ingestor.store.documents() == []


def test_ten_megabytes_on_one_line_is_refused_fast(ingestor: Ingestor) -> None:
    started = time.perf_counter()
    with pytest.raises(IngestError) as caught:
        ingestor.ingest(hostile.long_line_pdf(10), "zeile.pdf")
    assert time.perf_counter() - started < 30
    assert "AMIP_MAX_PAGE_CHARS" in str(caught.value)


def test_long_page_is_cut_at_the_cap_with_a_warning(ingestor: Ingestor) -> None:
    # 280 lines of 1 pt text, each ~1,100 characters wide: ~300,000 characters on the page
    # (text drawn beyond the page's edge is not on the page and is not read at all).
    line = b"Eingliederung Budget Quote Ziel " * 36
    content = b"BT /F1 1 Tf 1.2 TL 5 830 Td" + b"".join(b" (" + line + b") '" for _ in range(280)) + b" ET\n"
    report = ingestor.ingest(hostile._page_pdf(b"", content, compress=True), "lang.pdf")
    assert any("100.000 Zeichen" in w for w in report.warnings)
    assert sum(len(c.text) for c in ingestor.store.all_chunks(report.doc_id)) < 200_000


def test_chunk_cap_indexes_up_to_the_cap_and_names_what_is_missing(tmp_path: Path) -> None:
    embedder = FakeEmbedder()
    store = VectorStore("kappe", embedder.name, data_dir=tmp_path)
    ingestor = Ingestor(store, embedder, IngestOptions(ocr="off", max_chunks=2), tmp_path)
    report = ingestor.ingest(amip_pdf(12, seed=3), "viele.pdf")
    assert report.chunks == 2 and store.count_chunks() == 2
    assert any("AMIP_MAX_CHUNKS" in w and "Seite" in w for w in report.warnings)


def test_time_budget_covers_embedding(tmp_path: Path) -> None:
    """The budget runs out during the first embedding batch: that batch is kept, the rest is
    named in a warning; with no batch done the file is refused and the index stays as it was."""
    embedder = FakeEmbedder()
    fast = embedder.embed_passages
    embedder.embed_passages = lambda texts: (time.sleep(8.0), fast(texts))[1]
    store = VectorStore("zeit", embedder.name, data_dir=tmp_path)
    ingestor = Ingestor(store, embedder, IngestOptions(ocr="off", max_seconds=8.0), tmp_path)
    report = ingestor.ingest(amip_pdf(30, seed=4), "langsam.pdf")
    assert report.chunks == 16 and store.count_chunks() == 16
    assert any("AMIP_MAX_SECONDS" in w and "Seite" in w for w in report.warnings)
    ingestor.options = IngestOptions(ocr="off", max_seconds=0.01)
    with pytest.raises(IngestError, match="Zeitlimit"):
        ingestor.ingest(amip_pdf(31, seed=5), "zu-langsam.pdf")
    assert [d["doc_id"] for d in store.documents()] == [report.doc_id]


def test_long_question_is_refused_in_german(tmp_path: Path) -> None:
    assistant = _assistant(tmp_path / "data")
    with pytest.raises(IngestError) as caught:
        assistant.ask("Wie hoch ist das Budget? " * 5000, backend="extractive")
    assert "zu lang" in str(caught.value)


# -- 2. identity by content ----------------------------------------------------------------------


def test_same_name_different_bytes_keeps_both(ingestor: Ingestor) -> None:
    first = ingestor.ingest(pdf_factory.sample_amip_pdf(), "plan.pdf")
    second = ingestor.ingest(pdf_factory.plain_pdf(), "plan.pdf")
    assert second.filename == "plan.pdf (2)" and first.doc_id != second.doc_id
    assert {d["doc_id"] for d in ingestor.store.documents()} == {first.doc_id, second.doc_id}
    assert ingestor.file_path(first.doc_id).exists() and ingestor.file_path(second.doc_id).exists()
    assert len(ingestor.same_name("plan.pdf")) == 2


def test_replace_needs_to_be_asked_for(tmp_path: Path) -> None:
    assistant = _assistant(tmp_path / "data")
    old = assistant.ingest_bytes(pdf_factory.sample_amip_pdf(), "plan.pdf")
    new = assistant.ingest_bytes(pdf_factory.plain_pdf(), "plan.pdf", replace=old.doc_id[:12])
    assert [d["doc_id"] for d in assistant.documents()] == [new.doc_id]
    assert new.filename == "plan.pdf"
    assert not assistant.ingestor.file_path(old.doc_id).exists()


# -- 4. settings only from the project folder ----------------------------------------------------


def test_env_file_in_working_directory_is_ignored(tmp_path: Path) -> None:
    (tmp_path / ".env").write_text("AMIP_LLM=openai\nAMIP_LLM_BASE_URL=http://evil.example:9/v1\n")
    code = ("from assistant.settings import load_settings; s = load_settings(); "
            "print(s.llm_base_url or '-')")
    env = {k: v for k, v in child_env().items() if not k.startswith("AMIP_")}
    out = subprocess.run([sys.executable, "-c", code], cwd=tmp_path, env=env, capture_output=True,
                         text=True, timeout=60)
    assert out.stdout.strip() != "http://evil.example:9/v1", out.stderr
    env["AMIP_ENV_FILE"] = str(tmp_path / ".env")
    out = subprocess.run([sys.executable, "-c", code], cwd=tmp_path, env=env, capture_output=True,
                         text=True, timeout=60)
    assert out.stdout.strip() == "http://evil.example:9/v1", out.stderr


def test_cli_names_a_remote_model_server_before_sending(tmp_path: Path, monkeypatch, capsys) -> None:
    monkeypatch.setenv("AMIP_LLM_BASE_URL", "http://192.0.2.1:9/v1")
    monkeypatch.setattr(cli, "_HANDLERS", dict(cli._HANDLERS, ask=lambda a, args: ({}, "", 0)))
    assert cli.main(["ask", "Frage?", "--llm", "openai", "--data-dir", str(tmp_path)]) == 0
    assert "http://192.0.2.1:9/v1" in capsys.readouterr().err


# -- 5. no silent page loss ----------------------------------------------------------------------


def test_broken_page_form_fields_and_attachments_are_reported(ingestor: Ingestor) -> None:
    broken = ingestor.ingest(hostile.broken_flate_page_pdf(), "kaputt.pdf")
    assert any("Seite 2" in w and "nicht gelesen" in w for w in broken.warnings)
    assert ingestor.store.get_document(broken.doc_id)["page_status"] == ["text", "broken"]
    form = ingestor.ingest(hostile.form_and_attachment_pdf(), "formular.pdf")
    assert any("Formularfeld" in w and "Jobcenter" in w for w in form.warnings)
    assert any("anlage.xlsx" in w for w in form.warnings)
    assert "Musterstadt" in " ".join(c.text for c in ingestor.store.all_chunks(form.doc_id))
    assert ingestor.store.get_document(form.doc_id)["warnings"] == form.warnings


# -- 6./8. recoverable store ---------------------------------------------------------------------


def test_truncated_database_is_detected_and_reindexed(tmp_path: Path) -> None:
    data = tmp_path / "data"
    first = _assistant(data)
    report = first.ingest_bytes(pdf_factory.sample_amip_pdf(), "plan.pdf")
    other = first.ingest_bytes(pdf_factory.plain_pdf(), "plan.pdf")
    database = data / "chroma" / "chroma.sqlite3"
    database.write_bytes(database.read_bytes()[: database.stat().st_size // 3])
    from chromadb.api.shared_system_client import SharedSystemClient

    SharedSystemClient.clear_system_cache()
    with pytest.raises(StoreError) as caught:
        _assistant(data).documents()
    assert "amip reindex" in str(caught.value)
    reports, errors = _assistant(data).reindex()
    assert not errors and {r.doc_id for r in reports} == {report.doc_id, other.doc_id}
    docs = _assistant(data).documents()
    assert sorted(d["filename"] for d in docs) == ["plan.pdf", "plan.pdf (2)"]
    assert list(data.glob("chroma.beschaedigt-*"))  # set aside, not deleted


def test_deleted_database_lists_lost_documents(tmp_path: Path) -> None:
    data = tmp_path / "data"
    _assistant(data).ingest_bytes(pdf_factory.sample_amip_pdf(), "plan.pdf")
    from chromadb.api.shared_system_client import SharedSystemClient

    SharedSystemClient.clear_system_cache()
    import shutil

    shutil.rmtree(data / "chroma")
    fresh = _assistant(data)
    assert [d["filename"] for d in fresh.lost_documents()] == ["plan.pdf"]
    reports, _ = fresh.reindex()
    assert [r.filename for r in reports] == ["plan.pdf"] and fresh.lost_documents() == []


def test_orphan_copies_and_part_files_are_swept_on_open(tmp_path: Path, ingestor: Ingestor) -> None:
    kept = ingestor.ingest(pdf_factory.sample_amip_pdf(), "plan.pdf")
    folder = ingestor.files_dir
    (folder / ("0" * 64 + ".pdf")).write_bytes(b"%PDF-1.4 verwaist")
    (folder / ("1" * 64 + ".pdf.part")).write_bytes(b"x" * 1000)
    again = Ingestor(ingestor.store, ingestor.embedder, IngestOptions(ocr="off"), tmp_path)
    assert sorted(p.name for p in folder.iterdir()) == [f"{kept.doc_id}.json", f"{kept.doc_id}.pdf"]
    assert again.lost_documents() == []


# -- 7./9. batch isolation and German errors -----------------------------------------------------


def test_one_bad_file_never_stops_the_batch(tmp_path: Path, monkeypatch) -> None:
    assistant = _assistant(tmp_path / "data")
    good = pdf_factory.write_pdf(tmp_path / "gut.pdf", pdf_factory.sample_amip_pdf())
    odd = tmp_path / os.fsdecode(b"sonderbar-\xff.pdf")
    odd.write_bytes(pdf_factory.plain_pdf())
    full = pdf_factory.write_pdf(tmp_path / "voll.pdf", pdf_factory.image_only_pdf(text_pages_before=1))
    original = assistant.ingestor.ingest

    def ingest(data, name, progress=None, replace=None):
        if name == "voll.pdf":
            raise OSError(errno.EFBIG, "File too large")
        return original(data, name, progress, replace=replace)

    monkeypatch.setattr(assistant.ingestor, "ingest", ingest)
    reports, errors = assistant.ingest_paths([odd, full, tmp_path, good])
    assert [r.filename for r in reports] == ["sonderbar-\ufffd.pdf", "gut.pdf"]
    assert [e["filename"] for e in errors] == ["voll.pdf", tmp_path.name]
    for error in errors:
        assert_german_error(error["error"])
    json.dumps({"errors": errors, "documents": [r.to_json() for r in reports]}).encode()


def test_cli_json_always_prints_its_object(tmp_path: Path) -> None:
    env = dict(child_env(), AMIP_MAX_PAGES="abc")
    out = subprocess.run([sys.executable, "-m", "assistant.cli", "ingest", str(tmp_path / "x.pdf"),
                          "--data-dir", str(tmp_path / "d"), "--json"], cwd=REPO, env=env,
                         capture_output=True, text=True, timeout=120)
    assert out.returncode == 2 and "Traceback" not in out.stderr
    payload = json.loads(out.stdout)
    assert "AMIP_MAX_PAGES" in payload["errors"][0]["error"]


def test_read_only_data_dir_is_german(tmp_path: Path) -> None:
    if os.geteuid() == 0:
        pytest.skip("root ignores file permissions")
    data = tmp_path / "data"
    data.mkdir()
    data.chmod(0o500)
    try:
        with pytest.raises(Exception) as caught:
            _assistant(data).ingest_bytes(pdf_factory.sample_amip_pdf(), "plan.pdf")
        from assistant.errors import user_message

        assert "schreibgeschützt" in (str(caught.value) + user_message(caught.value))
    finally:
        data.chmod(0o700)


def test_storage_failures_read_in_german() -> None:
    from assistant.errors import user_message

    assert "Speicherplatz" in user_message(OSError(errno.ENOSPC, "No space left on device"))
    assert "Speicherplatz" in user_message(OSError(errno.EFBIG, "File too large"))
    assert "schreibgeschützt" in user_message(OSError(errno.EROFS, "Read-only file system"))
    assert "reindex" in user_message(RuntimeError("database disk image is malformed"))


def test_workspace_name_with_trailing_newline_is_refused() -> None:
    with pytest.raises(StoreError):
        check_workspace("standard\n")
    assert check_workspace("standard") == "standard"


def test_sentence_transformers_missing_says_how_to_install(monkeypatch, tmp_path: Path) -> None:
    from ingest import embedding

    monkeypatch.setitem(sys.modules, "sentence_transformers", None)  # import fails
    with pytest.raises(IngestError) as caught:
        embedding.SentenceTransformerEmbedder(str(tmp_path))
    assert "EXTRAS=st" in str(caught.value)


def test_disk_full_while_saving_leaves_no_copy_and_a_german_error(ingestor: Ingestor, monkeypatch) -> None:
    from assistant.errors import user_message

    kept = ingestor.ingest(pdf_factory.sample_amip_pdf(), "plan.pdf")

    def full(*args, **kwargs):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(ingestor.store, "add_document", full)
    with pytest.raises(OSError) as caught:
        ingestor.ingest(pdf_factory.plain_pdf(), "neu.pdf")
    assert "Speicherplatz" in user_message(caught.value)
    assert sorted(p.name for p in ingestor.files_dir.iterdir()) == [f"{kept.doc_id}.json", f"{kept.doc_id}.pdf"]
    assert [d["doc_id"] for d in ingestor.store.documents()] == [kept.doc_id]
