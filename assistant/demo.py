"""Writes the fictional "Jobcenter Musterstadt" AMIP PDFs (2024 and 2025) with fpdf2.

Used on the app's first start (so a new user can try everything without a confidential draft)
and by tests across the project. The bytes are deterministic (fixed creation date), so the
document id (sha256 of the bytes) is stable. Tables are drawn as one text line per row with
right-aligned numbers under right-aligned headers, the way real AMIPs print them; pypdf's
layout extraction then keeps label and numbers on one line.
"""

from __future__ import annotations

from datetime import datetime, timezone
from pathlib import Path

from fpdf import FPDF

from assistant.demo_content import (BUDGET_LABELS, DISCLAIMER, JOBCENTER, YEARS, DemoYear, entry_totals,
                                    focus_text, foreword, german_number, instrument_text, market_text,
                                    quality_text, target_text)

FONT_DIR = Path("/usr/share/fonts/truetype/dejavu")
DEMO_YEARS = (2024, 2025)
_LATIN1 = str.maketrans({"€": "EUR", "–": "-", "—": "-", "„": '"', "“": '"', "”": '"', "•": "-", "’": "'"})


def demo_filename(year: int) -> str:
    return f"amip-musterstadt-{year}.pdf"


def write_demo_pdfs(target_dir: Path | str) -> list[Path]:
    """Write both demo PDFs into ``target_dir`` (created if missing) and return their paths."""
    target = Path(target_dir)
    target.mkdir(parents=True, exist_ok=True)
    paths = []
    for year in DEMO_YEARS:
        path = target / demo_filename(year)
        path.write_bytes(demo_pdf_bytes(year))
        paths.append(path)
    return paths


def demo_pdf_bytes(year: int) -> bytes:
    """The demo AMIP of ``year`` (2024 or 2025) as PDF bytes."""
    if year not in YEARS:
        raise ValueError(f"Für {year} gibt es kein Beispielprogramm (verfügbar: {', '.join(map(str, YEARS))}).")
    doc = _DemoPdf(YEARS[year])
    doc.build()
    return bytes(doc.output())


