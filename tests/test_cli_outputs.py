"""Output formats from the renderer registry: ``--format`` / ``--output`` and the layer rule."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from gold import EXAMPLES
from nianbao import check
from nianbao.cli import main
from nianbao.render import Options, Output, Renderer, load_renderers, register_renderer

SEED_002 = str(EXAMPLES / "002_ca1fd1482ab00037.txt")
SEED_003 = str(EXAMPLES / "003_f25b27e041e62a7d.txt")
SRC = Path(__file__).resolve().parents[1] / "src" / "nianbao"


def test_html_output_is_the_report_in_the_official_layout(tmp_path: Path) -> None:
    target = tmp_path / "report.html"
    assert main(["parse", "--format", "html", "--output", str(target), SEED_002]) == 0
    page = target.read_text(encoding="utf-8")
    assert main(["parse", "--format", "html", "-o", str(tmp_path / "all"), SEED_002, SEED_003]) == 0
    assert sorted(p.name for p in (tmp_path / "all").iterdir()) == [
        "002_ca1fd1482ab00037.html",
        "003_f25b27e041e62a7d.html",
    ]
    assert page.startswith("<!DOCTYPE html>")
    assert "<title>河曲县 2023 年政府信息公开工作年度报告</title>" in page
    assert "1505.5301" in page


def test_docx_needs_an_output_and_goes_into_a_directory_by_file_name(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["parse", "--format", "docx", SEED_002]) == 2
    assert "--output" in capsys.readouterr().err
    assert main(["parse", "--format", "docx", "-o", str(tmp_path), SEED_002]) == 0
    written = sorted(p.name for p in tmp_path.iterdir())
    assert written == ["002_ca1fd1482ab00037.docx"]
    docx = pytest.importorskip("docx")
    text = "\n".join(p.text for p in docx.Document(str(tmp_path / written[0])).paragraphs)
    assert "河曲县" in text


def test_check_offers_only_renderers_that_show_findings(
    capsys: pytest.CaptureFixture[str],
) -> None:
    with pytest.raises(SystemExit):
        main(["check", "--format", "html", SEED_002])
    assert "无效的选择 'html'" in capsys.readouterr().err


def test_a_registered_renderer_is_offered_without_touching_the_cli(
    capsys: pytest.CaptureFixture[str],
) -> None:
    def count(out: Output, options: Options) -> str:
        return f"{out.report.meta.year} {len(out.findings or ())}\n"

    registry = load_renderers()
    register_renderer(Renderer("count", "测试", count, ".txt", findings=True, stream=True))
    try:
        assert main(["check", "--format", "count", "--select", "T3-02", SEED_002]) == 0
        expected = len(check(SEED_002, select=["T3-02"]))
        assert capsys.readouterr().out == f"2023 {expected}\n"
        with pytest.raises(ValueError, match="twice"):
            register_renderer(registry["count"])
    finally:
        del registry["count"]


def _imports(path: Path) -> set[str]:
    """The modules a file imports, resolved against the nianbao package."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    package = path.relative_to(SRC.parent).with_suffix("").parts[:-1]
    out: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            out |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom):
            base = list(package[: len(package) - node.level + 1]) if node.level else []
            module = ".".join([*base, *(node.module.split(".") if node.module else [])])
            out |= {module} | {f"{module}.{alias.name}" for alias in node.names}
    return out


def test_rules_never_import_the_runner_renderers_or_cli() -> None:
    """Layers point one way: read → extract → check → render; rules know nothing above them."""
    upward = ("nianbao.runner", "nianbao.render", "nianbao.cli")
    for path in sorted((SRC / "rules").glob("*.py")):
        bad = sorted(m for m in _imports(path) if m.startswith(upward))
        assert not bad, f"{path.name} imports {bad}"
