"""Questions a Beirat member would ask about a generated AMIP, with the answers its ground
truth gives: plan and previous-year figures per instrument, budget lines, cuts and rises,
reasons, yes/no questions, and questions the document cannot answer although they share
its words (an instrument it does not plan, money for a count, a year it does not cover).

Items are in the gold format of ``amip eval`` plus ``type`` (reported per type) and
``absent`` (texts a right answer must not contain, e.g. an instrument that is not cut)::

    python -m tests.amip_gen.questions --docs 12 --llm extractive   # what `make eval` runs
"""

from __future__ import annotations

import argparse
import json
import random
import re
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from .content import INSTRUMENTS
from .generator import Generated, generate
from .prose import FILLER
from .truth import DocTruth, TruthColumn, TruthRow, TruthTable

TYPES = ("plan", "previous", "budget", "total", "target", "change", "most", "share", "cut", "rise",
         "reason", "yesno", "unanswerable")

_PLAN = ("Wie viele Eintritte in {i} sind {y} geplant?",
         "Wie viele Eintritte sind für {i} im Jahr {y} vorgesehen?",
         "Wie viele Teilnehmende plant das Jobcenter {y} für {i}?")
_PREVIOUS = {"actual": ("Wie viele Eintritte in {i} gab es {y}?",
                        "Wie viele Eintritte in {i} wurden {y} tatsächlich erreicht?"),
             "forecast": ("Wie viele Eintritte in {i} werden für {y} erwartet?",),
             "plan": ("Wie viele Eintritte in {i} waren für {y} geplant?",)}
# Without a year the programme's year is meant ("Wie hoch ist das Budget für …?").
_BUDGET = ("Wie viel Geld ist {y} für {i} geplant?", "Wie hoch ist der Ansatz für {i} im Jahr {y}?",
           "Wie hoch ist das Budget für {i}?")
_TOTAL = {"entries": ("Wie viele Eintritte sind {y} insgesamt geplant?",
                      "Wie viele Eintritte plant das Jobcenter {y} insgesamt?"),
          "budget": ("Wie viel Geld ist {y} insgesamt geplant?",
                     "Wie hoch ist das Budget {y} insgesamt?")}
_CHANGE = ("Wie verändert sich die Zahl der Eintritte in {i} {y} gegenüber dem Vorjahr?",
           "Wie entwickeln sich die Eintritte in {i} im Vergleich zum Vorjahr?")
_MOST = ("Für welches Instrument sind {y} die meisten Eintritte geplant?",
         "Welches Instrument hat {y} die meisten geplanten Eintritte?")
_SHARE_Q = ("Wie hoch ist der Frauenanteil bei {i}?", "Wie hoch ist der Anteil der Frauen an den Eintritten in {i}?")
# Targets tables: the indicator named as printed; without a year the plan year is meant.
_TARGET = ("Welchen Zielwert hat das Jobcenter für {i} {y}?", "Welcher Wert wird für {i} {y} angestrebt?",
           "Welche {i} strebt das Jobcenter an?", "Wie hoch soll {i} {y} sein?")
_CUT = ("Welche Instrumente werden {y} gekürzt?",
        "Bei welchen Instrumenten sind {y} weniger Eintritte geplant als im Vorjahr?")
_RISE = ("Welche Instrumente werden {y} ausgeweitet?",
         "Bei welchen Instrumenten sind {y} mehr Eintritte geplant als im Vorjahr?")
_MONEY = ("Wie viel Geld ist {y} für {i} eingeplant?", "Wie viele Euro gibt das Jobcenter {y} für {i} aus?")
_ABSENT_PLACES = ("in der IT-Abteilung", "im Empfangsbereich", "in der Poststelle")
_ABSENT_STAFF = ("Wie viele Mitarbeitende hat das Jobcenter {p}?",
                 "Wie viele Beschäftigte arbeiten beim Jobcenter {p}?")
# Filler sentences that carry their own reason, and a question each (see prose.FILLER).
_REASONS = {FILLER[10]: ("Warum konzentriert sich die Förderung auf wirksame Angebote?",
                         ("Mittel knapper",)),
            FILLER[9]: ("Warum bleibt Weiterbildung ein zentraler Baustein?", ("Fachkräftemangel",))}
