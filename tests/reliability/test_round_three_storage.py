"""Red-team round three (issue 20), attacks 3–5: the chat history and the MeetingPack cache
never lose a turn — concurrent writers, damaged files, a full disk."""

from __future__ import annotations

import errno
import json
import multiprocessing
from pathlib import Path

import pytest

from assistant.meeting import history as history_module
from assistant.meeting import storage
from assistant.meeting.cache import PackCache
from assistant.meeting.history import History
from assistant.meeting.pack import MeetingPack
from assistant.types import Answer, Citation

WRITERS, TURNS = 4, 25


def _turn(text: str, doc_id: str = "d1") -> dict:
    cite = Citation(marker="S1", chunk_id="c1", doc_id=doc_id, filename="amip.pdf", page_start=2, page_end=2,
                    quote="Das Budget beträgt 10 Euro.")
    return {"question": text, "doc_id": "", "scope": "allen Dokumenten",
            "answer": Answer(question=text, text=f"Antwort {text} [S1]", answered=True, backend="extractive",
                             citations=[cite])}


def _writer(data_dir: str, who: int, start) -> None:
    start.wait()
    history = History(Path(data_dir), "gemeinsam")
    for n in range(TURNS):
        assert history.append(_turn(f"p{who}-{n}")) is None


@pytest.fixture(autouse=True)
def _fresh_memory():
    history_module._UNSAVED.clear()
    history_module._NOTICES.clear()
    yield
    history_module._UNSAVED.clear()
    history_module._NOTICES.clear()


def test_concurrent_appends_from_several_processes_keep_every_turn(tmp_path: Path) -> None:
    ctx = multiprocessing.get_context("fork")
    start = ctx.Barrier(WRITERS)
    procs = [ctx.Process(target=_writer, args=(str(tmp_path), who, start)) for who in range(WRITERS)]
    for proc in procs:
        proc.start()
    for proc in procs:
        proc.join(120)
        assert proc.exitcode == 0
    questions = [t["question"] for t in History(tmp_path, "gemeinsam").turns()]
    assert sorted(questions) == sorted(f"p{w}-{n}" for w in range(WRITERS) for n in range(TURNS))
    assert not list((tmp_path / "history").glob("*.part"))  # no temporary file left behind


