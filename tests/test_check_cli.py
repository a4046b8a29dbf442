"""`nianbao check` and `nianbao rules`: terminal and JSON output, exit codes, batches, year pairing."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from checkkit import make_report
from nianbao.cli import main
from nianbao.runner import pair_previous

EXAMPLES = Path(__file__).parent.parent / "examples"
SEED_002 = str(EXAMPLES / "002_ca1fd1482ab00037.txt")
SEED_003 = str(EXAMPLES / "003_f25b27e041e62a7d.txt")
SEED_004 = EXAMPLES / "004_81a26273262094ca.txt"


def _json_lines(out: str) -> list[dict[str, object]]:
    return [json.loads(line) for line in out.splitlines() if line.strip()]


def test_terminal_output_groups_by_severity_and_marks_cells() -> None:
    proc = subprocess.run(
        [sys.executable, "-m", "nianbao.cli", "check", SEED_002],
        capture_output=True,
        text=True,
        timeout=60,
        env={"COLUMNS": "200", "PATH": "/usr/bin:/bin"},
    )
    assert proc.returncode == 0
    out = proc.stdout
    assert out.index("错误（") < out.index("警告（") < out.index("提示（")
    assert "[T3-02]表三（七）总计「总计」列印为 29，各项办理结果之和为 1" in out
    # the identities disagree on the cell: both readings, side by side, in one finding
    assert "「（七）总计」行「总计」列应为 1" in out and "「（七）总计」行「总计」列应为 28" in out
    assert "错误（1）" in out
    assert "三、收到和处理政府信息公开申请情况" in out and "图例" in out
    assert "依据：" in out


def test_json_lines_one_object_per_report(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", "--json", SEED_002, SEED_003]) == 0
    objs = _json_lines(capsys.readouterr().out)
    assert [o["report"]["meta"]["year"] for o in objs] == [2023, 2023]  # type: ignore[index]
    finding = next(f for f in objs[0]["findings"] if f["rule"] == "T3-02")  # type: ignore[union-attr]
    assert set(finding) >= {"rule", "severity", "message", "location", "evidence", "fix"}
    assert finding["location"]["table"] == "requests"


def test_fail_on_and_unreadable_input(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", "--fail-on", "error", "--no-tables", SEED_003]) == 0
    assert main(["check", "--fail-on", "error", "--no-tables", SEED_002]) == 1
    assert main(["check", "--fail-on", "warning", "--no-tables", SEED_003]) == 1
    empty = tmp_path / "empty.txt"
    empty.write_text("")
    capsys.readouterr()
    assert main(["check", "--json", str(empty), SEED_003]) == 2  # the batch goes on after it
    objs = _json_lines(capsys.readouterr().out)
    assert objs[0]["report"] is None and "文件为空" in str(objs[0]["error"])
    assert objs[1]["report"] is not None


def test_directories_are_walked_and_select_limits_rules(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    shutil.copy(SEED_002, tmp_path / "a.txt")
    shutil.copy(SEED_003, tmp_path / "b.txt")
    (tmp_path / "notes.json").write_text("{}")
    assert main(["check", "--json", "--select", "T3-02", str(tmp_path)]) == 0
    objs = _json_lines(capsys.readouterr().out)
    reports = [o for o in objs if o["report"] is not None]
    assert [Path(str(o["report"]["source"]["path"])).name for o in reports] == ["a.txt", "b.txt"]  # type: ignore[index]
    # the JSON file is no report: its line says it was skipped, and the exit status ignores it
    assert [(Path(str(o["path"])).name, bool(o["skipped"])) for o in objs if "skipped" in o] == [
        ("notes.json", True)
    ]
    assert {f["rule"] for o in objs for f in o["findings"]} == {"T3-02"}  # type: ignore[union-attr]
    assert main(["check", "--select", "NOPE-01", str(tmp_path)]) == 2


def test_reports_of_consecutive_years_are_paired() -> None:
    this = make_report(year=2023, organ="某某市生态环境局")
    last = make_report(year=2022, organ="某某市生态环境局")
    other = make_report(year=2022, organ="另一个局")
    assert pair_previous([this, other, last]) == [last, None, None]


def test_previous_year_enables_cross_year_rules(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    text = SEED_004.read_text(encoding="utf-8")
    last = tmp_path / "2022.txt"
    last.write_text(
        text.replace("2024", "2099").replace("2023", "2022").replace("2099", "2023"),
        encoding="utf-8",
    )
    this = tmp_path / "2023.txt"
    this.write_text(text, encoding="utf-8")
    assert main(["check", "--json", "--select", "XY", str(this)]) == 0
    alone = _json_lines(capsys.readouterr().out)[0]["findings"]
    assert main(["check", "--json", "--select", "XY", str(this), str(last)]) == 0
    paired = _json_lines(capsys.readouterr().out)[0]["findings"]
    assert main(["check", "--json", "--select", "XY", "--previous", str(last), str(this)]) == 0
    explicit = _json_lines(capsys.readouterr().out)[0]["findings"]
    assert alone == [] and paired and paired == explicit


def test_rules_lists_the_catalogue_in_chinese(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["rules"]) == 0
    out = capsys.readouterr().out
    assert "T3-03" in out and "勾稽关系" in out and "错误" in out
    assert main(["rules", "--markdown"]) == 0
    assert capsys.readouterr().out.startswith("# 检查规则目录")


def test_rules_json_lists_every_rule(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["rules", "--json"]) == 0
    catalogue = json.loads(capsys.readouterr().out)
    t302 = next(r for r in catalogue if r["id"] == "T3-02")
    assert t302["severity"] == "error" and "国办公开办函〔2021〕30号" in t302["basis"]


def test_closed_pipe_exits_quietly() -> None:
    files = " ".join([SEED_002] * 4)
    proc = subprocess.run(
        f"set -o pipefail; {sys.executable} -m nianbao.cli check --json --fail-on warning "
        f"{files} | head -c 100",
        shell=True,
        executable="/bin/bash",
        capture_output=True,
        text=True,
        timeout=120,
        env={"PATH": "/usr/bin:/bin", "PYTHONPATH": ":".join(sys.path)},
    )
    assert proc.returncode == 0  # not the --fail-on status: the reader left
    assert len(proc.stdout.encode()) == 100
    assert "Traceback" not in proc.stderr and "BrokenPipe" not in proc.stderr
