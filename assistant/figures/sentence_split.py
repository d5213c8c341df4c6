"""Sentences of a page text: lines joined (hyphenation undone), bullets, headings and paragraphs
kept apart so a heading like "5. Wirkung / Ziele" does not colour the next sentence."""

from __future__ import annotations

import re

from assistant.domain.instruments import normalize_label
from assistant.text.units import sentence_ends

# Bullet glyphs (private-use symbols of Word PDFs, DEL, •, →); a dash only when a space follows,
# so "-2,5" at a line start keeps its sign.
BULLET = re.compile(r"^(?:[\x00-\x1f\x7f\u2022\u25aa\u25a0\u25ba\u2192\uf0a7\uf0b7\uf0d8\ue000-\uf8ff*•]|[-–](?=\s))\s*")
_TOC_LINE = re.compile(r"\.{4,}\s*\d+\s*$")  # "Strategische Ausrichtung ..... 9" is no statement


def split_sentences(text: str) -> list[str]:
    """Sentences of one page text, whitespace collapsed, in reading order."""
    sentences: list[str] = []
    current = ""
    lines = [line.strip() for line in text.splitlines()] + [""]
    for i, line in enumerate(lines[:-1]):
        if not line or BULLET.match(line):
            sentences += _split_joined(current)
            current = BULLET.sub("", line)
            if not current:
                continue
        elif current.endswith("-") and re.match(r"(?:und|oder|bzw\.|sowie)\b", line):
            current = f"{current} {line}"  # "Arbeitsmarkt- und Integrationsprogramm"
        elif current.endswith("-") and line[:1].islower():
            current = current[:-1] + line
        elif current.endswith("-"):
            current += line
        else:
            current = f"{current} {line}".strip()
        if current == line and _is_heading(line, lines[i + 1]):
            sentences.append(current)
            current = ""
    sentences += _split_joined(current)
    return [normalize_label(s) for s in sentences if s.strip() and not _TOC_LINE.search(s)]


def _is_heading(line: str, following: str) -> bool:
    """A short first line of a paragraph without final punctuation, followed by a capital.
    Short means short for its column: in a narrow text column every line is short, and
    "… beträgt 13,9" / "Mio. Euro (Vorjahr …" is one sentence, so the line must also be
    clearly shorter than the next one."""
    if re.match(r"^\d+(?:\.\d+)*\.?\s+[A-ZÄÖÜ]", line) and len(line) < 80:
        return True
    return (len(line) < 60 and len(line) < 0.7 * len(following)
            and not line.endswith((".", ",", "-", ":", ";")) and following[:1].isupper())


def _split_joined(paragraph: str) -> list[str]:
    parts, start = [], 0
    for end in sentence_ends(paragraph):
        parts.append(paragraph[start:end])
        start = end
    parts.append(paragraph[start:])
    return [p.strip() for p in parts if p.strip()]
