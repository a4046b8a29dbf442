"""Batches: every file answered once, failures isolated, limits enforced, cross-report rules
deterministic."""

from __future__ import annotations

import pickle
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

import nianbao
from gold import EXAMPLES
from nianbao import batch
from nianbao.batch import Outcome, run
from nianbao.runner import check, pair_previous

SEEDS = sorted(str(p) for p in EXAMPLES.glob("*.txt"))
HUAIAN = Path(__file__).parent / "fixtures" / "huaian-2024.pdf"


def _damaged(tmp_path: Path) -> list[str]:
    """A truncated PDF, a PNG with a broken chunk, an empty file and a directory."""
    pdf = tmp_path / "truncated.pdf"
    pdf.write_bytes(HUAIAN.read_bytes()[:3000])
    png = tmp_path / "broken.png"
    png.write_bytes(b"\x89PNG\r\n\x1a\n" + b"\x00\x00\x00\x0dIHDR" + b"\xff" * 40)
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    return [str(pdf), str(png), str(empty), str(tmp_path)]


def test_every_file_answered_once_and_failures_do_not_stop_the_batch(tmp_path: Path) -> None:
    bad = _damaged(tmp_path)
    paths = [bad[0], *SEEDS[:2], bad[1], bad[2], SEEDS[2], bad[3]]
    outcomes = list(run(paths, jobs=2, check=False))
    assert sorted(o.index for o in outcomes) == list(range(len(paths)))
    by_index = {o.index: o for o in outcomes}
    for i, path in enumerate(paths):
        out = by_index[i]
        assert out.path == path
        if path in SEEDS:
            assert out.report is not None and out.error is None and out.error_type is None
            assert out.report.table("requests") is not None
        else:
            assert out.report is None and out.findings == ()
            assert out.error_type and out.error and "\n" not in out.error
            assert out.error.startswith(path)  # names the file, one line
            assert out.traceback is None  # only with debug


def test_ordered_yields_in_input_order_and_findings_match_check(tmp_path: Path) -> None:
    paths = [SEEDS[3], _damaged(tmp_path)[2], SEEDS[1]]
    outcomes = list(run(paths, jobs=2, ordered=True, cross=False))
    assert [o.index for o in outcomes] == [0, 1, 2]
    expected = check(nianbao.parse(SEEDS[3]))
    assert [f.to_dict() for f in outcomes[0].findings] == [f.to_dict() for f in expected]


@pytest.mark.slow
def test_seeds_results_unchanged_by_damaged_files_beside_them(tmp_path: Path) -> None:
    """Cross-report rules (year pairing, peers) see the readable reports in input order."""
    # two years of one organ, so year pairing and the batch comparisons have something to do
    last = tmp_path / "a_last.txt"
    text = Path(SEEDS[0]).read_text(encoding="utf-8")
    report = nianbao.parse(SEEDS[0])
    year = report.meta.year
    assert year is not None
    last.write_text(text.replace(str(year), str(year - 1)), encoding="utf-8")
    seeds = [str(last), *SEEDS]
    alone = {o.path: o for o in run(seeds, jobs=2)}
    mixed_paths = [*_damaged(tmp_path), *reversed(seeds)]
    mixed = {o.path: o for o in run(list(reversed(mixed_paths)), jobs=2)}
    reports = [nianbao.parse(p) for p in seeds]
    pairs = pair_previous(reports)
    assert any(p is not None for p in pairs)
    for path, rep, prev in zip(seeds, reports, pairs, strict=True):
        direct = [f.to_dict() for f in check(rep, prev, peers=reports)]
        assert [f.to_dict() for f in alone[path].findings] == direct
        assert [f.to_dict() for f in mixed[path].findings] == direct


def test_a_file_over_the_time_limit_is_reported_and_its_worker_replaced() -> None:
    settings = replace(nianbao.Settings(), file_timeout=0.05)
    outcomes = list(run([str(HUAIAN), str(HUAIAN)], settings=settings, jobs=1, check=False))
    assert len(outcomes) == 2
    for out in outcomes:
        assert out.report is None and out.error_type == "LimitExceeded"
        assert "时间超过上限" in (out.error or "")


