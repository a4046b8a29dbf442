"""`nianbao check --out DIR --docx`: each check report also as a Word file an agency can open,
with the header, every finding (rule, message, 依据, evidence, fix) and the three tables with
the failing cells shaded and marked by symbol."""

from __future__ import annotations

from pathlib import Path

import docx
import pytest
from docx.oxml.ns import qn

from nianbao.cli import main

SEED_002 = Path(__file__).parent.parent / "examples" / "002_ca1fd1482ab00037.txt"


def test_docx_check_report_has_findings_and_marked_cells(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "out"
    assert main(["check", "--out", str(out), "--docx", str(SEED_002)]) == 0
    word = docx.Document(str(next(out.glob("*.docx"))))
    text = "\n".join(p.text for p in word.paragraphs)
    assert text.startswith("河曲县 2023 年政府信息公开工作年度报告 检查意见")
    assert "结论：需修改：有错误" in text and "问题数：错误 1" in text
    assert "T3-02 错误" in text and "依据：国办公开办函〔2021〕30号" in text
    assert "证据：" in text and "改法：" in text and "图例：✗ 错误" in text
    assert len(word.tables) == 3
    requests = word.tables[1]
    total = next(r for r in requests.rows if any(c.text == "（七）总计" for c in r.cells))
    cell = total.cells[-1]
    assert cell.text == "✗29"
    shading = cell._tc.tcPr.find(qn("w:shd"))
    assert shading is not None and shading.get(qn("w:fill")) == "F8C4C4"
    # every marked cell is shaded, and no other cell
    cells = [c for r in requests.rows for c in r.cells]
    for c in cells:
        shaded = c._tc.tcPr is not None and c._tc.tcPr.find(qn("w:shd")) is not None
        assert shaded == c.text.startswith(("✗", "!", "?", "◆")), c.text
    assert sum(1 for c in cells if c.text == "0") > 20  # unmarked values stay as printed
    index = (out / "index.html").read_text(encoding="utf-8")
    assert '.docx">DOCX</a>' in index


def test_docx_needs_out(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", "--docx", str(SEED_002)]) == 2
    assert "--docx 需要与 --out DIR 一起使用" in capsys.readouterr().err
