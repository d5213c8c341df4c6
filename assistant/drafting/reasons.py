"""Reasons the document gives for a change ("weil …", "da …", "aufgrund …"), so a question can quote
the reason and ask about its consequences instead of asking for the reason again."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from assistant.domain.instruments import find_mentions
from assistant.drafting.base import Context
from assistant.types import Figure

_REASON = re.compile(r"\bweil\b|(?:^|,\s*)da\b|\bdenn\b|\baufgrund\b|\bauf grund\b|\bwegen\b|\bbedingt\b|"
                     r"zurückzuführen|\bhintergrund\b|\bdaher\b|\bdeshalb\b|\bdeswegen\b", re.IGNORECASE)
_CHANGE_WORD = re.compile(r"reduz|kürz|sink|senk|gering|weniger|rückgang|abbau|steig|erhöh|ausweit|ausbau|mehr\b|"
                          r"zuwachs|anstieg|verringer|verstärk", re.IGNORECASE)
MAX_CLAUSE = 170
_WORD = re.compile(r"[A-Za-zÄÖÜäöüß]{5,}")


def reason_for(ctx: Context, figure: Figure) -> tuple[int, str] | None:
    """A sentence (page, text) giving a reason for the change of ``figure``'s instrument.

    It must name the same instrument (by lexicon code, or share a long word with an unknown
    label), speak of a change and contain a causal connector; the nearest page wins. The
    sentences are indexed once per context, so a table of many rows stays linear."""
    index = _index(ctx)
    if figure.instrument:
        found = index.by_code.get(figure.instrument.split(" ")[0], [])
    else:
        words = {w.lower() for w in _WORD.findall(figure.label)}
        if not words:
            return None
        sets = sorted((index.by_word.get(w, set()) for w in words), key=len)
        found = [index.candidates[i] for i in sorted(set.intersection(*sets))] if sets[0] else []
    found = [(p, s) for p, s in found if s != figure.quote]
    if not found:
        return None
    return min(found, key=lambda f: abs(f[0] - figure.page))


@dataclass
class _Index:
    """Causal sentences about a change, by lexicon code and by long word."""

    candidates: list[tuple[int, str]] = field(default_factory=list)
    by_code: dict[str, list[tuple[int, str]]] = field(default_factory=dict)
    by_word: dict[str, set[int]] = field(default_factory=dict)


def _index(ctx: Context) -> _Index:
    index = getattr(ctx, "_reason_index", None)
    if index is None:  # kept on the context: built once for all its figures
        index = _build(ctx.sentences)
        ctx._reason_index = index  # type: ignore[attr-defined]
    return index


def _build(sentences: list[tuple[int, str]]) -> _Index:
    index = _Index()
    for page, sentence in sentences:
        if not _REASON.search(sentence) or not _CHANGE_WORD.search(sentence):
            continue
        number = len(index.candidates)
        index.candidates.append((page, sentence))
        for code in dict.fromkeys(code for code, _, _ in find_mentions(sentence)):
            index.by_code.setdefault(code, []).append((page, sentence))
        for word in {w.lower() for w in _WORD.findall(sentence)}:
            index.by_word.setdefault(word, set()).add(number)
    return index


def clause_quote(sentence: str, around: str = "", limit: int = MAX_CLAUSE) -> str:
    """The sentence, or a whole-word window of it around ``around`` (a printed number), marked
    with "…" where cut."""
    if len(sentence) <= limit:
        return sentence
    at = max(sentence.find(around), 0) if around else 0
    start = max(0, at - limit // 3)
    if start:
        start = sentence.find(" ", start) + 1
    end = min(len(sentence), start + limit)
    if end < len(sentence):
        end = max(sentence.rfind(" ", start, end), at + len(around))
    piece = sentence[start:end].strip(" ,")
    return ("… " if start else "") + piece + (" …" if end < len(sentence) else "")
