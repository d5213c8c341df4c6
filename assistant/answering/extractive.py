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

from assistant.text.numbers import number_values
from assistant.text.tokens import tokenize
from assistant.answering.relevance import QuestionTerms, is_quantity_question, match_strength, question_terms, subject_of
from assistant.types import Hit
from assistant.text.units import BULLET, is_table_row, split_units, table_caption, table_header, unit_text_with_context

_ANAPHORA = re.compile(
    r"^(?:Daher|Deshalb|Deswegen|Dies|Diese[rsmn]?|Damit|Dabei|Dadurch|Dazu|Hierbei|Hierfür|Hierzu|"
    r"Somit|Zudem|Außerdem|Ebenso|Das entspricht)\b"
)
_SECTION_NUMBER = re.compile(r"^\s*\d+(?:\.\d+)*\.?\s+(?=[A-ZÄÖÜ])", re.MULTILINE)  # "3.3 Verwendung"
_NUMBER_THEN_WORDS = re.compile(r"\d[\d.,]*\s+((?:[^\W\d_][\w-]*\s+){0,1}[^\W\d_][\w-]*)")
_YEAR = re.compile(r"\b(?:19|20)\d\d\b")
_MAX_ITEMS = 6
_MIN_SCORE = 0.2
# A small model copies every excerpt it is shown into its answer. Only units within 70 % of
# the best (dev set, local model): citation precision 0.79 -> 0.96, answer 5.0 -> 3.5 s, at 0.5.
_FOCUS_SHARE = 0.7


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


def focused_passages(question: str, hits: list[Hit], max_units: int = 6) -> list[tuple[int, list[str]]]:
    """The best sentences/rows per hit, for a small model's short context: ``[(hit index, [text])]``.

    Table rows come readable with their header; hits in retrieval order, units in reading order.
    """
    units = [split_units(h.chunk.text) for h in hits]
    picked: set[tuple[int, int]] = set()
    candidates = _ranked_candidates(question, hits, units)[0]
    # Distractors cost a small model accuracy, correct citations and prefill time.
    floor = max(_MIN_SCORE, _FOCUS_SHARE * candidates[0].score) if candidates else _MIN_SCORE
    for candidate in candidates:
        if len(picked) >= max_units or candidate.score < floor:
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
    terms = question_terms(question, [h.chunk.text[s:e] for h, us in zip(hits, units) for s, e in us],
                           subject=subject_of(h.chunk.filename for h in hits))
    if not terms.weights:
        return [], terms
    quantity = is_quantity_question(question)
    asked_numbers = number_values(question)
    counted = _counted_noun(question)
    asked_years = set(_YEAR.findall(question))
    candidates = []
    for rank, hit in enumerate(hits):
        prior = 0.2 * terms.coverage(f"{hit.chunk.section}\n{hit.chunk.text}") + 0.05 / (1 + rank)
        for parts, lead in _groupings(rank, hits, units):
            def match(group: list[tuple[int, int]]) -> float:
                text = "\n".join(_match_text(hits, units, r, p) for r, p in group)
                own = "\n".join(_unit(hits, units, r, p) for r, p in group)
                # A table row's header and caption help, but the row itself must carry the match.
                score = 0.6 * terms.coverage(own) + 0.4 * terms.coverage(text)
                if quantity:
                    # A year in a caption ("Eingliederungsbudget 2024 in Euro") is not the amount asked for.
                    figures = number_values(_YEAR.sub("", _SECTION_NUMBER.sub("", own))) - asked_numbers
                    score *= 1.15 if figures else 0.6
                if counted and _counts(own, counted):
                    score += 0.15  # "Wie viele Menschen …?" — "über 70 Menschen" answers it directly
                years = set(_YEAR.findall(own))
                if asked_years and years and not years & asked_years:
                    score *= 0.7  # asked about 2018, the sentence is about 2014
                return score

            score = match(parts)
            if len(parts) > 1 and lead == 0:
                # A list only counts if its intro is on topic too: five loosely related
                # bullets must not outscore one exact table row.
                score = 0.6 * score + 0.4 * match([parts[lead]])
            text = "\n".join(_match_text(hits, units, r, p) for r, p in parts)
            candidates.append(_Candidate(parts, score + prior, text))
    candidates.sort(key=lambda c: -c.score)
    return candidates, terms


