"""The assistant as one object: what the CLI and the Streamlit app call.

Heavy parts (embedder, store, chat model) are created lazily and once; the app keeps one
``Assistant`` per workspace in ``st.cache_resource``.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING

from assistant import asking
from assistant.answering.sources import ChunkCiter
from assistant.settings import Settings
from assistant.types import Answer, Citation, DraftQuestion, Figure, Hit
from ingest.embedding import Embedder, make_embedder
from ingest.pipeline import Ingestor, Progress
from ingest.store import VectorStore
from ingest.tables.types import Table
from ingest.types import IngestError, IngestReport

if TYPE_CHECKING:
    from assistant.answering.question import Question
    from assistant.drafting.checklist import ChecklistItem
    from assistant.meeting.cache import PackCache
    from assistant.meeting.history import History
    from assistant.meeting.pack import MeetingPack
    from assistant.meeting.titles import Identity


class Assistant:
    """Facade over ingestion, retrieval, answering, figures and question drafting."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self._identities: dict[tuple[str, str], Identity] = {}  # (doc_id, ingest_id) -> title, Jobcenter, year
        self._derived: dict[tuple[str, str, str], list] = {}  # (what, doc_id, ingest_id) -> result
        self._chat_models: dict[str, object] = {}  # backend -> chat model (None: extractive)

    # -- components ------------------------------------------------------------------------

    @cached_property
    def embedder(self) -> Embedder:
        return make_embedder(self.settings.embedding)

    @cached_property
    def store(self) -> VectorStore:
        return VectorStore(
            workspace=self.settings.workspace,
            embedding_name=self.embedder.name,
            data_dir=self.settings.data_dir,
            chroma_url=self.settings.chroma_url,
        )

    @cached_property
    def ingestor(self) -> Ingestor:
        return Ingestor(self.store, self.embedder, self.settings.ingest_options(), self.settings.data_dir)

    @cached_property
    def retriever(self):
        from assistant.retrieval import HybridRetriever

        return HybridRetriever(self.store, self.embedder)

    def chat_model(self, backend: str):
        """The backend's chat model, made once and kept (making one may probe a server)."""
        from assistant.llm import make_chat_model

        if backend not in self._chat_models:
            self._chat_models[backend] = make_chat_model(self.settings, backend)
        return self._chat_models[backend]

    # -- documents -------------------------------------------------------------------------

    def ingest_bytes(self, data: bytes, filename: str, progress: Progress | None = None,
                     replace: str | None = None) -> IngestReport:
        """Index one PDF. A different file under a name already in use is kept beside it
        ("name.pdf (2)") unless ``replace`` names the document it replaces (see ``same_name``)."""
        report = self.ingestor.ingest(data, filename, progress,
                                      replace=self.resolve_doc_id(replace) if replace else None)
        if replace:
            self.forget_removed()  # the replaced version's drafts and quotes
        return report

    def same_name(self, filename: str) -> list[dict]:
        """Documents already uploaded under ``filename`` (ask whether a new upload replaces one)."""
        return self.ingestor.same_name(filename)

    def ingest_paths(self, paths: list[Path], replace: str | None = None
                     ) -> tuple[list[IngestReport], list[dict]]:
        """Ingest several files; good ones are indexed, every failure of one file (whatever
        its cause) is listed with a German error and the others go on."""
        from assistant.batch import ingest_files

        return ingest_files(paths, self.settings.max_file_mb,
                            lambda data, name: self.ingest_bytes(data, name, replace=replace))

    def lost_documents(self) -> list[dict]:
        """Stored PDFs the index does not know (database deleted or rebuilt): ``reindex``."""
        return self.ingestor.lost_documents()

    def reindex(self) -> tuple[list[IngestReport], list[dict]]:
        """Rebuild the index of every workspace from the stored PDFs and their sidecars; a
        damaged embedded database is set aside first (``StoreDamaged``)."""
        from assistant.batch import set_damaged_aside, stored_workspaces
        from ingest.store import StoreDamaged

        try:
            self.store
        except StoreDamaged:
            set_damaged_aside(self.settings.data_dir)
        reports, errors = [], []
        for name in stored_workspaces(self.settings.data_dir) or [self.settings.workspace]:
            other = self if name == self.settings.workspace else Assistant(
                self.settings.model_copy(update={"workspace": name}))
            done, failed = other.ingestor.reindex_lost()
            reports += done
            errors += failed
            other.forget_removed()
        return reports, errors

    def check_question(self, question: str) -> None:
        """German error for a question beyond ``max_question_chars``."""
        asking.check_question(question, self.settings.max_question_chars)

    def documents(self) -> list[dict]:
        return self.store.documents()

    def workspaces(self) -> list[str]:
        """Workspaces that hold documents in this store (for the app's workspace choice)."""
        return self.store.workspaces()

    def remove(self, doc_id: str) -> bool:
        removed = self.ingestor.remove(self.resolve_doc_id(doc_id))
        self.forget_removed()
        return removed

    def forget_removed(self) -> None:
        """Drop what was derived from documents no longer in the library: stored drafts and
        exports are deleted, chat quotes are marked as from a removed document."""
        import logging

        try:
            keep = {d["doc_id"] for d in self.documents()}
            self.meeting_cache.prune(keep)
            self.history.mark_removed(keep)
        except OSError:  # the document is gone all the same; the next removal tries again
            logging.getLogger("amip.meeting").warning("Aufräumen nach dem Entfernen fehlgeschlagen", exc_info=True)

    def resolve_doc_id(self, doc_id: str, docs: list[dict] | None = None) -> str:
        """Accept a unique prefix of a document id (as shown in ``amip docs``); ``docs``: the
        document list if the caller read it already."""
        return asking.resolve_doc_id(doc_id, self.documents() if docs is None else docs)

    def pdf_path(self, doc_id: str) -> Path | None:
        path = self.ingestor.file_path(doc_id)
        return path if path.exists() else None

    def cited_boxes(self, citation: Citation) -> list[tuple[float, float, float, float]]:
        """Page-model boxes of the table rows a citation quotes, to mark them on the page image
        as they were read; [] for prose (marked by matching the quote's characters)."""
        from assistant.meeting.highlight import row_boxes

        chunk = self.store.chunks_by_id([citation.chunk_id]).get(citation.chunk_id)
        if chunk is None or not chunk.table_id:
            return []
        table = next((t for t in self.store.tables(chunk.doc_id) if t.table_id == chunk.table_id), None)
        return row_boxes(table, chunk.table_rows, citation.quote, citation.page_start) if table else []

    # -- questions and answers -------------------------------------------------------------

    def search(self, query: str, k: int = 8, doc_id: str | None = None) -> list[Hit]:
        return asking.search(self, query, k, doc_id)

    def ask(
        self,
        question: str,
        doc_id: str | None = None,
        backend: str | None = None,
        on_token: Callable[[str], None] | None = None,
        k: int = 6,
    ) -> Answer:
        """Answer ``question`` from ``doc_id`` (a prefix), the document it names, or all."""
        return asking.ask(self, question, doc_id, backend, on_token, k)

    def analyse(self, question: str, docs: list[dict] | None = None) -> Question:
        """The question read once, with this workspace's word statistics and file names."""
        return asking.analyse(self, question, self.documents() if docs is None else docs)

    # -- figures and question drafts --------------------------------------------------------

    def _document(self, doc_id: str) -> dict:
        doc = self.store.get_document(self.resolve_doc_id(doc_id))
        if doc is None:  # removed by another session in the meantime
            raise IngestError(f"Das Dokument „{doc_id[:12]}“ wurde inzwischen entfernt.")
        return doc

    def _titled_document(self, doc_id: str) -> dict:
        return self.titled([self._document(doc_id)])[0]

    def single_doc_id(self, doc_id: str | None) -> str:
        """The chosen document, or the only one; a German error when the choice is ambiguous."""
        return asking.single_doc_id(doc_id, self.documents())

    def tables(self, doc_id: str | None = None) -> list[Table]:
        """Tables read at ingest, of one document or of all documents."""
        docs = [self._document(doc_id)] if doc_id else self.documents()
        return [t for doc in docs for t in self.store.tables(doc["doc_id"])]

    def figures(self, doc_id: str | None = None) -> list[Figure]:
        """Figures of one document, or of all documents when none is given."""
        from assistant.figures import document_figures

        docs = [self._document(doc_id)] if doc_id else self.documents()
        figures: list[Figure] = []
        for doc in docs:
            figures += self._per_version("figures", doc, lambda doc=doc: document_figures(
                self.store.tables(doc["doc_id"]), self.store.page_texts(doc["doc_id"]), doc["doc_id"], doc["filename"]))
        return figures

    def _per_version(self, what: str, doc: dict, compute: Callable[[], list]) -> list:
        """``compute()`` once per document version (figures, checklist): a draft, its checklist and
        its export files all need them, and they change only when the document does."""
        key = (what, doc["doc_id"], doc.get("ingest_id", ""))
        if key not in self._derived:
            if len(self._derived) >= 64:  # bounded: a long-running app sees many versions
                self._derived.clear()
            self._derived[key] = compute()
        return list(self._derived[key])

    def questions(self, doc_id: str | None = None, compare: str | None = None,
                  backend: str | None = None) -> list[DraftQuestion]:
        """Ranked B questions (and A questions the document leaves open), optionally against last year.

        Drafted from templates only, in seconds: ``backend`` is accepted for older callers and
        ignored (a model's rephrasing took 10 s per question and the guard accepted a third)."""
        return self._drafts(self._document(self.single_doc_id(doc_id)), compare)[0]

    def _drafts(self, doc: dict, compare: str | None) -> tuple[list[DraftQuestion], list[ChecklistItem]]:
        """The drafted questions and the checklist they were drafted with (built once)."""
        from assistant.drafting import draft_questions
        from assistant.drafting.checklist import checklist_questions

        previous = self.figures(compare) if compare else None
        figures = self.figures(doc["doc_id"])
        cite = ChunkCiter(self.store)  # one chunk cache for the drafts and the checklist
        drafted = draft_questions(self.store.page_texts(doc["doc_id"]), figures,
                                  doc["doc_id"], doc["filename"], compare_figures=previous, cite=cite)
        checklist = self._checklist(doc, figures, cite)
        return drafted + checklist_questions(checklist), checklist

    def checklist(self, doc_id: str | None = None) -> list[dict]:
        return [item.to_json() for item in self._checklist(self._document(self.single_doc_id(doc_id)))]

    def _checklist(self, doc: dict, figures: list[Figure] | None = None, cite: ChunkCiter | None = None):
        from assistant.drafting.checklist import build_checklist

        doc_id = doc["doc_id"]
        return self._per_version("checklist", doc, lambda: build_checklist(
            self.store.page_texts(doc_id), self.figures(doc_id) if figures is None else figures, doc_id,
            doc["filename"], search=lambda q, k: self.retriever.search(q, k=k, doc_id=doc_id),  # id resolved above
            cite=cite or ChunkCiter(self.store)))

    def export(self, doc_id: str | None, fmt: str, out: Path, compare: str | None = None,
               questions: list[DraftQuestion] | None = None) -> Path:
        """Write the drafted questions (or the given ones, as shown in the app) with the checklist."""
        from assistant.drafting.export import export
        from assistant.meeting.pack import display_title

        doc = self._titled_document(self.single_doc_id(doc_id))
        if questions is None:
            questions, checklist = self._drafts(doc, compare)
        else:
            checklist = self._checklist(doc)
        title = f"Fragen zum AMIP-Entwurf: {display_title(doc)}"
        return export(questions, fmt, out, checklist=checklist, title=title)

    # -- the meeting: one pack per document version ------------------------------------------

    @cached_property
    def history(self) -> History:
        """Chat history and last drafted meeting of this workspace, kept on disk."""
        from assistant.meeting.history import History

        return History(self.settings.data_dir, self.settings.workspace)

    @cached_property
    def meeting_cache(self) -> PackCache:
        from assistant.meeting.cache import PackCache

        return PackCache(self.settings.data_dir, self.settings.workspace)

    def prepare_meeting(self, doc_id: str | None, compare: str | None = None, backend: str | None = None,
                        cached_only: bool = False) -> MeetingPack | None:
        """Figures, numbered questions, A checklist and export files, built once per document version.

        ``compare=None`` compares with last year's AMIP of the same Jobcenter (``default_compare``);
        ``compare=""`` compares with nothing. ``cached_only`` returns a stored pack or None.
        No model is involved (``backend`` is accepted for older callers and ignored).
        """
        from assistant.meeting.cache import pack_key
        from assistant.meeting.pack import build_pack

        doc = self._titled_document(self.single_doc_id(doc_id))
        if compare is None:
            compare = self.default_compare(doc["doc_id"]) or ""
        other = self._titled_document(compare) if compare else None
        key = pack_key(doc, other, "vorlagen")  # one pack whatever the answer model: drafts use none
        pack = self.meeting_cache.load(key)
        if pack is None and not cached_only:
            pack = build_pack(self, doc, other, key)
            if not pack.errors:  # a failed part is tried again next time
                self.meeting_cache.save(pack, {d["doc_id"] for d in self.documents()})
        return pack

    def document_periods(self) -> dict[str, int | None]:
        """The planning year of every document, read from its title and first page."""
        return {doc_id: identity.year for doc_id, identity in self.document_identities().items()}

    def document_identities(self) -> dict[str, Identity]:
        """Title, Jobcenter and planning year of every document, read from its first page."""
        from assistant.meeting.titles import identify

        identities = {}
        for doc in self.documents():
            key = (doc["doc_id"], doc.get("ingest_id", ""))
            if key not in self._identities:
                pages = self.store.page_texts(doc["doc_id"])
                first = pages[0][1] if pages else ""
                self._identities[key] = identify(first, doc.get("title", ""), doc.get("filename", ""))
            identities[doc["doc_id"]] = self._identities[key]
        return identities

    def titled(self, docs: list[dict]) -> list[dict]:
        """``docs`` with the title read from the first page (Jobcenter, programme, years)."""
        identities = self.document_identities()
        return [{**d, "title": identities[d["doc_id"]].title} if d["doc_id"] in identities else d for d in docs]

    def default_compare(self, doc_id: str) -> str | None:
        """Last year's AMIP of the same Jobcenter; None when there is none or the Jobcenter is unknown."""
        from assistant.meeting.titles import previous_of

        return previous_of(doc_id, self.document_identities())

    # -- evaluation ------------------------------------------------------------------------

    def ablation(self, gold_paths: list[Path], fit: bool = False) -> dict:
        """``amip eval --ablate``/``--fit``: accuracy per switched-off rule, or fitted weights."""
        return asking.ablation(self, gold_paths, fit)

    def evaluate(self, gold_path: Path | list[Path], backend: str | None = None) -> dict:
        return asking.evaluate(self, gold_path, backend)

    def evaluate_drafts(self, gold_path: Path) -> dict:
        """Drafting recall on a drafting gold set (the deterministic templates the app shows)."""
        from assistant.evaluation.drafts import evaluate_drafts

        doc_ids = {d["filename"]: d["doc_id"] for d in self.documents()}
        return evaluate_drafts(gold_path, doc_ids, lambda doc_id: self.questions(doc_id),
                               self.store.printed_pages)