class _DemoPdf(FPDF):
    def __init__(self, data: DemoYear) -> None:
        super().__init__(format="A4")
        self.data = data
        self.unicode = _add_fonts(self)
        self.set_creation_date(datetime(data.year - 1, 11, 15, 9, 0, tzinfo=timezone.utc))
        self.set_title(f"Arbeitsmarkt- und Integrationsprogramm {data.year} – {JOBCENTER} (fiktiv)")
        self.set_author(f"{JOBCENTER} (fiktives Beispiel)")
        self.set_auto_page_break(True, margin=20)
        self.set_margins(20, 20, 20)
        self.alias_nb_pages()

    # -- page furniture (repeated on every page, like real AMIPs) ---------------------------

    def header(self) -> None:
        self._font(8)
        self.cell(0, 5, self._t(f"{JOBCENTER} · AMIP {self.data.year} · fiktives Beispiel"), align="L")
        self.ln(10)

    def footer(self) -> None:
        self.set_y(-15)
        self._font(8)
        self.cell(0, 5, f"Seite {self.page_no()} von {{nb}}", align="R")

    # -- content ----------------------------------------------------------------------------

    def build(self) -> None:
        d = self.data
        self.add_page()
        self._font(20, "B")
        self.multi_cell(0, 10, self._t(f"Arbeitsmarkt- und Integrationsprogramm {d.year}"), new_x="LMARGIN", new_y="NEXT")
        self._font(14)
        self.multi_cell(0, 8, self._t(f"{JOBCENTER} – Entwurf für die Beratung im Beirat"), new_x="LMARGIN",
                        new_y="NEXT")
        self.ln(2)
        self._paragraphs([DISCLAIMER])
        self._heading("Vorwort der Geschäftsführung")
        self._paragraphs(foreword(d.year))
        self.add_page()
        self._heading("1. Regionaler Arbeitsmarkt und Struktur der Leistungsberechtigten")
        self._paragraphs(market_text(d))
        self._heading("2. Ziele")
        self._paragraphs(target_text(d))
        self._targets_table()
        self.add_page()
        self._heading("3. Operative Schwerpunkte und Zielgruppen")
        self._paragraphs(focus_text(d))
        self._heading("4. Finanzielle Ressourcen")
        self._paragraphs(self._budget_text())
        self._budget_table()
        self.add_page()
        self._heading("5. Instrumente und Eintrittsplanung")
        self._paragraphs(instrument_text(d))
        self._entries_table()
        self._funds_table()
        self.add_page()
        self._heading("6. Qualität und Rechtmäßigkeit")
        self._paragraphs(quality_text())

    def _budget_text(self) -> list[str]:
        b, year = self.data.budget, self.data.year
        text = [f"Für {year} stehen nach den Orientierungswerten des BMAS die folgenden Mittel zur Verfügung.",
                f"Aus dem Eingliederungsbudget werden {german_number(b['Umschichtung'])} € in das "
                "Verwaltungskostenbudget umgeschichtet, um Personal- und Sachkosten zu decken."]
        previous = YEARS.get(year - 1)
        if previous:
            before = previous.budget["EGT"]
            verb = "sinkt" if b["EGT"] < before else "steigt"
            text.append(f"Gegenüber dem Vorjahr {verb} das Eingliederungsbudget von {german_number(before)} € "
                        f"auf {german_number(b['EGT'])} €.")
        if b["Vorbindungen"] > b["Neubewilligungen"]:
            text.append("Weil die Vorbindungen aus Vorjahren steigen, stehen für Neubewilligungen weniger "
                        "Mittel zur Verfügung.")
        return text

    def _targets_table(self) -> None:
        year = self.data.year
        rows = []
        for label, (value, change) in self.data.targets.items():
            shown = f"{german_number(value, 1)} %" if label == "Integrationsquote" else german_number(value)
            rows.append((label, [shown, f"{change:+.1f}".replace(".", ",")]))
        self._table(f"Zielwerte {year}", ["Kennzahl", f"Ziel {year}", "Veränderung ggü. VJ in %"], rows,
                    value_w=48)

    def _budget_table(self) -> None:
        rows = [(BUDGET_LABELS[key], [german_number(value)]) for key, value in self.data.budget.items()]
        self._table(f"Übersicht Budget {self.data.year} in Euro", ["Haushaltsposition", "Betrag"], rows)

    def _entries_table(self) -> None:
        year = self.data.year
        rows = [(label, [german_number(ist), german_number(plan)])
                for label, (ist, plan) in self.data.entries.items()]
        ist, plan = entry_totals(year)
        rows.append(("Gesamt", [german_number(ist), german_number(plan)]))
        self._table(f"Eintrittsplanung {year}", ["Instrument", f"Ist {year - 1}", f"Plan {year}"], rows)

    def _funds_table(self) -> None:
        year = self.data.year
        rows = [(label, [german_number(ist), german_number(plan)]) for label, (ist, plan) in self.data.funds.items()]
        self._table("Mitteleinsatz ausgewählter Instrumente in Euro",
                    ["Instrument", f"Ist {year - 1}", f"Plan {year}"], rows)

    # -- drawing helpers --------------------------------------------------------------------

    def _table(self, caption: str, header: list[str], rows: list[tuple[str, list[str]]],
               value_w: float = 32) -> None:
        """Label column plus right-aligned number columns of equal width."""
        self.ln(3)
        self._font(10, "B")
        self.cell(0, 6, self._t(caption), new_x="LMARGIN", new_y="NEXT")
        n_values = len(header) - 1
        label_w = self.epw - value_w * n_values
        self._font(9, "B")
        self.cell(label_w, 6, self._t(header[0]))
        for title in header[1:]:
            self.cell(value_w, 6, self._t(title), align="R")
        self.ln(7)
        self._font(9)
        for label, values in rows:
            self.cell(label_w, 6, self._t(label))
            for value in values:
                self.cell(value_w, 6, self._t(value), align="R")
            self.ln(6)
        self.ln(3)

    def _heading(self, text: str) -> None:
        self.ln(3)
        self._font(13, "B")
        self.multi_cell(0, 7, self._t(text), new_x="LMARGIN", new_y="NEXT")
        self.ln(1)

    def _paragraphs(self, texts: list[str]) -> None:
        self._font(10)
        for text in texts:
            self.multi_cell(0, 5.5, self._t(text), align="L", new_x="LMARGIN", new_y="NEXT")
            self.ln(2)

    def _font(self, size: int, style: str = "") -> None:
        self.set_font("DejaVu" if self.unicode else "Helvetica", style, size)

    def _t(self, text: str) -> str:
        """Text as the active font can print it (core fonts only know latin-1)."""
        return text if self.unicode else text.translate(_LATIN1).encode("latin-1", "replace").decode("latin-1")


def _add_fonts(pdf: FPDF) -> bool:
    """Register DejaVu Sans (Debian ``fonts-dejavu-core``) if present; ``False`` = core fonts."""
    regular, bold = FONT_DIR / "DejaVuSans.ttf", FONT_DIR / "DejaVuSans-Bold.ttf"
    if not (regular.is_file() and bold.is_file()):
        return False
    pdf.add_font("DejaVu", "", str(regular))
    pdf.add_font("DejaVu", "B", str(bold))
    return True
