"""`nianbao parse`: the official tables in the terminal, the JSON model, the debug trace."""

from __future__ import annotations

import json
import subprocess
import sys

from gold import EXAMPLES, FIXTURES


def _run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "nianbao.cli", *args],
        capture_output=True,
        text=True,
        timeout=60,
        env={"COLUMNS": "160", "PATH": "/usr/bin:/bin"},
    )


def test_terminal_shows_official_labels_and_blanks() -> None:
    proc = _run("parse", str(EXAMPLES / "000_898f5e2484ea1ed0.txt"))
    assert proc.returncode == 0
    out = proc.stdout
    assert "二、主动公开政府信息情况（2019 年格式）" in out
    assert "（六）其他处理" in out
    assert "（空白）" in out
    assert "国办公开办函〔2019〕60号" in out


def test_json_is_the_data_model() -> None:
    proc = _run("parse", "--json", str(EXAMPLES / "002_ca1fd1482ab00037.txt"))
    data = json.loads(proc.stdout)
    assert data["requests"]["total"]["total"] == 29
    assert data["active"]["fees"]["amount"] == 1505.5301
    assert data["meta"]["year"] == 2023


def test_debug_shows_grids_and_which_lines_became_rows() -> None:
    proc = _run("parse", "--debug", str(FIXTURES / "huaian-2024.layout.txt"))
    assert proc.returncode == 0
    assert "表格网格" in proc.stdout and "positions" in proc.stdout
    assert "other.no_correction" in proc.stdout
    assert "标签由相邻行拼接" in proc.stdout