def _counted_noun(question: str) -> str:
    """The stem of what a "wie viele …" question counts ("Menschen" → "mensch"), or ""."""
    match = re.search(r"\bwie\s+viele?\s+(.*)", question, re.IGNORECASE)
    stems = tokenize(match.group(1)) if match else []
    return next((s for s in stems if not s[:1].isdigit()), "")


def _counts(text: str, counted: str) -> bool:
    """Does ``text`` put a number right before the counted thing ("70 Menschen", "145 Eintritte")?"""
    for match in _NUMBER_THEN_WORDS.finditer(text):
        if any(match_strength(counted, {w}) > 0 for w in tokenize(match.group(1))):
            return True
    return False


def _groupings(
    rank: int, hits: list[Hit], units: list[list[tuple[int, int]]]
) -> list[tuple[list[tuple[int, int]], int]]:
    """Candidate unit groups with the index of their lead unit: single units, list intros
    with their items (lead: the intro), back-referring sentences with their predecessor
    (lead: the back-referring sentence)."""
    text = hits[rank].chunk.text
    spans = units[rank]
    out: list[tuple[list[tuple[int, int]], int]] = []
    for pos, (s, e) in enumerate(spans):
        out.append(([(rank, pos)], 0))
        unit = text[s:e]
        if unit.rstrip().endswith(":"):
            items = [(rank, p) for p in _list_items(text, spans, pos)]
            if pos == len(spans) - 1:
                items = _continuation(rank, hits, units)
            if items:
                out.append(([(rank, pos)] + items, 0))
        if pos > 0 and _ANAPHORA.match(unit):
            out.append(([(rank, pos - 1), (rank, pos)], 1))
    return out


def _list_items(text: str, spans: list[tuple[int, int]], intro: int) -> list[int]:
    """Positions of the items after a list intro: the run of units of the first item's kind."""
    def kind(pos: int) -> str:
        unit = text[spans[pos][0]:spans[pos][1]]
        if BULLET.match(unit):
            return "bullet"
        if is_table_row(unit):
            return "row"
        return "short" if len(unit) < 160 else "prose"

    items: list[int] = []
    for pos in range(intro + 1, min(intro + 1 + _MAX_ITEMS, len(spans))):
        if kind(pos) == "prose" or (items and kind(pos) != kind(items[0])):
            break
        items.append(pos)
    return items


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
    # It must bring a specific asked-for word the best passage lacks entirely ...
    if not any(terms.strength(t, candidate.text) >= 0.7 and terms.strength(t, best.text) == 0
               for t in terms.specific()):
        return False
    # ... and enough of it to matter.
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
        caption = table_caption(chunk_text, s, units)
        if caption and not header:
            text += f" ({caption.rstrip(':')})"  # "… 2.970.357 (Übersicht … Eingliederungsbudget 2024 in Euro)"
    return neutralise(text)


# Control tokens of common chat templates (ChatML, Llama, Gemma, Mistral): in a document they
# could end the user turn and open a fake system turn.
_CHAT_TOKENS = re.compile(r"<\|[^|<>]{1,40}\|>|</?s>|<(?:start|end)_of_turn>|\[/?INST\]|<</?SYS>>", re.IGNORECASE)


def neutralise(text: str) -> str:
    """Document text cannot create markers, close a fence or inject chat-template tokens."""
    text = _CHAT_TOKENS.sub(" ", text)
    text = text.replace("[", "(").replace("]", ")")
    return re.sub(r"<{2,}|>{2,}", lambda m: m.group(0)[0], text)
