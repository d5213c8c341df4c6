"""One Settings object: every user setting is a described field, and no module reads an
``AMIP_`` variable from the environment itself (only the settings file's location)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from assistant.settings import Settings, SettingsInvalid, load_settings

REPO = Path(__file__).resolve().parents[2]
_OWN_READ = re.compile(r"""(?:environ|getenv)\b[^\n]*["']AMIP_(\w+)""")


def test_every_setting_is_described() -> None:
    undescribed = [name for name, field in Settings.model_fields.items() if not (field.description or "").strip()]
    assert undescribed == []


def test_no_module_reads_amip_variables_itself() -> None:
    files = [REPO / "app.py", *(p for folder in ("assistant", "app_pages", "ingest")
                                 for p in (REPO / folder).rglob("*.py"))]
    reads = {f"{path.relative_to(REPO)}: AMIP_{name}" for path in files
             for name in _OWN_READ.findall(path.read_text(encoding="utf-8"))}
    # Where the settings file is cannot itself be a setting read from that file.
    assert reads == {"assistant/settings.py: AMIP_ENV_FILE"}


def test_address_and_row_cap_come_from_the_settings_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    env = tmp_path / ".env"
    env.write_text("AMIP_ADDRESS= 0.0.0.0 \nAMIP_MAX_TABLE_ROWS=250\n", encoding="utf-8")
    monkeypatch.setenv("AMIP_ENV_FILE", str(env))
    for var in ("AMIP_ADDRESS", "AMIP_MAX_TABLE_ROWS"):
        monkeypatch.delenv(var, raising=False)
    settings = load_settings()
    assert (settings.address, settings.max_table_rows) == ("0.0.0.0", 250)
    env.write_text("AMIP_ADDRESS=\nAMIP_MAX_TABLE_ROWS=-3\n", encoding="utf-8")
    with pytest.raises(SettingsInvalid, match="AMIP_MAX_TABLE_ROWS=„-3“ ist ungültig"):
        load_settings()
    env.write_text("AMIP_ADDRESS=\n", encoding="utf-8")
    assert load_settings().address == "127.0.0.1"  # blank: this machine only
