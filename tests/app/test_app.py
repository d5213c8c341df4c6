"""The Streamlit page, run headless with ``AppTest``: a fake embedder and a fake chat model.

Covers the user's path (upload → ask → cited source → draft questions → download), the German
error for a broken PDF, a model that is not reachable, removing a document, and the tabs.
"""

from __future__ import annotations

import hashlib
import re
import threading
from pathlib import Path

import pytest
import streamlit as st
from langchain_core.language_models.fake_chat_models import GenericFakeChatModel
from langchain_core.messages import AIMessage
from streamlit.delta_generator import DeltaGenerator
from streamlit.testing.v1 import AppTest

from assistant import demo
from tests.fakes import FakeEmbedder

APP = str(Path(__file__).resolve().parents[2] / "app.py")
TIMEOUT = 120
# A prose question goes to the model; a table question ("Eintritte … FbW") is answered from its row by code.
WOMEN_QUESTION = "Welchen Anteil sollen Frauen an den Eintritten haben?"
WOMEN_ANSWER = "Für Frauen ist ein Anteil von 43,0 % an allen Eintritten geplant."


# The fake model writes only while this is set: a test clears it to see the page before the model's
# wording arrives (otherwise a fast worker may finish before the page is drawn).
GATE = threading.Event()
GATE.set()


class GatedFakeChatModel(GenericFakeChatModel):
    def _stream(self, *args, **kwargs):
        GATE.wait(TIMEOUT)
        yield from super()._stream(*args, **kwargs)

    def _generate(self, *args, **kwargs):
        GATE.wait(TIMEOUT)
        return super()._generate(*args, **kwargs)


@pytest.fixture(scope="module")
def pdf_2025() -> bytes:
    return demo.demo_pdf_bytes(2025)


@pytest.fixture
def app(monkeypatch: pytest.MonkeyPatch) -> AppTest:
    """The app with a fake embedder and the answer backend "ollama" served by a fake chat model."""
    monkeypatch.setenv("AMIP_LLM", "ollama")
    monkeypatch.setattr("assistant.service.make_embedder", lambda spec=None: FakeEmbedder())
    replies: list[str] = []

    def fake_chat_model(self, backend: str):
        if backend == "extractive":
            return None
        return GatedFakeChatModel(messages=iter([AIMessage(content=replies.pop(0) if replies else WOMEN_ANSWER)]))

    monkeypatch.setattr("assistant.service.Assistant.chat_model", fake_chat_model)
    st.cache_resource.clear()
    st.cache_data.clear()
    at = AppTest.from_file(APP, default_timeout=TIMEOUT)
    at.replies = replies  # type: ignore[attr-defined]
    return at


def run(at: AppTest) -> AppTest:
    at.run(timeout=TIMEOUT)
    assert not at.exception, [e.value for e in at.exception]
    return at


def settle(at: AppTest) -> AppTest:
    """Wait for the model's wording of pending answers (a background thread), then redraw."""
    from app_pages.polish import wait_all

    assert wait_all(TIMEOUT)
    return run(at)


def texts(elements) -> str:
    """The text as the reader sees it (Markdown escapes removed)."""
    return re.sub(r"\\(.)", r"\1", "\n".join(str(e.value) for e in elements))


def library(at: AppTest) -> str:
    """Titles and file names listed in the sidebar."""
    return texts(at.sidebar.markdown) + "\n" + texts(at.sidebar.caption)


def upload(at: AppTest, name: str, data: bytes) -> AppTest:
    at.sidebar.file_uploader[0].set_value((name, data, "application/pdf"))
    return run(at)


def test_first_start_offers_the_sample_and_states_privacy(app: AppTest) -> None:
    run(app)
    assert "Willkommen" in texts(app.header)
    assert any(b.label == "Beispiel-AMIP laden" for b in app.button)
    sidebar = texts(app.sidebar.caption)
    assert "bleiben auf diesem Rechner" in sidebar and "keine Nutzungsdaten" in sidebar
    assert app.sidebar.selectbox(key="backend").value == "ollama"


def test_sample_amip_loads_on_first_start(app: AppTest) -> None:
    run(app)
    next(b for b in app.button if b.label == "Beispiel-AMIP laden").click()
    run(app)
    library = texts(app.sidebar.markdown) + texts(app.sidebar.caption)
    assert demo.demo_filename(2024) in library and demo.demo_filename(2025) in library
    assert "Integrationsprogramm 2025" in texts(app.sidebar.markdown)  # the title, not the file name
    assert [t.label for t in app.tabs] == ["Fragen & Antworten", "Fragen entwerfen", "Kennzahlen"]


