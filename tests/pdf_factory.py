"""Generators for test PDFs (fpdf2), so tests never depend on files from outside the repo.

Every ``*_pdf`` function returns the PDF as ``bytes`` (cached: same call, same bytes, so
doc_ids are stable); ``write_pdf`` stores bytes under a path. Text uses DejaVu Sans when the
Debian package ``fonts-dejavu-core`` is installed, else fpdf's core Helvetica (Latin-1 only,
typographic quotes and dashes are then replaced)."""

from __future__ import annotations

import io
from functools import lru_cache
from pathlib import Path
from typing import Sequence

from fpdf import FPDF
from PIL import Image, ImageDraw, ImageFont
from pypdf import PdfReader, PdfWriter

FONT_DIR = Path("/usr/share/fonts/truetype/dejavu")
REGULAR_TTF = FONT_DIR / "DejaVuSans.ttf"
BOLD_TTF = FONT_DIR / "DejaVuSans-Bold.ttf"

HEADER = "Jobcenter Musterstadt · Arbeitsmarkt- und Integrationsprogramm 2024"

#: Eintrittsplanung rows: (instrument, Ist 2023, Plan 2024) — numbers as printed.
EINTRITTSPLANUNG: tuple[tuple[str, str, str], ...] = (
    ("Gesamt", "875", "869"),
    ("Förderung berufliche Weiterbildung", "56", "37"),
    ("Eingliederungszuschuss", "59", "64"),
    ("Maßnahmen zur Aktivierung und beruflichen Eingliederung", "541", "489"),
    ("Arbeitsgelegenheiten", "133", "145"),
    ("Einstiegsgeld", "61", "78"),
)

#: Paragraphs with explicit line breaks: broken words, real hyphens, suspended hyphens.
HYPHENATED_LINES: tuple[str, ...] = (
    "Trotz der krisenhaften Rahmenbedin-",
    "gungen bleibt der Arbeitsmarkt im Ilm-",
    "Kreis stabil. Die SGB II-",
    "Leistungen steigen, die Ein- und Austritte sinken,",
    "und die Verwaltungs- oder Sachkosten wachsen weiter.",
)

LOREM_PAGES: tuple[str, ...] = (
    "Vorwort der Geschäftsführung\n"
    "Das Jobcenter blickt auf ein bewegtes Jahr zurück. Die Zahl der erwerbsfähigen\n"
    "Leistungsberechtigten ist gesunken, die Integrationsquote liegt bei 16,4 %.",
    "1. Regionaler Arbeitsmarkt\n"
    "Die sozialversicherungspflichtige Beschäftigung nimmt seit Jahren zu. Der Anteil\n"
    "der Langzeitleistungsbezieher an allen eLb beträgt 56,1 %.",
    "2. Ressourcen\n"
    "Das Eingliederungsbudget beträgt 2.970.357 Euro, der Verwaltungshaushalt\n"
    "9.994.076 Euro. Umgeschichtet werden 1.793.645 Euro.",
)

LEFT_COLUMN: tuple[str, ...] = (
    "Linke Spalte beginnt hier mit einem",
    "ersten Absatz über die Beratung im",
    "Jobcenter und die Aufgaben des",
    "Beirats bei der Auswahl der Eingliede-",
    "rungsinstrumente und der Maßnahmen.",
    "Der Beirat soll früh eingebunden",
    "werden und den Entwurf rechtzeitig",
    "erhalten, damit er beraten kann.",
)
RIGHT_COLUMN: tuple[str, ...] = (
    "Rechte Spalte beginnt hier mit den",
    "Fragen an die Geschäftsführung zum",
    "Programm und den Zielen des Jahres.",
    "Warum sollen die Eintritte beim",
    "Förderinstrument stark sinken und",
    "die Mittel stark gekürzt werden?",
    "Welche Effekte verspricht sich die",
    "Geschäftsführung von der Planung?",
)

SCANNED_LINES: tuple[str, ...] = (
    "Eingliederungsbudget 2024",
    "Förderung berufliche Weiterbildung",
    "Arbeitsgelegenheiten für Langzeitarbeitslose",
)


def unicode_font_available() -> bool:
    """True when DejaVu Sans is installed (otherwise texts are Latin-1 Helvetica)."""
    return REGULAR_TTF.exists() and BOLD_TTF.exists()


def _latin1(text: str) -> str:
    """Text as the core Helvetica font can show it (umlauts are Latin-1, quotes are not)."""
    table = {"·": "-", "„": '"', "“": '"', "”": '"', "–": "-", "—": "-", "…": "..."}
    return "".join(table.get(c, c) for c in text).encode("latin-1", "replace").decode("latin-1")