def test_a_file_over_the_memory_limit_is_reported_and_the_batch_goes_on(tmp_path: Path) -> None:
    big = tmp_path / "big.txt"
    with big.open("wb") as f:
        f.truncate(150 * 2**20)  # sparse: reading it needs 150 MB, the worker may use 100
    settings = replace(nianbao.Settings(), max_memory_bytes=100 * 2**20)
    outcomes = {o.path: o for o in run([str(big), SEEDS[0]], settings=settings, jobs=1)}
    over = outcomes[str(big)]
    assert over.report is None and over.error_type == "LimitExceeded"
    assert "内存用量超过上限" in (over.error or "")
    assert outcomes[SEEDS[0]].report is not None  # the replaced worker read the next file


def test_unexpected_exception_is_one_line_and_traceback_only_with_debug(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def broken(*_args: object) -> None:
        raise RuntimeError("bad object\nin the xref")

    monkeypatch.setattr(nianbao, "parse", broken)
    for debug in (False, True):
        job = batch._Job(nianbao.Settings(), True, None, debug)
        out, retire = batch.process_one(3, SEEDS[0], job)
        assert out.index == 3 and out.report is None and not retire
        assert out.error_type == "RuntimeError"
        assert out.error is not None and "\n" not in out.error and SEEDS[0] in out.error
        assert "bad object in the xref" in out.error
        assert (out.traceback is not None and "RuntimeError" in out.traceback) is debug


def test_unknown_selector_is_refused_before_any_work() -> None:
    with pytest.raises(ValueError):
        list(run(SEEDS, select=["NOPE-01"]))


def test_outcomes_pickle() -> None:
    out = next(iter(run([SEEDS[0]], jobs=1)))
    assert isinstance(out, Outcome) and out.report is not None and out.findings
    again = pickle.loads(pickle.dumps(out))
    assert again.report is not None
    assert again.report.to_dict() == out.report.to_dict()


def test_lent_collector_restores_the_threshold_after_the_last_block() -> None:
    """A Dask worker is the user's process: its collector is as found once no task of ours
    runs, however the tasks overlap."""
    import gc
    import threading

    found = gc.get_threshold()
    gc.set_threshold(700, 11, 12)
    try:
        with batch.lent_collector():
            assert gc.get_threshold() == (batch._YOUNG_OBJECTS, 11, 12)
            with batch.lent_collector():  # another task on another thread of the worker
                pass
            assert gc.get_threshold() == (batch._YOUNG_OBJECTS, 11, 12)
        assert gc.get_threshold() == (700, 11, 12)
        entered, leave = threading.Barrier(9), threading.Event()

        def task() -> None:
            with batch.lent_collector():
                entered.wait()
                leave.wait()

        threads = [threading.Thread(target=task) for _ in range(8)]
        for t in threads:
            t.start()
        entered.wait()
        assert gc.get_threshold() == (batch._YOUNG_OBJECTS, 11, 12)
        leave.set()
        for t in threads:
            t.join()
        assert gc.get_threshold() == (700, 11, 12)
    finally:
        gc.set_threshold(*found)


#: in a worker: a marker in each reference cycle ``_cycles_left`` made, while it lives
_MARKS: list[Any] = []


class _Mark:
    pass


def _cycles_left(out: Outcome, memo: dict[str, Any]) -> int:
    """A ``ship`` run in the worker: how many cycles made for earlier files are still there,
    then a new one, large enough to live through young collections into the oldest
    generation (300,000 objects), dropped as the file ends."""
    import weakref

    left = sum(1 for m in _MARKS if m() is not None)
    mark = _Mark()
    ring: list[Any] = [mark]
    ring.append(ring)
    ring.extend([i] for i in range(300_000))
    _MARKS.append(weakref.ref(mark))
    return left


def test_a_worker_collects_the_cycles_that_reach_the_oldest_generation() -> None:
    """The worker's collector runs seldom and leaves its starting heap alone
    (``quiet_collector``); cycles that got into the oldest generation were then never
    collected, and a worker grew over a long batch."""
    outs = list(run(SEEDS[:4], jobs=1, check=False, cross=False, ordered=True, ship=_cycles_left))
    assert [o.shipped for o in outs] == [0, 0, 0, 0]
