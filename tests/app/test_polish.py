"""Answer first, polish later: the worker replaces the checked extract only with a checked wording."""

from __future__ import annotations

import threading

from app_pages.polish import PolishQueue, needs_polish
from assistant.llm import LLMUnavailable
from assistant.types import Answer

EXTRACT = Answer("Wie viele?", "Geplant sind 150 Eintritte [S1].", True, "extractive")


class FakeHistory:
    def __init__(self) -> None:
        self.turns: list[dict] = []

    def append(self, turn: dict) -> None:
        self.turns.append(dict(turn))


class FakeAssistant:
    def __init__(self, reply) -> None:
        self.history = FakeHistory()
        self.reply = reply
        self.release = threading.Event()
        self.asked: list[str] = []

    def ask(self, question, doc_id=None, backend=None, on_token=None, k=6) -> Answer:
        self.release.wait(10)
        self.asked.append(backend)
        if isinstance(self.reply, Exception):
            raise self.reply
        on_token("Für die FbW sind ")
        return self.reply


def _turn() -> dict:
    return {"question": "Wie viele?", "doc_id": None, "scope": "allen Dokumenten", "answer": EXTRACT}


def test_the_extract_is_pending_until_the_model_is_done_then_replaced() -> None:
    polished = Answer("Wie viele?", "Für die FbW sind 150 Eintritte geplant [S1].", True, "local")
    assistant = FakeAssistant(polished)
    queue = PolishQueue(assistant)
    job = queue.submit(_turn(), "local")
    assert queue.pending() == [job] and assistant.history.turns == []  # the extract shows meanwhile
    assistant.release.set()
    assert queue.wait(5) and queue.pending() == []
    assert assistant.asked == ["local"] and job.words == 4
    assert assistant.history.turns[0]["answer"] is polished


def test_a_model_failure_keeps_the_checked_extract_with_a_german_note() -> None:
    assistant = FakeAssistant(LLMUnavailable("Der Server ist nicht erreichbar."))
    assistant.release.set()
    queue = PolishQueue(assistant)
    queue.submit(_turn(), "ollama")
    assert queue.wait(5)
    answer = assistant.history.turns[0]["answer"]
    assert answer.backend == "extractive" and answer.text.startswith(EXTRACT.text)
    assert "nicht verfügbar (Der Server ist nicht erreichbar)" in answer.text


def test_a_model_saying_nothing_found_never_hides_a_checked_passage() -> None:
    assistant = FakeAssistant(Answer("Wie viele?", "Dazu keine Angaben.", False, "local"))
    assistant.release.set()
    queue = PolishQueue(assistant)
    queue.submit(_turn(), "local")
    assert queue.wait(5) and assistant.history.turns[0]["answer"] is EXTRACT


def test_turns_are_stored_in_the_order_they_were_asked() -> None:
    assistant = FakeAssistant(EXTRACT)
    queue = PolishQueue(assistant)
    for n in range(3):
        queue.submit({**_turn(), "question": f"Frage {n}"}, "local")
    assistant.release.set()
    assert queue.wait(5)
    assert [t["question"] for t in assistant.history.turns] == ["Frage 0", "Frage 1", "Frage 2"]


def test_only_answered_questions_with_a_model_chosen_are_polished() -> None:
    assert needs_polish(EXTRACT, "local")
    assert not needs_polish(EXTRACT, "extractive")
    assert not needs_polish(Answer("?", "Dazu enthalten die Dokumente keine Angaben.", False, "extractive"), "local")