class _Pdf(FPDF):
    """FPDF with one text font (DejaVu when present) and no automatic page breaks."""

    def __init__(self, title: str | None = None) -> None:
        super().__init__(format="A4", unit="mm")
        self.set_auto_page_break(False)
        self.set_margins(20, 20, 20)
        if unicode_font_available():
            self.add_font("Body", "", str(REGULAR_TTF))
            self.add_font("Body", "B", str(BOLD_TTF))
            self.family = "Body"
        else:
            self.family = "Helvetica"
        if title:
            self.set_title(self.fix(title))
        self.set_creator("tests/pdf_factory.py")

    def fix(self, text: str) -> str:
        return text if self.family == "Body" else _latin1(text)

    def use(self, size: float = 11, bold: bool = False) -> None:
        self.set_font(self.family, "B" if bold else "", size)

    def line_at(self, x: float, y: float, text: str, size: float = 11, bold: bool = False) -> None:
        """Put one line of text with its baseline at (x, y) mm."""
        self.use(size, bold)
        self.text(x, y, self.fix(text))

    def lines(self, lines: Sequence[str], y: float = 30, x: float = 20, step: float = 6) -> float:
        """Write lines top-down from ``y``; a line starting with '# ' is printed bold."""
        for line in lines:
            bold = line.startswith("# ")
            self.line_at(x, y, line[2:] if bold else line, bold=bold)
            y += step
        return y

    def table(self, rows: Sequence[tuple[str, str, str]], y: float,
              columns: tuple[str, str] = ("Ist 2023", "Plan 2024")) -> float:
        """Column headers at ``y``, then one row per line: label, two right-hand numbers."""
        for label, first, second in [("", *columns), *rows]:
            self.line_at(20, y, label, size=10)
            self.line_at(140, y, first, size=10)
            self.line_at(170, y, second, size=10)
            y += 6
        return y

    def bytes(self) -> bytes:
        return bytes(self.output())


def write_pdf(path: str | Path, data: bytes) -> Path:
    """Write PDF ``data`` to ``path`` (parents created) and return the path."""
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(data)
    return target


@lru_cache(maxsize=None)
def plain_pdf(pages: tuple[str, ...] = LOREM_PAGES, title: str | None = "AMIP Testdokument") -> bytes:
    """One page per string; newlines in a string are line breaks; '# ' marks bold lines."""
    pdf = _Pdf(title)
    for text in pages:
        pdf.add_page()
        pdf.lines(text.split("\n"))
    return pdf.bytes()


@lru_cache(maxsize=None)
def two_column_pdf(left: tuple[str, ...] = LEFT_COLUMN, right: tuple[str, ...] = RIGHT_COLUMN,
                   heading: str = "Fragen zum Arbeitsmarkt- und Integrationsprogramm") -> bytes:
    """A full-width heading, then two text columns side by side (like a newsletter)."""
    pdf = _Pdf("Zweispaltig")
    pdf.add_page()
    pdf.line_at(20, 25, heading, size=13, bold=True)
    pdf.lines(left, y=40, x=20)
    pdf.lines(right, y=40, x=112)
    return pdf.bytes()


@lru_cache(maxsize=None)
def table_pdf(rows: tuple[tuple[str, str, str], ...] = EINTRITTSPLANUNG,
              columns: tuple[str, str] = ("Ist 2023", "Plan 2024")) -> bytes:
    """A page with an intro paragraph and an Eintrittsplanung table (label, two numbers)."""
    pdf = _Pdf("Eintrittsplanung")
    pdf.add_page()
    y = pdf.lines(["# 3.3 Verwendung der Eingliederungsmittel",
                   "Die Eintrittsplanung für 2024 sieht in einer ersten Aufstellung",
                   "458 Förderungen vor. Basis sind die Bedarfsschätzungen der Teams.",
                   "", "Umsetzung Förderbedarfe"])
    y = pdf.table(rows, y, columns)
    pdf.lines(["Quelle: Planung JC"], y=y + 4)
    return pdf.bytes()


_PAGE_OPENINGS = (
    "Das Jobcenter plant die Förderung für das kommende Jahr sorgfältig.",
    "Die Zahl der Arbeitslosen im Rechtskreis SGB II ist leicht gestiegen.",
    "Frauen sollen entsprechend ihrem Anteil gefördert werden.",
    "Der Beirat berät über die Auswahl der Eingliederungsinstrumente.",
    "Geflüchtete Menschen erhalten Sprachkurse und Beratung.",
    "Die Vakanzzeit offener Stellen hat sich verlängert.",
)


