"""Post-processing of pypdf's layout-mode text: reading order of two-column pages and the
spacing inside lines.

Layout mode keeps a table row on one line (label followed by its numbers) but pads text to
its x position, so it also prints two text columns side by side. We detect a consistent
wide gutter of prose on both sides and emit the left column, then the right column."""

from __future__ import annotations

import re
from statistics import median

COLUMN_GAP = "   "  # how a gap between table columns reads after normalisation
MIN_GUTTER = 3  # chars; narrower gaps are word spacing, not a gutter
MAX_GUTTER_FILL = 0.25  # share of lines allowed to cross the gutter (titles, footers)
MIN_TWO_COLUMN_SHARE = 0.4  # share of lines with text on both sides of the gutter
MAX_SCAN_WIDTH = 1000  # chars; layout lines of A4/A3 pages are far shorter

_WORD = re.compile(r"[^\W\d_]{3,}")
# A German amount cut inside its decimals by a narrow table cell: "8.314.730,0" / "0 €".
_AMOUNT_HEAD = re.compile(r"^[-+]?\d{1,3}(?:\.\d{3})*,\d?$")
_AMOUNT_TAIL = re.compile(r"^\d{0,2} ?(?:€|EUR|%)?$")


def normalize_layout(text: str) -> str:
    """Reorder two-column pages and collapse padding; returns plain lines without indentation."""
    lines = [line.rstrip() for line in text.expandtabs(4).split("\n")]
    collapsed = [_collapse_spacing(line) for line in split_columns(lines)]
    return "\n".join(_merge_wrapped_amounts(_drop_blanks_between_rows(collapsed)))


def _drop_blanks_between_rows(lines: list[str]) -> list[str]:
    """Layout mode prints row spacing as blank lines; inside a table they only add noise."""
    kept = []
    for i, line in enumerate(lines):
        if not line and kept and COLUMN_GAP in kept[-1]:
            following = next((nxt for nxt in lines[i + 1:] if nxt), "")
            if COLUMN_GAP in following:
                continue
        kept.append(line)
    return kept


def _collapse_spacing(line: str) -> str:
    """Strip padding; a wide gap becomes ``COLUMN_GAP`` so a row reads 'Label   56   37'."""
    line = line.strip()
    line = re.sub(r" {3,}", COLUMN_GAP, line)
    # Two spaces before a number are a (tight) column gap, elsewhere just wide word spacing.
    line = re.sub(r"(?<=\S) {2}(?=[\d+\-−–(€%])", COLUMN_GAP, line)
    return re.sub(r"(?<=\S) {2}(?=\S)", " ", line)


def split_columns(lines: list[str]) -> list[str]:
    """Return the lines in reading order: two-column regions as left column, then right."""
    gutter = find_gutter(lines)
    if gutter is None:
        return lines
    out: list[str] = []
    left: list[str] = []
    right: list[str] = []
    for line in lines:
        parts = _split_at_gutter(line, *gutter)
        if parts is None:  # full-width line (title, footer): ends the two-column region
            out.extend(_join_columns(left, right))
            left, right = [], []
            out.append(line)
            continue
        left_part, right_part = parts
        if not left_part and not right_part:  # a real blank line belongs to both columns
            left.append("")
            right.append("")
            continue
        # A line empty on one side is no paragraph break in that column, so skip it there.
        if left_part:
            left.append(left_part)
        if right_part:
            right.append(right_part)
    out.extend(_join_columns(left, right))
    return out


def _split_at_gutter(line: str, lo: int, hi: int) -> tuple[str, str] | None:
    """Split ``line`` at a gap of 2+ spaces (or its end) touching ``[lo, hi)``, else None.

    Layout mode places text to within a character or two, so the gap of one line may start
    or end slightly inside the page-wide gutter."""
    if len(line) <= lo or not line[lo:hi].strip():
        return line[:lo].rstrip(), line[lo:].strip()
    if len(line) <= hi:  # ends inside the gutter: a left-column line reaching a bit further
        return line.strip(), ""
    if not line[:lo].strip():  # starts inside the gutter: a right-column line
        return "", line.strip()
    for match in re.finditer(r" {2,}", line):
        if match.start() < hi and match.end() > lo:
            return line[: match.start()].rstrip(), line[match.end():].strip()
    return None