def test_upload_ask_cite_draft_download(app: AppTest, pdf_2025: bytes, monkeypatch: pytest.MonkeyPatch) -> None:
    run(app)
    upload(app, "amip-2025.pdf", pdf_2025)
    assert "„amip-2025.pdf“ aufgenommen" in texts(app.sidebar.success)
    assert "amip-2025.pdf" in library(app)
    assert "Vorschläge für den Einstieg" in texts(app.markdown)

    app.chat_input[0].set_value(WOMEN_QUESTION)
    GATE.clear()  # the model has not answered yet
    try:
        run(app)
        # answer first: the checked passages at once, labelled; the model's wording follows
        assert "43,0 %" in texts(app.chat_message[1].markdown)
        assert "Wörtliche Textstellen, an den Quellen geprüft" in texts(app.chat_message[1].caption)
    finally:
        GATE.set()
    settle(app)
    answer = app.chat_message[1]
    assert "an allen Eintritten geplant" in texts(answer.markdown)
    assert "Formuliert von: Ollama-Server" in texts(answer.caption)
    sources = texts(answer.markdown)
    assert "amip-2025.pdf, Seite" in sources  # numbered source with document and page
    assert "[S1]" in sources
    assert "\n> " in "\n" + sources  # the quoted passage, shown highlighted

    app.toggle[0].set_value(True)
    run(app)
    assert len(app.image) == 1 and "Seite" in app.image[0].captions[0]

    downloads: list[tuple[str, str, bytes]] = []
    original = DeltaGenerator.download_button

    def recording(self, label, data, file_name=None, *args, **kwargs):
        downloads.append((label, file_name, data))
        return original(self, label, data, file_name, *args, **kwargs)

    monkeypatch.setattr(DeltaGenerator, "download_button", recording)
    app.session_state["main_tab"] = "Fragen entwerfen"
    run(app)  # drafted on opening the tab, no button to press
    assert not app.error, texts(app.error)
    headers = texts(app.subheader)
    assert "A · Fragen im Vorfeld" in headers and "B · Nachfragen zum Entwurf" in headers
    assert "beantwortet" in texts(app.markdown) or "fehlt im Entwurf" in texts(app.markdown)  # A status
    copy_buttons = app.get("iframe")
    assert len(copy_buttons) >= 2  # a German copy button per question, plus "Alle Fragen kopieren"
    assert texts(app.markdown).count("?") >= 2
    by_name = {name.rsplit(".", 1)[1]: data for _, name, data in downloads}
    assert set(by_name) >= {"md", "docx"}
    assert by_name["docx"][:2] == b"PK"
    assert "?" in by_name["md"].decode("utf-8")
    app.download_button[0].click()
    run(app)


def test_broken_pdf_gets_a_german_error_and_keeps_the_library(app: AppTest, pdf_2025: bytes) -> None:
    run(app)
    upload(app, "gut.pdf", pdf_2025)
    upload(app, "kaputt.pdf", b"Das ist kein PDF, sondern Text.")
    errors = texts(app.sidebar.error)
    assert "„kaputt.pdf“ wurde nicht aufgenommen" in errors and "PDF" in errors
    assert "Traceback" not in errors
    assert "gut.pdf" in library(app)


