"""Helper process for the reliability tests (crash, concurrency, resource limits).

Commands (each prints one JSON line on stdout):
  ingest  DATA_DIR WORKSPACE FILE... [--pause STAGE --marker PATH] [--barrier PATH]
          [--batch N] [--options JSON] [--embedder fake|e5]
  inspect DATA_DIR WORKSPACE [--embedder fake|e5]

``--pause`` stops the process at a chosen point of the write path (it touches ``--marker``
and sleeps) so the parent can SIGKILL it exactly there:
  embed         while embedding (nothing written yet)
  chunks        after the first chunk batch was written
  commit        all chunks written, registry record not yet written
  after-commit  registry written, old versions not yet removed, orphans not yet swept
  write         touch the marker at the first chunk write and go on (for random-time kills)
"""

from __future__ import annotations

import argparse
import json
import resource
import sys
import time
import traceback
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO))


def _touch(path: str | None) -> None:
    if path:
        Path(path).write_text(str(time.time()))


def _sleep_forever() -> None:
    while True:
        time.sleep(60)


def _embedder(kind: str):
    if kind == "e5":
        from ingest.embedding import make_embedder

        return make_embedder("e5-small")
    from tests.fakes import FakeEmbedder

    return FakeEmbedder()


def _open(data_dir: Path, workspace: str, kind: str):
    from ingest.store import VectorStore

    embedder = _embedder(kind)
    return VectorStore(workspace, embedder.name, data_dir=data_dir), embedder


def _install_pause(store, embedder, stage: str, marker: str | None) -> None:
    if stage == "embed":
        original_embed = embedder.embed_passages

        def embed(texts):
            _touch(marker)
            _sleep_forever()
            return original_embed(texts)

        embedder.embed_passages = embed
    elif stage in ("chunks", "write"):
        original_add = store._chunks.add
        calls = {"n": 0}

        def add(*args, **kwargs):
            if stage == "write" and calls["n"] == 0:
                _touch(marker)
            result = original_add(*args, **kwargs)
            calls["n"] += 1
            if stage == "chunks" and calls["n"] == 1:
                _touch(marker)
                _sleep_forever()
            return result

        store._chunks.add = add
    elif stage in ("commit", "after-commit"):
        original_upsert = store._registry.upsert

        def upsert(*args, **kwargs):
            if stage == "commit":
                _touch(marker)
                _sleep_forever()
            result = original_upsert(*args, **kwargs)
            _touch(marker)
            _sleep_forever()
            return result

        store._registry.upsert = upsert
    elif stage:
        raise SystemExit(f"unknown pause stage {stage}")


def cmd_ingest(args: argparse.Namespace) -> dict:
    import ingest.store as store_module
    from ingest.options import IngestOptions
    from ingest.pipeline import Ingestor
    from ingest.types import IngestError

    if args.batch:
        store_module._BATCH = args.batch
    store, embedder = _open(Path(args.data_dir), args.workspace, args.embedder)
    options = IngestOptions(**json.loads(args.options)) if args.options else IngestOptions(ocr="off")
    ingestor = Ingestor(store, embedder, options, Path(args.data_dir))
    _install_pause(store, embedder, args.pause, args.marker)
    if args.barrier:
        deadline = time.monotonic() + 60
        while not Path(args.barrier).exists() and time.monotonic() < deadline:
            time.sleep(0.01)
    results = []
    for file in args.files:
        data = Path(file).read_bytes()
        started = time.perf_counter()
        try:
            report = ingestor.ingest(data, Path(file).name, replace=args.replace or None)
            results.append({"file": file, "ok": True, "report": report.to_json(),
                            "seconds": time.perf_counter() - started})
        except IngestError as exc:
            results.append({"file": file, "ok": False, "error": str(exc), "type": "IngestError",
                            "seconds": time.perf_counter() - started})
        except Exception as exc:  # noqa: BLE001 - reported to the parent test
            results.append({"file": file, "ok": False, "error": str(exc), "type": type(exc).__name__,
                            "trace": traceback.format_exc()[-2000:],
                            "seconds": time.perf_counter() - started})
    return {"results": results, "maxrss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}


def cmd_inspect(args: argparse.Namespace) -> dict:
    store, embedder = _open(Path(args.data_dir), args.workspace, args.embedder)
    docs = store.documents()
    per_doc = {}
    for doc in docs:
        chunks = store.all_chunks(doc["doc_id"])
        per_doc[doc["doc_id"]] = {"chunks": len(chunks), "registered": doc["chunks"],
                                  "indices": sorted(c.index for c in chunks)}
    raw = store._chunks.get(include=["metadatas"])
    # Dense search must see every visible chunk: ask for all of them by nearest neighbour.
    visible = sum(len(store.all_chunks(d["doc_id"])) for d in docs)
    dense = store.query(embedder.embed_query("Eingliederungsbudget"), k=max(1, visible)) if docs else []
    return {"documents": docs, "per_doc": per_doc, "raw_chunks": len(raw["ids"]),
            "count_chunks": store.count_chunks(), "dense_hits": len(dense),
            "dense_doc_ids": sorted({c.doc_id for c, _ in dense})}


def main() -> int:
    parser = argparse.ArgumentParser()
    sub = parser.add_subparsers(dest="command", required=True)
    p = sub.add_parser("ingest")
    p.add_argument("data_dir")
    p.add_argument("workspace")
    p.add_argument("files", nargs="+")
    p.add_argument("--pause", default="")
    p.add_argument("--marker")
    p.add_argument("--barrier")
    p.add_argument("--batch", type=int, default=0)
    p.add_argument("--options")
    p.add_argument("--replace", default="")
    p.add_argument("--embedder", default="fake")
    p = sub.add_parser("inspect")
    p.add_argument("data_dir")
    p.add_argument("workspace")
    p.add_argument("--embedder", default="fake")
    args = parser.parse_args()
    result = cmd_ingest(args) if args.command == "ingest" else cmd_inspect(args)
    print(json.dumps(result, ensure_ascii=False, default=str))
    return 0


if __name__ == "__main__":
    sys.exit(main())
