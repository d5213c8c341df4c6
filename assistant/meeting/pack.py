"""The MeetingPack: what the "Fragen entwerfen" tab, the CLI and the export show for one document.

Built only from the facade's public results (figures, questions, checklist, export), so the
drafting code behind them can change without touching this module. Questions are kept in
exactly the order and numbering the export files use, so screen and paper agree.
"""

from __future__ import annotations

import base64
import logging
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

from assistant.drafting.row_cap import row_cap_notice
from assistant.errors import user_message
from ingest.store import StoreError
from ingest.types import IngestError
from assistant.types import Citation, DraftQuestion

log = logging.getLogger("amip.meeting")
EXPORT_FORMATS = ("md", "docx")


class Facade(Protocol):
    """The part of ``Assistant`` a pack is built from."""

    def figures(self, doc_id: str | None = None) -> list: ...
    def questions(self, doc_id: str | None = None, compare: str | None = None) -> list[DraftQuestion]: ...
    def checklist(self, doc_id: str | None = None) -> list[dict]: ...
    def export(self, doc_id: str | None, fmt: str, out: Path, compare: str | None = None,
               questions: list[DraftQuestion] | None = None) -> Path: ...


@dataclass
class MeetingPack:
    """Figures, numbered questions, A checklist and export files for one document version."""

    doc_id: str
    title: str  # what the page calls the document (title, else file name)
    filename: str
    version: str  # the cache key it was built under
    compare: str | None = None  # doc_id of last year's AMIP, if compared
    compare_title: str = ""
    figures: list[dict] = field(default_factory=list)  # Figure.to_json() of each figure
    checklist: list[dict] = field(default_factory=list)  # {"id", "question", "status", "citations"}
    questions: list[DraftQuestion] = field(default_factory=list)  # in export order; number = index + 1
    exports: dict[str, tuple[str, bytes]] = field(default_factory=dict)  # fmt -> (file name, bytes)
    errors: list[str] = field(default_factory=list)  # German, one per part that failed
    notices: list[str] = field(default_factory=list)  # German notes on parts that are incomplete by design
    seconds: float = 0.0  # how long building took

    def numbered(self, kind: str) -> list[tuple[int, DraftQuestion]]:
        """Questions of one kind ("A"/"B") with their number in the export."""
        return [(n, q) for n, q in enumerate(self.questions, start=1) if (q.kind == "A") == (kind == "A")]

    def checklist_citations(self, item: dict) -> list[Citation]:
        return citations_from(item.get("citations"))

    def to_json(self) -> dict:
        return {
            "doc_id": self.doc_id, "title": self.title, "filename": self.filename, "version": self.version,
            "compare": self.compare, "compare_title": self.compare_title,
            "figures": self.figures, "checklist": self.checklist,
            "questions": [q.to_json() for q in self.questions],
            "exports": {fmt: [name, base64.b64encode(data).decode("ascii")]
                        for fmt, (name, data) in self.exports.items()},
            "errors": self.errors, "notices": self.notices, "seconds": self.seconds,
        }

    @classmethod
    def from_json(cls, data: dict) -> MeetingPack:
        return cls(
            doc_id=data["doc_id"], title=data.get("title", ""), filename=data.get("filename", ""),
            version=data.get("version", ""), compare=data.get("compare"),
            compare_title=data.get("compare_title", ""),
            figures=list(data.get("figures", [])), checklist=list(data.get("checklist", [])),
            questions=[question_from(q) for q in data.get("questions", [])],
            exports={fmt: (name, base64.b64decode(blob)) for fmt, (name, blob) in data.get("exports", {}).items()},
            errors=list(data.get("errors", [])), notices=[str(n) for n in data.get("notices") or []],
            seconds=float(data.get("seconds", 0.0)),
        )


def citations_from(items: list | None) -> list[Citation]:
    """Citations as objects, whether given as objects or in their JSON form."""
    fields = set(Citation.__dataclass_fields__)
    return [c if isinstance(c, Citation) else Citation(**{k: v for k, v in c.items() if k in fields})
            for c in items or []]


def question_from(data: dict) -> DraftQuestion:
    return DraftQuestion(kind=data["kind"], topic=data.get("topic", ""), text=data["text"],
                         rationale=data.get("rationale", ""), citations=citations_from(data.get("citations")))


def export_order(questions: list[DraftQuestion]) -> list[DraftQuestion]:
    """The order the export files print the questions in (they number them in this order)."""
    from assistant.drafting.export import group_by_topic  # the export's own grouping, not a copy

    return [q for _, group in group_by_topic(questions) for q in group]


def build_pack(facade: Facade, doc: dict, compare: dict | None, version: str) -> MeetingPack:
    """Compute everything once; a part that fails becomes a German error, the rest still shows."""
    started = time.perf_counter()
    doc_id = doc["doc_id"]
    pack = MeetingPack(doc_id=doc_id, title=display_title(doc), filename=doc.get("filename", ""),
                       version=version, compare=compare["doc_id"] if compare else None,
                       compare_title=display_title(compare) if compare else "")
    figures = _part(pack, "Die Kennzahlen konnten nicht gelesen werden.", lambda: facade.figures(doc_id), [])
    pack.figures = [f.to_json() for f in figures]
    pack.notices = [n for n in [row_cap_notice(figures)] if n]  # drafting considered only the first rows
    pack.checklist = _part(pack, "Die Leitfragen A konnten nicht geprüft werden.",
                           lambda: facade.checklist(doc_id), [])
    drafted = _part(pack, "Die Nachfragen konnten nicht entworfen werden.",
                    lambda: facade.questions(doc_id, compare=pack.compare), [])
    pack.questions = export_order(drafted)
    _exports(facade, pack)
    pack.seconds = round(time.perf_counter() - started, 3)
    return pack


def _part(pack: MeetingPack, what: str, compute, default: Any) -> Any:
    try:
        return compute()
    except Exception as exc:  # one failing part must not hide the others
        log.warning("%s", what, exc_info=True)
        pack.errors.append(f"{what} {german(exc)}")
        return default


def _exports(facade: Facade, pack: MeetingPack) -> None:
    stem = Path(pack.filename or pack.title or "AMIP").stem
    with tempfile.TemporaryDirectory() as tmp:
        for fmt in EXPORT_FORMATS:
            out = Path(tmp) / f"Fragen-{stem}.{fmt}"

            def write(fmt: str = fmt, out: Path = out) -> tuple[str, bytes]:
                path = facade.export(pack.doc_id, fmt=fmt, out=out, compare=pack.compare,
                                     questions=pack.questions)
                return path.name, path.read_bytes()

            result = _part(pack, f"Die Datei ({fmt.upper()}) konnte nicht erstellt werden.", write, None)
            if result:
                pack.exports[fmt] = result


def german(exc: BaseException) -> str:
    """The German sentence of an error written for users; a short description otherwise."""
    from assistant.llm import LLMUnavailable  # imported late: pulls in the LLM packages

    if isinstance(exc, (IngestError, StoreError, LLMUnavailable)):
        return str(exc)
    return user_message(exc)


def display_title(doc: dict) -> str:
    """The document's title as the page shows it; the file name when there is no real title."""
    title = " ".join(str(doc.get("title") or "").split())
    filename = doc.get("filename", "")
    if not title or title == filename or len(title) > 160:
        return filename or doc.get("doc_id", "")[:12]
    return title
