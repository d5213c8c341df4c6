"""A cap on the table rows drafting considers, so a hostile or broken table (tens of thousands
of rows) cannot make drafting take minutes; the user gets a German note that rows were left out.

A table is a run of table figures on consecutive pages (figures carry no table id, and a table
continues over page breaks). Real AMIP tables have tens to a few hundred rows, so the cap never
cuts one (the default, 1,000, is several times a real table); the setting ``max_table_rows``
(``AMIP_MAX_TABLE_ROWS``) changes it.
"""

from __future__ import annotations

from assistant.settings import load_settings
from assistant.types import Figure


def max_table_rows() -> int:
    """The cap from the settings; the app and the CLI refused an invalid value at start already."""
    return load_settings().max_table_rows


def cap_table_rows(figures: list[Figure], cap: int | None = None) -> tuple[list[Figure], int]:
    """The figures with at most ``cap`` rows per table (the first ones), and the number of rows left out."""
    cap = cap or max_table_rows()
    kept: list[Figure] = []
    dropped, rows, last_page = 0, 0, None
    for figure in figures:
        if figure.source != "table":
            kept.append(figure)
            continue
        if last_page is None or not 0 <= figure.page - last_page <= 1:
            rows = 0  # a new table: not on this or the next page of the previous row
        last_page = figure.page
        rows += 1
        if rows > cap:
            dropped += 1
        else:
            kept.append(figure)
    return kept, dropped


def row_cap_notice(figures: list[Figure], cap: int | None = None) -> str | None:
    """The German note for the user when a table is longer than the cap; None otherwise."""
    cap = cap or max_table_rows()
    _, dropped = cap_table_rows(figures, cap)
    if not dropped:
        return None
    return (f"Hinweis: Eine Tabelle hat mehr als {_de(cap)} Zeilen; für die Fragen wurden je Tabelle nur die "
            f"ersten {_de(cap)} Zeilen berücksichtigt ({_de(dropped)} Zeilen nicht). Die Grenze lässt sich "
            f"mit AMIP_MAX_TABLE_ROWS ändern.")


def _de(number: int) -> str:
    return f"{number:,}".replace(",", ".")