def _join_columns(left: list[str], right: list[str]) -> list[str]:
    if any(s.strip() for s in left) and any(s.strip() for s in right):
        return left + [""] + right
    return left + right


def find_gutter(lines: list[str]) -> tuple[int, int] | None:
    """Columns ``[lo, hi)`` of a vertical gap separating two prose columns, or None."""
    rows = [line for line in lines if line.strip()]
    if len(rows) < 6:
        return None
    width = max(len(line) for line in rows)
    if width > MAX_SCAN_WIDTH:  # posters or absurd padding: keep time bounded, skip detection
        return None
    occupied = [0] * width
    for line in rows:
        for x, char in enumerate(line):
            if char != " ":
                occupied[x] += 1
    limit = MAX_GUTTER_FILL * len(rows)
    free = [int(width * 0.2) <= x <= int(width * 0.8) and occupied[x] <= limit
            for x in range(width)]
    best: tuple[int, int] | None = None
    best_score = 0
    # Slide a narrow window through every free run: a wide run may include the ragged
    # ends of the left column, where a cut would slice words.
    for lo, hi in _runs(free):
        for x in range(lo, hi - MIN_GUTTER + 1):
            score = _two_column_score(rows, x, x + MIN_GUTTER)
            if score > best_score:
                best, best_score = (x, x + MIN_GUTTER), score
    return best


def _runs(flags: list[bool]) -> list[tuple[int, int]]:
    """Maximal runs ``[start, end)`` of True values."""
    runs, start = [], None
    for x, flag in enumerate(flags + [False]):
        if flag and start is None:
            start = x
        elif not flag and start is not None:
            runs.append((start, x))
            start = None
    return runs


def _two_column_score(rows: list[str], lo: int, hi: int) -> int:
    """Number of prose lines on both sides of the gap; 0 if the gap looks like a table."""
    both = [(row[:lo].strip(), row[hi:].strip()) for row in rows
            if row[:lo].strip() and row[hi:].strip() and not row[lo:hi].strip()]
    if len(both) < max(4, MIN_TWO_COLUMN_SHARE * len(rows)):
        return 0
    # Tables put numbers right of the gap and ragged labels left of it; prose columns are
    # words on both sides and the left column is filled up to the gutter.
    if _prose_share([r for _, r in both]) < 0.6 or _prose_share([l for l, _ in both]) < 0.6:
        return 0
    left_fill = median(len(row[:lo].rstrip()) for row in rows if row[:lo].strip()) / lo
    return len(both) if left_fill >= 0.6 else 0


def _prose_share(parts: list[str]) -> float:
    """Share of text pieces that read like running text (letters, at least two words)."""
    def is_prose(part: str) -> bool:
        chars = part.replace(" ", "")
        letters = sum(c.isalpha() for c in chars)
        return len(_WORD.findall(part)) >= 2 and letters >= 0.6 * len(chars)
    return sum(is_prose(p) for p in parts) / len(parts)


def _merge_wrapped_amounts(lines: list[str]) -> list[str]:
    """Re-join amounts that a narrow table column wrapped onto the next line, so the row
    reads '8.314.730,00 €   14.512.052,71 €' instead of two rows of fragments."""
    out: list[str] = []
    for line in lines:
        tails = line.split(COLUMN_GAP) if line else []
        heads = out[-1].split(COLUMN_GAP) if out and out[-1] else []
        pairs = list(zip(heads[-len(tails):], tails)) if tails else []
        # Only certain cuts: a dangling comma, or a tail that carries the unit.
        if (pairs and len(heads) >= len(tails)
                and all(_AMOUNT_HEAD.match(h) and t and _AMOUNT_TAIL.match(t)
                        and (h.endswith(",") or not t[-1].isdigit()) for h, t in pairs)):
            keep = heads[: len(heads) - len(tails)]
            merged = [h + t if t[0].isdigit() else f"{h} {t}" for h, t in pairs]
            out[-1] = COLUMN_GAP.join(keep + merged)
            continue
        out.append(line)
    return out
