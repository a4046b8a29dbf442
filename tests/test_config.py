"""`--config nianbao.toml`: every setting from a TOML file, unknown keys and wrong types named,
the example file documenting every setting with its true default."""

from __future__ import annotations

import re
from dataclasses import fields, replace
from pathlib import Path

import pytest

from nianbao.cli import main
from nianbao.config import load_settings
from nianbao.errors import NianbaoError
from nianbao.settings import DEFAULT, LayoutSettings, Settings

ROOT = Path(__file__).parent.parent
EXAMPLE = ROOT / "docs" / "nianbao.example.toml"
SEED_002 = ROOT / "examples" / "002_ca1fd1482ab00037.txt"
#: settings whose default is None: the example shows a value that turns them on
OFF_BY_DEFAULT = {"local_deadline", "section_one_max_chars", "ocr_cache"}


def _uncommented(tmp_path: Path) -> Path:
    text = re.sub(r"^# (\w+ = .*)$", r"\1", EXAMPLE.read_text(encoding="utf-8"), flags=re.M)
    path = tmp_path / "all.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_example_documents_every_setting_with_its_default(tmp_path: Path) -> None:
    text = EXAMPLE.read_text(encoding="utf-8")
    for f in [*fields(Settings), *fields(LayoutSettings)]:
        if f.name != "layout":
            assert re.search(rf"^# {f.name} = ", text, re.M), f.name
    loaded = load_settings(_uncommented(tmp_path))
    for f in fields(Settings):
        if f.name not in OFF_BY_DEFAULT:
            assert getattr(loaded, f.name) == getattr(DEFAULT, f.name), f.name
    assert loaded.local_deadline == "01-31" and loaded.section_one_max_chars == 1500


def test_values_are_read_and_layout_is_its_own_table(tmp_path: Path) -> None:
    path = tmp_path / "n.toml"
    path.write_text(
        'local_deadline = "03-31"\nocr_min_confidence = 0.8\nfile_timeout = 30\n'
        "[layout]\ncell_gap_ems = 1.5\n",
        encoding="utf-8",
    )
    s = load_settings(path)
    assert s == replace(
        DEFAULT,
        local_deadline="03-31",
        ocr_min_confidence=0.8,
        file_timeout=30.0,
        layout=replace(DEFAULT.layout, cell_gap_ems=1.5),
    )
    assert isinstance(s.file_timeout, float)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("max_page = 3\n", "未知的设置项 max_page"),
        ("[layout]\ncell_gap = 1\n", "未知的设置项 layout.cell_gap"),
        ('max_pages = "many"\n', "设置项 max_pages 应为整数"),
        ("section_one_counts = 1\n", "设置项 section_one_counts 应为true 或 false"),
        ("max_pages = true\n", "设置项 max_pages 应为整数"),
        ("layout = 3\n", "layout 应为表"),
        ("max_pages = \n", "不是有效的 TOML"),
        ('local_deadline = "3月31日"\n', "设置项 local_deadline 应为月-日，如 03-31"),
    ],
)
def test_a_bad_key_or_value_is_an_error_naming_it(tmp_path: Path, text: str, message: str) -> None:
    path = tmp_path / "bad.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(NianbaoError, match=re.escape(message)) as err:
        load_settings(path)
    assert str(err.value).startswith(str(path))


def test_check_with_a_config_turns_on_the_local_rules(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["check", "--no-tables", "--no-cache", str(SEED_002)]) == 0
    assert "SEC-08" not in capsys.readouterr().out
    config = tmp_path / "nianbao.toml"
    config.write_text("section_one_max_chars = 10\n", encoding="utf-8")
    argv = ["check", "--no-tables", "--no-cache", "--config", str(config), str(SEED_002)]
    assert main(argv) == 0
    assert "[SEC-08]" in capsys.readouterr().out


def test_check_with_a_bad_config_is_a_usage_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    config = tmp_path / "nianbao.toml"
    config.write_text("ocr_treshold = 0.8\n", encoding="utf-8")
    assert main(["check", "--config", str(config), str(SEED_002)]) == 2
    assert "未知的设置项 ocr_treshold" in capsys.readouterr().err
