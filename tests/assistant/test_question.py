import pytest

from assistant.answering.question import analyse, question_kind
from assistant.evaluation.answers import answer_correct
from assistant.evaluation.checks import Tally, question_type, uncited_numbers
from assistant.types import Answer, Citation


@pytest.mark.parametrize("question, kind", [
    ("Wie viele Eintritte in Arbeitsgelegenheiten sind geplant?", "number"),
    ("Um wie viel Prozent sinkt das Budget?", "number"),
    ("Welche Integrationsquote strebt das Jobcenter an?", "number"),
    ("Welchen Frauenanteil hat der Kreis vereinbart?", "number"),
    ("Welche kommunalen Eingliederungsleistungen gibt es?", "list"),
    ("Wer gehört dem örtlichen Beirat an?", "list"),
    ("Warum werden die Arbeitsgelegenheiten verringert?", "reason"),
    ("Woran scheitern Arbeitsaufnahmen?", "reason"),
    ("Ist eine Umschichtung geplant?", "yesno"),
    ("Können Kunden Termine online buchen?", "yesno"),
    ("Mit welcher Krankenkasse arbeitet das Jobcenter zusammen?", "other"),
])
def test_the_question_type_comes_from_its_grammar(question: str, kind: str) -> None:
    assert question_kind(question) == kind


def test_the_analysis_keeps_stated_numbers_years_and_nouns() -> None:
    q = analyse("Wie viele Eintritte plant Lindenau für 2022 in Arbeitsgelegenheiten?")
    assert q.years == frozenset({"2022"}) and 2022.0 in q.numbers
    assert "arbeitsgeleg" in q.nouns and "wie" not in q.stems


def test_unanswerable_items_are_right_only_when_refused() -> None:
    item = {"id": "u", "question": "Wie viele Dienstwagen hat das Jobcenter?", "answer": []}
    tally = Tally()
    refused = Answer(item["question"], "Dazu enthalten die Dokumente keine Angaben.", False, "extractive")
    tally.add(item, True, refused, [], lambda text: False)
    assert question_type(item) == "unanswerable"
    assert tally.report()["by_type"]["unanswerable"] == {"questions": 1, "right": 1, "accuracy": 1.0}


def test_a_number_shown_without_source_is_found() -> None:
    cite = Citation("S1", "c1", "d", "a.pdf", 1, 1, "Das Budget beträgt 2.970.357 Euro.")
    good = Answer("Wie hoch ist das Budget?", "Das Budget beträgt 2.970.357 Euro [S1].", True, "local", [cite])
    bad = Answer("Wie hoch ist das Budget?", "Das Budget beträgt 1.793.645 Euro [S1].", True, "local", [cite])
    assert uncited_numbers(good, []) == [] and uncited_numbers(bad, []) == ["1.793.645 Euro"]
    # A table's scale stated in words in its caption ("Beträge in Tausend Euro") applies too.
    row = Citation("S1", "c1", "d", "a.pdf", 3, 3, "Die folgende Übersicht weist alle Beträge in Tausend "
                   "Euro aus\nVerwaltungskosten (VKB) — Ist 2021: 10.077; Plan 2022: 11.222")
    scaled = Answer("Wie viel Geld ist 2022 für VKB geplant?", "Für 2022 sind 11.222 Tsd. Euro geplant [S1].",
                    True, "extractive", [row])
    assert uncited_numbers(scaled, []) == []


def test_gold_numbers_match_by_value_but_not_inside_longer_numbers() -> None:
    assert answer_correct("Umschichtung: 1.855.000,00 €", [["1.855.000"]])
    assert not answer_correct("Es sind 137 Eintritte.", [["37"]])
