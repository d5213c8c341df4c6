"""Ingestor: idempotence, replacement, failures that leave the index untouched."""

from __future__ import annotations

from pathlib import Path

import pytest

from ingest.options import IngestOptions
from ingest.pipeline import Ingestor
from ingest.store import VectorStore
from ingest.types import IngestError
from tests import pdf_factory
from tests.fakes import FakeEmbedder


@pytest.fixture
def ingestor(tmp_path: Path) -> Ingestor:
    emb = FakeEmbedder()
    store = VectorStore("test", emb.name, data_dir=tmp_path)
    return Ingestor(store, emb, IngestOptions(ocr="off"), tmp_path)


def test_ingest_is_idempotent_and_reports_stages(ingestor: Ingestor) -> None:
    stages: list[str] = []
    first = ingestor.ingest(pdf_factory.sample_amip_pdf(), "amip.pdf", lambda s, f: stages.append(s))
    assert first.status == "indexed" and first.pages == 3 and first.chunks > 0
    assert {"lesen", "zerlegen", "einbetten", "speichern"} <= set(stages)
    calls = len(ingestor.embedder.calls)
    second = ingestor.ingest(pdf_factory.sample_amip_pdf(), "amip.pdf")
    assert second.status == "unchanged" and second.doc_id == first.doc_id
    assert len(ingestor.embedder.calls) == calls  # nothing re-embedded
    assert ingestor.store.count_chunks() == first.chunks
    assert ingestor.file_path(first.doc_id).read_bytes() == pdf_factory.sample_amip_pdf()


def test_chunks_keep_offsets_and_pages(ingestor: Ingestor) -> None:
    report = ingestor.ingest(pdf_factory.sample_amip_pdf(), "amip.pdf")
    pages = dict(ingestor.store.page_texts(report.doc_id))
    chunks = ingestor.store.all_chunks(report.doc_id)
    row = next(c for c in chunks if "Förderung berufliche Weiterbildung" in c.text)
    assert row.pages_of_quote("Förderung berufliche Weiterbildung") == (3, 3)
    [table] = ingestor.store.tables(report.doc_id)
    assert row.table_id == table.table_id and row.text == table.rows_text(*row.table_rows)
    assert "Förderung berufliche Weiterbildung" not in pages[3]  # the table lives once
    budget = next(c for c in chunks if "2.970.357" in c.text)
    assert budget.pages_of_quote("2.970.357") == (2, 2)
    for chunk in (c for c in chunks if not c.table_id):
        covered = "\n".join(pages[p] for p in range(chunk.page_start, chunk.page_end + 1))
        assert all(line.strip() in covered for line in chunk.text.splitlines())


def test_table_rows_are_chunks_with_column_names(ingestor: Ingestor) -> None:
    report = ingestor.ingest(pdf_factory.sample_amip_pdf(), "amip.pdf")
    [table] = [t for t in ingestor.store.tables(report.doc_id) if t.columns[0].role == "actual"]
    assert table.pages == (3,)
    rows = [c for c in ingestor.store.all_chunks(report.doc_id) if c.table_id == table.table_id]
    line = "Förderung berufliche Weiterbildung — Ist 2023: 56; Plan 2024: 37"
    assert any(line in c.text for c in rows)
    assert all((c.page_start, c.page_end) == (3, 3) for c in rows)


def test_changed_file_replaces_previous_version(ingestor: Ingestor) -> None:
    old = ingestor.ingest(pdf_factory.plain_pdf(), "amip.pdf")
    new = ingestor.ingest(pdf_factory.sample_amip_pdf(), "amip.pdf", replace=old.doc_id)
    docs = ingestor.store.documents()
    assert [d["doc_id"] for d in docs] == [new.doc_id]
    assert {c.doc_id for c in ingestor.store.all_chunks()} == {new.doc_id}
    assert ingestor.store.count_chunks() == new.chunks
    assert old.doc_id != new.doc_id
    assert not ingestor.file_path(old.doc_id).exists() and ingestor.file_path(new.doc_id).exists()


@pytest.mark.parametrize(
    "data, message",
    [
        (b"", "leer"),
        (pdf_factory.not_a_pdf(), "keine PDF"),
        (pdf_factory.truncated_pdf(), "beschädigt|unvollständig|gelesen"),
        (pdf_factory.encrypted_pdf(user_password="geheim"), "passwort"),
    ],
)
def test_bad_files_fail_in_german_and_change_nothing(ingestor: Ingestor, data: bytes, message: str) -> None:
    good = ingestor.ingest(pdf_factory.sample_amip_pdf(), "gut.pdf")
    token = ingestor.store.state_token()
    with pytest.raises(IngestError, match=f"(?i){message}"):
        ingestor.ingest(data, "schlecht.pdf")
    assert ingestor.store.state_token() == token
    assert ingestor.store.count_chunks() == good.chunks


def test_remove_deletes_document_and_file(ingestor: Ingestor) -> None:
    report = ingestor.ingest(pdf_factory.sample_amip_pdf(), "amip.pdf")
    assert ingestor.remove(report.doc_id) is True
    assert ingestor.store.documents() == [] and ingestor.store.count_chunks() == 0
    assert not ingestor.file_path(report.doc_id).exists()
