"""Questions about places the documents never mention, and about one named document."""

from __future__ import annotations

from dataclasses import replace

import pytest

from assistant.retrieval.context import AnswerContext
from assistant.answering import answer_question
from assistant.answering.places import named_places
from assistant.types import Hit
from tests.assistant.memory_store import hits_for


@pytest.mark.parametrize(("question", "places"), [
    ("Wie hoch ist die Integrationsquote in Bayern?", ["Bayern"]),
    ("Was plant der Landkreis Hof?", ["Hof"]),
    ("Was gilt in Sachsen-Anhalt und in Sachsen?", ["Sachsen-Anhalt", "Sachsen"]),
    ("Wie hoch ist das Budget der Stadt Frankfurt am Main?", ["Frankfurt am Main"]),
    ("Wie viele Eintritte plant das Jobcenter Musterstadt?", ["Musterstadt"]),
    ("Wie viele Eintritte in Arbeitsgelegenheiten sind geplant?", []),
    ("Welche Ziele hat das Jobcenter für 2024?", []),
])
def test_named_places(question: str, places: list[str]) -> None:
    assert named_places(question) == places


HITS = hits_for("Die Integrationsquote (IQ) soll 2024 16,0 % betragen.", doc="amip-ilm-kreis-2024")


def test_a_place_the_documents_never_mention_is_not_answered() -> None:
    tokens: list[str] = []
    context = AnswerContext(HITS, unknown_places=("Bayern",))  # retrieval found no "Bayern"
    answer = answer_question("Wie hoch ist die Integrationsquote in Bayern?", context, None, "extractive",
                             on_token=tokens.append)
    assert answer.text == "Zu „Bayern“ enthalten die Dokumente keine Angaben." == "".join(tokens)
    assert not answer.answered and not answer.citations


def test_a_place_the_documents_mention_is_answered() -> None:
    hits = [Hit(replace(h.chunk, filename="amip-musterstadt-2024.pdf"), h.score) for h in HITS]
    answer = answer_question("Wie hoch ist die Integrationsquote beim Jobcenter Musterstadt?", hits, None,
                             "extractive")
    assert answer.answered and "16,0 %" in answer.text


def test_a_question_naming_one_document_is_answered_from_that_one() -> None:
    ilm = hits_for("Die Integrationsquote (IQ) soll 2024 16,0 % betragen.", doc="x")
    kl = hits_for("Als Zielwert wurde eine Reduzierung der Integrationsquote um 1,5 % vereinbart.", doc="y")
    hits = [Hit(replace(ilm[0].chunk, filename="amip-ilm-kreis-2024.pdf"), 1.0),
            Hit(replace(kl[0].chunk, filename="amip-kaiserslautern-2020.pdf"), 0.5)]
    answer = answer_question("Wie hoch ist die Integrationsquote in Kaiserslautern?", hits, None, "extractive")
    assert "1,5 %" in answer.text and "16,0" not in answer.text
    assert {c.filename for c in answer.citations} == {"amip-kaiserslautern-2020.pdf"}
    both = answer_question("Wie hoch ist die Integrationsquote?", hits, None, "extractive")
    assert "16,0 %" in both.text  # no document named: the best passage of either
