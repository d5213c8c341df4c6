"""Per-feature read-back report over many generated documents: for every layout feature, how
many tables showing it were read completely, which checks failed, and one example; plus, per
check, how many tables failed it."""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field

from .compare import Result


@dataclass
class FeatureReport:
    tables: Counter = field(default_factory=Counter)  # feature -> tables showing it
    read: Counter = field(default_factory=Counter)  # feature -> tables read without failure
    checks: dict = field(default_factory=lambda: defaultdict(Counter))  # feature -> check -> n
    examples: dict = field(default_factory=dict)  # (feature or "", check) -> "seed 7: detail"
    failed_by_check: Counter = field(default_factory=Counter)  # check -> tables failing it
    checked_tables: int = 0
    tables_read: int = 0  # tables without any failed check
    extra_tables: int = 0
    documents: int = 0
    documents_read: int = 0

    def add(self, seed: int, doc_features: frozenset[str], results: list[Result]) -> None:
        self.documents += 1
        self.documents_read += all(r.passed for r in results)
        for result in results:
            if result.truth is None:
                self.extra_tables += len(result.failures)
                for check, detail in result.failures[:1]:
                    self.examples.setdefault(("", check), f"seed {seed}: {detail}")
                continue
            self._add_table(seed, result, result.truth.features | doc_features)

    def _add_table(self, seed: int, result: Result, features: frozenset[str]) -> None:
        self.checked_tables += 1
        self.tables_read += result.passed
        failed = {check: detail for check, detail in reversed(result.failures)}  # first wins
        self.failed_by_check.update(failed.keys())
        for check, detail in failed.items():
            self.examples.setdefault(("", check), f"seed {seed} {result.truth.kind}: {detail}")
        for feature in features:
            self.tables[feature] += 1
            self.read[feature] += not failed
            self.checks[feature].update(failed.keys())
            for check, detail in failed.items():
                self.examples.setdefault((feature, check), f"seed {seed} {result.truth.kind}: "
                                                           f"{detail}")

    def lines(self) -> list[str]:
        """Totals, then one line per check and one per feature (worst first)."""
        out = [f"documents read completely: {self.documents_read}/{self.documents}; "
               f"tables: {self.tables_read}/{self.checked_tables} read; extra tables: {self.extra_tables}"
               + (f" (e.g. {self.examples[('', 'extra_table')]})" if self.extra_tables else ""),
               "tables failing each check:"]
        for check, count in self.failed_by_check.most_common():
            out.append(f"  {check}: {count}/{self.checked_tables}; "
                       f"e.g. {self.examples[('', check)]}")
        out.append("tables read completely per layout feature:")
        for feature in sorted(self.tables, key=lambda f: (self.read[f] / self.tables[f], f)):
            top = self.checks[feature].most_common(4)
            line = f"  {feature}: {self.read[feature]}/{self.tables[feature]} read"
            if top:
                line += (f"; failing: {', '.join(f'{c}×{n}' for c, n in top)}; "
                         f"e.g. {self.examples[(feature, top[0][0])]}")
            out.append(line)
        return out
