"""Where to look in Word: a DOCX cell's location names the table and its row and column in
that Word table, and the check output says so."""

from __future__ import annotations

import io
from pathlib import Path

import docx
import pytest

import nianbao
from nianbao.cli import main
from nianbao.render.docx import render_docx

SEED_002 = Path(__file__).parent.parent / "examples" / "002_ca1fd1482ab00037.txt"


@pytest.fixture(scope="module")
def word_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Seed 002 as a Word file, with a one-cell layout table (a letterhead) before the text."""
    document = docx.Document(io.BytesIO(render_docx(nianbao.parse(SEED_002))))
    letterhead = document.add_table(rows=1, cols=1)
    letterhead.cell(0, 0).text = "河曲县人民政府办公室"
    document.element.body.insert(0, letterhead._tbl)
    path = tmp_path_factory.mktemp("docx") / "report.docx"
    document.save(str(path))
    return path


def test_every_cell_points_at_its_word_table_row_and_column(word_file: Path) -> None:
    report = nianbao.parse(word_file)
    tables = docx.Document(str(word_file)).tables
    checked = 0
    for table_id, table in report.tables.items():
        for row in table.rows.values():
            for cell in row.cells.values():
                assert cell.location.grid is not None, (table_id, row.id)
                number, r, c = cell.location.grid
                assert tables[number - 1].rows[r - 1].cells[c - 1].text.strip() == cell.raw.strip()
                checked += 1
    assert checked > 100
    total = report.cell("requests", "total", "total")
    assert total is not None and total.location.grid == (3, 27, 10)  # the letterhead is table 1
    assert report.to_dict()["evidence"]["requests"]["total"]["cells"]["total"]["grid"] == (
        3,
        27,
        10,
    )


def test_check_names_the_word_table_row_and_column(
    word_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["check", "--no-tables", str(word_file)]) == 0
    out = capsys.readouterr().out
    assert "表三 第 3 个表格第 27 行第 10 列" in out
    assert "表三 第 20 行" not in out
