"""Tables of the "Kennzahlen" tab: which values are compared, changes, German number format."""

from __future__ import annotations

import pytest

from app_pages.figure_tables import before_and_plan, chart_frame, de_number, figures_frame, year_frame
from assistant.types import Figure


def fig(label: str, values: list[tuple[str, float]], kind: str = "entries", unit: str = "Eintritte",
        instrument: str = "", page: int = 4) -> Figure:
    return Figure(kind=kind, label=label, instrument=instrument, unit=unit, values=values,
                  doc_id="d", page=page, source=label, filename="a.pdf")


@pytest.mark.parametrize(("value", "signed", "text"), [
    (1793645, False, "1.793.645"),
    (16.0, False, "16"),
    (2.5, False, "2,5"),
    (-2.5, True, "−2,5"),
    (90, True, "+90"),
    (None, False, ""),
])
def test_german_numbers(value, signed, text) -> None:
    assert de_number(value, signed=signed) == text


def test_before_and_plan_skip_change_columns() -> None:
    values = [("Ist 2023", 100.0), ("Plan 2024", 80.0), ("Veränderung ggü. VJ in %", -20.0)]
    assert before_and_plan(values) == (("Ist 2023", 100.0), ("Plan 2024", 80.0))
    assert before_and_plan([("Plan 2024", 5.0)]) == (None, None)


def test_figures_frame_shows_change_absolute_and_percent() -> None:
    frame = figures_frame([fig("FbW", [("Ist 2024", 240.0), ("Plan 2025", 150.0)], instrument="FbW"),
                           fig("IQ", [("Ist 2024", 21.5), ("Ziel 2025", 20.8)], kind="target", unit="%")])
    fbw, iq = frame.to_dict("records")
    assert (fbw["Ist 2024"], fbw["Plan 2025"], fbw["Veränderung"], fbw["Veränderung in %"]) == \
        ("240", "150", "−90", "−37,5 %")
    assert iq["Veränderung"] == "−0,7 Punkte" and iq["Veränderung in %"] == ""  # a rate changes in points


def test_chart_leaves_out_totals_and_money() -> None:
    data = chart_frame([
        fig("FbW", [("Ist 2024", 240.0), ("Plan 2025", 150.0)]),
        fig("Gesamt", [("Ist 2024", 3503.0), ("Plan 2025", 3600.0)]),
        fig("Mittel FbW", [("Ist 2024", 1.7e6), ("Plan 2025", 1.1e6)], kind="budget", unit="EUR"),
    ])
    assert set(data["Bezeichnung"]) == {"FbW"} and len(data) == 2


def test_year_frame_marks_large_changes() -> None:
    old = [fig("Förderung der beruflichen Weiterbildung", [("Ist 2023", 300.0), ("Plan 2024", 240.0)],
               instrument="FbW"),
           fig("Einstiegsgeld", [("Ist 2023", 150.0), ("Plan 2024", 155.0)], instrument="ESG")]
    new = [fig("Förderung der beruflichen Weiterbildung (FbW)", [("Ist 2024", 240.0), ("Plan 2025", 150.0)],
               instrument="FbW"),
           fig("Einstiegsgeld (ESG)", [("Ist 2024", 155.0), ("Plan 2025", 150.0)], instrument="ESG"),
           fig("Nur neu", [("Ist 2024", 1.0), ("Plan 2025", 2.0)])]
    rows = year_frame(new, old, "2025.pdf", "2024.pdf").to_dict("records")
    assert [r["Bezeichnung"] for r in rows] == ["Förderung der beruflichen Weiterbildung (FbW)", "Einstiegsgeld (ESG)"]
    fbw, esg = rows
    assert fbw["2024.pdf"] == "240 (Plan 2024)" and fbw["2025.pdf"] == "150 (Plan 2025)"
    assert fbw["Veränderung in %"] == "−37,5 %" and fbw["Auffällig"] == "stark gekürzt"
    assert not esg["Auffällig"]
