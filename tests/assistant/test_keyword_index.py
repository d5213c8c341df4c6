from pathlib import Path

import numpy as np

from assistant.retrieval.keyword_index import KeywordIndex, StoreKeywordIndex
from assistant.text.tokens import raw_tokens, tokenize
from tests.assistant.memory_store import MemoryStore, make_chunk
from tests.fakes import FakeEmbedder


def test_tokenize_stems_drops_stopwords_and_normalises_numbers():
    tokens = tokenize("Wie viele Förderungen der beruflichen Weiterbildung: 1.793.645 € und 16,0 %")
    assert "wie" not in tokens and "der" not in tokens
    assert {"forder", "beruf", "weiterbild", "1793645", "16,0"} <= set(tokens)


def test_tokenize_keeps_section_letters_and_hyphen_compounds():
    assert "16d" in tokenize("§ 16d SGB II")
    assert "eineurojobs" in raw_tokens("Ein-Euro-Jobs")
    # Verb forms meet their noun: the question's "geplant" finds the column "Plan 2024".
    assert tokenize("geplant") == tokenize("Plan")


def test_tokenize_folds_gender_forms_to_the_plain_word():
    plain = tokenize("Kunden")
    for form in ("Kunden*Innen", "Kund:innen", "KundInnen", "Kund_innen", "Kundinnen"):
        assert tokenize(form) == plain, form
    assert tokenize("Teilnehmer/-innen") == tokenize("Teilnehmer")
    # Words that merely end in "-innen" or "-in" keep their stem.
    assert tokenize("Beginnen") == ["beginn"] and tokenize("Termin") == ["termin"]


def test_cache_dir_changes_with_the_tokenizer_version(tmp_path: Path, monkeypatch):
    import assistant.retrieval.keyword_index as module

    index = StoreKeywordIndex(MemoryStore(FakeEmbedder()), cache_dir=tmp_path)
    before = index._dir("state")
    monkeypatch.setattr(module, "TOKENIZER_VERSION", module.TOKENIZER_VERSION + 1)
    assert index._dir("state") != before


def test_share_counts_chunks_once_the_workspace_is_large_enough():
    many = [make_chunk("a", i, f"Das Jobcenter fördert Thema {i}." if i % 2 else f"Kurs {i} beginnt.")
            for i in range(40)]
    index = KeywordIndex.build(many)
    assert index.share("jobcent") == 0.5 and index.share("kur") == 0.5 and index.share("unbekannt") == 0.0
    assert KeywordIndex.build(many[:10]).share("jobcent") == 0.0  # too few chunks to tell


def _chunks():
    return [
        make_chunk("a", 0, "Das Eingliederungsbudget beträgt 2.970.357 Euro."),
        make_chunk("a", 1, "Arbeitsgelegenheiten werden ausgebaut.\nIst 2023   Plan 2024\nAGH   133   145"),
        make_chunk("b", 0, "Der Beirat berät über die Auswahl der Instrumente."),
    ]


def test_bm25_ranks_inflected_match_first():
    index = KeywordIndex.build(_chunks())
    scores = index.scores("Eingliederungsbudgets")
    assert int(np.argmax(scores)) == 0
    assert index.scores("Quantenphysik").sum() == 0


def test_unit_scores_give_each_chunk_its_best_row():
    index = KeywordIndex.build(_chunks())
    scores = index.unit_scores("AGH Plan 2024")
    assert int(np.argmax(scores)) == 1
    assert scores.shape == (3,)


def test_save_and_load_roundtrip(tmp_path: Path):
    chunks = _chunks()
    index = KeywordIndex.build(chunks)
    index.save(tmp_path / "idx")
    loaded = KeywordIndex.load(tmp_path / "idx", chunks)
    assert loaded is not None
    assert np.allclose(loaded.scores("Beirat Auswahl"), index.scores("Beirat Auswahl"))
    # Built over other chunks: not usable.
    assert KeywordIndex.load(tmp_path / "idx", chunks[:2]) is None
    assert KeywordIndex.load(tmp_path / "missing", chunks) is None


def test_store_index_follows_ingest_and_remove(tmp_path: Path):
    store = MemoryStore(FakeEmbedder(), data_dir=tmp_path)
    keyword = StoreKeywordIndex(store)
    assert keyword.current().chunks == []
    store.add("a", ["Arbeitsgelegenheiten in Musterstadt"])
    assert len(keyword.current().chunks) == 1
    store.add("b", ["Eingliederungszuschuss für Ältere"])
    assert keyword.current().scores("Eingliederungszuschuss").max() > 0
    store.remove("b")
    assert keyword.current().scores("Eingliederungszuschuss").max() == 0


def test_store_index_survives_restart_and_damage(tmp_path: Path):
    store = MemoryStore(FakeEmbedder(), data_dir=tmp_path)
    store.add("a", ["Arbeitsgelegenheiten in Musterstadt", "Einstiegsgeld"])
    first = StoreKeywordIndex(store)
    first.current()
    saved = list((tmp_path / "bm25" / "standard").iterdir())
    assert len(saved) == 1 and (saved[0] / "meta.json").exists()
    # A new process loads the saved index (same answers) ...
    again = StoreKeywordIndex(store).current()
    assert again.scores("Einstiegsgeld").argmax() == 1
    # ... and rebuilds silently if the files are damaged.
    (saved[0] / "meta.json").write_text("{kaputt")
    rebuilt = StoreKeywordIndex(store).current()
    assert rebuilt.scores("Einstiegsgeld").argmax() == 1


def test_server_mode_keeps_index_in_memory_only():
    store = MemoryStore(FakeEmbedder(), data_dir=None)
    store.add("a", ["Einstiegsgeld"])
    keyword = StoreKeywordIndex(store)
    assert keyword.cache_dir is None
    assert keyword.current().scores("Einstiegsgeld").max() > 0
    calls = store.all_chunks_calls
    keyword.current()
    assert store.all_chunks_calls == calls  # unchanged store: no rebuild


def test_mentions_looks_at_texts_and_file_names():
    from dataclasses import replace

    chunks = [replace(c, filename="amip-ilm-kreis-2024.pdf") for c in _chunks()]
    index = KeywordIndex.build(chunks)
    assert index.mentions("Ilm-Kreis") and index.mentions("Beirat")
    assert not index.mentions("Bayern") and not index.mentions("Frankfurt am Main")
