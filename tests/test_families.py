"""The layouts real reports come in (tests/families.py), generated from every gold report:
zero wrong values and at least 99% of the cells, per family; plus the issue's named cases."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

import nianbao
from corpus import needs_soffice
from families import FAMILIES, generate, score_family
from gold import EXAMPLES, all_gold, load, score

GOLDS = all_gold()
#: families whose reader meets the bar (zero wrong values, recall ≥ 99%) on every variant
READ = tuple(f for f in FAMILIES if f not in ("crawled",))


def _family_score(family: str, seeds: range) -> tuple[int, int, int, list[str]]:
    ok = wrong = total = 0
    bad: list[str] = []
    for gold in GOLDS:
        for seed in seeds:
            report = nianbao.parse(generate(gold, family, seed)).to_dict()
            a, b, n, cells = score_family(gold, report)
            ok, wrong, total = ok + a, wrong + b, total + n
            bad += [f"{gold['file'][:6]}#{seed} {c}" for c in cells]
    return ok, wrong, total, bad


@pytest.mark.parametrize("family", READ)
def test_family_reads_every_gold_report(family: str) -> None:
    ok, wrong, total, bad = _family_score(family, range(2))
    assert wrong == 0, bad[:5]
    assert ok >= 0.99 * total, f"{family}: {ok}/{total}"


@pytest.mark.slow
@pytest.mark.parametrize("family", READ)
def test_family_sweep(family: str) -> None:
    ok, wrong, total, bad = _family_score(family, range(2, 22))
    print(f"{family}: recall {ok}/{total} ({100 * ok / total:.2f}%), wrong {wrong}")
    assert wrong == 0, bad[:5]
    assert ok >= 0.99 * total


def test_generator_is_reproducible_and_varies() -> None:
    gold = GOLDS[0]
    assert generate(gold, "markdown", 3) == generate(gold, "markdown", 3)
    assert len({generate(gold, "html_fragment", s) for s in range(4)}) == 4


def test_fragment_first_table_is_far_in_and_sniffed_as_html() -> None:
    data = generate(GOLDS[1], "html_fragment", 0)
    assert b"<html" not in data and data.index(b"<table") >= 10_000 or data.startswith(b"<table")
    assert nianbao.parse(data).source.reader == "html"


def _seed_with_ff() -> bytes:
    data = (EXAMPLES / "002_ca1fd1482ab00037.txt").read_bytes()
    at = data.index("。".encode()) + 3
    return data[:at] + b"\xff" + data[at:]


def test_one_stray_byte_reads_everything_and_says_where() -> None:
    report = nianbao.parse(_seed_with_ff())
    assert score(load("002_ca1fd1482ab00037.json"), report.to_dict())[2] == []
    damaged = [p for p in report.problems if p.code == "undecodable_bytes"]
    assert len(damaged) == 1 and damaged[0].location.line is not None
    assert "无法按 utf-8 解码" in damaged[0].message


def test_last_character_cut_in_half() -> None:
    data = (EXAMPLES / "003_f25b27e041e62a7d.txt").read_bytes().rstrip() + "。".encode()
    report = nianbao.parse(data[:-1])
    assert score(load("003_f25b27e041e62a7d.json"), report.to_dict())[2] == []
    assert [p.code for p in report.problems if p.code == "undecodable_bytes"]


def test_random_bytes_are_still_binary() -> None:
    with pytest.raises(nianbao.NianbaoError) as err:
        nianbao.parse(bytes(range(256)) * 40)
    assert err.value.code == "binary"


NOT_REPORTS = {
    "readme.md": "# nianbao\n\nA tool that reads reports.\n\n## Install\n\n    pip install nianbao\n",
    "list.html": (
        "<html><body><ul><li><a href='1.html'>清河县2023年政府信息公开工作年度报告</a></li>"
        "<li><a href='2.html'>清河县2022年政府信息公开工作年度报告</a></li></ul></body></html>"
    ),
    "notice.txt": "关于做好2024年政府信息公开工作年度报告编制发布工作的通知\n各单位：\n请于1月31日前发布。\n",
}


@pytest.mark.parametrize("name", sorted(NOT_REPORTS))
def test_not_a_report_is_answered_as_such(tmp_path: Path, name: str) -> None:
    path = tmp_path / name
    path.write_text(NOT_REPORTS[name], encoding="utf-8")
    with pytest.raises(nianbao.NianbaoError) as err:
        nianbao.parse(path)
    assert err.value.code == "not_report"
    for command in ("parse", "check"):
        proc = subprocess.run(
            [sys.executable, "-m", "nianbao.cli", command, str(path)],
            capture_output=True,
            text=True,
            timeout=60,
        )
        assert proc.returncode == 2
        assert proc.stderr.strip().splitlines() == [
            f"{path}：不是政府信息公开工作年度报告"
            "（not a government information disclosure annual report (no section or table of one)）"
        ]
        assert "STR-" not in proc.stdout


def test_report_with_prose_only_is_still_a_report() -> None:
    text = (EXAMPLES / "004_81a26273262094ca.txt").read_text(encoding="utf-8")
    prose = "\n".join(ln for ln in text.splitlines() if "\t" not in ln)
    assert nianbao.parse(prose.encode()).sections


@pytest.mark.slow
@needs_soffice
def test_seed_000_converted_to_docx_by_libreoffice(tmp_path: Path) -> None:
    from nianbao.readers.legacy import convert
    from nianbao.settings import Settings

    src = EXAMPLES / "000_898f5e2484ea1ed0.txt"
    data = convert(src.read_bytes(), ".txt", "docx", Settings(convert_timeout=180), None)
    report: Any = nianbao.parse(data)
    assert report.source.reader == "docx"
    assert score(load("000_898f5e2484ea1ed0.json"), report.to_dict())[2] == []
