"""Number and change questions answered from the table model (issue 18, items 2 and 4)."""

from __future__ import annotations

from langchain_core.language_models.fake_chat_models import GenericFakeChatModel
from langchain_core.messages import AIMessage

from assistant.answering import NOT_FOUND, answer_question
from assistant.answering.question import analyse
from assistant.answering.table_answers import answer_from_tables
from assistant.retrieval.context import AnswerContext, TableSource, table_sources
from assistant.types import Hit
from ingest.tables.types import Column, Row, Table
from ingest.types import Chunk

COLUMNS = (Column("Ist 2023", "actual", 2023), Column("Plan 2024", "plan", 2024),
           Column("Veränderung in %", "change_pct", None, "%"))
ROWS = (("Förderung der beruflichen Weiterbildung (FbW)", ("305", "210", "-31,1")),
        ("Arbeitsgelegenheiten (§ 16d SGB II)", ("350", "520", "48,6")),
        ("Eingliederungszuschuss", ("88", "61", "-30,7")),
        ("Einstiegsgeld (§ 16b SGB II)", ("40", "40", "0,0")),
        ("Gesamt", ("783", "831", "6,1")))
BUDGET_COLUMNS = (Column("Ist 2023 in T€", "actual", 2023, "EUR", 1000.0),
                  Column("Plan 2024 in T€", "plan", 2024, "EUR", 1000.0))


def _number(cell: str) -> float:
    return float(cell.replace(".", "").replace(",", "."))


def _table(table_id: str, caption: str, columns: tuple[Column, ...], rows, page: int) -> Table:
    return Table(table_id, "doc", (page,), ((page, (0, 0, 1, 1)),), caption, "", "Instrument", columns,
                 tuple(Row(label, "", cells, tuple(_number(c) for c in cells), page, (0, 0, 1, 1))
                       for label, cells in rows))


def _chunk(table: Table) -> Chunk:
    text = "\n".join([table.caption, *(table.row_text(r) for r in table.rows)])
    return Chunk(f"c-{table.table_id}", "doc", text, 0, 0, table.pages[0], table.pages[0], table.caption,
                 "amip.pdf", 0, table_id=table.table_id)


ENTRIES = _table("t1", "Eintrittsplanung 2024", COLUMNS, ROWS, 4)
BUDGET = _table("t2", "Finanzplanung 2024", BUDGET_COLUMNS,
                (("Eingliederungsleistungen (EGT)", ("13.900", "14.250")),
                 ("Kommunale Eingliederungsleistungen (§ 16a SGB II)", ("780", "810"))), 6)
CHUNKS = [_chunk(ENTRIES), _chunk(BUDGET)]
SOURCES = table_sources([ENTRIES, BUDGET], CHUNKS)


def _answer(question: str):
    return answer_from_tables(analyse(question), SOURCES)


def test_a_planned_count_comes_from_the_row_and_the_plan_column() -> None:
    answer = _answer("Wie viele Eintritte in die Förderung der beruflichen Weiterbildung sind 2024 geplant?")
    assert answer is not None and not answer.refused
    assert "Für 2024 sind 210 Eintritte geplant" in answer.text and "Ist 2023: 305" in answer.text
    assert "Spalte „Plan 2024“" in answer.text
    (citation,) = answer.citations
    assert citation.quote == ENTRIES.row_text(ENTRIES.rows[0]) and citation.page_start == 4
    assert citation.quote in CHUNKS[0].text


def test_an_abbreviation_names_the_row_and_ist_asks_for_the_actual_column() -> None:
    answer = _answer("Wie viele Eintritte in FbW gab es 2023?")
    assert answer is not None and "2023 waren es 305 Eintritte" in answer.text


def test_the_most_specific_row_wins_when_two_rows_share_a_lexicon_code() -> None:
    answer = _answer("Wie viel Geld ist 2024 für kommunale Eingliederungsleistungen geplant?")
    assert answer is not None and "810 Tsd. Euro" in answer.text and "14.250" not in answer.text


def test_money_asked_for_a_row_of_counts_is_refused() -> None:
    answer = _answer("Wie viel Geld ist 2024 für Arbeitsgelegenheiten eingeplant?")
    assert answer is not None and answer.refused


def test_a_period_the_table_does_not_cover_is_refused() -> None:
    answer = _answer("Wie viele Eintritte in Arbeitsgelegenheiten sind 2027 geplant?")
    assert answer is not None and answer.refused


