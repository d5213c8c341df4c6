"""One settings object for the whole assistant, read from the environment and a `.env` file.

Every field is documented because the UI shows the effective settings to the user.
"""

from __future__ import annotations

import importlib.util
import os
from pathlib import Path

import platformdirs
from pydantic import Field, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from ingest.options import IngestOptions

LLM_BACKENDS = ("extractive", "local", "ollama", "openai")
LOOPBACK = "127.0.0.1"
# The README promises ".env im Projektordner": never the working directory, which could be
# any folder a user happens to run the CLI in (a planted .env there redirected the CLI).
PROJECT_DIR = Path(__file__).resolve().parents[1]


def local_model_installed() -> bool:
    """True when the embedded model's packages are installed (``make run`` installs them)."""
    from assistant.llm.model_files import EMBEDDED_PARTS

    return all(importlib.util.find_spec(m) is not None for m in ("xllamacpp", *EMBEDDED_PARTS))


class Settings(BaseSettings):
    """Effective configuration; environment variables carry the prefix ``AMIP_``."""

    model_config = SettingsConfigDict(env_prefix="AMIP_", env_file=None, extra="ignore")

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
    max_seconds: float = Field(default=600.0, gt=0, description="Zeitlimit je PDF-Datei in Sekunden für alle "
                               "Schritte (Lesen, Texterkennung, Zerlegen, Einbetten); darüber abgelehnt, beim Einbetten "
                               "nur bis dahin aufgenommen (mit Hinweis).")
    max_page_chars: int = Field(default=100_000, gt=0, description="Höchstzahl an Zeichen je Seite; der Rest "
                                "einer längeren Seite fehlt (mit Hinweis).")
    max_document_chars: int = Field(default=2_000_000, gt=0, description="Höchstzahl an Zeichen je Datei; "
                                    "spätere Seiten fehlen (mit Hinweis).")
    max_chunks: int = Field(default=3_000, gt=0, description="Höchstzahl an Abschnitten je Datei; weitere "
                            "fehlen (mit Hinweis).")
    max_page_text_ops: int = Field(default=40_000, gt=0, description="Höchstzahl an Textobjekten je Seite, "
                                   "vor dem Auslesen gezählt; eine Seite mit mehr wird übersprungen (mit Hinweis).")
    max_question_chars: int = Field(default=2_000, gt=0, description="Höchstlänge einer Frage in Zeichen.")
    request_timeout: float = Field(default=120.0, description="Zeitlimit für Anfragen an Modell-Server in Sekunden.")
    local_model_path: str = Field(default="", description="Eigene GGUF-Datei statt des mitgelieferten Modells.")
    local_threads: int = Field(default=2, description="CPU-Threads für das eingebettete Modell.")
    local_ctx: int = Field(default=4096, description="Kontextlänge (Tokens) des eingebetteten Modells.")
    password_hash: str = Field(
        default="",
        description="Zugangsschutz für einen gemeinsamen Server: scrypt-Hash des Passworts "
        "(erzeugen mit: python -m assistant.access). Leer: kein Passwort.",
    )
    address: str = Field(
        default=LOOPBACK,
        description="Netzwerkadresse der Oberfläche (make run); eine andere als 127.0.0.1, z. B. 0.0.0.0 "
        "für einen gemeinsamen Server, nur zusammen mit AMIP_PASSWORD_HASH. Leer: 127.0.0.1.",
    )
    max_table_rows: int = Field(default=1000, gt=0, description="Zeilen je Tabelle, die beim Entwerfen der "
                                "Nachfragen berücksichtigt werden; weitere fehlen (mit Hinweis).")

    @field_validator("address", mode="after")
    @classmethod
    def _address_or_loopback(cls, value: str) -> str:
        # An empty AMIP_ADDRESS (e.g. "AMIP_ADDRESS=" left in .env) means this machine only.
        return value.strip() or LOOPBACK

    @property
    def effective_llm(self) -> str:
        """The backend actually used: the configured one, else local when installed, else extractive."""
        if self.llm:
            return self.llm
        return "local" if local_model_installed() else "extractive"

    def ingest_options(self) -> IngestOptions:
        return IngestOptions(ocr=self.ocr, max_file_mb=self.max_file_mb, max_pages=self.max_pages,
                             max_seconds=self.max_seconds, max_page_chars=self.max_page_chars,
                             max_document_chars=self.max_document_chars, max_chunks=self.max_chunks,
                             max_page_text_ops=self.max_page_text_ops)

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


def env_file() -> Path:
    """The settings file: ``AMIP_ENV_FILE`` if set, else ``.env`` in the project folder."""
    explicit = os.environ.get("AMIP_ENV_FILE", "").strip()
    return Path(explicit).expanduser() if explicit else PROJECT_DIR / ".env"


class SettingsInvalid(ValueError):
    """A setting has a value that cannot be used; ``str(error)`` is German."""


def load_settings(**overrides: object) -> Settings:
    """Settings from environment and the project's `.env`, with explicit overrides (e.g. from
    CLI flags) on top; raises ``SettingsInvalid`` (German) for values of the wrong kind."""
    from pydantic import ValidationError

    clean = {k: v for k, v in overrides.items() if v is not None}
    try:
        return Settings(_env_file=env_file(), **clean)  # type: ignore[call-arg]
    except ValidationError as exc:
        raise SettingsInvalid(_invalid_message(exc)) from None


def _invalid_message(exc) -> str:
    parts = []
    for error in exc.errors():
        name = "AMIP_" + str(error["loc"][0]).upper() if error.get("loc") else "eine Einstellung"
        value = str(error.get("input", ""))[:60]
        kind = {"int_parsing": "eine ganze Zahl", "float_parsing": "eine Zahl",
                "greater_than": "eine Zahl größer als 0"}.get(error.get("type", ""), "ein gültiger Wert")
        parts.append(f"{name}=„{value}“ ist ungültig (erwartet: {kind})")
    return "Ungültige Einstellung: " + "; ".join(parts) + ". Bitte in der Umgebung oder in .env korrigieren."
