"""Opening Chroma, embedded in the data folder or on a server, with telemetry off, and the
German errors for a database that cannot be opened. With ``store_sync`` the only modules that
import chromadb; ``store.VectorStore`` uses them."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlparse

from ingest.errors import AmipError


class StoreError(AmipError):
    """The store cannot be used as asked; ``str(error)`` is German."""


class StoreDamaged(StoreError):
    """The embedded database cannot be opened; ``amip reindex`` rebuilds it from the PDFs."""


def _chroma_settings():
    from chromadb.config import Settings as ChromaSettings

    return ChromaSettings(anonymized_telemetry=False, allow_reset=False)


def open_client(data_dir: Path | None, chroma_url: str):
    import chromadb

    if chroma_url:
        url = urlparse(chroma_url if "//" in chroma_url else f"http://{chroma_url}")
        try:
            return chromadb.HttpClient(
                host=url.hostname or "localhost",
                port=url.port or (443 if url.scheme == "https" else 8000),
                ssl=url.scheme == "https",
                settings=_chroma_settings(),
            )
        except Exception as exc:  # chromadb raises several types for an unreachable server
            raise StoreError(f"Der Chroma-Server unter {chroma_url} ist nicht erreichbar ({exc}).") from exc
    assert data_dir is not None
    path = data_dir / "chroma"
    path.mkdir(parents=True, exist_ok=True)
    return chromadb.PersistentClient(path=str(path), settings=_chroma_settings())


def forget_half_open(db_path: Path) -> None:
    """chromadb caches a system even when opening it failed: drop it, so a retry starts anew."""
    from chromadb.api.shared_system_client import SharedSystemClient

    SharedSystemClient._identifier_to_system.pop(str(db_path), None)


def open_error(exc: BaseException, db_path: Path | None) -> StoreError:
    """A German error for a database that cannot be opened (damaged, read-only, disk full)."""
    from ingest.storage_errors import DAMAGED, storage_problem

    problem = storage_problem(exc)
    if problem and problem != DAMAGED:
        return StoreError(problem)
    if db_path is None:
        return StoreError(f"Der Chroma-Server antwortet nicht wie erwartet ({type(exc).__name__}).")
    if problem is None:
        return StoreError(f"Die Datenbank im Datenordner ({db_path}) kann nicht geöffnet werden "
                          f"({type(exc).__name__}). Bleibt der Fehler, baut „amip reindex“ den "
                          "Index aus den gespeicherten PDF-Dateien neu auf.")
    return StoreDamaged(
        f"Die Datenbank im Datenordner ({db_path}) ist beschädigt und kann nicht geöffnet werden. "
        "Die aufgenommenen PDF-Dateien sind erhalten: „amip reindex“ (oder „Index aus den gespeicherten "
        "PDFs neu aufbauen“ in der App) baut den Index aus ihnen neu auf; die beschädigte Datenbank wird dabei "
        "beiseitegelegt, nicht gelöscht.")
