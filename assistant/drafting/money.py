"""B questions on money beyond year-on-year changes: the Umschichtung from the Eingliederungs- into
the Verwaltungsbudget, Neubewilligungen squeezed by Vorbindungen, and a share of a budget the
document states without an amount ("ein Fünftel am Eingliederungstitel")."""

from __future__ import annotations

from assistant.domain.instruments import category, find_mentions
from assistant.drafting.base import Context, Draft, Evidence
from assistant.drafting.changes import figure_change, planned
from assistant.drafting.quantities import pct, quantity, with_column
from assistant.drafting.reasons import clause_quote
from assistant.figures.kinds import levels
from assistant.types import Figure, FigureValue


def main_value(figure: Figure) -> FigureValue | None:
    """The planned value, else the latest level value."""
    plan = planned(figure)
    if plan is not None:
        return plan
    level = levels(figure.values)
    return max(level, key=lambda v: v.period or 0) if level else None


def _amount(ctx: Context, code: str) -> tuple[Figure, FigureValue] | None:
    for f in sorted(ctx.by_code(code), key=lambda f: f.source != "table"):  # a table row is the exact figure
        v = main_value(f)
        if f.kind == "budget" and v is not None and v.unit == "EUR":
            return f, v
    return None


def money_drafts(ctx: Context) -> list[Draft]:
    return [d for d in (_umschichtung(ctx), _neubewilligungen(ctx), *_budget_shares(ctx)) if d]


def _umschichtung(ctx: Context) -> Draft | None:
    found = _amount(ctx, "Umschichtung")
    if not found or found[1].value <= 0:
        return None
    shift, amount = found
    evidence = [Evidence.of(shift)]
    text = (f"Aus dem Eingliederungsbudget sollen {quantity(amount)} in das Verwaltungskostenbudget "
            "umgeschichtet werden")
    change = figure_change(shift, ctx.previous)
    if change is not None and change.before is not None:  # the change rule leaves this row to this question
        where = " im AMIP des Vorjahres" if change.previous_figure else ""
        text += f", gegenüber {with_column(change.before)}{where}"
    text += " ⟦0⟧"
    if change is not None and change.previous_figure is not None:
        evidence.append(Evidence.of(change.previous_figure))
        text += f" ⟦{len(evidence) - 1}⟧"
    budget = _amount(ctx, "EGT")
    if budget and budget[1].value > 0:
        text += (f"; das entspricht {pct(amount.value / budget[1].value * 100)} % des ausgewiesenen "
                 f"Eingliederungsbudgets von {quantity(budget[1])} ⟦{len(evidence)}⟧")
        evidence.append(Evidence.of(budget[0]))
    text += ". Warum ist diese Umschichtung notwendig, und auf welche Förderangebote wird dafür verzichtet?"
    return Draft("Finanzen", "budget:Umschichtung", 70.0, text,
                 "Was vom Eingliederungs- in das Verwaltungsbudget umgeschichtet wird, fehlt für die Förderung; "
                 "der DGB fragt nach geplanten Umschichtungen (A5).", evidence)


def _neubewilligungen(ctx: Context) -> Draft | None:
    bound, new = _amount(ctx, "Vorbindungen"), _amount(ctx, "Neubewilligungen")
    if not bound or not new or bound[1].value < new[1].value:
        return None
    text = (f"Von den Eingliederungsmitteln sind {quantity(bound[1])} bereits durch Vorbindungen aus Vorjahren "
            f"gebunden ⟦0⟧; für Neubewilligungen bleiben {quantity(new[1])} ⟦1⟧. Welche Förderangebote können "
            "deshalb nicht neu bewilligt werden, und wie will die Geschäftsführung den Spielraum für neue "
            "Eintritte sichern?")
    return Draft("Finanzen", "budget:Neubewilligungen", 60.0, text,
                 "Wachsende Vorbindungen verdrängen Neubewilligungen und damit neue Förderungen.",
                 [Evidence.of(bound[0]), Evidence.of(new[0])])


def _budget_shares(ctx: Context) -> list[Draft]:
    """A share of a budget stated in the text without an amount: ask for the amount behind it."""
    drafts = []
    for f in ctx.of_kind("share"):
        bases = [code for code, _, _ in find_mentions(f.label, ("budget",))]
        if f.source != "text" or f.instrument or not bases or category(bases[0]) != "budget":
            continue
        share = f.values[0]
        text = (f"Im Programm heißt es: „{clause_quote(f.quote, share.printed)}“ ⟦0⟧. Welcher Betrag in Euro und "
                "wie viele Eintritte stehen hinter diesem Anteil, und wie verändert er sich gegenüber dem Vorjahr?")
        drafts.append(Draft("Finanzen", f"share:{f.label}", 58.0, text,
                            "Ein Anteil ohne Betrag lässt sich nicht mit dem Vorjahr und dem Bedarf vergleichen "
                            "(DGB-Frage A5).", [Evidence.of(f)]))
    return drafts
