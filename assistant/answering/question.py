"""The question, read once at the entry and handed down every answering stage.

``Assistant.ask`` builds one ``Question``; retrieval filtering, relevance, unit scoring,
the citation check and the answerability decision all read it instead of tokenizing and
re-parsing the raw text again. The question *type* comes from German question grammar
(interrogative word, verb-first), not from topic word lists, so it holds on unseen AMIPs.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from assistant.answering.places import named_documents, named_places
from assistant.domain.glossary import Group, expansions, matched_groups
from assistant.domain.instruments import find_mentions
from assistant.text.numbers import YEAR, number_values
from assistant.text.tokens import tokenize

KINDS = ("number", "list", "reason", "yesno", "other")

# "Wie viele …", "Um wie viel Prozent …": a figure is asked for.
_NUMBER = re.compile(r"\bwie\s+(?:viel|viele|vielen|hoch|groß|lange|stark)\b", re.IGNORECASE)
# "Welcher Betrag …", "Welche Integrationsquote …", "Welchen Frauenanteil …": the asked noun
# (or the one after an adjective) is itself a quantity.
_WHICH_NOUN = re.compile(r"^\W*(?:\w+\s+)?welche[rnms]?\s+(\w+)(?:\s+(\w+))?", re.IGNORECASE)
_QUANTITY_HEAD = re.compile(
    r"(?:anteil|quote|betrag|budget|summe|schlüssel|wachstum|wert|werte|zahl|höhe|umfang)$", re.IGNORECASE
)
# "Wie viele Langzeitarbeitslose …", "Wie viele erwerbsfähige Leistungsberechtigte …": the noun counted.
_COUNTED = re.compile(r"\b(?i:wie\s+viele)\s+(?:[a-zäöüß]\w*\s+)?([A-ZÄÖÜ][\wäöüß-]+)")
_ANYONE = re.compile(r"Menschen|Personen|Leute")
# "… in der IT-Abteilung", "… bei den Trägern": a noun after a preposition narrows what is asked.
_RESTRICTION = re.compile(r"\b(?i:in|im|bei|beim|für|aus|von|vom|an|am|unter|nach)\s+"
                          r"(?:(?i:der|dem|den|die|das|des)\s+)?([A-ZÄÖÜ][\wäöüß-]+)\b(?!\s+\d)")
# "im Jahr 2024", "im Vorjahr": a time frame, checked as a period, not as a restriction.
_TIME_FRAME = re.compile(r"(?:Vor|Halb|Kalender|Haushalts)?[Jj]ahr\w*|Monat\w*|Quartal\w*|Zeitraum|\w*[Dd]urchschnitt")
_REASON = re.compile(r"^\W*(?:warum|weshalb|wieso|weswegen|woran|aus welchem grund)\b", re.IGNORECASE)
_LIST = re.compile(r"^\W*(?:wer|welche|aus welchen|mit welchen|in welchen)\b", re.IGNORECASE)
# German yes/no questions put the finite verb first ("Ist …", "Können …", "Gibt es …").
_WH = re.compile(r"^\W*(?:w\w*|aus|mit|in|um|bei|an|auf|für|von|zu|seit|bis)\b", re.IGNORECASE)
# "Wann …?", "Bis wann …?", "In welchem Jahr …?": a time is asked for.
_ASKS_TIME = re.compile(r"^\W*(?:(?:seit|bis|ab)\s+)?wann\b|\b(?:in|ab|bis|seit|zu)\s+welche[mr]\s+"
                        r"(?:Jahr|Monat|Zeitpunkt)\b", re.IGNORECASE)


@dataclass(frozen=True)
class Question:
    """What the question asks, computed once."""

    text: str
    kind: str  # one of KINDS
    stems: tuple[str, ...]  # stemmed content words, each once, in order
    numbers: frozenset[float]  # figures the question itself states (never "the answer")
    years: frozenset[str]
    nouns: frozenset[str] = frozenset()  # stems of the capitalised words after the first: the topic
    places: tuple[str, ...] = field(default=())
    asks_time: bool = False  # the answer is a year or date, not an amount
    role: str | None = None  # the asked column role: "target" | "plan" | "actual" | "forecast" | None
    quantity: str | None = None  # the asked unit: "EUR" (money) | "" (a count) | "%" | None
    change: str | None = None  # a list of rows asked by direction: "cut" | "rise" | None
    instruments: frozenset[str] = frozenset()  # lexicon codes the question names ("FbW")
    tokens: tuple[str, ...] = ()  # the tokenizer's output in order, repeats kept (BM25)
    expansions: tuple[str, ...] = ()  # glossary forms of what it names that it does not use
    groups: tuple[Group, ...] = field(default=(), compare=False, repr=False)  # glossary groups named
    named_files: frozenset[str] = frozenset()  # the workspace's file names it names ("Kaiserslautern")
    counted: tuple[str, ...] = ()  # stems of what "Wie viele …" counts ("Langzeitarbeitslose")
    restrictions: tuple[str, ...] = ()  # stems of nouns after a preposition ("in der Poststelle")
    # share(stem): the share of the workspace's chunks containing a stem (None: unknown).
    share: Callable[[str], float] | None = field(default=None, compare=False, repr=False)

    def is_common(self, stem: str) -> bool:
        """Is ``stem`` in at least ``COMMON_SHARE`` of the workspace's chunks?"""
        return self.share is not None and self.share(stem) >= COMMON_SHARE

    @property
    def common(self) -> frozenset[str]:
        """The question's stems the workspace uses almost everywhere ("Jobcenter" in an
        AMIP): they never make a passage relevant by themselves."""
        return frozenset(s for s in self.stems if self.is_common(s))


