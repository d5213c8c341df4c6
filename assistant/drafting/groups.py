"""B questions on who is served: women's share of the entries against their share among the eLb
(or no planned share at all), a gap between women's and men's targets, and target groups the
text puts in focus while the planned entries have nothing for them."""

from __future__ import annotations

import re

from assistant.domain.instruments import TARGET_GROUPS
from assistant.drafting.base import Context, Draft, Evidence, enumerate_de
from assistant.drafting.money import main_value
from assistant.drafting.quantities import quantity
from assistant.text.numbers import find_numbers
from assistant.types import Figure

_ENTRY_WORDS = re.compile(r"eintritt|förderung|maßnahme|teilnehm", re.IGNORECASE)
_ELB_WORDS = re.compile(r"leistungsberechtigt|\belb\b|erwerbsfähig", re.IGNORECASE)
_WOMEN = re.compile(r"frauen|weiblich", re.IGNORECASE)
_CHANCEN = re.compile(r"chancengleichheit|gleichstellung|frauen", re.IGNORECASE)
_FOCUS = re.compile(r"zielgruppe|fokus|schwerpunkt|aufmerksamkeit|besonder|personengruppe", re.IGNORECASE)
_YEAR = re.compile(r"^(?:19|20)\d\d$")
MIN_GAP = 2.0  # percentage points


def group_drafts(ctx: Context) -> list[Draft]:
    return [d for d in (_women_share(ctx), _gender_gap(ctx), _target_groups(ctx)) if d]


def _women_shares(ctx: Context) -> tuple[Figure | None, Figure | None]:
    """(women's share of the entries, women's share of the eLb), from text or tables."""
    shares = [f for f in ctx.by_code("Frauenanteil") if main_value(f) is not None and f.unit == "%"]
    entries = next((f for f in shares if _ENTRY_WORDS.search(f.quote) and not _ELB_WORDS.search(f.label)), None)
    elb = next((f for f in shares if f is not entries and _ELB_WORDS.search(f.quote)), None)
    return entries, elb


def _women_share(ctx: Context) -> Draft | None:
    entries, elb = _women_shares(ctx)
    if entries and elb:
        e, b = main_value(entries), main_value(elb)
        if b.value - e.value < MIN_GAP:
            return None
        text = (f"Frauen stellen {quantity(b)} der erwerbsfähigen Leistungsberechtigten ⟦0⟧, sollen aber nur "
                f"{quantity(e)} der Eintritte erhalten ⟦1⟧. Warum bleibt der geplante Frauenanteil an den "
                "Eintritten hinter ihrem Anteil an den Leistungsberechtigten zurück, und wie soll die Lücke "
                "geschlossen werden?")
        return Draft("Chancengleichheit", "women:share", 56.0, text,
                     "Frauen sollen entsprechend ihrem Anteil an den Leistungsberechtigten gefördert werden.",
                     [Evidence.of(elb), Evidence.of(entries)])
    if entries or not ctx.of_kind("entries") or _share_column(ctx):
        return None
    mentions = ctx.find(_CHANCEN)
    if not mentions:
        return None
    text = ("Das Programm spricht die Chancen von Frauen an ⟦0⟧; einen geplanten Frauenanteil an den Eintritten "
            "hat der Assistent darin nicht gefunden. Wie hoch soll der Anteil der Frauen an den Eintritten sein, "
            "gemessen an ihrem Anteil an den erwerbsfähigen Leistungsberechtigten?")
    return Draft("Chancengleichheit", "women:share", 44.0, text,
                 "Frauen sollen entsprechend ihrem Anteil gefördert werden; ohne Zielwert lässt sich das nicht prüfen.",
                 [ctx.evidence(*best_passage(mentions, _CHANCEN))])


def _share_column(ctx: Context) -> bool:
    """Does an entries table give women's shares per instrument ("Anteil Frauen in %")?"""
    return any(v.role == "share" and _WOMEN.search(v.column) for f in ctx.of_kind("entries") for v in f.values)


def _gender_gap(ctx: Context) -> Draft | None:
    women = next((f for f in ctx.figures if f.instrument == "IQ Frauen" and main_value(f)), None)
    men = next((f for f in ctx.figures if f.instrument == "IQ Männer" and main_value(f)), None)
    if not women or not men or main_value(men).value - main_value(women).value < MIN_GAP:
        return None
    text = (f"Die Integrationsquote der Frauen soll mit {quantity(main_value(women))} ⟦0⟧ deutlich unter der "
            f"der Männer ({quantity(main_value(men))} ⟦1⟧) liegen. Mit welchen Angeboten will die "
            "Geschäftsführung die Integrationschancen von Frauen gezielt verbessern?")
    return Draft("Chancengleichheit", "women:iq-gap", 52.0, text,
                 "Frauen sollen entsprechend ihrem Anteil gefördert werden (gewerkschaftliches Interesse).",
                 [Evidence.of(women), Evidence.of(men)])


def _served(group: str, entries: list[Figure]) -> bool:
    """Whether some planned entries (> 0) serve ``group`` by instrument or by their label."""
    _, codes, label_words = TARGET_GROUPS[group]
    for fig in entries:
        value = main_value(fig)
        if value and value.value > 0 and (fig.instrument in codes or label_words.search(fig.label)):
            return True
    return False


def _target_groups(ctx: Context) -> Draft | None:
    """Target groups the text puts in focus while the entries table has nothing for them."""
    entries = [f for f in ctx.of_kind("entries") if f.instrument != "Gesamt"]
    if not entries:
        return None
    named = {group: hits for group, (pattern, _, _) in TARGET_GROUPS.items()
             if (hits := ctx.find(pattern)) and not _served(group, entries)}
    if not named:
        return None
    ranked = sorted(named, key=lambda g: -len(named[g]))[:3]
    evidence = [ctx.evidence(*best_passage(named[g], TARGET_GROUPS[g][0])) for g in ranked]
    total = next((f for f in ctx.of_kind("entries") if f.instrument == "Gesamt"), entries[0])
    evidence.append(Evidence.of(total))
    text = (f"Das Programm nennt {enumerate_de([f'{g} ⟦{k}⟧' for k, g in enumerate(ranked)])} als Zielgruppen; "
            f"in der Eintrittsplanung hat der Assistent für sie keine eigenen Instrumente oder Eintritte gefunden "
            f"⟦{len(evidence) - 1}⟧. Mit welchen Angeboten und welchem Budget sollen diese Gruppen konkret "
            "erreicht werden?")
    return Draft("Zielgruppen", "groups:unserved", 48.0 + 2 * len(ranked), text,
                 "Jede genannte Zielgruppe braucht Instrumente und Geld; benachteiligte Gruppen müssen ausreichend "
                 "Förderangebote erhalten.", evidence)


def best_passage(hits: list[tuple[int, str]], pattern: re.Pattern[str] | None = None) -> tuple[int, str]:
    """Prefer a short sentence naming the group as a focus over a passing mention or a statistic."""
    def score(hit: tuple[int, str]) -> float:
        sentence = hit[1]
        starts = bool(pattern and pattern.match(sentence))
        has_numbers = any(not _YEAR.match(n.raw) for n in find_numbers(sentence))
        return 2 * bool(_FOCUS.search(sentence)) + starts + (len(sentence) < 140) - 2 * has_numbers
    return max(hits, key=score)  # max keeps the first of equals: document order breaks ties
