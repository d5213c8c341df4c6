"""Canonical names for instruments, indicators and budget lines (lexicon.json).

AMIPs name the same thing in many ways ("Förderung berufliche Weiterbildung", "FbW",
"Bildungsgutschein", "§§ 81 ff. SGB III"). Figures from two years can only be compared and
questions only be checked when every label maps to one canonical code.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from assistant.domain.lexicon import lexicon


@dataclass(frozen=True)
class Canonical:
    """One canonical instrument, indicator or budget line."""

    code: str  # short key, e.g. "FbW", "IQ", "EGT"
    name: str  # German long form used in drafted questions
    category: str  # "instrument" | "indicator" | "budget" | "total"
    pattern: re.Pattern[str]


def _c(code: str, name: str, category: str, pattern: str) -> Canonical:
    # "§16i" in a pattern also matches "§ 16 i" and "§§ 16i": quotes must stay verbatim, so the
    # patterns bend to the printed text instead of the text being rewritten.
    pattern = re.sub(r"§(\d+)([a-z]?)", lambda m: r"§+\s*" + m[1] + (r"\s*" + m[2] if m[2] else ""), pattern)
    return Canonical(code, name, category, re.compile(pattern, re.IGNORECASE))


# Order matters (lexicon.json lists specific entries first): "Umschichtung aus dem
# Eingliederungstitel" is an Umschichtung, "darunter Maßnahmen bei einem Träger" is MAT.
CANONICALS: tuple[Canonical, ...] = tuple(
    _c(e["code"], e["name"], e["category"], e["pattern"]) for e in lexicon()["instruments"])

BY_CODE: dict[str, Canonical] = {c.code: c for c in CANONICALS}

# Labels of a table's sum line; matched on the whole label only, never inside sentences.
_TOTAL = re.compile(lexicon()["total"], re.IGNORECASE)

# Sub-rows like "darunter Frauen" qualify their parent line instead of naming something new.
QUALIFIERS: dict[str, re.Pattern[str]] = {
    name: re.compile(pattern, re.IGNORECASE) for name, pattern in lexicon()["qualifiers"].items()}

# Target groups named in AMIPs: (mention pattern, instrument codes that serve them, label pattern).
TARGET_GROUPS: dict[str, tuple[re.Pattern[str], frozenset[str], re.Pattern[str]]] = {
    name: (re.compile(g["pattern"], re.IGNORECASE), frozenset(g["codes"]), re.compile(g["labels"], re.IGNORECASE))
    for name, g in lexicon()["target_groups"].items()}


def normalize_label(text: str) -> str:
    """Collapse whitespace; nothing else, so a label or quote stays as printed."""
    return re.sub(r"\s+", " ", text).strip()


def canonical(label: str) -> str:
    """Canonical code for a printed label, ``""`` if the glossary does not know it."""
    norm = normalize_label(label)
    if _TOTAL.match(norm):
        return "Gesamt"
    for entry in CANONICALS:
        if entry.pattern.search(norm):
            return entry.code
    return ""


def qualifier(label: str) -> str:
    """Group qualifier of a sub-row label ("darunter Frauen" → "Frauen"), else ``""``."""
    norm = normalize_label(label)
    if canonical(norm) not in ("", "U25"):
        return ""
    return next((name for name, pat in QUALIFIERS.items() if pat.search(norm)), "")


def category(code: str) -> str:
    """Category of a canonical code; sub-group codes like "IQ Frauen" inherit their base."""
    base = code.split(" ")[0]
    if base == "Gesamt":
        return "total"
    entry = BY_CODE.get(base)
    return entry.category if entry else ""


def display_name(code: str, label: str = "") -> str:
    """German long name for a drafted question, falling back to the printed label."""
    base, _, group = code.partition(" ")
    entry = BY_CODE.get(base)
    if entry is None:
        return label or code
    return f"{entry.name} ({group})" if group else entry.name


def short_name(code: str) -> str:
    """Compact name for enumerations: "FbW", "§ 16h SGB II", "§ 45 SGB III"."""
    if code.startswith("§"):
        return f"§ {code[1:]} SGB {'III' if code == '§45' else 'II'}"
    return code


def find_mentions(text: str, categories: tuple[str, ...] = ("instrument", "indicator", "budget")
                  ) -> list[tuple[str, int, int]]:
    """All canonical mentions in running text as ``(code, start, end)``, in text order.

    Overlapping matches keep the earlier-listed (more specific) entry, so "Eingliederung von
    Langzeitarbeitslosen" is EVL and not also LZA.
    """
    norm = normalize_label(text)
    found: list[tuple[str, int, int]] = []
    taken: list[tuple[int, int]] = []
    for entry in CANONICALS:
        if entry.category not in categories:
            continue
        for m in entry.pattern.finditer(norm):
            if any(m.start() < e and s < m.end() for s, e in taken):
                continue
            taken.append((m.start(), m.end()))
            found.append((entry.code, m.start(), m.end()))
    return sorted(found, key=lambda f: f[1])


def mentioned_codes(text: str) -> set[str]:
    """Set of canonical codes mentioned in ``text`` (used by the rephrasing guard)."""
    return {code for code, _, _ in find_mentions(text)}
