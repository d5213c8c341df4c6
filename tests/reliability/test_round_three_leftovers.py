"""Red-team round three (issue 20), the leftovers: a cap on the table rows drafting considers
(attack 6), a far-future year in a title (attack 12) and non-finite numbers in the Kennzahlen
tab (attack 9)."""

from __future__ import annotations

import datetime
import time
from pathlib import Path

import pytest

from app_pages.figure_tables import chart_frame, figures_frame, year_frame
from assistant.drafting import draft_questions
from assistant.figures.tables import table_figures
from assistant.drafting.checklist import build_checklist
from assistant.drafting.row_cap import cap_table_rows, row_cap_notice
from assistant.meeting.pack import MeetingPack, build_pack
from assistant.meeting.period import MAX_YEARS_AHEAD, document_period
from assistant.meeting.titles import identify, previous_of
from assistant.settings import Settings, SettingsInvalid, load_settings
from ingest.tables.types import Column, Row, Table
from ingest.page.values import parse_number
from tests.reliability.hostile_tables import table_document


class _Facade:
    """The facade's public results for one generated document, drafted by the real code."""

    def __init__(self, rows: int) -> None:
        self.figures_, self.pages = table_document(rows)

    def figures(self, doc_id: str | None = None) -> list:
        return self.figures_

    def questions(self, doc_id: str | None = None, compare: str | None = None) -> list:
        return draft_questions(self.pages, self.figures_, "d", "tabelle.pdf")

    def checklist(self, doc_id: str | None = None) -> list[dict]:
        return [i.to_json() for i in build_checklist(self.pages, self.figures_, "d", "tabelle.pdf")]

    def export(self, doc_id, fmt: str, out: Path, compare=None, questions=None) -> Path:
        out.write_text("\n".join(q.text for q in questions or []), encoding="utf-8")
        return out


def test_a_table_of_20000_rows_is_drafted_quickly_with_a_german_note() -> None:
    facade = _Facade(20_000)
    started = time.monotonic()
    pack = build_pack(facade, {"doc_id": "d", "filename": "tabelle.pdf", "title": ""}, None, "v1")
    assert time.monotonic() - started < 60  # quadratic drafting took > 500 s; linear and capped: seconds
    assert pack.questions and not pack.errors
    assert len(pack.notices) == 1 and "mehr als 1.000 Zeilen" in pack.notices[0]
    assert "19.000 Zeilen nicht" in pack.notices[0]
    # Drafted questions cite only rows the cap kept.
    kept = {f.quote for f in cap_table_rows(facade.figures_)[0]}
    cited = {c.quote for _, q in pack.numbered("B") for c in q.citations if c.quote.startswith("Kurs ")}
    assert cited and cited <= kept
    assert MeetingPack.from_json(pack.to_json()).notices == pack.notices  # the stored pack keeps it


def test_real_sized_tables_are_never_cut() -> None:
    figures, _ = table_document(Settings().max_table_rows)
    assert cap_table_rows(figures) == (figures, 0) and row_cap_notice(figures) is None
    # Two tables on pages far apart are two tables: each keeps its rows.
    first, _ = table_document(600)
    second = [type(f)(**{**f.__dict__, "page": f.page + 100}) for f in first]
    assert cap_table_rows(first + second)[1] == 0


def test_the_cap_is_a_setting(monkeypatch: pytest.MonkeyPatch) -> None:
    figures, _ = table_document(300)
    monkeypatch.setenv("AMIP_MAX_TABLE_ROWS", "120")
    kept, dropped = cap_table_rows(figures)
    assert len(kept) == 120 and dropped == 180 and "mehr als 120 Zeilen" in (row_cap_notice(figures) or "")
    monkeypatch.delenv("AMIP_MAX_TABLE_ROWS")
    assert cap_table_rows(figures)[1] == 0  # the default: 1,000
    for bad, expected in (("keine", "eine ganze Zahl"), ("0", "größer als 0")):
        monkeypatch.setenv("AMIP_MAX_TABLE_ROWS", bad)
        with pytest.raises(SettingsInvalid, match=f"AMIP_MAX_TABLE_ROWS=„{bad}“ ist ungültig.*{expected}"):
            load_settings()


