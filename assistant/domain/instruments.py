"""Canonical names for instruments, indicators and budget lines (glossary of shared/DOMAIN.md).

AMIPs name the same thing in many ways ("Förderung berufliche Weiterbildung", "FbW",
"Bildungsgutschein", "§§ 81 ff. SGB III"). Figures from two years can only be compared and
questions only be checked when every label maps to one canonical code.
"""

from __future__ import annotations

import re
from dataclasses import dataclass


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


# Order matters: specific entries first ("Umschichtung aus dem Eingliederungstitel" is an
# Umschichtung, "darunter Maßnahmen bei einem Träger" is MAT, not the § 45 parent line).
CANONICALS: tuple[Canonical, ...] = (
    _c("Umschichtung", "Umschichtung aus dem Eingliederungstitel", "budget", r"umschicht|umgeschichtet"),
    # "Verbinderungen" is a real-world misspelling of Vorbindungen in a budget table.
    _c("Vorbindungen", "Vorbindungen", "budget",
       r"\bv[eo]rbind(?:ung|erung)|vorbelastung|gebundene mittel"),
    _c("Neubewilligungen", "Neubewilligungen", "budget", r"neubewillig|neugeschäft|neue bewilligung"),
    _c("KFA", "kommunaler Finanzierungsanteil", "budget", r"kommunale[rn]? finanzierungsanteil|\bkfa\b"),
    _c("VKB", "Verwaltungskostenbudget", "budget",
       r"verwaltungs(?:kosten)?(?:budget|haushalt|kosten|mittel)|\bvkb\b|\bvwk\b"),
    _c("EGT", "Eingliederungsbudget", "budget",
       r"eingliederungs(?:budget|titel|mitteln?\b|leistungen)|\begt\b|\begb\b|\begl\b"),
    _c("Gesamtbudget", "Gesamtbudget", "budget", r"gesamtbudget|mittelzuteilung|gesamtmittel"),
    _c("AVGS", "Aktivierungs- und Vermittlungsgutschein (AVGS)", "instrument",
       r"\bavgs\b|vermittlungsgutschein"),
    _c("MAG", "Maßnahmen bei einem Arbeitgeber (MAG)", "instrument",
       r"\bmag\b|maßnahmen? bei einem arbeitgeber"),
    _c("MAT", "Maßnahmen bei einem Träger (MAT)", "instrument", r"\bmat\b|maßnahmen? bei einem träger"),
    _c("§45", "Maßnahmen zur Aktivierung und beruflichen Eingliederung (§ 45 SGB III)", "instrument",
       r"§45\b|aktivierung und beruflichen? eingliederung"),
    _c("FbW", "Förderung der beruflichen Weiterbildung (FbW)", "instrument",
       r"\bfbw\b|berufliche[rn]? weiterbildung|bildungsgutschein|umschulung|abschlussorientierte[rn]? weiterbildung"),
    _c("EGZ", "Eingliederungszuschuss (EGZ)", "instrument", r"\begz\b|eingliederungszusch"),
    _c("AGH", "Arbeitsgelegenheiten (AGH)", "instrument", r"\bagh\b|arbeitsgelegenheit|ein-euro-job|§16d\b"),
    _c("EVL", "Eingliederung von Langzeitarbeitslosen (EVL, § 16e SGB II)", "instrument",
       r"\bevl\b|eingliederung von langzeitarbeitslosen|§16e\b"),
    _c("TaAM", "Teilhabe am Arbeitsmarkt (TaAM, § 16i SGB II)", "instrument",
       r"\btaam\b|teilhabe am arbeitsmarkt|soziale[nr]? arbeitsmarkt|§16i\b"),
    _c("FAV", "Förderung von Arbeitsverhältnissen", "instrument", r"förderung von arbeitsverhältnissen|\bfav\b"),
    _c("ESG", "Einstiegsgeld (ESG, § 16b SGB II)", "instrument", r"\besg\b|einstiegsgeld|§16b\b"),
    _c("§16c", "Leistungen für Selbständige (§ 16c SGB II)", "instrument",
       r"§16c\b|eingliederung von selbst(?:st)?ändigen"),
    _c("§16f", "Freie Förderung (§ 16f SGB II)", "instrument", r"§16f\b|freie[nr]? förderung"),
    _c("§16h", "Förderung schwer zu erreichender junger Menschen (§ 16h SGB II)", "instrument",
       r"§16h\b|schwer zu erreichende"),
    _c("§16k", "Ganzheitliche Betreuung (GaBe, § 16k SGB II)", "instrument",
       r"§16k\b|\bgabe\b|ganzheitliche[nr]? betreuung"),
    _c("§16a", "Kommunale Eingliederungsleistungen (§ 16a SGB II)", "instrument",
       r"§16a\b|kommunale eingliederungsleistungen|schuldnerberatung|suchtberatung"),
    _c("Reha", "Berufliche Rehabilitation (Reha)", "instrument",
       r"\breha\b|rehabilitand|berufliche rehabilitation|teilhabe am arbeitsleben|rehapro"),
    _c("VB", "Vermittlungsbudget (§ 44 SGB III)", "instrument", r"vermittlungsbudget|§44\b"),
    _c("BaE", "Berufsausbildung in außerbetrieblichen Einrichtungen (BaE)", "instrument",
       r"\bbae\b|außerbetriebliche[rn]? (?:berufs)?ausbildung|außerbetrieblichen einrichtungen"),
    _c("AsA", "Assistierte Ausbildung (AsA)", "instrument", r"\basa\b|assistierte ausbildung"),
    _c("EQ", "Einstiegsqualifizierung (EQ)", "instrument", r"einstiegsqualifizierung"),
    _c("IQ", "Integrationsquote", "indicator", r"integrationsquote|\biq\b"),
    _c("LZB", "Bestand an Langzeitleistungsbeziehenden (LZB)", "indicator",
       r"langzeitleistungsbez|\blzb\b"),
    _c("LLU", "Summe der Leistungen zum Lebensunterhalt", "indicator",
       r"leistungen zum lebensunterhalt|\bllu\b"),
    _c("LZA", "Langzeitarbeitslose", "indicator", r"langzeitarbeitslose|\blza\b"),
    _c("Frauenanteil", "Frauenanteil", "indicator", r"frauenanteil|anteil (?:der )?frauen|anteil weiblich|frauen ist ein anteil"),
    _c("eLb", "erwerbsfähige Leistungsberechtigte (eLb)", "indicator",
       r"\belb\b|erwerbsfähigen? leistungsberechtigt"),
    _c("BG", "Bedarfsgemeinschaften (BG)", "indicator", r"\bbg(?:en)?\b|bedarfsgemeinschaft"),
    _c("Alleinerziehende", "Alleinerziehende", "indicator", r"alleinerziehend"),
    _c("Arbeitslose", "Arbeitslose", "indicator", r"\barbeitslose[nr]?\b"),
    _c("U25", "junge Menschen unter 25 (U25)", "indicator", r"\bu ?25\b"),
)

