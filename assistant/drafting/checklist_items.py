"""The six DGB "Fragen im Vorfeld" (dgb-fragen-amip-2024) split into checkable aspects.

Each aspect says how a draft shows it: by figures (canonical codes from ``instruments``) or by
a passage matching a pattern; ``query`` is what a retriever is asked; ``ask`` is the German
question to put to the management when the aspect is missing.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from assistant.domain.instruments import category
from assistant.drafting.changes import figure_change
from assistant.types import Figure


_ALL_KINDS = frozenset({"entries", "budget", "target", "share", "count", "other"})


@dataclass(frozen=True)
class Aspect:
    name: str  # German, shown as "es fehlen Angaben zu: …"
    query: str
    pattern: re.Pattern[str]
    ask: str
    codes: frozenset[str] = frozenset()  # figures with these codes answer the aspect
    kinds: frozenset[str] = _ALL_KINDS
    min_figures: int = 1
    with_previous: bool = False  # only a figure with a previous-year value (or a printed change) answers


@dataclass(frozen=True)
class Item:
    id: str
    question: str
    aspects: tuple[Aspect, ...]


def _a(name: str, query: str, pattern: str, ask: str, codes: set[str] | None = None,
       kinds: set[str] | None = None, min_figures: int = 1, with_previous: bool = False) -> Aspect:
    return Aspect(name, query, re.compile(pattern, re.IGNORECASE | re.DOTALL), ask, frozenset(codes or ()),
                  frozenset(kinds) if kinds else _ALL_KINDS, min_figures, with_previous)


_NEVER = r"(?!x)x"  # an aspect that only figures can answer

ITEMS: tuple[Item, ...] = (
    Item("A1", "Welche Besonderheiten und Herausforderungen sieht die Geschäftsführung auf dem regionalen "
               "Arbeitsmarkt, und welche ergeben sich aus der Struktur der Leistungsberechtigten?", (
        _a("regionaler Arbeitsmarkt", "regionaler Arbeitsmarkt Beschäftigung Konjunktur Stellen Fachkräfte",
           r"konjunktur|stellen(?:bestand|zugang|angebot)|offene stellen|fachkräft|branche|"
           r"sozialversicherungspflichtige beschäftigung|regionale[nr]? arbeitsmarkt\b(?!-)",
           "Welche Besonderheiten und Herausforderungen sieht die Geschäftsführung auf dem regionalen Arbeitsmarkt?"),
        _a("Struktur der Leistungsberechtigten", "erwerbsfähige Leistungsberechtigte Bedarfsgemeinschaften Arbeitslose",
           _NEVER, "Wie setzen sich die Leistungsberechtigten zusammen (eLb, Bedarfsgemeinschaften, Arbeitslose, "
                   "Langzeitleistungsbeziehende, Alleinerziehende), und welche Herausforderungen folgen daraus?",
           {"eLb", "BG", "Arbeitslose", "LZA", "Alleinerziehende", "LZB", "eLb-Anteil", "LZB-Anteil"},
           {"other", "target", "share", "count"}, min_figures=2),
    )),
    Item("A2", "Welche Veränderungsraten bei den bundeseinheitlichen Zielindikatoren (Summe der Leistungen zum "
               "Lebensunterhalt, Integrationsquote, Anzahl der Langzeitleistungsbeziehenden) sollen erreicht werden?", (
        _a("Integrationsquote", "Integrationsquote Ziel", r"integrationsquote.{0,120}\d",
           "Welche Integrationsquote strebt das Jobcenter an?", {"IQ"}, {"target"}),
        _a("Langzeitleistungsbeziehende", "Langzeitleistungsbezieher Bestand LZB Ziel",
           r"(?:langzeitleistungsbez|\blzb\b).{0,120}\d", "Welche Veränderung beim Bestand der "
           "Langzeitleistungsbeziehenden ist geplant?", {"LZB"}, {"target"}),
        _a("Summe der Leistungen zum Lebensunterhalt", "Summe der Leistungen zum Lebensunterhalt Ziel",
           r"leistungen zum lebensunterhalt", "Welche Veränderungsrate ist für die Summe der Leistungen zum "
           "Lebensunterhalt vorgesehen?", {"LLU"}, {"target"}),
    )),
    Item("A3", "Welche zusätzlichen, regionalspezifischen Zielsetzungen werden verfolgt?", (
        _a("regionale Ziele", "zusätzliche regionale Ziele Zielsetzung",
           r"(?:regional\w*|zusätzlich\w*|lokal\w*|eigene\w*)\s+(?:\w+\s+)?ziel|regionalspezifisch",
           "Welche zusätzlichen regionalen Ziele verfolgt das Jobcenter?"),
        _a("Zielwerte für regionale Ziele", "regionales Ziel Zielwert Prozent",
           r"(?:regional\w*|zusätzlich\w*|lokal\w*)\s+(?:\w+\s+)?ziel\w*[^.]{0,160}\d",
           "Mit welchen Zielwerten werden die regionalen Ziele hinterlegt, damit der Beirat ihre Erreichung "
           "verfolgen kann?"),
    )),
    Item("A4", "Mit welchen operativen Schwerpunktsetzungen sollen die Ziele erreicht werden, und welche Zielgruppen "
               "stehen in einem besonderen Fokus?", (
        _a("operative Schwerpunkte", "operative Schwerpunkte Handlungsfelder strategische Ausrichtung",
           r"schwerpunkt|handlungsfeld|strategische ausrichtung",
           "Mit welchen operativen Schwerpunkten sollen die Ziele erreicht werden?"),
        _a("Zielgruppen im Fokus", "Zielgruppen besonderer Fokus Alleinerziehende junge Menschen Geflüchtete",
           r"zielgruppe|personengruppe|(?:fokus|aufmerksamkeit|schwerpunkt)[^.]{0,80}(?:alleinerziehend|"
           r"junge|jugendlich|geflüchtet|langzeitarbeitslos|frauen|älter)",
           "Welche Zielgruppen stehen im besonderen Fokus?"),
    )),
    Item("A5", "Welche finanziellen Ressourcen (Verwaltungskostenbudget und Eingliederungsbudget) stehen zur "
               "Verfügung, welche Änderungen ergeben sich gegenüber dem Vorjahr, und inwiefern sind Umschichtungen "
               "zwischen den Budgets geplant?", (
        _a("Verwaltungskostenbudget", "Verwaltungskostenbudget Verwaltungshaushalt Euro", _NEVER,
           "Wie hoch ist das Verwaltungskostenbudget?", {"VKB"}, {"budget"}),
        _a("Eingliederungsbudget", "Eingliederungsbudget Eingliederungsmittel Euro", _NEVER,
           "Wie hoch ist das Eingliederungsbudget?", {"EGT"}, {"budget"}),
        _a("Veränderung gegenüber dem Vorjahr", "Budget Vorjahr Veränderung Mittel",
           r"(?:budget|haushalt|mittel|zuteilung|handlungsspielraum)[^.]{0,200}(?:vorjahr(?:es)?\b|\bvj\b)|"
           r"(?:vorjahr(?:es)?\b|\bvj\b)[^.]{0,120}(?:budget|haushalt|mittel)",
           "Wie verändern sich Verwaltungskosten- und Eingliederungsbudget gegenüber dem Vorjahr?",
           codes={"VKB", "EGT"}, kinds={"budget"}, with_previous=True),  # a budget with both years does too
        _a("Umschichtungen", "Umschichtung Eingliederungstitel Verwaltungskostenbudget", r"umschicht|umgeschichtet",
           "Sind Umschichtungen zwischen Eingliederungs- und Verwaltungskostenbudget geplant, und in welcher Höhe?",
           {"Umschichtung"}, {"budget"}),
    )),
    Item("A6", "Welche Veränderungen sind beim Instrumentenmix (Ressourcenaufteilung) und in der Eintrittsplanung "
               "vorgesehen?", (
        _a("Instrumentenmix", "Instrumentenmix Maßnahmemix Instrumente",
           r"instrumentenmix|maßnahmemix|maßnahmeangebot|eintrittsplanung",
           "Welche Instrumente sollen eingesetzt werden?"),
        _a("Eintrittsplanung je Instrument", "Eintrittsplanung Eintritte Instrumente Plan", _NEVER,
           "Wie viele Eintritte sind je Instrument geplant?", kinds={"entries"}, min_figures=3),
        _a("Vergleich mit dem Vorjahr", "Eintritte Ist Vorjahr Plan", _NEVER,
           "Wie verändert sich die Eintrittsplanung je Instrument gegenüber dem Vorjahr?", kinds={"entries"},
           with_previous=True),
        _a("Mittel je Instrument", "Mittel je Instrument Euro Eintritte", _NEVER,
           "Wie verteilen sich die Eingliederungsmittel auf die einzelnen Instrumente?", kinds={"budget"}),
    )),
)


def figure_evidence(aspect: Aspect, figures: list[Figure]) -> tuple[int, str] | None:
    """(page, quote) of a figure that answers ``aspect``, if the figures suffice."""
    if not aspect.codes and aspect.kinds == _ALL_KINDS:
        return None  # answered by text only
    matching = [f for f in figures if f.kind in aspect.kinds and _code_fits(aspect, f)]
    if aspect.with_previous:
        matching = [f for f in matching if figure_change(f) is not None]
    # a stated count describes structure better than a target
    matching.sort(key=lambda f: f.kind not in ("other", "count", "share"))
    if len(matching) < aspect.min_figures:
        return None
    return matching[0].page, matching[0].quote


def _code_fits(aspect: Aspect, figure: Figure) -> bool:
    if aspect.codes:
        return figure.instrument in aspect.codes
    if aspect.name == "Mittel je Instrument":
        return category(figure.instrument) == "instrument"
    return figure.instrument != "Gesamt"
