"""Compose one AMIP from a seed: title page, sections with prose, the Eintrittsplanung and the
budget table, each placed and drawn per the layout; collect the ground truth on the way."""

from __future__ import annotations

import random
from dataclasses import dataclass, replace
from functools import lru_cache

from .content import TableSpec
from .draw import MARGIN, Flow, Pdf, line_height
from .layout import Layout, normalized, random_layout
from .placement import place_table
from .prose import Sentence, jobcenter_name, paragraph
from .tables import budget_table, entries_table, targets_table
from .truth import DocTruth, SentenceFigure, TruthTable

COLUMN_WIDTH, COLUMN_GAP = 80.0, 10.0


@dataclass(frozen=True)
class Generated:
    seed: int
    layout: Layout
    pdf: bytes
    truth: DocTruth


class _Writer:
    """The flow plus the sentence figures printed so far."""

    def __init__(self, rng: random.Random, flow: Flow, year: int) -> None:
        self.rng, self.flow, self.year = rng, flow, year
        self.figures: list[SentenceFigure] = []
        self.printed: list[tuple[str, int]] = []

    def sentences(self, sentences: list[Sentence], size: float = 10.5) -> None:
        page = self.flow.paragraph(" ".join(s.text for s in sentences), size)
        self.printed += [(s.text, page) for s in sentences]
        self.figures += [SentenceFigure(s.text, f.printed, f.value, f.unit, page)
                         for s in sentences for f in s.figures]

    def prose(self, with_figure: bool) -> None:
        self.sentences(paragraph(self.rng, self.year, with_figure))

    def fits(self, sentences: list[Sentence], reserve: float) -> bool:
        text = " ".join(s.text for s in sentences)
        return self.flow.text_height(text) + 3 + reserve <= self.flow.space_left()

    def heading(self, text: str) -> None:
        self.flow.paragraph(text, 12.5, bold=True, keep=40)


def _two_column_section(writer: _Writer, spec: TableSpec, table_column: int) -> TruthTable:
    """A full-width heading, then prose in one column and intro + table in the other,
    side by side on the same page."""
    flow = writer.flow
    flow.new_page()
    writer.heading(f"2. Eintrittsplanung {writer.year}")
    top = flow.y
    xs = (MARGIN, MARGIN + COLUMN_WIDTH + COLUMN_GAP)
    flow.frame(xs[table_column], COLUMN_WIDTH, top)
    writer.prose(with_figure=False)
    table = place_table(flow, writer.rng, spec, two_column=True)
    table_bottom = flow.y
    flow.frame(xs[1 - table_column], COLUMN_WIDTH, top)
    while True:
        sentences = paragraph(writer.rng, writer.year, writer.rng.random() < 0.4)
        if not writer.fits(sentences, 0):
            break
        writer.sentences(sentences)
        if flow.y > table_bottom + 10:
            break
    flow.full_width()
    flow.y = max(flow.y, table_bottom)
    return table


def _opening_in_columns(writer: _Writer, layout: Layout) -> None:
    """Section 1 under the full-width title block, in two text columns: the heading and
    prose in the left one, more prose (after a sub-heading, perhaps) in the right one."""
    flow = writer.flow
    top = flow.y
    flow.frame(MARGIN, COLUMN_WIDTH, top)
    writer.heading("1. Regionaler Arbeitsmarkt")
    writer.prose(with_figure=True)
    writer.prose(with_figure=writer.rng.random() < 0.5)
    left_bottom = flow.y
    flow.frame(MARGIN + COLUMN_WIDTH + COLUMN_GAP, COLUMN_WIDTH, top)
    if layout.right_subheading:
        flow.paragraph("Arbeitslosigkeit und Grundsicherung", 10.5, bold=True, gap=2)
    while flow.y < left_bottom - 20:
        writer.prose(with_figure=writer.rng.random() < 0.5)
    flow.full_width()
    flow.y = max(flow.y, left_bottom) + 4


CONTENTS = ("1. Regionaler Arbeitsmarkt", "1.1 Arbeitslosigkeit und Grundsicherung",
            "2. Eintrittsplanung {year}", "3. Finanzplanung {year}", "4. Ausblick")


