"""B questions drawn from the text: target groups without instruments or money behind them,
women's share of the planned entries, and statements without figures or reasons."""

from __future__ import annotations

import re

from assistant.domain.instruments import TARGET_GROUPS, find_mentions, short_name
from assistant.text.numbers import find_numbers
from assistant.question_base import Context, Draft, Evidence, latest_value, num
from assistant.types import Figure

_FOCUS = re.compile(r"zielgruppe|fokus|schwerpunkt|aufmerksamkeit|besonder|personengruppe", re.IGNORECASE)
_VAGUE = re.compile(r"weiter (?:aus)?gebaut|weiter ausbauen|weiter verbessert|weiter verbessern|verstärkt|"
                    r"intensiviert|weiterentwickelt|weiter entwickelt|vorangetrieben|vorantreiben|gestärkt|"
                    r"weiter gesteigert|ausgebaut|ausgeweitet|unverändert hohe[rn]? anzahl|weiter benötigt", re.IGNORECASE)
_REASON = re.compile(r"\bweil\b|\bda\b|\bdenn\b|\bum\b.*\bzu\b|\bdamit\b|auf ?grund|wegen|hintergrund",
                     re.IGNORECASE)
_PRONOUN_START = re.compile(r"^(?:diese[rsnm]?|dies|dessen|deren|sie|er|es|hierzu|dazu|davon)\b", re.IGNORECASE)
_YEAR = re.compile(r"^(?:19|20)\d\d$")
_CHANCEN = re.compile(r"chancengleichheit|frauen", re.IGNORECASE)
MAX_VAGUE = 3


def text_drafts(ctx: Context) -> list[Draft]:
    drafts = [_no_entry_plan(ctx), _target_groups(ctx), _women_share(ctx)]
    return [d for d in drafts if d] + _vague_statements(ctx)


def _no_entry_plan(ctx: Context) -> Draft | None:
    """The text describes the instrument mix but no table gives planned entries per instrument."""
    if ctx.of_kind("entries"):
        return None
    hits = [(page, s) for page, s in ctx.sentences if find_mentions(s, ("instrument",))]
    codes = {code for _, s in hits for code, _, _ in find_mentions(s, ("instrument",))}
    if len(codes) < 3:
        return None
    ordered = sorted(codes, key=lambda c: next(i for i, h in enumerate(hits) if c in {m[0] for m in find_mentions(h[1])}))
    names = _enumerate([short_name(c) for c in ordered[:4]])
    best = max(hits, key=lambda h: len(find_mentions(h[1], ("instrument",))))
    text = (f"Das Programm beschreibt den Instrumentenmix (u. a. {names}) ⟦0⟧, enthält aber keine Eintrittsplanung "
            "mit Zahlen je Instrument. Kann die Geschäftsführung dem Beirat die geplanten Eintritte und Mittel je "
            "Instrument im Vergleich zum Vorjahr vorlegen, und welche Veränderungen sind vorgesehen?")
    return Draft("Instrumente und Eintrittsplanung", "instrument:no-plan", 64.0, text,
                 "Ohne Eintrittsplanung kann der Beirat Veränderungen im Instrumentenmix nicht beurteilen (DGB A6).",
                 [ctx.evidence(*best)])


def _served(group: str, entries: list[Figure]) -> bool:
    """Whether some planned entries (> 0) serve ``group`` by instrument or by their label."""
    _, codes, label_words = TARGET_GROUPS[group]
    for fig in entries:
        plan = latest_value(fig)
        if plan and plan[1] > 0 and (fig.instrument in codes or label_words.search(fig.label)):
            return True
    return False


def _target_groups(ctx: Context) -> Draft | None:
    """Target groups the text puts in focus while the Eintrittsplanung has nothing for them."""
    entries = [f for f in ctx.of_kind("entries") if f.instrument != "Gesamt"]
    named: dict[str, list[tuple[int, str]]] = {}
    for group, (pattern, _, _) in TARGET_GROUPS.items():
        hits = ctx.find(pattern)
        if hits and not _served(group, entries):
            named[group] = hits
    if not named:
        return None
    ranked = sorted(named, key=lambda g: -len(named[g]))[:3]
    evidence = [ctx.evidence(*_best_passage(named[g], TARGET_GROUPS[g][0])) for g in ranked]
    groups = _enumerate([f"{g} ⟦{k}⟧" for k, g in enumerate(ranked)])
    if entries:
        total = next((f for f in ctx.of_kind("entries") if f.instrument == "Gesamt"), entries[0])
        evidence.append(Evidence.of(total))
        text = (f"Das Programm nennt {groups} als Zielgruppen, die Eintrittsplanung weist für sie aber keine eigenen "
                f"Instrumente oder Eintritte aus ⟦{len(evidence) - 1}⟧. ")
    else:
        text = f"Das Programm nennt {groups} als Zielgruppen, beziffert aber weder Eintritte noch Mittel für sie. "
    text += "Mit welchen Angeboten und welchem Budget sollen diese Gruppen konkret erreicht werden?"
    return Draft("Zielgruppen", "groups:unserved", 48.0 + 2 * len(ranked), text,
                 "Jede genannte Zielgruppe braucht Instrumente und Geld; benachteiligte Gruppen müssen ausreichend "
                 "Förderangebote erhalten.", evidence)


