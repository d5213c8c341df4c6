"""Answers on generated AMIPs (issue 11): lists with their items, reasons, table rows,
and questions the documents cannot answer. Ingest, retrieval and answering run for real."""

from __future__ import annotations

from pathlib import Path

import pytest

from assistant.answering import NOT_FOUND
from assistant.service import Assistant
from assistant.settings import load_settings
from tests import pdf_factory

PROGRAM = (
    "# 4. Kommunale Eingliederungsleistungen\n"
    "Das Jobcenter arbeitet eng mit den Beratungsstellen der Stadt zusammen und stimmt\n"
    "die Angebote regelmäßig in gemeinsamen Dienstbesprechungen ab.\n"
    "Die kommunalen Eingliederungsleistungen gem. § 16a SGB II umfassen dabei:\n"
    "- die Betreuung minderjähriger Kinder,\n"
    "- die Schuldnerberatung,\n"
    "- die psychosoziale Betreuung und\n"
    "- die Suchtberatung.\n"
    "Die Bedarfe werden künftig über ein gemeinsames Controlling erfasst.",
    "# 5. Arbeitsgelegenheiten\n"
    "Die Zahl der Arbeitsgelegenheiten wird im kommenden Jahr deutlich verringert.\n"
    "Das Jobcenter begründet dies mit dem fehlenden Anschluss der Teilnehmenden an\n"
    "reguläre Arbeit in den vergangenen Jahren.\n"
    "# 6. Beirat\n"
    "Der örtliche Beirat berät das Jobcenter bei der Auswahl der Instrumente.\n"
    "In ihn sind Vertreter der Arbeitgeber und Arbeitnehmer, der Wohlfahrtsverbände\n"
    "sowie der Stadtratsfraktionen berufen.",
    "# 7. Fachkräftebedarf\n"
    "Viele Betriebe der Region melden offene Stellen, die sie nur schwer besetzen können.\n"
    "Die durchschnittliche Vakanzzeit der Stellenbesetzung ist von 120 Tagen auf 151 Tage\n"
    "gestiegen, obwohl die Zahl der Bewerbungen leicht zugenommen hat.\n"
    "# 8. Übergang Schule und Beruf\n"
    "Für die Partner wird voraussichtlich im Jahr 2027 ein gemeinsamer Standort bezogen.\n"
    "Die Jugendberufsagentur wird dann mit allen Partnern unter einem Dach arbeiten.\n"
    "Gemeinsame Fallbesprechungen finden einmal im Monat statt.\n"
    "# 9. Landesprogramme\n"
    "Das Land stellt den Fachkräften des Jobcenters zusätzliche Fördermöglichkeiten bereit.\n"
    "Die Landesprogramme\n"
    "- „Familien im Blick“,\n"
    "- „Perspektive 60 plus“ und\n"
    "- „Stabil in Arbeit“\n"
    "sollen helfen, besondere Vermittlungshemmnisse abzubauen.",
)
LZA_ROWS = (("Arbeitslose insgesamt", "7.184", "7.673"), ("Langzeitarbeitslose", "2.640", "3.012"),
            ("Ausländer", "1.840", "1.798"))


@pytest.fixture(scope="module")
def assistant(tmp_path_factory: pytest.TempPathFactory) -> Assistant:
    root = tmp_path_factory.mktemp("answers")
    a = Assistant(load_settings(data_dir=root / "data"))
    program = pdf_factory.write_pdf(root / "programm.pdf", pdf_factory.plain_pdf(PROGRAM, title="AMIP Musterstadt"))
    table = pdf_factory.write_pdf(root / "arbeitslose.pdf",
                                  pdf_factory.table_pdf(LZA_ROWS, columns=("Nov 19", "Nov 18")))
    plan = pdf_factory.write_pdf(root / "eintritte.pdf", pdf_factory.table_pdf())
    reports, errors = a.ingest_paths([Path(program), Path(table), Path(plan)])
    assert not errors and len(reports) == 3
    return a


def _ask(a: Assistant, question: str) -> str:
    answer = a.ask(question, backend="extractive")
    assert answer.answered, question
    assert all(c.verified for c in answer.citations)
    return answer.text


def test_a_list_question_gets_the_intro_with_all_its_items(assistant: Assistant) -> None:
    text = _ask(assistant, "Welche kommunalen Eingliederungsleistungen nach § 16a SGB II gibt es?")
    for item in ("Kinder", "Schuldnerberatung", "psychosoziale Betreuung", "Suchtberatung"):
        assert item in text


def test_a_bullet_run_inside_a_sentence_is_listed_with_the_sentence_before(assistant: Assistant) -> None:
    text = _ask(assistant, "Welche Programme des Landes stehen den Fachkräften zusätzlich zur Verfügung?")
    for item in ("Familien im Blick", "Perspektive 60 plus", "Stabil in Arbeit"):
        assert item in text


def test_a_why_question_gets_the_sentence_that_gives_the_reason(assistant: Assistant) -> None:
    text = _ask(assistant, "Warum werden die Arbeitsgelegenheiten verringert?")
    assert "begründet dies mit dem fehlenden Anschluss" in text


def test_a_who_question_gets_the_sentence_that_refers_back(assistant: Assistant) -> None:
    text = _ask(assistant, "Wer gehört dem örtlichen Beirat an?")
    assert "Arbeitgeber und Arbeitnehmer" in text


def test_a_count_comes_from_its_table_row(assistant: Assistant) -> None:
    assert "2.640" in _ask(assistant, "Wie viele Langzeitarbeitslose gab es im November 2019?")
    assert "145" in _ask(assistant, "Wie viele Eintritte in Arbeitsgelegenheiten sind für 2024 geplant?")


def test_a_duration_comes_from_the_compound_that_names_the_asked_phrase(assistant: Assistant) -> None:
    # "Stellenbesetzung" is "eine Stelle besetzen"; the sentence that only repeats the words has no duration.
    assert "151 Tage" in _ask(assistant, "Wie lange dauert es durchschnittlich, eine offene Stelle zu besetzen?")


def test_a_when_question_gets_the_sentence_that_names_the_time(assistant: Assistant) -> None:
    # "wird dann … unter einem Dach arbeiten" matches the question; the year is in the sentence before.
    assert "2027" in _ask(assistant, "Wann soll die Jugendberufsagentur unter einem Dach arbeiten?")


@pytest.mark.parametrize("question", [
    "Wie viele Dienstwagen besitzt das Jobcenter?",
    "Welche Software nutzt das Jobcenter für die Zeiterfassung?",
    "Warum wurde die Kantine des Jobcenters geschlossen?",
    "Wie hoch ist der Mindestlohn in Frankreich?",
])
def test_questions_the_documents_cannot_answer_are_refused(assistant: Assistant, question: str) -> None:
    answer = assistant.ask(question, backend="extractive")
    assert not answer.answered and answer.text == NOT_FOUND and answer.citations == []
