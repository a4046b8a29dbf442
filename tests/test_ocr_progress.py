"""A slow scanned file shows its pages as they are recognised, on a terminal only."""

from __future__ import annotations

import os
import pty
import subprocess
import sys
from pathlib import Path

import pytest

from scanned import scan_page

HUAIAN = Path(__file__).parent / "fixtures" / "huaian-2024.pdf"

pytestmark = pytest.mark.slow


def _env(tmp_path: Path) -> dict[str, str]:
    return {
        "PATH": "/usr/bin:/bin",
        "HOME": str(tmp_path),
        "TERM": "xterm-256color",
        "COLUMNS": "100",
        "PYTHONPATH": os.pathsep.join(sys.path),
    }


def test_pages_are_shown_on_a_terminal_and_not_in_a_log(tmp_path: Path) -> None:
    pages = [str(scan_page(HUAIAN, tmp_path, page=p, fmt="png")) for p in (3, 4)]
    config = tmp_path / "slow.toml"
    config.write_text("file_timeout = 900\n", encoding="utf-8")  # a shared, loaded machine
    cmd = [sys.executable, "-m", "nianbao.cli", "parse", "--json", "--no-cache", "--jobs", "1"]
    cmd += ["--config", str(config), "--pages", *pages]
    master, slave = pty.openpty()
    with (tmp_path / "out.json").open("wb") as out:
        proc = subprocess.Popen(cmd, stdout=out, stderr=slave, env=_env(tmp_path))
    os.close(slave)
    seen = b""
    while True:
        try:
            chunk = os.read(master, 65536)
        except OSError:  # the terminal's other end closed
            break
        if not chunk:
            break
        seen += chunk
    os.close(master)
    assert proc.wait(timeout=300) == 0
    screen = seen.decode("utf-8", "replace")
    assert "文字识别" in screen and "第 1/2 页" in screen and "第 2/2 页" in screen
    assert (tmp_path / "out.json").stat().st_size > 1000

    with (tmp_path / "log.txt").open("wb") as log:
        proc2 = subprocess.run(
            cmd[:-2] + pages[:1], stdout=subprocess.DEVNULL, stderr=log, env=_env(tmp_path)
        )
    assert proc2.returncode == 0
    assert "文字识别" not in (tmp_path / "log.txt").read_text(encoding="utf-8")