def test_cuts_are_computed_over_the_rows_with_both_numbers() -> None:
    answer = _answer("Welche Instrumente werden 2024 gekürzt?")
    assert answer is not None
    lines = answer.text.splitlines()
    assert lines[1:] == ["- Förderung der beruflichen Weiterbildung (FbW): Plan 2024 210 statt Ist 2023 305 [S1]",
                         "- Eingliederungszuschuss: Plan 2024 61 statt Ist 2023 88 [S2]"]
    assert [c.marker for c in answer.citations] == ["S1", "S2"]
    # Neither a column name nor an unchanged row, a rise or the total is listed as a cut.
    for wrong in ("Veränderung", "Einstiegsgeld", "Arbeitsgelegenheiten", "Gesamt", "Finanzplanung"):
        assert wrong not in answer.text


def test_rises_are_the_rows_planned_above_the_previous_year() -> None:
    answer = _answer("Bei welchen Instrumenten sind 2024 mehr Eintritte geplant als im Vorjahr?")
    assert answer is not None
    assert "Arbeitsgelegenheiten (§ 16d SGB II): Plan 2024 520 statt Ist 2023 350 [S1]" in answer.text
    assert "Eingliederungszuschuss" not in answer.text and "FbW" not in answer.text


def test_questions_about_no_row_are_left_to_the_text() -> None:
    assert _answer("Wie viele Mitarbeitende hat das Jobcenter in der IT-Abteilung?") is None
    assert _answer("Warum werden die Arbeitsgelegenheiten ausgeweitet?") is None


def test_no_backend_overrules_a_refusal() -> None:
    # The model states a number, but the table has no money for Arbeitsgelegenheiten and the
    # only passage is the count row: the answer is "keine Angaben", the model never asked.
    hits = [Hit(CHUNKS[0], 1.0)]
    model = GenericFakeChatModel(messages=iter([AIMessage(content="Es sind 520 Euro geplant [S1].")]))
    question = analyse("Wie viel Geld ist 2024 für Arbeitsgelegenheiten eingeplant?")
    answer = answer_question(question, AnswerContext(hits, question, tables=SOURCES), model, "local")
    assert not answer.answered and answer.text == NOT_FOUND


def test_a_table_answer_is_the_same_for_every_backend() -> None:
    question = analyse("Wie viele Eintritte in Eingliederungszuschuss sind 2024 geplant?")
    hits = [Hit(CHUNKS[0], 1.0)]
    model = GenericFakeChatModel(messages=iter([AIMessage(content="Es sind 88 Eintritte [S1].")]))
    with_model = answer_question(question, AnswerContext(hits, question, tables=SOURCES), model, "local")
    without = answer_question(question, AnswerContext(hits, question, tables=SOURCES), None, "extractive")
    assert with_model.text == without.text and "61 Eintritte" in without.text


def test_a_row_no_chunk_prints_is_never_shown_uncited() -> None:
    bare = [TableSource(ENTRIES, ())]
    assert answer_from_tables(analyse("Welche Instrumente werden 2024 gekürzt?"), bare) is None
    assert answer_from_tables(analyse("Wie viele Eintritte in FbW sind 2024 geplant?"), bare) is None


def test_a_model_number_attached_to_another_subject_is_not_shown() -> None:
    # Both numbers stand in the cited sentence; 3.412 belongs to "Arbeitslose", not to the
    # long-term unemployed the question asks about.
    from tests.assistant.memory_store import hits_for

    hits = hits_for("Im September 2023 waren 3.412 Personen arbeitslos gemeldet, davon 1.398 Langzeitarbeitslose. "
                    "Die Zahl ist gegenüber dem Vorjahr gesunken.")
    question = analyse("Wie viele Langzeitarbeitslose waren im September 2023 gemeldet?")
    model = GenericFakeChatModel(messages=iter([AIMessage(
        content="3.412 Langzeitarbeitslose waren im September 2023 gemeldet [S1].")]))
    answer = answer_question(question, hits, model, "local")
    assert answer.rejected and "1.398" in answer.text and answer.backend == "extractive"


def test_a_unit_that_counts_something_else_does_not_answer() -> None:
    from tests.assistant.memory_store import hits_for

    hits = hits_for("2. Eintrittsplanung 2024\nIm Jahresdurchschnitt wurden 26.798 erwerbsfähige Leistungsberechtigte betreut. "
                    "Weil die Mittel knapper werden, konzentriert sich die Förderung auf wirksame Angebote.")
    for backend, model in (("extractive", None), ("local", GenericFakeChatModel(messages=iter([
            AIMessage(content="Es sind 26.798 Eintritte geplant [S1].")])))):
        answer = answer_question(analyse("Wie viele Eintritte in die Förderung der beruflichen Weiterbildung "
                                         "sind 2024 geplant?"), hits, model, backend)
        assert not answer.answered and answer.text == NOT_FOUND


def test_a_time_frame_is_no_restriction_but_a_place_in_the_organisation_is() -> None:
    assert analyse("Wie viele Eintritte sind für Einstiegsgeld im Jahr 2022 vorgesehen?").restrictions == ("einstiegsgeld",)
    assert analyse("Wie viele Beschäftigte arbeiten in der Poststelle des Jobcenters?").restrictions == ("poststell",)


