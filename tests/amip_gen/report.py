"""Per-feature read-back report over many generated documents: for every layout feature, how
many tables showing it were read completely, which checks failed, and one example."""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field

from .compare import Result


@dataclass
class FeatureReport:
    tables: Counter = field(default_factory=Counter)  # feature -> tables showing it
    read: Counter = field(default_factory=Counter)  # feature -> tables read without failure
    checks: dict = field(default_factory=lambda: defaultdict(Counter))  # feature -> check -> n
    examples: dict = field(default_factory=dict)  # feature -> "seed 7: detail"
    extra_tables: int = 0
    documents: int = 0
    documents_read: int = 0

    def add(self, seed: int, doc_features: frozenset[str], results: list[Result]) -> None:
        self.documents += 1
        self.documents_read += all(r.passed for r in results)
        for result in results:
            if result.truth is None:
                self.extra_tables += len(result.failures)
                continue
            for feature in result.truth.features | doc_features:
                self.tables[feature] += 1
                if result.passed:
                    self.read[feature] += 1
                    continue
                self.checks[feature].update(check for check, _ in result.failures)
                check, detail = result.failures[0]
                self.examples.setdefault(feature, f"seed {seed} [{check}] {detail}")

    def lines(self) -> list[str]:
        """One line per feature, worst read share first."""
        order = sorted(self.tables, key=lambda f: (self.read[f] / self.tables[f], f))
        out = [f"documents read completely: {self.documents_read}/{self.documents}; "
               f"extra tables: {self.extra_tables}"]
        for feature in order:
            checks = ", ".join(f"{c}×{n}" for c, n in self.checks[feature].most_common(4))
            example = self.examples.get(feature, "")
            out.append(f"{feature}: {self.read[feature]}/{self.tables[feature]} read"
                       + (f"; failing: {checks}; e.g. {example}" if checks else ""))
        return out
