from pathlib import Path

import pytest

from assistant.retrieval.hybrid import HybridRetriever, RetrievalConfig, _cap_per_document
from tests.assistant.memory_store import MemoryStore, make_chunk
from tests.fakes import FakeEmbedder

MUSTERSTADT = [
    "Vorwort der Geschäftsführung zum Arbeitsmarkt- und Integrationsprogramm.",
    "Für Arbeitsgelegenheiten sind 2024 insgesamt 145 Eintritte geplant.",
    "Die Förderung der beruflichen Weiterbildung bleibt ein Schwerpunkt: 56 Eintritte.",
    "Das Eingliederungsbudget beträgt 2.970.357 Euro, der Verwaltungshaushalt 9.994.076 Euro.",
    "Der Anteil der Langzeitleistungsbezieher liegt bei 73,5 % aller eLb.",
]


@pytest.fixture
def store(tmp_path: Path) -> MemoryStore:
    s = MemoryStore(FakeEmbedder(), data_dir=tmp_path)
    s.add("muster", MUSTERSTADT)
    return s


def test_finds_exact_terms(store):
    hits = HybridRetriever(store, store.embedder).search("Wie hoch ist das Eingliederungsbudget?", k=3)
    assert "2.970.357" in hits[0].chunk.text
    assert [h.score for h in hits] == sorted((h.score for h in hits), reverse=True)


def test_glossary_expansion_both_ways(store):
    retriever = HybridRetriever(store, store.embedder)
    assert "Arbeitsgelegenheiten" in retriever.search("Wie viele AGH?", k=1)[0].chunk.text
    assert "Weiterbildung" in retriever.search("Eintritte FbW", k=1)[0].chunk.text
    assert "Langzeitleistungsbezieher" in retriever.search("Anteil der LZB", k=1)[0].chunk.text


def test_doc_filter(store):
    store.add("andere", ["Arbeitsgelegenheiten in der Nachbarstadt: 20 Eintritte."])
    retriever = HybridRetriever(store, store.embedder)
    hits = retriever.search("Arbeitsgelegenheiten", k=5, doc_id="andere")
    assert hits and all(h.chunk.doc_id == "andere" for h in hits)
    both = {h.chunk.doc_id for h in retriever.search("Arbeitsgelegenheiten", k=5)}
    assert both == {"muster", "andere"}


def test_per_document_cap_leaves_room_for_other_documents(tmp_path: Path):
    store = MemoryStore(FakeEmbedder(), data_dir=tmp_path)
    store.add("lang", [f"Eingliederungszuschuss Abschnitt {i}: Eingliederungszuschuss" for i in range(12)])
    store.add("kurz", ["Ein Eingliederungszuschuss wird selten gezahlt."])
    retriever = HybridRetriever(store, store.embedder, RetrievalConfig(cap_share=0.5, min_cap=2))
    hits = retriever.search("Eingliederungszuschuss", k=4)
    assert len(hits) == 4
    assert "kurz" in {h.chunk.doc_id for h in hits}
    # With one document only, the cap never shortens the result.
    assert len(retriever.search("Eingliederungszuschuss", k=4, doc_id="lang")) == 4


def test_cap_pushes_back_but_fills_up():
    ranked = [(make_chunk("a", i, f"t{i}"), 1.0 - i / 10) for i in range(5)] + [(make_chunk("b", 0, "x"), 0.1)]
    capped = _cap_per_document(ranked, k=4, cap=2)
    assert [c.doc_id for c, _ in capped] == ["a", "a", "b", "a"]


def test_stays_in_step_with_ingest_and_remove(store):
    retriever = HybridRetriever(store, store.embedder)
    assert not any("Einstiegsgeld" in h.chunk.text for h in retriever.search("Einstiegsgeld", k=3))
    store.add("neu", ["Das Einstiegsgeld nach § 16b wird 78 Mal bewilligt."])
    assert "Einstiegsgeld" in retriever.search("Einstiegsgeld", k=1)[0].chunk.text
    store.remove("neu")
    assert all(h.chunk.doc_id != "neu" for h in retriever.search("Einstiegsgeld", k=5))


def test_empty_inputs(tmp_path: Path):
    empty = MemoryStore(FakeEmbedder(), data_dir=tmp_path)
    retriever = HybridRetriever(empty, empty.embedder)
    assert retriever.search("Arbeitsgelegenheiten") == []
    empty.add("a", ["Text"])
    assert retriever.search("   ") == []
    assert retriever.search("Text", k=0) == []
