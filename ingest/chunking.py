"""Section-aware chunking of a cleaned ``Document`` into retrievable passages.

A chunk is always a contiguous slice of ``Document.text`` made of whole lines, so a table
row (label followed by its numbers) is never cut. Cut points are scored: before a heading
is best, then page and paragraph boundaries, then sentence ends; never between a heading
and its first line or between two table rows unless a table is longer than a chunk."""

from __future__ import annotations

import bisect
import hashlib
import re
from dataclasses import dataclass
from statistics import median

from ingest.tables.types import Table
from ingest.types import Chunk, Document

_STRONG_HEADING = re.compile(
    r"^(?:\d{1,2}(?:\.\d{1,2}){0,3}\.?|[A-H]\.?\)|[A-H]\.|[IVX]{1,4}\.)\s+[„\"(]?[A-ZÄÖÜ§]")
# "1. Januar 2024 ...", "3. Quartal" start like a numbered heading but are dates.
_DATE_START = re.compile(r"^\d{1,2}\.\s+(?:Januar|Februar|März|April|Mai|Juni|Juli|August|"
                         r"September|Oktober|November|Dezember|Quartal|Halbjahr)\b")
_HEADING_CONTINUES = re.compile(
    r"(?:[-/,&]|\b(?:und|oder|sowie|der|die|das|des|für|zur|zum|von|mit|im|in|am|bei))$")
_TRAILING_NUMBERS = re.compile(r"(?:\s[-+−]?\d[\d.,]*\s?%?){2,}$")
_SENTENCE_END = re.compile(r"[.!?;)“\"]$")

# Cut scores (higher is a better place to end a chunk).
_SCORE_END = 5.0
_SCORE_STRONG = 4.0
_SCORE_WEAK = 3.0
_SCORE_PAGE = 2.5
_SCORE_PARAGRAPH = 2.0
_SCORE_SENTENCE = 1.0
_SCORE_LINE = 0.0
_SCORE_IN_TABLE = -5.0
_SCORE_AFTER_HEADING = -10.0
_CROSSED_SECTION_PENALTY = 1.5
_CROSSED_PAGE_PENALTY = 0.5


@dataclass
class _Line:
    """One non-blank line (or piece of an overlong line) with offsets into the text."""

    start: int
    end: int
    text: str
    page: int
    paragraph_start: bool = False
    heading: int = 0  # 0 body, 1 weak (title-like line), 2 strong (numbered)
    table: bool = False
    section: str = ""


def chunk_document(doc: Document, target_chars: int = 800, max_chars: int = 1100,
                   overlap_chars: int = 120) -> list[Chunk]:
    """Split ``doc`` into chunks of about ``target_chars`` (at most ``max_chars`` unless a
    single line is longer), overlapping by whole lines of at most ``overlap_chars``."""
    lines = _lines(doc, max_chars)
    if not lines:
        return []
    _classify(lines)
    scores = [_cut_score(lines, j) for j in range(len(lines))] + [_SCORE_END]
    chunks: list[Chunk] = []
    start, min_end = 0, 1
    while start < len(lines):
        end = _best_end(lines, scores, start, min_end, target_chars, max_chars)
        chunks.append(_make_chunk(doc, lines, start, end, len(chunks)))
        if end >= len(lines):
            break
        next_start = _overlap_start(lines, scores, start, end, overlap_chars, max_chars)
        start, min_end = next_start, end + 1
    return chunks


def _lines(doc: Document, max_chars: int) -> list[_Line]:
    """Non-blank lines with offsets of their stripped content; overlong lines split."""
    page_starts = [page.char_start for page in doc.pages]
    numbers = [page.number for page in doc.pages]
    lines: list[_Line] = []
    previous_end = 0
    for match in re.finditer(r"[^\n]+", doc.text):
        raw = match.group()
        if not raw.strip():
            continue
        start = match.start() + len(raw) - len(raw.lstrip())
        end = match.end() - (len(raw) - len(raw.rstrip()))
        page = numbers[max(0, bisect.bisect_right(page_starts, start) - 1)] if numbers else 1
        gap = doc.text[previous_end:start]
        for index, (s, e) in enumerate(_split_long(doc.text, start, end, max_chars)):
            lines.append(_Line(s, e, doc.text[s:e], page,
                               paragraph_start=index == 0 and gap.count("\n") >= 2))
        previous_end = end
    if lines:
        lines[0].paragraph_start = True
    return lines


def _split_long(text: str, start: int, end: int, max_chars: int) -> list[tuple[int, int]]:
    """Pieces of a line longer than ``max_chars``, cut after sentences, else at spaces."""
    pieces = []
    while end - start > max_chars:
        window = text[start:start + max_chars]
        cut = max(window.rfind(". "), window.rfind("? "), window.rfind("! "))
        cut = cut + 1 if cut > max_chars // 3 else window.rfind(" ")
        if cut <= 0:
            cut = max_chars  # one endless token: a hard cut is the only option
        pieces.append((start, start + len(window[:cut].rstrip())))
        start += cut
        while start < end and text[start].isspace():
            start += 1
    pieces.append((start, end))
    return pieces


