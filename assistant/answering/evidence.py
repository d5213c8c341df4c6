"""Evidence units: the structurally complete pieces of text an answer may quote.

A sentence alone is often not an answer: a list intro ("… umfassen dabei:") means nothing
without its items, a claim is only half an answer to "Warum …?" when the next sentence
gives the reason, and a sentence that refers back ("In ihn sind … berufen") needs the one
before. So the units scored and quoted here are built from the text's structure:
- ``list``: an intro ending in ":" with its items (also when they start the next chunks);
  the intro is never a candidate without them. A bullet run also forms one with the line
  before it, and when that line is a fragment ("Die Förderprogramme" / "• …" / "sollen …"),
  with the sentence before that too;
- ``reason``: a claim with the next sentence of its section that gives a reason (up to two
  sentences may stand between them);
- ``section``: a heading with the first content under it (a heading alone is no answer);
- ``pair``: a back-referring sentence ("Dies …", "… auf diesem Weg …", "… wird dann …")
  with its predecessor;
- ``row``: a row of the table model with its column names and caption (layout text of a
  table is never a unit: its rows are answered from the table model);
- ``sentence``: anything else.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from assistant.retrieval.context import ChunkUnits
from assistant.text.units import BULLET, is_table_row
from assistant.types import Hit

Part = tuple[int, int]  # (hit position, unit position)
Spans = Sequence[tuple[int, int]]  # (start, end) of each unit of a chunk text
_MAX_ITEMS = 8
_SHORT_LEAD = 80  # a bullet run's lead line this short is a fragment, not a sentence
_REASON_REACH = 3  # a reason may follow its claim after up to two other sentences
_SENTENCE_END = re.compile(r"[.!?]$")
# Back-reference at the start of a sentence, also after a preposition ("In ihn sind …").
_ANAPHORA = re.compile(
    r"^(?:(?:In|An|Für|Mit|Von|Bei|Aus|Zu|Nach|Über)\s+)?(?:Daher|Deshalb|Deswegen|Dies|Diese[rsmn]?|"
    r"Damit|Dabei|Dadurch|Dazu|Hierbei|Hierfür|Hierzu|Somit|Zudem|Außerdem|Ebenso|Das entspricht|"
    r"Er|Sie|Es|ihn|ihm|ihr|ihnen)\b"
)
# A demonstrative inside the sentence: "… auf diesem Weg eine Beschäftigung zu finden".
_BACK_REFERENCE = re.compile(r"\b(?:auf|mit|durch|über|für|in|nach|aus)\s+diese[mnrs]?\s+\w+", re.IGNORECASE)
# "… wird dann … fortgesetzt": the time is named in the sentence before (not "wenn …, dann …").
_TIME_REFERENCE = re.compile(r"\b(?:dann|damals|bis dahin|zu diesem Zeitpunkt)\b", re.IGNORECASE)
_CONDITION = re.compile(r"\b(?:wenn|falls|sobald|sofern)\b", re.IGNORECASE)
_NUMBERED_HEADING = re.compile(r"^\d{1,2}(?:\.\d{1,2})*\.?\s+[A-ZÄÖÜ]")
# A sentence that gives a reason ("damit"/"da" also mean "thereby"/"there": not counted).
_STRONG_CAUSAL = re.compile(
    r"\b(?:weil|denn|aufgrund|wegen|weswegen|weshalb|deshalb|daher|deswegen|begründe\w*|Grund|Gründe|Ursache\w*"
    r"|zurückzuführen|liegt\s+(?:daran|an))\b"
    r"|(?:^|,\s*)[Dd]a\s+(?=\w+\s)",  # "Da die Mittel …", "…, da die Mittel …"
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Evidence:
    """One quotable unit: its parts in reading order and how it was built."""

    parts: tuple[Part, ...]
    kind: str  # "sentence" | "list" | "reason" | "pair" | "section" | "row"
    own: str  # the unit's own text (what must carry the match)
    context: str  # own text plus table header/caption or section title
    items: tuple[str, ...] = ()  # a list unit's items, each a text


def gives_reason(text: str) -> bool:
    """Does ``text`` state a reason itself ("weil …", "begründet … mit"); "damit" and "da"
    also mean "thereby"/"there" and do not count here."""
    return bool(_STRONG_CAUSAL.search(text))


def build_evidence(hits: list[Hit], enabled: Callable[[str], bool] = lambda _: True,
                   split: ChunkUnits | None = None) -> list[Evidence]:
    """All evidence units of ``hits`` (``enabled(name)`` switches a structural rule off for
    ablation; ``split`` holds the hits' units when the ask split them already)."""
    units = unit_spans(hits, split)
    by_index = {(h.chunk.doc_id, h.chunk.index): i for i, h in enumerate(hits)}
    out: list[Evidence] = []
    for rank, hit in enumerate(hits):
        text, spans, section = hit.chunk.text, units[rank], hit.chunk.section
        for pos, (s, e) in enumerate(spans):
            unit = text[s:e]
            intro = unit.rstrip().endswith(":")
            # A bullet run also belongs to the line before it ("Die Förderprogramme" / "• …").
            leads = not intro and _leads_bullets(text, spans, pos) and enabled("bullet_lists")
            items = _items(rank, pos, hits, units, by_index) if intro or leads else []
            if items and enabled("list_units"):
                parts = ((rank, pos), *items)
                own = "\n".join(_text(hits, units, p) for p in parts)
                texts = tuple(_text(hits, units, p) for p in items)
                out.append(Evidence(parts, "list", own, f"{section}\n{own}", texts))
                if intro:
                    continue  # an intro means nothing without its items
                if pos > 0 and len(unit) < _SHORT_LEAD and not _SENTENCE_END.search(unit.rstrip()):
                    # "Die Förderprogramme" / "• …" / "sollen …": the run is the subject of a
                    # sentence; the one before says what the programmes are.
                    lead = text[spans[pos - 1][0]:spans[pos - 1][1]]
                    own = f"{lead}\n{own}"
                    out.append(Evidence(((rank, pos - 1), *parts), "list", own, f"{section}\n{own}", texts))
            if hit.chunk.table_id and pos == 0:
                continue  # the caption line of a row chunk: context of every row, not an answer
            if hit.chunk.table_id:
                # The row must carry the match; its caption and column names are context.
                out.append(Evidence(((rank, pos),), "row", unit, f"{section}\n{unit}"))
                continue
            if is_table_row(unit):
                continue  # layout text of a table: its rows are answered from the table model
            if _is_heading(text, spans, pos):
                # A heading alone is no answer: it stands for the first content under it.
                following = text[spans[pos + 1][0]:spans[pos + 1][1]] if pos + 1 < len(spans) else ""
                if following and not is_table_row(following) and enabled("heading_units"):
                    own = f"{unit}\n{_text(hits, units, (rank, pos + 1))}"
                    out.append(Evidence(((rank, pos), (rank, pos + 1)), "section", own, f"{section}\n{own}"))
                continue
            out.append(Evidence(((rank, pos),), "sentence", unit, f"{section}\n{unit}"))
            claim = enabled("reason_units") and not gives_reason(unit) and not intro
            reason = _reason_after(text, spans, pos) if claim else None
            if reason is not None:
                own = f"{unit}\n{text[spans[reason][0]:spans[reason][1]]}"
                out.append(Evidence(((rank, pos), (rank, reason)), "reason", own, f"{section}\n{own}"))
            prev = text[spans[pos - 1][0]:spans[pos - 1][1]] if pos > 0 else ""
            # The sentence referred to, never a list intro (it stands for its items) or a heading.
            if prev and _refers_back(unit) and not prev.rstrip().endswith(":") \
                    and not _is_heading(text, spans, pos - 1) and enabled("anaphora_units"):
                own = f"{prev}\n{unit}"
                out.append(Evidence(((rank, pos - 1), (rank, pos)), "pair", own, f"{section}\n{own}"))
    return out


def _is_heading(text: str, spans: Spans, pos: int) -> bool:
    """A short line without closing punctuation that starts its block ("6.3 Alleinerziehende")."""
    s, e = spans[pos]
    unit = text[s:e].strip()
    if len(unit) >= _SHORT_LEAD or unit.endswith((".", "!", "?", ":", ";", ",")):
        return False
    if _NUMBERED_HEADING.match(unit):  # "5. Arbeitsgelegenheiten", unless it is a list's item
        prev = text[spans[pos - 1][0]:spans[pos - 1][1]].rstrip() if pos else ""
        if prev.endswith(":") or BULLET.match(prev):
            return False
        return pos + 1 >= len(spans) or not BULLET.match(text[spans[pos + 1][0]:spans[pos + 1][1]])
    if BULLET.match(unit):
        return False
    before = text[spans[pos - 1][1]:s] if pos else "\n\n"
    return "\n\n" in before or not pos


def _reason_after(text: str, spans: Spans, pos: int) -> int | None:
    """The first of the next sentences of the section that gives a reason ("Das Jobcenter
    begründet dies mit …"), also when another sentence stands between claim and reason."""
    for nxt in range(pos + 1, min(pos + 1 + _REASON_REACH, len(spans))):
        unit = text[spans[nxt][0]:spans[nxt][1]]
        if _is_heading(text, spans, nxt):
            return None  # the next section: its reasons are not this claim's
        if gives_reason(unit):
            return nxt
    return None


def _leads_bullets(text: str, spans: Spans, pos: int) -> bool:
    """Is the unit at ``pos`` (not itself a bullet) followed by bullet items in its chunk?"""
    if pos + 1 >= len(spans) or BULLET.match(text[spans[pos][0]:spans[pos][1]]):
        return False
    nxt = pos + 1
    return bool(BULLET.match(text[spans[nxt][0]:spans[nxt][1]])) and not _is_heading(text, spans, nxt)


def _refers_back(unit: str) -> bool:
    """Does ``unit`` need the sentence before it to be understood?"""
    if _ANAPHORA.match(unit) or _BACK_REFERENCE.search(unit):
        return True
    return bool(_TIME_REFERENCE.search(unit)) and not _CONDITION.search(unit)


def unit_spans(hits: list[Hit], units: ChunkUnits | None = None) -> list[Spans]:
    """Per hit, its units' spans (from ``units``, split there once per text)."""
    units = units if units is not None else ChunkUnits()
    return [units.of(h.chunk) for h in hits]


def _text(hits: list[Hit], units: list[Spans], part: Part) -> str:
    s, e = units[part[0]][part[1]]
    return hits[part[0]].chunk.text[s:e]


def _items(rank: int, intro: int, hits: list[Hit], units: list[Spans],
           by_index: dict[tuple[str, int], int]) -> list[Part]:
    """The items after a list intro: the run of units of the first item's kind; when the
    intro ends its chunk, the first units of the following retrieved chunks."""
    text, spans = hits[rank].chunk.text, units[rank]
    if intro == len(spans) - 1:
        chunk = hits[rank].chunk
        items = []
        for step in range(1, _MAX_ITEMS + 1):
            nxt = by_index.get((chunk.doc_id, chunk.index + step))
            if nxt is None or not units[nxt]:
                break
            items.append((nxt, 0))
        return items

    def kind(pos: int) -> str:
        unit = text[spans[pos][0]:spans[pos][1]]
        if _is_heading(text, spans, pos):
            return "prose"  # "2. Hinweise" starts the next section, it is no item
        if BULLET.match(unit):
            return "bullet"
        if is_table_row(unit):
            return "table"  # layout text of a table is no list item
        if _ANAPHORA.match(unit):
            return "prose"  # "Daher sollte dieses Instrument …" continues the text, no item
        return "short" if len(unit) < 160 else "prose"

    items: list[Part] = []
    for pos in range(intro + 1, min(intro + 1 + _MAX_ITEMS, len(spans))):
        if kind(pos) in ("prose", "table") or (items and kind(pos) != kind(items[0][1])):
            break
        items.append((rank, pos))
    return items
