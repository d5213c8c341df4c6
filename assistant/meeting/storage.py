"""JSON files that several processes read and rewrite (chat history, MeetingPacks).

* ``locked(path)``: an inter-process lock (``flock`` on a side file) around read-modify-write,
  so two sessions appending at the same moment both keep their turn;
* ``write_atomic``: every write goes to its own temporary file, is synced and renamed over the
  target, so no reader ever sees a half-written or empty file;
* ``read_checked``: a damaged file is moved aside (never overwritten) and the backup of the
  last good version is restored, with a German notice saying so.
"""

from __future__ import annotations

import json
import logging
import os
import shutil
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from pathlib import Path

try:
    import fcntl
except ImportError:  # Windows: no flock; writes stay atomic, concurrent appends are not serialised
    fcntl = None  # type: ignore[assignment]

log = logging.getLogger("amip.meeting")
BACKUP_SUFFIX = ".bak"
DAMAGED_MARK = ".beschaedigt-"


def backup_path(path: Path) -> Path:
    return path.with_name(path.name + BACKUP_SUFFIX)


@contextmanager
def locked(path: Path) -> Iterator[None]:
    """Hold an exclusive lock for ``path`` (on ``path.lock``) across processes and threads."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path.with_name(path.name + ".lock"), "a+b") as handle:
        if fcntl is not None:
            fcntl.flock(handle.fileno(), fcntl.LOCK_EX)
        try:
            yield
        finally:
            if fcntl is not None:
                fcntl.flock(handle.fileno(), fcntl.LOCK_UN)


def write_atomic(path: Path, text: str) -> None:
    """Write ``text`` to ``path`` through a temporary file of its own; nothing is left behind
    when the disk refuses (the exception is raised to the caller)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".part")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as out:
            out.write(text)
            out.flush()
            os.fsync(out.fileno())
        os.replace(tmp, path)
    except BaseException:
        with suppress(OSError):
            os.unlink(tmp)
        raise


def write_json(path: Path, data: object, keep_backup: bool = True) -> None:
    """Replace ``path`` with ``data``; the current (checked) version becomes the backup first."""
    if keep_backup and path.exists():
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".bak.part")
        os.close(fd)
        try:
            shutil.copyfile(path, tmp)
            os.replace(tmp, backup_path(path))
        except BaseException:
            with suppress(OSError):
                os.unlink(tmp)
            raise
    write_atomic(path, json.dumps(data, ensure_ascii=False))


def set_aside(path: Path) -> Path | None:
    """Rename a damaged file so nothing overwrites it; the new path, or None if it vanished."""
    target = path.with_name(f"{path.name}{DAMAGED_MARK}{time.strftime('%Y%m%d-%H%M%S')}")
    n = 1
    while target.exists():
        target = target.with_name(f"{path.name}{DAMAGED_MARK}{time.strftime('%Y%m%d-%H%M%S')}-{n}")
        n += 1
    try:
        os.replace(path, target)
    except FileNotFoundError:
        return None
    return target


def _load(path: Path, valid: Callable[[object], bool]) -> object:
    """The parsed file; raises FileNotFoundError, or ValueError when damaged."""
    data = json.loads(path.read_text(encoding="utf-8"))
    if not valid(data):
        raise ValueError("unerwarteter Aufbau")
    return data


def read_checked(path: Path, valid: Callable[[object], bool], what: str) -> tuple[object | None, str]:
    """``(data, notice)``: the file's data, or after damage the restored backup (or None) and a
    German notice. Call while holding ``locked(path)``; ``what`` names the file for the notice."""
    try:
        return _load(path, valid), ""
    except FileNotFoundError:
        return None, ""
    except (ValueError, UnicodeDecodeError, RecursionError) as exc:
        log.warning("%s unlesbar (%s), wird beiseitegelegt", path, exc)
    aside = set_aside(path)
    name = f"„{aside.name}“" if aside else "eine Kopie"
    try:
        data = _load(backup_path(path), valid)
    except (OSError, ValueError, UnicodeDecodeError, RecursionError):
        return None, (f"{what} war beschädigt und wurde als {name} beiseitegelegt; eine frühere "
                      "Fassung gibt es nicht, es geht leer weiter.")
    with suppress(OSError):  # the restored version is the file again (a failed copy is retried later)
        write_atomic(path, json.dumps(data, ensure_ascii=False))
    return data, (f"{what} war beschädigt und wurde als {name} beiseitegelegt; die letzte gute "
                  "Fassung wurde wiederhergestellt.")
