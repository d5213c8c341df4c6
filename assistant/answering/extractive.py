"""The ``extractive`` backend: an answer made of the best evidence units, each cited.

No model, so it is instant and cannot invent anything. Units come from ``evidence.py``
(lists with their items, claims with their reason, table rows with their columns), are
scored by ``scoring.py`` for the analysed question, and the best one is quoted (a second
"complementing" unit was tried and measured: it changed no dev answer, only added citations).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np

from assistant.answering.evidence import Evidence, build_evidence, unit_spans
from assistant.answering.question import Question, analyse
from assistant.answering.relevance import QuestionTerms, question_terms, subject_of
from assistant.answering.scoring import DEFAULT_WEIGHTS, Weights, feature_matrix, scores
from assistant.domain.instruments import find_mentions
from assistant.retrieval.context import ChunkUnits
from assistant.text.units import BULLET
from assistant.types import Hit

# A small model copies every excerpt it is shown into its answer. Only units within 70 % of
# the best (dev set, local model): citation precision 0.79 -> 0.96, answer 5.0 -> 3.5 s, at 0.5.
_FOCUS_SHARE = 0.7


@dataclass
class Candidate:
    parts: tuple[tuple[int, int], ...]  # (hit position, unit position), in reading order
    score: float
    text: str


@dataclass
class Prepared:
    """Evidence units of the hits with their feature rows: computed once per question, so
    scoring under many weight settings (fitting, ablation) costs a matrix product each."""

    question: Question
    hits: list[Hit]
    terms: QuestionTerms
    evidence: list[Evidence]
    matrix: np.ndarray
    units: ChunkUnits  # the hits' units, split once for the ask


def prepare(question: Question | str, hits: list[Hit], weights: Weights = DEFAULT_WEIGHTS,
            units: ChunkUnits | None = None) -> Prepared:
    """Evidence and features of ``hits`` for ``question`` (``units``: the ask's split texts)."""
    q = analyse(question) if isinstance(question, str) else question
    units = units if units is not None else ChunkUnits()
    texts = [text for h in hits for text in units.texts(h.chunk)]
    terms = question_terms(q, texts, subject=subject_of(h.chunk.filename for h in hits))
    evidence = build_evidence(hits, weights.enabled, units) if terms.weights else []
    return Prepared(q, hits, terms, evidence, feature_matrix(q, terms, hits, evidence), units)


def ranked(prepared: Prepared, weights: Weights = DEFAULT_WEIGHTS) -> list[Candidate]:
    """Evidence units best first (ties keep reading order)."""
    values = scores(prepared.matrix, weights)
    order = sorted(range(len(values)), key=lambda i: -values[i])
    return [Candidate(prepared.evidence[i].parts, float(values[i]), prepared.evidence[i].context) for i in order]


def extractive_answer(question: Question | str, hits: list[Hit], weights: Weights = DEFAULT_WEIGHTS) -> str:
    """Answer text with ``[Sn]`` markers (``Sn`` = ``hits[n-1]``); "" if no unit supports the question."""
    return answer_from(prepare(question, hits, weights), weights)


def answer_from(prepared: Prepared, weights: Weights = DEFAULT_WEIGHTS) -> str:
    best = best_evidence(prepared, weights)
    return quote(best, prepared.hits, prepared.units) if best else ""


_JOINED = ("reason", "pair", "section")  # units read as one passage, not as a list


def quote(evidence: Evidence, hits: list[Hit], units: ChunkUnits | None = None) -> str:
    """One evidence unit as answer text with its ``[Sn]`` markers: a claim with its reason, a
    sentence with the one it refers to, or a heading with its content as one passage."""
    units = units if units is not None else ChunkUnits()
    ranks = {rank for rank, _ in evidence.parts}
    if evidence.kind in _JOINED and len(ranks) == 1:
        rank = ranks.pop()
        spans = units.of(hits[rank].chunk)
        texts = [display_unit(hits[rank], *spans[pos]) for _, pos in evidence.parts]
        if evidence.kind == "section":  # "6.3 Alleinerziehende: Für Alleinerziehende plant …"
            body = f"{texts[0].rstrip(' :')}: {' '.join(texts[1:])}"
        else:
            body = " ".join(texts)
        return f"{body} [S{rank + 1}]"
    if evidence.kind == "list" and evidence.items:
        return _list_text(evidence, hits, units)
    return render([Candidate(evidence.parts, 0.0, evidence.context)], hits, units)


def _list_text(evidence: Evidence, hits: list[Hit], units: ChunkUnits) -> str:
    """The intro as a sentence, then one bullet per item, each with its own source marker."""
    spans = unit_spans(hits, units)
    lead_count = len(evidence.parts) - len(evidence.items)

    def line(part: tuple[int, int]) -> str:
        rank, pos = part
        return f"{display_unit(hits[rank], *spans[rank][pos])} [S{rank + 1}]"

    def item(part: tuple[int, int]) -> str:  # "die Schuldnerberatung, und" → "die Schuldnerberatung"
        rank, pos = part
        text = _ITEM_END.sub("", display_unit(hits[rank], *spans[rank][pos]))
        return f"{text} [S{rank + 1}]"

    lead = " ".join(line(p) for p in evidence.parts[:lead_count])
    items = list(dict.fromkeys(item(p) for p in evidence.parts[lead_count:]))
    return "\n".join([lead, *(f"- {item}" for item in items)] if lead else [f"- {i}" for i in items])


def best_evidence(prepared: Prepared, weights: Weights = DEFAULT_WEIGHTS) -> Evidence | None:
    """The unit that answers the question, or None when none supports it (answerability)."""
    values = scores(prepared.matrix, weights)
    if not len(values):
        return None
    if weights.enabled("row_topic"):
        foreign = [i for i, ev in enumerate(prepared.evidence) if _other_instruments_row(prepared.question, ev)]
        values = values.copy()
        values[foreign] = -np.inf
    best = int(np.argmax(values))  # the first of equal maxima: reading order breaks ties
    floor = weights.floor if weights.enabled("answerability") else 0.0
    return prepared.evidence[best] if values[best] >= floor else None


def _other_instruments_row(question: Question, evidence: Evidence) -> bool:
    """A table row of an instrument does not answer a question in words that names no
    instrument: "Werden auch junge Menschen besonders betreut?" is not answered by the row
    "Freie Förderung für junge Menschen … — Plan 2022: 105" (a figure question is, and
    table answers read rows by their own rules)."""
    if evidence.kind != "row" or question.kind == "number" or question.instruments:
        return False
    label = evidence.own.split(" — ", 1)[0]
    return bool(find_mentions(label, ("instrument",)))


def focused_passages(prepared: Prepared, max_units: int = 6,
                     weights: Weights = DEFAULT_WEIGHTS) -> list[tuple[int, list[str]]]:
    """The best units per hit, for a small model's short context: ``[(hit index, [text])]``.

    Table rows come readable with their header; hits in retrieval order, units in reading order.
    """
    hits = prepared.hits
    candidates = ranked(prepared, weights)
    picked: set[tuple[int, int]] = set()
    # Distractors cost a small model accuracy, correct citations and prefill time.
    floor = max(weights.floor, _FOCUS_SHARE * candidates[0].score) if candidates else weights.floor
    for candidate in candidates:
        if len(picked) >= max_units or candidate.score < floor:
            break
        picked.update(candidate.parts)
    spans = unit_spans(hits, prepared.units)
    out = []
    for rank, hit in enumerate(hits):
        positions = sorted(p for r, p in picked if r == rank)
        if positions:
            out.append((rank, [display_unit(hit, *spans[rank][p]) for p in positions]))
    return out


def render(chosen: list[Candidate], hits: list[Hit], units: ChunkUnits | None = None) -> str:
    spans = unit_spans(hits, units)
    lines: list[str] = []
    shown: set[str] = set()
    for candidate in chosen:
        for rank, pos in candidate.parts:
            s, e = spans[rank][pos]
            text = display_unit(hits[rank], s, e)
            if text in shown:  # the same sentence from two chunks (overlap) is shown once
                continue
            shown.add(text)
            lines.append(f"{text} [S{rank + 1}]")
    if len(lines) == 1:
        return lines[0]
    return "Laut den Unterlagen:\n" + "\n".join(f"- {line}" for line in lines)


_ITEM_END = re.compile(r"(?:[,;]|\s+(?:und|oder|sowie))+\s*$")
_EMPTY_HEADER = re.compile(r"([—;])\s*:\s*")


def display_unit(hit: Hit, s: int, e: int) -> str:
    """One unit as answer text: whitespace collapsed, markers neutralised; a row of the table
    model names its columns itself and gets its caption."""
    chunk_text = hit.chunk.text
    raw = chunk_text[s:e].strip()
    if hit.chunk.table_id and raw != hit.chunk.section.strip():
        # Caption without its final stop, so the source marker stays with the row; a column
        # without a header leaves no "— : 350" behind.
        row = _EMPTY_HEADER.sub(r"\1 ", " ".join(raw.split()))
        return neutralise(f"{row} ({hit.chunk.section.strip().rstrip(' .:;')})")
    text = BULLET.sub("", raw, count=1)
    text = " ".join(text.split())
    return neutralise(text)


# Control tokens of common chat templates (ChatML, Llama, Gemma, Mistral): in a document they
# could end the user turn and open a fake system turn.
_CHAT_TOKENS = re.compile(r"<\|[^|<>]{1,40}\|>|</?s>|<(?:start|end)_of_turn>|\[/?INST\]|<</?SYS>>", re.IGNORECASE)


def neutralise(text: str) -> str:
    """Document text cannot create markers, close a fence or inject chat-template tokens."""
    text = _CHAT_TOKENS.sub(" ", text)
    text = text.replace("[", "(").replace("]", ")")
    return re.sub(r"<{2,}|>{2,}", lambda m: m.group(0)[0], text)
