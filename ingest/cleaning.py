"""Text clean-up of extracted PDF pages: glyph junk, running headers/footers, page numbers,
hyphenation at line ends and whitespace. Works on plain text, one string per page."""

from __future__ import annotations

import re
import unicodedata
from collections import Counter

# Lines at the top/bottom of a page that may be running headers, footers or page numbers.
EDGE_LINES = 3
# A line counts as running header/footer when it occurs on at least this share of pages.
REPEAT_SHARE = 0.6

_LIGATURES = {"\ufb00": "ff", "\ufb01": "fi", "\ufb02": "fl", "\ufb03": "ffi", "\ufb04": "ffl",
              "\ufb05": "st", "\ufb06": "st"}
# pypdf/pdfium mark discretionary hyphens with these; they are never part of a word.
_SOFT_HYPHENS = "\u00ad\ufffe"
# Symbol-font bullets arrive as private-use glyphs or DEL; at a line start they are list markers.
_BULLET_GLYPH = re.compile(r"^([ \t]*)(?:[\ue000-\uf8ff\x7f\u2022\u25aa\u25cf\u25a0\uf0b7])[ \t]*",
                           re.MULTILINE)
_PRIVATE_USE = re.compile(r"[\ue000-\uf8ff]")
_SURROGATES = re.compile(r"[\ud800-\udfff]")
# All C0/C1 controls except newline and tab (tab is turned into a space later).
_CONTROLS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def _cp1252_char(code: int) -> str:
    try:
        return bytes([code]).decode("cp1252")
    except UnicodeDecodeError:
        return ""


# Fonts without a proper encoding map leak Windows-1252 bytes as C1 controls ("\x80" for €).
_C1_AS_CP1252 = {code: _cp1252_char(code) for code in range(0x80, 0xA0)}

_PAGE_NUMBER_ANYWHERE = re.compile(
    r"^\s*(?:[-–—]\s*\d{1,4}\s*[-–—]|(?:Seite|S\.)\s*\d{1,4}(?:\s*(?:von|/)\s*\d{1,4})?)\s*$",
    re.IGNORECASE)
_BARE_NUMBER = re.compile(r"^\s*\d{1,4}(?:\s*/\s*\d{1,4})?\s*$")

# Words after "Ein- " that show the hyphen is a real (suspended) hyphen: "Ein- und Austritte".
_CONJUNCTIONS = ("und", "oder", "bzw", "sowie", "als", "bis", "noch", "wie")
_HYPHEN_END = re.compile(r"(\w)[-" + _SOFT_HYPHENS + r"]$")


def is_page_number(line: str) -> bool:
    """A line that only numbers the page: "Seite 3", "S. 3 von 10", "- 3 -", "3", "3/10"."""
    return bool(_PAGE_NUMBER_ANYWHERE.match(line) or _BARE_NUMBER.match(line))


def clean_pages(raw_pages: list[str]) -> list[str]:
    """Clean the texts of all pages of one document (headers are detected across pages)."""
    pages = [_normalise_chars(p) for p in raw_pages]
    pages = [p.split("\n") for p in pages]
    pages = _drop_running_lines(pages)
    pages = [_drop_page_numbers(lines) for lines in pages]
    pages = [_dehyphenate(lines) for lines in pages]
    _dehyphenate_across_pages(pages)
    return [_normalise_whitespace(lines) for lines in pages]


