"""Parse speed on the bundled seeds, in-process on one core, beside the floor of reading them.

Run: python benchmarks/parse.py [--rounds N]
Prints the median time per report and reports/second for ``nianbao.parse(path)``, and for
just reading and decoding the same files (the floor), and the ratio between them.
Goals (issue 2): at least 500 reports/s required, aim 1,000 reports/s and within 20× the floor.
"""

from __future__ import annotations

import argparse
import statistics
import time
from pathlib import Path

import nianbao
from nianbao.readers.decode import decode

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"


def _time(fn, paths: list[Path], rounds: int) -> list[float]:  # type: ignore[no-untyped-def]
    per_report: list[float] = []
    for _ in range(rounds):
        for p in paths:
            t0 = time.perf_counter()
            fn(p)
            per_report.append(time.perf_counter() - t0)
    return per_report


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--rounds", type=int, default=200)
    args = ap.parse_args()
    paths = sorted(EXAMPLES.glob("*.txt"))
    for p in paths:  # warm caches and imports
        nianbao.parse(p)
    floor = _time(lambda p: decode(p.read_bytes()), paths, args.rounds)
    parse = _time(nianbao.parse, paths, args.rounds)
    f_med, p_med = statistics.median(floor), statistics.median(parse)
    total = sum(parse) / args.rounds
    print(f"reports: {len(paths)} seeds × {args.rounds} rounds, one process, one core")
    print(f"floor (read + decode): median {f_med * 1e3:.3f} ms/report")
    print(
        f"nianbao.parse:         median {p_med * 1e3:.3f} ms/report, {len(paths) / total:,.0f} reports/s"
    )
    print(
        f"ratio parse/floor:     {p_med / f_med:.1f}×  (aim ≤ 20×; required ≥ 500 reports/s, aim 1,000)"
    )


if __name__ == "__main__":
    main()
