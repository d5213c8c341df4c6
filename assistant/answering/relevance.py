"""Does a passage (or sentence) talk about what the question asks? Keyword evidence, stemmed.

Used to decide "not in the documents" and to rank sentences for the extractive backend.
Terms are weighted by how rare they are among the retrieved passages' sentences, so
"Jobcenter" (everywhere) counts less than "Arbeitsgelegenheiten". German compounds are
matched by containment ("frauenanteil" ⊃ "frau"), and glossary forms count as the term.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Set
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING

from assistant.text.numbers import YEAR
from assistant.text.tokens import name_tokens, tokenize

if TYPE_CHECKING:
    from assistant.answering.question import Question

# Words of the question's frame rather than its topic, each kept because switching it off
# changes dev answers (ablation): the measure of a number question ("Prozent", planned
# "Eintritte") and the set phrase "zur Verfügung stehen" (its verb weighed as much as
# "Eingliederungsleistungen"). Words common in the workspace come from corpus statistics
# instead (``Question.common``).
_GENERIC = frozenset(tokenize("Prozent geplant Planung Plan Eintritte steht stehen Verfügung verfügbar"))
_MIN_COMPOUND = 4


@lru_cache(maxsize=4096)
def stems_of(text: str) -> frozenset[str]:
    """The stems of a passage or unit text. One ask weighs, scores and checks the same units
    dozens of times (tokenizing took a third of an answer's time), and the next question
    reads the same passages: tokenizing is pure, so each text is tokenized once."""
    return frozenset(tokenize(text))


def match_strength(term: str, stems: Set[str]) -> float:
    """How well ``stems`` (of a text) contain the question stem ``term``, from 0 to 1.

    Same stem: 1. German compounds keep their meaning in the head (last part): a text
    compound ending in the term ("frauenanteil" for "anteil") or the term's own head
    ("anteil" for "frauenanteil") count 0.7; a term that is only a modifier in the text
    ("eingliederungsmittel" in "eingliederungsmittelverordnung") counts 0.3.
    """
    if term in stems:
        return 1.0
    if len(term) < _MIN_COMPOUND:
        return 0.0
    best = 0.0
    for s in stems:
        if len(s) > len(term) and term in s:
            best = max(best, 0.7 if s.endswith(term) else 0.3)
        elif len(s) > _MIN_COMPOUND and term.endswith(s):
            best = max(best, 0.7)
        if best == 0.7:
            break
    return best


@dataclass
class QuestionTerms:
    """The question's content stems with weights, plus glossary alternatives per stem."""

    stems: list[str]
    weights: dict[str, float]
    # stem → other glossary forms (each a tuple of stems that must all occur)
    alternatives: dict[str, list[tuple[str, ...]]]
    subject: frozenset[str] = frozenset()  # stems of the documents' names
    common: frozenset[str] = frozenset()  # stems common in the workspace (Question.common)

    @property
    def total(self) -> float:
        return sum(self.weights.values()) or 1.0

    def _strength(self, term: str, stems: Set[str]) -> float:
        strength = match_strength(term, stems)
        if 0 < strength < 1 and self._in_asked_compound(term, stems):
            return 1.0
        for alt in self.alternatives.get(term, ()):
            if strength == 1.0:
                break
            # Another glossary form counts a little less than the asked word itself.
            strength = max(strength, 0.9 * min(match_strength(a, stems) for a in alt))
        return strength

    def _in_asked_compound(self, term: str, stems: Set[str]) -> bool:
        """"Stellenbesetzung" for "eine Stelle besetzen", "Frauenanteil" for "Anteil der
        Frauen": a compound of two question terms (with a linking "s"/"en") is the asked phrase."""
        for other in self.weights:
            if other == term or len(other) < _MIN_COMPOUND:
                continue
            for first, last in ((term, other), (other, term)):
                if any(s.startswith(first) and s.endswith(last) and 0 <= len(s) - len(first) - len(last) <= 2
                       for s in stems):
                    return True
        return False

    def strength(self, term: str, text: str) -> float:
        """How well ``text`` contains question term ``term`` (glossary forms included)."""
        return self._strength(term, stems_of(text))

    def specific(self) -> list[str]:
        """Question terms that can make a passage relevant (not generic words, not years, not
        the documents' own names)."""
        return [t for t in self.weights
                if t not in _GENERIC and t not in self.common and t not in self.subject and not YEAR.fullmatch(t)]

    def coverage(self, text: str) -> float:
        """Weighted share of the question's terms found in ``text`` (0..1)."""
        stems = stems_of(text)
        got = sum(weight * self._strength(term, stems) for term, weight in self.weights.items())
        return got / self.total

    def specific_hits(self, text: str) -> int:
        """How many non-generic question terms occur in ``text`` (glossary forms included)."""
        stems = stems_of(text)
        return sum(1 for t in self.specific() if self._strength(t, stems) > 0)


def question_terms(question: Question | str, texts: list[str], subject: str = "") -> QuestionTerms:
    """Weights from sentence-level document frequency over ``texts`` (the retrieved passages).

    ``subject`` names the documents (file names): a question's "im Ilm-Kreis" or "2024" is
    what the whole document is about, so it must not pick one sentence over another.
    """
    if isinstance(question, str):
        from assistant.answering.question import analyse

        question = analyse(question)
    subject_stems = _subject_stems(subject)
    stems = _without_joined(list(question.stems))
    units = [stems_of(t) for t in texts] or [frozenset()]
    weights: dict[str, float] = {}
    for stem in stems:
        df = sum(1 for u in units if match_strength(stem, u) > 0)
        idf = math.log(1.0 + len(units) / (1.0 + df))
        # Years and generic words help to pick the right sentence but never make a passage relevant.
        generic = stem in _GENERIC or question.is_common(stem) or stem in subject_stems
        weights[stem] = idf * (0.3 if generic else 0.6 if YEAR.fullmatch(stem) else 1.0)
    alternatives: dict[str, list[tuple[str, ...]]] = {}
    for group in question.groups:
        forms = [tuple(tokenize(term)) for term in group.terms]
        for stem in stems:
            if any(stem in form for form in forms):
                alternatives.setdefault(stem, []).extend(f for f in forms if f and stem not in f)
    return QuestionTerms(stems, weights, alternatives, frozenset(subject_stems), question.common)


def subject_of(filenames: Iterable[str]) -> str:
    """The ``subject`` for ``question_terms``: the retrieved documents' file names, each once."""
    return " ".join(dict.fromkeys(filenames))


def _subject_stems(subject: str) -> set[str]:
    """Stems of the file names, with neighbours joined as the tokenizer joins "Ilm-Kreis"."""
    words = name_tokens(subject)
    joined = {"".join(words[i:j]) for i in range(len(words)) for j in range(i + 2, min(i + 4, len(words) + 1))}
    return set(words) | joined


def _without_joined(stems: list[str]) -> list[str]:
    """Drop the joined form of a hyphenated word ("ilmkreis" next to "ilm", "kreis"): the
    user typed one word, which must not weigh three times."""
    return [s for i, s in enumerate(stems)
            if not any(s == "".join(stems[j:i]) for j in range(max(0, i - 4), i - 1))]
