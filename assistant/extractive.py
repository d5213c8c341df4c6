"""The ``extractive`` backend: an answer made of the best matching sentences, each cited.

No model, so it is instant and cannot invent anything; the work is in choosing text that
a reader understands without the page in front of them:
- a table row is shown with its column header ("FbW: 56 | 37 (Spalten: Ist 2023 | Plan 2024)");
- a sentence that introduces a list ("… wurden vereinbart:") comes with its items, also
  when the items start the next chunk;
- a sentence that refers back ("Daher sollte dieses Instrument …") comes with the one before.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from assistant.numbers import number_values
from assistant.relevance import QuestionTerms, is_quantity_question, question_terms
from assistant.types import Hit
from assistant.units import BULLET, is_table_row, split_units, table_header, unit_text_with_context

_ANAPHORA = re.compile(
    r"^(?:Daher|Deshalb|Deswegen|Dies|Diese[rsmn]?|Damit|Dabei|Dadurch|Dazu|Hierbei|Hierfür|Hierzu|"
    r"Somit|Zudem|Außerdem|Ebenso|Das entspricht)\b"
)
_SECTION_NUMBER = re.compile(r"^\s*\d+(?:\.\d+)*\.?\s+(?=[A-ZÄÖÜ])", re.MULTILINE)  # "3.3 Verwendung"
_MAX_ITEMS = 6
_MIN_SCORE = 0.2


@dataclass
class _Candidate:
    parts: list[tuple[int, int]]  # (hit position, unit position), in reading order
    score: float
    text: str


def extractive_answer(question: str, hits: list[Hit]) -> str:
    """Answer text with ``[Sn]`` markers (``Sn`` = ``hits[n-1]``); "" if nothing fits."""
    units = [split_units(h.chunk.text) for h in hits]
    candidates, terms = _ranked_candidates(question, hits, units)
    if not candidates or candidates[0].score < _MIN_SCORE:
        return ""
    best = candidates[0]
    chosen = [best]
    second = next((c for c in candidates[1:] if _complements(c, best, terms)), None)
    if second is not None:
        chosen.append(second)
    return _render(chosen, hits, units)


def focused_passages(question: str, hits: list[Hit], max_units: int = 8) -> list[tuple[int, list[str]]]:
    """The best sentences/rows per hit, for a small model's short context: ``[(hit index, [text])]``.

    Table rows come readable with their header; hits in retrieval order, units in reading order.
    """
    units = [split_units(h.chunk.text) for h in hits]
    picked: set[tuple[int, int]] = set()
    for candidate in _ranked_candidates(question, hits, units)[0]:
        if len(picked) >= max_units or candidate.score < _MIN_SCORE:
            break
        picked.update(candidate.parts)
    out = []
    for rank, hit in enumerate(hits):
        positions = sorted(p for r, p in picked if r == rank)
        if positions:
            spans = units[rank]
            out.append((rank, [display_unit(hit.chunk.text, *spans[p], spans) for p in positions]))
    return out


def _ranked_candidates(
    question: str, hits: list[Hit], units: list[list[tuple[int, int]]]
) -> tuple[list[_Candidate], QuestionTerms]:
    terms = question_terms(question, [h.chunk.text[s:e] for h, us in zip(hits, units) for s, e in us])
    if not terms.weights:
        return [], terms
    quantity = is_quantity_question(question)
    asked_numbers = number_values(question)
    candidates = []
    for rank, hit in enumerate(hits):
        prior = 0.2 * terms.coverage(f"{hit.chunk.section}\n{hit.chunk.text}") + 0.05 / (1 + rank)
        for parts in _groupings(rank, hits, units):
            text = "\n".join(_match_text(hits, units, r, p) for r, p in parts)
            own = "\n".join(_unit(hits, units, r, p) for r, p in parts)
            # A table row's header and caption help, but the row itself must carry the match.
            score = 0.6 * terms.coverage(own) + 0.4 * terms.coverage(text)
            if quantity:
                figures = number_values(_SECTION_NUMBER.sub("", own)) - asked_numbers
                score *= 1.15 if figures else 0.6
            score = score * (1.0 - 0.02 * (len(parts) - 1)) + prior
            candidates.append(_Candidate(parts, score, text))
    candidates.sort(key=lambda c: -c.score)
    return candidates, terms


def _groupings(rank: int, hits: list[Hit], units: list[list[tuple[int, int]]]) -> list[list[tuple[int, int]]]:
    """Single units, list intros with their items, and back-referring sentences with their predecessor."""
    text = hits[rank].chunk.text
    spans = units[rank]
    out: list[list[tuple[int, int]]] = []
    for pos, (s, e) in enumerate(spans):
        out.append([(rank, pos)])
        unit = text[s:e]
        if unit.rstrip().endswith(":"):
            items = [(rank, p) for p in range(pos + 1, min(pos + 1 + _MAX_ITEMS, len(spans)))
                     if _is_item(text[spans[p][0]:spans[p][1]])]
            if pos == len(spans) - 1:
                items = _continuation(rank, hits, units)
            if items:
                out.append([(rank, pos)] + items)
        if pos > 0 and _ANAPHORA.match(unit):
            out.append([(rank, pos - 1), (rank, pos)])
    return out


def _is_item(unit: str) -> bool:
    return bool(BULLET.match(unit)) or is_table_row(unit) or len(unit) < 160


def _continuation(rank: int, hits: list[Hit], units: list[list[tuple[int, int]]]) -> list[tuple[int, int]]:
    """A list announced at the end of a chunk continues in the next chunks: their first units."""
    chunk = hits[rank].chunk
    by_index = {(h.chunk.doc_id, h.chunk.index): i for i, h in enumerate(hits)}
    items = []
    for step in range(1, _MAX_ITEMS + 1):
        nxt = by_index.get((chunk.doc_id, chunk.index + step))
        if nxt is None or not units[nxt]:
            break
        items.append((nxt, 0))
    return items


def _match_text(hits: list[Hit], units: list[list[tuple[int, int]]], rank: int, pos: int) -> str:
    return unit_text_with_context(hits[rank].chunk.text, units[rank][pos], units[rank])


def _unit(hits: list[Hit], units: list[list[tuple[int, int]]], rank: int, pos: int) -> str:
    s, e = units[rank][pos]
    return hits[rank].chunk.text[s:e]


def _complements(candidate: _Candidate, best: _Candidate, terms: QuestionTerms) -> bool:
    """A second passage is worth citing only if it is nearly as good and adds asked-for terms."""
    if candidate.score < 0.85 * best.score or set(candidate.parts) & set(best.parts):
        return False
    gain = terms.coverage(best.text + "\n" + candidate.text) - terms.coverage(best.text)
    return gain >= 0.15


def _render(chosen: list[_Candidate], hits: list[Hit], units: list[list[tuple[int, int]]]) -> str:
    lines = []
    for candidate in chosen:
        for rank, pos in candidate.parts:
            s, e = units[rank][pos]
            lines.append(f"{display_unit(hits[rank].chunk.text, s, e, units[rank])} [S{rank + 1}]")
    if len(lines) == 1:
        return lines[0]
    return "Laut den Unterlagen:\n" + "\n".join(f"- {line}" for line in lines)


def display_unit(chunk_text: str, s: int, e: int, units: list[tuple[int, int]]) -> str:
    """One unit as answer text: whitespace collapsed, markers neutralised, table header added."""
    raw = chunk_text[s:e].strip()
    text = BULLET.sub("", raw, count=1)
    text = " ".join(text.split())
    if is_table_row(raw):
        cells = re.split(r" {3,}|\t", raw)
        label, values = cells[0], cells[1:]
        header = table_header(chunk_text, s, units)
        columns = header.split(" | ") if header else []
        if len(columns) == len(values) and not re.search(r"\d", label.replace(" ", "")[:1]):
            # "Arbeitsgelegenheiten: Ist 2023 = 133, Plan 2024 = 145" leaves no doubt which is which.
            text = f"{label}: " + ", ".join(f"{c} = {v}" for c, v in zip(columns, values))
        else:
            text = f"{label}: " + " | ".join(values) + (f" (Spalten: {header})" if header else "")
    return neutralise(text)


def neutralise(text: str) -> str:
    """Document text cannot create markers or close a fence: ``[S9]`` → ``(S9)``, no ``<<<``."""
    text = text.replace("[", "(").replace("]", ")")
    return re.sub(r"<{2,}|>{2,}", lambda m: m.group(0)[0], text)