# -- attack 12: a far-future year in a title --------------------------------------------------------

THIS_YEAR = datetime.date.today().year


def _page(jobcenter: str, years: str, layout: int) -> str:
    """A cover page in one of a few layouts (programme line first or second, years on their own line)."""
    lines = [[jobcenter, f"Arbeitsmarkt- und Integrationsprogramm {years}", "Entwurf für den Beirat"],
             [f"Arbeitsmarkt- und Integrationsprogramm {years}", jobcenter, "Stand: Oktober"],
             [jobcenter, "Arbeitsmarkt- und Integrationsprogramm", f"für {years}"]][layout % 3]
    return "\n".join(lines)


@pytest.mark.parametrize("ahead", [4, 10, 25, 73])
def test_a_far_future_year_is_not_a_planning_year(ahead: int) -> None:
    far = THIS_YEAR + ahead
    # The title's year is not plausible: the cover page decides, then the file name.
    assert document_period(f"AMIP {far}", _page("Jobcenter Stadt A", str(THIS_YEAR), ahead), "") == THIS_YEAR
    assert document_period(f"AMIP {far}", "kein Jahr", f"amip_{THIS_YEAR - 1}.pdf") == THIS_YEAR - 1
    assert document_period(f"AMIP {far}", "", "entwurf.pdf") is None
    # Up to MAX_YEARS_AHEAD a plan looks ahead and counts.
    assert document_period(f"AMIP {THIS_YEAR + MAX_YEARS_AHEAD}", "", "") == THIS_YEAR + MAX_YEARS_AHEAD
    assert document_period("AMIP 2099", "", "", today=2097) == 2099  # relative to today, not a fixed year


@pytest.mark.parametrize("layout", range(3))
def test_a_far_future_title_never_becomes_the_newest_for_comparisons(layout: int) -> None:
    far = THIS_YEAR + 40
    ids = {"last": identify(_page("Jobcenter Stadt A", str(THIS_YEAR - 1), layout), "", "a.pdf"),
           "now": identify(_page("Jobcenter Stadt A", str(THIS_YEAR), layout + 1), "", "b.pdf"),
           "odd": identify(f"Jobcenter Stadt A\nAMIP {far}", f"AMIP {far}", "c.pdf")}
    assert ids["odd"].year is None and ids["now"].year == THIS_YEAR
    assert previous_of("now", ids) == "last" and previous_of("odd", ids) is None
    # A far-future year on the cover next to a real one: the real one is the planning year.
    both = identify(f"Jobcenter Stadt A\nArbeitsmarkt- und Integrationsprogramm {far}\n{THIS_YEAR + 1}", "", "d.pdf")
    assert both.year == THIS_YEAR + 1


@pytest.mark.parametrize("layout", range(3))
def test_a_multi_year_programme_compares_by_its_period(layout: int) -> None:
    start = THIS_YEAR - 5
    period = f"{start}–{start + 3}"
    programme = identify(_page("Jobcenter Kreis B", period, layout), "", "programm.pdf")
    assert (programme.first_year, programme.year) == (start, start + 3) and period in programme.title
    ids = {"programme": programme,
           "before": identify(_page("Jobcenter Kreis B", str(start - 1), layout), "", "a.pdf"),
           "inside": identify(_page("Jobcenter Kreis B", str(start + 1), layout), "", "b.pdf"),
           "after": identify(_page("Jobcenter Kreis B", str(start + 4), layout), "", "c.pdf")}
    assert previous_of("after", ids) == "programme"  # the plan after a programme compares with it
    assert previous_of("programme", ids) == "before"  # not with a plan for a year inside its period
    ids["annual"] = identify(_page("Jobcenter Kreis B", str(start + 3), layout), "", "d.pdf")
    assert previous_of("after", ids) == "annual"  # same last year: the annual plan is the closer one
    # An EU funding period named on the cover is no programme period: it counts as its first year.
    assert document_period("", f"ESF-Förderperiode {start}–{start + 7}", "") == start


