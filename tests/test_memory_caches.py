"""A long batch must not keep the reports it has checked: memory stays flat as a corpus grows."""

from __future__ import annotations

import datetime as dt
import gc
import tracemalloc
from collections.abc import Callable
from pathlib import Path

from sqlalchemy import insert, select

import nianbao
from families import generate
from gold import all_gold
from nianbao.extract.sentences import report_text
from nianbao.ingest import plan
from nianbao.runner import check
from nianbao.store import open_store
from nianbao.store.rows import CROSS_RULES, Record, record_of
from nianbao.store.schema import organs, reports, sources
from nianbao.store.writer import Writer

SEED = Path(__file__).resolve().parent.parent / "examples" / "001_b5fe446b3f679b76.txt"


def test_narrative_text_cache_keeps_no_report() -> None:
    """report_text is cached for copy detection across a batch; the cache once held every
    Report (about 90 KB each, 4,096 of them: a worker grew to 440 MB over 10,000 files)."""
    text = SEED.read_text(encoding="utf-8")
    tracemalloc.start()
    try:
        gc.collect()
        before = tracemalloc.get_traced_memory()[0]
        for i in range(60):
            varied = text.replace("一、总体情况", f"一、总体情况\n本机关第{i}号说明。", 1)
            report = nianbao.parse(varied.encode("utf-8"))
            assert f"第{i}号说明" in report_text(report)
            del report
        gc.collect()
        retained = tracemalloc.get_traced_memory()[0] - before
    finally:
        tracemalloc.stop()
    assert retained < 3_000_000, f"{retained / 1e6:.1f} MB kept after 60 reports"


def _traced(run: Callable[[], object]) -> tuple[int, int]:
    """Peak and retained bytes (traced by tracemalloc) while ``run`` runs."""
    tracemalloc.start()
    try:
        gc.collect()
        before = tracemalloc.get_traced_memory()[0]
        tracemalloc.reset_peak()
        kept = run()
        gc.collect()
        now, peak = tracemalloc.get_traced_memory()
        del kept
    finally:
        tracemalloc.stop()
    return peak - before, now - before


def test_ingest_plan_asks_only_for_the_files_at_hand(tmp_path: Path) -> None:
    """A rerun's skip list once held every stored source's hash, so adding a few files to a
    large corpus cost memory in proportion to the corpus."""
    engine = open_store(str(tmp_path / "big.sqlite"))
    now = dt.datetime.now(dt.UTC)
    with engine.begin() as conn:
        conn.execute(
            insert(sources),
            [
                {"sha256": f"{i:064x}", "path": f"/old/{i}", "status": "ok", "added_at": now}
                for i in range(50_000)
            ],
        )
    folder = tmp_path / "new"
    folder.mkdir()
    for i in range(3):
        (folder / f"{i}.txt").write_text(f"第{i}份", encoding="utf-8")
    plan(engine, [folder])  # statements compiled once, outside the measure
    peak, _ = _traced(lambda: plan(engine, [folder]))
    jobs, refused, skipped = plan(engine, [folder])
    assert (len(jobs), refused, skipped) == (3, [], 0)
    # the file is hashed through a 1 MB buffer; the 50,000 hashes were ~10 MB
    assert peak < 3_000_000, f"{peak / 1e6:.1f} MB to plan 3 files beside 50,000 stored"


def test_writer_keeps_no_table_of_every_organ(tmp_path: Path) -> None:
    """The writer once read every organ's key and id into a cache kept for the whole run,
    which grew with the corpus's organs; now it asks for a batch's organs only."""
    engine = open_store(str(tmp_path / "organs.sqlite"))
    with engine.begin() as conn:
        conn.execute(
            insert(organs),
            [{"key": f"|机关{i}", "name": f"机关{i}", "region": None} for i in range(20_000)],
        )
    report = nianbao.parse(SEED)
    found = tuple(check(report, skip=CROSS_RULES))

    def record(n: int) -> Record:
        return record_of(str(SEED), f"{n:064x}", 1, report, found, 0.0)

    Writer(engine).write([record(1)])  # statements compiled once, outside the measure
    writer = Writer(engine)
    _, retained = _traced(lambda: writer.write([record(2)]))
    assert retained < 1_000_000, f"{retained / 1e6:.1f} MB kept by the writer after one report"
    with engine.connect() as conn:
        ids = conn.execute(select(reports.c.organ_id, reports.c.version)).all()
    assert len({i for i, _ in ids}) == 1 and sorted(v for _, v in ids) == [1, 2]


def test_parsing_leaves_no_reference_cycles() -> None:
    """The searches over glued digit runs (crawled text) and over Markdown's label-less rows
    are recursive inner functions; each referred to itself, so every reading they had tried
    stayed in memory until a full collection, which a reading worker rarely runs (a Markdown
    report left 67,000 objects, some 30 MB)."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        left: dict[str, int] = {}
        for family in ("crawled", "markdown"):
            for gold in all_gold():
                for seed in (2, 3, 5):
                    data = generate(gold, family, seed)
                    gc.collect()
                    nianbao.parse(data)
                    found = gc.collect()
                    if found:
                        left[f"{family} {gold['file']} {seed}"] = found
    finally:
        if was_enabled:
            gc.enable()
    assert left == {}