def test_truncated_pdf_gets_a_german_error(app: AppTest, pdf_2025: bytes) -> None:
    run(app)
    upload(app, "abgeschnitten.pdf", pdf_2025[: len(pdf_2025) // 3])
    assert "„abgeschnitten.pdf“ wurde nicht aufgenommen" in texts(app.sidebar.error)
    assert "Willkommen" in texts(app.header)


def test_too_large_file_is_refused_in_german(app: AppTest, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("AMIP_MAX_FILE_MB", "1")
    run(app)
    assert "höchstens 1 MB" in texts(app.sidebar.caption)
    upload(app, "riesig.pdf", b"%PDF-1.7\n" + b"0" * (1024 * 1024 + 1))
    assert "„riesig.pdf“ ist größer als 1 MB" in texts(app.sidebar.error)


def test_unreachable_model_is_explained_in_german(app: AppTest, pdf_2025: bytes, monkeypatch) -> None:
    from assistant.llm import LLMUnavailable

    def unavailable(self, backend: str):
        if backend == "extractive":
            return None
        raise LLMUnavailable("Der Ollama-Server unter http://localhost:11434 ist nicht erreichbar.")

    monkeypatch.setattr("assistant.service.Assistant.chat_model", unavailable)
    run(app)
    upload(app, "amip-2025.pdf", pdf_2025)
    app.chat_input[0].set_value("Wie hoch ist das Eingliederungsbudget?")
    run(app)
    settle(app)
    message = texts(app.chat_message[1].markdown)
    assert "nicht erreichbar" in message and "Sprachmodell war nicht verfügbar" in message
    assert "Wörtliche Textstellen" in texts(app.chat_message[1].caption)  # the checked answer stays
    assert not app.error

    app.sidebar.selectbox(key="backend").set_value("extractive")
    run(app)
    assert app.sidebar.selectbox(key="backend").value == "extractive"
    app.chat_input[0].set_value("Wie viele Eintritte sind für die FbW geplant?")
    run(app)
    assert "ohne Sprachmodell" in texts(app.caption)
    assert "Seite" in texts(app.chat_message[-1].markdown)


def test_suggested_question_filter_and_clear(app: AppTest, pdf_2025: bytes) -> None:
    run(app)
    upload(app, "amip-2025.pdf", pdf_2025)
    app.selectbox(key="doc_filter").set_value(hashlib.sha256(pdf_2025).hexdigest())
    run(app)
    next(b for b in app.button if b.key == "suggest-0").click()
    run(app)
    settle(app)
    assert len(app.chat_message) == 2
    # the title read from the first page: Jobcenter, programme, year
    assert "gesucht in: Jobcenter Musterstadt: Arbeitsmarkt- und Integrationsprogramm 2025" in texts(app.caption)
    next(b for b in app.button if b.label == "Verlauf löschen").click()
    run(app)
    assert len(app.chat_message) == 0


def test_remove_asks_for_confirmation(app: AppTest, pdf_2025: bytes) -> None:
    run(app)
    upload(app, "amip-2025.pdf", pdf_2025)
    next(b for b in app.sidebar.button if b.label == "Entfernen …").click()
    run(app)
    assert "wirklich entfernen" in texts(app.sidebar.warning)
    next(b for b in app.sidebar.button if b.label == "Abbrechen").click()
    run(app)
    assert "amip-2025.pdf" in library(app)
    next(b for b in app.sidebar.button if b.label == "Entfernen …").click()
    run(app)
    next(b for b in app.sidebar.button if b.label == "Ja, entfernen").click()
    run(app)
    assert "Willkommen" in texts(app.header)
    assert "wurde entfernt" in texts(app.info) + texts(app.sidebar.info)


def test_figures_tab_shows_table_chart_and_year_comparison(app: AppTest) -> None:
    run(app)
    next(b for b in app.button if b.label == "Beispiel-AMIP laden").click()
    run(app)
    app.session_state["main_tab"] = "Kennzahlen"
    run(app)
    assert not app.error, texts(app.error)
    assert "Eintrittsplanung" in texts(app.subheader)
    assert "Vergleich mit einem anderen Jahr" in texts(app.subheader)
    assert app.selectbox(key="fig_compare").value  # the older AMIP is chosen by default
    tables = [df.value for df in app.dataframe]
    comparison = tables[-1]
    assert {"Veränderung (berechnet)", "Auffällig"} <= set(comparison.columns)
    assert len(comparison) > 0


def test_invalid_workspace_name_is_explained(app: AppTest) -> None:
    run(app)
    app.sidebar.text_input(key="workspace").set_value("kein gültiger Name!")
    run(app)
    assert "Arbeitsbereich" in texts(app.sidebar.error)


def test_password_gate_when_a_hash_is_configured(app: AppTest, monkeypatch: pytest.MonkeyPatch) -> None:
    from assistant.access import hash_password

    monkeypatch.setenv("AMIP_PASSWORD_HASH", hash_password("beirat-geheim"))
    run(app)
    assert not app.sidebar.file_uploader and "Willkommen" not in texts(app.header)
    app.text_input[0].input("falsch")
    app.button[0].click()
    run(app)
    assert "Das Passwort ist falsch." in texts(app.error)
    app.text_input[0].input("beirat-geheim")
    app.button[0].click()
    run(app)
    assert "Willkommen" in texts(app.header)


HOSTILE = "![x](http://evil.example/leak.png) <img src=x onerror=alert(1)> [a](javascript:alert(1))"
HOSTILE_NAME = "![bild](javascript:alert(1))<img src=x onerror=alert(1)>[a](javascript:x).pdf"
_ACTIVE = re.compile(r"(?<!\\)(\]\(|<[a-zA-Z!/]|://|\bwww\.)")


def _active(element_lists) -> list[str]:
    """Markdown bodies that a browser would turn into a link, an image or HTML."""
    return [str(e.value) for elements in element_lists for e in elements if _ACTIVE.search(str(e.value))]


def test_history_survives_a_reload_and_is_deleted_on_request(app: AppTest, pdf_2025: bytes) -> None:
    run(app)
    upload(app, "amip-2025.pdf", pdf_2025)
    app.chat_input[0].set_value("Wie viele Eintritte sind für die FbW geplant?")
    run(app)
    settle(app)
    assert len(app.chat_message) == 2
    reloaded = run(AppTest.from_file(APP, default_timeout=TIMEOUT))  # a new browser session
    assert len(reloaded.chat_message) == 2 and "150 Eintritte" in texts(reloaded.chat_message[1].markdown)
    assert "im Datenordner" in texts(reloaded.sidebar.caption)  # the privacy text says where it is kept
    next(b for b in reloaded.button if b.label == "Verlauf löschen").click()
    run(reloaded)
    assert len(run(AppTest.from_file(APP, default_timeout=TIMEOUT)).chat_message) == 0


def test_links_images_and_html_from_models_and_file_names_stay_text(app: AppTest, pdf_2025: bytes) -> None:
    run(app)
    upload(app, HOSTILE_NAME, pdf_2025)
    app.replies.append(f"Für Frauen ist ein Anteil von 43,0 % an allen Eintritten geplant [S1]. {HOSTILE}")
    app.chat_input[0].set_value(WOMEN_QUESTION)
    run(app)
    settle(app)
    app.toggle[0].set_value(True)
    run(app)
    app.chat_input[0].set_value(HOSTILE)  # the user's own question is shown as text too
    run(app)
    shown = texts(app.markdown) + texts(app.sidebar.markdown) + texts(app.sidebar.caption)
    assert "onerror=alert(1)" in shown and "javascript:alert(1)" in shown  # visible as text
    assert "**[S1]**" in "\n".join(str(e.value) for e in app.chat_message[1].markdown)  # markers stay bold
    bodies = [app.markdown, app.caption, app.sidebar.markdown, app.sidebar.caption, app.sidebar.success,
              app.sidebar.warning, app.info, app.error, app.subheader]
    assert _active(bodies) == []
    assert all(not _ACTIVE.search(c) for image in app.image for c in image.captions)


def test_while_a_model_writes_only_progress_is_shown() -> None:
    from app_pages.chat import progress_note

    assert "(7 Wörter bisher)" in progress_note(7)
    assert "noch geladen" in progress_note(0, loading=True)


def test_copy_button_keeps_document_text_inside_its_string() -> None:
    import json

    from app_pages.copy_button import copy_html

    text = 'Frage "A" </script><img src=x onerror=alert(1)> & \u2028 Ende'
    page = copy_html(text, "Frage kopieren")
    assert page.count("<script>") == 1 and page.count("</script>") == 1 and "<img" not in page
    literal = page.split("const text = ", 1)[1].split(";\n", 1)[0]
    assert json.loads(literal) == text
    assert ">Frage kopieren</button>" in page


@pytest.mark.parametrize(("button", "documents"), [("Ja, ersetzen", 1), ("Nein, beide behalten", 2)])
def test_same_name_other_content_asks_whether_it_replaces(app: AppTest, pdf_2025: bytes, button: str,
                                                          documents: int) -> None:
    run(app)
    upload(app, "amip.pdf", demo.demo_pdf_bytes(2024))
    upload(app, "amip.pdf", pdf_2025)
    assert "Ersetzt die neue Datei das vorhandene Dokument?" in texts(app.sidebar.warning)
    next(b for b in app.sidebar.button if b.label == button).click()
    run(app)
    titles = [str(m.value) for m in app.sidebar.markdown if "Integrationsprogramm" in str(m.value)]
    assert len(titles) == documents
    assert "2025" in "".join(titles)
    assert not app.sidebar.warning
