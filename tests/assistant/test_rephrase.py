"""Optional LLM rephrasing: the fact guard and the German plausibility check."""

from __future__ import annotations

import re

import pytest

from assistant.drafting import accept_rephrasing, rephrase_prompt, rephrase_questions
from assistant.drafting.rephrase import reads_as_german
from assistant.types import DraftQuestion

ORIGINAL = DraftQuestion(
    "B", "Instrumente und Eintrittsplanung",
    "Für die Förderung der beruflichen Weiterbildung (FbW) sinken die geplanten Eintritte von 56 (Ist 2023) "
    "auf 37 (Plan 2024), ein Rückgang um 34 % [S1]. Warum hält die Geschäftsführung diese Kürzung für notwendig?",
    "", [])
GOOD = ("Die geplanten Eintritte in die Förderung der beruflichen Weiterbildung (FbW) sinken von 56 (Ist 2023) "
        "auf 37 (Plan 2024), ein Rückgang um 34 % [S1]. Weshalb hält die Geschäftsführung diese Kürzung für nötig?")


@pytest.mark.parametrize("text,ok", [
    (GOOD, True),
    ("Die Eintritte in die FbW sinken deutlich [S1]. Warum?", False),  # numbers dropped
    ("Die Eintritte in die FbW sinken von 56 (Ist 2023) auf 38 (Plan 2024), um 34 % [S1]. Warum?", False),
    ("Die Eintritte in die FbW sinken von 56 (Ist 2023) auf 37 (Plan 2024), um 34 %. Warum?", False),  # marker
    ("Die Eintritte sinken von 56 (Ist 2023) auf 37 (Plan 2024), um 34 % [S1]. Warum?", False),  # instrument
    ("Die Eintritte in die FbW sinken von 56 (Ist 2023) auf 37 (Plan 2024), um 34 % [S1], AGH steigen. Warum?", False),
    ("Die Eintritte in die FbW sinken von 56 (Ist 2023) auf 37 (Plan 2024), um 34 % [S2]. Warum?", False),
    ("", False),
])
def test_fact_guard(text, ok):
    assert accept_rephrasing(ORIGINAL, text) is ok


@pytest.mark.parametrize("text", [
    # new nouns the template never had: the embedded model's typical drift
    "Wie sollen die regionalen Ziele für die Erreichung des Beirats definiert und verfolgt werden?",
    GOOD.replace("Kürzung", "Erreichung"),
    GOOD[:-1] + ".",  # no longer a question
    GOOD.replace("Geschäftsführung", "Geschäftsführung Geschäftsführung"),  # a word repeated back to back
    GOOD.replace("Weshalb hält", "Why does"),  # English
    GOOD.replace("(Ist 2023)", "(Ist 2023"),  # unbalanced bracket
])
def test_german_check_rejects(text):
    assert not reads_as_german(ORIGINAL.text, text)


def test_german_check_keeps_verbatim_quotes_from_the_document():
    original = "Im Programm heißt es: „Die Qualität wird weiter verbessert.“ [S1]. Woran wird das gemessen?"
    assert reads_as_german(original, "Das Programm sagt: „Die Qualität wird weiter verbessert.“ [S1]. Woran wird das gemessen?")
    assert not reads_as_german(original, "Das Programm sagt: „Die Qualität steigt.“ [S1]. Woran wird das gemessen?")


def test_rephrase_questions_keeps_the_template_when_rejected_or_failing():
    prompts = []

    def fake_llm(prompt: str) -> str:
        prompts.append(prompt)
        return f"„{GOOD}“"

    assert rephrase_questions([ORIGINAL], fake_llm)[0].text == GOOD
    assert ORIGINAL.text in prompts[0] and "[S1]" in prompts[0]
    assert rephrase_questions([ORIGINAL], lambda p: "Warum wird gekürzt?")[0].text == ORIGINAL.text

    def broken(prompt: str) -> str:
        raise RuntimeError("Server nicht erreichbar")

    assert rephrase_questions([ORIGINAL], broken)[0].text == ORIGINAL.text
    assert rephrase_questions([ORIGINAL], None) == [ORIGINAL]


def test_prompt_template_is_german_and_filled():
    prompt = rephrase_prompt(ORIGINAL)
    assert "Quellenmarke" in prompt and ORIGINAL.text in prompt and "{question}" not in prompt
    assert re.search(r"Zahl", prompt)
