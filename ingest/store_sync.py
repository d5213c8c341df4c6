"""Several processes on one embedded Chroma database.

Embedded Chroma keeps each collection's vector index in memory per process and writes it
back from there: a process that missed another one's writes serves stale vectors ("Error
finding id") and, once it writes, can overwrite the other's vectors on disk. So every write
holds a lock for the whole database and changes a generation file; a process that sees a
generation it did not write drops its cached Chroma system and reopens it from disk.

A server store (``AMIP_CHROMA_URL``) needs none of this: ``db_path`` is ``None`` there and
every function here does nothing.
"""

from __future__ import annotations

import contextlib
import threading
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from filelock import FileLock

_process_lock = threading.RLock()
_loaded_generation: dict[str, str] = {}  # database path -> generation this process has loaded
_epoch: dict[str, int] = {}  # database path -> how often this process reopened it
_write_locks: dict[str, FileLock] = {}


def open_lock(data_dir: Path | None, chroma_url: str) -> contextlib.AbstractContextManager:
    """Creating the embedded database and its collections is not safe when two processes do
    it at once (chromadb's migrations race: "table collections already exists"): serialise it."""
    if chroma_url or data_dir is None:
        return contextlib.nullcontext()
    lock_dir = data_dir / "locks"
    lock_dir.mkdir(parents=True, exist_ok=True)
    return FileLock(str(lock_dir / "store-open.lock"), timeout=120)


def loaded_epoch(db_path: Path | None) -> int:
    """Register the first open of ``db_path`` in this process; the epoch a new client starts at."""
    if db_path is None:
        return -1
    key = str(db_path)
    with _process_lock:
        if key not in _loaded_generation:  # first open in this process: fresh from disk
            db_path.mkdir(parents=True, exist_ok=True)
            _loaded_generation[key] = _generation(db_path)
            _epoch[key] = _epoch.get(key, 0)
        return _epoch[key]


def is_stale(db_path: Path | None, epoch: int, client: Any) -> bool:
    """True when another process has written since ``client`` was opened at ``epoch``.

    The cached Chroma system is dropped (not stopped: threads still using it finish their
    call), so the caller's next ``_open`` reads the database from disk.
    """
    if db_path is None:
        return False
    key = str(db_path)
    current = _generation(db_path)
    with _process_lock:
        if current != _loaded_generation.get(key):
            from chromadb.api.shared_system_client import SharedSystemClient

            SharedSystemClient._identifier_to_system.pop(client._identifier, None)
            SharedSystemClient._identifier_to_refcount.pop(client._identifier, None)
            _loaded_generation[key] = current
            _epoch[key] = _epoch.get(key, 0) + 1
        return epoch != _epoch.get(key, 0)


@contextlib.contextmanager
def exclusive_write(db_path: Path | None, refresh: Callable[[], None]) -> Iterator[None]:
    """Exclusive write access to the database; ``refresh`` brings the caller up to date first."""
    if db_path is None:
        yield
        return
    with _write_lock(db_path):
        refresh()
        key = str(db_path)
        # Announce the write before it starts, so a crash mid-write still makes others reload.
        with _process_lock:
            _loaded_generation[key] = _bump_generation(db_path)
        try:
            yield
        finally:
            with _process_lock:
                _loaded_generation[key] = _bump_generation(db_path)


def _generation(db_path: Path) -> str:
    try:
        return (db_path / "amip-generation").read_text()
    except FileNotFoundError:
        return ""


def _bump_generation(db_path: Path) -> str:
    token = uuid.uuid4().hex
    partial = db_path / f"amip-generation.{token}"
    partial.write_text(token)
    partial.replace(db_path / "amip-generation")
    return token


def _write_lock(db_path: Path) -> FileLock:
    with _process_lock:
        key = str(db_path)
        if key not in _write_locks:
            _write_locks[key] = FileLock(str(db_path.parent / "locks" / "store-write.lock"), timeout=600)
        return _write_locks[key]