BY_CODE: dict[str, Canonical] = {c.code: c for c in CANONICALS}

# Labels of a table's sum line; matched on the whole label only, never inside sentences.
_TOTAL = re.compile(r"^(?:eintritte )?(?:gesamt|insgesamt|summe|gesamtsumme)\b", re.IGNORECASE)

# Sub-rows like "darunter Frauen" qualify their parent line instead of naming something new.
QUALIFIERS: dict[str, re.Pattern[str]] = {
    "Frauen": re.compile(r"\bfrauen\b", re.IGNORECASE),
    "Männer": re.compile(r"\bmänner\b", re.IGNORECASE),
    "U25": re.compile(r"\bu ?25\b|unter 25", re.IGNORECASE),
    "Ü50": re.compile(r"\bü ?50\b|über 50", re.IGNORECASE),
}

# Target groups named in AMIPs and the instruments (or label words) that serve them.
TARGET_GROUPS: dict[str, tuple[re.Pattern[str], frozenset[str], re.Pattern[str]]] = {
    "Alleinerziehende": (re.compile(r"alleinerziehend|\(allein-\)erziehende", re.I),
                         frozenset(), re.compile(r"alleinerz|teilzeit", re.I)),
    "junge Menschen": (re.compile(r"junge[n]? menschen|jugendliche|\bu ?25\b", re.I),
                       frozenset({"§16h", "BaE", "AsA", "EQ"}), re.compile(r"jünger|jugend|u ?25", re.I)),
    "Geflüchtete": (re.compile(r"geflüchtete|flüchtling|zugewanderte", re.I),
                    frozenset(), re.compile(r"geflücht|flücht|migra|sprach|job-turbo", re.I)),
    "Menschen mit Behinderungen": (re.compile(r"behinderung|rehabilitand|schwerbehindert", re.I),
                                   frozenset({"Reha"}), re.compile(r"reha|behind", re.I)),
    "Ältere": (re.compile(r"\bältere[n]?\b|\bü ?50\b", re.I), frozenset(), re.compile(r"älter|ü ?50", re.I)),
    "Langzeitarbeitslose": (re.compile(r"langzeitarbeitslos", re.I),
                            frozenset({"EVL", "TaAM", "AGH", "FAV"}), re.compile(r"langzeit", re.I)),
}


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
