"""Text units: German sentence splitting, bullets, and ``[S1]`` source markers.

Tables are answered from the table model (``ingest.tables``), never parsed from text: a
space-aligned line of layout text is kept apart as its own unit only so it does not run
into the prose around it, and is never quoted as an answer.

Shared by the citation check (which sentence cites what; which part of a chunk is the
quote) and the extractive backend (which sentences answer the question). Positions are
returned as ``(start, end)`` spans so quotes stay exact substrings of the source.
"""

from __future__ import annotations

import re

# "[S1]", "[S1, S3]", "[S1;S2]", "[S 2]", "[S1, 3]".
MARKER = re.compile(r"\[\s*S\s*\d+(?:\s*[,;]\s*S?\s*\d+)*\s*\]", re.IGNORECASE)

# Words after which a full stop does not end a sentence.
_ABBREVIATIONS = frozenset(
    "z b bzw ca nr abs mio mrd tsd vgl ggf inkl u a d h s dr etc evtl usw sog i v m r lt max min "
    "zzgl bspw gem einschl ff f ziff kap tab abb anm jan feb mrz apr jun jul aug sep sept okt nov "
    "dez std mind rd insb zb dh ua o g e.v".split()
)
_END = re.compile(r"[.!?]+[\"“”»«')\]]*(?=\s)")
_TABLE_ROW = re.compile(r"\S(?: {3,}|\t)\S")
# A bullet glyph (any symbol, incl. the private-use glyphs PDFs emit) or "1." / "a)".
BULLET = re.compile(r"^\s*(?:[^\w\s\"„“”'(\[§%€+]|\d{1,2}[.)]|[a-z]\))\s+")
_MAX_UNIT = 400


def marker_ids(marker: str) -> list[int]:
    """Passage numbers named by one marker: ``[S1, S3]`` → ``[1, 3]``."""
    return [int(n) for n in re.findall(r"\d+", marker)]


def sentence_ends(text: str) -> list[int]:
    """Offsets just after each sentence-closing punctuation in ``text`` (abbreviations,
    ordinals and trailing remarks excepted); the one rule every splitter here uses."""
    return [m.end() for m in _END.finditer(text) if _is_boundary(text, m.end())]


def _is_boundary(text: str, end: int) -> bool:
    """Does the punctuation ending at ``end`` close a sentence?"""
    stop = end - 1
    while stop >= 0 and text[stop] in "\"“”»«')]":
        stop -= 1
    if text[stop] != ".":
        return True
    word = re.search(r"([\wÄÖÜäöüß.]+)\.$", text[: stop + 1])
    token = (word.group(1) if word else "").lower()
    if token in _ABBREVIATIONS or token.replace(".", "") in _ABBREVIATIONS:
        return False
    if re.fullmatch(r"\d{1,2}", token) or re.fullmatch(r"[a-zäöü]", token):
        return False  # ordinals ("3. Quartal"), initials, "a." in lists
    nxt = re.match(r"\s*(\S)", text[end:])
    # "… (LZB). (Stand Nov. 2019: 73,5 % aller eLb)": a trailing remark stays with its sentence.
    return bool(nxt) and not nxt.group(1).islower() and nxt.group(1) != "("


def split_sentences(text: str) -> list[tuple[int, int]]:
    """Sentence spans of running text (e.g. a model's answer); a line break also ends one."""
    spans: list[tuple[int, int]] = []
    for line in re.finditer(r"[^\n]+", text):
        base, piece = line.start(), line.group(0)
        start = 0
        for m in _END.finditer(piece):
            if _is_boundary(piece, m.end()):
                spans.append((base + start, base + m.end()))
                start = m.end()
        spans.append((base + start, base + len(piece)))
    return _trim(text, spans)


def _prose_sentences(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Sentences of a block of wrapped prose lines (line breaks are not boundaries)."""
    block = text[start:end]
    flat = block.replace("\n", " ")
    spans: list[tuple[int, int]] = []
    first = 0
    for m in _END.finditer(flat):
        if _is_boundary(flat, m.end()):
            spans.append((start + first, start + m.end()))
            first = m.end()
    spans.append((start + first, end))
    return spans


def split_units(text: str) -> list[tuple[int, int]]:
    """Quotable units of PDF text: table rows, bullet items, headings and sentences.

    Prose lines wrap at the page width, so a line break inside prose is no boundary; a
    short line that does not end in a hyphen or comma ends a bullet or heading.
    """
    lines = [(m.start(), m.end()) for m in re.finditer(r"[^\n]+", text)]
    if not lines:
        return []
    prose = [e - s for s, e in lines if not _TABLE_ROW.search(text[s:e].strip())]
    width = max(prose) if prose else 0
    spans: list[tuple[int, int]] = []
    block_start: int | None = None
    block_end = 0
    for s, e in lines:
        line = text[s:e]
        tabular = bool(_TABLE_ROW.search(line.strip()))
        if tabular or BULLET.match(line):
            if block_start is not None:
                spans.extend(_prose_sentences(text, block_start, block_end))
                block_start = None
            if tabular:
                spans.append((s, e))
                continue
        if block_start is None or text[block_end:s].count("\n") > 1:
            if block_start is not None:
                spans.extend(_prose_sentences(text, block_start, block_end))
            block_start = s
        block_end = e
        # A short line ends a bullet or heading, unless the next line visibly continues it.
        # Inside a paragraph it ends the unit only at a sentence end: in a narrow column a
        # long (capitalised) noun leaves the line before it short ("…, um dem" / "Fachkräfte…").
        following = text[e:].lstrip(" \t")
        continues = following.startswith("\n") and following[1:2].islower()
        mid_sentence = block_start != s and not line.rstrip().endswith((".", "!", "?", ":", ";"))
        short = ((e - s) < 0.7 * width and not line.rstrip().endswith(("-", ",", "–"))
                 and not continues and not mid_sentence)
        if short:
            spans.extend(_prose_sentences(text, block_start, block_end))
            block_start = None
    if block_start is not None:
        spans.extend(_prose_sentences(text, block_start, block_end))
    return [piece for span in _trim(text, spans) for piece in _limit(text, span)]


def chunk_units(text: str, table: bool = False) -> list[tuple[int, int]]:
    """Units of a chunk: a table-row chunk (caption, then one "label — column: value" line
    per row) has one unit per line; other text is split by ``split_units``."""
    if table:
        return _trim(text, [(m.start(), m.end()) for m in re.finditer(r"[^\n]+", text)])
    return split_units(text)


def _limit(text: str, span: tuple[int, int]) -> list[tuple[int, int]]:
    """Very long units (run-on lists) are cut at line breaks so quotes stay readable."""
    s, e = span
    if e - s <= _MAX_UNIT or "\n" not in text[s:e]:
        return [span]
    return _trim(text, [(m.start() + s, m.end() + s) for m in re.finditer(r"[^\n]+", text[s:e])])


def _trim(text: str, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    out = []
    for s, e in spans:
        while s < e and text[s].isspace():
            s += 1
        while e > s and text[e - 1].isspace():
            e -= 1
        if e > s and re.search(r"\w", text[s:e]):
            out.append((s, e))
    return out


def is_table_row(line: str) -> bool:
    """A layout-extracted table row: cells separated by runs of spaces."""
    return bool(_TABLE_ROW.search(line.strip()))
