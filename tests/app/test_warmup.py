"""The embedded model loads in the background; its state is shown, the loading note only while loading."""

from __future__ import annotations

import threading

from app_pages.warmup import FAILED, LOADING, READY, ModelLoader


class SlowAssistant:
    def __init__(self, fail: bool = False) -> None:
        self.release = threading.Event()
        self.fail = fail

    def chat_model(self, backend: str):
        self.release.wait(10)
        if self.fail:
            raise RuntimeError("Modelldatei fehlt")
        return object()


def test_loader_reports_loading_then_ready() -> None:
    assistant = SlowAssistant()
    loader = ModelLoader(assistant, "local")
    assert loader.state == LOADING and not loader.wait(0.05)
    assistant.release.set()
    assert loader.wait(5) and loader.state == READY and loader.error == ""


def test_loader_failure_is_a_german_reason() -> None:
    assistant = SlowAssistant(fail=True)
    loader = ModelLoader(assistant, "local")
    assistant.release.set()
    assert loader.wait(5) and loader.state == FAILED
    assert "Modelldatei fehlt" in loader.error and "Traceback" not in loader.error
