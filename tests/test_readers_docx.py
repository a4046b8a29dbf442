"""DOCX reader: the official template's merged cells, body order, headings, nested and layout
tables, and the rendered corpus read back at 100% against gold."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest

import nianbao
from corpus import GOLDS, gold_report, make_docx, mismatches
from gold import FIXTURES
from nianbao.model import Document, TableGrid, TextBlock
from nianbao.readers import docx as docx_reader
from nianbao.readers import read
from nianbao.render.docx import render_docx
from nianbao.settings import DEFAULT

docx = pytest.importorskip("docx")

TEMPLATE = FIXTURES / "template-2021-blank.docx"


def _docx_bytes(build) -> bytes:  # type: ignore[no-untyped-def]
    document = docx.Document()
    build(document)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def _merged_mask(grid: TableGrid) -> list[list[bool]]:
    return [[c.merged for c in row] for row in grid.rows]


def test_template_merges_are_expanded() -> None:
    xml = zipfile.ZipFile(TEMPLATE).read("word/document.xml").decode()
    assert (xml.count("<w:vMerge"), xml.count("<w:gridSpan")) == (58, 26)

    doc = read(TEMPLATE)
    active, requests, review = doc.tables
    assert [(len(t.rows), len(t.rows[0])) for t in doc.tables] == [(14, 4), (28, 10), (4, 15)]
    # every position a gridSpan or vMerge covers is present and marked, none twice
    assert [sum(c.merged for r in t.rows for c in r) for t in doc.tables] == [26, 65, 26]

    # horizontal: 第二十条第（一）项 spans the four columns
    assert [c.text for c in active.rows[0]] == ["第二十条第（一）项"] * 4
    assert _merged_mask(active)[0] == [False, True, True, True]
    # vertical: 三、本年度办理结果 runs down rows 6–27 of the first column
    column = [row[0] for row in requests.rows[5:27]]
    assert {c.text for c in column} == {"三、本年度办理结果"}
    assert [c.merged for c in column] == [False] + [True] * 21
    # both at once: the balance note spans 3 columns and 3 rows
    note = [row[c] for row in requests.rows[:3] for c in range(3)]
    assert all(c.text.startswith("（本列数据的勾稽关系为") for c in note)
    assert [c.merged for c in note] == [False] + [True] * 8
    # 自然人 spans two header rows; 总计 too
    assert (requests.rows[1][3].text, requests.rows[2][3].merged) == ("自然人", True)
    assert (requests.rows[1][9].text, requests.rows[2][9].merged) == ("总计", True)
    # table 四: 行政诉讼 spans 10 columns, 结果维持 of 行政复议 spans 2 rows
    assert sum(c.text == "行政诉讼" for c in review.rows[0]) == 10
    assert review.rows[2][0].text == "结果维持" and review.rows[2][0].merged
    assert not any(c.merged for c in review.rows[3])


def test_template_body_order_interleaves_paragraphs_and_tables() -> None:
    doc = read(TEMPLATE)
    shape = ["T" if isinstance(b, TableGrid) else b.text for b in doc.blocks]
    i = shape.index("二、主动公开政府信息情况")
    assert shape[i + 1 : i + 4] == ["T", "三、收到和处理政府信息公开申请情况", "T"]
    assert shape[-2:] == ["六、其他需要报告的事项", "（文字描述，收取信息处理费情况在此处报告。）"]
    assert [b.location.line for b in doc.blocks] == list(range(1, len(doc.blocks) + 1))
    assert doc.reader == "docx" and doc.pages == 3


def test_rendered_docx_has_the_template_layout() -> None:
    """The renderer's 2021 tables have exactly the template's shape and merged cells."""
    huaian = next(g for g in GOLDS if g.stem == "huaian-2024")
    rendered = read(render_docx(gold_report(huaian)))
    template = read(TEMPLATE)
    assert [_merged_mask(t) for t in rendered.tables] == [_merged_mask(t) for t in template.tables]
    labels = [[c.text for c in row[:3]] for row in template.tables[1].rows[3:]]
    assert [[c.text for c in row[:3]] for row in rendered.tables[1].rows[3:]] == labels


@pytest.mark.parametrize("gold", GOLDS, ids=lambda p: p.stem)
def test_corpus_docx_reads_back_exactly(gold: Path, tmp_path: Path) -> None:
    report = nianbao.parse(make_docx(gold, tmp_path))
    assert report.source.reader == "docx"
    assert mismatches(gold, report) == []


def test_headings_by_style_name_and_outline_level() -> None:
    def build(d):  # type: ignore[no-untyped-def]
        d.add_paragraph("某县2023年政府信息公开工作年度报告", style="Title")
        d.add_paragraph("一、总体情况", style="Heading 1")
        d.add_paragraph("正文第一段。")
        p = d.add_paragraph("二、主动公开政府信息情况")
        p.paragraph_format.element.get_or_add_pPr().append(
            docx.oxml.parse_xml(
                '<w:outlineLvl xmlns:w="http://schemas.openxmlformats.org/'
                'wordprocessingml/2006/main" w:val="1"/>'
            )
        )

    doc = read(_docx_bytes(build))
    assert [(b.text, b.kind) for b in doc.paragraphs] == [
        ("某县2023年政府信息公开工作年度报告", "heading"),
        ("一、总体情况", "heading"),
        ("正文第一段。", "paragraph"),
        ("二、主动公开政府信息情况", "heading"),
    ]


def test_nested_table_follows_its_outer_table_and_layout_table_is_text() -> None:
    def build(d):  # type: ignore[no-untyped-def]
        wrapper = d.add_table(rows=1, cols=1)  # a one-cell layout table around the report
        cell = wrapper.cell(0, 0)
        cell.paragraphs[0].text = "一、总体情况"
        cell.add_paragraph("正文。")
        outer = cell.add_table(rows=2, cols=2)
        outer.cell(0, 0).text, outer.cell(0, 1).text = "信息内容", "数量"
        outer.cell(1, 0).text = "规章"
        inner = outer.cell(1, 1).add_table(rows=1, cols=2)
        inner.cell(0, 0).text, inner.cell(0, 1).text = "3", "4"
        d.add_paragraph("表后段落")

    doc = read(_docx_bytes(build))
    kinds = [type(b).__name__ for b in doc.blocks]
    assert kinds == ["TextBlock", "TextBlock", "TableGrid", "TableGrid", "TextBlock"]
    outer, inner = doc.tables
    assert [[c.text for c in r] for r in outer.rows] == [["信息内容", "数量"], ["规章", ""]]
    assert [[c.text for c in r] for r in inner.rows] == [["3", "4"]]
    assert doc.blocks[-1].text == "表后段落"  # type: ignore[union-attr]


def test_merge_api_cells_and_multiline_cells() -> None:
    def build(d):  # type: ignore[no-untyped-def]
        t = d.add_table(rows=3, cols=3)
        t.cell(0, 0).merge(t.cell(1, 1)).text = "合并"
        t.cell(0, 2).text = "本年\n制发"
        t.cell(2, 0).text, t.cell(2, 1).text, t.cell(2, 2).text = "规章", "0", "1,234"

    (grid,) = read(_docx_bytes(build)).tables
    assert [[(c.text, c.merged) for c in r] for r in grid.rows] == [
        [("合并", False), ("合并", True), ("本年\n制发", False)],
        [("合并", True), ("合并", True), ("", False)],
        [("规章", False), ("0", False), ("1,234", False)],
    ]
    assert grid.layout == "cells"
    assert (grid.rows[2][2].location.row, grid.rows[2][2].location.col) == ("3", "3")


def test_deleted_revisions_hidden_text_and_field_codes_are_not_read() -> None:
    w = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'

    def build(d):  # type: ignore[no-untyped-def]
        p = d.add_paragraph("本年新收申请")
        for xml in (
            f'<w:del {w} w:id="1" w:author="a"><w:r><w:delText>99</w:delText></w:r></w:del>',
            f"<w:r {w}><w:rPr><w:vanish/></w:rPr><w:t>隐藏</w:t></w:r>",
            f"<w:r {w}><w:instrText> PAGE </w:instrText></w:r>",
            f'<w:ins {w} w:id="2" w:author="a"><w:r><w:t>12件</w:t></w:r></w:ins>',
        ):
            p._p.append(docx.oxml.parse_xml(xml))

    (block,) = read(_docx_bytes(build)).blocks
    assert isinstance(block, TextBlock) and block.text == "本年新收申请12件"


def test_broken_docx_gives_a_clear_error(tmp_path: Path) -> None:
    data = _docx_bytes(lambda d: d.add_paragraph("x"))
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as zin, zipfile.ZipFile(out, "w") as zout:
        for info in zin.infolist():
            body = b"<w:document><unclosed>" if info.filename == "word/document.xml" else None
            zout.writestr(info.filename, body or zin.read(info.filename))
    broken = tmp_path / "报告.docx"
    broken.write_bytes(out.getvalue())
    with pytest.raises(nianbao.NianbaoError) as err:
        read(broken)
    assert str(err.value).startswith(str(broken)) and "DOCX 文件已损坏" in str(err.value)
    with pytest.raises(nianbao.NianbaoError, match="不是有效的 ZIP 包"):
        docx_reader.read(data[: len(data) // 2], "半个.docx", DEFAULT)


def test_document_provenance() -> None:
    data = _docx_bytes(lambda d: d.add_paragraph("一、总体情况"))
    doc = read(data)
    assert isinstance(doc, Document) and doc.path is None
    assert doc.sha256 == nianbao.readers.sha256(data)