_YESNO_TEXT = {FILLER[13]: ("Gibt es Angaben zu Alleinerziehenden?", ("Kinderbetreuung",)),
               FILLER[11]: ("Werden auch junge Menschen besonders betreut?", ("Jugendberufsagentur",))}


@dataclass(frozen=True)
class GoldQuestion:
    id: str
    type: str  # one of TYPES
    question: str
    answer: tuple[tuple[str, ...], ...]  # every group matched by one alternative; () = refuse
    evidence: tuple[str, ...] = ()
    absent: tuple[str, ...] = field(default=())

    def to_json(self, doc: str) -> dict:
        item = {"id": self.id, "type": self.type, "doc": doc, "question": self.question,
                "evidence": list(self.evidence), "answer": [list(g) for g in self.answer]}
        if self.absent:
            item["absent"] = list(self.absent)
        return item


def names(label: str) -> tuple[str, ...]:
    """How a question or an answer may name a row: the label before any parenthesis, and the
    abbreviation in it ("Förderung der beruflichen Weiterbildung (FbW)" → both)."""
    head = re.split(r"\s*[(,]", label, maxsplit=1)[0].strip()
    abbreviation = re.findall(r"\(([A-ZÄÖÜ][A-Za-zÄÖÜäöü]{1,5})(?:[ ,)])", label)
    return (head, *abbreviation) if head else tuple(abbreviation)


def _data_rows(table: TruthTable) -> list[TruthRow]:
    return [r for r in table.rows if not r.is_total]


def _column(table: TruthTable, role: str, period: int) -> int | None:
    return next((i for i, c in enumerate(table.columns) if c.role == role and c.period == period), None)


def _previous(table: TruthTable, year: int) -> int | None:
    return next((i for i, c in enumerate(table.columns)
                 if c.role in ("actual", "forecast", "plan") and c.period == year - 1), None)


def _table(truth: DocTruth, kind: str) -> TruthTable | None:
    return next((t for t in truth.tables if t.kind == kind), None)


class _Writer:
    def __init__(self, seed: int, truth: DocTruth, text: str) -> None:
        self.rng, self.truth, self.year = random.Random(seed * 7919 + 1), truth, truth.plan_year
        # Kinds added later draw from a generator of their own: the earlier kinds' questions
        # stay the same for every seed.
        self.extra = random.Random(seed * 7919 + 2)
        self.seed, self.text, self.items = seed, _squash(text), []  # type: list[GoldQuestion]

    def add(self, kind: str, question: str, answer: tuple[tuple[str, ...], ...] = (),
            evidence: tuple[str, ...] = (), absent: tuple[str, ...] = ()) -> None:
        self.items.append(GoldQuestion(f"gen{self.seed}-{len(self.items) + 1:02d}", kind, question,
                                       answer, evidence, absent))

    def mentions(self, words: str) -> bool:
        return _squash(words) in self.text

    def name(self, row: TruthRow) -> str:
        return self.rng.choice(names(row.label))


def _squash(text: str) -> str:
    return re.sub(r"[\s\-\u00ad]+", "", text).casefold()


def _cell_question(w: _Writer, kind: str, templates: tuple[str, ...], table: TruthTable,
                   row: TruthRow, column: int, year: int) -> None:
    cell = row.cells[column]
    name = w.name(row)
    w.add(kind, w.rng.choice(templates).format(i=name, y=year), ((cell,),), (names(row.label)[0], cell))


def _entries(w: _Writer, table: TruthTable) -> None:
    rows = [r for r in _data_rows(table)]
    plan = _column(table, "plan", w.year)
    previous = _previous(table, w.year)
    for row in w.rng.sample(rows, min(3, len(rows))):
        if plan is not None and row.values[plan] is not None:
            _cell_question(w, "plan", _PLAN, table, row, plan, w.year)
    if previous is not None:
        role = table.columns[previous].role
        for row in w.rng.sample(rows, min(2, len(rows))):
            if row.values[previous] is not None:
                _cell_question(w, "previous", _PREVIOUS[role], table, row, previous, w.year - 1)
    if plan is not None and previous is not None:
        _changes(w, table, rows, plan, previous)
    row = w.rng.choice(rows)
    w.add("yesno", f"Gibt es {w.year} eine Planung für {w.name(row)}?",
          ((row.cells[plan],),) if plan is not None else ((names(row.label)[0],),),
          (names(row.label)[0],))
    _unanswerable_entries(w, table, rows)


