"""B questions drawn from figures: strong changes per instrument, budget shifts, falling targets.

Thresholds follow what a prepared Beirat member checks (shared/DOMAIN.md): an instrument cut or
grown by a fifth or more (or by a notable absolute number), an Umschichtung from the
Eingliederungs- into the Verwaltungsbudget, Neubewilligungen squeezed by Vorbindungen, a lower
Integrationsquote, more LZB. With last year's AMIP the same checks run across both documents.
"""

from __future__ import annotations

import re

from assistant.domain.instruments import category, display_name
from assistant.question_base import (Context, Draft, Evidence, before_after, eur, latest_value, num, pct,
                                     relative_change)
from assistant.types import Figure

MIN_RELATIVE = 20.0  # % change that counts as strong
MIN_ABSOLUTE = 50  # entries; a notable absolute change even below MIN_RELATIVE
_ARTICLE = {"FbW": "die", "EGZ": "den", "ESG": "das", "§16f": "die", "§16k": "die", "§16h": "die",
            "EVL": "die", "TaAM": "die", "Reha": "die", "VB": "das", "BaE": "die", "AsA": "die", "EQ": "die",
            "FAV": "die", "AVGS": "den", "§16c": ""}
_FACHKRAEFTE = re.compile(r"fachkräft|offene stellen|unbesetzt", re.IGNORECASE)


def for_instrument(code: str, label: str) -> str:
    """Accusative phrase: "die Förderung der beruflichen Weiterbildung (FbW)", or the quoted label."""
    if not code or category(code) != "instrument":
        return f"„{label}“"
    article = _ARTICLE.get(code, "")
    return f"{article} {display_name(code)}".strip()


def _match(figures: list[Figure], code: str, label: str, kind: str) -> Figure | None:
    key = code or label.lower()
    return next((f for f in figures if f.kind == kind and (f.instrument or f.label.lower()) == key), None)


def instrument_drafts(ctx: Context) -> list[Draft]:
    """One question per instrument whose entries or funds change strongly (in this or vs. last AMIP)."""
    drafts, dropped = [], []
    for fig in ctx.of_kind("entries"):
        if fig.instrument == "Gesamt":
            continue
        pair = before_after(fig)
        if pair and pair[1][1] == 0 and 3 <= pair[0][1] < 20:
            dropped.append(fig)
            continue
        funds = _match(ctx.of_kind("budget"), fig.instrument, fig.label, "budget")
        drafts.append(_instrument_draft(ctx, fig, funds))
    for funds in ctx.of_kind("budget"):  # funds per instrument without a row of entries
        if category(funds.instrument) == "instrument" and not _match(ctx.figures, funds.instrument, "", "entries"):
            drafts.append(_instrument_draft(ctx, None, funds))
    drafts = [d for d in drafts if d]
    if dropped:
        drafts.append(_dropped_draft(dropped))
    return drafts


def _strong(before: float, after: float, min_absolute: float) -> bool:
    delta = after - before
    rel = relative_change(before, after)
    if abs(delta) < 5:
        return False
    return rel is None or abs(rel) >= MIN_RELATIVE or (abs(delta) >= min_absolute and abs(rel) >= 5)


def _instrument_draft(ctx: Context, entries: Figure | None, funds: Figure | None) -> Draft | None:
    # Each fact: (phrase after "Für <instrument> ", phrase as a clause of its own).
    facts: list[tuple[str, str]] = []
    evidence: list[Evidence] = []
    weight, direction = 0.0, 0
    fig = entries or funds
    for figure, subject, fmt, min_abs in ((entries, "die geplanten Eintritte", num, MIN_ABSOLUTE),
                                          (funds, "die eingeplanten Mittel", eur, 500_000)):
        pair = before_after(figure) if figure else None
        if pair and _strong(pair[0][1], pair[1][1], min_abs):
            (c0, v0), (c1, v1) = pair
            marker = f" ⟦{len(evidence)}⟧"
            facts.append((_change_phrase(subject, v0, c0, v1, c1, fmt, True) + marker,
                          _change_phrase(subject, v0, c0, v1, c1, fmt, False) + marker))
            evidence.append(Evidence.of(figure))
            direction = direction or (1 if v1 > v0 else -1)
            weight = max(weight, _weight(v0, v1))
    previous = _match(ctx.previous, fig.instrument, fig.label, "entries") if entries else None
    prev_plan, plan = (latest_value(previous) if previous else None), latest_value(fig)
    if prev_plan and plan and _strong(prev_plan[1], plan[1], MIN_ABSOLUTE):
        still = "noch" if prev_plan[1] > plan[1] else "erst"
        last_year = (f"im AMIP des Vorjahres ({previous.filename}) waren für {prev_plan[0]} {still} "
                     f"{num(prev_plan[1])} Eintritte geplant ⟦{len(evidence)}⟧")
        evidence.append(Evidence.of(previous))
        if not facts:
            evidence.append(Evidence.of(fig))
            facts.append((f"sind im {plan[0]} {num(plan[1])} Eintritte vorgesehen ⟦{len(evidence) - 1}⟧; "
                          + last_year, last_year))
        else:
            facts.append((last_year, last_year))
        direction = direction or (1 if plan[1] > prev_plan[1] else -1)
        weight = max(weight, _weight(prev_plan[1], plan[1]))
    if not facts:
        return None
    body = "; ".join([facts[0][0]] + [f[1] for f in facts[1:]])
    text = f"Für {for_instrument(fig.instrument, fig.label)} {body}. " + _ask(ctx, fig.instrument, direction, evidence)
    why = "gekürzt" if direction < 0 else "ausgeweitet"
    rationale = (f"Starke Veränderung ({why}) bei einem Instrument: Der DGB empfiehlt, nach den Gründen und den "
                 "erwarteten Wirkungen zu fragen.")
    if fig.instrument == "FbW" and direction < 0:
        weight += 15
        rationale += " Abschlussorientierte Weiterbildung hat aus gewerkschaftlicher Sicht Vorrang."
    return Draft("Instrumente und Eintrittsplanung", f"instrument:{fig.instrument or fig.label}", weight,
                 text, rationale, evidence)


