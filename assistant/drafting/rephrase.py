"""Optional LLM rephrasing of drafted questions, accepted only when a code check can vouch for it.

The deterministic template is the default text. A rephrasing replaces it only if it passes
(1) the fact guard — every number (by value and count), instrument and citation marker kept, none
added — and (2) a plausibility check of its German: every content word (noun) of the template
kept, no new nouns (a small model invents "die Erreichung des Beirats"), one or more complete
questions ending in "?", balanced quotes and brackets, no word repeated back to back, no English.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable

from assistant.domain.instruments import mentioned_codes
from assistant.text.numbers import find_numbers
from assistant.types import DraftQuestion

RephraseFn = Callable[[str], str]
MARKER = re.compile(r"\[S\d+\]")
PROMPT_NAME = "rephrase_question"
_QUOTED = re.compile(r"„[^“]*“")
_NOUN = re.compile(r"(?<![\wÄÖÜäöüß§-])([A-ZÄÖÜ][a-zäöüß]+(?:-[A-ZÄÖÜa-zäöüß]+)*)")
_STEM = 5  # nouns compared by their first letters: "Leistungsberechtigten" = "Leistungsberechtigte"
_ENGLISH = re.compile(r"\b(?:the|and|of|with|which|what|how|why|does|should|is|are)\b", re.IGNORECASE)
_REPEAT = re.compile(r"\b(\w+)\s+\1\b", re.IGNORECASE)
_SENTENCE_START = re.compile(r"(?:^|[.?!:]\s+|„)([A-ZÄÖÜ][a-zäöüß]+)")


def _number_counts(text: str) -> Counter:
    return Counter(round(n.value, 6) for n in find_numbers(MARKER.sub(" ", text)))


def keeps_facts(original: str, text: str) -> bool:
    """Every number, instrument and citation marker of ``original`` kept, and none added."""
    if Counter(MARKER.findall(text)) != Counter(MARKER.findall(original)):
        return False
    if _number_counts(text) != _number_counts(original):
        return False
    return mentioned_codes(MARKER.sub(" ", text)) == mentioned_codes(MARKER.sub(" ", original))


def _nouns(text: str) -> set[str]:
    """Capitalised words except sentence-initial ones and quoted passages (kept verbatim anyway)."""
    text = _QUOTED.sub(" ", MARKER.sub(" ", text))
    starts = {m.start(1) for m in _SENTENCE_START.finditer(text)}
    return {m.group(1)[:_STEM].lower() for m in _NOUN.finditer(text) if m.start(1) not in starts}


def reads_as_german(original: str, text: str) -> bool:
    """The code-checkable part of "grammatical German with the template's meaning"."""
    if not text.endswith("?") or text.count("„") != text.count("“") or text.count("(") != text.count(")"):
        return False
    if _ENGLISH.search(text) or _REPEAT.search(MARKER.sub(" ", text)):
        return False
    for quote in _QUOTED.findall(original):  # a quote from the document stays verbatim
        if quote not in text:
            return False
    before, after = _nouns(original), _nouns(text)
    return after <= before and len(before - after) <= max(1, len(before) // 5)


def accept_rephrasing(original: DraftQuestion, rephrased_text: str) -> bool:
    text = (rephrased_text or "").strip()
    if not text or "⟦" in text or len(text) > 2 * len(original.text) + 80:
        return False
    return keeps_facts(original.text, text) and reads_as_german(original.text, text)


def rephrase_prompt(question: DraftQuestion) -> str:
    """The German rephrasing prompt for one question (``prompts/rephrase_question.txt``)."""
    from assistant.llm.prompts import TEMPLATE_VARIABLES, load_prompt, register

    if PROMPT_NAME not in TEMPLATE_VARIABLES:  # declared once; re-registering would empty the cache
        register(PROMPT_NAME, {"question"})
    return load_prompt(PROMPT_NAME).render(question=question.text)


def rephrase_questions(questions: list[DraftQuestion], rephrase: RephraseFn | None = None) -> list[DraftQuestion]:
    """Let an LLM smooth the wording; keep the template text whenever a check rejects it."""
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
