"""nianbao render: each gold report's data rendered as DOCX, HTML and Markdown reads back to the
same tables; consistent data renders with no arithmetic or text-versus-table finding; the
statistical sentences are written from the tables; errors stop the render unless --force."""

from __future__ import annotations

import io
import json
import shutil
import zipfile
from pathlib import Path
from typing import Any

import pytest
from lxml import etree

import nianbao
from corpus import GOLDS, gold_report, mismatches, needs_soffice
from nianbao.author import compose, load_data
from nianbao.author.publish import write_report
from nianbao.cli import main

TEMPLATE = Path(__file__).parent / "fixtures" / "template-2021-blank.docx"
_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
#: gold reports whose tables hold every identity (002 prints （七）总计 29 over results of 1)
CONSISTENT = [g for g in GOLDS if not g.stem.startswith("002")]
_ARITHMETIC_AND_TEXT = ["arithmetic", "TXT"]


def data_file(gold: Path, tmp: Path, *, narrative: bool = False) -> Path:
    """The gold report as a data file (the data model's JSON), narrative left to the skeleton."""
    obj = gold_report(gold).to_dict()
    if not narrative:
        obj["sections"] = []
    path = tmp / f"{gold.stem}.json"
    path.write_text(json.dumps(obj, ensure_ascii=False), encoding="utf-8")
    return path


def failing(findings: list[Any]) -> list[str]:
    return [f"{f.rule} {f.message}" for f in findings if f.status == "fail"]


@pytest.mark.parametrize("suffix", [".docx", ".html", ".md"])
@pytest.mark.parametrize("gold", GOLDS, ids=lambda p: p.stem)
def test_rendered_report_reads_back_to_the_same_tables(
    gold: Path, suffix: str, tmp_path: Path
) -> None:
    report = compose(load_data(data_file(gold, tmp_path)))
    out = tmp_path / f"report{suffix}"
    write_report(report, out)
    parsed = nianbao.parse(out)
    assert mismatches(gold, parsed) == []
    assert [s.no for s in parsed.sections] == [1, 2, 3, 4, 5, 6]


@pytest.mark.parametrize("gold", CONSISTENT, ids=lambda p: p.stem)
def test_consistent_data_renders_without_arithmetic_or_text_findings(
    gold: Path, tmp_path: Path
) -> None:
    report = compose(load_data(data_file(gold, tmp_path)))
    assert failing(nianbao.check(report, select=_ARITHMETIC_AND_TEXT)) == []
    out = tmp_path / "report.docx"
    write_report(report, out)
    assert failing(nianbao.check(nianbao.parse(out), select=_ARITHMETIC_AND_TEXT)) == []


def test_statistical_sentences_come_from_the_tables(tmp_path: Path) -> None:
    huaian = next(g for g in GOLDS if g.stem == "huaian-2024")
    report = compose(load_data(data_file(huaian, tmp_path)))
    overview = report.section(1)
    assert overview is not None
    new = report.cell("requests", "new_received", "total")
    granted = report.cell("requests", "granted", "total")
    assert new is not None and granted is not None
    assert f"全年共收到政府信息公开申请{new.value}件" in overview.text
    assert f"其中予以公开{granted.value}件" in overview.text
    # the checker reads those sentences: change the table alone and the text disagrees
    changed = report.with_value("requests", "new_received", "total", int(new.value) + 7)  # type: ignore[arg-type]
    assert any(f.startswith("TXT-01") for f in failing(nianbao.check(changed, select=["TXT"])))


def test_user_narrative_is_kept_and_only_empty_sections_get_the_skeleton(tmp_path: Path) -> None:
    gold = GOLDS[0]
    obj = gold_report(gold).to_dict()
    obj["sections"] = [{"no": 5, "text": "存在的主要问题是解读不够。\n下一步将加强培训。"}]
    path = tmp_path / "d.json"
    path.write_text(json.dumps(obj, ensure_ascii=False), encoding="utf-8")
    report = compose(load_data(path))
    five, six = report.section(5), report.section(6)
    assert five is not None and five.text == "存在的主要问题是解读不够。\n下一步将加强培训。"
    assert six is not None and "信息处理费" in six.text and "【请填写" in six.text


