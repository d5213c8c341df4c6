"""B questions from notable changes: one deterministic German template per kind and direction.

Every number is written as printed with its unit explicit (``quantities.quantity``) next to the
column it stands in, so the reader can find it in the cited row. When the document gives a
reason for the change, the question quotes it and asks about the consequences instead.
"""

from __future__ import annotations

from assistant.domain.instruments import category, display_name
from assistant.drafting.base import Context, Draft, Evidence
from assistant.drafting.changes import Change, notable_changes
from assistant.drafting.quantities import pct, quantity, with_column
from assistant.drafting.reasons import clause_quote, reason_for
from assistant.text.numbers import format_german

_SUBJECT = {"entries": "die geplanten Eintritte", "budget": "die Mittel", "count": "die Zahl",
            "target": "der Zielwert"}
_TOPIC = {"entries": "Instrumente und Eintrittsplanung", "budget": "Finanzen", "target": "Ziele",
          "count": "Ziele"}
_ABSCHLUSS = ("FbW",)  # degree-oriented training: the DGB's priority instrument (DOMAIN.md)
SMALL_COUNT = 50  # counts below this weigh their relative change less in the ranking


def change_drafts(ctx: Context) -> list[Draft]:
    """One question per notable change; an instrument whose entries and funds both change gets one
    question with both."""
    changes = [c for c in notable_changes(ctx.figures, ctx.previous)
               if not (c.figure.kind == "target" and " " in c.figure.instrument)]  # "IQ Frauen": gender-gap rule
    funds = {c.figure.instrument: c for c in changes if c.figure.kind == "budget" and c.figure.instrument
             and category(c.figure.instrument) == "instrument"}
    drafts, merged = [], set()
    for change in changes:
        extra = funds.get(change.figure.instrument) if change.figure.kind == "entries" else None
        if extra is not None:
            merged.add(id(extra))
        drafts.append(_draft(ctx, change, extra))
    return [d for d, c in zip(drafts, changes) if id(c) not in merged]


def name_of(code: str, label: str) -> str:
    """ "„Förderung berufliche Weiterbildung“": the label as printed, quoted; a lexicon name only
    when the printed label is a bare abbreviation."""
    if len(label) <= 5 and code and category(code) in ("instrument", "indicator", "budget"):
        return display_name(code, label)
    return f"„{label}“"


def _movement(change: Change) -> str:
    """ "sinken die geplanten Eintritte von 56 (Ist 2023) auf 37 (Plan 2024), ein Rückgang um 34 %"."""
    fig = change.figure
    subject = _SUBJECT.get(fig.kind, "der Wert")
    plural = subject.startswith("die ") and fig.kind != "count"
    if change.before is None:
        return (f"{'liegen' if plural else 'liegt'} {subject} bei {with_column(change.after)}, "
                f"eine Veränderung um {quantity(change.change)} gegenüber dem Vorjahr")
    up = change.direction > 0
    verb = ("steigen" if plural else "steigt") if up else ("sinken" if plural else "sinkt")
    before = with_column(change.before)
    if change.previous_figure is not None:
        before = f"{quantity(change.before)} im AMIP des Vorjahres ({change.before.column})"
    text = f"{verb} {subject} von {before} auf {with_column(change.after)}"
    size = _size(change)
    if size:
        text += f", {'ein Anstieg' if up else 'ein Rückgang'} um {size}"
    return text


def _size(change: Change) -> str:
    """How much: a rate moves in percentage points (24,1 % → 23,0 % is 1,1 Prozentpunkte, not
    4,6 %) unless the document prints a relative change; counts and money in percent."""
    printed = change.change
    if change.after.unit == "%" and change.before.unit == "%":
        if printed is not None and printed.role == "change_pct":
            return f"{printed.printed.lstrip('+-−– ') or pct(abs(printed.value))} %"
        points = printed.printed.lstrip("+-−– ") if printed is not None and printed.printed \
            else format_german(abs(change.after.value - change.before.value), 1)
        return f"{points} Prozentpunkte"
    rel = change.relative
    if rel is None or change.before.value == 0:
        return ""
    size = printed.printed.lstrip("+-−– ") if printed is not None else f"{pct(rel)} %"
    return size if "%" in size or "Prozent" in size else f"{size} %"


