"""Chat-model backends behind one factory; the only module that imports LLM provider packages.

``local`` runs the embedded GGUF in-process with xllamacpp; ``ollama`` and ``openai`` talk
to servers the user configured; ``extractive`` needs no model (``None``). Every failure a
user can cause (server down, model missing, wrong key) becomes ``LLMUnavailable`` with a
German message, so the CLI and UI never show a stack trace.
"""

from __future__ import annotations

import importlib
import importlib.util
import json
import queue
import threading
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from langchain_core.callbacks import CallbackManagerForLLMRun
from langchain_core.language_models import BaseChatModel
from langchain_core.messages import AIMessage, AIMessageChunk, BaseMessage
from langchain_core.outputs import ChatGeneration, ChatGenerationChunk, ChatResult

from ingest.errors import AmipError
from assistant.llm.model_files import EmbeddedModelError, embedded_model_path, missing_parts

DEFAULT_OLLAMA_MODEL = "qwen2.5:3b"
DEFAULT_OPENAI_MODEL = "gpt-4o-mini"
_PROBE_TIMEOUT = 5.0


class LLMUnavailable(AmipError):
    """The chosen language model cannot be used; ``str(error)`` is a German message."""


def embedded_model_installed() -> bool:
    """True when xllamacpp and all 22 model parts are installed."""
    return importlib.util.find_spec("xllamacpp") is not None and not missing_parts()


def make_chat_model(settings: Any, backend: str | None = None) -> BaseChatModel | None:
    """A LangChain chat model for ``backend`` (default: the configured one); ``None`` = extractive."""
    backend = (backend or getattr(settings, "effective_llm", "") or getattr(settings, "llm", "")
               or ("local" if embedded_model_installed() else "extractive"))
    factory = BACKENDS.get(backend)
    if factory is None:
        raise LLMUnavailable(
            f"Unbekanntes Antwortmodell „{backend}“. Erlaubt sind {', '.join(BACKENDS)}."
        )
    return factory(settings)


def register_backend(name: str, factory: Callable[[Any], BaseChatModel | None]) -> None:
    """Add a backend: ``factory(settings)`` returns a LangChain chat model (``None`` = extractive)."""
    BACKENDS[name] = factory


# -- local -----------------------------------------------------------------------------------


def _local(settings: Any) -> BaseChatModel:
    if importlib.util.find_spec("xllamacpp") is None:
        raise LLMUnavailable(
            "Das eingebettete Sprachmodell ist nicht installiert (Paket xllamacpp fehlt). "
            "Bitte „make run“ ausführen oder AMIP_LLM=extractive wählen."
        )
    override = str(getattr(settings, "local_model_path", "") or "")
    if override:
        path = Path(override).expanduser()
        if not path.is_file():
            raise LLMUnavailable(f"Die Modelldatei {path} (AMIP_LOCAL_MODEL_PATH) wurde nicht gefunden.")
    else:
        try:
            path = embedded_model_path(Path(settings.data_dir) / "models")
        except EmbeddedModelError as exc:
            raise LLMUnavailable(str(exc)) from exc
    n_ctx = int(getattr(settings, "local_ctx", 4096) or 4096)
    threads = int(getattr(settings, "local_threads", 2) or 2)
    try:
        load_server(str(path), n_ctx, threads)  # load now so errors surface here, once per process
    except Exception as exc:
        raise LLMUnavailable(f"Das lokale Sprachmodell {path.name} konnte nicht geladen werden ({exc}).") from exc
    return LocalChatModel(model_path=str(path), n_ctx=n_ctx, n_threads=threads)


