"""A long batch must not keep the reports it has checked: memory stays flat as a corpus grows."""

from __future__ import annotations

import gc
import tracemalloc
from pathlib import Path

import nianbao
from nianbao.extract.sentences import report_text

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
