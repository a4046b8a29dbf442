"""Check speed per report beside parse speed, in-process on one core.

Run: python benchmarks/check.py [--rounds N]
For each bundled seed and the 淮安 report: the median time of ``nianbao.parse(path)`` and of
``nianbao.check(report)`` on the parsed report (all rules, and the table/structure families
alone: FMT, STR, T2, T3, T4, CELL), as checks/second, and the ratios check/parse, in wall
time and in CPU time (``time.process_time``, which other processes on a loaded machine
change less). Goal (issue 14): checking the whole catalogue costs less than parsing (ratio
< 1, median over the reports).
"""

from __future__ import annotations

import argparse
import statistics
import time
from collections.abc import Callable
from pathlib import Path

import nianbao
from nianbao.runner import check

ROOT = Path(__file__).resolve().parent.parent
PATHS = [
    *sorted((ROOT / "examples").glob("*.txt")),
    ROOT / "tests" / "fixtures" / "huaian-2024.layout.txt",
]
TABLE_FAMILIES = ["FMT", "STR", "T2", "T3", "T4", "CELL"]


def _median(fn: Callable[[], object], rounds: int) -> tuple[float, float]:
    """The median wall and CPU seconds of one call."""
    wall, cpu = [], []
    for _ in range(rounds):
        t0, c0 = time.perf_counter(), time.process_time()
        fn()
        cpu.append(time.process_time() - c0)
        wall.append(time.perf_counter() - t0)
    return statistics.median(wall), statistics.median(cpu)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--rounds", type=int, default=50)
    args = ap.parse_args()
    print(
        f"{'report':<28} {'parse ms':>9} {'check ms':>9} {'checks/s':>9} {'tables ms':>10}"
        f" {'check/parse':>12} {'CPU ratio':>10}"
    )
    ratios, cpu_ratios, table_ratios = [], [], []
    for path in PATHS:
        report = nianbao.parse(path)
        check(report)  # warm imports and caches
        parse, parse_cpu = _median(lambda p=path: nianbao.parse(p), args.rounds)  # type: ignore[misc]
        full, full_cpu = _median(lambda r=report: check(r), args.rounds)  # type: ignore[misc]
        tables, _ = _median(lambda r=report: check(r, select=TABLE_FAMILIES), args.rounds)  # type: ignore[misc]
        ratios.append(full / parse)
        cpu_ratios.append(full_cpu / parse_cpu)
        table_ratios.append(tables / parse)
        print(
            f"{path.name[:28]:<28} {parse * 1e3:>9.2f} {full * 1e3:>9.2f} {1 / full:>9,.0f} "
            f"{tables * 1e3:>10.2f} {full / parse:>11.2f}× {full_cpu / parse_cpu:>9.2f}×"
        )
    print(
        f"median check/parse: all rules {statistics.median(ratios):.2f}× "
        f"(CPU time {statistics.median(cpu_ratios):.2f}×), table and structure families "
        f"{statistics.median(table_ratios):.2f}× (goal: < 1, checking costs less than parsing)"
    )


if __name__ == "__main__":
    main()