def test_docx_has_title_headings_fonts_and_signature(tmp_path: Path) -> None:
    huaian = next(g for g in GOLDS if g.stem == "huaian-2024")
    report = compose(load_data(data_file(huaian, tmp_path)))
    out = tmp_path / "r.docx"
    write_report(report, out)
    xml = zipfile.ZipFile(out).read("word/document.xml").decode()
    for font in ("仿宋_GB2312", "黑体", "宋体"):
        assert f'w:eastAsia="{font}"' in xml
    assert "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）" in xml
    parsed = nianbao.parse(out)
    assert parsed.meta.year == 2024
    texts = [p.text for p in parsed.paragraphs]
    assert texts[0].endswith("2024年政府信息公开工作年度报告")
    assert texts[-1] == "2025年1月20日"


def _structure(data: bytes) -> list[list[list[tuple[int, str | None]]]]:
    """Per table, per row: (gridSpan, vMerge) of every cell, as Word stores the merges."""
    root = etree.fromstring(zipfile.ZipFile(io.BytesIO(data)).read("word/document.xml"))
    out = []
    for tbl in root.iter(f"{_W}tbl"):
        rows = []
        for tr in tbl.findall(f"{_W}tr"):
            cells = []
            for tc in tr.findall(f"{_W}tc"):
                span = tc.find(f"{_W}tcPr/{_W}gridSpan")
                merge = tc.find(f"{_W}tcPr/{_W}vMerge")
                cells.append(
                    (
                        int(span.get(f"{_W}val")) if span is not None else 1,
                        None if merge is None else (merge.get(f"{_W}val") or "continue"),
                    )
                )
            rows.append(cells)
        out.append(rows)
    return out


@pytest.mark.slow
@needs_soffice
def test_rendered_docx_has_the_template_structure_and_converts_to_pdf(tmp_path: Path) -> None:
    huaian = next(g for g in GOLDS if g.stem == "huaian-2024")
    report = compose(load_data(data_file(huaian, tmp_path)))
    docx = tmp_path / "r.docx"
    write_report(report, docx)
    assert _structure(docx.read_bytes()) == _structure(TEMPLATE.read_bytes())
    pdf = tmp_path / "r.pdf"
    write_report(report, pdf)
    assert pdf.read_bytes().startswith(b"%PDF")
    assert mismatches(huaian, nianbao.parse(pdf)) == []


def test_pdf_without_libreoffice_says_how_to_install(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(shutil, "which", lambda name: None)
    data = data_file(GOLDS[-1], tmp_path)
    assert main(["render", str(data), "--out", str(tmp_path / "r.pdf")]) == 2
    err = capsys.readouterr().err
    assert "生成 PDF 需要 LibreOffice" in err and "apt-get install" in err
    assert not (tmp_path / "r.pdf").exists()


def test_errors_stop_the_render_unless_forced(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    broken = next(g for g in GOLDS if g.stem.startswith("002"))
    data = data_file(broken, tmp_path)
    out = tmp_path / "r.html"
    assert main(["render", str(data), "--out", str(out)]) == 1
    err = capsys.readouterr().err
    assert "T3-02" in err and "勾稽关系不成立" in err and "--force" in err
    assert not out.exists()
    assert main(["render", str(data), "--out", str(out), "--force"]) == 0
    assert mismatches(broken, nianbao.parse(out)) == []


def test_bad_data_file_is_one_clear_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "d.yaml"
    path.write_text("meta:\n  year: 2024\nrequests:\n  new_recieved:\n    natural_person: 3\n")
    assert main(["render", str(path), "--out", str(tmp_path / "r.md")]) == 2
    err = capsys.readouterr().err
    assert "d.yaml" in err and "new_recieved" in err and "new_received" in err
