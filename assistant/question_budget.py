"""B questions on money and targets: Umschichtung, Vorbindungen vs. Neubewilligungen, budget
changes against last year's AMIP, a falling Integrationsquote, a growing LZB stock and the gap
between women's and men's targets."""

from __future__ import annotations

import re

from assistant.question_base import (Context, Draft, Evidence, before_after, change_value, eur, latest_value, num,
                                     pct, relative_change, signed, value_columns, year_of)
from assistant.types import Figure

_FEWER_NEW = re.compile(r"neubewillig", re.IGNORECASE)
_BUDGET_NAMES = {"EGT": "das Eingliederungsbudget", "VKB": "das Verwaltungskostenbudget"}


def _figure(figures: list[Figure], code: str, kind: str | None = None, need_value: bool = True) -> Figure | None:
    return next((f for f in figures if f.instrument == code and (kind is None or f.kind == kind)
                 and (latest_value(f) or not need_value)), None)


def budget_drafts(ctx: Context) -> list[Draft]:
    return [d for d in (_umschichtung(ctx), _neubewilligungen(ctx), *_budget_changes(ctx)) if d]


def _umschichtung(ctx: Context) -> Draft | None:
    shift = _figure(ctx.figures, "Umschichtung", "budget")
    if not shift or latest_value(shift)[1] <= 0:
        return None
    amount = latest_value(shift)[1]
    evidence = [Evidence.of(shift)]
    text = f"Aus dem Eingliederungsbudget sollen {eur(amount)} in das Verwaltungskostenbudget umgeschichtet werden ⟦0⟧"
    egt = _figure(ctx.figures, "EGT", "budget")
    if egt:
        share = amount / latest_value(egt)[1] * 100
        text += (f"; das entspricht {pct(share)} % des ausgewiesenen Eingliederungsbudgets von "
                 f"{eur(latest_value(egt)[1])} ⟦1⟧")
        evidence.append(Evidence.of(egt))
    weight = 70.0
    before = _figure(ctx.previous, "Umschichtung", "budget")
    if before and latest_value(before)[1] != amount:
        old = latest_value(before)[1]
        text += f". Im AMIP des Vorjahres waren es {eur(old)} ⟦{len(evidence)}⟧"
        evidence.append(Evidence.of(before))
        weight += 10 if amount > old else 0
    text += (". Warum ist diese Umschichtung notwendig, und auf welche Förderangebote wird dafür verzichtet?")
    return Draft("Finanzen", "budget:Umschichtung", weight, text,
                 "Was vom Eingliederungs- in das Verwaltungsbudget umgeschichtet wird, fehlt für die Förderung; der DGB "
                 "fragt nach geplanten Umschichtungen (A5).", evidence)


def _neubewilligungen(ctx: Context) -> Draft | None:
    bound, new = _figure(ctx.figures, "Vorbindungen", "budget"), _figure(ctx.figures, "Neubewilligungen", "budget")
    previous_new = _figure(ctx.previous, "Neubewilligungen", "budget")
    shrinking = bool(new and previous_new and latest_value(new)[1] < latest_value(previous_new)[1] * 0.9)
    if not new or not (shrinking or (bound and latest_value(bound)[1] >= latest_value(new)[1])):
        return None
    evidence, parts = [], []
    if bound:
        parts.append(f"Von den Eingliederungsmitteln sind {eur(latest_value(bound)[1])} bereits durch "
                     f"Vorbindungen aus Vorjahren gebunden ⟦0⟧")
        evidence.append(Evidence.of(bound))
    parts.append(f"für Neubewilligungen bleiben {eur(latest_value(new)[1])} ⟦{len(evidence)}⟧")
    evidence.append(Evidence.of(new))
    if shrinking:
        old = latest_value(previous_new)[1]
        parts.append(f"im AMIP des Vorjahres waren es noch {eur(old)}, ein Rückgang um "
                     f"{pct(relative_change(old, latest_value(new)[1]))} % ⟦{len(evidence)}⟧")
        evidence.append(Evidence.of(previous_new))
    text = "; ".join(parts)
    text = text[0].upper() + text[1:] + ". "
    stated = ctx.find(_FEWER_NEW)
    stated = [s for s in stated if re.search(r"weniger|gering|sink|knapp", s[1], re.IGNORECASE)]
    if stated:
        evidence.append(ctx.evidence(*stated[0]))
        text += f"Das Programm stellt selbst fest, dass weniger Mittel für Neubewilligungen bleiben ⟦{len(evidence) - 1}⟧. "
    text += ("Welche Förderangebote können deshalb nicht neu bewilligt werden, und wie will die Geschäftsführung "
             "den Spielraum für neue Eintritte sichern?")
    return Draft("Finanzen", "budget:Neubewilligungen", 60.0 + (10 if shrinking else 0), text,
                 "Wachsende Vorbindungen verdrängen Neubewilligungen und damit neue Förderungen.", evidence)


