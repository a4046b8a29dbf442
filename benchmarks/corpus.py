"""Write a synthetic corpus of N reports (default 10,000) for the ingest benchmark.

Run: python benchmarks/corpus.py OUTDIR [--reports 10000] [--seed 0]
Organs of six regions over three years, each region with a 人民政府 summary of its
departments; tables with the national identities holding, 10% with one planted slip, 5% broken
files (empty, binary, damaged PDF or zip), every text layout and four encodings
(tests/synth.py). Prints how many files of each kind were written.
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))

import synth  # noqa: E402


def make(outdir: Path, reports: int, seed: int = 0) -> list[synth.Truth]:
    years = (2021, 2022, 2023)
    per_year = max(1, reports // len(years))
    organs = max(1, per_year - len(synth.REGIONS))
    items = synth.generate(organs, years=years, seed=seed, rollup=True)
    return synth.write(outdir, items)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("outdir", type=Path)
    ap.add_argument("--reports", type=int, default=10_000)
    ap.add_argument("--seed", type=int, default=0)
    args = ap.parse_args()
    truths = make(args.outdir, args.reports, args.seed)
    kinds = Counter("broken" if t.broken else "slip" if t.planted else "good" for t in truths)
    print(f"{len(truths)} files in {args.outdir}: {dict(kinds)}")


if __name__ == "__main__":
    main()
