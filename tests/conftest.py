"""Test-wide fixtures: all state in a temp dir, nothing leaves the machine."""

from __future__ import annotations

from pathlib import Path

import pytest


@pytest.fixture(autouse=True)
def isolated_data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Point every piece of state (index, caches) at a fresh temp dir."""
    data_dir = tmp_path / "amip-data"
    monkeypatch.setenv("AMIP_DATA_DIR", str(data_dir))
    monkeypatch.setenv("ANONYMIZED_TELEMETRY", "False")
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    monkeypatch.setenv("TRANSFORMERS_OFFLINE", "1")
    # Tests choose their backend explicitly; never load a real model by default.
    monkeypatch.setenv("AMIP_LLM", "extractive")
    for var in ("AMIP_LLM_MODEL", "AMIP_LLM_BASE_URL", "AMIP_LLM_API_KEY",
                "AMIP_EMBEDDING", "AMIP_CHROMA_URL", "AMIP_WORKSPACE"):
        monkeypatch.delenv(var, raising=False)
    return data_dir
