"""Parse speed on the bundled seeds, in-process on one core, beside the floor of reading them.

Run: python benchmarks/parse.py [--rounds N] [--instructions]
Prints the median time per report and reports/second for ``nianbao.parse(path)``, and for
just reading and decoding the same files (the floor), and the ratio between them.
``--instructions`` also counts the machine instructions of both under valgrind (callgrind),
a figure the load of a shared machine does not change (a few minutes).
Goals (issue 14): at least 1,000 reports/s on one core and within 20× the floor.
"""

from __future__ import annotations

import argparse
import re
import statistics
import subprocess
import sys
import time
from pathlib import Path

import nianbao
from nianbao.readers.decode import decode

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"


def _floor(p: Path) -> object:
    return decode(p.read_bytes())


def _time(fn, paths: list[Path], rounds: int) -> list[float]:  # type: ignore[no-untyped-def]
    per_report: list[float] = []
    for _ in range(rounds):
        for p in paths:
            t0 = time.perf_counter()
            fn(p)
            per_report.append(time.perf_counter() - t0)
    return per_report


def _inner(what: str, paths: list[Path], rounds: int) -> None:
    """What runs under valgrind: one warm-up pass, then ``rounds`` passes, untimed."""
    fn = nianbao.parse if what == "parse" else _floor
    for p in paths:
        fn(p)
    for _ in range(rounds):
        for p in paths:
            fn(p)


def _instructions(what: str, reports: int, rounds: int) -> float:
    """Instructions per report: a run of ``rounds`` passes less a run of none (start-up,
    imports and the warm-up pass cancel out)."""

    def run(n: int) -> int:
        cmd = ["valgrind", "--tool=callgrind", "--callgrind-out-file=/dev/null", sys.executable]
        cmd += [__file__, "--inner", what, "--rounds", str(n)]
        done = subprocess.run(cmd, capture_output=True, text=True, check=True)
        m = re.search(r"refs:\s*([\d,]+)", done.stderr)
        if m is None:
            raise RuntimeError(f"no instruction count from valgrind: {done.stderr[-300:]}")
        return int(m.group(1).replace(",", ""))

    return (run(rounds) - run(0)) / (rounds * reports)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--rounds", type=int, default=200)
    ap.add_argument("--instructions", action="store_true", help="also count instructions")
    ap.add_argument("--inner", choices=("parse", "floor"), help=argparse.SUPPRESS)
    args = ap.parse_args()
    paths = sorted(EXAMPLES.glob("*.txt"))
    if args.inner:
        _inner(args.inner, paths, args.rounds)
        return
    for p in paths:  # warm caches and imports
        nianbao.parse(p)
    floor = _time(_floor, paths, args.rounds)
    parse = _time(nianbao.parse, paths, args.rounds)
    f_med, p_med = statistics.median(floor), statistics.median(parse)
    # throughput from the median round (all seeds once), robust to load like the ratio
    n = len(paths)
    round_med = statistics.median(sum(parse[i : i + n]) for i in range(0, len(parse), n))
    print(f"reports: {n} seeds × {args.rounds} rounds, one process, one core")
    print(f"floor (read + decode): median {f_med * 1e3:.3f} ms/report")
    print(
        f"nianbao.parse:         median {p_med * 1e3:.3f} ms/report, {n / round_med:,.0f} reports/s"
    )
    print(f"ratio parse/floor:     {p_med / f_med:.1f}×  (aim ≤ 20× and 1,000 reports/s)")
    if args.instructions:
        f_ins = _instructions("floor", len(paths), 10)
        p_ins = _instructions("parse", len(paths), 10)
        print(
            f"instructions (valgrind): floor {f_ins / 1e6:.2f} M/report, parse {p_ins / 1e6:.2f} M"
        )
        print(f"ratio parse/floor:     {p_ins / f_ins:.1f}× in instructions")


if __name__ == "__main__":
    main()
