"""Fixtures for the reliability suite: real servers, subprocess helpers, the socket guard."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import uuid
from pathlib import Path

import pytest

from benchmarks.servers import ServerError, chroma_server, gemma_model_path, llama_server

REPO = Path(__file__).resolve().parents[2]
HERE = Path(__file__).resolve().parent
NETGUARD_DIR = HERE / "netguard"
CHILD = HERE / "child.py"


def child_env(**extra: str) -> dict[str, str]:
    """Environment for a helper subprocess: the repo importable, nothing leaves the machine."""
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join([str(REPO), env.get("PYTHONPATH", "")]).rstrip(os.pathsep)
    env.update(ANONYMIZED_TELEMETRY="False", HF_HUB_OFFLINE="1", TRANSFORMERS_OFFLINE="1",
               PYTHONUNBUFFERED="1")
    env.update(extra)
    return env


def run_child(*args: str, timeout: float = 120.0, env: dict[str, str] | None = None) -> dict:
    """Run ``tests/reliability/child.py ARGS`` and return its JSON result (last stdout line)."""
    proc = subprocess.run([sys.executable, str(CHILD), *args], capture_output=True, text=True,
                          timeout=timeout, env=env or child_env(), cwd=str(REPO))
    lines = [line for line in proc.stdout.splitlines() if line.startswith("{")]
    if proc.returncode != 0 or not lines:
        raise AssertionError(f"child {args} failed with {proc.returncode}:\n{proc.stdout[-3000:]}\n"
                             f"{proc.stderr[-3000:]}")
    return json.loads(lines[-1])


def start_child(*args: str, env: dict[str, str] | None = None, log: Path | None = None) -> subprocess.Popen:
    out = open(log, "wb") if log else subprocess.DEVNULL  # noqa: SIM115 - closed by the OS at exit
    return subprocess.Popen([sys.executable, str(CHILD), *args], stdout=out, stderr=subprocess.STDOUT,
                            env=env or child_env(), cwd=str(REPO))


@pytest.fixture(scope="session")
def chroma_url(tmp_path_factory: pytest.TempPathFactory):
    """A real ``chroma run`` on loopback for the whole session (tests use unique workspaces)."""
    try:
        with chroma_server(tmp_path_factory.mktemp("chroma-server") / "db") as url:
            yield url
    except ServerError as exc:
        pytest.fail(f"Chroma-Server konnte nicht gestartet werden: {exc}")


@pytest.fixture(scope="session")
def llama_openai(tmp_path_factory: pytest.TempPathFactory):
    """llama.cpp's OpenAI-compatible server with the small gemma model, on loopback."""
    model = gemma_model_path(tmp_path_factory.mktemp("gguf"))
    with llama_server(model, n_ctx=4096) as server:
        yield server


@pytest.fixture
def workspace_name() -> str:
    """A workspace name nobody else uses (tests share one Chroma server)."""
    return f"t{uuid.uuid4().hex[:12]}"
