"""Building blocks of question drafting: evidence, drafts and the document context.

A draft's text holds placeholders ``⟦0⟧``, ``⟦1⟧`` … for its evidence; they become citation
markers ``[S1]``, ``[S2]`` … only after the caller's resolver found each passage, so a text never
shows a marker whose passage could not be found.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from assistant.figures import split_sentences
from assistant.types import Figure

MAX_QUOTE = 240


@dataclass(frozen=True)
class Evidence:
    """A passage a question rests on: a figure's row or sentence, or a sentence of the text."""

    doc_id: str
    filename: str
    page: int
    quote: str
    fallback: str = ""  # a shorter quote to cite when ``quote`` is not in the index (a table row's label)
    around: str = ""  # the printed number the passage is about, to cite the words next to it

    @classmethod
    def of(cls, figure: Figure) -> Evidence:
        fallback = short_quote(figure.label) if figure.source == "table" else ""
        around = figure.values[0].printed if figure.values else ""
        return cls(figure.doc_id, figure.filename, figure.page, short_quote(figure.quote), fallback, around)


@dataclass
class Draft:
    """A question before citation resolution; ``key`` identifies duplicates."""

    topic: str
    key: str
    weight: float
    text: str  # with ⟦i⟧ placeholders for evidence[i]
    rationale: str
    evidence: list[Evidence] = field(default_factory=list)


@dataclass
class Context:
    """What the rules look at: this document's figures and sentences, optionally last year's figures."""

    doc_id: str
    filename: str
    figures: list[Figure]
    pages: list[tuple[int, str]]
    previous: list[Figure] = field(default_factory=list)
    _sentences: list[tuple[int, str]] | None = None

    @property
    def sentences(self) -> list[tuple[int, str]]:
        if self._sentences is None:
            self._sentences = [(number, s) for number, text in self.pages for s in split_sentences(text)]
        return self._sentences

    def find(self, pattern: re.Pattern[str]) -> list[tuple[int, str]]:
        """Sentences (page, text) matching ``pattern``, in document order."""
        return [(page, s) for page, s in self.sentences if pattern.search(s)]

    def verbatim(self, ev: Evidence, size: int = 8, limit: int = 6) -> list[str]:
        """Runs of the evidence's words printed verbatim on its page, nearest to its number first.

        A sentence joined over a hyphenated line break, or split over two chunks, is not verbatim
        in any one chunk; a shorter run of its words is."""
        flat = " ".join(next((text for number, text in self.pages if number == ev.page), "").split())
        words = ev.quote.split()
        at = next((i for i, w in enumerate(words) if ev.around and ev.around.split()[0] in w), 0)
        starts = sorted(range(max(1, len(words) - size + 1)), key=lambda i: abs(i + size // 2 - at))
        pieces = [" ".join(words[i: i + size]) for i in starts]
        return [p for p in pieces if p and p in flat][:limit]

    def evidence(self, page: int, sentence: str) -> Evidence:
        return Evidence(self.doc_id, self.filename, page, short_quote(sentence))

    def of_kind(self, *kinds: str, previous: bool = False) -> list[Figure]:
        return [f for f in (self.previous if previous else self.figures) if f.kind in kinds]

    def by_code(self, code: str, previous: bool = False) -> list[Figure]:
        return [f for f in (self.previous if previous else self.figures) if f.instrument == code]


def short_quote(text: str, limit: int = MAX_QUOTE) -> str:
    """A verbatim prefix of ``text`` cut at a word boundary (resolvers search for it as is)."""
    text = re.sub(r"\s+", " ", text).strip()
    if len(text) <= limit:
        return text
    cut = text[:limit]
    return cut[: cut.rfind(" ")] if " " in cut else cut


def enumerate_de(items: list[str]) -> str:
    """ "a", "a und b", "a, b und c"."""
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " und " + items[-1]
