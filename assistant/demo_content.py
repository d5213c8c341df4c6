"""Numbers and texts of the fictional "Jobcenter Musterstadt" AMIPs 2024 and 2025.

Everything here is invented ("fiktives Beispiel"). Tests across the project assert against
these constants, so the PDFs written by ``assistant.demo`` and the expectations never drift.
The 2025 programme changes figures against 2024 the way real drafts do: FbW cut again, AGH
and ganzheitliche Betreuung grown, more money shifted from the Eingliederungs- into the
Verwaltungsbudget, fewer Neubewilligungen, a lower Integrationsquote target and more LZB.
"""

from __future__ import annotations

from dataclasses import dataclass

JOBCENTER = "Jobcenter Musterstadt"
DISCLAIMER = "Fiktives Beispiel – alle Zahlen und Namen sind frei erfunden."


@dataclass(frozen=True)
class DemoYear:
    """One year's programme: the labour market, targets, budget and Eintrittsplanung."""

    year: int
    market: dict[str, float]  # eLb, BG, Arbeitslose, LZB, Alleinerziehende, Frauenanteil (%)
    market_previous: dict[str, float]
    targets: dict[str, tuple[float, float]]  # label -> (target value, change vs. previous year in %)
    budget: dict[str, float]  # label -> EUR
    entries: dict[str, tuple[int, int]]  # label -> (Ist previous year, Plan year)
    funds: dict[str, tuple[int, int]]  # label -> (Ist previous year, Plan year) in EUR
    women_entry_share: float  # planned share of women in all entries, %
    covers_llu: bool  # whether the programme states the Leistungen zum Lebensunterhalt


ENTRY_LABELS = (
    "Förderung der beruflichen Weiterbildung (FbW)",
    "Eingliederungszuschuss (EGZ)",
    "Maßnahmen zur Aktivierung und beruflichen Eingliederung",
    "Arbeitsgelegenheiten (AGH)",
    "Teilhabe am Arbeitsmarkt (§ 16i SGB II)",
    "Eingliederung von Langzeitarbeitslosen (§ 16e SGB II)",
    "Einstiegsgeld (§ 16b SGB II)",
    "Freie Förderung (§ 16f SGB II)",
    "Ganzheitliche Betreuung (§ 16k SGB II)",
    "Förderung schwer zu erreichender junger Menschen (§ 16h SGB II)",
)
# Canonical codes of ENTRY_LABELS, in the same order (what extract_figures must find).
ENTRY_CODES = ("FbW", "EGZ", "§45", "AGH", "TaAM", "EVL", "ESG", "§16f", "§16k", "§16h")

BUDGET_LABELS = {
    "EGT": "Eingliederungsbudget",
    "VKB": "Verwaltungskostenbudget",
    "Umschichtung": "davon Umschichtung aus dem Eingliederungsbudget",
    "Vorbindungen": "Vorbindungen aus Vorjahren",
    "Neubewilligungen": "Neubewilligungen",
}


def _entries(values: list[tuple[int, int]]) -> dict[str, tuple[int, int]]:
    return dict(zip(ENTRY_LABELS, values))


YEARS: dict[int, DemoYear] = {
    2024: DemoYear(
        year=2024,
        market={"eLb": 12480, "BG": 8930, "Arbeitslose": 5210, "LZB": 8020, "Alleinerziehende": 1460,
                "Frauenanteil": 51.8},
        market_previous={"eLb": 12150, "Arbeitslose": 4980},
        targets={"Integrationsquote": (21.5, -1.2), "Bestand LZB": (7850, 2.1)},
        budget={"EGT": 9_850_000, "VKB": 14_200_000, "Umschichtung": 1_200_000,
                "Vorbindungen": 4_100_000, "Neubewilligungen": 5_750_000},
        entries=_entries([(420, 260), (310, 300), (1850, 2050), (380, 520), (95, 70),
                          (60, 55), (140, 150), (45, 40), (0, 120), (35, 35)]),
        funds={"Förderung der beruflichen Weiterbildung (FbW)": (2_900_000, 1_850_000),
               "Arbeitsgelegenheiten (AGH)": (1_050_000, 1_400_000),
               "Teilhabe am Arbeitsmarkt (§ 16i SGB II)": (2_300_000, 2_150_000)},
        women_entry_share=44.0,
        covers_llu=True,
    ),
    2025: DemoYear(
        year=2025,
        market={"eLb": 12710, "BG": 9050, "Arbeitslose": 5480, "LZB": 8390, "Alleinerziehende": 1510,
                "Frauenanteil": 52.4},
        market_previous={"eLb": 12480, "Arbeitslose": 5210},
        targets={"Integrationsquote": (20.8, -3.3), "Bestand LZB": (8240, 5.0)},
        budget={"EGT": 8_950_000, "VKB": 14_900_000, "Umschichtung": 2_050_000,
                "Vorbindungen": 4_900_000, "Neubewilligungen": 4_050_000},
        entries=_entries([(240, 150), (290, 280), (2010, 2100), (505, 610), (72, 60),
                          (50, 30), (155, 150), (38, 40), (110, 160), (33, 20)]),
        funds={"Förderung der beruflichen Weiterbildung (FbW)": (1_780_000, 1_100_000),
               "Arbeitsgelegenheiten (AGH)": (1_380_000, 1_720_000),
               "Teilhabe am Arbeitsmarkt (§ 16i SGB II)": (2_100_000, 1_900_000)},
        women_entry_share=43.0,
        covers_llu=False,
    ),
}


