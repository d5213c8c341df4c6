"""Synthetic inputs: realistic multi-page AMIP PDFs and stores with N chunks.

The PDFs look like the real drafts (running header, ``Seite n von N`` footer, numbered
sections, German prose with figures, Eintrittsplanung tables with "Ist | Plan" columns),
so ingest benchmarks exercise layout extraction, cleaning, chunking and embedding the
way real files do. Deterministic for a given seed.
"""

from __future__ import annotations

import hashlib
import random
from functools import lru_cache
from pathlib import Path

import numpy as np

FONT_DIR = Path("/usr/share/fonts/truetype/dejavu")

SECTIONS = (
    "Vorwort der Geschäftsführung",
    "Regionaler Arbeitsmarkt",
    "Struktur der Leistungsberechtigten",
    "Ziele nach § 48b SGB II",
    "Operative Schwerpunkte",
    "Ressourcen: Eingliederungsbudget und Verwaltungskostenbudget",
    "Eintrittsplanung nach Instrumenten",
    "Frauen und Alleinerziehende",
    "Junge Menschen unter 25 Jahren",
    "Geflüchtete und Job-Turbo",
    "Langzeitleistungsbeziehende und Teilhabe am Arbeitsmarkt",
    "Qualität und Rechtmäßigkeit",
)

INSTRUMENTS = (
    "Förderung der beruflichen Weiterbildung (FbW)",
    "Eingliederungszuschuss (EGZ)",
    "Maßnahmen zur Aktivierung und beruflichen Eingliederung (MAT)",
    "Aktivierungs- und Vermittlungsgutschein (AVGS)",
    "Arbeitsgelegenheiten (AGH)",
    "Eingliederung von Langzeitarbeitslosen (§ 16e)",
    "Teilhabe am Arbeitsmarkt (§ 16i)",
    "Einstiegsgeld (ESG)",
    "Freie Förderung (§ 16f)",
    "Ganzheitliche Betreuung (§ 16k)",
)

_SENTENCES = (
    "Die Zahl der erwerbsfähigen Leistungsberechtigten ist im Jahresdurchschnitt auf {n} gesunken.",
    "Der Anteil der Langzeitleistungsbeziehenden an allen eLb beträgt {p} %.",
    "Für {year} plant das Jobcenter {n} Eintritte in Maßnahmen, davon {m} in abschlussorientierte Weiterbildung.",
    "Das Eingliederungsbudget beträgt {eur} Euro, der Verwaltungshaushalt {eur2} Euro.",
    "Aus dem Eingliederungstitel werden {eur3} Euro in das Verwaltungskostenbudget umgeschichtet.",
    "Die Integrationsquote soll {year} bei {p} % liegen; im Vorjahr wurden {p2} % erreicht.",
    "Der Bestand an Langzeitleistungsbeziehenden soll um {d} % verändert werden.",
    "Frauen sollen entsprechend ihrem Anteil von {p} % an den eLb gefördert werden.",
    "Die Vakanzzeit offener Stellen hat sich auf durchschnittlich {n3} Tage verlängert.",
    "Vorbindungen aus dem Vorjahr binden bereits {p} % der Mittel, für Neubewilligungen bleiben {eur3} Euro.",
    "Der gemeinsame Arbeitgeber-Service besetzte im Berichtsjahr {m} Stellen mit Leistungsberechtigten.",
    "Die Jugendberufsagentur betreut {m} junge Menschen unter 25 Jahren ohne Berufsabschluss.",
    "Im Rahmen des Job-Turbo nahmen {m} Geflüchtete nach dem Sprachkurs eine Beschäftigung auf.",
    "Die Teams beraten in Kooperationsplänen über Ziele, Schritte und passende Unterstützung.",
    "Die Geschäftsführung sieht weiteren Bedarf bei der Kinderbetreuung und der Schuldnerberatung.",
    "Gute Arbeit und nachhaltige Integration haben Vorrang vor kurzfristigen Vermittlungen.",
)


def _font(pdf) -> str:
    regular, bold = FONT_DIR / "DejaVuSans.ttf", FONT_DIR / "DejaVuSans-Bold.ttf"
    if regular.exists() and bold.exists():
        pdf.add_font("Body", "", str(regular))
        pdf.add_font("Body", "B", str(bold))
        return "Body"
    return "Helvetica"


def _fix(text: str, family: str) -> str:
    if family == "Body":
        return text
    table = {"·": "-", "„": '"', "“": '"', "–": "-", "§": "S."}
    return "".join(table.get(c, c) for c in text).encode("latin-1", "replace").decode("latin-1")


def _num(value: int) -> str:
    return f"{value:,}".replace(",", ".")


def _sentence(rng: random.Random, year: int) -> str:
    template = rng.choice(_SENTENCES)
    return template.format(
        n=_num(rng.randint(2000, 40000)), m=_num(rng.randint(20, 900)), n3=rng.randint(90, 260),
        p=f"{rng.uniform(5, 70):.1f}".replace(".", ","), p2=f"{rng.uniform(5, 70):.1f}".replace(".", ","),
        d=f"{rng.uniform(-6, 6):+.1f}".replace(".", ","), year=year,
        eur=_num(rng.randint(2_000_000, 40_000_000)), eur2=_num(rng.randint(5_000_000, 60_000_000)),
        eur3=_num(rng.randint(100_000, 5_000_000)),
    )


