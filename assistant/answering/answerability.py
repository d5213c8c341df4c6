"""Answerability, decided once in code for every backend: may the unit found best answer
the question? A model's text never overrules a "no" here (``answer_question`` refuses
before any model is asked).

- An instrument or budget line the question names (lexicon code: "FbW", "EGT") must be
  named in the unit or its context when that names instruments at all: "Freie Förderung"
  does not answer a question about "Förderung der beruflichen Weiterbildung", although both
  share "Förderung".
- The asked quantity must match the value's unit: money is not a count of entries, a count
  is not a share; and what "Wie viele …" counts must be named in the unit or its context.
- A table row answers a question about a year only when its columns name that year; when
  the table model holds the asked row but no cell for the asked period or unit
  (``table_gap``), a text unit must state that year itself.
"""

from __future__ import annotations

import re

from assistant.answering.evidence import Evidence
from assistant.answering.question import Question
from assistant.domain.instruments import find_mentions
from assistant.text.numbers import YEAR, find_numbers
from assistant.text.tokens import tokenize

_MONEY = re.compile(r"€|\bEUR\b|\bEuro\b|\bT€|\bTEUR\b|Mio\.|Tsd\.", re.IGNORECASE)
_NUMBER_WORD = re.compile(r"\b(?:keine?|eins|zwei|drei|vier|fünf|sechs|sieben|acht|neun|zehn|elf|zwölf|"
                          r"\w+zehn|\w+zig|hundert|tausend|Hälfte|Drittel|Viertel|doppelt)\b", re.IGNORECASE)


def answerable(q: Question, unit: Evidence, from_table: bool, table_gap: bool = False) -> bool:
    """Does ``unit`` answer ``q`` (see module docstring)?"""
    context = unit.context
    if q.instruments:
        named = {code for code, _, _ in find_mentions(context, ("instrument", "budget"))}
        # A unit about other instruments (or a row, which is always about its label) answers
        # only when it names one the question names; a sentence naming none may still answer.
        if (named or from_table) and not named & q.instruments:
            return False
    if q.kind == "number" and not q.asks_time and not _quantity_fits(q, unit.own, context, from_table):
        return False
    if q.kind == "number" and not q.asks_time and not _has_figure(q, unit):
        return False  # "Wie viele …?" is not answered by a sentence without a figure
    if q.kind == "number" and q.counted and not from_table and not _names_counted(q.counted, unit.own):
        # "Wie viele Eintritte …": a sentence counting something else does not answer, even
        # under a heading that names it (a row's values are counts by its columns, see above).
        return False
    if q.years and (from_table or table_gap) and YEAR.search(context) and not any(y in context for y in q.years):
        return False  # the row's columns (or the sentence) name other years than the asked one
    return True


def _has_figure(q: Question, unit: Evidence) -> bool:
    """A figure (or number word) in the unit's content other than the question's own numbers
    (its year): a section's heading ("Tabelle 1: Eintrittsplanung 2022") states none."""
    content = unit.own.split("\n", 1)[-1] if unit.kind == "section" else unit.own
    asked = {round(v, 6) for v in q.numbers}
    return any(round(n.value, 6) not in asked for n in find_numbers(content)) or bool(_NUMBER_WORD.search(content))


def _quantity_fits(q: Question, own: str, context: str, from_table: bool) -> bool:
    if q.quantity == "EUR":
        # A row's unit is in its header or caption; a sentence states it beside the number.
        return bool(_MONEY.search(context if from_table else own))
    if q.quantity == "" and from_table:
        # A count asked: a row whose values are money or percentages does not answer it.
        return not _MONEY.search(context) and not all(n.unit for n in find_numbers(own))
    return True


def _names_counted(counted: tuple[str, ...], context: str) -> bool:
    """Does the unit name what is counted? Compounds count ("Eintritte" in "Eintrittsplanung")."""
    words = set(tokenize(context))
    return all(any(stem in word for word in words) for stem in counted)