def _budget_changes(ctx: Context) -> list[Draft]:
    """Budget against last year: from last year's AMIP, or from a "Vorjahr" value in this one."""
    drafts = []
    for code, name in _BUDGET_NAMES.items():
        now, before = _figure(ctx.figures, code, "budget"), _figure(ctx.previous, code, "budget")
        if now and before:
            v0, v1 = latest_value(before)[1], latest_value(now)[1]
            evidence, where = [Evidence.of(before), Evidence.of(now)], " im AMIP des Vorjahres ⟦0⟧"
            tail = " ⟦1⟧"
        else:
            stated = next((f for f in ctx.figures if f.instrument == code and f.kind == "budget"
                           and before_after(f)), None)
            if stated is None:
                continue
            (_, v0), (_, v1) = before_after(stated)
            evidence, where, tail = [Evidence.of(stated)], " im Vorjahr", " ⟦0⟧"
        rel = relative_change(v0, v1)
        if rel is None or abs(rel) < 5:
            continue
        verb, noun = ("steigt", "ein Anstieg") if v1 > v0 else ("sinkt", "ein Rückgang")
        text = (f"{name[0].upper()}{name[1:]} {verb} von {eur(v0)}{where} auf {eur(v1)}{tail}, "
                f"{noun} um {pct(rel)} %. ")
        text += ("Welche Instrumente sind von der Kürzung betroffen, und wie wurde die Entscheidung begründet?"
                 if v1 < v0 else "Wofür werden die zusätzlichen Mittel eingesetzt?")
        weight = 55.0 + (10 if code == "EGT" and v1 < v0 else 0)
        drafts.append(Draft("Finanzen", f"budget:{code}", weight, text,
                            "Veränderung der Budgets gegenüber dem Vorjahr (DGB-Frage A5).", evidence))
    return drafts


def target_drafts(ctx: Context) -> list[Draft]:
    return [d for d in (_iq(ctx), _lzb(ctx), _gender_gap(ctx)) if d]


