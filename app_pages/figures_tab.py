"""The "Kennzahlen" tab: figures found in an AMIP, Ist vs Plan chart, year-over-year comparison."""

from __future__ import annotations

import altair as alt
import streamlit as st

from app_pages import state
from app_pages.figure_tables import (KIND_TITLES, chart_frame, csv_bytes, figures_frame, table_frame, table_title,
                                     year_frame)
from app_pages.render import plain
from assistant.sanitize import safe_frame
from assistant.service import Assistant

_NONE = ""
_GERMAN_NUMBERS = {"number": {"decimal": ",", "thousands": ".", "grouping": [3], "currency": ["", " €"]}}


def render(assistant: Assistant, docs: list[dict]) -> None:
    labels = {d["doc_id"]: state.doc_label(d) for d in docs}
    if st.session_state.get("fig_doc") not in labels:
        st.session_state["fig_doc"] = state.newest(assistant, docs)["doc_id"]
    doc_id = st.selectbox("Dokument", list(labels), key="fig_doc", format_func=labels.get,
                          placeholder="Bitte wählen …")
    doc = next(d for d in docs if d["doc_id"] == doc_id)
    with state.reported("Die Tabellen konnten nicht gelesen werden."):
        _tables(state.tables(assistant, doc))
    with state.reported("Die Zahlen konnten nicht gelesen werden."):
        figures = state.figures(assistant, doc)
        if not figures:
            st.info("In diesem Dokument wurden keine Tabellen mit Zahlen erkannt.")
            return
        st.caption("Zahlen, wie sie im Dokument stehen. „Veränderung“: der Wert aus dem Dokument mit seiner Einheit "
                   "(„laut Dokument“) oder vom früheren Wert (Ist/Vorjahr) zum geplanten Wert gerechnet („berechnet“); "
                   "Quoten in Prozentpunkten. Bitte wichtige Zahlen auf der angegebenen Seite prüfen.")
        _chart(figures)
        for kind, title in KIND_TITLES.items():
            group = [f for f in figures if f.kind == kind]
            if group:
                st.subheader(title)
                _table(figures_frame(group), f"kennzahlen-{kind}")
        _compare_years(assistant, docs, doc, labels)


def _tables(tables: list) -> None:
    """The document's tables as printed (read at ingest), one expandable box each."""
    if not tables:
        return
    st.subheader("Tabellen im Dokument")
    for i, table in enumerate(tables):
        pages = ", ".join(str(p) for p in table.pages)
        title = f"{table_title(table)} (Seite {pages})"
        with st.expander(plain(title), expanded=i == 0):
            _table(table_frame(table), f"tabelle-{i + 1}")


def _chart(figures) -> None:
    data = chart_frame(figures)
    if data.empty:
        return
    st.subheader("Eintritte: früherer Wert und Plan")
    names = list(dict.fromkeys(data["Bezeichnung"]))
    chart = (
        alt.Chart(data)
        .mark_bar()
        .encode(
            # every bar labelled: no label dropped for overlap, long names kept up to 320 px
            y=alt.Y("Bezeichnung:N", sort=names, title=None,
                    axis=alt.Axis(labelLimit=320, labelOverlap=False, labelFontSize=12)),
            yOffset=alt.YOffset("Spalte:N"),
            x=alt.X("Wert:Q", title="Eintritte", axis=alt.Axis(format=",.0f")),
            color=alt.Color("Spalte:N", title=None, legend=alt.Legend(orient="top")),
            tooltip=["Bezeichnung", "Spalte", alt.Tooltip("Wert:Q", format=",.0f")],
        )
        .properties(height=alt.Step(18))  # per bar: two bars per name, each label fits its band
        # Vega writes English descriptions for screen readers ("X-axis titled …"): ours is German
        .properties(description="Balkendiagramm: früherer Wert und Plan der Eintritte je Instrument")
        .configure(locale=_GERMAN_NUMBERS, aria=False)
    )
    st.altair_chart(chart, width="stretch")


def _compare_years(assistant: Assistant, docs: list[dict], doc: dict, labels: dict[str, str]) -> None:
    others = [d for d in docs if d["doc_id"] != doc["doc_id"]]
    if not others:
        st.caption("Für einen Vergleich mit dem Vorjahr das AMIP des Vorjahres hinzufügen.")
        return
    st.subheader("Vergleich mit einem anderen Jahr")
    options = [_NONE, *(d["doc_id"] for d in others)]
    if st.session_state.get("fig_compare") not in options:
        st.session_state["fig_compare"] = assistant.default_compare(doc["doc_id"]) or _NONE
    other_id = st.selectbox("Vergleichen mit (Vorjahr desselben Jobcenters, sonst bitte wählen)", options,
                            key="fig_compare", format_func=lambda d: labels.get(d, "kein Vergleich"),
                            placeholder="Bitte wählen …")
    if not other_id:
        return
    note = state.comparison_note(assistant, doc["doc_id"], other_id)
    if note:
        st.warning(plain(note))
    other = next(d for d in others if d["doc_id"] == other_id)
    table = year_frame(state.figures(assistant, doc), state.figures(assistant, other),
                       labels[doc["doc_id"]], labels[other_id])
    if table.empty:
        st.info("Die beiden Dokumente haben keine gleich benannten Zahlen; ein Vergleich ist nicht möglich.")
        return
    st.caption("Geplante Werte beider Dokumente. „Auffällig“: Änderung um ein Fünftel oder mehr – "
               "hier lohnt eine Nachfrage nach den Gründen.")
    _table(table, "vergleich")


def _table(frame, name: str) -> None:
    """A table and its German CSV download (the grid's own toolbar is English and hidden); cells
    that a spreadsheet would run as formulas are neutralised in both."""
    frame = safe_frame(frame)
    st.dataframe(frame, hide_index=True, width="stretch", height=_height(len(frame)))
    st.download_button("Tabelle als CSV herunterladen", csv_bytes(frame), file_name=f"{name}.csv", mime="text/csv",
                       key=f"csv-{name}", on_click="ignore", icon=":material/download:", type="tertiary")


def _height(rows: int) -> int:
    """Tall enough to show every row without an inner scrollbar (up to 25 rows)."""
    return 38 + 35 * min(rows, 25)
