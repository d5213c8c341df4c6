"""Red-team round three (issue 20), attack 2 and the login part of 12: the app listens on
127.0.0.1 unless an address is configured, looks nothing up outside at start, needs a password
for any other address, opens only the workspaces a password grants and slows guessing."""

from __future__ import annotations

import subprocess
import sys
import time
import tomllib
from pathlib import Path

import pytest

from assistant import serve
from assistant.access import Throttle, check_login, hash_password, is_loopback
from assistant.settings import load_settings
from tests.reliability.conftest import REPO


def test_streamlit_config_binds_to_loopback() -> None:
    config = tomllib.loads((REPO / ".streamlit" / "config.toml").read_text(encoding="utf-8"))
    assert config["server"]["address"] == "127.0.0.1"
    assert config["browser"]["gatherUsageStats"] is False
    assert "assistant.serve" in (REPO / "Makefile").read_text(encoding="utf-8").split("\nrun:")[1].split("\n\n")[0]


def test_launcher_uses_loopback_unless_configured(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    env = tmp_path / ".env"
    env.write_text("AMIP_LLM=extractive\n", encoding="utf-8")
    monkeypatch.setenv("AMIP_ENV_FILE", str(env))
    monkeypatch.delenv("AMIP_ADDRESS", raising=False)
    assert load_settings().address == "127.0.0.1"
    command = serve.streamlit_command(load_settings().address, 8600)
    assert command[command.index("--server.address") + 1] == "127.0.0.1"
    assert command[command.index("--browser.serverAddress") + 1] == "127.0.0.1"  # no IP lookup for the URL
    env.write_text("AMIP_ADDRESS=0.0.0.0\n", encoding="utf-8")
    assert load_settings().address == "0.0.0.0"
    assert "address" in load_settings().describe()  # shown with the other settings in the app
    monkeypatch.setenv("AMIP_ADDRESS", " ")  # the environment wins over .env; blank means this machine
    assert load_settings().address == "127.0.0.1"


def test_launcher_refuses_a_network_address_without_password(tmp_path: Path) -> None:
    env_file = tmp_path / ".env"
    env_file.write_text("AMIP_ADDRESS=0.0.0.0\n", encoding="utf-8")
    env = {"PATH": "/usr/bin:/bin", "PYTHONPATH": str(REPO), "AMIP_ENV_FILE": str(env_file), "HOME": str(tmp_path)}
    done = subprocess.run([sys.executable, "-m", "assistant.serve", "--port", "8599"], capture_output=True,
                          text=True, timeout=60, env=env, cwd=str(tmp_path))
    assert done.returncode == 2
    assert "AMIP_PASSWORD_HASH" in done.stderr and "Passwort" in done.stderr and "Traceback" not in done.stderr


def test_loopback_addresses() -> None:
    for address in ("127.0.0.1", "127.1.2.3", "::1", "localhost", "[::1]"):
        assert is_loopback(address), address
    for address in ("0.0.0.0", "::", "", "192.168.1.5", "10.0.0.1", "beirat.example"):
        assert not is_loopback(address), address


def test_each_password_opens_only_its_workspaces() -> None:
    first, second = hash_password("erstes-geheim"), hash_password("zweites-geheim")
    setting = f"{first}@beirat-a,beirat-b; {second}"
    grant = check_login("erstes-geheim", setting)
    assert grant is not None and grant.allows("beirat-a") and grant.allows("beirat-b")
    assert not grant.allows("beirat-c") and not grant.allows("standard")
    everything = check_login("zweites-geheim", setting)
    assert everything is not None and everything.allows("beirat-c")
    assert check_login("falsch", setting) is None
    assert check_login("erstes-geheim", first).allows("irgendwas")  # one plain hash: every workspace


def test_failed_logins_are_slowed_down() -> None:
    throttle = Throttle(free=3, cap=60)
    for _ in range(3):
        assert throttle.wait_seconds("10.0.0.9") == 0
        throttle.failed("10.0.0.9")
    first_wait = throttle.wait_seconds("10.0.0.9")
    assert first_wait > 1
    throttle.failed("10.0.0.9")
    assert throttle.wait_seconds("10.0.0.9") > first_wait  # grows with every failure
    assert throttle.wait_seconds("10.0.0.8") == 0  # another client is not blocked
    throttle.succeeded("10.0.0.9")
    assert throttle.wait_seconds("10.0.0.9") == 0


def _listening(port: int) -> list[str]:
    """Local addresses (hex, as in /proc/net/tcp*) of sockets listening on ``port``."""
    found = []
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        try:
            lines = Path(table).read_text().splitlines()[1:]
        except OSError:
            continue
        for line in lines:
            local, state = line.split()[1], line.split()[3]
            if state == "0A" and int(local.split(":")[1], 16) == port:
                found.append(local.split(":")[0])
    return found


@pytest.mark.slow
def test_make_run_listens_on_loopback_only_and_asks_nobody_outside(tmp_path: Path) -> None:
    """The ``make run`` command under the socket guard and strace: no DNS, no connect outside,
    the port open on 127.0.0.1 only, and the page script runs to the end."""
    from benchmarks.servers import free_port
    from tests.reliability.traced import attempts, run_script_over_websocket, subprocess_env, traced_server

    log = tmp_path / "egress.log"
    port = free_port()
    env_file = tmp_path / ".env"
    env_file.write_text("", encoding="utf-8")
    env = subprocess_env(log, AMIP_DATA_DIR=str(tmp_path / "data"), AMIP_LLM="extractive",
                         HOME=str(tmp_path / "home"), AMIP_ENV_FILE=str(env_file))
    env.pop("AMIP_ADDRESS", None)
    command = [sys.executable, "-m", "assistant.serve", "--port", str(port)]
    with traced_server(command, env, port, tmp_path) as server:
        kinds = run_script_over_websocket(port)
        assert "script_finished" in kinds
        addresses = _listening(port)
        time.sleep(2)
    output = server.output()
    assert addresses and set(addresses) <= {"0100007F"}, (addresses, output[-2000:])  # 127.0.0.1 only
    assert "Network URL" not in output and "External URL" not in output, output[-2000:]
    assert attempts(log) == [], attempts(log)
    assert server.outside_connects() == []
