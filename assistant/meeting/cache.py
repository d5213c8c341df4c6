"""MeetingPacks on disk next to the index, so a reload or a restart never drafts anew.

Layout: ``DATA_DIR/meetings/WORKSPACE/KEY.json``. The key covers the document version (its
id and ingest id), the comparison document's version, the answer backend and the code
version of everything that computes a pack — a new extraction or drafting rule invalidates
old packs without anyone remembering to bump a number. Each write goes through its own
temporary file (``assistant.meeting.storage``); a damaged file is set aside and counts as
missing, so "Fragen neu entwerfen" builds the pack anew; a full disk leaves the drafted pack
in memory with a German ``problem``. Packs of removed documents are deleted on the next
write, so a withdrawn draft leaves no questions behind.
"""

from __future__ import annotations

import hashlib
import json
import logging
from functools import lru_cache
from pathlib import Path

from assistant.meeting.pack import MeetingPack
from assistant.meeting.storage import set_aside, write_atomic
from ingest.storage_errors import storage_problem

log = logging.getLogger("amip.meeting")
ROOT = Path(__file__).resolve().parents[2]
# Code that decides what a pack contains: extraction (ingest, tables, figures) and drafting.
_VERSIONED = ("ingest", "assistant")


@lru_cache(maxsize=1)
def code_version() -> str:
    """A hash of the source files that compute figures, questions, checklist and exports."""
    digest = hashlib.sha256()
    for package in _VERSIONED:
        for path in sorted((ROOT / package).rglob("*.py")):
            digest.update(path.relative_to(ROOT).as_posix().encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def doc_version(doc: dict) -> str:
    return f"{doc['doc_id']}:{doc.get('ingest_id') or doc.get('ingested_at', '')}"


def pack_key(doc: dict, compare: dict | None, backend: str) -> str:
    parts = [doc_version(doc), doc_version(compare) if compare else "-", backend, code_version()]
    return hashlib.sha256("|".join(parts).encode()).hexdigest()[:32]


class PackCache:
    """Packs of one workspace in ``data_dir/meetings/workspace``."""

    def __init__(self, data_dir: Path, workspace: str) -> None:
        self.folder = Path(data_dir) / "meetings" / workspace
        self.problem = ""  # German reason the last save failed, for the CLI and the page

    def _path(self, key: str) -> Path:
        return self.folder / f"{key}.json"

    def load(self, key: str) -> MeetingPack | None:
        """The stored pack, or None (missing, or damaged: then it is set aside and built anew)."""
        path = self._path(key)
        try:
            pack = MeetingPack.from_json(json.loads(path.read_text(encoding="utf-8")))
            if pack.version != key:
                raise ValueError("Schlüssel passt nicht")
            return pack
        except FileNotFoundError:
            return None
        except OSError:
            log.warning("Gespeicherter Entwurf %s unlesbar", key, exc_info=True)
            return None
        except Exception:  # noqa: BLE001 - any damage: set aside, never block a new draft
            log.warning("Gespeicherter Entwurf %s beschädigt, wird beiseitegelegt", key, exc_info=True)
            set_aside(path)
            return None

    def save(self, pack: MeetingPack, keep_docs: set[str]) -> bool:
        """Write ``pack`` and delete packs of documents no longer in the library; False (and
        ``problem`` in German) when the disk refused: the caller keeps the pack it drafted."""
        try:
            write_atomic(self._path(pack.version), json.dumps(pack.to_json(), ensure_ascii=False))
        except OSError as exc:
            log.warning("Entwurf nicht gespeichert", exc_info=True)
            self.problem = ("Der Entwurf wird angezeigt, konnte aber nicht gespeichert werden: "
                            + (storage_problem(exc) or f"{exc.strerror or exc}."))
            return False
        self.problem = ""
        self.prune(keep_docs)
        return True

    def prune(self, keep_docs: set[str]) -> int:
        """Delete packs whose document (or comparison document) was removed."""
        removed = 0
        for path in self.folder.glob("*.json"):
            pack = self.load(path.stem)
            if pack is None or pack.doc_id not in keep_docs or (pack.compare and pack.compare not in keep_docs):
                path.unlink(missing_ok=True)
                removed += 1
        return removed

    def clear(self) -> None:
        for path in self.folder.glob("*.json"):
            path.unlink(missing_ok=True)