# A stem in at least this share of the workspace's chunks is common (fitted on the dev set:
# 0.2-0.35 give the same answers; "Jobcenter" is in 40 % of the dev corpus's chunks).
COMMON_SHARE = 0.3


def analyse(question: str, share: Callable[[str], float] | None = None,
            filenames: Sequence[str] = ()) -> Question:
    """The one analysis of ``question`` (type, terms, stated numbers and years, places, the
    asked role/period/unit, instruments, glossary forms, the documents it names); ``share(stem)``
    is the share of the workspace's chunks containing a stem, ``filenames`` its documents.
    Retrieval and answering read the result and never tokenize the question again."""
    text = question.strip()
    tokens = tuple(tokenize(text))
    stems = tuple(dict.fromkeys(tokens))
    groups = matched_groups(text, list(tokens))
    # File names split at hyphens ("ilm-kreis"): so is the question for comparing with them.
    hyphen_split = set(tokenize(text.replace("-", " "))) if "-" in text else set(tokens)
    return Question(
        text=text,
        tokens=tokens,
        expansions=tuple(expansions(text, list(tokens), groups)),
        groups=tuple(groups),
        named_files=frozenset(named_documents(text, list(filenames), hyphen_split)),
        kind=question_kind(text),
        asks_time=bool(_ASKS_TIME.search(text)),
        stems=stems,
        numbers=frozenset(number_values(text)),
        years=frozenset(YEAR.findall(text)),
        places=tuple(named_places(text)),
        nouns=frozenset(_noun_stems(text)),
        counted=_counted(text),
        restrictions=tuple(s for m in _RESTRICTION.finditer(text) if not _TIME_FRAME.fullmatch(m.group(1))
                           for s in tokenize(m.group(1))),
        role=asked_role(text),
        quantity=asked_quantity(text),
        change=asked_change(text),
        instruments=frozenset(code for code, _, _ in find_mentions(text, ("instrument", "budget"))),
        share=share,
    )


