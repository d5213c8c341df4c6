"""Tables of the "Kennzahlen" tab: which values are compared, changes, German number format."""

from __future__ import annotations

import pytest

from app_pages.figure_tables import (before_and_plan, change_cell, chart_frame, de_number, figures_frame,
                                     table_frame, table_title, unique_columns, year_frame)
from assistant.types import Figure, FigureValue
from ingest.tables.types import Column, Row, Table


def fig(label: str, values: list[tuple[str, float]], kind: str = "entries", unit: str = "",
        instrument: str = "", page: int = 4) -> Figure:
    role = {"Ist": "actual", "Plan": "plan", "Ziel": "target", "Veränderung": "change_abs", "Anteil": "share"}
    return Figure(kind=kind, label=label, instrument=instrument,
                  values=[FigureValue(col, role.get(col.split()[0], "value"), None, val, unit) for col, val in values],
                  doc_id="d", filename="a.pdf", page=page, source="table", quote=label)


def test_columns_are_unique_even_when_the_document_has_a_veraenderung_column() -> None:
    assert unique_columns(["Veränderung", "Veränderung", "Seite", "Veränderung (2)"]) == \
        ["Veränderung", "Veränderung (2)", "Seite", "Veränderung (2) (2)"]
    frame = figures_frame([fig("FbW", [("Ist 2024", 240.0), ("Plan 2025", 150.0), ("Veränderung", -90.0)])])
    assert frame.columns.is_unique and list(frame.columns).count("Veränderung") == 1
    table = Table("t", "d", (3,), ((3, (0, 0, 1, 1)),), "Eintritte", "", "Instrument",
                  (Column("Ist 2024", "actual", 2024), Column("Veränderung", "change_abs"),
                   Column("Veränderung", "change_pct", unit="%")),
                  (Row("FbW", "Qualifizierung", ("240", "−90", "−37,5"), (240.0, -90.0, -37.5), 3, (0, 0, 1, 1)),))
    printed = table_frame(table)
    assert list(printed.columns) == ["Instrument", "Ist 2024", "Veränderung", "Veränderung (2)", "Seite"]
    assert printed.iloc[0].tolist() == ["Qualifizierung: FbW", "240", "−90", "−37,5", 3]


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


def test_one_change_column_printed_or_computed_and_labelled() -> None:
    frame = figures_frame([fig("FbW", [("Ist 2024", 240.0), ("Plan 2025", 150.0)], instrument="FbW"),
                           fig("IQ", [("Ist 2024", 21.5), ("Ziel 2025", 20.8)], kind="target", unit="%"),
                           fig("AGH", [("Ist 2024", 300.0), ("Plan 2025", 280.0), ("Veränderung", -20.0)])])
    assert [c for c in frame.columns if c.startswith("Veränderung")] == ["Veränderung"]
    fbw, iq, agh = frame.to_dict("records")
    assert (fbw["Ist 2024"], fbw["Plan 2025"], fbw["Veränderung"]) == ("240", "150", "−90 / −37,5 % (berechnet)")
    assert iq["Veränderung"] == "−0,7 Prozentpunkte (berechnet)"  # a rate changes in points
    assert agh["Veränderung"] == "−20 (laut Dokument)"


def test_printed_percent_change_keeps_its_unit_and_money_its_euro() -> None:
    printed = Figure("entries", "FbW", "FbW", [FigureValue("Ist 2024", "actual", 2024, 240.0, ""),
                                              FigureValue("Veränderung in %", "change_pct", None, -31.0, "%")],
                     "d", "a.pdf", 3, "table", "FbW")
    assert change_cell(printed) == "−31 % (laut Dokument)"
    money = fig("Eingliederungsbudget", [("Ist 2024", 2.0e6), ("Plan 2025", 2.5e6)], kind="budget", unit="EUR")
    assert change_cell(money) == "+500.000 € / +25 % (berechnet)"


def test_a_count_is_never_compared_with_a_share() -> None:
    mixed = Figure("other", "Schwerbehinderte", "", [FigureValue("Bestand", "value", None, 402.0, ""),
                                                    FigureValue("Anteil in %", "share", None, 4.5, "%")],
                   "d", "a.pdf", 3, "table", "Schwerbehinderte")
    assert change_cell(mixed) == "" and chart_frame([mixed]).empty
    old = [Figure("target", "Langzeitleistungsbeziehende", "", [FigureValue("Wert", "value", None, 3300.0, "")],
                  "d", "a.pdf", 3, "table", "")]
    new = [Figure("target", "Langzeitleistungsbeziehende", "",
                  [FigureValue("Anteil an eLb", "share", None, 12.3, "")], "e", "b.pdf", 3, "table", "")]
    assert year_frame(new, old, "neu", "alt").empty


def test_table_titles_come_from_the_table_model_when_the_caption_is_a_fragment() -> None:
    columns = (Column("Ist 2024", "actual", 2024), Column("Plan 2025", "plan", 2025))
    heading = Table("t", "d", (3,), (), "Eintrittsplanung 2025", "", "Instrument", columns)
    fragment = Table("t", "d", (3,), (), "und den geplanten Eintritten gegenüber, die", "", "Instrument", columns)
    money = Table("t", "d", (3,), (), "Die folgende Übersicht weist alle Beträge in Euro aus:", "EUR", "Budget",
                  columns)
    assert table_title(heading) == "Eintrittsplanung 2025"
    assert table_title(fragment) == "Instrument: Ist 2024, Plan 2025"
    assert table_title(money) == "Budget: Ist 2024, Plan 2025 (Euro)"


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
    assert fbw["Veränderung (berechnet)"] == "−90 / −37,5 %" and fbw["Auffällig"] == "stark gekürzt"
    assert not esg["Auffällig"]
