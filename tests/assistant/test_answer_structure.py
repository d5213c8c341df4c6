"""Reasons that stand apart from their claim, headings that are no answer, readable rows
(issue 18, items 3 and 5), on PDFs the tests generate."""

from __future__ import annotations

from pathlib import Path

import pytest

from assistant.service import Assistant
from assistant.settings import load_settings
from tests import pdf_factory

PROGRAM = (
    "# 5. Arbeitsgelegenheiten\n"
    "Das Integrationsziel liegt damit unter dem Ergebnis des Vorjahres.\n"
    "Diese Entwicklung betrifft alle Teams des Jobcenters gleichermaßen.\n"
    "Das Jobcenter begründet dies mit der schwächeren Nachfrage nach Helfertätigkeiten.\n"
    "# 6. Zielgruppen\n"
    "Die Förderung richtet sich an Menschen mit besonderen Vermittlungshemmnissen.\n"
    "\n"
    "6.3 Alleinerziehende\n"
    "\n"
    "Für Alleinerziehende plant das Jobcenter eine Teilzeitausbildung mit zwölf Plätzen.\n"
    "Die Kinderbetreuung wird gemeinsam mit dem Jugendamt organisiert.",
    "# 7. Personal\n"
    "Das Jobcenter beschäftigt insgesamt 198 Mitarbeiterinnen und Mitarbeiter in sechs Teams.\n"
    "Die Teams arbeiten in zwei Geschäftsstellen der Stadt.",
)


@pytest.fixture(scope="module")
def assistant(tmp_path_factory: pytest.TempPathFactory) -> Assistant:
    root = tmp_path_factory.mktemp("structure")
    a = Assistant(load_settings(data_dir=root / "data"))
    program = pdf_factory.write_pdf(root / "programm.pdf", pdf_factory.plain_pdf(PROGRAM, title="AMIP Musterstadt"))
    reports, errors = a.ingest_paths([Path(program)])
    assert not errors and reports
    return a


def test_a_reason_two_sentences_after_its_claim_is_the_answer(assistant: Assistant) -> None:
    answer = assistant.ask("Warum liegt das Integrationsziel unter dem Vorjahr?", backend="extractive")
    assert answer.answered and "schwächeren Nachfrage" in answer.text


def test_a_heading_alone_is_never_the_answer(assistant: Assistant) -> None:
    answer = assistant.ask("Gibt es eine Planung für Alleinerziehende?", backend="extractive")
    assert answer.answered and "Teilzeitausbildung" in answer.text


@pytest.mark.parametrize("question", ["Wie viele Mitarbeitende hat das Jobcenter in der IT-Abteilung?",
                                      "Wie viele Beschäftigte arbeiten in der Poststelle des Jobcenters?"])
def test_a_restriction_no_document_mentions_is_refused_by_every_backend(
        assistant: Assistant, monkeypatch: pytest.MonkeyPatch, question: str) -> None:
    from langchain_core.language_models.fake_chat_models import GenericFakeChatModel
    from langchain_core.messages import AIMessage

    from assistant.answering import NOT_FOUND

    assert assistant.ask("Wie viele Mitarbeiter hat das Jobcenter?", backend="extractive").answered
    model = GenericFakeChatModel(messages=iter([AIMessage(content="Es sind 198 Mitarbeitende [S1].")]))
    monkeypatch.setattr(assistant, "chat_model", lambda backend: model)
    for backend in ("extractive", "local"):
        answer = assistant.ask(question, backend=backend)
        assert not answer.answered and answer.text == NOT_FOUND
