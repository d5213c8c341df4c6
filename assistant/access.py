"""Optional password protection for a shared deployment: scrypt hashes, constant-time checks.

The settings keep only the hash (``AMIP_PASSWORD_HASH``), never the password. Create one
with ``python -m assistant.access`` (asks twice, prints the hash to put into ``.env``).
Format: ``scrypt$n$r$p$salt_b64$hash_b64`` so the cost can be raised later without
invalidating stored hashes.

Several passwords, each limited to workspaces: entries separated by spaces or ";", each
``HASH`` (every workspace) or ``HASH@beirat-a,beirat-b`` (only these). Failed logins are
slowed down (``Throttle``): after a few, each further attempt must wait longer.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import ipaddress
import os
import threading
import time
from dataclasses import dataclass

_SCHEME = "scrypt"
_N, _R, _P = 2**14, 8, 1  # ~16 MB and ~50 ms per check: cheap for one login, costly for guessing
_SALT_BYTES = 16
_KEY_BYTES = 32
_MAX_N = 2**20  # refuse absurd cost parameters from a tampered settings file


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).decode("ascii").rstrip("=")


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def _derive(password: str, salt: bytes, n: int, r: int, p: int) -> bytes:
    return hashlib.scrypt(password.encode("utf-8"), salt=salt, n=n, r=r, p=p,
                          maxmem=256 * n * r + 2**20, dklen=_KEY_BYTES)


def hash_password(password: str) -> str:
    """A salted scrypt hash of ``password`` for ``AMIP_PASSWORD_HASH``."""
    if not password:
        raise ValueError("Das Passwort darf nicht leer sein.")
    salt = os.urandom(_SALT_BYTES)
    key = _derive(password, salt, _N, _R, _P)
    return f"{_SCHEME}${_N}${_R}${_P}${_b64(salt)}${_b64(key)}"


def verify_password(password: str, stored: str) -> bool:
    """True when ``password`` matches ``stored``; False for any malformed hash (never raises)."""
    try:
        scheme, n_text, r_text, p_text, salt_text, key_text = (stored or "").strip().split("$")
        n, r, p = int(n_text), int(r_text), int(p_text)
        if scheme != _SCHEME or not (2 <= n <= _MAX_N and n & (n - 1) == 0) or not (1 <= r <= 32) or not (1 <= p <= 16):
            return False
        salt, expected = _unb64(salt_text), _unb64(key_text)
        if not salt or len(expected) != _KEY_BYTES:
            return False
        actual = _derive(password or "", salt, n, r, p)
    except (ValueError, TypeError, MemoryError):
        return False
    return hmac.compare_digest(actual, expected)


@dataclass(frozen=True)
class Grant:
    """What a password opens: ``workspaces`` empty means every workspace."""

    workspaces: tuple[str, ...] = ()

    def allows(self, workspace: str) -> bool:
        return not self.workspaces or workspace in self.workspaces


def _entries(setting: str) -> list[tuple[str, Grant]]:
    entries = []
    for part in setting.replace(";", " ").split():
        stored, _, names = part.partition("@")
        spaces = tuple(n.strip() for n in names.split(",") if n.strip())
        entries.append((stored, Grant(spaces)))
    return entries


def check_login(password: str, setting: str) -> Grant | None:
    """The grant of the entry in ``setting`` (``AMIP_PASSWORD_HASH``) that ``password`` matches."""
    for stored, grant in _entries(setting):
        if verify_password(password, stored):
            return grant
    return None


class Throttle:
    """Failed logins per client: after ``free`` failures each attempt waits 2, 4, 8 … seconds
    (at most ``cap``); a success clears the count. Shared by all sessions of the process."""

    def __init__(self, free: int = 3, cap: float = 300.0) -> None:
        self.free, self.cap = free, cap
        self._failures: dict[str, tuple[int, float]] = {}  # client -> (count, time of last failure)
        self._lock = threading.Lock()

    def wait_seconds(self, client: str) -> float:
        """Seconds until ``client`` may try again (0: now)."""
        with self._lock:
            count, last = self._failures.get(client, (0, 0.0))
        if count < self.free:
            return 0.0
        delay = min(self.cap, 2.0 ** (count - self.free + 1))
        return max(0.0, last + delay - time.monotonic())

    def failed(self, client: str) -> None:
        with self._lock:
            count, _ = self._failures.get(client, (0, 0.0))
            self._failures[client] = (count + 1, time.monotonic())

    def succeeded(self, client: str) -> None:
        with self._lock:
            self._failures.pop(client, None)


def is_loopback(address: str) -> bool:
    """True for addresses only this machine can reach (127.x, ::1, localhost)."""
    text = (address or "").strip().strip("[]").lower()
    if text in ("localhost", "ip6-localhost"):
        return True
    try:
        return ipaddress.ip_address(text).is_loopback
    except ValueError:
        return False


def main() -> int:
    import getpass

    first = getpass.getpass("Neues Passwort: ")
    if first != getpass.getpass("Passwort wiederholen: "):
        print("Die Passwörter stimmen nicht überein.")
        return 1
    if not first:
        print("Das Passwort darf nicht leer sein.")
        return 1
    print(f"AMIP_PASSWORD_HASH='{hash_password(first)}'")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
