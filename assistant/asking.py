"""The ask path behind ``Assistant``: the document asked about, the question read once,
retrieval's ``AnswerContext`` and the answer, and the evaluation that runs the same path.

One ask reads the workspace's document list once and hands it on: the question's analysis
(which file names it mentions), the choice of document and retrieval (whether the keyword
index is current, which document's tables) all use that one list.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from assistant.types import Answer, Hit
from ingest.types import IngestError

if TYPE_CHECKING:
    from assistant.answering.question import Question
    from assistant.retrieval.context import AnswerContext
    from assistant.service import Assistant

TokenCallback = Callable[[str], None]


def check_question(question: str, limit: int) -> None:
    """German error for a question beyond ``limit`` characters (a 117 KB question took 29 s)."""
    if len(question) > limit:
        raise IngestError(f"Die Frage ist zu lang ({len(question):,} Zeichen); erlaubt sind höchstens "
                          f"{limit:,} Zeichen (Einstellung AMIP_MAX_QUESTION_CHARS).".replace(",", "."))


def resolve_doc_id(doc_id: str, docs: list[dict]) -> str:
    """The one document of ``docs`` whose id starts with ``doc_id`` (as shown in ``amip docs``)."""
    matches = [d["doc_id"] for d in docs if d["doc_id"].startswith(doc_id)]
    if len(matches) == 1:
        return matches[0]
    if not matches:
        raise IngestError(f"Kein Dokument mit der Kennung „{doc_id}“ in diesem Arbeitsbereich.")
    raise IngestError(f"Die Kennung „{doc_id}“ ist nicht eindeutig; bitte mehr Zeichen angeben.")


def single_doc_id(doc_id: str | None, docs: list[dict]) -> str:
    """The chosen document, or the only one; a German error when the choice is ambiguous."""
    if doc_id:
        return resolve_doc_id(doc_id, docs)
    if len(docs) == 1:
        return docs[0]["doc_id"]
    if not docs:
        raise IngestError("Es ist noch kein Dokument aufgenommen.")
    names = ", ".join(f"{d['doc_id'][:12]} ({d['filename']})" for d in docs)
    raise IngestError(f"Bitte ein Dokument wählen (--doc): {names}")


def named_document(q: Question, docs: list[dict]) -> str | None:
    """The one document the question names by its file name ("… in Kaiserslautern?")."""
    named = [d["doc_id"] for d in docs if d["filename"] in q.named_files]
    return named[0] if len(named) == 1 else None


def analyse(a: Assistant, question: str, docs: list[dict]) -> Question:
    """The question read once, with how common its words are in this workspace and which
    of its documents it names."""
    from assistant.answering.question import analyse as analyse_text

    return analyse_text(question, share=a.retriever.keyword.current(docs).share,
                        filenames=[d["filename"] for d in docs])


def context(a: Assistant, question: str, k: int, doc_id: str | None, docs: list[dict]) -> AnswerContext:
    """What answering needs for ``question``: analysed once, retrieved once."""
    return a.retriever.context(analyse(a, question, docs), k, doc_id, docs)


def ask(a: Assistant, question: str, doc_id: str | None, backend: str | None,
        on_token: TokenCallback | None, k: int) -> Answer:
    """Answer ``question`` from the document ``doc_id`` (a prefix), the one it names, or all."""
    from assistant.answering import answer_question

    check_question(question, a.settings.max_question_chars)
    backend = backend or a.settings.effective_llm
    docs = a.documents()  # read once: analysis, document choice and retrieval share it
    q = analyse(a, question, docs)
    doc = resolve_doc_id(doc_id, docs) if doc_id else named_document(q, docs)
    found = a.retriever.context(q, k=k, doc_id=doc, docs=docs)
    return answer_question(q, found, a.chat_model(backend), backend, on_token=on_token)


def search(a: Assistant, query: str, k: int, doc_id: str | None) -> list[Hit]:
    check_question(query, a.settings.max_question_chars)
    doc = resolve_doc_id(doc_id, a.documents()) if doc_id else None
    return a.retriever.search(query, k=k, doc_id=doc)


def ablation(a: Assistant, gold_paths: list[Path], fit: bool = False) -> dict:
    """``amip eval --ablate``/``--fit``: accuracy per switched-off rule, or fitted weights."""
    from assistant.evaluation.ablation import ablate, collect
    from assistant.evaluation.ablation import fit as fit_weights

    docs = a.documents()
    cases = collect(gold_paths, lambda q: context(a, q, 6, None, docs))
    return fit_weights(cases) if fit else ablate(cases)


def evaluate(a: Assistant, gold_path: Path | list[Path], backend: str | None = None) -> dict:
    """``amip eval``: every gold question through the same path as ``ask``."""
    from assistant.answering import answer_question
    from assistant.evaluation import evaluate as evaluate_answers

    backend = backend or a.settings.effective_llm
    model = a.chat_model(backend)
    docs = a.documents()
    doc_ids = {d["filename"]: d["doc_id"] for d in docs}
    return evaluate_answers(gold_path, _Contexts(lambda q, k, doc_id: context(a, q, k, doc_id, docs)),
                            lambda _, found: answer_question(found.query, found, model, backend),
                            doc_ids=doc_ids, backend=backend)


class _Contexts:
    """``search(question, k, doc_id)`` giving an ``AnswerContext``, for ``evaluate``."""

    def __init__(self, make: Callable[[str, int, str | None], AnswerContext]) -> None:
        self.make = make

    def search(self, question: str, k: int = 8, doc_id: str | None = None) -> AnswerContext:
        return self.make(question, k, doc_id)