def _changes(w: _Writer, table: TruthTable, rows: list[TruthRow], plan: int, previous: int) -> None:
    compared = [r for r in rows if r.values[previous] is not None and r.values[plan] is not None
                and r.values[plan] != r.values[previous]]
    cuts = [r for r in compared if r.values[plan] < r.values[previous]]
    rises = [r for r in compared if r.values[plan] > r.values[previous]]
    for kind, chosen, others, templates in (("cut", cuts, rises, _CUT), ("rise", rises, cuts, _RISE)):
        if chosen:
            w.add(kind, w.rng.choice(templates).format(y=w.year),
                  tuple(names(r.label) for r in chosen), tuple(names(r.label)[0] for r in chosen),
                  tuple(names(r.label)[0] for r in others))


def _unanswerable_entries(w: _Writer, table: TruthTable, rows: list[TruthRow]) -> None:
    planned = {names(r.label)[0] for r in rows}
    missing = [short for _, short, long in INSTRUMENTS
               if not any(w.mentions(n) for n in (*names(short), *names(long)))
               and names(short)[0] not in planned]
    if missing:
        w.add("unanswerable", w.rng.choice(_PLAN).format(i=names(w.rng.choice(missing))[0], y=w.year))
    w.add("unanswerable", w.rng.choice(_MONEY).format(i=w.name(w.rng.choice(rows)), y=w.year))
    w.add("unanswerable", w.rng.choice(_PLAN).format(i=w.name(w.rng.choice(rows)), y=w.year + 3))
    w.add("unanswerable", w.rng.choice(_ABSENT_STAFF).format(p=w.rng.choice(_ABSENT_PLACES)))


def _budget(w: _Writer, table: TruthTable) -> None:
    plan = _column(table, "plan", w.year)
    rows = [r for r in _data_rows(table) if plan is not None and r.values[plan] is not None
            and names(r.label)[0] and not r.label.startswith("nachrichtlich")]
    for row in w.rng.sample(rows, min(2, len(rows))):
        _cell_question(w, "budget", _BUDGET, table, row, plan, w.year)


def _total(w: _Writer, table: TruthTable) -> None:
    """The total row's plan value ("Wie viele Eintritte sind 2025 insgesamt geplant?")."""
    plan = _column(table, "plan", w.year)
    total = next((r for r in table.rows if r.is_total), None)
    if plan is not None and total is not None and total.values[plan] is not None:
        question = w.extra.choice(_TOTAL[table.kind]).format(y=w.year)
        w.add("total", question, ((total.cells[plan],),), (total.cells[plan],))


def _entry_extras(w: _Writer, table: TruthTable) -> None:
    """One instrument's change against the previous year (both values), the instrument with
    the most planned entries, and the share of women where the table prints one."""
    rows, plan, previous = _data_rows(table), _column(table, "plan", w.year), _previous(table, w.year)
    if plan is None:
        return
    both = [r for r in rows if previous is not None and None not in (r.values[plan], r.values[previous])
            and r.values[plan] != r.values[previous]]
    if both:
        row = w.extra.choice(both)
        w.add("change", w.extra.choice(_CHANGE).format(i=w.extra.choice(names(row.label)), y=w.year),
              ((row.cells[plan],), (row.cells[previous],)), (names(row.label)[0],))
    planned = sorted((r for r in rows if r.values[plan] is not None), key=lambda r: -r.values[plan])
    if len(planned) > 1 and planned[0].values[plan] > planned[1].values[plan]:
        w.add("most", w.extra.choice(_MOST).format(y=w.year), (names(planned[0].label),),
              (names(planned[0].label)[0], planned[0].cells[plan]),
              tuple(names(r.label)[0] for r in planned[1:]))
    share = next((i for i, c in enumerate(table.columns) if c.role == "share"), None)
    if share is not None:
        row = w.extra.choice([r for r in rows if r.values[share] is not None])
        w.add("share", w.extra.choice(_SHARE_Q).format(i=w.extra.choice(names(row.label))),
              ((row.cells[share], row.cells[share].replace(" %", "")),), (row.cells[share],))


