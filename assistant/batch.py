"""Several files at once, each on its own: whatever goes wrong with one file (a bad PDF, a
non-UTF-8 name, a full disk) becomes that file's entry in ``errors`` and the rest go on.
Also the rebuild of a lost or damaged index from the stored PDFs (``amip reindex``)."""

from __future__ import annotations

import shutil
import time
from collections.abc import Callable
from pathlib import Path

from assistant.errors import user_message
from ingest.types import IngestError, IngestReport

IngestOne = Callable[[bytes, str], IngestReport]


def display_name(path: Path) -> str:
    """The file name as text: bytes that are not UTF-8 (surrogate escapes) become "�"."""
    return path.name.encode("utf-8", "surrogateescape").decode("utf-8", "replace")


def ingest_files(paths: list[Path], max_mb: float, ingest_one: IngestOne
                 ) -> tuple[list[IngestReport], list[dict]]:
    """Ingest ``paths`` one by one; never raises for a single file."""
    reports, errors = [], []
    for path in paths:
        name = display_name(path)
        try:
            reports.append(ingest_one(read_file(path, max_mb), name))
        except IngestError as exc:
            errors.append({"filename": name, "error": str(exc)})
        except Exception as exc:  # noqa: BLE001 - one file's failure must not stop the batch
            errors.append({"filename": name, "error": user_message(exc)})
    return reports, errors


def read_file(path: Path, max_mb: float) -> bytes:
    shown = display_name(path)
    if path.is_dir():
        raise IngestError(f"„{shown}“ ist ein Ordner, keine Datei. Bitte die PDF-Dateien darin "
                          f"angeben, z. B. „{shown}/*.pdf“.")
    if not path.is_file():
        raise IngestError(f"Die Datei „{shown}“ wurde nicht gefunden.")
    if path.stat().st_size > max_mb * 1024 * 1024:
        raise IngestError(f"„{shown}“ ist größer als {max_mb:g} MB und wurde nicht aufgenommen.")
    try:
        return path.read_bytes()
    except PermissionError as exc:
        raise IngestError(f"„{shown}“ kann nicht gelesen werden (keine Leserechte).") from exc


def set_damaged_aside(data_dir: Path) -> Path | None:
    """Move an embedded database that cannot be opened out of the way (never delete it)."""
    source = data_dir / "chroma"
    if not source.exists():
        return None
    target = data_dir / f"chroma.beschaedigt-{time.strftime('%Y%m%d-%H%M%S')}"
    shutil.move(str(source), str(target))
    from chromadb.api.shared_system_client import SharedSystemClient

    SharedSystemClient.clear_system_cache()  # this process must not reuse the damaged one
    return target


def stored_workspaces(data_dir: Path) -> list[str]:
    """Workspaces that have PDF copies under ``files/``."""
    folder = data_dir / "files"
    return sorted(p.name for p in folder.iterdir() if p.is_dir() and _workspace_name(p.name)) if folder.is_dir() else []


def _workspace_name(name: str) -> bool:
    """A stray folder (".git", "alte Sachen") is no workspace: reindex passes it by."""
    from ingest.store import StoreError, check_workspace

    try:
        check_workspace(name)
    except (StoreError, ValueError):
        return False
    return True
