"""Citation check after generation: markers, number verification and supporting quotes.

A model may cite passages that were never shown (``[S9]``), put a figure next to the
wrong source, or cite nothing. Here, in code: unknown markers are dropped, every number of
a sentence must occur in the passages that sentence cites (else ``verified=False``), each
citation gets the exact sentence(s) of its chunk that support the claim, and markers are
renumbered ``S1..Sn`` in order of first use.
"""

from __future__ import annotations

import re
from collections.abc import Sequence, Set
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from assistant.answering.relevance import stems_of
from assistant.retrieval.context import ChunkUnits, Span
from assistant.text.numbers import find_numbers, number_values, numbers_supported
from assistant.text.units import MARKER, chunk_units, marker_ids, split_sentences
from assistant.types import Citation, Hit
from ingest.types import Chunk

if TYPE_CHECKING:
    from assistant.answering.question import Question

# "Satz. [S1]" → "Satz [S1]." so a marker after the full stop stays with its sentence.
_TRAILING = re.compile(r"(?P<p>[.!?:])(?P<m>(?:[ \t]*" + MARKER.pattern + r")+)")
_MAX_QUOTE = 400
_MIN_SUPPORT = 0.5  # share of a generated sentence's content words its cited passage must hold
_SLOT = "\ue000"  # private-use character around a passage index until markers are renumbered
_STRAY = re.compile(r"\[[A-RT-Z]\d{1,2}\]")  # "[Q1]": small models invent other marker styles
_CONTENT = re.compile(r"[^\W_]{2,}")
_ENUMERATOR = re.compile(r"^\s*(?:[-*•]\s*)?\d{1,2}[.)]\s+")
_TRAILING_SOURCES = re.compile(r"\n+\W*(?:Quellen|Quellenangaben|Belege)\W*\s*$", re.IGNORECASE)


@dataclass
class CheckedAnswer:
    """The answer text with compact markers and the resolved, verified citations."""

    text: str
    citations: list[Citation] = field(default_factory=list)
    unverified: list[str] = field(default_factory=list)  # sentences with unsupported numbers
    dropped: list[str] = field(default_factory=list)  # markers that named no passage
    claims: list[tuple[str, str]] = field(default_factory=list)  # (sentence, text of its cited passages)


def check_citations(text: str, hits: list[Hit], question: Question | str = "", auto_cite: bool = False,
                    units: ChunkUnits | None = None) -> CheckedAnswer:
    """Resolve and verify the ``[S…]`` markers of ``text`` against ``hits`` (``S1`` = ``hits[0]``).

    With ``auto_cite`` an uncited sentence gets the passage that clearly supports it
    (small local models often forget markers). Quotes are units of the cited chunks, read
    from ``units`` (the ask's split texts) when given.
    """
    text = _TRAILING.sub(lambda m: m.group("m") + m.group("p"), text.strip().replace(_SLOT, ""))
    ignore = number_values(question) if isinstance(question, str) else set(question.numbers)
    dropped: list[str] = []
    order: list[int] = []  # old passage index in order of first citation
    sentences: list[tuple[str, list[int]]] = []
    pieces: list[str] = []
    last = 0
    for start, end in split_sentences(text):
        pieces.append(text[last:start])
        raw = text[start:end]
        cited: list[int] = []
        for match in MARKER.finditer(raw):
            for n in marker_ids(match.group(0)):
                if not 1 <= n <= len(hits):
                    dropped.append(f"S{n}")
                elif n - 1 not in cited:
                    cited.append(n - 1)
        body = _strip_markers(raw)
        if not _CONTENT.search(body):  # "- [S3]" in a trailing source list states nothing
            cited = []
            body = ""
        if cited and auto_cite:
            cited = _repair(body, cited, hits)
        if not cited and auto_cite and body:
            best = _best_supporting_hit(body, hits)
            cited = [best] if best is not None else []
        for i in cited:
            if i not in order:
                order.append(i)
        sentences.append((body, cited))
        pieces.append(_place_markers(body, cited))
        last = end
    pieces.append(text[last:])
    return _resolve(sentences, order, hits, ignore, dropped, pieces, units if units is not None else ChunkUnits())