def _best_passage(hits: list[tuple[int, str]], pattern: re.Pattern[str] | None = None) -> tuple[int, str]:
    """Prefer a short sentence naming the group as a focus (a bullet or heading) over a passing
    mention or a statistic."""
    def score(hit: tuple[int, str]) -> float:
        sentence = hit[1]
        starts = bool(pattern and pattern.match(sentence))
        has_numbers = any(not _YEAR.match(n.raw) for n in find_numbers(sentence))
        return 2 * bool(_FOCUS.search(sentence)) + starts + (len(sentence) < 140) - 2 * has_numbers
    return max(hits, key=score)  # max keeps the first of equals: document order breaks ties


def _enumerate(items: list[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " und " + items[-1]


def _women_share(ctx: Context) -> Draft | None:
    """Women's share of planned entries versus their share of the eLb (or a missing share)."""
    entry_share = _share(ctx.figures, "Frauenanteil Eintritte")
    elb_share = _share(ctx.figures, "Frauenanteil")
    if entry_share and elb_share:
        e, b = latest_value(entry_share)[1], latest_value(elb_share)[1]
        if b - e < 2:
            return None
        text = (f"Frauen stellen {num(b, 1)} % der erwerbsfähigen Leistungsberechtigten ⟦0⟧, sollen aber nur "
                f"{num(e, 1)} % der Eintritte erhalten ⟦1⟧. Warum bleibt der geplante Frauenanteil an den Eintritten "
                "hinter ihrem Anteil an den Leistungsberechtigten zurück, und wie soll die Lücke geschlossen werden?")
        return Draft("Chancengleichheit", "women:share", 56.0, text,
                     "Frauen sollen entsprechend ihrem Anteil an den Leistungsberechtigten gefördert werden.",
                     [Evidence.of(elb_share), Evidence.of(entry_share)])
    if entry_share or not ctx.of_kind("entries"):
        return None
    mentions = ctx.find(_CHANCEN)
    if not mentions:
        return None
    text = ("Das Programm will die Chancengleichheit von Frauen verbessern ⟦0⟧, nennt aber keinen geplanten "
            "Frauenanteil an den Eintritten. Wie hoch soll der Anteil der Frauen an den Eintritten sein, gemessen "
            "an ihrem Anteil an den erwerbsfähigen Leistungsberechtigten?")
    return Draft("Chancengleichheit", "women:share", 44.0, text,
                 "Frauen sollen entsprechend ihrem Anteil gefördert werden; ohne Zielwert lässt sich das nicht prüfen.",
                 [ctx.evidence(*_best_passage(mentions, _CHANCEN))])


def _share(figures: list[Figure], code: str) -> Figure | None:
    return next((f for f in figures if f.instrument == code and latest_value(f)), None)


def _clause_quote(sentence: str, limit: int = 170) -> str:
    """The sentence, or its first clauses up to ``limit`` characters followed by " …"."""
    if len(sentence) <= limit:
        return sentence
    cut = sentence[:limit]
    end = cut.rfind(",")
    return (cut[:end] if end > 40 else cut[: cut.rfind(" ")]) + " …"


def _vague_statements(ctx: Context) -> list[Draft]:
    """Announcements without a number ("wird weiter ausgebaut"); those without a reason first."""
    scored = []
    for page, sentence in ctx.sentences:
        if not _VAGUE.search(sentence) or len(sentence) > 260 or len(sentence) < 25:
            continue
        if _PRONOUN_START.match(sentence) or any(
                not _YEAR.match(n.raw) and "§" not in sentence[max(0, n.start - 2): n.start]
                for n in find_numbers(sentence)):
            continue  # has a figure, or is unintelligible without the previous sentence
        score = 2 * len(find_mentions(sentence)) + sum(
            1 for pattern, _, _ in TARGET_GROUPS.values() if pattern.search(sentence)) - bool(_REASON.search(sentence))
        scored.append((score, page, sentence))
    scored.sort(key=lambda s: -s[0])  # stable: equal scores keep document order
    drafts = []
    for score, page, sentence in scored[:MAX_VAGUE]:
        quote = _clause_quote(sentence)
        text = (f"Im Programm heißt es: „{quote}“ ⟦0⟧. Welche konkreten Eintritte, Mittel oder Zielwerte stehen "
                "hinter dieser Aussage, und woran wird der Fortschritt gemessen?")
        drafts.append(Draft("Aussagen ohne Zahlen", f"vague:{quote[:60]}", 20.0 + 4 * max(score, 0), text,
                            "Aussagen ohne Zahlen oder Begründung lassen sich nicht überprüfen.",
                            [ctx.evidence(page, sentence)]))
    return drafts
