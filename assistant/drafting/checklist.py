"""The DGB's six "Fragen im Vorfeld" (A1–A6) as a checklist: does the draft answer each one?

Each question is split into aspects (A5: Verwaltungskostenbudget, Eingliederungsbudget, change
against the previous year, Umschichtung). An aspect counts as answered when a figure or a passage
shows it; all aspects → ``covered``, some → ``partial``, none → ``missing``. Passages are found
with a caller-supplied ``search(query, k)`` (any retriever) and, failing that, by scanning the
page texts, so a weak retriever cannot make an answered question look unanswered.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

from assistant.figures import split_sentences
from assistant.drafting.questions import CiteFn, default_cite
from assistant.drafting.row_cap import cap_table_rows
from assistant.types import Citation, DraftQuestion, Figure, Hit
from assistant.drafting.checklist_items import ITEMS, Aspect, figure_evidence
from ingest.types import Chunk

SearchFn = Callable[[str, int], list[Hit]]
STATUS_DE = {"covered": "beantwortet", "partial": "teilweise beantwortet", "missing": "nicht beantwortet"}


@dataclass
class ChecklistItem:
    """One A question with its status, the passages that answer it and what is still open."""

    id: str  # "A1" … "A6"
    question: str
    status: str  # "covered" | "partial" | "missing"
    citations: list[Citation] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)  # German names of unanswered aspects
    ask: str = ""  # the question to put to the management if not covered

    def to_json(self) -> dict:
        return {"id": self.id, "question": self.question, "status": self.status,
                "citations": [c.to_json() for c in self.citations]}


def build_checklist(
    pages: list[tuple[int, str]],
    figures: list[Figure],
    doc_id: str,
    filename: str,
    search: SearchFn | None = None,
    cite: CiteFn | None = None,
) -> list[ChecklistItem]:
    """Check A1–A6 against one document (its pages and extracted figures)."""
    resolve = cite or default_cite({doc_id: filename})
    figures = cap_table_rows(figures)[0]  # a hostile table must not make the checks take minutes
    finder = _Finder(pages, doc_id, search)
    return [_check(item, figures, finder, resolve) for item in ITEMS]


def _check(item, figures: list[Figure], finder: "_Finder", cite: CiteFn) -> ChecklistItem:
    citations: list[Citation] = []
    open_aspects: list[Aspect] = []
    for aspect in item.aspects:
        found = figure_evidence(aspect, figures) or finder.find(aspect)
        if found is None:
            open_aspects.append(aspect)
            continue
        page, quote = found
        if any(c.page_start == page and c.quote == quote for c in citations):
            continue
        citation = cite(finder.doc_id, page, quote)
        if citation is not None:
            citation.marker = f"S{len(citations) + 1}"
            citations.append(citation)
    answered = len(item.aspects) - len(open_aspects)
    status = "covered" if not open_aspects else ("partial" if answered else "missing")
    ask = item.question if status == "missing" else " ".join(a.ask for a in open_aspects)
    return ChecklistItem(item.id, item.question, status, citations, [a.name for a in open_aspects], ask)


class _Finder:
    """Finds a passage for an aspect: retriever hits first, then a scan of all sentences."""

    def __init__(self, pages: list[tuple[int, str]], doc_id: str, search: SearchFn | None) -> None:
        self.doc_id = doc_id
        self.search = search
        self.sentences = [(number, s) for number, text in pages for s in split_sentences(text)]

    def find(self, aspect: Aspect) -> tuple[int, str] | None:
        if self.search is not None:
            for hit in self.search(aspect.query, 8):
                if hit.chunk.doc_id != self.doc_id:
                    continue
                quote = _matching_sentence(hit.chunk.text, aspect.pattern)
                if quote:
                    return hit.chunk.page_start, quote
        for page, sentence in self.sentences:
            if aspect.pattern.search(sentence):
                return page, sentence
        return None


def _matching_sentence(text: str, pattern: re.Pattern[str]) -> str:
    return next((s for s in split_sentences(text) if pattern.search(s)), "")


def page_search(pages: list[tuple[int, str]], doc_id: str, filename: str) -> SearchFn:
    """Keyword search over page paragraphs, for use without an index (tests, first start).

    Hits carry synthetic chunks (``chunk_id`` ""), one per paragraph, scored by how many query
    words (compared by their first six letters, a crude German stemming) they contain.
    """
    paragraphs = [(number, p.strip()) for number, text in pages for p in re.split(r"\n\s*\n", text) if p.strip()]

    def search(query: str, k: int) -> list[Hit]:
        stems = {w.lower()[:6] for w in re.findall(r"[\wäöüß]{4,}", query)}
        scored = []
        for number, para in paragraphs:
            words = {w.lower()[:6] for w in re.findall(r"[\wäöüß]{4,}", para)}
            score = len(stems & words)
            if score:
                chunk = Chunk(chunk_id="", doc_id=doc_id, text=para, char_start=0, char_end=len(para),
                              page_start=number, page_end=number, filename=filename)
                scored.append(Hit(chunk, float(score)))
        return sorted(scored, key=lambda h: -h.score)[:k]

    return search


def checklist_questions(items: list[ChecklistItem]) -> list[DraftQuestion]:
    """A questions to ask where the draft leaves a DGB question open (partial or missing)."""
    questions = []
    for item in items:
        if item.status == "covered":
            continue
        reason = (f"DGB-Frage {item.id} ist im Entwurf {STATUS_DE[item.status]}"
                  + (f"; es fehlen Angaben zu: {', '.join(item.missing)}." if item.status == "partial" else "."))
        questions.append(DraftQuestion(kind="A", topic="Fragen im Vorfeld", text=item.ask, rationale=reason,
                                       citations=list(item.citations),
                                       weight=30.0 if item.status == "missing" else 20.0))
    return questions
