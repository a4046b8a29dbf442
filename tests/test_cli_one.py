"""One CLI: ``parse`` takes files and folders like ``check``, ``-`` is standard input, every
``--help`` ends with examples and the exit codes, and argparse speaks Chinese."""

from __future__ import annotations

import argparse
import io
import json
import shutil
import sys
from pathlib import Path

import pytest

from nianbao.cli import build_parser, main

EXAMPLES = Path(__file__).parent.parent / "examples"
SEED_002 = EXAMPLES / "002_ca1fd1482ab00037.txt"


def _stdin(monkeypatch: pytest.MonkeyPatch, data: bytes) -> None:
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(data)))


def test_parse_json_of_a_folder_is_json_lines_with_the_unreadable_object(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    shutil.copy(SEED_002, folder / "download")
    (folder / "noise.bin").write_bytes(bytes(range(256)) * 8)
    missing = str(tmp_path / "missing.pdf")
    assert main(["parse", "--json", "--jobs", "1", str(folder), missing]) == 2
    captured = capsys.readouterr()
    lines = [json.loads(line) for line in captured.out.splitlines()]
    assert len(lines) == 3  # one line per file: the report, the skipped binary, the missing file
    assert lines[0]["requests"]["total"]["total"] == 29
    assert lines[1]["report"] is None and lines[1]["path"].endswith("noise.bin")
    assert lines[1]["skipped"] and "error" not in lines[1]
    assert lines[2] == {
        "report": None,
        "path": missing,
        "error": f"{missing}：文件不存在（file not found）",
        "findings": [],
    }
    assert "跳过：" in captured.err and "noise.bin" in captured.err


def test_parse_and_check_read_standard_input(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    _stdin(monkeypatch, SEED_002.read_bytes())
    assert main(["parse", "--json", "-"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["requests"]["total"]["total"] == 29 and data["source"]["path"] is None
    _stdin(monkeypatch, SEED_002.read_bytes())
    assert main(["check", "--json", "--fail-on", "error", "-"]) == 1
    line = json.loads(capsys.readouterr().out)
    assert any(f["rule"] == "T3-02" for f in line["findings"])


def test_empty_standard_input_is_a_one_line_error(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    _stdin(monkeypatch, b"")
    assert main(["check", "-"]) == 2
    assert "文件为空（file is empty）" in capsys.readouterr().err


def _commands() -> dict[str, argparse.ArgumentParser]:
    parser = build_parser()
    sub = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    return dict(sub.choices)


def test_every_help_has_examples_and_exit_codes_in_chinese() -> None:
    for name, parser in {"nianbao": build_parser(), **_commands()}.items():
        text = parser.format_help()
        assert text.startswith("用法：nianbao"), name
        assert "示例：\n  nianbao" in text, name
        assert "退出码：\n  0    成功" in text and "  2    有文件无法读取" in text, name
        assert "\n选项:\n" in text and "显示此帮助并退出" in text, name
        assert "usage:" not in text and "options:" not in text, name
    check = _commands()["check"].format_help()
    assert "  1    有达到 --fail-on 级别的问题" in check
    assert "  1    " not in _commands()["parse"].format_help()


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["parse"], "nianbao parse：错误：缺少必需的参数：FILE_OR_DIR"),
        (
            ["check", "--fail-on", "x", "a"],
            "参数 --fail-on：无效的选择 'x'（可选：'error', 'warning'）",
        ),
        (["check", "--jobs", "many", "a"], "参数 --jobs：无效的 int 值 'many'"),
        (["nosuch"], "参数 命令：无效的选择 'nosuch'"),
        (["check", "a", "--bogus"], "无法识别的参数：--bogus"),
    ],
)
def test_argparse_errors_are_in_chinese(
    argv: list[str], message: str, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit) as exc:
        main(argv)
    assert exc.value.code == 2
    err = capsys.readouterr().err
    assert err.startswith("用法：nianbao")
    assert message in err
    assert "error:" not in err and "usage:" not in err
