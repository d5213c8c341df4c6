"""Randomized-layout AMIP generator for the generalization tests (issue 10).

``generate(seed)`` writes an AMIP-like PDF (fpdf2, DejaVu Sans) for a fictional Jobcenter and
returns its bytes with the ground truth (``truth.DocTruth``): every table with caption,
pages, columns and rows (values in base units, page per row) and every sentence figure.
``generate(seed, layout)`` fixes the layout (see ``layout.Layout``) so a test can cover a
feature on purpose; the content still comes from the seed. Same seed + layout, same bytes.

Column roles in the ground truth (the header as printed decides):
- "Ist <year>" -> actual, period <year>
- "Vorjahr" beside "Plan <year>" -> actual, period <year - 1> (as ingest.tables reads it;
  alone it would name no year, but the generator always prints a plan column with a year)
- "Ist <year> (Hochrechnung)", "Prognose <year>" -> forecast, period <year>
- "Plan <year>", "Soll <year>", "Planung <year>" -> plan, period <year>
  ("Soll <previous year>" next to "Plan <year>" is a plan column of the previous year)
- "Ziel <year>" -> target, period <year> (the table of target quotas, unit "%")
- "Veränderung absolut", "Differenz", "+/-" -> change_abs, period None, unit of the table
- "Veränderung in %" -> change_pct, unit "%";  "Anteil Frauen in %" -> share, unit "%"
Units: Eintrittsplanung cells are counts (unit ""); budget cells are "EUR" whatever the
printed scale (€, T€ "3.100" -> 3100000.0, Mio. € "33,9" -> 33900000.0), the scale stated
in the header ("Ist 2023 in T€"), the caption ("Angaben in Tausend Euro") or the sentence
right above the table (then that sentence is the caption). "–" is no value (None).
Headers and labels are the logical text joined with single spaces, also where the PDF
breaks a word inside a narrow cell ("Veränderun" / "g" -> "Veränderung").
A category row ("Qualifizierung") is the group of the rows below it; a total row
("Gesamt", "Summe", "Insgesamt") belongs to no group. Pages are 1-based.

``changes_above(truth)`` lists plan-vs-previous-year changes of at least 20 % per row.
"""

from .generator import Generated, generate, generated, with_options
from .layout import Layout, TableLayout, random_layout
from .truth import (Change, DocTruth, SentenceFigure, TruthColumn, TruthRow, TruthTable,
                    changes_above)

__all__ = ["Change", "DocTruth", "Generated", "Layout", "SentenceFigure", "TableLayout",
           "TruthColumn", "TruthRow", "TruthTable", "changes_above", "generate", "generated",
           "random_layout", "with_options"]
