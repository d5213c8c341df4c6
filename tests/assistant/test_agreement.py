"""agreement: a small model's answer is shown only when it agrees with the unit code chose."""

from assistant.answering.agreement import disagreement, echoes
from assistant.answering.evidence import Evidence
from assistant.answering.question import analyse

ROW = Evidence(((0, 1),), "row", "Freie Förderung (§ 16f SGB II)   48   75",
               "Freie Förderung (§ 16f SGB II)   48   75\nIst 2021 | Plan 2022")
LIST = Evidence(((0, 0), (0, 1), (0, 2), (0, 3)), "list",
                "Die Umsetzung erfolgt durch:\n• die AQB gGmbH\n• die GISE mbH\n• den Verein Brücke e.V.",
                "Arbeitsgelegenheiten\nDie Umsetzung erfolgt durch: …",
                ("• die AQB gGmbH", "• die GISE mbH", "• den Verein Brücke e.V."))


def test_a_figure_the_unit_does_not_print_disagrees() -> None:
    q = analyse("Wie viele Eintritte in die Freie Förderung nach § 16f sind 2022 geplant?")
    assert disagreement("Geplant sind 14,5 Mio. Euro [S1].", ROW, q) == "figure"
    assert disagreement("Für 2022 sind 75 Eintritte in die Freie Förderung geplant [S1].", ROW, q) is None


REHA = ("Im Zuständigkeitsbereich des Jobcenters haben knapp 350 Menschen den Status eines "
        "Rehabilitanden. Sie bedürfen der besonderen Unterstützung.")


def test_a_number_question_answered_without_the_units_figure_disagrees() -> None:
    q = analyse("Wie viele Menschen haben den Status eines Rehabilitanden?")
    unit = Evidence(((0, 0),), "sentence", REHA, f"rehapro\n{REHA}")
    assert disagreement("Sie bedürfen der besonderen Unterstützung [S1].", unit, q) == "figure"
    assert disagreement("Knapp 350 Menschen haben den Status eines Rehabilitanden [S1].", unit, q) is None
    q_year = analyse("Wie viele Eintritte in die Freie Förderung nach § 16f sind 2022 geplant?")
    year_only = Evidence(((0, 0),), "sentence", "Die Planung 2022 steht noch aus.", "Die Planung 2022 steht noch aus.")
    assert disagreement("Die Planung steht noch aus [S1].", year_only, q_year) is None  # the asked year is no answer


def test_a_list_answer_must_name_every_item() -> None:
    q = analyse("Welche Beschäftigungsgesellschaften setzen die Arbeitsgelegenheiten um?")
    assert disagreement("AQB [S1]", LIST, q) == "items"
    full = "Die Arbeitsgelegenheiten setzen um:\n1. die AQB gGmbH\n2. die GISE mbH\n3. der Verein Brücke [S1]"
    assert disagreement(full, LIST, q) is None  # the model's own "1." "2." are no figures


def test_an_answer_that_only_restates_the_question_echoes_it() -> None:
    common = {"jobcent"}
    q = analyse("Wer gehört dem örtlichen Beirat an?", share=lambda s: 0.4 if s in common else 0.01)
    assert echoes("Der örtliche Beirat gehört dem Jobcenter an [S1].", q)
    assert not echoes("Dem Beirat gehören Vertreter der Arbeitgeber und Arbeitnehmer an [S1].", q)


BUDGET = ("Davon sind 14,5 Mio.€ zur Deckung der Verwaltungskosten und 8,3 Mio.€ für die "
          "Erbringung von Eingliederungsleistungen vorgesehen.")
SENTENCE = Evidence(((0, 0),), "sentence", BUDGET, f"Finanzen\n{BUDGET}")
CARRIERS = "Die Arbeitsgelegenheiten werden von den Beschäftigungsgesellschaften AQB und GISE umgesetzt."
PAIRS = Evidence(((0, 0),), "sentence", CARRIERS, f"Arbeitsgelegenheiten\n{CARRIERS}")


def test_a_figure_from_the_wrong_clause_disagrees() -> None:
    q = analyse("Wie viel Geld steht 2020 für Eingliederungsleistungen zur Verfügung?")
    assert disagreement("14,5 Mio.€ [S1]", SENTENCE, q) == "figure"
    assert disagreement("Für Eingliederungsleistungen sind 8,3 Mio.€ vorgesehen [S1].", SENTENCE, q) is None


def test_a_list_question_answered_by_a_sentence_needs_every_enumerated_part() -> None:
    q = analyse("Welche Beschäftigungsgesellschaften setzen die Arbeitsgelegenheiten um?")
    assert disagreement("AQB [S1]", PAIRS, q) == "items"
    assert disagreement("Die AQB und die GISE setzen sie um [S1].", PAIRS, q) is None


def test_a_yes_that_only_restates_the_question_is_an_echo() -> None:
    from assistant.answering.agreement import echoes
    from assistant.answering.question import analyse

    question = analyse("Gibt es Angaben zu Alleinerziehenden?")
    assert echoes("Ja, es gibt Angaben zu Alleinerziehenden [S1, S2].", question)
    assert not echoes("Ja: Die Kinderbetreuung bleibt für Alleinerziehende ein Engpass [S1].", question)


def test_a_why_answer_from_another_sentence_of_the_section_disagrees() -> None:
    """Generated seed 1003: the model answered "Warum …?" with the section's next sentence."""
    reason = ("Weil die Mittel knapper werden, konzentriert sich die Förderung auf wirksame "
              "Angebote. Der Beirat wird zu den Schwerpunkten der Eingliederungsarbeit angehört.")
    unit = Evidence(((0, 0),), "reason", reason.split(". ")[0] + ".", f"Eintrittsplanung\n{reason}")
    q = analyse("Warum konzentriert sich die Förderung auf wirksame Angebote?")
    assert q.kind == "reason"
    assert disagreement("Der Beirat wird zu den Schwerpunkten der Eingliederungsarbeit angehört [S1].",
                        unit, q) == "reason"
    assert disagreement("Weil die Mittel knapper werden [S1].", unit, q) is None


def test_a_why_answer_must_take_up_each_sentence_of_a_claim_and_reason_pair() -> None:
    """Generated seeds 1007/1008: the unit paired the claim (its reason in an "um … zu" clause)
    with the next "Weil …" sentence; the model answered with that second sentence only."""
    pair = ("Weiterbildung bleibt ein zentraler Baustein, um dem Fachkräftemangel zu begegnen. "
            "Weil die Mittel knapper werden, konzentriert sich die Förderung auf wirksame Angebote.")
    unit = Evidence(((0, 0), (0, 1)), "pair", pair, f"Eintrittsplanung\n{pair}")
    q = analyse("Warum bleibt Weiterbildung ein zentraler Baustein?")
    assert disagreement("Weil die Mittel knapper werden, konzentriert sich die Förderung auf wirksame "
                        "Angebote [S1].", unit, q) == "reason"
    assert disagreement("Um dem Fachkräftemangel zu begegnen; die Mittel werden knapper [S1].", unit, q) is None
