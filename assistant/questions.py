"""B questions ("Nachfragen zum Entwurf") for the Beirat, drafted from figures and text.

Rules in ``question_figures``, ``question_budget`` and ``question_text`` produce drafts with
evidence; here the evidence is resolved to citations by a caller-supplied ``cite`` function
(the real one finds the indexed chunk that contains the quote), drafts are ranked by weight,
duplicates dropped, and an optional LLM rephrasing is accepted only if it keeps every number,
instrument and citation marker.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable

from assistant.domain.instruments import mentioned_codes
from assistant.text.numbers import find_numbers
from assistant.question_base import Context, Draft, Evidence
from assistant.question_budget import budget_drafts, target_drafts
from assistant.question_figures import instrument_drafts
from assistant.question_text import text_drafts
from assistant.types import Citation, DraftQuestion, Figure

CiteFn = Callable[[str, int, str], "Citation | None"]
RephraseFn = Callable[[str], str]
MARKER = re.compile(r"\[S\d+\]")
_PLACEHOLDER = re.compile(r"\s?⟦(\d+)⟧")
PROMPT_NAME = "rephrase_question"
MIN_FIGURES_FOR_TEXT = 3


def draft_questions(
    pages: list[tuple[int, str]],
    figures: list[Figure],
    doc_id: str,
    filename: str,
    compare_figures: list[Figure] | None = None,
    cite: CiteFn | None = None,
    limit: int = 20,
) -> list[DraftQuestion]:
    """Ranked B questions for one document, optionally compared with last year's figures.

    ``pages`` are ``(page number, text)``; ``compare_figures`` come from the previous year's AMIP
    of the same Jobcenter. ``cite(doc_id, page, quote)`` returns the Citation of the indexed passage
    containing ``quote`` (whitespace-normalised) or ``None``; by default citations are built from
    the evidence itself with an empty ``chunk_id``.
    """
    ctx = Context(doc_id, filename, figures, pages, previous=list(compare_figures or []))
    drafts = instrument_drafts(ctx) + budget_drafts(ctx) + target_drafts(ctx)
    if len(figures) >= MIN_FIGURES_FOR_TEXT:  # text rules only make sense for an actual programme
        drafts += text_drafts(ctx)
    resolve = cite or default_cite(_filenames(figures, compare_figures or [], doc_id, filename))
    questions, seen_keys, cited = [], set(), set()
    for draft in sorted(drafts, key=lambda d: -d.weight):
        passages = {(e.doc_id, e.page, e.quote) for e in draft.evidence}
        if draft.key in seen_keys or passages <= cited:
            continue  # a duplicate, or resting only on passages a stronger question already uses
        question = finalize(draft, resolve)
        if question is not None:
            seen_keys.add(draft.key)
            cited |= passages
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


def finalize(draft: Draft, cite: CiteFn) -> DraftQuestion | None:
    """Resolve evidence to citations and placeholders to markers ``[S1]`` …; ``None`` if nothing resolves."""
    citations: list[Citation] = []
    markers: dict[int, str] = {}
    known: dict[tuple[str, int, str], str] = {}
    for k, ev in enumerate(draft.evidence):
        key = (ev.doc_id, ev.page, ev.quote)
        if key in known:  # the same passage twice gets one marker
            markers[k] = known[key]
            continue
        citation = cite(ev.doc_id, ev.page, ev.quote)
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


# -- optional LLM rephrasing -----------------------------------------------------------------


def _number_counts(text: str) -> Counter:
    return Counter(round(n.value, 6) for n in find_numbers(MARKER.sub(" ", text)))


def accept_rephrasing(original: DraftQuestion, rephrased_text: str) -> bool:
    """Accept an LLM rephrasing only if it keeps every number, instrument and citation marker.

    Numbers are compared by value and count (``1.793.645`` must stay 1793645), instruments by their
    canonical code (``FbW`` may become "berufliche Weiterbildung"), markers literally. New numbers,
    instruments or markers are rejected too: they would be claims without a source.
    """
    text = (rephrased_text or "").strip()
    if not text or "⟦" in text or len(text) > 2 * len(original.text) + 80 or "?" not in text:
        return False
    if Counter(MARKER.findall(text)) != Counter(MARKER.findall(original.text)):
        return False
    if _number_counts(text) != _number_counts(original.text):
        return False
    return mentioned_codes(MARKER.sub(" ", text)) == mentioned_codes(MARKER.sub(" ", original.text))


def rephrase_prompt(question: DraftQuestion) -> str:
    """The German rephrasing prompt for one question (``prompts/rephrase_question.txt``)."""
    from assistant.llm.prompts import TEMPLATE_VARIABLES, load_prompt, register

    if PROMPT_NAME not in TEMPLATE_VARIABLES:  # declared once; re-registering would empty the cache
        register(PROMPT_NAME, {"question"})
    return load_prompt(PROMPT_NAME).render(question=question.text)


def rephrase_questions(questions: list[DraftQuestion], rephrase: RephraseFn | None = None) -> list[DraftQuestion]:
    """Let an LLM smooth the wording; keep the template text whenever the guard rejects it.

    ``rephrase(prompt) -> str`` gets the filled prompt and returns the model's reply. Without it
    (no LLM configured) the drafts are returned unchanged; they are complete German questions.
    """
    if rephrase is None:
        return questions
    result = []
    for q in questions:
        try:
            reply = _clean_reply(rephrase(rephrase_prompt(q)))
        except Exception:  # an LLM failure must never cost the user the drafted question
            reply = ""
        if accept_rephrasing(q, reply):
            q = DraftQuestion(q.kind, q.topic, reply, q.rationale, q.citations, q.weight)
        result.append(q)
    return result


def _clean_reply(reply: str) -> str:
    """Strip quotes and a leading label the model may add ("Umformulierte Frage: …")."""
    text = (reply or "").strip()
    text = re.sub(r"^(?:umformulierte frage|frage|antwort)\s*:\s*", "", text, flags=re.IGNORECASE)
    return text.strip().strip("\"„“”'").strip()


__all__ = ["CiteFn", "Evidence", "accept_rephrasing", "default_cite", "draft_questions", "finalize",
           "rephrase_prompt", "rephrase_questions"]