# -- attack 9: a 400-digit cell in the Kennzahlen tab -----------------------------------------------

def _table_with_huge_cells() -> Table:
    """A generated entries table: one ordinary row, one with a 400-digit cell, one with a huge negative
    cell and one whose difference of two huge printed numbers overflows."""
    columns = (Column("Ist 2024", "actual", 2024), Column("Plan 2025", "plan", 2025))
    cells = [("Kurs Alpha", "240", "150"), ("Kurs Beta", "1" * 400, "80"), ("Kurs Gamma", "120", "-" + "9" * 400),
             ("Kurs Delta", "-" + "9" * 308, "9" * 308)]
    rows = tuple(Row(label, "", (a, b), (parse_number(a), parse_number(b)), 3, (0, 0, 1, 1)) for label, a, b in cells)
    return Table("t", "d", (3,), ((3, (0, 0, 1, 1)),), "Eintritte", "", "Instrument", columns, rows)


def test_numbers_that_are_not_finite_show_as_a_dash_and_nothing_is_computed_from_them() -> None:
    figures = table_figures(_table_with_huge_cells(), "a.pdf")
    frame = figures_frame(figures).set_index("Bezeichnung")
    assert frame.loc["Kurs Alpha", "Veränderung"] == "−90 / −37,5 % (berechnet)"
    assert frame.loc["Kurs Beta", "Ist 2024"] == "–" and frame.loc["Kurs Gamma", "Plan 2025"] == "–"
    for name in ("Kurs Beta", "Kurs Gamma", "Kurs Delta"):
        assert frame.loc[name, "Veränderung"] == "", name
    assert "inf" not in frame.to_csv().lower() and "nan" not in frame.to_csv().lower()
    assert set(chart_frame(figures)["Bezeichnung"]) == {"Kurs Alpha"}  # no bar for infinity
    compared = year_frame(figures, figures, "2025", "2024").set_index("Bezeichnung")
    assert compared.loc["Kurs Gamma", "Veränderung (berechnet)"] == "" and compared.loc["Kurs Gamma", "Auffällig"] == ""
    assert compared.loc["Kurs Gamma", "2025"].startswith("–")


def _kennzahlen_page() -> None:
    from app_pages.figure_tables import figures_frame
    from app_pages.figures_tab import _chart, _table
    from assistant.figures.tables import table_figures
    from tests.reliability.test_round_three_leftovers import _table_with_huge_cells

    figures = table_figures(_table_with_huge_cells(), "a.pdf")
    _chart(figures)
    _table(figures_frame(figures), "kennzahlen-entries")


def test_the_kennzahlen_tab_never_shows_inf() -> None:
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_function(_kennzahlen_page, default_timeout=60).run()
    assert not at.exception
    shown = at.dataframe[0].value
    assert "inf" not in shown.to_csv().lower() and (shown == "–").any().any()


def test_amip_questions_prints_the_row_cap_note(tmp_path: Path, capsys, monkeypatch: pytest.MonkeyPatch) -> None:
    from assistant import cli
    from assistant.service import Assistant

    monkeypatch.setenv("AMIP_MAX_TABLE_ROWS", "50")
    pack = build_pack(_Facade(120), {"doc_id": "d", "filename": "tabelle.pdf", "title": ""}, None, "v1")
    monkeypatch.setattr(Assistant, "prepare_meeting", lambda self, *a, **k: pack)
    assert cli.main(["questions", "--data-dir", str(tmp_path)]) == 0
    out = capsys.readouterr()
    assert "mehr als 50 Zeilen" in out.err and "70 Zeilen nicht" in out.err and out.out.startswith("1. [")
