"""The ``amip`` command line (contract: shared/DESIGN.md).

``--json`` prints exactly one JSON object on stdout; otherwise German text. Errors go to
stderr in German with a non-zero exit code.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import sys
from collections.abc import Callable
from pathlib import Path
from urllib.parse import urlparse

from assistant.errors import AmipError, log_to_file
from assistant.sanitize import clean_data, clean_text, strict_json
from assistant.settings import LLM_BACKENDS, SettingsInvalid, load_settings
from ingest.store import check_workspace
from ingest.types import IngestError


def _parser() -> argparse.ArgumentParser:
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--data-dir", type=Path, help="Datenordner (Standard: AMIP_DATA_DIR)")
    common.add_argument("--workspace", help="Arbeitsbereich (Standard: standard)")
    common.add_argument("--json", action="store_true", help="Ausgabe als ein JSON-Objekt")
    parser = argparse.ArgumentParser(prog="amip", description="AMIP-Assistent für den Jobcenter-Beirat")
    sub = parser.add_subparsers(dest="command", required=True)

    p = sub.add_parser("ingest", parents=[common], help="PDF-Dateien aufnehmen")
    p.add_argument("paths", nargs="+", type=Path)
    p.add_argument("--replace", metavar="DOC_ID",
                   help="ersetzt dieses Dokument (sonst bleibt eine Datei gleichen Namens daneben erhalten)")
    sub.add_parser("reindex", parents=[common], help="Index aus den gespeicherten PDF-Dateien neu aufbauen")
    sub.add_parser("docs", parents=[common], help="aufgenommene Dokumente anzeigen")
    p = sub.add_parser("remove", parents=[common], help="Dokument entfernen")
    p.add_argument("doc_id")
    p = sub.add_parser("search", parents=[common], help="Textstellen suchen")
    p.add_argument("query")
    p.add_argument("--k", type=int, default=8)
    p.add_argument("--doc")
    p = sub.add_parser("ask", parents=[common], help="Frage stellen")
    p.add_argument("question")
    p.add_argument("--doc")
    p.add_argument("--llm", choices=LLM_BACKENDS)
    p = sub.add_parser("figures", parents=[common], help="Kennzahlen auslesen")
    p.add_argument("--doc")
    p = sub.add_parser("tables", parents=[common], help="erkannte Tabellen anzeigen")
    p.add_argument("--doc")
    p = sub.add_parser("questions", parents=[common], help="Nachfragen (B) entwerfen")
    p.add_argument("--doc")
    p.add_argument("--compare")
    p.add_argument("--llm", choices=LLM_BACKENDS)
    p = sub.add_parser("checklist", parents=[common], help="Fragen im Vorfeld (A1–A6) prüfen")
    p.add_argument("--doc")
    p = sub.add_parser("export", parents=[common], help="Fragen als Markdown oder DOCX speichern")
    p.add_argument("--doc")
    p.add_argument("--compare")
    p.add_argument("--format", choices=("md", "docx"), required=True)
    p.add_argument("--out", type=Path, required=True)
    p = sub.add_parser("eval", parents=[common], help="Qualität auf einem Gold-Datensatz messen")
    p.add_argument("gold", type=Path, nargs="+")
    p.add_argument("--llm", choices=LLM_BACKENDS)
    p.add_argument("--ablate", action="store_true", help="Genauigkeit ohne jede einzelne Regel")
    p.add_argument("--fit", action="store_true", help="Gewichte per Kreuzvalidierung bestimmen")
    p = sub.add_parser("eval-drafts", parents=[common], help="Entwürfe der Nachfragen an einem Gold-Datensatz messen")
    p.add_argument("gold", type=Path)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    try:
        settings = load_settings(data_dir=args.data_dir, workspace=args.workspace)
        log_to_file(settings.data_dir)  # details of failures go to a file, never to the terminal
        check_workspace(settings.workspace)
        from assistant.service import Assistant

        assistant = Assistant(settings)
        handler: Callable[[Assistant, argparse.Namespace], tuple[dict, str, int]] = _HANDLERS[args.command]
        _announce_server(settings, args)
        payload, text, code = handler(assistant, args)
    except (AmipError, SettingsInvalid) as exc:
        return _fail(args, str(exc))
    except Exception as exc:  # noqa: BLE001 - the user gets German text, never a traceback
        from assistant.errors import user_message

        return _fail(args, user_message(exc))
    return _emit(args, payload, text, code)


def _emit(args: argparse.Namespace, payload: dict, text: str, code: int) -> int:
    """Print the result: strict JSON (no NaN/Infinity), no control characters; a reader that
    stops early (``| head``) ends the output quietly."""
    try:
        if args.json:
            payload, replaced = strict_json(clean_data(payload))
            if replaced:
                print(f"Hinweis: {replaced} Zahl(en) waren ungültig oder zu groß und stehen als null in der "
                      "Ausgabe.", file=sys.stderr)
            print(json.dumps(payload, ensure_ascii=False, indent=2, allow_nan=False))
        elif text:
            print(clean_text(text, keep_newlines=True))
        sys.stdout.flush()
    except BrokenPipeError:
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())  # no second error at exit
    return code


def _fail(args: argparse.Namespace, message: str) -> int:
    """German error on stderr; with ``--json`` still exactly one JSON object on stdout."""
    message = clean_text(message)
    print(f"Fehler: {message}", file=sys.stderr)
    payload = ({"documents": [], "errors": [{"filename": "", "error": message}]}
               if args.command in ("ingest", "reindex") else {"error": message})
    return _emit(args, payload, "", 2) if args.json else 2


def _announce_server(settings, args: argparse.Namespace) -> None:
    """Say which model server gets document text before anything is sent to a non-local one."""
    if args.command not in ("ask", "questions", "export", "eval"):
        return
    backend = getattr(args, "llm", None) or settings.effective_llm
    if backend not in ("ollama", "openai"):
        return
    url = settings.llm_base_url or ("http://localhost:11434" if backend == "ollama" else "https://api.openai.com/v1")
    host = (urlparse(url if "//" in url else f"http://{url}").hostname or "").lower()
    if host in ("localhost", "127.0.0.1", "::1") or host.startswith("127."):
        return
    print(f"Hinweis: Fragen und Textstellen werden an den Modell-Server {url} gesendet "
          f"(AMIP_LLM={backend}, AMIP_LLM_BASE_URL).", file=sys.stderr)


def _ingest(a, args) -> tuple[dict, str, int]:
    if args.replace and len(args.paths) != 1:
        raise IngestError("--replace ersetzt genau ein Dokument: bitte genau eine Datei angeben.")
    reports, errors = a.ingest_paths(args.paths, replace=args.replace)
    payload = {"documents": [r.to_json() for r in reports], "errors": errors}
    lines = [f"{'neu aufgenommen' if r.status == 'indexed' else 'unverändert'}: {clean_text(r.filename)} "
             f"({r.pages} Seiten, {r.chunks} Abschnitte, Kennung {r.doc_id[:12]})" for r in reports]
    lines += [f"  Hinweis: {w}" for r in reports for w in r.warnings]
    lines += [f"  Hinweis: Es gibt bereits ein Dokument mit diesem Namen; beide bleiben erhalten. "
              f"Zum Ersetzen: amip ingest --replace KENNUNG DATEI" for r in reports
              if r.status == "indexed" and r.filename.endswith(")") and not args.replace]
    for err in errors:
        print(f"Fehler bei {clean_text(err['filename'])}: {clean_text(err['error'])}", file=sys.stderr)
    return payload, "\n".join(lines), 1 if errors else 0


def _reindex(a, args) -> tuple[dict, str, int]:
    reports, errors = a.reindex()
    for err in errors:
        print(f"Fehler bei {clean_text(err['filename'])}: {clean_text(err['error'])}", file=sys.stderr)
    lines = [f"neu aufgebaut: {clean_text(r.filename)} ({r.pages} Seiten, {r.chunks} Abschnitte)" for r in reports]
    return ({"documents": [r.to_json() for r in reports], "errors": errors},
            "\n".join(lines) or "Nichts neu aufzubauen: der Index kennt alle gespeicherten PDF-Dateien.",
            1 if errors else 0)


def _docs(a, args) -> tuple[dict, str, int]:
    docs = a.documents()
    payload = {"documents": [{k: d[k] for k in ("doc_id", "filename", "pages", "chunks")} for d in docs]}
    lines = [f"{d['doc_id'][:12]}  {clean_text(d['filename'])}  ({d['pages']} Seiten, {d['chunks']} Abschnitte)"
             for d in docs]
    lost = a.lost_documents()
    if lost:
        print(f"Hinweis: {len(lost)} gespeicherte PDF-Datei(en) fehlen im Index (Datenbank gelöscht "
              "oder beschädigt?); „amip reindex“ nimmt sie wieder auf.", file=sys.stderr)
    return payload, "\n".join(lines) or "Noch keine Dokumente aufgenommen.", 0


def _remove(a, args) -> tuple[dict, str, int]:
    doc_id = a.resolve_doc_id(args.doc_id)
    a.remove(doc_id)
    return {"removed": doc_id}, f"Entfernt: {doc_id[:12]}", 0


def _require_index(a) -> None:
    """A deleted or emptied database must not read as "the documents say nothing"."""
    if a.documents():
        return
    lost = a.lost_documents()
    if lost:
        raise IngestError(f"Der Suchindex ist leer oder wurde gelöscht, aber {len(lost)} gespeicherte PDF-Datei(en) "
                          "liegen vor: „amip reindex“ baut ihn neu auf.")
    raise IngestError("Es ist noch kein Dokument aufgenommen: zuerst „amip ingest DATEI.pdf“.")


def _search(a, args) -> tuple[dict, str, int]:
    _require_index(a)
    hits = a.search(args.query, k=args.k, doc_id=args.doc)
    lines = [f"[{clean_text(h.chunk.filename)}, S. {_pages(h.chunk.page_start, h.chunk.page_end)}] "
             f"{h.chunk.text[:200].replace(chr(10), ' ')}" for h in hits]
    return {"hits": [h.to_json() for h in hits]}, "\n".join(lines) or "Keine Treffer.", 0


def _ask(a, args) -> tuple[dict, str, int]:
    _require_index(a)
    answer = a.ask(args.question, doc_id=args.doc, backend=args.llm)
    lines = [answer.text, ""]
    lines += [f"[{c.marker}] {clean_text(c.filename)}, S. {_pages(c.page_start, c.page_end)}"
              f"{'' if c.verified else ' (nicht bestätigt)'}: „{c.quote}“" for c in answer.citations]
    return answer.to_json(), "\n".join(lines).strip(), 0


def _figures(a, args) -> tuple[dict, str, int]:
    from assistant.drafting.quantities import quantity

    figures = a.figures(args.doc)
    def shown(v) -> str:  # a 400-digit cell reads as infinity: never print or compute with it
        return quantity(v) if math.isfinite(v.value) else "(ungültige Zahl)"

    lines = [f"S. {f.page}  {f.group + ': ' if f.group else ''}{f.label}: "
             + "; ".join(f"{v.column or v.role} = {shown(v)}" for v in f.values) for f in figures]
    return {"figures": [f.to_json() for f in figures]}, "\n".join(lines) or "Keine Kennzahlen gefunden.", 0


def _tables(a, args) -> tuple[dict, str, int]:
    tables = a.tables(args.doc)
    names = {d["doc_id"]: d["filename"] for d in a.documents()}
    blocks = []
    for t in tables:
        pages = _pages(t.pages[0], t.pages[-1])
        head = " | ".join([t.label_header or "Zeile"] + [_column_text(c) for c in t.columns])
        rows = [f"  {r.group + ' / ' if r.group else ''}{r.label} | " + " | ".join(r.cells) for r in t.rows]
        name = clean_text(names.get(t.doc_id, ""))
        blocks.append("\n".join([f"S. {pages}  {clean_text(t.caption or 'Tabelle')} ({name})",
                                  f"  {head}"] + rows))
    data = {"tables": [dict(_table_json(t), filename=names.get(t.doc_id, "")) for t in tables]}
    return data, "\n\n".join(blocks) or "Keine Tabellen gefunden.", 0


def _table_json(table) -> dict:
    """The ``amip tables`` shape of shared/DESIGN.md (plus values, page and bbox per row)."""
    data = table.to_json()
    data["columns"] = [{k: c[k] for k in ("header", "role", "period", "unit")} for c in data["columns"]]
    return data


def _column_text(column) -> str:
    role = {"actual": "Ist", "plan": "Plan", "target": "Ziel", "forecast": "Prognose",
            "change_abs": "Veränderung", "change_pct": "Veränderung %", "share": "Anteil"}.get(column.role, "Wert")
    details = ", ".join(x for x in (role, str(column.period or ""), column.unit) if x)
    return f"{column.header or '–'} [{details}]"


def _meeting(a, args, backend: str | None = None):
    """The document's MeetingPack (shared with the app and stored on disk); its errors go to stderr."""
    pack = a.prepare_meeting(args.doc, compare=getattr(args, "compare", None) or "", backend=backend)
    for error in pack.errors:
        print(f"Fehler: {clean_text(error)}", file=sys.stderr)
    for notice in pack.notices:  # e.g. rows of a very long table left out
        print(clean_text(notice), file=sys.stderr)
    if a.meeting_cache.problem:  # full disk: the drafted questions are printed all the same
        print(f"Hinweis: {a.meeting_cache.problem}", file=sys.stderr)
    return pack


