"""The seeds and the 淮安 report parse to their gold tables, cell for cell."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import nianbao
from gold import EXAMPLES, FIXTURES, all_gold, load, score

SEEDS = [g for g in all_gold() if not g["file"].startswith("huaian")]


@pytest.mark.parametrize("gold", SEEDS, ids=lambda g: g["file"][:3])
def test_seed_matches_gold(gold: dict) -> None:
    report = nianbao.parse(EXAMPLES / gold["file"])
    ok, n, misses = score(gold, report.to_dict())
    assert misses == [] and ok == n


def test_huaian_pdftotext_layout_matches_gold() -> None:
    """A real 6-page report: wrapped labels, a page break inside table 三, ``-4-`` in the table."""
    report = nianbao.parse(FIXTURES / "huaian-2024.layout.txt")
    ok, n, misses = score(load("huaian-2024.json"), report.to_dict())
    assert misses == []
    assert report.source.pages == 6
    row = report.tables["requests"].rows["unable.needs_creation"]
    assert row.location.page == 5, "the row after the page break is on page 5"


def test_json_contract_keys(tmp_path: Path) -> None:
    data = nianbao.parse(EXAMPLES / "002_ca1fd1482ab00037.txt").to_dict()
    json.dumps(data, ensure_ascii=False)
    assert data["schema"] == "nianbao.report/1"
    assert set(data) >= {
        "schema",
        "source",
        "meta",
        "sections",
        "active",
        "requests",
        "review_litigation",
    }
    assert set(data["meta"]) == {"title", "organ", "region", "year", "published", "format"}
    assert data["source"]["reader"] in {"text", "markdown"}
    ev = data["evidence"]["requests"]["total"]["cells"]["total"]
    assert ev == {"raw": "29", "line": 85, "table": "requests", "row": "total", "col": "total"}


def test_meta_of_seed_002() -> None:
    meta = nianbao.parse(EXAMPLES / "002_ca1fd1482ab00037.txt").meta
    assert (meta.organ, meta.region, meta.year, meta.published, meta.format) == (
        "河曲县人民政府办公室",
        "河曲县",
        2023,
        "2024-01-19",
        "2021",
    )


def test_meta_without_organ_keeps_it_null() -> None:
    """Seed 000 names no organ (only 我局): never invent one; the region comes from the text."""
    meta = nianbao.parse(EXAMPLES / "000_898f5e2484ea1ed0.txt").meta
    assert meta.organ is None
    assert meta.region == "清河县"
    assert meta.format == "2019"


def test_mixed_format_is_read_not_rejected() -> None:
    """Seed 001: a 2021 table 二 with the 2019 single （六）其他处理 row."""
    report = nianbao.parse(EXAMPLES / "001_b5fe446b3f679b76.txt")
    assert report.tables["active"].format == "2021"
    assert report.tables["requests"].format == "2019"
    assert "other" in report.tables["requests"].rows


def test_blank_is_null_and_slash_stays(tmp_path: Path) -> None:
    report = nianbao.parse(EXAMPLES / "000_898f5e2484ea1ed0.txt")
    assert report.tables["requests"].value("new_received", "total") is None
    assert report.tables["requests"].value("total", "total") == 0
    text = (EXAMPLES / "003_f25b27e041e62a7d.txt").read_text(encoding="utf-8")
    changed = text.replace("行政许可\t0\t\t", "行政许可\t/\t\t")
    assert changed != text
    assert nianbao.parse(changed.encode()).tables["active"].value("licensing", "decisions") == "/"


def test_split_row_is_joined_and_reported() -> None:
    """Seed 002: （六）其他处理 1. broken over two lines, the total on the continuation line."""
    report = nianbao.parse(EXAMPLES / "002_ca1fd1482ab00037.txt")
    row = report.tables["requests"].rows["other.no_correction"]
    assert row.cells["total"].value == 0
    assert row.cells["total"].location.line == 82
    assert row.joined_lines == (80, 82)
    assert any(p.code == "continuation_joined" for p in report.problems)


def test_sections_found_with_variants() -> None:
    report = nianbao.parse(EXAMPLES / "002_ca1fd1482ab00037.txt")
    assert [s.no for s in report.sections] == [1, 2, 3, 4, 5, 6]
    assert report.section(6).heading == "六、其他需要报告事项"
    assert report.section(6).text == "无其他报告事项。\n河曲县人民政府办公室\n2024年1月19日"