def _contents(flow: Flow, year: int, leaders: bool) -> None:
    """A table of contents: entry text left, its page number at the line end (with dot
    leaders between, or none). Page numbers are the sections' usual pages."""
    flow.paragraph("Inhalt", 12.5, bold=True)
    step, size = line_height(10.5), 10.5
    right = flow.x + flow.width
    for entry, page in zip(CONTENTS, (1, 1, 2, 3, 4)):
        text, number = entry.format(year=year), str(page + 1)
        flow.y += step
        baseline = flow.y - step * 0.25
        flow.pdf.put(flow.x, baseline, text, size)
        number_x = right - flow.pdf.width_of(number, size)
        flow.pdf.put(number_x, baseline, number, size)
        if leaders:
            start = flow.x + flow.pdf.width_of(text, size) + 2
            dots = int((number_x - 2 - start) / flow.pdf.width_of(". ", size))
            flow.pdf.put(start, baseline, ". " * dots, size)
    flow.y += 6


def _entries_section(writer: _Writer, spec: TableSpec, layout: Layout) -> TruthTable:
    if layout.two_column:
        return _two_column_section(writer, spec, layout.table_column)
    writer.heading(f"2. Eintrittsplanung {writer.year}")
    writer.prose(with_figure=writer.rng.random() < 0.5)
    return place_table(writer.flow, writer.rng, spec, two_column=False,
                       filler=lambda reserve: _filler(writer, reserve))


def _filler(writer: _Writer, reserve: float) -> bool:
    """One more paragraph if it fits above a table needing ``reserve`` mm (for splits)."""
    sentences = paragraph(writer.rng, writer.year, False)
    if writer.flow.page and writer.fits(sentences, reserve):
        writer.sentences(sentences)
        return True
    return False


def generate(seed: int, layout: Layout | None = None) -> Generated:
    """The PDF and its ground truth; the same seed and layout give the same bytes."""
    rng = random.Random(seed)
    layout = normalized(layout) if layout is not None else random_layout(rng)
    year = rng.randint(2019, 2027)
    name = jobcenter_name(rng)
    pdf = Pdf(f"Arbeitsmarkt- und Integrationsprogramm {year} – {name}")
    header = f"{name} · Arbeitsmarkt- und Integrationsprogramm {year}"
    flow = Flow(pdf, header if layout.running_header else None)
    writer = _Writer(rng, flow, year)
    flow.new_page()
    flow.paragraph(f"Arbeitsmarkt- und Integrationsprogramm {year}", 16, bold=True)
    flow.paragraph(name, 12, gap=8)
    if layout.contents:
        _contents(flow, year, layout.contents == "leaders")
    if layout.first_page_columns:
        _opening_in_columns(writer, layout)
    else:
        writer.heading("1. Regionaler Arbeitsmarkt")
        writer.prose(with_figure=True)
        writer.prose(with_figure=rng.random() < 0.5)
    tables = []
    if layout.targets:
        targets = targets_table(rng, layout.targets, year)
        tables.append(place_table(flow, rng, targets, two_column=False))
    long_labels = layout.entries.narrow_labels and not layout.two_column
    entries = entries_table(rng, layout.entries, year, layout.instruments, 1, long_labels)
    tables.append(_entries_section(writer, entries, layout))
    if layout.budget_new_page:
        flow.new_page()
    writer.heading(f"3. Finanzplanung {year}")
    writer.prose(with_figure=True)
    budget = budget_table(rng, layout.budget, year, 2)
    tables.append(place_table(flow, rng, budget, two_column=False,
                              filler=lambda reserve: _filler(writer, reserve)))
    if layout.closing_section or flow.page < 2:
        if flow.page < 2:
            flow.new_page()
        writer.heading("4. Ausblick")
        writer.prose(with_figure=rng.random() < 0.5)
    features = frozenset({"two_column_document"} if layout.two_column else set()) | (
        {"running_header"} if layout.running_header else set()) | (
        {"first_page_columns"} if layout.first_page_columns else set()) | (
        {f"contents_{layout.contents}"} if layout.contents else set())
    truth = DocTruth(name, year, flow.page, tuple(tables), tuple(writer.figures), features,
                     tuple(writer.printed))
    return Generated(seed, layout, bytes(pdf.output()), truth)


@lru_cache(maxsize=256)
def generated(seed: int, layout: Layout | None = None) -> Generated:
    """``generate``, kept for the test session: several tests read the same documents."""
    return generate(seed, layout)


def with_options(seed: int, **options: object) -> Generated:
    """``generate`` with a random layout for ``seed`` in which ``options`` are fixed, e.g.
    ``with_options(3, two_column=True)`` (document-level fields only)."""
    layout = replace(random_layout(random.Random(seed)), **options)
    return generate(seed, layout)