class LocalChatModel(BaseChatModel):
    """A GGUF model run in-process by xllamacpp (llama.cpp), as a LangChain chat model."""

    model_path: str
    n_ctx: int = 4096
    n_threads: int = 2
    max_tokens: int = 256  # answers are one to three sentences; bounds the worst-case wait
    temperature: float = 0.0

    @property
    def _llm_type(self) -> str:
        return "xllamacpp"

    def _request(self, messages: list[BaseMessage], stop: list[str] | None, stream: bool) -> dict:
        roles = {"system": "system", "human": "user", "ai": "assistant"}
        request: dict[str, Any] = {
            "messages": [{"role": roles.get(m.type, "user"), "content": _content(m)} for m in messages],
            "max_tokens": self.max_tokens,
            "temperature": self.temperature,
        }
        if stop:
            request["stop"] = stop
        if stream:
            request["stream"] = True
        return request

    def _generate(self, messages: list[BaseMessage], stop: list[str] | None = None,
                  run_manager: CallbackManagerForLLMRun | None = None, **kwargs: Any) -> ChatResult:
        server, lock = load_server(self.model_path, self.n_ctx, self.n_threads)
        with lock:
            result = server.handle_chat_completions(self._request(messages, stop, False))
        if not isinstance(result, dict) or "error" in result or not result.get("choices"):
            raise LLMUnavailable(f"Das lokale Sprachmodell hat einen Fehler gemeldet: {_error_text(result)}")
        text = result["choices"][0]["message"].get("content") or ""
        return ChatResult(generations=[ChatGeneration(message=AIMessage(content=text))])

    def _stream(self, messages: list[BaseMessage], stop: list[str] | None = None,
                run_manager: CallbackManagerForLLMRun | None = None, **kwargs: Any) -> Iterator[ChatGenerationChunk]:
        # xllamacpp streams through a callback inside a blocking call: run it in a thread
        # and hand the pieces over a queue, so callers get a normal generator.
        server, lock = load_server(self.model_path, self.n_ctx, self.n_threads)
        pieces: queue.Queue[tuple[str, Any]] = queue.Queue()

        def on_chunk(chunk: Any) -> None:
            if isinstance(chunk, dict) and "error" in chunk:
                pieces.put(("error", chunk))
                return
            for choice in (chunk or {}).get("choices", []) if isinstance(chunk, dict) else []:
                content = (choice.get("delta") or {}).get("content")
                if content:
                    pieces.put(("text", content))

        def run() -> None:
            try:
                with lock:
                    server.handle_chat_completions(self._request(messages, stop, True), on_chunk)
            except Exception as exc:  # handed to the consumer thread
                pieces.put(("error", exc))
            finally:
                pieces.put(("done", None))

        threading.Thread(target=run, daemon=True, name="amip-local-llm").start()
        while True:
            kind, value = pieces.get()
            if kind == "done":
                return
            if kind == "error":
                raise LLMUnavailable(f"Das lokale Sprachmodell hat einen Fehler gemeldet: {_error_text(value)}")
            chunk = ChatGenerationChunk(message=AIMessageChunk(content=value))
            if run_manager:
                run_manager.on_llm_new_token(value, chunk=chunk)
            yield chunk


def _content(message: BaseMessage) -> str:
    content = message.content
    if isinstance(content, str):
        return content
    return "".join(b.get("text", "") if isinstance(b, dict) else str(b) for b in content)


def _error_text(value: Any) -> str:
    if isinstance(value, dict) and isinstance(value.get("error"), dict):
        return str(value["error"].get("message", value["error"]))
    return str(value)


_servers: dict[tuple[str, int, int], tuple[Any, threading.Lock]] = {}
_servers_lock = threading.Lock()


def load_server(model_path: str, n_ctx: int, n_threads: int) -> tuple[Any, threading.Lock]:
    """The xllamacpp server for a model, loaded once per process (loading takes seconds)."""
    key = (model_path, n_ctx, n_threads)
    with _servers_lock:
        if key not in _servers:
            import xllamacpp

            params = xllamacpp.CommonParams()
            params.model.path = model_path
            params.n_ctx = n_ctx
            params.cpuparams.n_threads = n_threads
            params.cpuparams_batch.n_threads = n_threads
            params.warmup = False
            params.verbosity = -1  # llama.cpp logs every token timing to stderr otherwise
            _servers[key] = (xllamacpp.Server(params), threading.Lock())
        return _servers[key]


# -- servers ---------------------------------------------------------------------------------


def _probe(base: str, path: str, headers: dict[str, str] | None = None) -> tuple[int, bytes]:
    """HTTP GET of ``base + path`` with a short timeout: (status, body); LLMUnavailable if unreachable."""
    url = base + path
    request = urllib.request.Request(url, headers=headers or {})
    try:
        with urllib.request.urlopen(request, timeout=_PROBE_TIMEOUT) as response:  # noqa: S310 (user-configured URL)
            return response.status, response.read()
    except urllib.error.HTTPError as exc:
        return exc.code, b""
    except (urllib.error.URLError, OSError, ValueError) as exc:
        reason = getattr(exc, "reason", exc)
        raise LLMUnavailable(
            f"Der Modell-Server unter {base} ist nicht erreichbar ({reason}). "
            "Bitte prüfen, ob er läuft und AMIP_LLM_BASE_URL stimmt, oder AMIP_LLM=extractive wählen."
        ) from exc


