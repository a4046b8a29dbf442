"""Check speed per report beside parse speed, in-process on one core.

Run: python benchmarks/check.py [--rounds N] [--instructions]
For each bundled seed and the 淮安 report: the median time of ``nianbao.parse(path)`` and of
``nianbao.check(report)`` (all rules, and the table/structure families alone: FMT, STR, T2,
T3, T4, CELL), as checks/second, and the ratios check/parse, in wall time and in CPU time
(``time.process_time``, which other processes on a loaded machine change less).
``--instructions`` also counts the machine instructions of one parse and one check of each
report under valgrind (callgrind), which the load of a shared machine does not change.

Each check is timed on a report parsed just before it, as in ``nianbao check FILE``: a report
builds some of its objects on first use (a value cell's ``Location``, when a finding cites
it), so checking the same report again would time a cheaper check than the one that follows a
parse (this benchmark did so until 2026-12-02).

Parse is timed two ways: alone, parse after parse of the same file (its code and data stay in
the processor's caches), and in turn with the checks, each parse timed right before the check
of its report (as ``nianbao check`` runs over a batch: each stage finds the caches holding the
other's code). A parse in turn costs some 15–30% more CPU than one alone; the check is timed
the same way in both, so the two CPU ratios bound check's cost against parse's.
Goal (issue 14): checking the whole catalogue costs less than parsing (ratio < 1, median over
the reports).
"""

from __future__ import annotations

import argparse
import re
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import nianbao
from nianbao.runner import check

ROOT = Path(__file__).resolve().parent.parent
PATHS = [
    *sorted((ROOT / "examples").glob("*.txt")),
    ROOT / "tests" / "fixtures" / "huaian-2024.layout.txt",
]
TABLE_FAMILIES = ["FMT", "STR", "T2", "T3", "T4", "CELL"]
#: parses and checks per report counted under valgrind
INSTRUCTION_ROUNDS = 4


def _median(
    fn: Callable[[Any], object], path: Path, rounds: int, *, fresh: bool
) -> tuple[float, float]:
    """The median wall and CPU seconds of ``fn(report)`` over ``rounds`` calls, on a report
    parsed (untimed) just before each call when ``fresh``, else of ``fn(path)``."""
    wall, cpu = [], []
    for _ in range(rounds):
        arg = nianbao.parse(path) if fresh else path
        t0, c0 = time.perf_counter(), time.process_time()
        fn(arg)
        cpu.append(time.process_time() - c0)
        wall.append(time.perf_counter() - t0)
    return statistics.median(wall), statistics.median(cpu)


def _in_turn(path: Path, rounds: int) -> tuple[float, float]:
    """The median CPU seconds of a parse and of the check of its report, each timed, over
    ``rounds`` parse-then-check turns."""
    parses, checks = [], []
    for _ in range(rounds):
        c0 = time.process_time()
        report = nianbao.parse(path)
        c1 = time.process_time()
        check(report)
        c2 = time.process_time()
        parses.append(c1 - c0)
        checks.append(c2 - c1)
    return statistics.median(parses), statistics.median(checks)


def _inner(what: str, path: Path, rounds: int) -> None:
    """What runs under valgrind: a warm-up parse and check, then ``rounds`` parses, each
    followed by a check of its report for ``what == "check"``."""
    check(nianbao.parse(path))
    for _ in range(rounds):
        report = nianbao.parse(path)
        if what == "check":
            check(report)


def _instructions(path: Path) -> tuple[float, float]:
    """Instructions of one parse and one check of ``path``, from runs of
    ``INSTRUCTION_ROUNDS`` parses, with and without a check after each, and a run of none
    (start-up, imports and warm-up cancel out)."""

    def run(what: str, n: int) -> int:
        cmd = ["valgrind", "--tool=callgrind", "--callgrind-out-file=/dev/null", sys.executable]
        cmd += [__file__, "--inner", what, str(path), "--rounds", str(n)]
        done = subprocess.run(cmd, capture_output=True, text=True, check=True)
        m = re.search(r"refs:\s*([\d,]+)", done.stderr)
        if m is None:
            raise RuntimeError(f"no instruction count from valgrind: {done.stderr[-300:]}")
        return int(m.group(1).replace(",", ""))

    n = INSTRUCTION_ROUNDS
    base, parsed = run("parse", 0), run("parse", n)
    return (parsed - base) / n, (run("check", n) - parsed) / n


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--rounds", type=int, default=50)
    ap.add_argument("--instructions", action="store_true", help="also count instructions")
    ap.add_argument("--inner", nargs=2, metavar=("WHAT", "PATH"), help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.inner:
        _inner(args.inner[0], Path(args.inner[1]), args.rounds)
        return
    print(
        f"{'report':<28} {'parse ms':>9} {'check ms':>9} {'checks/s':>9} {'tables ms':>10}"
        f" {'check/parse':>12} {'CPU ratio':>10} {'in turn':>8}"
    )
    ratios, cpu_ratios, turn_ratios, table_ratios = [], [], [], []
    for path in PATHS:
        check(nianbao.parse(path))  # warm imports and caches
        parse, parse_cpu = _median(nianbao.parse, path, args.rounds, fresh=False)
        full, full_cpu = _median(check, path, args.rounds, fresh=True)
        tables, _ = _median(
            lambda r: check(r, select=TABLE_FAMILIES), path, args.rounds, fresh=True
        )
        turn_parse, turn_check = _in_turn(path, args.rounds)
        ratios.append(full / parse)
        cpu_ratios.append(full_cpu / parse_cpu)
        turn_ratios.append(turn_check / turn_parse)
        table_ratios.append(tables / parse)
        print(
            f"{path.name[:28]:<28} {parse * 1e3:>9.2f} {full * 1e3:>9.2f} {1 / full:>9,.0f} "
            f"{tables * 1e3:>10.2f} {full / parse:>11.2f}× {full_cpu / parse_cpu:>9.2f}×"
            f" {turn_check / turn_parse:>7.2f}×"
        )
    print(
        f"median check/parse: all rules {statistics.median(ratios):.2f}× "
        f"(CPU time {statistics.median(cpu_ratios):.2f}× against a parse alone, "
        f"{statistics.median(turn_ratios):.2f}× against a parse in turn with the checks), "
        f"table and structure families {statistics.median(table_ratios):.2f}× "
        "(goal: < 1, checking costs less than parsing)"
    )
    if args.instructions:
        print("\ninstructions (valgrind), one parse and one check of a freshly parsed report:")
        print(f"{'report':<28} {'parse M':>9} {'check M':>9} {'check/parse':>12}")
        ins_ratios = []
        for path in PATHS:
            parse_ins, check_ins = _instructions(path)
            ins_ratios.append(check_ins / parse_ins)
            print(
                f"{path.name[:28]:<28} {parse_ins / 1e6:>9.2f} {check_ins / 1e6:>9.2f}"
                f" {check_ins / parse_ins:>11.2f}×"
            )
        print(f"median check/parse in instructions: {statistics.median(ins_ratios):.2f}×")


if __name__ == "__main__":
    main()
