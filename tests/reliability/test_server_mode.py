"""Team server mode against real local servers: ``chroma run`` for the store, llama.cpp's
OpenAI-compatible server for the ``openai`` backend; plus workspaces and the password helper."""

from __future__ import annotations

import inspect
import itertools
import json
import subprocess
import sys
from pathlib import Path

import pytest

from assistant.access import hash_password, verify_password
from assistant.service import Assistant
from assistant.settings import Settings, load_settings
from benchmarks.servers import free_port
from ingest.options import IngestOptions
from ingest.pipeline import Ingestor
from ingest.store import StoreError, VectorStore
from tests import pdf_factory
from tests.fakes import FakeEmbedder
from tests.ingest import test_pipeline as pipeline_suite
from tests.ingest import test_store as store_suite
from tests.reliability.conftest import REPO, child_env

# -- the store and ingest suites, once more against the server --------------------------------


def _suite_cases(module) -> list:
    """(module, test name, kwargs from its parametrize marks) for tests that use a store."""
    cases = []
    for name, fn in sorted(vars(module).items()):
        if not name.startswith("test_") or not callable(fn):
            continue
        params = inspect.signature(fn).parameters
        if not {"store", "ingestor"} & set(params):
            continue  # local-only tests (data dir layout, name checks)
        combos: list[dict] = [{}]
        for mark in getattr(fn, "pytestmark", []):
            if mark.name == "parametrize":
                names = [n.strip() for n in mark.args[0].split(",")] if isinstance(mark.args[0], str) else list(mark.args[0])
                values = [v.values if hasattr(v, "values") else v for v in mark.args[1]]
                rows = [dict(zip(names, v if len(names) > 1 else (v,))) for v in values]
                combos = [dict(a, **b) for a, b in itertools.product(combos, rows)]
        for n, combo in enumerate(combos):
            cases.append(pytest.param(module, name, combo, id=f"{module.__name__.rsplit('.', 1)[-1]}::{name}[{n}]"))
    return cases


@pytest.mark.server
@pytest.mark.parametrize(("module", "name", "kwargs"), _suite_cases(store_suite) + _suite_cases(pipeline_suite))
def test_ingest_suites_against_chroma_server(module, name: str, kwargs: dict, chroma_url: str,
                                             workspace_name: str, tmp_path: Path) -> None:
    embedder = FakeEmbedder()
    store = VectorStore(workspace_name, embedder.name, data_dir=tmp_path, chroma_url=chroma_url)
    assert store.server_url == chroma_url and store.data_dir is None
    params = inspect.signature(getattr(module, name)).parameters
    args = dict(kwargs)
    if "store" in params:
        args["store"] = store
    if "ingestor" in params:
        args["ingestor"] = Ingestor(store, embedder, IngestOptions(ocr="off"), tmp_path)
    if "tmp_path" in params:
        args["tmp_path"] = tmp_path
    getattr(module, name)(**args)
    assert not (tmp_path / "chroma").exists()  # nothing was stored locally


def test_suite_discovery_finds_the_store_and_pipeline_tests() -> None:
    names = {p.values[1] for p in _suite_cases(store_suite) + _suite_cases(pipeline_suite)}
    assert {"test_add_query_and_list", "test_ingest_is_idempotent_and_reports_stages"} <= names


# -- AMIP_CHROMA_URL through settings, service and CLI ------------------------------------------


@pytest.mark.server
def test_chroma_url_setting_switches_service_to_http(chroma_url: str, workspace_name: str, tmp_path: Path,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("AMIP_CHROMA_URL", chroma_url)
    monkeypatch.setenv("AMIP_WORKSPACE", workspace_name)
    monkeypatch.setenv("AMIP_DATA_DIR", str(tmp_path / "daten"))
    assistant = Assistant(load_settings())
    assistant.__dict__["embedder"] = FakeEmbedder()
    assert assistant.store.server_url == chroma_url
    report = assistant.ingest_bytes(pdf_factory.sample_amip_pdf(), "amip.pdf")
    hits = assistant.search("Eingliederungsbudget", k=3)
    assert hits and hits[0].chunk.doc_id == report.doc_id
    assert not (tmp_path / "daten" / "chroma").exists()

    # A colleague with their own data dir sees the same documents on the server.
    other = Assistant(Settings(data_dir=tmp_path / "kollegin", workspace=workspace_name, chroma_url=chroma_url))
    other.__dict__["embedder"] = FakeEmbedder()
    assert [d["doc_id"] for d in other.documents()] == [report.doc_id]
    assert other.search("Eingliederungsbudget", k=1)[0].chunk.doc_id == report.doc_id


def _amip(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "assistant.cli", *args], capture_output=True, text=True,
                          env=env, cwd=str(REPO), timeout=300)


