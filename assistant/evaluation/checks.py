"""Per-answer checks of ``amip eval`` beyond right/wrong: question type, numbers shown without
a source, and how often the support check rejected a model proposal that was in fact right.

A gold item without ``answer`` groups (or with ``"unanswerable": true``) is a question the
documents cannot answer: it is right only when the assistant says so.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from assistant.answering.question import KINDS, analyse
from assistant.text.numbers import find_numbers, number_values
from assistant.text.units import MARKER
from assistant.types import Answer, Hit

TYPES = (*KINDS, "unanswerable")


def unanswerable(item: dict) -> bool:
    return bool(item.get("unanswerable")) or not item.get("answer")


def question_type(item: dict) -> str:
    """The type an item is reported under: its own ``type`` (generated questions), else the
    answering stage's own analysis, or unanswerable."""
    if item.get("type"):
        return str(item["type"])
    return "unanswerable" if unanswerable(item) else analyse(item["question"]).kind


def uncited_numbers(answer: Answer, hits: list[Hit]) -> list[str]:
    """Figures the answer shows that none of its cited passages prints (notes excluded)."""
    if not answer.answered:
        return []
    body = MARKER.sub(" ", answer.text.split("\n\nHinweis:")[0])
    cited = {c.chunk_id for c in answer.citations}
    # A cited chunk may not be among the retrieved hits (a list continued in the next chunk):
    # its quote is part of the citation itself.
    source = "\n".join([h.chunk.text for h in hits if h.chunk.chunk_id in cited] + [c.quote for c in answer.citations])
    available = number_values(source) | number_values(answer.question)
    # A table header's scale ("in T€", "Mio. €") applies to the row's cells.
    for word, factor in (("T€", 1e3), ("Tsd", 1e3), ("TEUR", 1e3), ("Tausend", 1e3), ("Mio", 1e6),
                         ("Million", 1e6)):
        if word in source:
            available |= {round(v * factor, 6) for v in available}
    return [n.raw for n in find_numbers(body) if round(n.value, 6) not in available]


@dataclass
class Tally:
    """Right answers per question type, numbers without source, and support-check outcomes."""

    right: dict[str, int] = field(default_factory=dict)
    total: dict[str, int] = field(default_factory=dict)
    uncited: list[str] = field(default_factory=list)  # item ids with a number absent from its sources
    rejected: int = 0  # model proposals the support check replaced
    rejected_wrong: int = 0  # ... that the gold set also judges wrong

    def add(self, item: dict, ok: bool, answer: Answer, hits: list[Hit], correct_text) -> None:
        kind = question_type(item)
        self.total[kind] = self.total.get(kind, 0) + 1
        self.right[kind] = self.right.get(kind, 0) + int(ok)
        if uncited_numbers(answer, hits):
            self.uncited.append(str(item.get("id", "")))
        if answer.rejected:
            self.rejected += 1
            self.rejected_wrong += int(not correct_text(answer.rejected))

    def report(self) -> dict:
        order = [*TYPES, *sorted(set(self.total) - set(TYPES))]
        by_type = {k: {"questions": self.total[k], "right": self.right[k],
                       "accuracy": round(self.right[k] / self.total[k], 4)}
                   for k in order if self.total.get(k)}
        precision = round(self.rejected_wrong / self.rejected, 4) if self.rejected else None
        return {"by_type": by_type, "numbers_without_source": self.uncited,
                "support_check": {"rejected": self.rejected, "precision": precision}}


def is_correct(item: dict, answer: Answer, matches) -> bool:
    """Right answer: the gold groups matched and none of the ``absent`` texts shown (an
    instrument that is not cut), or for an unanswerable item, no answer given."""
    if unanswerable(item):
        return not answer.answered
    if not answer.answered:
        return False
    body = answer.text.casefold()
    if any(a.casefold() in body for a in item.get("absent", [])):
        return False
    return matches(answer.text, item.get("answer", []))