def _iq(ctx: Context) -> Draft | None:
    target = _figure(ctx.figures, "IQ", "target", need_value=False)
    if not target:
        return None
    change, cols = change_value(target), value_columns(target)
    before = _figure(ctx.previous, "IQ", "target", need_value=False)
    lower_than_last = bool(before and cols and value_columns(before)
                           and cols[0][1] < value_columns(before)[0][1])
    if not ((change is not None and change < 0) or lower_than_last):
        return None
    evidence = [Evidence.of(target)]
    if cols:
        when = year_of(cols[0][0]) or "künftig"
        text = f"Die Integrationsquote soll {when} bei {num(cols[0][1], 1)} % liegen"
        text += f" ({signed(change)} % gegenüber dem Vorjahr) ⟦0⟧" if change is not None else " ⟦0⟧"
    else:
        text = f"Für die Integrationsquote ist eine Reduzierung um {num(abs(change), 1)} % vorgesehen ⟦0⟧"
    result = next((f for f in ctx.figures if f.instrument == "IQ" and f.kind == "other" and _has_year(f)), None)
    if result:
        text += f"; für {value_columns(result)[0][0]} nennt das Programm {num(value_columns(result)[0][1], 1)} % ⟦1⟧"
        evidence.append(Evidence.of(result))
    if lower_than_last:
        text += (f"; im AMIP des Vorjahres lag das Ziel bei {num(value_columns(before)[0][1], 1)} % "
                 f"⟦{len(evidence)}⟧")
        evidence.append(Evidence.of(before))
    text += (". Welche Gründe sieht die Geschäftsführung für das niedrigere Ziel, und mit welchen Maßnahmen will "
             "sie gegensteuern?")
    return Draft("Ziele", "target:IQ", 66.0, text,
                 "Eine sinkende Integrationsquote ist ein Rückschritt; nach Gründen und Gegenmaßnahmen fragen.",
                 evidence)


def _has_year(figure: Figure) -> bool:
    """A reached value stated with its year ("2023: 16,4 %"), usable next to the target."""
    cols = value_columns(figure)
    return bool(cols and year_of(cols[0][0]))


def _lzb(ctx: Context) -> Draft | None:
    target = _figure(ctx.figures, "LZB", "target", need_value=False)
    if not target:
        return None
    change, cols = change_value(target), value_columns(target)
    if change is None or change <= 0:
        return None
    stock = f" auf {num(cols[0][1])}" if cols and target.unit != "%" else ""
    text = (f"Die Geschäftsführung rechnet mit einem Anstieg des Bestands an Langzeitleistungsbeziehenden (LZB)"
            f"{stock} ({signed(change)} % gegenüber dem Vorjahr) ⟦0⟧. Welche Angebote sind vorgesehen, um den "
            "Übergang in den Langzeitbezug zu verhindern, und reichen die geplanten Eintritte dafür aus?")
    return Draft("Ziele", "target:LZB", 62.0, text,
                 "Mehr Langzeitleistungsbeziehende bedeutet verfestigte Hilfebedürftigkeit; benachteiligte Gruppen "
                 "brauchen ausreichend Förderangebote.", [Evidence.of(target)])


def _gender_gap(ctx: Context) -> Draft | None:
    women, men = _figure(ctx.figures, "IQ Frauen"), _figure(ctx.figures, "IQ Männer")
    if not women or not men:
        return None
    w, m = latest_value(women)[1], latest_value(men)[1]
    if m - w < 2:
        return None
    text = (f"Die Integrationsquote der Frauen soll mit {num(w, 1)} % ⟦0⟧ deutlich unter der der Männer "
            f"({num(m, 1)} % ⟦1⟧) liegen. ")
    evidence = [Evidence.of(women), Evidence.of(men)]
    lzb_w, lzb_m = _figure(ctx.figures, "LZB Frauen"), _figure(ctx.figures, "LZB Männer")
    cw, cm = (change_value(lzb_w), change_value(lzb_m)) if lzb_w and lzb_m else (None, None)
    if cw is not None and cm is not None and cw > cm:
        text += (f"Zugleich soll der Bestand langzeitleistungsbeziehender Frauen stärker wachsen ({signed(cw)} % "
                 f"⟦2⟧) als der der Männer ({signed(cm)} % ⟦3⟧). ")
        evidence += [Evidence.of(lzb_w), Evidence.of(lzb_m)]
    text += "Mit welchen Angeboten will die Geschäftsführung die Integrationschancen von Frauen gezielt verbessern?"
    return Draft("Chancengleichheit", "women:iq-gap", 52.0, text,
                 "Frauen sollen entsprechend ihrem Anteil gefördert werden (gewerkschaftliches Interesse).", evidence)