@pytest.mark.server
@pytest.mark.slow
def test_cli_ingest_and_search_against_chroma_server(chroma_url: str, workspace_name: str, tmp_path: Path) -> None:
    """Real e5 embeddings, two CLI processes with different data dirs, one server."""
    pdf = pdf_factory.write_pdf(tmp_path / "amip.pdf", pdf_factory.sample_amip_pdf())
    env = child_env(AMIP_CHROMA_URL=chroma_url, AMIP_WORKSPACE=workspace_name,
                    AMIP_DATA_DIR=str(tmp_path / "a"), AMIP_LLM="extractive")
    done = _amip("ingest", str(pdf), "--json", env=env)
    assert done.returncode == 0, done.stderr
    doc = json.loads(done.stdout)["documents"][0]
    env_b = dict(env, AMIP_DATA_DIR=str(tmp_path / "b"))
    found = _amip("search", "Wie hoch ist das Eingliederungsbudget?", "--json", env=env_b)
    assert found.returncode == 0, found.stderr
    hits = json.loads(found.stdout)["hits"]
    assert hits and hits[0]["doc_id"] == doc["doc_id"]
    assert any("2.970.357" in h["text"] for h in hits)
    assert not (tmp_path / "a" / "chroma").exists() and not (tmp_path / "b" / "chroma").exists()


def test_chroma_server_down_gives_german_error(tmp_path: Path) -> None:
    url = f"http://127.0.0.1:{free_port()}"
    with pytest.raises(StoreError) as info:
        VectorStore("standard", "fake-embedder", chroma_url=url)
    assert "nicht erreichbar" in str(info.value) and url in str(info.value)
    cli = _amip("docs", env=child_env(AMIP_CHROMA_URL=url, AMIP_DATA_DIR=str(tmp_path)))
    assert cli.returncode != 0
    assert "nicht erreichbar" in cli.stderr and "Traceback" not in cli.stderr


# -- workspaces ---------------------------------------------------------------------------------


def _two_workspaces(tmp_path: Path, chroma_url: str, names: tuple[str, str]) -> tuple[Assistant, Assistant]:
    made = []
    for name in names:
        assistant = Assistant(Settings(data_dir=tmp_path / "data", workspace=name, chroma_url=chroma_url, ocr="off"))
        assistant.__dict__["embedder"] = FakeEmbedder()
        made.append(assistant)
    return made[0], made[1]


@pytest.mark.parametrize("mode", ["embedded", pytest.param("server", marks=pytest.mark.server)])
def test_workspaces_are_isolated(mode: str, request: pytest.FixtureRequest, tmp_path: Path,
                                 workspace_name: str) -> None:
    url = request.getfixturevalue("chroma_url") if mode == "server" else ""
    beirat_a, beirat_b = _two_workspaces(tmp_path, url, (f"{workspace_name}a", f"{workspace_name}b"))
    report = beirat_a.ingest_bytes(pdf_factory.sample_amip_pdf(), "amip.pdf")

    # Store level: nothing of A is visible in B.
    assert beirat_b.store.documents() == [] and beirat_b.store.all_chunks() == []
    assert beirat_b.store.count_chunks() == 0
    assert beirat_b.store.query(FakeEmbedder().embed_query("Eingliederungsbudget"), k=10) == []
    assert beirat_b.store.get_document(report.doc_id) is None
    assert beirat_b.store.page_texts(report.doc_id) == []
    assert beirat_b.store.chunks_by_id([c.chunk_id for c in beirat_a.store.all_chunks()]) == {}
    # Service level: search, answers, figures, id lookup, removal and the stored PDF.
    assert beirat_b.search("Eingliederungsbudget", k=5) == []
    answer = beirat_b.ask("Wie hoch ist das Eingliederungsbudget?", backend="extractive")
    assert not answer.answered and not answer.citations
    with pytest.raises(Exception, match="Kein Dokument"):
        beirat_b.resolve_doc_id(report.doc_id[:12])
    assert beirat_b.pdf_path(report.doc_id) is None
    # The same file in B is a separate copy; removing it in B leaves A alone.
    beirat_b.ingest_bytes(pdf_factory.sample_amip_pdf(), "amip.pdf")
    assert beirat_b.remove(report.doc_id)
    assert [d["doc_id"] for d in beirat_a.documents()] == [report.doc_id]
    assert beirat_a.search("Eingliederungsbudget", k=1)[0].chunk.doc_id == report.doc_id


# -- the openai backend against a real OpenAI-compatible server ---------------------------------


def _openai_settings(base_url: str, tmp_path: Path) -> Settings:
    return Settings(data_dir=tmp_path / "data", workspace="llm", llm="openai", llm_base_url=base_url,
                    request_timeout=120, ocr="off")


