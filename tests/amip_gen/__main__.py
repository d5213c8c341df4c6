"""Read generated AMIPs back with ``ingest.tables`` and print what was misread.

    .venv/bin/python -m tests.amip_gen 12 50            # random layouts of seeds 12 and 50
    .venv/bin/python -m tests.amip_gen fast             # the fast suite's six documents
    .venv/bin/python -m tests.amip_gen 12 --pdf /tmp/x  # also write gen-12.pdf to look at
"""

from __future__ import annotations

import argparse
from pathlib import Path

from .compare import compare_document
from .generator import generate
from .presets import FAST_CASES


def _cases(names: list[str]) -> list[tuple[int, object]]:
    cases: list[tuple[int, object]] = []
    for name in names:
        cases += list(FAST_CASES) if name == "fast" else [(int(name), None)]
    return cases


def main() -> None:
    from ingest.tables import extract_tables

    parser = argparse.ArgumentParser(prog="python -m tests.amip_gen")
    parser.add_argument("seeds", nargs="+", help="seeds, or 'fast' for the fast suite's cases")
    parser.add_argument("--pdf", type=Path, help="folder to write the generated PDFs to")
    args = parser.parse_args()
    for seed, layout in _cases(args.seeds):
        generated = generate(seed, layout)
        if args.pdf:
            args.pdf.mkdir(parents=True, exist_ok=True)
            (args.pdf / f"gen-{seed}.pdf").write_bytes(generated.pdf)
        results = compare_document(generated.truth, extract_tables(generated.pdf, f"gen-{seed}"))
        print(f"seed {seed}: {sum(len(r.failures) for r in results)} misreads")
        for result in results:
            table = result.truth
            if result.failures:
                print(f"  {table.kind} table, pages {table.pages}, "
                      f"{', '.join(sorted(table.features))}" if table else "  document")
            for check, detail in result.failures:
                print(f"    [{check}] {detail}")


if __name__ == "__main__":
    main()
