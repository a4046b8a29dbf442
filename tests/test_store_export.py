"""Exports open in pandas, pyarrow and openpyxl with the generator's values; ``--where`` filters;
``nianbao.Corpus`` gives the same rows in Python; full-text search finds section text."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

import synth
from nianbao import Corpus
from nianbao.ingest import ingest
from nianbao.store import open_store


@pytest.fixture(scope="module")
def stored(tmp_path_factory: pytest.TempPathFactory) -> tuple[str, list[synth.Truth]]:
    tmp = tmp_path_factory.mktemp("export")
    truths = synth.write(tmp / "in", synth.generate(6, years=(2022, 2023), seed=3))
    url = str(tmp / "db.sqlite")
    ingest(open_store(url), [tmp / "in"], jobs=1)
    return url, [t for t in truths if not t.broken]


def _by_organ_year(rows: list[dict]) -> dict[tuple[str, int], dict]:
    return {(r["organ"], r["year"]): r for r in rows}


def test_corpus_reports_have_every_cell_as_a_named_column(stored) -> None:
    url, truths = stored
    rows = _by_organ_year(Corpus(url).reports())
    assert set(rows) == {(t.organ, t.year) for t in truths}
    for t in truths:
        row = rows[(t.organ, t.year)]
        assert {k: row[k] for k in t.values} == t.values
    df = Corpus(url).to_pandas()  # pandas is imported lazily: collection stays light
    assert int(df["requests.total.total"].sum()) == sum(
        t.values["requests.total.total"] for t in truths
    )
    arrow = Corpus(url).to_arrow("cells")
    assert arrow.num_rows == len(Corpus(url).cells())


def test_where_filters_by_report_field_and_by_cell(stored) -> None:
    url, truths = stored
    corpus = Corpus(url)
    assert {r["organ"] for r in corpus.reports(["year=2023", "region=清河县"])} == {
        t.organ for t in truths if t.year == 2023 and t.region == "清河县"
    }
    big = corpus.reports(["requests.new_received.total>=20"])
    assert {(r["organ"], r["year"]) for r in big} == {
        (t.organ, t.year) for t in truths if t.values["requests.new_received.total"] >= 20
    }
    with pytest.raises(ValueError, match="条件"):
        corpus.reports(["year 2023"])


@pytest.mark.parametrize("fmt", ["csv", "parquet", "jsonl", "xlsx"])
def test_export_formats_open_with_the_values(stored, tmp_path: Path, fmt: str) -> None:
    # imported here, not at collection: other tests measure their children's peak memory,
    # which on Linux includes the forking parent's
    import pandas as pd
    import pyarrow.parquet as pq
    from openpyxl import load_workbook

    url, truths = stored
    cmd = [sys.executable, "-m", "nianbao.cli", "export", "--db", url, "--format", fmt]
    cmd += ["--out", str(tmp_path), "--where", "year=2023"]
    subprocess.run(cmd, check=True, capture_output=True)
    expected = {t.organ: t.values for t in truths if t.year == 2023}
    if fmt == "xlsx":
        book = load_workbook(tmp_path / "nianbao.xlsx")
        assert book.sheetnames == ["报告", "单元格", "检查结果"]
        sheet = book["报告"]
        assert sheet.freeze_panes == "A2"
        header = [c.value for c in sheet[1]]
        assert "机关" in header and "表三｜（七）总计｜总计" in header
        frames = pd.read_excel(tmp_path / "nianbao.xlsx", sheet_name=None)
        reports = frames["报告"].rename(columns={"机关": "organ"})
        total = dict(zip(reports["organ"], reports["表三｜（七）总计｜总计"], strict=True))
        assert total == {o: v["requests.total.total"] for o, v in expected.items()}
        assert len(frames["单元格"]) and len(frames["检查结果"])
        return
    path = tmp_path / f"reports.{fmt}"
    if fmt == "csv":
        reports = pd.read_csv(path)
    elif fmt == "parquet":
        reports = pq.read_table(path).to_pandas()
    else:
        reports = pd.read_json(path, lines=True)
    got = {r["organ"]: r for r in reports.to_dict("records")}
    assert set(got) == set(expected)
    for organ, values in expected.items():
        assert {k: got[organ][k] for k in values} == values
    cells = tmp_path / f"cells.{fmt}"
    findings = tmp_path / f"findings.{fmt}"
    assert cells.stat().st_size and findings.stat().st_size


def test_search_finds_section_text(stored) -> None:
    url, truths = stored
    hits = Corpus(url).search("业务培训")
    assert len(hits) == len(truths)  # every generated report says it, in section 五
    assert all(h["no"] == 5 and "业务培训" in h["snippet"] for h in hits)