@lru_cache(maxsize=None)
def headers_footers_pdf(page_count: int = 4) -> bytes:
    """Pages with a running header, 'Seite n von N' footers and hyphenated line ends
    (``HYPHENATED_LINES`` in the middle of every page; at most 6 pages)."""
    pdf = _Pdf("Kopf- und Fußzeilen")
    for number in range(1, page_count + 1):
        pdf.add_page()
        pdf.line_at(20, 12, HEADER, size=9)
        opening = _PAGE_OPENINGS[number - 1]
        closing = _PAGE_OPENINGS[-number]
        body = [f"Abschnitt {number}: {opening}", "", *HYPHENATED_LINES, "", closing]
        pdf.lines(body, y=30)
        pdf.line_at(95, 285, f"Seite {number} von {page_count}", size=9)
    return pdf.bytes()


def _text_image(lines: Sequence[str], dpi: int = 200) -> Image.Image:
    """An A4 page image with large black text (what a scanner would produce)."""
    width, height = int(8.27 * dpi), int(11.69 * dpi)
    image = Image.new("L", (width, height), 255)
    draw = ImageDraw.Draw(image)
    size = dpi // 5
    font = (ImageFont.truetype(str(REGULAR_TTF), size) if unicode_font_available()
            else ImageFont.load_default(size=size))
    y = dpi
    for line in lines:
        draw.text((dpi, y), line, fill=0, font=font)
        y += int(size * 1.6)
    return image


@lru_cache(maxsize=None)
def image_only_pdf(lines: tuple[str, ...] = SCANNED_LINES, text_pages_before: int = 0) -> bytes:
    """``text_pages_before`` normal pages, then one page that is only an image of ``lines``
    (no text layer), so the scanned page is page ``text_pages_before + 1``."""
    pdf = _Pdf("Scan")
    for number in range(text_pages_before):
        pdf.add_page()
        pdf.lines([f"Textseite {number + 1}", LOREM_PAGES[number % len(LOREM_PAGES)]
                   .split("\n")[1]])
    pdf.add_page()
    pdf.image(_text_image(lines), x=0, y=0, w=210, h=297)
    return pdf.bytes()


@lru_cache(maxsize=None)
def blank_pdf(page_count: int = 1) -> bytes:
    """Pages without any content (no text, no images)."""
    pdf = _Pdf()
    for _ in range(page_count):
        pdf.add_page()
    return pdf.bytes()


@lru_cache(maxsize=None)
def encrypted_pdf(user_password: str = "", owner_password: str = "eigentuemer") -> bytes:
    """``plain_pdf()`` encrypted with AES-128. An empty user password opens without asking
    (only permissions are restricted); a non-empty one needs the password to read."""
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(plain_pdf())))
    writer.encrypt(user_password=user_password, owner_password=owner_password,
                   algorithm="AES-128")
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def truncated_pdf(keep: float = 0.5) -> bytes:
    """The first ``keep`` share of ``plain_pdf()`` (an interrupted download)."""
    data = plain_pdf()
    return data[: int(len(data) * keep)]


def not_a_pdf() -> bytes:
    """Bytes of a text file renamed to .pdf."""
    return "Dies ist keine PDF-Datei, sondern nur Text.\n".encode("utf-8")


@lru_cache(maxsize=None)
def sample_amip_pdf() -> bytes:
    """A small realistic AMIP (3 pages): running header/footer, numbered sections, a
    hyphenated paragraph and the Eintrittsplanung table. Useful for pipeline tests."""
    pdf = _Pdf("AMIP 2024 Jobcenter Musterstadt")
    pages = [
        ["# 1. Regionaler Arbeitsmarkt", *HYPHENATED_LINES, "",
         "Der Anteil der Langzeitleistungsbezieher an allen eLb beträgt 56,1 %.",
         "", "# 2. Ziele", "Die Integrationsquote soll 2024 bei 16,0 % liegen (Vorjahr 16,4 %).",
         "Der Bestand an Langzeitleistungsbeziehenden steigt um +6,3 %."],
        ["# 3. Ressourcen", "# 3.1 Budget",
         "Das Eingliederungsbudget (inkl. BEZ) beträgt 2.970.357 Euro. Aus dem Ein-",
         "gliederungstitel sind 1.793.645 Euro für Umschichtungen geplant."],
        ["# 3.3 Eintrittsplanung", "Die Eintrittsplanung sieht 458 Förderungen vor.", ""],
    ]
    for number, lines in enumerate(pages, start=1):
        pdf.add_page()
        pdf.line_at(20, 12, HEADER, size=9)
        y = pdf.lines(lines, y=30)
        if number == 3:
            pdf.table(EINTRITTSPLANUNG, y)
        pdf.line_at(95, 285, f"Seite {number} von {len(pages)}", size=9)
    return pdf.bytes()

