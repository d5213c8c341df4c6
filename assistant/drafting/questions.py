"""B questions ("Nachfragen zum Entwurf") for the Beirat, drafted from figures and text.

Rules (``change_questions``, ``money``, ``groups``, ``text_rules``) produce drafts with evidence;
here the evidence is resolved to citations by a caller-supplied ``cite`` function (the real one
finds the indexed chunk that contains the quote), drafts are ranked by weight and duplicates
dropped.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from assistant.drafting.base import Context, Draft, Evidence
from assistant.drafting.change_questions import change_drafts
from assistant.drafting.groups import group_drafts
from assistant.drafting.money import money_drafts
from assistant.drafting.row_cap import cap_table_rows
from assistant.drafting.text_rules import text_drafts
from assistant.types import Citation, DraftQuestion, Figure

CiteFn = Callable[[str, int, str], "Citation | None"]
_PLACEHOLDER = re.compile(r"\s?⟦(\d+)⟧")
MIN_FIGURES_FOR_TEXT = 3  # text rules only make sense for an actual programme


def draft_questions(pages: list[tuple[int, str]], figures: list[Figure], doc_id: str, filename: str,
                    compare_figures: list[Figure] | None = None, cite: CiteFn | None = None,
                    limit: int = 20) -> list[DraftQuestion]:
    """Ranked B questions for one document, optionally compared with last year's figures.

    ``cite(doc_id, page, quote)`` returns the Citation of the indexed passage containing ``quote``
    or ``None``; by default citations are built from the evidence itself with an empty chunk id.
    Only the first rows of a very long table are considered (``row_cap``; the pack shows the note).
    """
    figures = cap_table_rows(figures)[0]
    ctx = Context(doc_id, filename, figures, pages, previous=list(compare_figures or []))
    drafts = change_drafts(ctx) + money_drafts(ctx) + group_drafts(ctx)
    if len(figures) >= MIN_FIGURES_FOR_TEXT:
        drafts += text_drafts(ctx)
    resolve = cite or default_cite(_filenames(figures, compare_figures or [], doc_id, filename))
    questions, seen_keys, subjects = [], set(), set()
    for draft in sorted(drafts, key=lambda d: -d.weight):
        # A draft's first passage is its subject; later ones are context ("… des Eingliederungsbudgets
        # von …") and must not suppress the question about that row itself.
        first = draft.evidence[0] if draft.evidence else None
        subject = (first.doc_id, first.page, first.quote) if first else None
        if draft.key in seen_keys or subject in subjects:
            continue  # a duplicate, or about a passage a stronger question is already about
        question = finalize(draft, resolve, ctx.verbatim)
        if question is not None:
            seen_keys.add(draft.key)
            subjects.add(subject)
            questions.append(question)
    return questions[:limit]


def _filenames(figures: list[Figure], previous: list[Figure], doc_id: str, filename: str) -> dict[str, str]:
    names = {f.doc_id: f.filename for f in [*figures, *previous]}
    names[doc_id] = filename
    return names


def default_cite(filenames: dict[str, str]) -> CiteFn:
    """A resolver that trusts the evidence: page and quote as found, no chunk id (for tests)."""

    def cite(doc_id: str, page: int, quote: str) -> Citation | None:
        return Citation(marker="", chunk_id="", doc_id=doc_id, filename=filenames.get(doc_id, ""),
                        page_start=page, page_end=page, quote=quote, verified=True)

    return cite


def finalize(draft: Draft, cite: CiteFn, verbatim: Callable[[Evidence], list[str]] | None = None
             ) -> DraftQuestion | None:
    """Resolve evidence to citations and placeholders to markers ``[S1]`` …; ``None`` if nothing resolves.

    A passage not found as quoted is tried with its fallback (a table row's label) and with a
    run of its words printed verbatim on its page (``verbatim``)."""
    citations: list[Citation] = []
    markers: dict[int, str] = {}
    known: dict[tuple[str, int, str], str] = {}
    for k, ev in enumerate(draft.evidence):
        key = (ev.doc_id, ev.page, ev.quote)
        if key in known:  # the same passage twice gets one marker
            markers[k] = known[key]
            continue
        citation = cite(ev.doc_id, ev.page, ev.quote)
        for other in [ev.fallback, *(verbatim(ev) if verbatim else [])]:
            if citation is None and other:
                citation = cite(ev.doc_id, ev.page, other)
        if citation is None:
            continue
        citation.marker = f"S{len(citations) + 1}"
        citations.append(citation)
        markers[k] = known[key] = citation.marker
    if not citations:
        return None
    text = _PLACEHOLDER.sub(lambda m: f" [{markers[int(m.group(1))]}]" if int(m.group(1)) in markers else "",
                            draft.text)
    text = re.sub(r"(\[S\d+\]) (?=\[S\d+\])", r"\1", text)
    return DraftQuestion(kind="B", topic=draft.topic, text=text, rationale=draft.rationale,
                         citations=citations, weight=draft.weight)
