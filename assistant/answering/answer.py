"""Answering a question from retrieved passages: extractive or with a LangChain chat model.

Either way the result goes through the citation check, so every ``Answer`` carries only
markers that name passages the model was shown, exact quotes, and ``verified=False`` where
a figure is not in its source. Document text is data, never instructions: passages are
fenced and stripped of anything that looks like a marker or a fence before a model sees them.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from assistant.answering.agreement import disagreement, echoes
from assistant.answering.answerability import answerable
from assistant.answering.citations import CheckedAnswer, check_citations, supported
from assistant.answering.evidence import Evidence
from assistant.answering.extractive import best_evidence, focused_passages, neutralise, prepare, quote
from assistant.answering.places import not_found_text as place_not_found_text
from assistant.answering.question import Question, analyse
from assistant.answering.relevance import question_terms, subject_of
from assistant.answering.scoring import DEFAULT_WEIGHTS, Weights
from assistant.answering.table_answers import answer_from_tables
from assistant.llm.prompts import load_prompt
from assistant.retrieval.context import AnswerContext, ChunkUnits
from assistant.types import Answer, Hit
from ingest.types import Chunk

NOT_FOUND = "Dazu enthalten die Dokumente keine Angaben."
UNVERIFIED_NOTE = (
    "Hinweis: Nicht alle Zahlen dieser Antwort stehen in der zitierten Quelle – "
    "bitte im Dokument nachprüfen."
)
REJECTED_NOTE = (
    "Hinweis: Die Formulierung des Sprachmodells war durch die Quellen nicht gedeckt; "
    "stattdessen stehen hier die belegten Textstellen."
)
UNCITED_NOTE = "Hinweis: Diese Antwort enthält keine belegte Quellenangabe – bitte im Dokument nachprüfen."
_FOCUSED = {"local"}  # backends that get excerpts instead of whole passages
_DEFAULT_CONTEXT_CHARS = 12000
_MIN_COVERAGE = 0.3  # share of the question's weighted terms a passage must contain

TokenCallback = Callable[[str], None]
# Small models sometimes echo the passage fences ("[ENDE S1] >>>QUELLE S1 | a.pdf | Seite 5<<<").
_ECHOED_FENCE = re.compile(r"<{2,}[^<>\n]*>{2,}|>{2,}[^<>\n]*<{2,}|\[?\s*(?:ENDE|QUELLE) S\d+\b[^\]\n]*\]?")


def answer_question(
    question: str | Question,
    context: AnswerContext | list[Hit],
    chat_model: Any | None,
    backend: str,
    on_token: TokenCallback | None = None,
    max_context_chars: int | None = None,
    weights: Weights = DEFAULT_WEIGHTS,
) -> Answer:
    """Answer ``question`` from what retrieval prepared (``AnswerContext``, or bare hits);
    tokens are streamed to ``on_token`` as they come.

    A question about a place no document mentions is answered with "keine Angaben" right
    away; a question about a table row and a period is answered from its cell by code,
    whatever the backend; otherwise the best unit decides whether there is an answer at all
    (``answerable``) before any model is asked.
    """
    ctx = context if isinstance(context, AnswerContext) else AnswerContext(list(context))
    hits, units = ctx.hits, ctx.units
    q = analyse(question, filenames=[h.chunk.filename for h in hits]) if isinstance(question, str) else question
    if ctx.unknown_places and weights.enabled("place_check"):
        return _not_found(q.text, backend, on_token, place_not_found_text(ctx.unknown_places[0]))
    if _restricted_to_unknown(q, ctx.unknown_nouns) and weights.enabled("answerability"):
        return _not_found(q.text, backend, on_token)
    from_table = answer_from_tables(q, ctx.tables)
    if from_table is not None and not from_table.refused:
        if on_token:
            on_token(from_table.text)
        return Answer(q.text, from_table.text, True, "extractive", list(from_table.citations))
    relevant = relevant_hits(q, hits, weights, units)
    if not relevant:
        return _not_found(q.text, backend, on_token)
    if weights.enabled("list_units"):
        relevant = with_continuations(relevant, ctx.following)
    prepared = prepare(q, relevant, weights, units)
    best = best_evidence(prepared, weights)
    # No unit supports the question, or the best one does not answer it: no model can fix that.
    if best is None or not answerable(q, best, best.kind == "row", from_table is not None):
        return _not_found(q.text, backend, on_token)
    extract = quote(best, relevant, units)
    if chat_model is None:
        checked = check_citations(extract, relevant, q, units=units)
        if on_token:
            on_token(checked.text)
        return Answer(q.text, checked.text, True, backend, checked.citations)

    if backend in _FOCUSED:
        # A small model reads a few relevant sentences far better (and faster) than whole chunks.
        focused = focused_passages(prepared, weights=weights)
        shown = [relevant[i] for i, _ in focused] or relevant[:1]
        excerpts: list[str] | None = ["\n".join(lines) for _, lines in focused] or None
    else:
        shown = _fit(relevant, max_context_chars or _DEFAULT_CONTEXT_CHARS)
        excerpts = None
    raw = _generate(chat_model, build_messages(q.text, shown, excerpts), on_token)
    checked = check_citations(_ECHOED_FENCE.sub("", raw), shown, q, auto_cite=True, units=units)
    refused = not checked.citations and _says_not_found(checked.text)
    if refused and not weights.enabled("verify_generated"):
        return Answer(q.text, NOT_FOUND, False, backend, [])
    if weights.enabled("verify_generated") and (refused or _rejected(checked, shown, q, best, backend)):
        # The model proposes, the text decides: a proposal the cited passages do not carry
        # is not shown; the extractive answer (built from the same passages) is.
        fallback = check_citations(extract, relevant, q, units=units)
        text = f"{fallback.text}\n\n{REJECTED_NOTE}"
        # What the model wrote is kept (not shown), also when nothing of it survived the check.
        return Answer(q.text, text, True, "extractive", fallback.citations, rejected=checked.text or raw.strip())
    text = checked.text or NOT_FOUND
    if checked.unverified:
        text += "\n\n" + UNVERIFIED_NOTE
    elif not checked.citations:
        text += "\n\n" + UNCITED_NOTE
    return Answer(q.text, text, bool(checked.text), backend, checked.citations)


def relevant_hits(question: str | Question, hits: list[Hit], weights: Weights = DEFAULT_WEIGHTS,
                  units: ChunkUnits | None = None) -> list[Hit]:
    """Hits that share enough of the question's (weighted, stemmed) content words; when the
    question names one of the documents ("in Kaiserslautern", "2025"), only that one's
    (``units``: the hits' units, split once for the ask)."""
    q = analyse(question, filenames=[h.chunk.filename for h in hits]) if isinstance(question, str) else question
    if weights.enabled("named_document"):
        hits = _of_named_documents(q, hits)
    if not hits:
        return []
    units = units if units is not None else ChunkUnits()
    sentences = [text for h in hits for text in units.texts(h.chunk)]
    terms = question_terms(q, sentences, subject=subject_of(h.chunk.filename for h in hits))
    if not terms.weights:
        return []
    # The section title counts: a table chunk often names its topic only there.
    texts = [f"{h.chunk.section}\n{h.chunk.text}" for h in hits]
    return [h for h, t in zip(hits, texts) if terms.coverage(t) >= _MIN_COVERAGE and terms.specific_hits(t)]


def with_continuations(hits: list[Hit], following: dict[str, tuple[Chunk, ...]]) -> list[Hit]:
    """``hits`` plus the chunks after any hit that ends with a list intro (":")."""
    have = {h.chunk.chunk_id for h in hits}
    extra: list[Hit] = []
    for hit in hits:
        for chunk in following.get(hit.chunk.chunk_id, ()):
            if chunk.chunk_id not in have:
                have.add(chunk.chunk_id)
                extra.append(Hit(chunk, 0.0))
    return hits + extra


# -- chat models -----------------------------------------------------------------------------


def build_context(hits: list[Hit], excerpts: list[str] | None = None) -> str:
    """Passages ``S1..Sn`` fenced and neutralised; ``excerpts`` replace the full chunk texts."""
    blocks = []
    for i, hit in enumerate(hits, start=1):
        c = hit.chunk
        pages = f"Seite {c.page_start}" if c.page_start == c.page_end else f"Seiten {c.page_start}–{c.page_end}"
        name = neutralise(c.filename or "Dokument")
        body = excerpts[i - 1] if excerpts else neutralise(c.text.strip())
        blocks.append(f"<<<QUELLE S{i} | {name} | {pages}>>>\n{body}\n<<<ENDE S{i}>>>")
    return "\n\n".join(blocks)


def build_messages(question: str, hits: list[Hit], excerpts: list[str] | None = None) -> list[Any]:
    from langchain_core.messages import HumanMessage, SystemMessage

    system = load_prompt("answer_system").render()
    context = build_context(hits, excerpts)
    user = load_prompt("answer_user").render(question=question.strip(), context=context)
    return [SystemMessage(content=system), HumanMessage(content=user)]


def _fit(hits: list[Hit], budget: int) -> list[Hit]:
    """The first passages that fit the context budget (at least one)."""
    shown, used = [], 0
    for hit in hits:
        size = len(hit.chunk.text) + 80
        if shown and used + size > budget:
            break
        shown.append(hit)
        used += size
    return shown


def _generate(chat_model: Any, messages: list[Any], on_token: TokenCallback | None) -> str:
    from assistant.llm import as_unavailable

    try:
        if on_token is None:
            return _text(chat_model.invoke(messages).content)
        parts: list[str] = []
        for chunk in chat_model.stream(messages):
            piece = _text(chunk.content)
            if piece:
                parts.append(piece)
                on_token(piece)
        return "".join(parts)
    except Exception as exc:  # connection refused, model missing, timeouts: all German
        raise as_unavailable(exc) from exc


def _text(content: Any) -> str:
    if isinstance(content, str):
        return content
    if isinstance(content, list):  # content blocks
        return "".join(b.get("text", "") if isinstance(b, dict) else str(b) for b in content)
    return str(content or "")


def _says_not_found(text: str) -> bool:
    return bool(re.search(
        r"keine (?:Angaben|Informationen|Hinweise|Quelle)|nicht (?:enthalten|beantwort|genannt|erwähnt|angegeben)",
        text, re.IGNORECASE,
    ))


def _rejected(checked: CheckedAnswer, shown: list[Hit], question: Question, best: Evidence, backend: str) -> bool:
    """A generated answer that its passages do not carry, that only restates the question, or
    (small models) that disagrees with the unit code found best."""
    if echoes(checked.text, question) or not supported(checked, shown):
        return True
    return backend in _FOCUSED and disagreement(checked.text, best, question) is not None


def _not_found(question: str, backend: str, on_token: TokenCallback | None, text: str = NOT_FOUND) -> Answer:
    if on_token:
        on_token(text)
    return Answer(question, text, False, backend, [])


def _restricted_to_unknown(q: Question, unknown: tuple[str, ...]) -> bool:
    """A figure asked for something no document names ("… in der Poststelle?"): what is
    counted may be worded differently, but a restriction the documents never mention cannot
    be answered by any figure they print."""
    return q.kind == "number" and any(stem not in q.counted for stem in unknown)


def _of_named_documents(question: Question, hits: list[Hit]) -> list[Hit]:
    """The hits from the documents the question names by a word of their file name, if any."""
    named = [h for h in hits if h.chunk.filename in question.named_files]
    return named if named else hits