def _normalise_chars(text: str) -> str:
    """Unicode NFC, ligatures, bullets and removal of glyph junk (PUA, NUL, controls)."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\f", "\n")
    text = _SURROGATES.sub("", text)
    text = unicodedata.normalize("NFC", text)
    for lig, plain in _LIGATURES.items():
        text = text.replace(lig, plain)
    text = _BULLET_GLYPH.sub(r"\1• ", text)
    text = _PRIVATE_USE.sub("", text)
    text = _CONTROLS.sub("", text.translate(_C1_AS_CP1252))
    text = text.replace("\t", " ").replace("\u00a0", " ").replace("\u202f", " ")
    # Soft hyphens inside a line are invisible break opportunities; keep them only at line end.
    text = re.sub(r"[" + _SOFT_HYPHENS + r"](?=[^\n])", "", text)
    return text


def _line_key(line: str) -> str:
    """Comparison key for running lines: digits normalised so 'Seite 3 von 40' == 'Seite 4 von 40'."""
    return re.sub(r"\d+", "#", " ".join(line.split())).casefold()


def _edge_indices(lines: list[str]) -> list[int]:
    """Indices of the first and last ``EDGE_LINES`` non-blank lines."""
    filled = [i for i, line in enumerate(lines) if line.strip()]
    return sorted(set(filled[:EDGE_LINES] + filled[-EDGE_LINES:]))


def _edge_bands(lines: list[str]) -> list[list[tuple[int, tuple[str, int, str]]]]:
    """Top and bottom edge lines, each band ordered from the page edge inwards, as
    (line index, (edge, rank, key)). The rank matters: running lines sit at the same place
    on every page."""
    filled = [i for i, line in enumerate(lines) if line.strip()]
    top = [(i, ("top", rank, _line_key(lines[i])))
           for rank, i in enumerate(filled[:EDGE_LINES])]
    bottom = [(i, ("bottom", rank, _line_key(lines[i])))
              for rank, i in enumerate(reversed(filled[-EDGE_LINES:]))]
    return [top, bottom]


def _drop_running_lines(pages: list[list[str]]) -> list[list[str]]:
    """Remove lines that repeat at the same top or bottom position on most pages."""
    if len(pages) < 2:
        return pages
    bands = [_edge_bands(lines) for lines in pages]
    counts: Counter[tuple[str, int, str]] = Counter()
    for page_bands in bands:
        counts.update({key for band in page_bands for _, key in band})
    # Short documents give little evidence: there a running line must be on every page.
    needed = len(pages) if len(pages) <= 3 else round(REPEAT_SHARE * len(pages))
    running = {key for key, n in counts.items() if n >= needed}
    result = []
    for lines, page_bands in zip(pages, bands):
        drop: set[int] = set()
        for band in page_bands:
            # Headers/footers form a contiguous band from the edge; stop at the first body
            # line so repeated body sentences further in survive.
            for index, key in band:
                if key not in running:
                    break
                drop.add(index)
        result.append([line for i, line in enumerate(lines) if i not in drop])
    return result


def _drop_page_numbers(lines: list[str]) -> list[str]:
    """Drop page-number lines; bare numbers only at page edges (mid-page they may be data)."""
    edges = set(_edge_indices(lines))
    return [line for i, line in enumerate(lines)
            if not (_PAGE_NUMBER_ANYWHERE.match(line)
                    or (i in edges and _BARE_NUMBER.match(line)))]


def _hyphen_join(line: str, next_line: str) -> tuple[str, str] | None:
    """If ``line`` ends in a break hyphen, return (joined line, rest of next line)."""
    match = _HYPHEN_END.search(line.rstrip())
    stripped_next = next_line.lstrip()
    if not match or not stripped_next:
        return None
    word, _, rest = stripped_next.partition(" ")
    head = line.rstrip()
    soft = head[-1] in _SOFT_HYPHENS
    bare = word.rstrip(".,;:!?)").lower()
    if not soft and bare in _CONJUNCTIONS:
        return None  # "Ein-\nund Austritte": a suspended hyphen, keep the line break
    abbreviation = len(head) >= 3 and head[-3:-1].isupper()  # "LZB-bestand" keeps its hyphen
    if soft or (word[0].islower() and match.group(1).isalpha() and not abbreviation):
        joined = head[:-1] + word  # "Rahmenbedin-" + "gungen"
    elif word[0].isalnum():
        joined = head + word  # "Ilm-" + "Kreis", "SGB II-" + "Leistungen": real hyphen
    else:
        return None
    return joined, rest


def _dehyphenate(lines: list[str]) -> list[str]:
    """Join words broken at line ends by moving the tail word up to the hyphenated line."""
    out = list(lines)
    consumed: set[int] = set()  # lines whose only word moved up vanish (no fake blank line)
    for i in range(len(out) - 1):
        if i in consumed:
            continue
        j = i + 1
        while j < len(out) and not out[j].strip():
            j += 1
        # Only join over at most one blank line; more means a new block, not a broken word.
        if j >= len(out) or j - i > 2:
            continue
        joined = _hyphen_join(out[i], out[j])
        if joined:
            out[i], rest = joined
            out[j] = _indent(out[j]) + rest
            if not rest.strip():
                consumed.add(j)
    return [line for i, line in enumerate(out) if i not in consumed]


def _indent(line: str) -> str:
    return line[: len(line) - len(line.lstrip())]


def _dehyphenate_across_pages(pages: list[list[str]]) -> None:
    """A word broken at the end of a page is completed on that page (in place)."""
    for prev, nxt in zip(pages, pages[1:]):
        last = next((i for i in range(len(prev) - 1, -1, -1) if prev[i].strip()), None)
        first = next((i for i, line in enumerate(nxt) if line.strip()), None)
        if last is None or first is None:
            continue
        joined = _hyphen_join(prev[last], nxt[first])
        if joined:
            prev[last], rest = joined
            if rest.strip():
                nxt[first] = _indent(nxt[first]) + rest
            else:
                del nxt[first]


def _normalise_whitespace(lines: list[str]) -> str:
    """Lines stripped, runs of blank lines to one, no blank lines at the page edges."""
    text = "\n".join(line.strip() for line in lines)
    text = re.sub(r"\n{3,}", "\n\n", text)
    return text.strip("\n")
