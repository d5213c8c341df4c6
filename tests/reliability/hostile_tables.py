"""A table of many rows for drafting (figures and the pages they come from), generated:
each row a made-up course with a planned rise, every few rows a sentence giving the reason."""

from __future__ import annotations

from assistant.types import Figure, FigureValue

_LETTERS = "bcdfghklmnprstvwz"


def word(n: int) -> str:
    """A distinct made-up long word per row ("Kbbbcd"), so labels do not share words."""
    letters = []
    for _ in range(5):
        n, rest = divmod(n, len(_LETTERS))
        letters.append(_LETTERS[rest])
    return "K" + "".join(letters)


def table_document(rows: int, reason_every: int = 7, per_page: int = 40):
    """Figures of a table with ``rows`` rows (plan up 50 % on actual) and pages holding the rows
    and, for every ``reason_every``-th row, a sentence giving the reason for its change."""
    figures, pages = [], []
    for start in range(0, rows, per_page):
        number = start // per_page + 1
        lines = []
        for n in range(start, min(rows, start + per_page)):
            label = f"Kurs {word(n)}"
            quote = f"{label} mit {100 + n} und {150 + n} Plätzen."
            lines.append(quote)
            if n % reason_every == 0:
                lines.append(f"Die Plätze im Kurs {word(n)} werden erhöht, weil die Nachfrage deutlich steigt.")
            figures.append(Figure(kind="entries", label=label, instrument="", doc_id="d", filename="amip.pdf",
                                  page=number, source="table", quote=quote, values=[
                                      FigureValue("Ist 2024", "actual", 2024, 100.0 + n, ""),
                                      FigureValue("Plan 2025", "plan", 2025, 150.0 + n, "")]))
        pages.append((number, "\n".join(lines)))
    return figures, pages
