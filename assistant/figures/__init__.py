"""Figures of a document: table rows (from the tables read at ingest) and sentences, one model.

Every consumer — drafting, the Kennzahlen tab, the checklist, export — reads these ``Figure``
objects; nobody re-parses table text.
"""

from __future__ import annotations

from assistant.figures.sentence_split import split_sentences
from assistant.figures.sentences import sentence_figures
from assistant.figures.tables import table_figures
from assistant.types import Figure, FigureValue
from ingest.tables.types import Table

__all__ = ["Figure", "FigureValue", "document_figures", "sentence_figures", "split_sentences", "table_figures"]


def document_figures(tables: list[Table], pages: list[tuple[int, str]], doc_id: str, filename: str) -> list[Figure]:
    """Table figures and sentence figures of one document, in page order.

    A sentence figure whose numbers all stand in table rows of the same page, or of the same
    instrument, is a table row read as text (or a sentence restating it) and is dropped: the
    row has the columns."""
    rows = [f for table in tables for f in table_figures(table, filename)]
    on_page: dict[int, set[float]] = {}
    of_code: dict[str, set[float]] = {}
    for f in rows:
        numbers = {round(v.value, 6) for v in f.values}
        on_page.setdefault(f.page, set()).update(numbers)
        if f.instrument:
            of_code.setdefault(f.instrument, set()).update(numbers)
    sentences = []
    for number, text in pages:
        for f in sentence_figures(text, number, doc_id, filename):
            numbers = {round(v.value, 6) for v in f.values}
            if not (numbers <= on_page.get(number, set()) or numbers <= of_code.get(f.instrument, set())):
                sentences.append(f)
    return sorted(rows + _distinct(sentences), key=lambda f: f.page)


def _distinct(figures: list[Figure]) -> list[Figure]:
    """Sentences restating a figure on the same page differ only in wording: one is enough."""
    seen, kept = set(), []
    for f in figures:
        key = (f.page, f.instrument, tuple((v.role, v.value) for v in f.values))
        if key not in seen:
            seen.add(key)
            kept.append(f)
    return kept
