"""``make run``: start the Streamlit app on 127.0.0.1 unless an address is configured.

``AMIP_ADDRESS`` (environment or ``.env``) chooses another address, e.g. ``0.0.0.0`` for a
shared server; then ``AMIP_PASSWORD_HASH`` must be set, else the start is refused in German.
The address is always passed explicitly, so Streamlit never looks up this machine's
external IP address (it asks checkip.amazonaws.com for its "External URL" otherwise).
"""

from __future__ import annotations

import argparse
import os
import socket
import sys
from pathlib import Path

from assistant.access import is_loopback
from assistant.settings import SettingsInvalid, load_settings

APP = Path(__file__).resolve().parents[1] / "app.py"


def streamlit_command(address: str, port: int) -> list[str]:
    # A wildcard address would make Streamlit print (and look up) internal and external IPs.
    shown = socket.gethostname() if address in ("0.0.0.0", "::") else address
    return [sys.executable, "-m", "streamlit", "run", str(APP), "--server.address", address,
            "--server.port", str(port), "--browser.serverAddress", shown, "--server.headless", "true",
            "--browser.gatherUsageStats", "false", "--server.fileWatcherType", "none"]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m assistant.serve", description="AMIP-Assistent starten")
    parser.add_argument("--port", type=int, default=8501)
    args = parser.parse_args(argv)
    try:
        settings = load_settings()
    except SettingsInvalid as exc:
        print(f"Fehler: {exc}", file=sys.stderr)
        return 2
    address = settings.address
    if not is_loopback(address) and not settings.password_hash:
        print(f"Fehler: AMIP_ADDRESS={address} macht die App im Netzwerk erreichbar; dafür ist ein Passwort "
              "nötig. Bitte mit „python -m assistant.access“ einen Hash erzeugen und als AMIP_PASSWORD_HASH "
              "in .env eintragen (oder AMIP_ADDRESS entfernen: dann nur auf diesem Rechner).", file=sys.stderr)
        return 2
    command = streamlit_command(address, args.port)
    os.execv(command[0], command)
    return 0  # not reached


if __name__ == "__main__":
    raise SystemExit(main())
