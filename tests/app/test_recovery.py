"""The page with bad settings and a damaged or emptied index (issue 13): German messages, no
traceback, and the button that rebuilds the index from the stored PDFs."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from app_pages.recovery import BUTTON
from assistant.service import Assistant
from assistant.settings import load_settings
from tests import pdf_factory
from tests.app.test_app import app, library, run, texts  # noqa: F401  (app is a fixture)


def _one_document() -> tuple[Path, str]:
    """A workspace with one generated AMIP, indexed through the facade the app uses."""
    assistant = Assistant(load_settings())
    report = assistant.ingest_bytes(pdf_factory.sample_amip_pdf(), "plan.pdf")
    return Path(os.environ["AMIP_DATA_DIR"]), report.doc_id


def _forget_open_databases() -> None:
    # The test process opened the database itself; the app must meet what is on disk.
    from chromadb.api.shared_system_client import SharedSystemClient

    SharedSystemClient.clear_system_cache()


def _rebuild(at: AppTest) -> AppTest:
    buttons = [b for b in at.sidebar.button if b.label == BUTTON]
    assert len(buttons) == 1
    buttons[0].click()
    return run(at)


def test_invalid_setting_is_named_in_german_without_traceback(app: AppTest, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("AMIP_MAX_PAGES", "abc")
    run(app)
    message = texts(app.error)
    assert "AMIP_MAX_PAGES" in message and "ungültig" in message and "ganze Zahl" in message
    assert not app.sidebar.text_input  # the page stopped before anything else was drawn


def test_truncated_database_is_reported_and_rebuilt_from_the_pdfs(app: AppTest) -> None:
    data, doc_id = _one_document()
    database = data / "chroma" / "chroma.sqlite3"
    database.write_bytes(database.read_bytes()[:16])
    _forget_open_databases()
    run(app)
    assert "beschädigt" in texts(app.sidebar.error)
    assert "plan.pdf" not in library(app)
    _rebuild(app)
    assert "1 Dokument wiederhergestellt" in texts(app.sidebar.success)
    assert "Jobcenter Musterstadt: Arbeitsmarkt- und Integrationsprogramm 2024" in library(app)
    assert not app.sidebar.error
    assert list(data.glob("chroma.beschaedigt-*"))  # set aside, not deleted
    assert [d["doc_id"] for d in Assistant(load_settings()).documents()] == [doc_id]


def test_deleted_database_offers_the_lost_documents_in_the_library(app: AppTest) -> None:
    data, _ = _one_document()
    _forget_open_databases()
    shutil.rmtree(data / "chroma")
    run(app)
    assert "plan.pdf" in texts(app.sidebar.warning)
    _rebuild(app)
    assert "1 Dokument wiederhergestellt" in texts(app.sidebar.success)
    assert "Jobcenter Musterstadt: Arbeitsmarkt- und Integrationsprogramm 2024" in library(app)
    assert not [b for b in app.sidebar.button if b.label == BUTTON]
