"""Peak memory of ``nianbao.parse`` on a large text file beside the same process on one seed.

Run: python benchmarks/memory.py [--mb 19]
The file is generated: the bundled seeds (examples/*.txt) one after another, over and over,
until it holds ``--mb`` megabytes (a hostile but plausible input: a batch export pasted into
one file). Each parse runs in a fresh process that prints its own peak resident set size, so
imports and the interpreter are counted, and the one-seed run shows what they cost.
Goal (issue 14): under 400 MB for 19 MB, under 20× the input size.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SEEDS = sorted((ROOT / "examples").glob("*.txt"))

_CHILD = """
import resource, sys, nianbao
nianbao.parse(sys.argv[1])
print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)
"""


def _generate(target: Path, size: int) -> None:
    texts = [p.read_bytes().rstrip(b"\n") + b"\n\n" for p in SEEDS]
    with target.open("wb") as out:
        written = i = 0
        while written < size:
            written += out.write(texts[i % len(texts)])
            i += 1


def _peak_mb(path: Path) -> tuple[float, float]:
    """(peak resident MB, seconds) of a fresh process parsing ``path``."""
    t0 = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-c", _CHILD, str(path)], check=True, capture_output=True, text=True
    )
    return int(done.stdout.split()[-1]) / 1024, time.perf_counter() - t0


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--mb", type=float, default=19.0, help="size of the generated file")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        big = Path(tmp) / "batch.txt"
        _generate(big, int(args.mb * 1e6))
        size = big.stat().st_size / 1e6
        base, base_s = _peak_mb(SEEDS[0])
        peak, seconds = _peak_mb(big)
    print(f"one seed ({SEEDS[0].stat().st_size / 1e3:.0f} kB): peak {base:.0f} MB, {base_s:.1f} s")
    print(
        f"generated {size:.1f} MB text: peak {peak:.0f} MB ({peak / size:.1f}× the input, "
        f"{(peak - base) / size:.1f}× above the one-seed process), {seconds:.0f} s "
        "(goal: under 400 MB and 20×)"
    )


if __name__ == "__main__":
    main()
