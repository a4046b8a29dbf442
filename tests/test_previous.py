"""`--previous` is validated: another organ or a year that is not the one before → exit 2 with
the reason; with several files each gets its own previous year."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from checkkit import make_report
from nianbao.cli import main
from nianbao.runner import previous_misfit

EXAMPLES = Path(__file__).parent.parent / "examples"
SEED_004 = EXAMPLES / "004_81a26273262094ca.txt"  # 获嘉县政务服务和大数据管理局, 2023
SEED_002 = EXAMPLES / "002_ca1fd1482ab00037.txt"  # 河曲县人民政府办公室, 2023


def _year_before(tmp_path: Path) -> Path:
    text = SEED_004.read_text(encoding="utf-8")
    last = tmp_path / "2022.txt"
    last.write_text(
        text.replace("2024", "2099").replace("2023", "2022").replace("2099", "2023"),
        encoding="utf-8",
    )
    return last


def test_misfit_says_why() -> None:
    this = make_report(year=2023, organ="某某市生态环境局")
    assert previous_misfit(this, make_report(year=2022, organ="某某市生态环境局")) is None
    assert "2023 年度" in str(
        previous_misfit(this, make_report(year=2023, organ="某某市生态环境局"))
    )
    assert "另一个局" in str(previous_misfit(this, make_report(year=2022, organ="另一个局")))


@pytest.mark.parametrize("previous", [SEED_004, SEED_002], ids=["same-year", "other-organ"])
def test_a_previous_report_that_does_not_fit_is_refused(
    previous: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["check", "--json", "--previous", str(previous), str(SEED_004)]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""  # no 「与2024年年报相似度 100%」 against an unrelated report
    assert "不能作为上年年报" in captured.err and previous.name in captured.err


def test_with_several_files_previous_goes_only_with_its_own_organ(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    last = _year_before(tmp_path)
    assert (
        main(
            [
                "check",
                "--json",
                "--select",
                "XY",
                "--previous",
                str(last),
                str(SEED_004),
                str(SEED_002),
            ]
        )
        == 0
    )
    by_name = {
        Path(o["report"]["source"]["path"]).name: o["findings"]
        for o in map(json.loads, capsys.readouterr().out.splitlines())
    }
    assert by_name[SEED_004.name]  # paired: the cross-year rules ran
    assert by_name[SEED_002.name] == []  # another organ: not compared with 获嘉's last year
