"""The question is analysed once per ask; answering gets data from retrieval, never a
callback into it; a chat model is made once per backend (issue 18, item 1)."""

from __future__ import annotations

import ast
import sys
from collections import Counter
from pathlib import Path

import pytest

import assistant.text.tokens as tokens
from assistant.service import Assistant
from assistant.settings import load_settings
from tests import pdf_factory

QUESTIONS = ("Wie viele Eintritte in Arbeitsgelegenheiten sind für 2024 geplant?",
             "Welche Instrumente werden 2024 gekürzt?",
             "Gibt es Angaben zu Alleinerziehenden im Ilm-Kreis?")


@pytest.fixture(scope="module")
def assistant(tmp_path_factory: pytest.TempPathFactory) -> Assistant:
    root = tmp_path_factory.mktemp("query")
    a = Assistant(load_settings(data_dir=root / "data"))
    plan = pdf_factory.write_pdf(root / "eintritte.pdf", pdf_factory.table_pdf())
    reports, errors = a.ingest_paths([Path(plan)])
    assert not errors and reports
    return a


def _count_tokenizer_calls(monkeypatch: pytest.MonkeyPatch) -> Counter:
    """Every module's ``tokenize`` replaced by one that counts the texts it is given."""
    seen: Counter = Counter()
    original = tokens.tokenize

    def counting(text: str, *args, **kwargs):
        seen[text] += 1
        return original(text, *args, **kwargs)

    for module in list(sys.modules.values()):
        if getattr(module, "tokenize", None) is original:
            monkeypatch.setattr(module, "tokenize", counting)
    return seen


@pytest.mark.parametrize("question", QUESTIONS)
def test_the_question_is_tokenized_once_per_ask(assistant: Assistant, monkeypatch: pytest.MonkeyPatch,
                                                question: str) -> None:
    assistant.ask(question, backend="extractive")  # indexes built, models loaded
    seen = _count_tokenizer_calls(monkeypatch)
    answer = assistant.ask(question, backend="extractive")
    assert answer.text
    assert seen[question] == 1, seen.most_common(5)


def test_answering_never_imports_the_retriever() -> None:
    """Answering reads the ``AnswerContext`` data type; it has no way to call retrieval."""
    package = Path(__file__).resolve().parents[2] / "assistant" / "answering"
    for path in package.glob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        modules = [n.module or "" for n in ast.walk(tree) if isinstance(n, ast.ImportFrom)]
        retrieval = [m for m in modules if m.startswith("assistant.retrieval")]
        assert set(retrieval) <= {"assistant.retrieval.context"}, (path.name, retrieval)


def test_a_chat_model_is_made_once_per_backend(assistant: Assistant, monkeypatch: pytest.MonkeyPatch) -> None:
    made: list[str] = []
    import assistant.llm as llm

    monkeypatch.setattr(assistant, "_chat_models", {})
    monkeypatch.setattr(llm, "make_chat_model", lambda settings, backend: made.append(backend))
    for _ in range(3):
        assistant.ask(QUESTIONS[0], backend="extractive")
    assert made == ["extractive"]