# A budget overview with one value column: the year stands only in the caption.
OVERVIEW = _table("t3", "Übersicht zum Verwaltungshaushalt und Eingliederungsbudget 2024 in Euro",
                  (Column("", "value", None, "EUR"),),
                  (("Verwaltungshaushalt", ("9.994.076",)), ("Eingliederungsbudget (inkl. BEZ)", ("2.970.357",))), 8)


def test_a_year_named_only_in_the_caption_holds_for_a_single_value_column() -> None:
    sources = table_sources([OVERVIEW], [_chunk(OVERVIEW)])
    answer = answer_from_tables(analyse("Wie hoch ist das Eingliederungsbudget 2024?"), sources)
    assert answer is not None and not answer.refused
    assert "2.970.357" in answer.text and "9.994.076" not in answer.text
    (citation,) = answer.citations
    assert citation.quote == OVERVIEW.row_text(OVERVIEW.rows[1]) and citation.page_start == 8


def test_a_year_the_caption_does_not_name_is_not_taken_from_a_single_value_column() -> None:
    sources = table_sources([OVERVIEW], [_chunk(OVERVIEW)])
    answer = answer_from_tables(analyse("Wie hoch ist das Eingliederungsbudget 2025?"), sources)
    assert answer is None or answer.refused


TARGETS = _table("t3", "Zielwerte 2024", (Column("2023 (Ist)", "actual", 2023, "%"),
                                         Column("2024 (Ziel)", "target", 2024, "%")),
                 (("Integrationsquote", ("21,7", "20,8")), ("Integrationsquote Frauen", ("25,2", "24,7"))), 2)
TARGET_SOURCES = table_sources([TARGETS], [_chunk(TARGETS)])


def test_a_target_question_without_a_year_gets_the_plan_years_target_of_the_named_row() -> None:
    """"strebt … an" asks for the target; without a year the programme's year is meant; of
    two rows the question covers, the one naming more of its words is the one asked for."""
    answer = answer_from_tables(analyse("Welche Integrationsquote Frauen strebt das Jobcenter an?"),
                                TARGET_SOURCES)
    assert answer is not None and "24,7 %" in answer.text and "Integrationsquote Frauen" in answer.text
    assert "Zielwert" in answer.text
    plain = answer_from_tables(analyse("Wie hoch ist die Integrationsquote?"), TARGET_SOURCES)
    assert plain is not None and "20,8 %" in plain.text.split("(")[0]


def test_a_total_question_naming_no_row_is_answered_from_the_total_row() -> None:
    answer = _answer("Wie viele Eintritte sind 2024 insgesamt geplant?")
    assert answer is not None and "Für 2024 sind 831 Eintritte geplant" in answer.text
    assert answer.text.startswith("Gesamt")


def test_one_rows_change_shows_both_years_and_the_printed_change_only() -> None:
    answer = _answer("Wie entwickeln sich die Eintritte in Arbeitsgelegenheiten im Vergleich zum Vorjahr?")
    assert answer is not None and not answer.refused
    assert answer.text.startswith("Arbeitsgelegenheiten (§ 16d SGB II): Für 2024 sind 520 Eintritte geplant, "
                                  "mehr als im Vorjahr (Ist 2023: 350; Veränderung in %: 48,6)")
    assert "170" not in answer.text  # a difference the row does not print is not computed


def test_the_instrument_with_the_most_or_fewest_planned_entries() -> None:
    most = _answer("Welches Instrument hat 2024 die meisten geplanten Eintritte?")
    assert most is not None and "Arbeitsgelegenheiten" in most.text and "520" in most.text
    assert "Gesamt" not in most.text and "831" not in most.text  # the total row is no instrument
    fewest = _answer("Für welche Maßnahme sind die wenigsten Eintritte geplant?")
    assert fewest is not None and "Einstiegsgeld" in fewest.text and "40" in fewest.text
    (citation,) = fewest.citations
    assert citation.quote == ENTRIES.row_text(ENTRIES.rows[3])


def test_a_budget_asked_is_money_never_the_total_of_entries() -> None:
    """Held-out seeds 2002/2008/2014: "Wie hoch ist das Budget 2019 insgesamt?" was answered
    with the entries table's total (a count)."""
    budget = _table("t4", "Finanzplanung 2024", BUDGET_COLUMNS,
                    (("Eingliederungsleistungen (EGT)", ("13.900", "14.250")), ("Gesamt", ("14.680", "15.060"))), 6)
    sources = table_sources([ENTRIES, budget], [_chunk(ENTRIES), _chunk(budget)])
    answer = answer_from_tables(analyse("Wie hoch ist das Budget 2024 insgesamt?"), sources)
    assert answer is not None and "15.060 Tsd. Euro" in answer.text and "831" not in answer.text
