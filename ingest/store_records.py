"""How chunks and registry records are kept as Chroma metadata: flat values only, so lists
(page breaks, table rows, OCR pages, warnings, page status) travel as JSON strings."""

from __future__ import annotations

import json
from datetime import datetime, timezone

from ingest.types import Chunk


def now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


def chunk_meta(chunk: Chunk, ingest_id: str) -> dict:
    return {
        "chunk_id": chunk.chunk_id,
        "doc_id": chunk.doc_id,
        "ingest_id": ingest_id,
        "filename": chunk.filename,
        "page_start": chunk.page_start,
        "page_end": chunk.page_end,
        "char_start": chunk.char_start,
        "char_end": chunk.char_end,
        "section": chunk.section,
        "index": chunk.index,
        "page_breaks": json.dumps(list(chunk.page_breaks)),
        "table_id": chunk.table_id,
        "table_rows": json.dumps(list(chunk.table_rows)),
    }


def chunk_from(text: str, meta: dict) -> Chunk:
    return Chunk(
        chunk_id=meta["chunk_id"],
        doc_id=meta["doc_id"],
        text=text,
        char_start=int(meta["char_start"]),
        char_end=int(meta["char_end"]),
        page_start=int(meta["page_start"]),
        page_end=int(meta["page_end"]),
        section=meta.get("section", ""),
        filename=meta.get("filename", ""),
        index=int(meta.get("index", 0)),
        page_breaks=tuple(json.loads(meta.get("page_breaks", "[]"))),
        table_id=meta.get("table_id", ""),
        table_rows=tuple(json.loads(meta.get("table_rows", "[0, 0]"))),
    )


def registry_meta(record: dict) -> dict:
    meta = {k: v for k, v in record.items() if isinstance(v, (str, int, float, bool))}
    meta["ocr_pages"] = json.dumps(record.get("ocr_pages", []))
    meta["warnings"] = json.dumps(record.get("warnings", []), ensure_ascii=False)
    meta["page_status"] = json.dumps(record.get("page_status", []))
    return meta


def doc_from_meta(doc_id: str, meta: dict) -> dict:
    return {
        "doc_id": doc_id,
        "filename": meta.get("filename", ""),
        "original_filename": meta.get("original_filename", meta.get("filename", "")),
        "title": meta.get("title", ""),
        "pages": int(meta.get("pages", 0)),
        "chunks": int(meta.get("chunks", 0)),
        "ocr_pages": json.loads(meta.get("ocr_pages", "[]")),
        "warnings": json.loads(meta.get("warnings", "[]")),
        "page_status": json.loads(meta.get("page_status", "[]")),
        "ingested_at": meta.get("ingested_at", ""),
        "ingest_id": meta.get("ingest_id", ""),
        "replaces": meta.get("replaces", ""),
    }