def test_truncated_history_is_set_aside_and_the_last_good_version_restored(tmp_path: Path) -> None:
    history = History(tmp_path, "w")
    history.append(_turn("erste"))
    history.append(_turn("zweite"))
    text = history.path.read_text(encoding="utf-8")
    history.path.write_text(text[: len(text) // 2], encoding="utf-8")  # truncated
    turns = history.turns()
    assert [t["question"] for t in turns] == ["erste"]  # the backup before the last write
    notices = history.notices()
    assert notices and "beschädigt" in notices[0] and "wiederhergestellt" in notices[0]
    aside = list(history.path.parent.glob("w.json.beschaedigt-*"))
    assert len(aside) == 1 and aside[0].read_text(encoding="utf-8") == text[: len(text) // 2]
    history.append(_turn("dritte"))
    assert [t["question"] for t in history.turns()] == ["erste", "dritte"]


@pytest.mark.parametrize("content", ['{"turns": null}', '{"turns": [1, "x", {"question": 5, "answer": 3}]}',
                                     "[]", '{"turns": {"a": 1}}', "\x00\xff"])
def test_damaged_history_never_crashes(tmp_path: Path, content: str) -> None:
    history = History(tmp_path, "w")
    history.path.parent.mkdir(parents=True)
    history.path.write_text(content, encoding="utf-8")
    turns = history.turns()
    assert all(isinstance(t["question"], str) for t in turns)
    assert history.append(_turn("neu")) is None
    assert "neu" in [t["question"] for t in history.turns()]
    if not content.startswith('{"turns": ['):  # a whole-file damage is set aside with a German notice
        assert any("beschädigt" in n for n in history.notices())
        assert list(history.path.parent.glob("w.json.beschaedigt-*"))


def test_full_disk_keeps_the_answer_in_memory_with_a_german_notice(tmp_path: Path, monkeypatch) -> None:
    history = History(tmp_path, "w")
    history.append(_turn("gespeichert"))

    def full(*args, **kwargs):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(storage, "write_atomic", full)
    problem = history.append(_turn("nicht gespeichert"))
    assert problem and "Speicherplatz" in problem and "No space" not in problem
    assert [t["question"] for t in History(tmp_path, "w").turns()] == ["gespeichert", "nicht gespeichert"]
    assert any("Speicherplatz" in n for n in history.notices())
    assert not list(history.path.parent.glob("*.part"))
    monkeypatch.undo()
    assert history.append(_turn("wieder da")) is None  # the kept turn is written with the next one
    stored = json.loads(history.path.read_text(encoding="utf-8"))["turns"]
    assert [t["question"] for t in stored] == ["gespeichert", "nicht gespeichert", "wieder da"]
    assert history.notices() == []


def test_history_marks_quotes_of_removed_documents(tmp_path: Path) -> None:
    history = History(tmp_path, "w")
    history.append(_turn("bleibt", doc_id="d1"))
    history.append(_turn("weg", doc_id="d2"))
    assert history.mark_removed({"d1"}) == 1
    turns = history.turns()
    assert "entfernt" not in turns[0]["answer"].citations[0].filename
    assert "entfernt" in turns[1]["answer"].citations[0].filename and not turns[1]["answer"].citations[0].verified


def _pack(version: str) -> MeetingPack:
    return MeetingPack(doc_id="d1", title="AMIP", filename="amip.pdf", version=version, compare=None,
                       compare_title="", figures=[], checklist=[], questions=[],
                       exports={}, errors=[], seconds=0.1)


def _saver(data_dir: str, who: int, start) -> None:
    start.wait()
    cache = PackCache(Path(data_dir), "w")
    for n in range(15):
        assert cache.save(_pack(f"k{n % 3}"), {"d1"})


def test_concurrent_pack_saves_never_fail(tmp_path: Path) -> None:
    ctx = multiprocessing.get_context("fork")
    start = ctx.Barrier(4)
    procs = [ctx.Process(target=_saver, args=(str(tmp_path), w, start)) for w in range(4)]
    for proc in procs:
        proc.start()
    for proc in procs:
        proc.join(120)
        assert proc.exitcode == 0
    cache = PackCache(tmp_path, "w")
    assert all(cache.load(f"k{n}") is not None for n in range(3))


@pytest.mark.parametrize("content", ['{"doc_id": "d1", "exports": []}', "{", '{"doc_id": "d1", "version": "k0", '
                                     '"questions": [{"kind": "B"}]}', '{"doc_id": "d1", "version": "anderer"}'])
def test_damaged_pack_is_set_aside_so_it_can_be_drafted_anew(tmp_path: Path, content: str) -> None:
    cache = PackCache(tmp_path, "w")
    cache.folder.mkdir(parents=True)
    (cache.folder / "k0.json").write_text(content, encoding="utf-8")
    assert cache.load("k0") is None
    assert not (cache.folder / "k0.json").exists() and list(cache.folder.glob("k0.json.beschaedigt-*"))
    assert cache.save(_pack("k0"), {"d1"}) and cache.load("k0") is not None


def test_full_disk_while_saving_a_pack_leaves_no_part_file(tmp_path: Path, monkeypatch) -> None:
    cache = PackCache(tmp_path, "w")

    def full(*args, **kwargs):  # the temporary file exists, its data does not fit
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(storage.os, "fsync", full)
    saved = cache.save(_pack("k0"), {"d1"})
    monkeypatch.undo()
    assert not saved and "Speicherplatz" in cache.problem
    assert list(cache.folder.iterdir()) == []