def _ollama(settings: Any) -> BaseChatModel:
    base = (getattr(settings, "llm_base_url", "") or "http://localhost:11434").rstrip("/")
    model = getattr(settings, "llm_model", "") or DEFAULT_OLLAMA_MODEL
    status, body = _probe(base, "/api/tags")
    if status == 200:
        names = {m.get("name", "") for m in json.loads(body or b"{}").get("models", [])}
        if model not in names and f"{model}:latest" not in names:
            raise LLMUnavailable(
                f"Das Modell „{model}“ ist auf dem Ollama-Server {base} nicht vorhanden. "
                f"Bitte „ollama pull {model}“ ausführen oder AMIP_LLM_MODEL anpassen."
            )
    elif status >= 400:
        raise LLMUnavailable(f"Der Ollama-Server unter {base} antwortet mit Fehler {status}.")
    from langchain_ollama import ChatOllama

    timeout = float(getattr(settings, "request_timeout", 120.0))
    return ChatOllama(model=model, base_url=base, temperature=0, client_kwargs={"timeout": timeout})


def _openai(settings: Any) -> BaseChatModel:
    base = (getattr(settings, "llm_base_url", "") or "").rstrip("/")
    key = getattr(settings, "llm_api_key", "") or ""
    if not base and not key:
        raise LLMUnavailable(
            "Für „openai“ bitte die Adresse eines OpenAI-kompatiblen Servers (AMIP_LLM_BASE_URL) "
            "und bei Bedarf einen Schlüssel (AMIP_LLM_API_KEY) angeben."
        )
    base = base or "https://api.openai.com/v1"
    headers = {"Authorization": f"Bearer {key}"} if key else {}
    status, body = _probe(base, "/models", headers)
    if status in (401, 403):
        raise LLMUnavailable(f"Der Server {base} lehnt den API-Schlüssel ab (AMIP_LLM_API_KEY prüfen).")
    model = getattr(settings, "llm_model", "") or _first_model(body) or DEFAULT_OPENAI_MODEL
    from langchain_openai import ChatOpenAI

    return ChatOpenAI(model=model, base_url=base, api_key=key or "nicht-benoetigt", temperature=0,
                      timeout=float(getattr(settings, "request_timeout", 120.0)), max_retries=1)


def _first_model(body: bytes) -> str:
    """Servers like llama.cpp or LM Studio serve one model: use it when none is configured."""
    try:
        data = json.loads(body or b"{}").get("data", [])
        return data[0]["id"] if data else ""
    except (ValueError, KeyError, IndexError, TypeError, AttributeError):
        return ""


def as_unavailable(exc: BaseException) -> LLMUnavailable:
    """A German ``LLMUnavailable`` for an error raised while a model was generating."""
    if isinstance(exc, LLMUnavailable):
        return exc
    name, text = type(exc).__name__, str(exc)
    low = f"{name} {text}".lower()
    if "auth" in low or "401" in low:
        return LLMUnavailable("Der Modell-Server lehnt den API-Schlüssel ab (AMIP_LLM_API_KEY prüfen).")
    if "timeout" in low or "timed out" in low:
        return LLMUnavailable("Der Modell-Server hat nicht rechtzeitig geantwortet (AMIP_REQUEST_TIMEOUT erhöhen?).")
    if "not found" in low and "model" in low:
        return LLMUnavailable(f"Das Modell ist auf dem Server nicht vorhanden ({text}).")
    if "connect" in low or "refused" in low:
        return LLMUnavailable("Der Modell-Server ist nicht erreichbar. Bitte prüfen, ob er läuft.")
    return LLMUnavailable(f"Das Sprachmodell ist ausgefallen ({name}: {text}).")


# The backend registry: name -> factory(settings). "extractive" needs no model.
BACKENDS: dict[str, Callable[[Any], BaseChatModel | None]] = {
    "extractive": lambda settings: None,
    "local": _local,
    "ollama": _ollama,
    "openai": _openai,
}