def _wrap(text: str, width: int = 92) -> list[str]:
    lines, line = [], ""
    for word in text.split():
        if line and len(line) + 1 + len(word) > width:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}".strip()
    return lines + ([line] if line else [])


@lru_cache(maxsize=8)
def amip_pdf(pages: int, seed: int = 0, jobcenter: str = "Jobcenter Beispielkreis", year: int = 2025) -> bytes:
    """A ``pages``-page AMIP draft (~2,500 characters per page, a table every fourth page)."""
    from fpdf import FPDF

    rng = random.Random(seed)
    pdf = FPDF(format="A4", unit="mm")
    pdf.set_auto_page_break(False)
    family = _font(pdf)
    pdf.set_title(_fix(f"Arbeitsmarkt- und Integrationsprogramm {year} – {jobcenter}", family))
    header = _fix(f"{jobcenter} · Arbeitsmarkt- und Integrationsprogramm {year}", family)
    section = 0
    for number in range(1, pages + 1):
        pdf.add_page()
        pdf.set_font(family, "", 8)
        pdf.text(20, 12, header)
        y = 26.0
        if number == 1 or rng.random() < 0.35:
            section += 1
            title = f"{section}. {SECTIONS[(section - 1) % len(SECTIONS)]}"
            pdf.set_font(family, "B", 12)
            pdf.text(20, y, _fix(title, family))
            y += 9
        pdf.set_font(family, "", 10)
        table_page = number % 4 == 0
        while y < (190 if table_page else 270):
            paragraph = " ".join(_sentence(rng, year) for _ in range(rng.randint(2, 4)))
            for line in _wrap(paragraph):
                if y >= 272:
                    break
                pdf.text(20, y, _fix(line, family))
                y += 5.0
            y += 4.0
        if table_page:
            y = max(y, 196.0)
            pdf.set_font(family, "B", 10)
            pdf.text(20, y, _fix(f"{section}.{number % 7 + 1} Eintrittsplanung {year}", family))
            pdf.text(140, y + 6, f"Ist {year - 1}")
            pdf.text(170, y + 6, f"Plan {year}")
            pdf.set_font(family, "", 9)
            y += 12
            for instrument in rng.sample(INSTRUMENTS, 8):
                pdf.text(20, y, _fix(instrument, family))
                pdf.text(140, y, _num(rng.randint(10, 900)))
                pdf.text(170, y, _num(rng.randint(10, 900)))
                y += 5.5
        pdf.set_font(family, "", 8)
        pdf.text(95, 287, f"Seite {number} von {pages}")
    return bytes(pdf.output())


# -- large stores ------------------------------------------------------------------------------


def random_unit_vectors(count: int, dim: int, seed: int = 0) -> np.ndarray:
    """``count`` random unit vectors (float32): what a search benchmark needs, at no model cost."""
    rng = np.random.default_rng(seed)
    vectors = rng.standard_normal((count, dim), dtype=np.float32)
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
    return vectors


def chunk_texts(count: int, seed: int = 0, year: int = 2025) -> list[str]:
    """``count`` German AMIP-like passages of ~700 characters for the keyword index."""
    rng = random.Random(seed)
    out = []
    for _ in range(count):
        out.append(" ".join(_sentence(rng, year) for _ in range(6)))
    return out


def fill_store(store, count: int, dim: int, chunks_per_doc: int = 200, seed: int = 0,
               texts: list[str] | None = None) -> list[str]:
    """Add ``count`` chunks to ``store`` as documents of ``chunks_per_doc`` chunks each,
    with random unit vectors; returns the doc ids. Goes through ``VectorStore.add_document``
    so the store's own bookkeeping (registry, visibility filter) is what gets measured."""
    from ingest.types import Chunk

    texts = texts or chunk_texts(min(count, 5000), seed)
    vectors = random_unit_vectors(count, dim, seed)
    doc_ids = []
    for doc_no, start in enumerate(range(0, count, chunks_per_doc)):
        size = min(chunks_per_doc, count - start)
        doc_id = hashlib.sha256(f"bench-{seed}-{doc_no}".encode()).hexdigest()
        filename = f"amip-{doc_no:05d}.pdf"
        chunks, pos = [], 0
        for i in range(size):
            text = texts[(start + i) % len(texts)]
            chunks.append(Chunk(f"{doc_id[:16]}-{i:05d}", doc_id, text, pos, pos + len(text),
                                1 + i // 3, 1 + i // 3, "", filename, i))
            pos += len(text) + 2
        meta = {"doc_id": doc_id, "filename": filename, "title": filename, "pages": 1 + size // 3,
                "ocr_pages": [], "warnings": []}
        store.add_document(meta, [], chunks, vectors[start:start + size])
        doc_ids.append(doc_id)
    return doc_ids
