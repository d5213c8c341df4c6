"""One settings object for the whole assistant, read from the environment and a `.env` file.

Every field is documented because the UI shows the effective settings to the user.
"""

from __future__ import annotations

import importlib.util
from pathlib import Path

import platformdirs
from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict

from ingest.options import IngestOptions

LLM_BACKENDS = ("extractive", "local", "ollama", "openai")


def local_model_installed() -> bool:
    """True when the embedded model's packages are installed (``make run`` installs them)."""
    from assistant.llm.model_files import EMBEDDED_PARTS

    return all(importlib.util.find_spec(m) is not None for m in ("xllamacpp", *EMBEDDED_PARTS))


class Settings(BaseSettings):
    """Effective configuration; environment variables carry the prefix ``AMIP_``."""

    model_config = SettingsConfigDict(env_prefix="AMIP_", env_file=".env", extra="ignore")

    data_dir: Path = Field(
        default_factory=lambda: Path(platformdirs.user_data_dir("amip-assistent", appauthor=False)),
        description="Ordner für Index, Modelle und Zwischenspeicher (AMIP_DATA_DIR).",
    )
    workspace: str = Field(
        default="standard",
        description="Arbeitsbereich: getrennte Dokumentensammlung, z. B. je Beirat (AMIP_WORKSPACE).",
    )
    llm: str = Field(
        default="",
        description="Antwortmodell: extractive (ohne Sprachmodell), local (eingebettet), ollama oder "
        "openai (OpenAI-kompatibler Server). Leer: local, wenn installiert, sonst extractive.",
    )
    llm_model: str = Field(default="", description="Modellname beim Server (Ollama/OpenAI-kompatibel).")
    llm_base_url: str = Field(default="", description="Adresse des Modell-Servers, z. B. http://localhost:11434.")
    llm_api_key: str = Field(default="", description="API-Schlüssel für den OpenAI-kompatiblen Server.")
    embedding: str = Field(
        default="e5-small",
        description="Einbettungsmodell: e5-small (mitgeliefert) oder st:/pfad/zum/modell (sentence-transformers).",
    )
    chroma_url: str = Field(
        default="", description="Chroma-Server, z. B. http://localhost:8000; leer: eingebetteter Speicher im Datenordner."
    )
    ocr: str = Field(default="auto", description="Texterkennung für gescannte Seiten: auto oder off.")
    max_file_mb: int = Field(default=200, description="Größte annehmbare PDF-Datei in MB.")
    max_pages: int = Field(default=2000, description="Höchstzahl an Seiten je PDF.")
    max_seconds: float = Field(default=600.0, description="Zeitlimit für das Auslesen einer PDF-Datei in Sekunden.")
    request_timeout: float = Field(default=120.0, description="Zeitlimit für Anfragen an Modell-Server in Sekunden.")
    local_model_path: str = Field(default="", description="Eigene GGUF-Datei statt des mitgelieferten Modells.")
    local_threads: int = Field(default=2, description="CPU-Threads für das eingebettete Modell.")
    local_ctx: int = Field(default=4096, description="Kontextlänge (Tokens) des eingebetteten Modells.")
    password_hash: str = Field(
        default="",
        description="Zugangsschutz für einen gemeinsamen Server: scrypt-Hash des Passworts "
        "(erzeugen mit: python -m assistant.access). Leer: kein Passwort.",
    )

    @property
    def effective_llm(self) -> str:
        """The backend actually used: the configured one, else local when installed, else extractive."""
        if self.llm:
            return self.llm
        return "local" if local_model_installed() else "extractive"

    def ingest_options(self) -> IngestOptions:
        return IngestOptions(ocr=self.ocr, max_file_mb=self.max_file_mb, max_pages=self.max_pages,
                             max_seconds=self.max_seconds)

    def describe(self) -> dict[str, str]:
        """Effective settings for display, secrets masked."""
        shown = {}
        for name, field in type(self).model_fields.items():
            value = getattr(self, name)
            if name == "llm":
                value = self.effective_llm
            if name in ("llm_api_key", "password_hash") and value:
                value = "••••"
            shown[name] = str(value)
        return shown


def load_settings(**overrides: object) -> Settings:
    """Settings from environment and `.env`, with explicit overrides (e.g. from CLI flags) on top."""
    clean = {k: v for k, v in overrides.items() if v is not None}
    return Settings(**clean)
