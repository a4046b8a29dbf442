"""`nianbao check` on a terminal of any width: every column visible, failing cells marked with
a text marker that survives redirection, rule ids never alone on a line, counts as in JSON."""

from __future__ import annotations

import io
import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
from rich.console import Console

from nianbao import parse
from nianbao.render.findings import print_findings, summary
from nianbao.runner import check

SEED_002 = str(Path(__file__).parent.parent / "examples" / "002_ca1fd1482ab00037.txt")
#: 表三 headers short enough never to fold (the longer ones may fold inside their column)
T3_HEADERS = ("自然人", "商业企业", "科研机构", "其他", "总计")


def _run(*args: str, columns: int) -> str:
    proc = subprocess.run(
        [sys.executable, "-m", "nianbao.cli", *args],
        capture_output=True,
        text=True,
        timeout=120,
        env={"COLUMNS": str(columns), "PATH": "/usr/bin:/bin", "PYTHONPATH": ":".join(sys.path)},
    )
    assert proc.returncode == 0, proc.stderr
    return proc.stdout


def _total_row(out: str) -> list[str]:
    """The （七）总计 rows of 表三, one per block of columns."""
    return [line for line in out.splitlines() if line.startswith("│ （七）总计")]


@pytest.mark.parametrize("columns", [80, 100, 120])
def test_redirected_output_shows_every_column_and_the_marked_total(columns: int) -> None:
    out = _run("check", SEED_002, columns=columns)
    assert max(len(line) for line in out.splitlines()) <= columns
    for header in T3_HEADERS:
        assert f" {header} " in out, header
    rows = _total_row(out)
    # the printed 29 of （七）总计, with its marker, in the block holding the 总计 column
    assert any(re.search(r"✗29 │$", row) for row in rows), rows
    assert "图例：✗ 错误" in out
    # a rule id is never alone on its line
    assert not re.search(r"^\s*\[[A-Z]+-\d+\]\s*$", out, re.MULTILINE)
    assert "[T3-02]表三（七）总计" in out


def test_colour_terminal_keeps_the_marker_beside_the_colour() -> None:
    report = parse(SEED_002)
    buf = io.StringIO()
    con = Console(file=buf, width=80, force_terminal=True, color_system="standard")
    print_findings(report, check(report), out=con)
    text = buf.getvalue()
    assert "\x1b[" in text  # coloured
    plain = re.sub(r"\x1b\[[0-9;]*m", "", text)
    assert any("✗29" in row for row in _total_row(plain))


def test_header_counts_equal_the_json_counts() -> None:
    line = _run("check", "--json", SEED_002, columns=80).splitlines()[0]
    obj = json.loads(line)
    findings = [f for f in obj["findings"] if f["status"] != "note"]
    for sev in ("error", "warning", "info"):
        assert obj["counts"][sev] == sum(1 for f in findings if f["severity"] == sev)
    report = parse(SEED_002)
    head = summary(check(report))
    assert head.startswith(
        f"错误 {obj['counts']['error']} · 警告 {obj['counts']['warning']} · "
        f"提示 {obj['counts']['info']}"
    )
