"""Reasons the document gives for a change ("weil …", "da …", "aufgrund …"), so a question can quote
the reason and ask about its consequences instead of asking for the reason again."""

from __future__ import annotations

import re

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
    label), speak of a change and contain a causal connector; the nearest page wins."""
    found = []
    for page, sentence in ctx.sentences:
        if sentence == figure.quote or not _REASON.search(sentence) or not _CHANGE_WORD.search(sentence):
            continue
        if _names(sentence, figure):
            found.append((abs(page - figure.page), page, sentence))
    if not found:
        return None
    _, page, sentence = min(found, key=lambda f: f[0])
    return page, sentence


def _names(sentence: str, figure: Figure) -> bool:
    if figure.instrument:
        base = figure.instrument.split(" ")[0]
        return any(code == base for code, _, _ in find_mentions(sentence))
    words = {w.lower() for w in _WORD.findall(figure.label)}
    return bool(words) and words <= {w.lower() for w in _WORD.findall(sentence)}


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
