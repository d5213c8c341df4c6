from pathlib import Path

import pytest

from assistant.errors import AmipError, user_message
from assistant.evaluation import GoldError
from assistant.llm import LLMUnavailable
from assistant.llm.backends import BACKENDS, make_chat_model, register_backend
from assistant.llm.model_files import EmbeddedModelError
from assistant.llm.prompts import PromptError
from ingest.store import StoreError
from ingest.types import IngestError


@pytest.mark.parametrize("error", [IngestError, StoreError, LLMUnavailable, EmbeddedModelError, PromptError, GoldError])
def test_every_german_error_is_an_amip_error_and_shown_as_written(error: type[Exception]) -> None:
    exc = error("Die Datei ist beschädigt.")
    assert isinstance(exc, AmipError)
    assert user_message(exc) == "Die Datei ist beschädigt."


def test_a_missing_gold_file_is_reported_in_german(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from assistant.cli import main

    code = main(["eval", str(tmp_path / "fehlt.jsonl"), "--data-dir", str(tmp_path / "data")])
    err = capsys.readouterr().err
    assert code != 0 and "Gold-Datei" in err and "Unerwarteter Fehler" not in err


def test_backends_come_from_a_registry(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(BACKENDS, "probe", lambda settings: "ein Modell")
    assert make_chat_model(object(), "probe") == "ein Modell"
    assert make_chat_model(object(), "extractive") is None
    with pytest.raises(LLMUnavailable, match="probe"):  # the German message lists what is allowed
        make_chat_model(object(), "gibt-es-nicht")
    register_backend("zweites", lambda settings: None)
    assert "zweites" in BACKENDS
    BACKENDS.pop("zweites")
