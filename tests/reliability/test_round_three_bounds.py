"""Red-team round three (issue 20), attacks 1 and 6: one time budget for all reading of a
document, enforced inside a page (a form drawn thousands of times), and drafting linear in
the rows of a table."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from assistant.drafting import reasons
from assistant.drafting.base import Context
from assistant.types import Figure
from ingest.budget import Budget, run_bounded
from ingest.options import IngestOptions
from ingest.pipeline import Ingestor
from ingest.store import VectorStore
from ingest.types import IngestError
from tests.fakes import FakeEmbedder
from tests.reliability import hostile_pdfs as hostile
from tests.reliability.hostile_tables import table_document, word

class _CountingPattern:
    def __init__(self, pattern) -> None:
        self.pattern, self.calls = pattern, 0

    def findall(self, text: str):
        self.calls += 1
        return self.pattern.findall(text)


@pytest.mark.parametrize("rows", [400, 1600])
def test_reason_lookup_is_linear_in_rows(rows: int, monkeypatch: pytest.MonkeyPatch) -> None:
    counter = _CountingPattern(reasons._WORD)
    monkeypatch.setattr(reasons, "_WORD", counter)
    figures, pages = table_document(rows)
    ctx = Context("d", "amip.pdf", figures, pages)
    found = {f.label: reasons.reason_for(ctx, f) for f in figures}
    # Each sentence and each label is split into words once, not once per (row, sentence) pair.
    assert counter.calls <= len(ctx.sentences) + len(figures)
    for n, figure in enumerate(figures):
        reason = found[figure.label]
        if n % 7 == 0:
            assert reason is not None and word(n) in reason[1] and reason[0] == figure.page
        else:
            assert reason is None


def test_reason_by_instrument_code_takes_the_nearest_page() -> None:
    sentence = "Die Förderung der beruflichen Weiterbildung wird erhöht, weil der Bedarf steigt."
    pages = [(1, "Einleitung."), (3, sentence), (9, sentence.replace("Bedarf", "Fachkräftebedarf"))]
    figure = Figure(kind="entries", label="FbW", instrument="FbW", doc_id="d", filename="a.pdf", page=8,
                    source="table", quote="FbW 10 20", values=[])
    assert reasons.reason_for(Context("d", "a.pdf", [figure], pages), figure) == (9, pages[2][1])


def test_reading_is_stopped_inside_a_page_at_the_budget(tmp_path: Path) -> None:
    """One form of 39,000 text operators drawn 5,000 times: the check between pages never
    comes; the worker is killed at the deadline with the German message."""
    embedder = FakeEmbedder()
    options = IngestOptions(ocr="off", max_seconds=4)
    ingestor = Ingestor(VectorStore("formen", embedder.name, data_dir=tmp_path), embedder, options, tmp_path)
    started = time.monotonic()
    with pytest.raises(IngestError) as caught:
        ingestor.ingest(hostile.form_fan_out_pdf(), "formen.pdf")
    assert time.monotonic() - started < 4 + 10  # deadline, grace and the start of the worker
    assert "Zeitlimit" in str(caught.value) and "AMIP_MAX_SECONDS" in str(caught.value)
    assert ingestor.store.documents() == []


def _slow(progress, budget) -> str:
    progress("lesen", 0.5)
    time.sleep(60)
    return "nie"


def _fails(progress, budget) -> str:
    raise IngestError("Die Datei ist kaputt.")


def test_bounded_worker_relays_progress_results_and_errors() -> None:
    seen: list[tuple[str, float]] = []
    started = time.monotonic()
    with pytest.raises(IngestError):
        # 5 s: a fresh interpreter must start and report before the deadline, also on a loaded machine
        run_bounded(Budget(5), _slow, progress=lambda stage, f: seen.append((stage, f)))
    assert time.monotonic() - started < 15 and seen == [("lesen", 0.5)]
    with pytest.raises(IngestError, match="kaputt"):
        run_bounded(Budget(30), _fails)
    assert run_bounded(Budget(30), _double, 21) == 42


def _double(value: int, progress, budget) -> int:
    return value * 2