def _questions(a, args) -> tuple[dict, str, int]:
    pack = _meeting(a, args, args.llm)
    lines = []
    for n, q in enumerate(pack.questions, 1):  # numbered as in the app and the export files
        sources = ", ".join(f"{clean_text(c.filename)} S. {c.page_start}" for c in q.citations)
        lines.append(f"{n}. [{q.kind}] {q.topic}: {q.text}\n   Grund: {q.rationale}\n   Quellen: {sources}")
    payload = {"questions": [q.to_json() for q in pack.questions]}
    return payload, "\n".join(lines) or "Keine Fragen entworfen.", 2 if pack.errors and not pack.questions else 0


def _checklist(a, args) -> tuple[dict, str, int]:
    pack = _meeting(a, args)
    status = {"covered": "beantwortet", "partial": "teilweise", "missing": "fehlt"}
    lines = [f"{i['id']} [{status.get(i['status'], i['status'])}] {i['question']}" for i in pack.checklist]
    return {"items": pack.checklist}, "\n".join(lines), 2 if pack.errors and not pack.checklist else 0


def _export(a, args) -> tuple[dict, str, int]:
    pack = _meeting(a, args)
    if args.format not in pack.exports:
        return {"file": None}, "", 2
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_bytes(pack.exports[args.format][1])
    return {"file": str(args.out)}, f"Gespeichert: {args.out}", 0


def _eval(a, args) -> tuple[dict, str, int]:
    from assistant.evaluation import format_report

    if args.ablate or args.fit:
        from assistant.evaluation.ablation import format_ablation, format_fit

        report = a.ablation(args.gold, fit=args.fit)
        return report, (format_fit if args.fit else format_ablation)(report), 0
    report = a.evaluate(args.gold, backend=args.llm)
    return report, format_report(report), 0


def _eval_drafts(a, args) -> tuple[dict, str, int]:
    from assistant.evaluation.drafts import format_drafts_report

    report = a.evaluate_drafts(args.gold)
    return report, format_drafts_report(report), 0


def _pages(start: int, end: int) -> str:
    return str(start) if start == end else f"{start}–{end}"


_HANDLERS = {
    "ingest": _ingest, "reindex": _reindex, "docs": _docs, "remove": _remove, "search": _search, "ask": _ask,
    "figures": _figures, "tables": _tables, "questions": _questions, "checklist": _checklist, "export": _export,
    "eval": _eval, "eval-drafts": _eval_drafts,
}


if __name__ == "__main__":
    sys.exit(main())
