"""Figures from ingest tables: one figure per row with role, period, unit and the row as quote."""

from __future__ import annotations

import pytest

from tests.assistant.figure_support import DOC, FILE, by_label, figures_of, table

ENTRY_ROWS = [("Förderung berufliche Weiterbildung", "56", "37"), ("Einstiegsgeld", "61", "78"),
              ("Gesamt", "117", "115")]


@pytest.mark.parametrize("headers", [["Ist 2023", "Plan 2024"], ["Plan 2024", "Ist 2023"]])
def test_plan_before_or_after_ist_gives_the_same_roles(headers):
    rows = ENTRY_ROWS if headers[0] == "Ist 2023" else [(label, b, a) for label, a, b in ENTRY_ROWS]
    fbw = by_label(figures_of([table(headers, rows, caption="Eintrittsplanung 2024")]),
                   "Förderung berufliche Weiterbildung")
    by_role = {v.role: v for v in fbw.values}
    assert (by_role["actual"].value, by_role["actual"].period) == (56.0, 2023)
    assert (by_role["plan"].value, by_role["plan"].period) == (37.0, 2024)
    assert fbw.kind == "entries" and fbw.instrument == "FbW" and fbw.unit == ""
    assert (fbw.doc_id, fbw.filename, fbw.page, fbw.source) == (DOC, FILE, 2, "table")
    assert fbw.quote.startswith("Förderung berufliche Weiterbildung — ") and "56" in fbw.quote


def test_thousand_euro_table_keeps_base_units_and_the_printed_scale():
    budget = table(["Ist 2023", "Plan 2024"], [("Umschichtung in das Verwaltungsbudget", "2.400", "3.100"),
                                                 ("Eingliederungsbudget", "33.900", "31.000")],
                   unit="EUR", scale=1000.0, caption="Budget (Angaben in Tausend Euro)", label_header="")
    shift = by_label(figures_of([budget]), "Umschichtung in das Verwaltungsbudget")
    plan = next(v for v in shift.values if v.role == "plan")
    assert (plan.value, plan.unit, plan.printed, plan.scale) == (3_100_000.0, "EUR", "3.100", 1000.0)
    assert shift.kind == "budget" and shift.instrument == "Umschichtung"


def test_million_euro_cells_and_soll_ist():
    budget = table(["Soll 2022", "Ist 2021"], [("Eingliederungsleistungen", "8,9", "9,4")], unit="EUR",
                   scale=1e6, caption="Mittel in Mio. €", label_header="Budget")
    egt = figures_of([budget])[0]
    assert {v.role: v.value for v in egt.values} == {"plan": 8_900_000.0, "actual": 9_400_000.0}
    assert all(v.scale == 1e6 for v in egt.values) and egt.instrument == "EGT"


def test_change_and_percent_columns():
    t = table(["Ist 2021", "Soll 2022", "Differenz absolut", "Differenz in %"],
              [("Arbeitsgelegenheiten", "214", "140", "-74", "-34,6 %")], caption="Planung der Eintritte")
    agh = figures_of([t])[0]
    roles = {v.role: (v.value, v.unit) for v in agh.values}
    assert roles["change_abs"] == (-74.0, "") and roles["change_pct"] == (-34.6, "%")
    assert agh.unit == ""  # a change in % does not make the entries a percentage
    assert [v.to_json() for v in agh.values][0] == {"column": "Ist 2021", "role": "actual", "period": 2021,
                                                    "value": 214.0, "unit": ""}


def test_groups_and_sub_rows():
    t = table(["Ist 2023", "Plan 2024"],
              [("Maßnahmen zur Aktivierung und beruflichen Eingliederung", "541", "489"),
               ("darunter Frauen", "250", "200"), ("Eingliederungszuschuss", "59", "64")],
              groups={"Maßnahmen zur Aktivierung und beruflichen Eingliederung": "Qualifizierung",
                      "darunter Frauen": "Qualifizierung", "Eingliederungszuschuss": "Beschäftigung"})
    figures = figures_of([t])
    assert by_label(figures, "darunter Frauen").instrument == "§45 Frauen"
    assert by_label(figures, "Eingliederungszuschuss").group == "Beschäftigung"


def test_targets_with_a_change_column_and_percent_in_the_cell():
    t = table(["Ziel 2024", "Veränderung ggü. VJ in %"],
              [("Integrationsquote gesamt", "16,0%", "-2,5"), ("darunter Frauen", "12,7%", "-0,8"),
               ("Bestand LZB (JDW)", "2.721", "+6,3")], label_header="Kennzahl", caption="Ziele für 2024")
    figures = figures_of([t])
    iq = by_label(figures, "Integrationsquote gesamt")
    assert iq.kind == "target" and iq.unit == "%" and iq.values[0].role == "target"
    assert by_label(figures, "darunter Frauen").instrument == "IQ Frauen"
    lzb = by_label(figures, "Bestand LZB (JDW)")
    assert lzb.kind == "target" and lzb.unit == "" and lzb.values[1].value == 6.3


def test_json_shape_follows_the_design():
    data = figures_of([table(["Ist 2023", "Plan 2024"], ENTRY_ROWS[:1])])[0].to_json()
    assert set(data) == {"kind", "label", "instrument", "values", "doc_id", "filename", "page", "source", "quote"}
    assert set(data["values"][0]) == {"column", "role", "period", "value", "unit"}


def test_sentence_restating_a_table_row_is_not_a_second_figure():
    t = table(["Ziel 2024", "Veränderung ggü. VJ in %"], [("Bestand LZB (JDW)", "2.721", "+6,3")], page=11)
    page = (11, "Das Jobcenter rechnet mit einem Anstieg der LZB von +6,3 %.\n")
    assert [f.source for f in figures_of([t], [page])] == ["table"]


def test_a_percent_unit_no_header_cell_or_caption_shows_is_not_trusted():
    from dataclasses import replace

    t = table(["Ist 2022", "Soll 2023", "Veränderung in %"], [("Vermittlungsgutschein (AVGS)", "308", "418", "35,7")],
              caption="Geplante Eintritte nach Instrumenten 2023")
    marked = replace(t, unit="%", columns=tuple(replace(c, unit="%") for c in t.columns))
    avgs = figures_of([marked])[0]
    assert [v.unit for v in avgs.values] == ["", "", "%"] and avgs.kind == "entries"
    quotas = table(["Ist 2023 in %", "Ziel 2024 in %"], [("Integrationsquote", "16,4", "16,0")], unit="%")
    assert [v.unit for v in figures_of([quotas])[0].values] == ["%", "%"]