@pytest.mark.server
@pytest.mark.slow
def test_openai_backend_invoke_and_stream(llama_openai, tmp_path: Path) -> None:
    from langchain_core.messages import HumanMessage

    from assistant.llm import make_chat_model

    model = make_chat_model(_openai_settings(llama_openai.base_url, tmp_path), "openai")
    model.max_tokens = 24  # a 270M model rambles; the transport is what is tested here
    reply = model.invoke([HumanMessage(content="Antworte mit einem Wort: Hallo")])
    assert isinstance(reply.content, str) and reply.content.strip()
    pieces = [chunk.content for chunk in model.stream([HumanMessage(content="Zähle bis drei.")])]
    assert len([p for p in pieces if p]) >= 2  # really streamed, token by token
    assert "".join(pieces).strip()


@pytest.mark.server
@pytest.mark.slow
def test_openai_backend_answers_with_citations_through_the_service(llama_openai, tmp_path: Path) -> None:
    from assistant.llm import make_chat_model

    settings = _openai_settings(llama_openai.base_url, tmp_path)
    assistant = Assistant(settings)
    assistant.__dict__["embedder"] = FakeEmbedder()
    model = make_chat_model(settings, "openai")
    model.max_tokens = 60
    assistant.chat_model = lambda backend: model  # the real client, with a short answer budget
    assistant.ingest_bytes(pdf_factory.sample_amip_pdf(), "amip.pdf")
    question = "Wie hoch ist das Eingliederungsbudget?"
    hits = assistant.search(question, k=6)
    tokens: list[str] = []
    answer = assistant.ask(question, backend="openai", on_token=tokens.append)
    # Shown only if the cited passages carry it, else the extractive answer stands in.
    assert answer.text and (answer.backend == "openai" or (answer.backend == "extractive" and answer.rejected))
    assert len(tokens) >= 2 and "".join(tokens).strip()
    retrieved = {h.chunk.chunk_id for h in hits}
    assert all(c.chunk_id in retrieved for c in answer.citations)  # a 270M model may cite nothing, never junk


def test_openai_backend_server_down_gives_german_error(tmp_path: Path) -> None:
    from assistant.llm import LLMUnavailable, make_chat_model

    settings = _openai_settings(f"http://127.0.0.1:{free_port()}/v1", tmp_path)
    with pytest.raises(LLMUnavailable) as info:
        make_chat_model(settings, "openai")
    assert "nicht erreichbar" in str(info.value)
    assert "Traceback" not in str(info.value)


@pytest.mark.server
@pytest.mark.slow
def test_openai_server_going_down_mid_session_gives_german_error(tmp_path: Path) -> None:
    """The server answered when the model was created and is gone when the question comes."""
    from benchmarks.servers import gemma_model_path, llama_server
    from langchain_core.messages import HumanMessage

    from assistant.answering import answer_question
    from assistant.llm import LLMUnavailable, make_chat_model

    with llama_server(gemma_model_path(tmp_path), n_ctx=2048) as server:
        model = make_chat_model(_openai_settings(server.base_url, tmp_path), "openai")
        model.max_tokens = 8
        assert model.invoke([HumanMessage(content="Hallo")]).content is not None
    assistant = Assistant(_openai_settings("http://127.0.0.1:1/v1", tmp_path))
    assistant.__dict__["embedder"] = FakeEmbedder()
    assistant.ingest_bytes(pdf_factory.sample_amip_pdf(), "amip.pdf")
    hits = assistant.search("Eingliederungsbudget", k=3)
    with pytest.raises(LLMUnavailable) as info:
        answer_question("Wie hoch ist das Eingliederungsbudget?", hits, model, "openai", on_token=lambda t: None)
    assert "erreichbar" in str(info.value) or "ausgefallen" in str(info.value)


# -- password for a shared deployment ----------------------------------------------------------


def test_password_hash_roundtrip() -> None:
    stored = hash_password("Beirat-2025!")
    assert stored.startswith("scrypt$") and "Beirat" not in stored
    assert verify_password("Beirat-2025!", stored)
    assert not verify_password("beirat-2025!", stored)
    assert not verify_password("", stored)
    assert hash_password("Beirat-2025!") != stored  # salted


@pytest.mark.parametrize("stored", ["", "klartext", "scrypt$1$8$1$AAAA$BBBB", "scrypt$16384$8$1$$",
                                    "md5$16384$8$1$c2FsdA$aGFzaA", "scrypt$99999999999$8$1$c2FsdA$aGFzaA",
                                    "scrypt$16384$8$1$!!$??"])
def test_malformed_password_hashes_never_match(stored: str) -> None:
    assert verify_password("irgendwas", stored) is False


def test_empty_password_cannot_be_hashed() -> None:
    with pytest.raises(ValueError):
        hash_password("")


def test_password_hash_survives_a_dotenv_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The hash contains '$': it must come back unchanged from a .env file."""
    from dotenv import dotenv_values

    stored = hash_password("geheim")
    env_file = tmp_path / ".env"
    env_file.write_text(f"AMIP_PASSWORD_HASH='{stored}'\n")
    assert dotenv_values(env_file)["AMIP_PASSWORD_HASH"] == stored
