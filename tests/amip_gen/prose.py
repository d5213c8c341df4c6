"""German prose between the tables: fictional Jobcenter names, filler sentences and
sentences with figures ("Die Umschichtung steigt auf 3,1 Mio. Euro")."""

from __future__ import annotations

import random
from dataclasses import dataclass

from .numbers import german

# Invented place names (two invented parts joined), so no real Jobcenter is named.
_PLACE_PARTS = (("Wolken", "Quellen", "Lerchen", "Dorn", "Silber", "Ahorn", "Mühl", "Fichten"),
                ("hain", "moor", "bühl", "stedt", "wiesen", "quell", "brück", "au"))
_REGIONS = ("Landkreis", "Stadt", "Kreis", "Region")

FILLER = (
    "Das Jobcenter richtet seine Förderung an den Bedarfen der Kundinnen und Kunden aus.",
    "Der Arbeitsmarkt in der Region bleibt trotz schwieriger Rahmenbedingungen aufnahmefähig.",
    "Langzeitarbeitslose Menschen benötigen häufig eine intensive und ganzheitliche Betreuung.",
    "Die Zusammenarbeit mit den Arbeitgebern der Region wird weiter ausgebaut.",
    "Frauen sollen entsprechend ihrem Anteil an den Arbeitslosen gefördert werden.",
    "Geflüchtete Menschen erhalten Sprachkurse und eine begleitende Beratung.",
    "Der Beirat wird zu den Schwerpunkten der Eingliederungsarbeit angehört.",
    "Die Planung beruht auf den Erfahrungen der vergangenen Jahre und den Bedarfen der Teams.",
    "Die Vakanzzeit offener Stellen hat sich spürbar verlängert.",
    "Weiterbildung bleibt ein zentraler Baustein, um dem Fachkräftemangel zu begegnen.",
    "Weil die Mittel knapper werden, konzentriert sich die Förderung auf wirksame Angebote.",
    "Die Mittel werden so eingesetzt, dass möglichst viele Menschen eine Perspektive erhalten.",
    "Junge Menschen werden gemeinsam mit der Jugendberufsagentur betreut.",
    "Die Kinderbetreuung bleibt für Alleinerziehende ein wichtiger Engpass.",
)


@dataclass(frozen=True)
class Figure:
    printed: str
    value: float  # base units
    unit: str


@dataclass(frozen=True)
class Sentence:
    text: str
    figures: tuple[Figure, ...] = ()


def jobcenter_name(rng: random.Random) -> str:
    first, second = (rng.choice(parts) for parts in _PLACE_PARTS)
    return f"Jobcenter {rng.choice(_REGIONS)} {first}{second}"


def _millions(rng: random.Random, low: float, high: float) -> Figure:
    tenths = rng.randint(int(low * 10), int(high * 10))
    return Figure(german(tenths / 10, 1), tenths * 100_000.0, "EUR")


def figure_sentence(rng: random.Random, year: int) -> Sentence:
    """One sentence with one or two figures, in one of several shapes."""
    shape = rng.randrange(6)
    if shape == 0:
        f = _millions(rng, 0.5, 6.0)
        verb = rng.choice(("steigt auf", "sinkt auf", "beträgt"))
        return Sentence(f"Die Umschichtung in das Verwaltungsbudget {verb} {f.printed} "
                        "Mio. Euro.", (f,))
    if shape == 1:
        a, b = rng.randint(80, 900), rng.randint(80, 900)
        fa, fb = (Figure(german(n), float(n), "") for n in (a, b))
        return Sentence(f"Die Zahl der Plätze in Arbeitsgelegenheiten ändert sich von "
                        f"{fa.printed} auf {fb.printed} Plätze.", (fa, fb))
    if shape == 2:
        now, before = _millions(rng, 8, 60), _millions(rng, 8, 60)
        return Sentence(f"Das Eingliederungsbudget beträgt {now.printed} Mio. Euro (Vorjahr "
                        f"{before.printed} Mio. Euro).", (now, before))
    if shape == 3:
        tenths = rng.randint(120, 290)
        f = Figure(german(tenths / 10, 1), tenths / 10, "%")
        return Sentence(f"Die Integrationsquote soll {year} bei {f.printed} % liegen.", (f,))
    if shape == 4:
        euros = rng.randint(4_000_000, 30_000_000)
        f = Figure(german(euros), float(euros), "EUR")
        return Sentence(f"Für Verwaltungskosten stehen {f.printed} Euro zur Verfügung.", (f,))
    people = rng.randint(2_000, 40_000)
    f = Figure(german(people), float(people), "")
    return Sentence(f"Im Jahresdurchschnitt wurden {f.printed} erwerbsfähige "
                    "Leistungsberechtigte betreut.", (f,))


def paragraph(rng: random.Random, year: int, with_figure: bool) -> list[Sentence]:
    """Two to four filler sentences, one of them replaced by a figure sentence."""
    sentences = [Sentence(s) for s in rng.sample(FILLER, rng.randint(2, 4))]
    if with_figure:
        sentences.insert(rng.randrange(len(sentences) + 1), figure_sentence(rng, year))
    return sentences
