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


# -- units split once, the store read once (issue 18, item 1: code review) -----------------------


@pytest.fixture(scope="module")
def prose(tmp_path_factory: pytest.TempPathFactory) -> tuple[Assistant, list[str]]:
    """A generated AMIP (prose with reasons, lists, tables) and its own questions of every type."""
    from tests.amip_gen.generator import generated
    from tests.amip_gen.questions import page_text, questions_for

    doc = generated(1004)
    a = Assistant(load_settings(data_dir=tmp_path_factory.mktemp("prose") / "data"))
    a.ingest_bytes(doc.pdf, "gen-1004.pdf")
    picked: dict[str, str] = {}
    for item in questions_for(doc, page_text(doc.pdf)):
        picked.setdefault(item.type, item.question)
    assert {"reason", "yesno", "plan", "unanswerable"} <= set(picked)
    return a, list(picked.values())


def _count_splits(monkeypatch: pytest.MonkeyPatch) -> Counter:
    """Every module's ``chunk_units`` and ``split_units`` replaced by ones counting their texts."""
    import assistant.text.units as units

    seen: Counter = Counter()
    for name in ("chunk_units", "split_units"):
        original = getattr(units, name)

        def counting(text: str, *args, _original=original, _name=name, **kwargs):
            seen[(_name, text)] += 1
            return _original(text, *args, **kwargs)

        for module in list(sys.modules.values()):
            if getattr(module, name, None) is original:
                monkeypatch.setattr(module, name, counting)
    return seen


def _fake_model(text: str):
    from langchain_core.language_models.fake_chat_models import GenericFakeChatModel
    from langchain_core.messages import AIMessage

    return GenericFakeChatModel(messages=iter([AIMessage(content=text)]))


@pytest.mark.parametrize("backend", ["extractive", "local"])
def test_each_hit_text_is_split_into_units_once_per_ask(prose, monkeypatch: pytest.MonkeyPatch,
                                                        backend: str) -> None:
    """Relevance, evidence, rendering, the excerpts for a small model and the citation check
    read the units the ``AnswerContext`` prepared; none splits a hit's text again."""
    a, questions = prose
    split = 0
    for question in questions:
        a.ask(question, backend="extractive")  # indexes built
        # A model that cites a passage: its answer goes through the citation and support checks.
        monkeypatch.setitem(a._chat_models, "local", _fake_model("Laut Quelle gilt das so [S1]."))
        seen = _count_splits(monkeypatch)
        assert a.ask(question, backend=backend).text
        split += len(seen)
        again = [(name, text[:40], n) for (name, text), n in seen.items() if n > 1]
        assert not again, (question, again)
        monkeypatch.undo()
    assert split  # the hits were split at all (else this test could not fail)


@pytest.mark.parametrize("backend", ["extractive", "local"])
def test_each_passage_and_unit_is_tokenized_once_per_ask(prose, monkeypatch: pytest.MonkeyPatch,
                                                         backend: str) -> None:
    """Relevance weighs, scoring ranks and the citation check compares the same passages and
    units many times per ask; each text's stems are computed once."""
    from assistant.answering.relevance import stems_of

    a, questions = prose
    for question in questions:
        a.ask(question, backend="extractive")  # indexes built
        found = a.retriever.context(a.analyse(question), 6)
        texts = {text for h in found.hits for text in (h.chunk.text, *found.units.texts(h.chunk))}
        monkeypatch.setitem(a._chat_models, "local", _fake_model("Laut Quelle gilt das so [S1]."))
        stems_of.cache_clear()  # as for a question about passages never read before
        seen = _count_tokenizer_calls(monkeypatch)
        a.ask(question, backend=backend)
        again = [(text[:40], n) for text, n in seen.items() if text in texts and n > 1]
        assert not again, (question, again)
        monkeypatch.undo()


class _CountingStore:
    """Counts the reads of ``store`` by method, also those the store makes of itself."""

    READS = ("documents", "get_document", "tables", "page_texts", "printed_pages", "all_chunks",
             "chunks_by_id", "query", "state_token")

    def __init__(self, store, monkeypatch: pytest.MonkeyPatch) -> None:
        self.calls: Counter = Counter()
        self._inside: list[str] = []
        for name in self.READS:
            monkeypatch.setattr(store, name, self._counting(name, getattr(store, name)))

    def _counting(self, name: str, method):
        def counted(*args, **kwargs):
            # A read made inside another (``query`` lists the committed ingests) is the store's own.
            self.calls[f"{self._inside[-1]}>{name}" if self._inside else name] += 1
            self._inside.append(name)
            try:
                return method(*args, **kwargs)
            finally:
                self._inside.pop()
        return counted


def test_one_ask_reads_the_document_list_once_and_a_documents_tables_once_per_version(
        prose, monkeypatch: pytest.MonkeyPatch) -> None:
    a, questions = prose
    doc_id = a.documents()[0]["doc_id"]
    a.ask(questions[0], backend="extractive")  # indexes built, tables of this version read
    for question in questions:
        counter = _CountingStore(a.store, monkeypatch)
        a.ask(question, backend="extractive")
        a.ask(question, doc_id=doc_id[:12], backend="extractive")  # the document chosen by a prefix
        own = {k: n for k, n in counter.calls.items() if ">" not in k}
        # Two asks: the document list once each, one vector query each; no chunks, tables or pages.
        assert own == {"documents": 2, "query": 2}, (question, counter.calls)
        assert counter.calls["query>documents"] == 0  # the vector query gets the ask's list too
        monkeypatch.undo()


def test_tables_are_read_again_for_a_new_version_of_the_document(tmp_path: Path,
                                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    a = Assistant(load_settings(data_dir=tmp_path / "data"))
    data = pdf_factory.table_pdf()
    first = a.ingest_bytes(data, "eintritte.pdf").doc_id
    a.ask(QUESTIONS[0], backend="extractive")
    counter = _CountingStore(a.store, monkeypatch)
    a.ask(QUESTIONS[0], backend="extractive")
    assert counter.calls["tables"] == 0  # this version's tables are known
    monkeypatch.undo()
    a.remove(first)
    a.ingest_bytes(data, "eintritte.pdf")  # the same file again: same doc_id, a new ingest
    counter = _CountingStore(a.store, monkeypatch)
    answer = a.ask(QUESTIONS[0], backend="extractive")
    assert counter.calls["tables"] == 1
    assert answer.answered and answer.citations  # answered from the new version's table
