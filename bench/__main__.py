"""Run every benchmark module in bench/, print one table, append it to bench/results.md; exit 1 if a target fails.

Usage: python -m bench [module ...]   (e.g. `python -m bench letter`; default: all of them)
"""

from __future__ import annotations

import importlib
import os
import pkgutil
import platform
import sys
from datetime import datetime
from pathlib import Path

from bench import Result

RESULTS = Path(__file__).with_name("results.md")
HEADER = "| when | nproc | benchmark | n | p50 ms | p95 ms | max ms | target p95 | result |"
SEPARATOR = "|---" * HEADER.count(" | ") + "|---|"


def modules(wanted: list[str]) -> list[str]:
    here = [str(Path(__file__).parent)]
    found = sorted(info.name for info in pkgutil.iter_modules(here) if not info.name.startswith("_"))
    unknown = sorted(set(wanted) - set(found))
    if unknown:
        raise SystemExit(f"no such benchmark: {', '.join(unknown)} (have: {', '.join(found)})")
    return [name for name in found if not wanted or name in wanted]


def rows(results: list[Result], when: str, nproc: int) -> list[str]:
    return [
        f"| {when} | {nproc} | {r.name} | {r.samples} | {r.p50_ms:.1f} | {r.p95_ms:.1f} | {r.max_ms:.1f} | "
        f"{'-' if r.target_p95_ms is None else f'< {r.target_p95_ms:.0f}'} | {r.verdict} |"
        for r in results
    ]


def main(argv: list[str]) -> int:
    results: list[Result] = []
    for name in modules(argv):
        print(f"running bench.{name} ...", flush=True)
        results += importlib.import_module(f"bench.{name}").run()
    when, nproc = datetime.now().astimezone().strftime("%Y-%m-%d %H:%M %z"), len(os.sched_getaffinity(0))
    new_rows = rows(results, when, nproc)
    print("\n".join([HEADER, SEPARATOR, *new_rows]))
    if not RESULTS.exists():  # one table; each run appends its rows
        RESULTS.write_text(f"# Benchmark results\n\nRows appended by `python -m bench` (`make bench`), see README.md. "
                           f"Python {platform.python_version()}.\n\n{HEADER}\n{SEPARATOR}\n", encoding="utf-8")
    with RESULTS.open("a", encoding="utf-8") as out:
        out.write("\n".join(new_rows) + "\n")
    failed = [r.name for r in results if not r.passed]
    print(f"FAILED: {', '.join(failed)}" if failed else "all targets met")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
