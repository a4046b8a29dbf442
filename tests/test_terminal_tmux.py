"""`nianbao check` in a real terminal (tmux) at 80 and 120 columns: the printed 29 of
（七）总计 of seed 002 is on screen with its marker, and a redirect to a file keeps it."""

from __future__ import annotations

import os
import re
import shlex
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest
from rich.cells import cell_len

SEED_002 = Path(__file__).parent.parent / "examples" / "002_ca1fd1482ab00037.txt"
DONE = "__nianbao_done__"

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(
        shutil.which("tmux") is None, reason="tmux not installed (apt-get install tmux)"
    ),
]


def _in_tmux(command: str, *, columns: int, tmp_path: Path) -> str:
    """Run ``command`` in a detached tmux pane ``columns`` wide; the whole scrollback, as the
    user would see it (escape sequences off), once the command has finished."""
    socket = f"nianbao-test-{os.getpid()}-{columns}"
    env = {
        "PATH": "/usr/bin:/bin",
        "HOME": str(tmp_path),
        "TERM": "xterm-256color",
        "PYTHONPATH": os.pathsep.join(sys.path),
    }
    tmux = ["tmux", "-L", socket, "-f", "/dev/null"]
    script = f"{command}; echo {DONE}; sleep 60"
    subprocess.run(
        [*tmux, "new-session", "-d", "-x", str(columns), "-y", "50", "sh", "-c", script],
        env=env,
        check=True,
    )
    try:
        subprocess.run([*tmux, "set-option", "-g", "history-limit", "20000"], check=True)
        for _ in range(600):
            screen = subprocess.run(
                [*tmux, "capture-pane", "-p", "-J", "-S", "-", "-E", "-"],
                capture_output=True,
                text=True,
                check=True,
            ).stdout
            if DONE in screen:
                return screen
            time.sleep(0.2)
        raise AssertionError(f"nianbao did not finish in tmux:\n{screen}")
    finally:
        subprocess.run([*tmux, "kill-server"], capture_output=True)


def _check(*extra: str) -> str:
    cmd = [sys.executable, "-m", "nianbao.cli", "check", str(SEED_002)]
    return " ".join(shlex.quote(c) for c in cmd) + " " + " ".join(extra)


def _total_rows(text: str) -> list[str]:
    return [line for line in text.splitlines() if line.startswith("│ （七）总计")]


@pytest.mark.parametrize("columns", [80, 120])
def test_the_failing_total_is_on_screen_with_its_marker(columns: int, tmp_path: Path) -> None:
    screen = _in_tmux(_check(), columns=columns, tmp_path=tmp_path)
    # wrapped lines are joined (-J): a line wider than the pane would show here
    assert max(cell_len(line) for line in screen.splitlines()) <= columns
    rows = _total_rows(screen)
    assert rows, screen[-3000:]
    assert any(re.search(r"✗29 │$", row) for row in rows), rows
    assert "图例：✗ 错误" in screen


def test_redirected_to_a_file_keeps_the_marker(tmp_path: Path) -> None:
    saved = tmp_path / "check.txt"
    _in_tmux(_check(">", shlex.quote(str(saved))), columns=80, tmp_path=tmp_path)
    text = saved.read_text(encoding="utf-8")
    assert "\x1b[" not in text  # no colour in a file: the marker alone carries the mark
    assert max(cell_len(line) for line in text.splitlines()) <= 80
    assert any(re.search(r"✗29 │$", row) for row in _total_rows(text))