def _weight(before: float, after: float) -> float:
    """Strong relative changes first; a large absolute change of a big instrument ranks lower."""
    rel = abs(relative_change(before, after) or 100)
    base = 50 if rel >= MIN_RELATIVE else 35
    return base + min(30.0, rel * 0.5) + min(10.0, abs(after - before) / 20)


def _change_phrase(subject: str, v0: float, c0: str, v1: float, c1: str, fmt, verb_first: bool) -> str:
    """ "sinken die geplanten Eintritte von 56 (Ist 2023) auf 37 (Plan 2024), ein Rückgang um 34 %"."""
    if v0 == 0:
        what = subject.split()[-1]
        return (f"sind {fmt(v1)} {what} neu vorgesehen ({c1}; {c0}: 0)" if verb_first
                else f"neu vorgesehen sind {fmt(v1)} {what} ({c1}; {c0}: 0)")
    verb, noun = ("steigen", "ein Anstieg") if v1 > v0 else ("sinken", "ein Rückgang")
    head = f"{verb} {subject}" if verb_first else f"{subject} {verb}"
    return f"{head} von {fmt(v0)} ({c0}) auf {fmt(v1)} ({c1}), {noun} um {pct(relative_change(v0, v1))} %"


def _join(facts: list[str]) -> str:
    return facts[0] if len(facts) == 1 else "; ".join(facts[:-1]) + "; " + facts[-1]


def _ask(ctx: Context, code: str, direction: int, evidence: list[Evidence]) -> str:
    if direction < 0 and code == "FbW":
        skilled = ctx.find(_FACHKRAEFTE)
        if skilled:
            evidence.append(ctx.evidence(*skilled[0]))
            return (f"Warum hält die Geschäftsführung diese Kürzung für notwendig, obwohl in der Region Fachkräfte "
                    f"gesucht werden ⟦{len(evidence) - 1}⟧? Wie sollen Leistungsberechtigte ohne Berufsabschluss "
                    "stattdessen zu einem Abschluss kommen?")
        return ("Warum hält die Geschäftsführung diese Kürzung für notwendig, obwohl abschlussorientierte "
                "Weiterbildung die besten Chancen auf eine dauerhafte Integration bietet?")
    if direction < 0:
        return ("Warum hält die Geschäftsführung diese Kürzung für notwendig, und wie sollen die bisher "
                "geförderten Leistungsberechtigten künftig unterstützt werden?")
    if code == "AGH":
        return ("Welche positiven Effekte verspricht sich die Geschäftsführung davon, und wie wird sichergestellt, "
                "dass Teilnehmende anschließend in sozialversicherungspflichtige Beschäftigung übergehen?")
    return "Welche positiven Effekte verspricht sich die Geschäftsführung davon, und woran wird der Erfolg gemessen?"


def _dropped_draft(figures: list[Figure]) -> Draft:
    parts, evidence = [], []
    for k, fig in enumerate(figures):
        (c0, v0), (c1, _) = before_after(fig)
        name = display_name(fig.instrument) if category(fig.instrument) == "instrument" else fig.label
        parts.append(f"{name}: {num(v0)} im {c0} ⟦{k}⟧")
        evidence.append(Evidence.of(fig))
    plan_col = before_after(figures[0])[1][0]
    text = (f"Für folgende Instrumente sind im {plan_col} keine Eintritte mehr vorgesehen: {'; '.join(parts)}. "
            "Warum werden diese Angebote eingestellt, und welche Angebote treten an ihre Stelle?")
    return Draft("Instrumente und Eintrittsplanung", "instrument:dropped", 38.0, text,
                 "Instrumente, die ganz wegfallen, verändern den Instrumentenmix; nach Gründen fragen.", evidence)