def _resolve(sentences: list[tuple[str, list[int]]], order: list[int], hits: list[Hit],
             ignore: set[float], dropped: list[str], pieces: list[str], units: ChunkUnits) -> CheckedAnswer:
    new_number = {old: n for n, old in enumerate(order, start=1)}
    ok: dict[int, bool] = {i: True for i in order}
    quotes: dict[int, list[str]] = {i: [] for i in order}
    unverified: list[str] = []
    claims: list[tuple[str, str]] = []
    for body, cited in sentences:
        if body:
            claims.append((body, "\n".join(hits[i].chunk.text for i in cited)))
        claim = _ENUMERATOR.sub("", body)  # "1. **Quote**" — the 1 is a list number, not a figure
        if cited:
            source = "\n".join(hits[i].chunk.text for i in cited)
            if numbers_supported(claim, source, ignore):
                unverified.append(body)
                for i in cited:
                    ok[i] = False
            for i in cited:
                chunk = hits[i].chunk
                quote = best_quote(body, chunk.text, bool(chunk.table_id), units.of(chunk))
                if quote and quote not in quotes[i]:
                    quotes[i].append(quote)
        elif _has_claim_numbers(claim, ignore) and numbers_supported(
            claim, "\n".join(h.chunk.text for h in hits), ignore
        ):
            unverified.append(body)
    text = "".join(pieces)
    text = re.sub(_SLOT + r"(\d+)" + _SLOT, lambda m: f"S{new_number[int(m.group(1))]}", text)
    text = _TRAILING_SOURCES.sub("", re.sub(r"\n\s*\n(\s*\n)+", "\n\n", text))
    citations = []
    for i in order:
        chunk = hits[i].chunk
        quote = clip(" … ".join(quotes[i])) or best_quote("", chunk.text, bool(chunk.table_id), units.of(chunk))
        first, last = _quote_pages(chunk, quotes[i] or [quote])
        citations.append(Citation(
            marker=f"S{new_number[i]}", chunk_id=chunk.chunk_id, doc_id=chunk.doc_id,
            filename=chunk.filename, page_start=first, page_end=last,
            quote=quote, verified=ok[i],
        ))
    return CheckedAnswer(text.strip(), citations, unverified, dropped, claims)


def supported(checked: CheckedAnswer, hits: list[Hit]) -> bool:
    """Does every sentence of a generated answer stand in the passages it cites?

    A sentence must cite something, every figure in it must be printed there, and most of
    its content words (``_MIN_SUPPORT``) must occur there too. A claim built from words the
    passage lacks ("Die meisten Geflüchteten stammen aus Deutschland …") fails here.
    """
    if not checked.claims or checked.unverified:
        return False
    for body, source in checked.claims:
        stems = stems_of(_ENUMERATOR.sub("", body))
        if not source or (stems and _word_share(stems, set(), source) < _MIN_SUPPORT):
            return False
    return True


def _strip_markers(sentence: str) -> str:
    body = _STRAY.sub("", MARKER.sub("", sentence))
    return re.sub(r"\s+([.!?:,;])", r"\1", re.sub(r"[ \t]{2,}", " ", body)).strip()


def _place_markers(body: str, cited: list[int]) -> str:
    """The sentence with one compact marker before its final punctuation."""
    if not cited:
        return body
    marker = "[" + ", ".join(f"{_SLOT}{i}{_SLOT}" for i in cited) + "]"
    match = re.search(r"[.!?:]+[\"“”»«']?$", body)
    if match:
        return f"{body[:match.start()]} {marker}{body[match.start():]}"
    return f"{body} {marker}"


def _has_claim_numbers(body: str, ignore: set[float]) -> bool:
    return any(round(n.value, 6) not in ignore for n in find_numbers(body))