# What a table column holds, as a question words it ("sind 2024 geplant", "gab es 2023").
_ROLE_WORDS = (
    ("target", re.compile(r"\b(?:ziel|ziele|zielwert\w*|zielgröße\w*|angestrebt\w*|anstreben|strebt|"
                          r"anvisiert\w*)\b", re.IGNORECASE)),
    ("forecast", re.compile(r"\b(?:erwartet\w*|hochrechnung|prognos\w*|voraussichtlich)\b", re.IGNORECASE)),
    ("plan", re.compile(r"\b(?:geplant|plan\w*|vorgesehen|soll|eingeplant|ansatz|veranschlagt)\b", re.IGNORECASE)),
    ("actual", re.compile(r"\b(?:gab es|tatsächlich\w*|erreicht|realisiert|ist-\w+|ist-?werte?)\b", re.IGNORECASE)),
)
_MONEY = re.compile(r"\b(?:geld|euro|eur|mittel|betrag|beträge|ansatz|kosten|ausgaben|finanz\w*|budget|"
                    r"eingliederungsbudget|verwaltungsbudget|gesamtbudget|haushalt|etat)\b|€"
                    r"|\bwie viel\b(?!e)|\bgibt\b.*\baus\b", re.IGNORECASE)
_SHARE = re.compile(r"\b(?:anteil\w*|\w*quote|prozent)\b|%", re.IGNORECASE)
_COUNT = re.compile(r"\bwie viele\b|\b(?:eintritt\w*|teilnehm\w*|plätze|personen|fälle)\b", re.IGNORECASE)
_CUT = re.compile(r"\b(?:gekürzt|weniger|reduziert|verringert|abgebaut|zurückgefahren)\b", re.IGNORECASE)
# "Welche …", "Bei welchen …" (plural: several rows; "Mit welcher Maßnahme" asks for one).
_WHICH = re.compile(r"^\W*(?:\w+\s+)?welchen?\b", re.IGNORECASE)
_RISE = re.compile(r"\b(?:ausgeweitet|mehr|erhöht|ausgebaut|aufgestockt)\b", re.IGNORECASE)


def asked_role(text: str) -> str | None:
    """Which column the question asks for: a plan, an actual value or a forecast."""
    return next((role for role, pattern in _ROLE_WORDS if pattern.search(text)), None)


def asked_quantity(text: str) -> str | None:
    """The unit of the asked value: money "EUR", a share "%", a count "" (None: not said)."""
    if _SHARE.search(text):
        return "%"
    if _MONEY.search(text):
        return "EUR"
    return "" if _COUNT.search(text) else None


def asked_change(text: str) -> str | None:
    """"Welche … werden gekürzt/ausgeweitet?": rows selected by the direction of change."""
    if not _WHICH.search(text):
        return None
    if _CUT.search(text):
        return "cut"
    return "rise" if _RISE.search(text) else None


def _counted(text: str) -> tuple[str, ...]:
    """What "Wie viele …" counts; "Menschen"/"Personen" count anyone, the group that is
    meant is named elsewhere ("… als erwerbsfähige Leistungsberechtigte")."""
    match = _COUNTED.search(text)
    if match is None or _ANYONE.fullmatch(match.group(1)):
        return ()
    return tuple(tokenize(match.group(1)))


def _noun_stems(text: str) -> list[str]:
    """German capitalises nouns: the capitalised words after the first carry the topic
    ("Wie viele Dienstwagen besitzt das Jobcenter?" → dienstwag, jobcent)."""
    words = re.findall(r"[\wÄÖÜäöüß§-]+", text)[1:]
    return [s for w in words if w[:1].isupper() for s in tokenize(w)]


def question_kind(text: str) -> str:
    """``number`` | ``list`` | ``reason`` | ``yesno`` | ``other`` from the question's grammar."""
    if _REASON.search(text):
        return "reason"
    if _NUMBER.search(text):
        return "number"
    which = _WHICH_NOUN.search(text)
    if which and any(w and _QUANTITY_HEAD.search(w) for w in which.groups()):
        return "number"
    if _LIST.search(text):
        return "list"
    if not _WH.search(text):
        return "yesno"
    return "other"
