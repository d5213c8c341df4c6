"""Socket guard: refuse and record every attempt to reach an address outside loopback.

Used two ways:
* in-process: ``install(log_path)`` from a test fixture;
* in a subprocess: put this directory on ``PYTHONPATH`` and set ``AMIP_NETGUARD_LOG``;
  Python imports ``sitecustomize`` at start-up and the guard is active before any
  application code runs (Streamlit, chromadb, huggingface_hub, posthog ...).

Every refused attempt is appended to the log file as one line, even when the caller
swallows the exception (telemetry clients do), so a test asserts the log is empty.
"""

from __future__ import annotations

import ipaddress
import os
import socket
import threading
import traceback

_LOCAL_NAMES = {"localhost", "localhost.localdomain", "ip6-localhost", "ip6-loopback", ""}
_state: dict = {"log": None, "installed": False, "originals": {}}
_lock = threading.Lock()


class EgressBlocked(ConnectionRefusedError):
    """Raised instead of connecting to a non-loopback address."""


def _is_local_host(host: object) -> bool:
    if host is None:
        return True
    if isinstance(host, bytes):
        host = host.decode("ascii", "replace")
    text = str(host).strip().lower().strip("[]")
    if text in _LOCAL_NAMES or text.endswith(".localhost"):
        return True
    text = text.split("%", 1)[0]  # scoped IPv6
    try:
        address = ipaddress.ip_address(text)
    except ValueError:
        return False  # a real host name: resolving it already leaks the lookup
    if address.is_unspecified:  # 0.0.0.0 / :: as a bind address or "this host"
        return True
    mapped = getattr(address, "ipv4_mapped", None)
    return address.is_loopback or bool(mapped and mapped.is_loopback)


def _record(kind: str, target: object) -> None:
    line = f"{kind} {target!r} pid={os.getpid()}"
    stack = "".join(traceback.format_stack(limit=12)[:-2]).replace("\n", " | ")
    with _lock:
        path = _state["log"]
        if path:
            with open(path, "a", encoding="utf-8") as log:
                log.write(f"{line} :: {stack}\n")


def _check_address(kind: str, family: int, address: object) -> None:
    if family == getattr(socket, "AF_UNIX", object()):
        return
    if family in (socket.AF_INET, socket.AF_INET6) and isinstance(address, tuple) and address:
        if _is_local_host(address[0]):
            return
    elif family not in (socket.AF_INET, socket.AF_INET6):
        return  # netlink and friends never leave the machine
    _record(kind, address)
    raise EgressBlocked(f"Netzwerkzugriff nach außen blockiert (Test): {address!r}")


def install(log_path: str) -> None:
    """Activate the guard for this process; attempts are appended to ``log_path``."""
    with _lock:
        _state["log"] = log_path
        if _state["installed"]:
            return
        _state["installed"] = True
    orig = _state["originals"]
    orig["connect"] = socket.socket.connect
    orig["connect_ex"] = socket.socket.connect_ex
    orig["sendto"] = socket.socket.sendto
    orig["getaddrinfo"] = socket.getaddrinfo
    orig["gethostbyname"] = socket.gethostbyname
    orig["gethostbyname_ex"] = socket.gethostbyname_ex
    orig["create_connection"] = socket.create_connection

    def connect(self, address):
        _check_address("connect", self.family, address)
        return orig["connect"](self, address)

    def connect_ex(self, address):
        _check_address("connect_ex", self.family, address)
        return orig["connect_ex"](self, address)

    def sendto(self, data, *args):
        address = args[-1] if args else None
        _check_address("sendto", self.family, address)
        return orig["sendto"](self, data, *args)

    def getaddrinfo(host, *args, **kwargs):
        if not _is_local_host(host):
            _record("getaddrinfo", host)
            raise socket.gaierror(socket.EAI_NONAME, f"Namensauflösung blockiert (Test): {host!r}")
        return orig["getaddrinfo"](host, *args, **kwargs)

    def gethostbyname(host):
        if not _is_local_host(host):
            _record("gethostbyname", host)
            raise socket.gaierror(socket.EAI_NONAME, f"Namensauflösung blockiert (Test): {host!r}")
        return orig["gethostbyname"](host)

    def gethostbyname_ex(host):
        if not _is_local_host(host):
            _record("gethostbyname_ex", host)
            raise socket.gaierror(socket.EAI_NONAME, f"Namensauflösung blockiert (Test): {host!r}")
        return orig["gethostbyname_ex"](host)

    def create_connection(address, *args, **kwargs):
        if isinstance(address, tuple) and address and not _is_local_host(address[0]):
            _record("create_connection", address)
            raise EgressBlocked(f"Netzwerkzugriff nach außen blockiert (Test): {address!r}")
        return orig["create_connection"](address, *args, **kwargs)

    socket.socket.connect = connect
    socket.socket.connect_ex = connect_ex
    socket.socket.sendto = sendto
    socket.getaddrinfo = getaddrinfo
    socket.gethostbyname = gethostbyname
    socket.gethostbyname_ex = gethostbyname_ex
    socket.create_connection = create_connection


def uninstall() -> None:
    """Restore the real socket functions (in-process use)."""
    with _lock:
        if not _state["installed"]:
            return
        orig = _state["originals"]
        socket.socket.connect = orig["connect"]
        socket.socket.connect_ex = orig["connect_ex"]
        socket.socket.sendto = orig["sendto"]
        socket.getaddrinfo = orig["getaddrinfo"]
        socket.gethostbyname = orig["gethostbyname"]
        socket.gethostbyname_ex = orig["gethostbyname_ex"]
        socket.create_connection = orig["create_connection"]
        _state["installed"] = False
        _state["log"] = None


if os.environ.get("AMIP_NETGUARD_LOG"):
    install(os.environ["AMIP_NETGUARD_LOG"])
