"""answerability: a unit answers a number question only with a figure of its own content."""

from assistant.answering.answerability import answerable
from assistant.answering.evidence import Evidence
from assistant.answering.question import analyse

QUESTION = "Wie viele Eintritte in Förderung der beruflichen Weiterbildung sind 2022 geplant?"


def test_a_heading_with_a_table_number_and_the_asked_year_is_no_figure() -> None:
    """Generated seed 5013: the table's caption stood above a reason sentence; the section
    unit "Tabelle 1: Eintrittsplanung 2022" / "Weil die Mittel knapper werden, …" was taken
    as the answer to a count the document does not give (1 and 2022 are no counts)."""
    own = "Tabelle 1: Eintrittsplanung 2022\nWeil die Mittel knapper werden, konzentriert sich die Förderung."
    section = Evidence(((0, 0),), "section", own, own)
    assert not answerable(analyse(QUESTION), section, False)


def test_a_sentence_with_a_count_besides_the_year_answers() -> None:
    own = "Eintrittsplanung 2022\nFür 2022 sind 210 Eintritte in die Förderung der beruflichen Weiterbildung geplant."
    section = Evidence(((0, 0),), "section", own, own)
    assert answerable(analyse(QUESTION), section, False)
    year_only = Evidence(((0, 0),), "sentence", "Die Eintritte für 2022 werden noch geplant.",
                         "Die Eintritte für 2022 werden noch geplant.")
    assert not answerable(analyse(QUESTION), year_only, False)