def _is_table_row(text: str) -> bool:
    """A line ending in two numbers: a row of a table the table reader did not take."""
    return bool(_TRAILING_NUMBERS.search(text))


def _classify(lines: list[_Line]) -> None:
    """Mark table rows and headings and record the section each line belongs to."""
    for line in lines:
        line.table = _is_table_row(line.text)
    long_lines = [len(line.text) for line in lines if len(line.text) >= 20]
    typical = median(long_lines) if long_lines else 80
    strong, weak = "", ""
    for i, line in enumerate(lines):
        previous = lines[i - 1] if i else None
        following = lines[i + 1] if i + 1 < len(lines) else None
        if previous is not None and previous.heading == 2 and _continues(previous, line):
            line.heading = 2  # second line of a wrapped numbered heading
            strong = f"{strong} {line.text}"
            previous.section = strong
        elif _is_strong_heading(line) and not _inside_sentence(previous, line, following):
            line.heading, strong, weak = 2, line.text, ""
        elif _is_weak_heading(line, previous, following, typical):
            line.heading, weak = 1, line.text
        line.section = " › ".join(part for part in (strong, weak) if part)


def _continues(heading: _Line, line: _Line) -> bool:
    return (bool(_HEADING_CONTINUES.search(heading.text)) and len(line.text) <= 70
            and not line.paragraph_start and not line.table and not _is_strong_heading(line))


def _is_strong_heading(line: _Line) -> bool:
    """Numbered headings: '3.2 Eingliederungsbudget', '1. Einleitung', 'A.) Fragen'."""
    text = line.text
    return (len(text) <= 100 and not line.table and bool(_STRONG_HEADING.match(text))
            and not _DATE_START.match(text) and not text.endswith((",", ";"))
            and not (text.endswith(".") and len(text) > 40))  # a sentence, not a title


def _inside_sentence(previous: _Line | None, line: _Line, following: _Line | None) -> bool:
    """A line that starts with a number in the middle of a wrapped sentence ("… innerhalb der
    vergangenen" / "24 Monate mindestens 21 Monate …" / "erhalten haben, …") is no heading."""
    return (previous is not None and following is not None and not line.paragraph_start
            and previous.heading == 0 and not previous.table
            and not _SENTENCE_END.search(previous.text) and not previous.text.endswith(":")
            and following.text[:1].islower())


def _is_weak_heading(line: _Line, previous: _Line | None, following: _Line | None,
                     typical: float) -> bool:
    """Short title-like lines between sentences: 'Gesetzlicher Auftrag'. In German every
    noun is capitalised, so a line must also be clearly shorter than a full text line."""
    text = line.text
    core = text.lstrip("→►▶➢ ")  # arrows mark sub-headings in many AMIPs
    if (len(text) > min(70, 0.75 * typical) or len(core) < 4 or line.table
            or not core[0].isupper()
            or text.endswith((".", ",", ";", "-")) or len(text.split()) > 10):
        return False
    if sum(c.isdigit() for c in text) > len(text) // 3:
        return False
    after_sentence = (previous is None or line.paragraph_start or previous.heading > 0
                      or bool(_SENTENCE_END.search(previous.text)))
    # A following line in lower case continues the sentence, so this is no heading; a
    # numbered heading next means this line closed the previous section (a signature).
    before_new_start = following is None or not (following.text[0].islower()
                                                  or _is_strong_heading(following))
    return after_sentence and before_new_start


def _cut_score(lines: list[_Line], j: int) -> float:
    """How good it is to start a new chunk at line ``j``."""
    if j == 0:
        return _SCORE_END
    line, previous = lines[j], lines[j - 1]
    if line.heading == 2 and previous.heading != 2:
        return _SCORE_STRONG
    if previous.heading:
        return _SCORE_AFTER_HEADING
    if line.table and any(other.table for other in lines[max(0, j - 3):j]):
        return _SCORE_IN_TABLE  # also keeps a wrapped table header with its rows
    if line.heading == 1:
        return _SCORE_WEAK
    if previous.text.endswith(":") or (line.table and not _SENTENCE_END.search(previous.text)):
        return _SCORE_LINE  # a lead-in ("folgende Ziele:") or caption belongs to what follows
    if line.page != previous.page:
        return _SCORE_PAGE
    if line.paragraph_start:
        return _SCORE_PARAGRAPH
    if _SENTENCE_END.search(previous.text):
        return _SCORE_SENTENCE
    return _SCORE_LINE


