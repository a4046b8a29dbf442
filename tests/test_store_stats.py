"""``nianbao stats``: every printed figure equals the one computed here from the generator's
known values; ``--plot`` writes PNG charts and one self-contained HTML page."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections import defaultdict
from pathlib import Path

import pytest

import synth
from nianbao.ingest import ingest
from nianbao.store import open_store


@pytest.fixture(scope="module")
def stored(small_corpus: tuple[Path, list[synth.Truth]], tmp_path_factory) -> tuple[str, list]:
    folder, truths = small_corpus
    url = str(tmp_path_factory.mktemp("stats") / "db.sqlite")
    ingest(open_store(url), [folder], jobs=2)
    return url, [t for t in truths if not t.broken]


def _sum(truths: list[synth.Truth], *keys: str, prefix: str | None = None) -> int:
    total = 0
    for t in truths:
        for k, v in t.values.items():
            if k in keys or (prefix and k.startswith(prefix) and k.endswith(".total")):
                total += v
    return total


def expected(truths: list[synth.Truth]) -> dict[str, float | None]:
    """The figures from the generator's printed values alone (no reader, no database)."""
    handled = _sum(truths, "requests.total.total")
    review = _sum(truths, "review_litigation.review.total")
    litigation = _sum(
        truths,
        "review_litigation.litigation_direct.total",
        "review_litigation.litigation_after_review.total",
    )

    def share(n: int, d: int) -> float | None:
        return n / d if d else None

    return {
        "reports": len(truths),
        "received": _sum(truths, "requests.new_received.total"),
        "carried_over": _sum(truths, "requests.carried_over.total"),
        "handled": handled,
        "carried_forward": _sum(truths, "requests.carried_forward.total"),
        "granted_rate": share(_sum(truths, "requests.granted.total"), handled),
        "partial_rate": share(_sum(truths, "requests.partially_granted.total"), handled),
        "denied_rate": share(_sum(truths, prefix="requests.denied."), handled),
        "unable_rate": share(_sum(truths, prefix="requests.unable."), handled),
        "not_processed_rate": share(_sum(truths, prefix="requests.not_processed."), handled),
        "other_rate": share(_sum(truths, prefix="requests.other."), handled),
        "review_correction": share(_sum(truths, "review_litigation.review.corrected"), review),
        "litigation_correction": share(
            _sum(
                truths,
                "review_litigation.litigation_direct.corrected",
                "review_litigation.litigation_after_review.corrected",
            ),
            litigation,
        ),
        "error_share": sum(t.planted for t in truths) / len(truths),
    }


def _run(url: str, *args: str) -> str:
    env = {**os.environ, "COLUMNS": "400"}
    cmd = [sys.executable, "-m", "nianbao.cli", "stats", "--db", url, *args]
    return subprocess.run(cmd, check=True, capture_output=True, text=True, env=env).stdout


@pytest.mark.parametrize("by", ["region", "year", "organ", None])
def test_stats_figures_equal_the_generators(stored, by: str | None) -> None:
    url, truths = stored
    groups: dict[str, list[synth.Truth]] = defaultdict(list)
    for t in truths:
        groups["全部" if by is None else str(getattr(t, by))].append(t)
    got = [
        json.loads(line) for line in _run(url, "--json", *(["--by", by] if by else [])).splitlines()
    ]
    assert sorted(g["group"] for g in got) == sorted(groups)
    for g in got:
        want = expected(groups[g["group"]])
        assert {k: g[k] for k in want} == want, g["group"]
        planted = sum(t.planted for t in groups[g["group"]])
        assert g["rules"].get("T3-01", 0) == planted  # the planted slip breaks 表三's row sum


def _fmt(value: float | None, rate: bool) -> str:
    if value is None:
        return "—"
    return f"{value * 100:.1f}%" if rate else str(int(value))


def test_printed_table_shows_the_same_figures(stored) -> None:
    url, truths = stored
    text = _run(url, "--by", "year")
    rows = {
        cells[0]: cells[1:]
        for line in text.splitlines()
        if line.startswith("│") and (cells := [c.strip() for c in line.strip("│").split("│")])
    }
    order = ["reports", "received", "carried_over", "handled", "carried_forward"]
    rates = [k for k in expected(truths) if k not in order]
    for year in sorted({t.year for t in truths}):
        want = expected([t for t in truths if t.year == year])
        printed = rows[str(year)]
        assert printed == [_fmt(want[k], False) for k in order] + [
            _fmt(want[k], True) for k in rates
        ]
    assert "T3-01" in text and "最常违反的规则" in text  # the most broken rules are listed
    rule_line = next(x for x in text.splitlines() if "T3-01" in x)
    assert len([c for c in rule_line.split("│") if c.strip()]) == 4  # id, title, count, share


def test_plot_writes_png_and_one_self_contained_html(stored, tmp_path: Path) -> None:
    url, _ = stored
    _run(url, "--by", "region", "--plot", str(tmp_path))
    pngs = sorted(p.name for p in tmp_path.glob("*.png"))
    assert pngs == ["applications.png", "correction.png", "errors.png", "outcomes.png"]
    assert all((tmp_path / p).read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" for p in pngs)
    page = (tmp_path / "stats.html").read_text(encoding="utf-8")
    assert "echarts" in page and "清河县" in page
    assert "<script src" not in page and "<link" not in page  # nothing fetched
