"""B questions drawn from the text: a target indicator described without a target value, an
instrument mix without planned entries the assistant could find, and announcements without
figures ("wird weiter ausgebaut")."""

from __future__ import annotations

import re

from assistant.domain.instruments import TARGET_GROUPS, category, display_name, find_mentions, short_name
from assistant.drafting.base import Context, Draft, Evidence, enumerate_de
from assistant.drafting.reasons import clause_quote
from assistant.text.numbers import find_numbers

_VAGUE = re.compile(r"weiter (?:aus)?gebaut|weiter ausbauen|weiter verbessert|weiter verbessern|verstärkt|"
                    r"intensiviert|weiterentwickelt|weiter entwickelt|vorangetrieben|vorantreiben|gestärkt|"
                    r"weiter gesteigert|ausgebaut|ausgeweitet|weiter benötigt", re.IGNORECASE)
_REASON = re.compile(r"\bweil\b|\bda\b|\bdenn\b|\bum\b.*\bzu\b|\bdamit\b|auf ?grund|wegen|hintergrund",
                     re.IGNORECASE)
_PRONOUN_START = re.compile(r"^(?:diese[rsnm]?|dies|dessen|deren|sie|er|es|hierzu|dazu|davon)\b", re.IGNORECASE)
_YEAR = re.compile(r"^(?:19|20)\d\d$")
_TARGET_INDICATORS = ("IQ", "LZB", "LLU")
MAX_VAGUE = 3
MIN_INSTRUMENTS = 3


def text_drafts(ctx: Context) -> list[Draft]:
    drafts = [_no_entries_found(ctx), *_indicators_without_target(ctx)]
    return [d for d in drafts if d] + _vague_statements(ctx)


def _indicators_without_target(ctx: Context) -> list[Draft]:
    """A target indicator stated as a share or level, while no target value for it was found."""
    drafts = []
    targeted = {f.instrument.split(" ")[0] for f in ctx.of_kind("target")}
    for code in _TARGET_INDICATORS:
        if code in targeted:
            continue
        stated = next((f for f in ctx.figures if f.instrument == code and f.kind in ("share", "count")
                       and f.source == "text"), None)
        if stated is None:
            continue
        value = stated.values[0]
        text = (f"Im Programm heißt es: „{clause_quote(stated.quote, value.printed)}“ ⟦0⟧. Einen Zielwert für "
                f"{display_name(code)} hat der Assistent im Programm nicht gefunden. Welches Ziel setzt sich das "
                "Jobcenter dafür, und mit welchen Angeboten soll es erreicht werden?")
        drafts.append(Draft("Ziele", f"target-missing:{code}", 57.0, text,
                            "Die Zielindikatoren nach § 48a SGB II brauchen einen Zielwert, an dem der Beirat den "
                            "Erfolg messen kann.", [Evidence.of(stated)]))
    return drafts


def _no_entries_found(ctx: Context) -> Draft | None:
    """The text describes an instrument mix, but neither a table nor a sentence gives entries."""
    if ctx.of_kind("entries") or any(f.source == "table" and category(f.instrument) == "instrument"
                                     for f in ctx.figures):
        return None  # a table row of an instrument, whatever its kind, is a figure for it
    hits = [(page, s) for page, s in ctx.sentences if find_mentions(s, ("instrument",))]
    codes: list[str] = []
    for _, sentence in hits:
        for code, _, _ in find_mentions(sentence, ("instrument",)):
            if code not in codes:
                codes.append(code)
    if len(codes) < MIN_INSTRUMENTS:
        return None
    best = max(hits, key=lambda h: len(find_mentions(h[1], ("instrument",))))
    text = (f"Das Programm beschreibt den Instrumentenmix (u. a. {enumerate_de([short_name(c) for c in codes[:4]])}) "
            "⟦0⟧. Zahlen zu geplanten Eintritten je Instrument hat der Assistent weder in einer Tabelle noch im "
            "Text gefunden. Kann die Geschäftsführung dem Beirat die geplanten Eintritte und Mittel je Instrument "
            "im Vergleich zum Vorjahr vorlegen?")
    return Draft("Instrumente und Eintrittsplanung", "instrument:no-entries", 64.0, text,
                 "Ohne Zahlen je Instrument kann der Beirat Veränderungen im Instrumentenmix nicht beurteilen (DGB A6).",
                 [ctx.evidence(*best)])


def _vague_statements(ctx: Context) -> list[Draft]:
    """Announcements without a number ("wird weiter ausgebaut"); those without a reason first."""
    scored = []
    for page, sentence in ctx.sentences:
        if not _VAGUE.search(sentence) or not 25 <= len(sentence) <= 260 or _PRONOUN_START.match(sentence):
            continue
        if any(not _YEAR.match(n.raw) and "§" not in sentence[max(0, n.start - 2): n.start]
               for n in find_numbers(sentence)):
            continue  # has a figure: the figure rules cover it
        score = 2 * len(find_mentions(sentence)) + sum(
            1 for pattern, _, _ in TARGET_GROUPS.values() if pattern.search(sentence)) - bool(_REASON.search(sentence))
        scored.append((score, page, sentence))
    scored.sort(key=lambda s: -s[0])  # stable: equal scores keep document order
    drafts = []
    for score, page, sentence in scored[:MAX_VAGUE]:
        quote = clause_quote(sentence)
        text = (f"Im Programm heißt es: „{quote}“ ⟦0⟧. Welche konkreten Eintritte, Mittel oder Zielwerte stehen "
                "hinter dieser Aussage, und woran wird der Fortschritt gemessen?")
        drafts.append(Draft("Aussagen ohne Zahlen", f"vague:{quote[:60]}", 20.0 + 4 * max(score, 0), text,
                            "Aussagen ohne Zahlen oder Begründung lassen sich nicht überprüfen.",
                            [ctx.evidence(page, sentence)]))
    return drafts