def entry_totals(year: int) -> tuple[int, int]:
    """Sum row of the Eintrittsplanung (Ist previous year, Plan year)."""
    values = YEARS[year].entries.values()
    return sum(v[0] for v in values), sum(v[1] for v in values)


def foreword(year: int) -> list[str]:
    return [
        "Sehr geehrte Mitglieder des Beirats, sehr geehrte Damen und Herren,",
        f"mit diesem Arbeitsmarkt- und Integrationsprogramm (AMIP) legt das {JOBCENTER} dar, mit welchen "
        f"Strategien, Ressourcen und Instrumenten wir im Jahr {year} die Hilfebedürftigkeit verringern und "
        "Menschen nachhaltig in Arbeit und Ausbildung bringen wollen.",
        "Der Arbeitsmarkt in Musterstadt bleibt angespannt. Zugleich bleiben viele Stellen für Fachkräfte "
        "unbesetzt, vor allem in der Pflege, im Handwerk und in der Logistik. Der Fachkräftebedarf der "
        "regionalen Betriebe ist hoch.",
        "Die Zusammenarbeit mit den Arbeitgebern in der Region wird weiter ausgebaut.",
        "Mit freundlichen Grüßen",
        "Erika Beispiel, Geschäftsführerin (fiktiv)",
    ]


def market_text(d: DemoYear) -> list[str]:
    m, p = d.market, d.market_previous
    return [
        f"Im September {d.year - 1} betreute das Jobcenter {_n(m['eLb'])} erwerbsfähige Leistungsberechtigte "
        f"(eLb) in {_n(m['BG'])} Bedarfsgemeinschaften.",
        f"Die Zahl der eLb stieg auf {_n(m['eLb'])} (im VJ {_n(p['eLb'])}).",
        f"Die Zahl der Arbeitslosen stieg auf {_n(m['Arbeitslose'])} (im VJ {_n(p['Arbeitslose'])}).",
        f"Rund {_n(m['LZB'])} Menschen sind Langzeitleistungsbeziehende.",
        f"Die Zahl der Alleinerziehenden im Leistungsbezug beträgt {_n(m['Alleinerziehende'])}.",
        f"Der Frauenanteil an den eLb beträgt {_n(m['Frauenanteil'], 1)} %.",
        "Viele Leistungsberechtigte haben keinen Berufsabschluss; gesundheitliche Einschränkungen und "
        "fehlende Kinderbetreuung erschweren die Aufnahme einer Arbeit.",
    ]


def target_text(d: DemoYear) -> list[str]:
    iq, _ = d.targets["Integrationsquote"]
    lines = [f"Die Integrationsquote soll im Jahr {d.year} {_n(iq, 1)} % erreichen.",
             "Als zusätzliches regionales Ziel wollen wir mehr Alleinerziehende in sozialversicherungspflichtige "
             "Beschäftigung bringen."]
    if d.covers_llu:
        lines.append("Für die Summe der Leistungen zum Lebensunterhalt erwarten wir einen Anstieg um 2,0 %.")
    return lines


def focus_text(d: DemoYear) -> list[str]:
    return [
        "Unsere operativen Schwerpunkte richten sich auf folgende Zielgruppen im besonderen Fokus:",
        "• Alleinerziehende: Die Angebote für Alleinerziehende werden weiter ausgebaut.",
        "• Geflüchtete: Mit dem Job-Turbo sollen Geflüchtete nach dem Sprachkurs schneller in Arbeit kommen.",
        "• Junge Menschen unter 25 Jahren: Gemeinsam mit der Jugendberufsagentur begleiten wir den Übergang "
        "von der Schule in Ausbildung.",
        "• Langzeitarbeitslose: Der soziale Arbeitsmarkt bleibt ein wichtiger Baustein.",
        f"Für Frauen ist ein Anteil an den Eintritten von {_n(d.women_entry_share, 1)} % geplant.",
    ]


def instrument_text(d: DemoYear) -> list[str]:
    return [
        "Die Eintrittsplanung beruht auf den Bedarfsschätzungen der Teams. Gegenüber dem Vorjahr ändern sich "
        "die Gewichte im Instrumentenmix deutlich.",
        "Die Zahl der Arbeitsgelegenheiten wird erhöht, weil viele Leistungsberechtigte zunächst eine "
        "Tagesstruktur benötigen.",
        "Die Qualität der Maßnahmen wird weiter verbessert.",
    ]


def quality_text() -> list[str]:
    return [
        "Die Rechtmäßigkeit der Leistungsgewährung sichern wir durch das Interne Kontrollsystem, regelmäßige "
        "Fachaufsicht und Schulungen der Mitarbeitenden.",
        "Die Digitalisierung der Antragstellung wird vorangetrieben.",
        DISCLAIMER,
    ]


def _n(value: float, decimals: int = 0) -> str:
    """German number format: 12480 → "12.480", 51.8 → "51,8"."""
    text = f"{value:,.{decimals}f}"
    return text.replace(",", "X").replace(".", ",").replace("X", ".")


german_number = _n
