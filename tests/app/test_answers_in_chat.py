"""Issue 18's defects as a Beirat member meets them in the chat (``AppTest``), on an AMIP the
layout generator writes, with questions the generator writes about it, and a model that
proposes a number no source prints: a planned count from its table row, the cuts computed over
the rows, a reason with its claim, yes/no, and refusals that no model may overrule."""

from __future__ import annotations

import re

import pytest
import streamlit as st
from langchain_core.language_models.fake_chat_models import GenericFakeChatModel
from langchain_core.messages import AIMessage
from streamlit.testing.v1 import AppTest

from tests.amip_gen.generator import generated
from tests.amip_gen.questions import page_text, questions_for
from tests.app.test_app import APP, TIMEOUT, run, settle, texts, upload
from tests.fakes import FakeEmbedder

SEED = 1004  # a generated AMIP with an Eintrittsplanung, a budget table and reasons in the text
WRONG = "Laut Dokument sind es 999 Eintritte [S1]."  # what a careless model proposes
TYPES = ("plan", "previous", "cut", "rise", "reason", "yesno", "budget", "unanswerable")


@pytest.fixture
def app(monkeypatch: pytest.MonkeyPatch) -> AppTest:
    monkeypatch.setenv("AMIP_LLM", "ollama")
    monkeypatch.setattr("assistant.service.make_embedder", lambda spec=None: FakeEmbedder())
    monkeypatch.setattr("assistant.service.Assistant.chat_model",
                        lambda self, backend: None if backend == "extractive"
                        else GenericFakeChatModel(messages=iter([AIMessage(content=WRONG)])))
    st.cache_resource.clear()
    st.cache_data.clear()
    return AppTest.from_file(APP, default_timeout=TIMEOUT)


def _right(text: str, item: dict) -> bool:
    if not item["answer"]:
        return "keine Angaben" in text
    folded = text.casefold()
    return (all(any(alt.casefold() in folded for alt in group) for group in item["answer"])
            and not any(word.casefold() in folded for word in item.get("absent", ())))


def test_each_kind_of_generated_question_is_answered_right_in_the_chat(app: AppTest) -> None:
    doc = generated(SEED)
    items = [q.to_json("gen.pdf") for q in questions_for(doc, page_text(doc.pdf))]
    chosen = [next(i for i in items if i["type"] == kind) for kind in TYPES if any(i["type"] == kind for i in items)]
    assert {"plan", "cut", "reason", "unanswerable"} <= {i["type"] for i in chosen}
    run(app)
    upload(app, "gen.pdf", doc.pdf)
    for n, item in enumerate(chosen):
        app.chat_input[0].set_value(item["question"])
        run(app)
        settle(app)
        message = app.chat_message[2 * n + 1]
        shown = texts(message.markdown) + texts(message.info)  # a refusal is shown as a notice
        assert _right(shown, item), (item["question"], shown)
        assert "999" not in shown, item["question"]  # the model's unsupported number never shows
        assert not re.search(r"—\s*:|;\s*:", shown), shown  # no "—: 350;:" fragments
        if item["answer"]:
            assert "Seite" in shown  # every answer names its source page
