"""Abbreviations and long forms of the AMIP domain (lexicon.json), expanded both ways.

AMIP drafts say "AGH" in one table and "Arbeitsgelegenheiten" in the next paragraph;
members ask in either form. Retrieval appends the other forms of every group a query
mentions, and figure extraction can map a label to one canonical name.

Matching: abbreviations (``AGH``, ``eLb``, ``U25``) as whole words, case-sensitive, so
"MAG" never matches the verb "mag"; long forms on stemmed content words, so inflections
("Förderung beruflicher Weiterbildung") match too. ``triggers`` are recognised but never
added to a query: plain section numbers like "§ 45 SGB III" would only add noise ("45").
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from assistant.domain.lexicon import lexicon
from assistant.text.tokens import tokenize


@dataclass(frozen=True)
class Group:
    """Terms that mean the same thing; ``terms[0]`` is the canonical name."""

    terms: tuple[str, ...]
    triggers: tuple[str, ...] = ()
    members: tuple[str, ...] = ()  # canonical names of sub-instrument groups (umbrella group)


def _load() -> tuple[Group, ...]:
    return tuple(Group(tuple(g["terms"]), tuple(g.get("triggers", ())), tuple(g.get("members", ())))
                 for g in lexicon()["groups"])


GLOSSARY: tuple[Group, ...] = _load()


_ABBREVIATION = re.compile(r"[A-Za-zÄÖÜäöü]{1,6}\+?|[A-ZÄÖÜ]\d{1,2}")


def _is_abbreviation(term: str) -> bool:
    return bool(_ABBREVIATION.fullmatch(term)) and (
        sum(ch.isupper() for ch in term) >= 2 or any(ch.isdigit() for ch in term)
    )


@dataclass(frozen=True)
class _Pattern:
    term: str
    regex: re.Pattern[str] | None  # abbreviations
    stems: tuple[str, ...]  # long forms


@lru_cache(maxsize=None)
def _pattern(term: str) -> _Pattern:
    if _is_abbreviation(term):
        # Plural/genitive "s" and compounds with a hyphen ("FbW-Maßnahmen") still match.
        regex = re.compile(r"(?<![\wÄÖÜäöüß])" + re.escape(term) + r"s?(?![\wÄÖÜäöüß+])")
        return _Pattern(term, regex, ())
    return _Pattern(term, None, tuple(tokenize(term)))


def _contains(stems: list[str], sub: tuple[str, ...]) -> bool:
    if not sub:
        return False
    n = len(sub)
    return any(tuple(stems[i : i + n]) == sub for i in range(len(stems) - n + 1))


def _term_in(term: str, text: str, stems: list[str]) -> bool:
    pattern = _pattern(term)
    if pattern.regex is not None:
        return bool(pattern.regex.search(text))
    return _contains(stems, pattern.stems)


def matched_groups(text: str, stems: list[str] | None = None) -> list[Group]:
    """Groups with at least one term or trigger in ``text``; an umbrella group and its
    members count as one family for search ("§ 45 SGB III" finds "AVGS" and back).
    ``stems``: ``tokenize(text)`` when the caller has it already."""
    stems = tokenize(text) if stems is None else stems
    direct = [g for g in GLOSSARY if any(_term_in(t, text, stems) for t in g.terms + g.triggers)]
    family = [g for g in GLOSSARY if g not in direct and any(
        g.terms[0] in d.members or d.terms[0] in g.members for d in direct)]
    return direct + family


def expansions(text: str, stems: list[str] | None = None, groups: list[Group] | None = None) -> list[str]:
    """Other forms of every group mentioned in ``text`` that ``text`` does not already contain
    (``stems``, ``groups``: its tokens and ``matched_groups`` when the caller has them)."""
    stems = tokenize(text) if stems is None else stems
    out: list[str] = []
    seen: set[tuple[str, ...] | str] = set()
    for group in (matched_groups(text, stems) if groups is None else groups):
        for term in group.terms:
            pattern = _pattern(term)
            key: tuple[str, ...] | str = pattern.stems or term
            if key in seen or _term_in(term, text, stems):
                continue
            seen.add(key)
            out.append(term)
    return out


def expand_query(text: str) -> str:
    """``text`` followed by the missing equivalent forms (for keyword search)."""
    extra = expansions(text)
    return f"{text} {' '.join(extra)}" if extra else text


def equivalents(term: str) -> tuple[str, ...]:
    """All forms of the group(s) that ``term`` belongs to, ``term`` first; just ``(term,)`` if none."""
    found = [term]
    for group in matched_groups(term):
        found.extend(t for t in group.terms if t not in found)
    return tuple(found)


def canonical(text: str) -> str | None:
    """Canonical name of the first group mentioned in ``text`` ("Arbeitsgelegenheiten" → "AGH")."""
    groups = matched_groups(text)
    return groups[0].terms[0] if groups else None
