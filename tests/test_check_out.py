"""`nianbao check --out DIR`: a printable check report per file, index.html, summary.csv and
summary.xlsx; every file of a folder accounted for, whatever its name or content."""

from __future__ import annotations

import csv
import shutil
import subprocess
from pathlib import Path

import pytest
from openpyxl import load_workbook

from nianbao.cli import main
from nianbao.render.pdf_print import printer

EXAMPLES = Path(__file__).parent.parent / "examples"
SEED_002 = EXAMPLES / "002_ca1fd1482ab00037.txt"


def _folder(tmp_path: Path) -> Path:
    folder = tmp_path / "in"
    folder.mkdir()
    shutil.copy(SEED_002, folder / "download")  # a report with no extension is read
    (folder / "random.bin").write_bytes(bytes(range(256)) * 20)
    (folder / "empty.txt").write_bytes(b"")
    (folder / "<script>.txt").write_text("<script>alert(1)</script>", encoding="utf-8")
    return folder


def test_out_writes_check_reports_index_and_summaries(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "out"
    assert main(["check", "--no-tables", "--out", str(out), str(_folder(tmp_path))]) == 2
    err = capsys.readouterr().err
    assert "文件 4 个：读取 1，无法读取 1，跳过 2" in err
    assert "跳过：" in err and "random.bin" in err
    assert "最常见的问题：" in err and "T3-02" in err
    page = next(out.glob("*download.html")).read_text(encoding="utf-8")
    # the printed 29 of （七）总计 marked by class and symbol, and its finding with 依据 and fix
    assert 'data-cell="requests/total/total"><span class="marker">✗</span>29<' in page
    assert "T3-02" in page and "依据：国办公开办函〔2021〕30号" in page and "改法：" in page
    assert "检查意见" in page and "河曲县人民政府办公室" in page and "需修改：有错误" in page
    index = (out / "index.html").read_text(encoding="utf-8")
    assert "&lt;script&gt;" in index and "<script>" not in index
    assert "download.html" in index and "文件为空" in index and "跳过" in index
    with (out / "summary.csv").open(encoding="utf-8-sig") as fh:
        rows = list(csv.reader(fh))
    assert rows[0][:5] == ["文件", "机关", "年度", "格式", "结论"]
    assert len(rows) == 5  # header + every file
    book = load_workbook(out / "summary.xlsx")
    assert book.sheetnames == ["汇总", "全部问题"]
    assert book["汇总"].freeze_panes == "A2" and book["汇总"].max_row == 5
    assert any(r[3] == "T3-02" for r in book["全部问题"].iter_rows(values_only=True))


def test_empty_folder_says_so(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", str(tmp_path)]) == 2
    assert "目录为空" in capsys.readouterr().err


def test_select_takes_a_string_in_any_case() -> None:
    from nianbao import parse
    from nianbao.runner import check

    report = parse(SEED_002)
    rules = {f.rule for f in check(report, select="t3-02")}
    assert rules == {"T3-02"}
    assert {f.rule for f in check(report, select="T3-02,tXt-01")} == {"T3-02", "TXT-01"}
    with pytest.raises(ValueError, match="NOPE"):
        check(report, select="NOPE")


def test_pdf_without_a_printer_says_what_to_install(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("nianbao.render.pdf_print.printer", lambda: None)
    out = tmp_path / "out"
    assert main(["check", "--no-tables", "--out", str(out), "--pdf", str(SEED_002)]) == 0
    assert "没有安装 Chromium 或 LibreOffice" in capsys.readouterr().err
    assert (out / "index.html").is_file() and not list(out.glob("*.pdf"))


@pytest.mark.slow
@pytest.mark.skipif(printer() is None, reason="no Chromium or LibreOffice")
def test_pdf_printed_keeps_the_marker(tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert main(["check", "--no-tables", "--out", str(out), "--pdf", str(SEED_002)]) == 0
    pdf = next(out.glob("*.pdf"))
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True).stdout
    assert "T3-02" in text and "✗" in text


@pytest.mark.slow
def test_every_file_of_a_folder_is_accounted_for(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The issue's folder: a PDF named ``download``, an .xlsx, a random binary, an empty file."""
    folder = tmp_path / "in"
    folder.mkdir()
    shutil.copy(Path(__file__).parent / "fixtures" / "huaian-2024.pdf", folder / "download")
    assert (
        main(
            [
                "template",
                "--year",
                "2023",
                "--format",
                "xlsx",
                "--out",
                str(folder / "年报数据.xlsx"),
            ]
        )
        == 0
    )
    (folder / "random.bin").write_bytes(bytes(range(256)) * 20)
    (folder / "empty").write_bytes(b"")
    capsys.readouterr()
    out = tmp_path / "out"
    assert main(["check", "--no-tables", "--out", str(out), str(folder)]) == 2  # the empty file
    err = capsys.readouterr().err
    assert "文件 4 个：读取 2，无法读取 1，跳过 1" in err
    with (out / "summary.csv").open(encoding="utf-8-sig") as fh:
        rows = {Path(r[0]).name: r for r in list(csv.reader(fh))[1:]}
    assert set(rows) == {"download", "年报数据.xlsx", "random.bin", "empty"}
    assert rows["download"][1] == "淮安市人民政府" and rows["download"][10].endswith(".html")
    assert rows["random.bin"][4] == "跳过" and rows["empty"][4] == "无法读取"
    assert "文件为空" in rows["empty"][9]
    index = (out / "index.html").read_text(encoding="utf-8")
    assert all(name in index for name in rows)