def _draft(ctx: Context, change: Change, funds: Change | None = None) -> Draft:
    fig = change.figure
    evidence: list[Evidence] = []
    parts = []
    for part in (change, funds):
        if part is None:
            continue
        first = len(evidence)
        evidence += [Evidence.of(part.figure)] + ([Evidence.of(part.previous_figure)] if part.previous_figure else [])
        parts.append(_movement(part) + "".join(f" ⟦{k}⟧" for k in range(first, len(evidence))))
    text = f"Für {name_of(fig.instrument, fig.label)} {'; zugleich '.join(parts)}. "
    reason = reason_for(ctx, fig)
    if reason is not None:
        evidence.append(ctx.evidence(*reason))
        text += (f"Das Programm begründet dies so: „{clause_quote(reason[1])}“ ⟦{len(evidence) - 1}⟧. "
                 + _consequences(change))
    else:
        text += _ask(change)
    weight = _weight(change)
    # The key names the row: two rows the lexicon gives one code ("Kommunale Eingliederungsleistungen")
    # are two questions.
    key = f"change:{fig.kind}:{fig.instrument}:{fig.label.lower()}"
    return Draft(_TOPIC.get(fig.kind, "Weitere Zahlen"), key, weight, text, _rationale(change), evidence)


def _ask(change: Change) -> str:
    fig, down = change.figure, change.direction < 0
    if fig.kind == "target":
        if fig.instrument.startswith(("LZB", "LLU")):
            return ("Welche Angebote sind vorgesehen, um den Übergang in den Langzeitbezug zu verhindern, und "
                    "reichen die geplanten Eintritte dafür aus?")
        return ("Welche Gründe sieht die Geschäftsführung für das niedrigere Ziel, und mit welchen Maßnahmen will "
                "sie gegensteuern?" if down else "Mit welchen Maßnahmen soll dieses Ziel erreicht werden?")
    if fig.instrument == "Umschichtung":  # money leaving the Förderung: a rise is the concern
        return ("Wofür werden die Mittel, die nun im Eingliederungsbudget bleiben, eingesetzt?" if down else
                "Warum wird mehr umgeschichtet, und auf welche Förderangebote wird dafür verzichtet?")
    if fig.kind == "budget":
        return ("Welche Folgen hat diese Kürzung, und wie wurde die Entscheidung begründet?"
                if down else "Wofür werden die zusätzlichen Mittel eingesetzt?")
    if down and fig.instrument in _ABSCHLUSS:
        return ("Warum hält die Geschäftsführung diese Kürzung für notwendig, obwohl abschlussorientierte "
                "Weiterbildung die besten Chancen auf eine dauerhafte Integration bietet?")
    if down:
        return ("Warum hält die Geschäftsführung diese Kürzung für notwendig, und wie sollen die bisher "
                "geförderten Leistungsberechtigten künftig unterstützt werden?")
    return "Welche Wirkung verspricht sich die Geschäftsführung davon, und woran wird der Erfolg gemessen?"


def _consequences(change: Change) -> str:
    if change.direction < 0:
        return ("Welche Folgen hat das für die Leistungsberechtigten, und wie sollen sie künftig unterstützt "
                "werden?")
    return "Welche Wirkung wird davon erwartet, und woran wird der Erfolg gemessen?"


def _weight(change: Change) -> float:
    """Strong relative changes first; cuts of the DGB's priority instrument and worse targets up."""
    rel = abs(change.relative or 0.0)
    fig = change.figure
    size = 1.0
    if change.before is not None and fig.kind != "budget":  # "6 → 0" is a smaller matter than "56 → 37"
        size = min(1.0, max(abs(change.before.value), abs(change.after.value)) / SMALL_COUNT)
    weight = 50 + min(30.0, rel * 0.5) * size
    if change.before is not None:
        weight += min(10.0, abs(change.after.value - change.before.value) / (20 if fig.kind != "budget" else 1e5))
    if fig.kind == "target":
        weight = max(weight, 62.0)
    if fig.instrument in _ABSCHLUSS and fig.kind == "entries" and change.direction < 0:
        weight += 15
    return weight


def _rationale(change: Change) -> str:
    kind = change.figure.kind
    if kind == "target":
        return "Ein Ziel entwickelt sich ungünstig; nach Gründen und Gegenmaßnahmen fragen."
    if kind == "budget":
        return "Veränderung der Mittel gegenüber dem Vorjahr (DGB-Frage A5)."
    how = "gekürzt" if change.direction < 0 else "ausgeweitet"
    return (f"Starke Veränderung ({how}): Der DGB empfiehlt, nach den Gründen und den erwarteten Wirkungen "
            "zu fragen.")