def _targets(w: _Writer, table: TruthTable) -> None:
    """Target values of indicators the prose does not also state (a filler sentence may give
    the Integrationsquote a value of its own: then the document answers twice)."""
    target = _column(table, "target", w.year)
    rows = [r for r in table.rows if target is not None and r.values[target] is not None
            and not w.mentions(f"{r.label} soll")]
    for row in w.extra.sample(rows, min(2, len(rows))):
        name = f"die {row.label}" if row.label.startswith("Integrationsquote") else row.label
        question = w.extra.choice(_TARGET).format(i=name, y=w.year).replace(" ?", "?")
        if question.startswith("Welche ") and "strebt" in question:
            question = f"Welche {row.label} strebt das Jobcenter an?"
        w.add("target", question, ((row.cells[target], row.cells[target].replace(" %", "")),),
              (row.label, row.cells[target]))


def _text_questions(w: _Writer) -> None:
    for sentence, (question, answer) in _REASONS.items():
        if w.mentions(sentence):
            w.add("reason", question, tuple((a,) for a in answer), answer)
    for sentence, (question, answer) in _YESNO_TEXT.items():
        if w.mentions(sentence):
            w.add("yesno", question, tuple((a,) for a in answer), answer)


def questions_for(generated: Generated, text: str) -> list[GoldQuestion]:
    """The questions about one generated document; ``text`` is its extracted page text
    (to know which filler sentences it printed and which words it never uses)."""
    w = _Writer(generated.seed, generated.truth, text)
    entries, budget = _table(generated.truth, "entries"), _table(generated.truth, "budget")
    if entries is not None:
        _entries(w, entries)
        _total(w, entries)
        _entry_extras(w, entries)
    if budget is not None:
        _budget(w, budget)
        _total(w, budget)
    targets = _table(generated.truth, "targets")
    if targets is not None:
        _targets(w, targets)
    _text_questions(w)
    return w.items


def page_text(pdf: bytes) -> str:
    import pypdfium2 as pdfium

    document = pdfium.PdfDocument(pdf)
    try:
        return "\n".join(page.get_textpage().get_text_range() for page in document)
    finally:
        document.close()


# -- the evaluation run (`make eval`) -----------------------------------------------------------


def evaluate_generated(seeds: list[int], backend: str, data_dir: Path) -> dict:
    """Each document in its own workspace (a Beirat member reads one AMIP), its questions
    through ``Assistant.evaluate``; the reports are merged per question type."""
    from assistant.evaluation.answers import merge_reports
    from assistant.service import Assistant
    from assistant.settings import load_settings

    reports = []
    for seed in seeds:
        generated = generate(seed)
        name = f"gen-{seed}.pdf"
        assistant = Assistant(load_settings(data_dir=data_dir, workspace=f"gen{seed}"))
        assistant.ingest_bytes(generated.pdf, name)
        gold = data_dir / f"gen-{seed}.jsonl"
        items = questions_for(generated, page_text(generated.pdf))
        gold.write_text("\n".join(json.dumps(q.to_json(name), ensure_ascii=False) for q in items),
                        encoding="utf-8")
        reports.append(assistant.evaluate(gold, backend=backend))
    return merge_reports(reports, f"{len(seeds)} generierte AMIPs (Seeds {seeds[0]}–{seeds[-1]})")


def main(argv: list[str] | None = None) -> int:
    from assistant.evaluation.answers import format_report

    parser = argparse.ArgumentParser(prog="python -m tests.amip_gen.questions")
    parser.add_argument("--docs", type=int, default=12, help="number of generated documents")
    parser.add_argument("--first-seed", type=int, default=1000)
    parser.add_argument("--llm", action="append", help="backend(s), default extractive")
    parser.add_argument("--misses", action="store_true", help="list every wrong answer")
    args = parser.parse_args(argv)
    seeds = list(range(args.first_seed, args.first_seed + args.docs))
    with tempfile.TemporaryDirectory(prefix="amip-gen-eval-") as tmp:
        for backend in args.llm or ["extractive"]:
            report = evaluate_generated(seeds, backend, Path(tmp) / backend)
            wrong = [m for m in report["misses"] if not m.get("answer_ok", True)]
            report["misses"] = []
            print(format_report(report))
            for miss in wrong if args.misses else []:
                answer = " ".join(str(miss.get("answer", "")).split())[:300]
                print(f"- {miss['id']}: {miss['question']}\n    → {answer}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