def _best_end(lines: list[_Line], scores: list[float], start: int, min_end: int,
              target: int, max_chars: int) -> int:
    """Index after the last line of the chunk starting at ``start``."""
    best, best_value = None, float("-inf")
    crossed = 0.0
    end = max(start + 1, min_end)
    while end <= len(lines):
        size = lines[end - 1].end - lines[start].start
        if size > max_chars and end > max(start + 1, min_end):
            break
        score = scores[end]
        # Headings may end a small chunk (a short section); other cuts need some body.
        minimum = target // 4 if score >= _SCORE_WEAK else target // 2
        if size >= minimum or end == len(lines):
            value = score - 2 * abs(size - target) / target - crossed
            if value > best_value:
                best, best_value = end, value
        # A chunk that runs on past a new numbered section after some body mixes two topics;
        # one that runs over a page break cites less precisely.
        if end < len(lines) and lines[end].page != lines[end - 1].page:
            crossed += _CROSSED_PAGE_PENALTY
        if scores[end] == _SCORE_STRONG and size >= target // 4:
            crossed = max(crossed, _CROSSED_SECTION_PENALTY)
        end += 1
    return best if best is not None else max(end - 1, start + 1, min_end)


def _overlap_start(lines: list[_Line], scores: list[float], start: int, end: int,
                   overlap_chars: int, max_chars: int) -> int:
    """Start of the next chunk: repeat whole trailing lines unless a section or page begins."""
    if scores[end] >= _SCORE_PAGE:
        return end
    first = end
    while (first - 1 > start and not lines[first - 1].heading
           and lines[first - 1].page == lines[end].page
           and lines[end - 1].end - lines[first - 1].start <= overlap_chars
           and lines[end].end - lines[first - 1].start <= max_chars):
        first -= 1
    # The repeated lines start with a sentence, never inside one ("bleibt für … Engpass."
    # without "Die Kinderbetreuung" would be quoted as a sentence of its own).
    while first < end and not lines[first].paragraph_start and not lines[first - 1].heading \
            and not _SENTENCE_END.search(lines[first - 1].text) and not lines[first - 1].text.endswith(":"):
        first += 1
    return first


def _make_chunk(doc: Document, lines: list[_Line], start: int, end: int, index: int) -> Chunk:
    char_start, char_end = lines[start].start, lines[end - 1].end
    text = doc.text[char_start:char_end]
    page_start, page_end = lines[start].page, lines[end - 1].page
    # Where each later page begins inside the chunk, so a quote can be cited with its page.
    breaks = tuple(max(0, page.char_start - char_start) for page in doc.pages
                   if page_start < page.number <= page_end)
    digest = hashlib.sha256(f"{doc.doc_id}:{char_start}:{char_end}:{text}".encode("utf-8"))
    return Chunk(chunk_id=digest.hexdigest()[:32], doc_id=doc.doc_id, text=text,
                 char_start=char_start, char_end=char_end, page_start=page_start,
                 page_end=page_end, section=lines[start].section, filename=doc.filename,
                 index=index, page_breaks=breaks)


def table_chunks(tables: list[Table], doc: Document, first_index: int, max_chars: int = 900) -> list[Chunk]:
    """Chunks of consecutive table rows (at most ``max_chars`` of text, at least one row),
    each ``table.rows_text(start, end)``: so a row is retrieved and cited with its column
    names, its caption and its own page."""
    chunks: list[Chunk] = []
    for table in tables:
        start, size = 0, len(table.title)
        for end, row in enumerate(table.rows):
            line = len(table.row_text(row)) + 1
            if end > start and size + line > max_chars:
                chunks.append(_table_chunk(doc, table, start, end, first_index + len(chunks)))
                start, size = end, len(table.title)
            size += line
        if table.rows:
            chunks.append(_table_chunk(doc, table, start, len(table.rows), first_index + len(chunks)))
    return chunks


def _table_chunk(doc: Document, table: Table, start: int, end: int, index: int) -> Chunk:
    rows = table.rows[start:end]
    text = table.rows_text(start, end)
    lines = text.split("\n")
    # Where a later page begins inside the chunk: before the first row printed on it.
    breaks = tuple(sum(len(x) + 1 for x in lines[: k + 1]) for k in range(1, len(rows))
                   if rows[k].page != rows[k - 1].page)
    digest = hashlib.sha256(f"{doc.doc_id}:table:{table.table_id}:{text}".encode("utf-8"))
    return Chunk(chunk_id=digest.hexdigest()[:32], doc_id=doc.doc_id, text=text,
                 char_start=len(doc.text), char_end=len(doc.text), page_start=rows[0].page,
                 page_end=rows[-1].page, section=table.title, filename=doc.filename, index=index,
                 page_breaks=breaks, table_id=table.table_id, table_rows=(start, end))
