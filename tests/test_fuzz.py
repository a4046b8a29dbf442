"""Fuzzing: mutated files of every input family never raise anything but ``NianbaoError``,
never make a rule crash, and every file is answered within its time and memory limits.

The quick run (600 inputs, about 75 s, marked slow: CI runs it, land.sh does not) is part of
the normal suite; ``pytest -m fuzz`` runs 10,000
(README, "Reliability", has its last result)."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from fuzz import corpus_files, mutants
from nianbao.batch import Outcome, run
from nianbao.rule import RULE_ERROR
from nianbao.settings import Settings

#: the worker-level limits, which a reader must answer within on its own
LIMIT_MARKS = ("处理时间超过上限", "内存用量超过上限")


def _failures(outcomes: list[Outcome]) -> list[str]:
    bad = []
    for out in outcomes:
        name = Path(out.path).name
        if out.code in {"unexpected", "crash"}:  # anything but nianbao's own refusals
            bad.append(f"{name}: {out.error_type}: {out.error}")
        elif out.error and any(mark in out.error for mark in LIMIT_MARKS):
            bad.append(f"{name}: over a limit: {out.error}")
        crashed = [f for f in out.findings if f.rule == RULE_ERROR]
        if crashed:
            bad.append(f"{name}: rule crashed: {crashed[0].message}")
    return bad


def _fuzz(tmp_path: Path, n: int, seed: int, log: bool = False) -> list[Outcome]:
    seeds = corpus_files(tmp_path / "seeds")
    paths = [str(p) for p in mutants(seeds, n, seed, tmp_path / "mutants")]
    settings = Settings()  # the defaults: 60 s and 1.5 GiB a file
    outcomes = []
    for out in run(paths, settings=settings, jobs=2, cross=False):
        outcomes.append(out)
        if log:  # one line a file as it is answered, so a stopped run still tells how far it got
            state = "read" if out.report is not None else out.code
            print(f"fuzz {Path(out.path).name} {state} {out.seconds:.1f}s", flush=True)
    assert sorted(o.index for o in outcomes) == list(range(n))  # every file answered once
    return outcomes


@pytest.mark.slow
def test_fuzz_600_mutants_of_every_family(tmp_path: Path) -> None:
    outcomes = _fuzz(tmp_path, 600, seed=20240131)
    assert not _failures(outcomes), "\n".join(_failures(outcomes)[:20])
    read = sum(1 for o in outcomes if o.report is not None)
    assert 0 < read < len(outcomes)  # the mutants are neither all harmless nor all refused


@pytest.mark.fuzz
def test_fuzz_10000_mutants(tmp_path: Path) -> None:
    outcomes = _fuzz(tmp_path, 10_000, seed=15, log=True)
    failures = _failures(outcomes)
    slowest = max(outcomes, key=lambda o: o.seconds)
    families = Counter(Path(o.path).suffix[1:] for o in outcomes)
    print(
        f"\nfuzz: {len(outcomes)} inputs ({dict(families)}), "
        f"{sum(o.report is not None for o in outcomes)} read, "
        f"{len(failures)} failures; slowest {slowest.seconds:.1f} s ({Path(slowest.path).name})"
    )
    assert not failures, "\n".join(failures[:50])
