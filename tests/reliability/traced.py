"""Running the app in a child process under the socket guard (``netguard``) and, where it
works, strace: the environment without the variables that switch telemetry off, the traced
server start with its health wait and stop, and the checks of what it tried to reach."""

from __future__ import annotations

import contextlib
import importlib.util
import os
import re
import shutil
import signal
import subprocess
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from benchmarks.servers import wait_http
from tests.reliability.conftest import NETGUARD_DIR, REPO

_SPEC = importlib.util.spec_from_file_location("amip_netguard", NETGUARD_DIR / "sitecustomize.py")
netguard = importlib.util.module_from_spec(_SPEC)
_SPEC.loader.exec_module(netguard)

# Removed from every guarded environment, so the code itself must keep everything local.
SAFETY_VARS = ("ANONYMIZED_TELEMETRY", "HF_HUB_OFFLINE", "TRANSFORMERS_OFFLINE", "HF_DATASETS_OFFLINE",
               "STREAMLIT_BROWSER_GATHER_USAGE_STATS", "POSTHOG_DISABLED", "DO_NOT_TRACK")


def attempts(log: Path) -> list[str]:
    """The outside connections the guard refused and recorded in ``log``."""
    return log.read_text().splitlines() if log.exists() else []


def subprocess_env(log: Path, **extra: str) -> dict[str, str]:
    """A child's environment: the guard installed at start-up, recording into ``log``."""
    env = {k: v for k, v in os.environ.items() if k not in SAFETY_VARS}
    env["PYTHONPATH"] = os.pathsep.join([str(NETGUARD_DIR), str(REPO)])
    env["AMIP_NETGUARD_LOG"] = str(log)
    env.update(extra)
    return env


@dataclass
class TracedServer:
    proc: subprocess.Popen
    log: Path  # the server's stdout and stderr
    trace: Path | None  # strace's record of connect/send calls; None without a working strace

    def output(self) -> str:
        return self.log.read_text(errors="replace")

    def outside_connects(self) -> list[str]:
        """Traced connects/sends outside loopback (none to check without strace)."""
        if self.trace is None:
            return []
        assert self.trace.exists()
        return outside_connects(self.trace)


@contextlib.contextmanager
def traced_server(command: list[str], env: dict[str, str], port: int, folder: Path) -> Iterator[TracedServer]:
    """Start ``command`` (a Streamlit server on ``port``) under strace, wait until it is healthy,
    and stop it with everything it started when the block ends. ``AMIP_EGRESS_STRACE=0`` skips
    strace; the socket guard in ``env`` still records."""
    strace = shutil.which("strace") if os.environ.get("AMIP_EGRESS_STRACE", "1") == "1" else None
    trace = folder / "connect.trace" if strace and _strace_works(strace) else None
    if strace and trace:
        # Native code (Rust, C) does not go through Python's socket module: trace it too.
        command = [strace, "-f", "-qq", "-e", "trace=connect,sendto,sendmsg", "-o", str(trace), *command]
    server_log = folder / "streamlit.log"
    with open(server_log, "wb") as out:
        # Own session: strace and the app it traces are stopped together (strace alone detaches).
        proc = subprocess.Popen(command, stdout=out, stderr=subprocess.STDOUT, env=env, cwd=str(REPO),
                                start_new_session=True)
    server = TracedServer(proc, server_log, trace)
    try:
        wait_http(f"http://127.0.0.1:{port}/_stcore/health", 90, proc)
        yield server
    except Exception:
        print(server.output()[-4000:])
        raise
    finally:
        _stop_group(proc)


def run_script_over_websocket(port: int, timeout: float = 240.0) -> list[str]:
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


def outside_connects(trace: Path) -> list[str]:
    """Lines of an strace log that connect or send to an address outside loopback."""
    bad = []
    for line in trace.read_text(errors="replace").splitlines():
        for port, addr in re.findall(r"sa_family=AF_INET6?, sin6?_port=htons\((\d+)\),[^}]*?"
                                     r"inet_(?:addr|pton)\((?:AF_INET6?, )?\"([^\"]+)\"", line):
            # Port 53 even on loopback: a local stub resolver would look the name up outside.
            if not netguard._is_local_host(addr) or port == "53":
                bad.append(line)
    return bad


def _stop_group(proc: subprocess.Popen) -> None:
    """Terminate the process group the test started (strace and the traced app)."""
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