def _overlap(claim_stems: Set[str], claim_numbers: set[float], unit: str) -> float:
    """Shared words, plus the claim's figures — the core of a claim — weighted above words."""
    stems = stems_of(unit)
    shared = claim_numbers & number_values(unit)
    years = {v for v in shared if 1900 <= v <= 2100 and v == int(v)}
    return len(claim_stems & stems) + 3.0 * len(shared - years) + 1.0 * len(years)


def clip(text: str, limit: int = _MAX_QUOTE) -> str:
    """``text`` up to ``limit`` characters, cut at a word boundary (never mid-word)."""
    if len(text) <= limit:
        return text
    cut = text[:limit]
    space = cut.rfind(" ")
    return (cut[:space] if space > limit // 2 else cut).rstrip(" ,;…")


def best_quote(claim: str, chunk_text: str, table: bool = False,
               spans: Sequence[Span] | None = None) -> str:
    """The sentence (or two adjacent ones) of ``chunk_text`` that best supports ``claim``
    (``spans``: the text's units, when already split).

    Always an exact substring of ``chunk_text``, so the UI can highlight it in the source.
    """
    units = chunk_units(chunk_text, table) if spans is None else spans
    if not units:
        return clip(chunk_text.strip())
    claim_stems, claim_numbers = stems_of(claim), number_values(claim)
    scores = [_overlap(claim_stems, claim_numbers, chunk_text[s:e]) for s, e in units]
    best = max(range(len(units)), key=lambda i: (scores[i], -(units[i][1] - units[i][0])))
    start, end = units[best]
    # A neighbour joins only if it adds support the best unit lacks (a split table row).
    for j in (best + 1, best - 1):
        if 0 <= j < len(units):
            joined = chunk_text[min(start, units[j][0]) : max(end, units[j][1])]
            if _overlap(claim_stems, claim_numbers, joined) > scores[best] and len(joined) <= _MAX_QUOTE:
                start, end = min(start, units[j][0]), max(end, units[j][1])
                break
    return chunk_text[start:end].strip()


def _support(body: str, hit: Hit) -> float:
    """Share of the sentence's words in the passage; 0 if one of its figures is missing there."""
    return _word_share(stems_of(body), number_values(_ENUMERATOR.sub("", body)), hit.chunk.text)


def _word_share(stems: Set[str], numbers: set[float], text: str) -> float:
    if numbers and not numbers <= number_values(text):
        return 0.0
    return len(stems & stems_of(text)) / max(1, len(stems))


def _repair(body: str, cited: list[int], hits: list[Hit]) -> list[int]:
    """Model citations, corrected where the model is demonstrably wrong.

    Of several cited passages, those that support the sentence far less than the best one
    are dropped; a sentence whose figures are in none of its cited passages, or that another
    shown passage supports far more fully, is re-attributed to that passage (small models
    often mix up S1 and S4).
    Figures found nowhere stay with the model's citation, to be marked unverified.
    """
    support = {i: _support(body, hits[i]) for i in cited}
    best = max(support.values())
    other = _best_supporting_hit(body, hits)
    if other is not None and other not in cited and _support(body, hits[other]) >= max(0.6, 1.5 * best):
        return [other]  # another shown passage says it far more fully
    if best > 0:
        return [i for i in cited if support[i] >= 0.5 * best]
    return [other] if other is not None else cited


def _best_supporting_hit(body: str, hits: list[Hit]) -> int | None:
    """Index of the hit that supports an uncited sentence, if one clearly does."""
    stems, numbers = stems_of(body), number_values(body)
    if len(stems) < 2:
        return None
    best, best_score = None, 0.0
    for i, hit in enumerate(hits):
        covered = _word_share(stems, numbers, hit.chunk.text)
        if covered > best_score:
            best, best_score = i, covered
    return best if best_score >= 0.5 else None


def _quote_pages(chunk: Chunk, quotes: list[str]) -> tuple[int, int]:
    """Pages the quotes are printed on; a chunk may span pages, a quote usually does not."""
    spans = [chunk.pages_of_quote(q.strip()) for q in quotes if q.strip()]
    if not spans:
        return chunk.page_start, chunk.page_end
    return min(a for a, _ in spans), max(b for _, b in spans)
