"""PDF with a text layer: the real WPS export and the corpus read exactly; tables from ruling
lines become full grids with spans, tables without lines become position grids; tables
continued over a page break are one grid; page numbers and repeated headers are dropped."""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path

import pytest

import nianbao
from corpus import GOLD_DIR, GOLDS, make_docx, make_pdf, mismatches, needs_soffice
from nianbao.extract import extract
from nianbao.model import Document, TableGrid, TextBlock
from nianbao.readers import read
from nianbao.readers.layout import Page, Piece, blocks
from nianbao.readers.pdf import read_pdf
from nianbao.settings import DEFAULT, Settings

FIXTURES = Path(__file__).parent / "fixtures"
HUAIAN = FIXTURES / "huaian-2024.pdf"
HUAIAN_GOLD = GOLD_DIR / "huaian-2024.json"


def _row(grid: TableGrid, first_text: str) -> list[str]:
    """The unmerged texts of the first row holding a cell that starts with ``first_text``."""
    for row in grid.rows:
        if any(c.text.startswith(first_text) for c in row):
            return [c.text for c in row if not c.merged]
    raise AssertionError(f"no row starting {first_text!r}")


def _grid_with(doc: Document, text: str) -> TableGrid:
    return next(g for g in doc.tables if any(c.text.startswith(text) for r in g.rows for c in r))


# ---------------------------------------------------------------- the real WPS export


def test_real_pdf_reads_every_cell() -> None:
    report = nianbao.parse(HUAIAN)
    assert report.source.reader == "pdf"
    assert mismatches(HUAIAN_GOLD, report) == []


def test_real_pdf_tables_are_full_grids_joined_over_page_breaks() -> None:
    doc = read(HUAIAN)
    assert doc.reader == "pdf" and doc.pages == 6
    cells = [c for g in doc.tables for r in g.rows for c in r]
    assert all(c.location.page and c.location.y is not None for c in cells)
    assert all(g.layout == "cells" for g in doc.tables)
    active = _grid_with(doc, "第二十条")
    assert {c.location.page for r in active.rows for c in r} == {3, 4}  # one grid over the break
    assert _row(active, "行政许可") == ["行政许可", "447228"]  # the spanned copies are merged
    requests = _grid_with(doc, "（本列数据")
    assert {c.location.page for r in requests.rows for c in r} == {4, 5}
    assert _row(requests, "2.没有现成信息")[-7:] == ["11", "0", "0", "0", "0", "0", "11"]
    wrapped = next(c.text for r in requests.rows for c in r if c.text.startswith("（二）部分公开"))
    assert wrapped.replace("\n", "") == "（二）部分公开（区分处理的，只计这一情形，不计其他情形）"
    texts = [b.text for b in doc.blocks if isinstance(b, TextBlock)]
    assert not any(re.fullmatch(r"-\s*\d+\s*-", t) for t in texts)  # page numbers dropped
    assert texts[0] == "淮安市人民政府2024年政府信息公开工作年度报告"  # a title over two lines


def test_real_pdf_by_position_gives_one_row_per_visual_line() -> None:
    """Read as if it had no lines: cells from text positions, as ``pdftotext -layout`` shows."""
    doc = read_pdf(HUAIAN.read_bytes(), str(HUAIAN), DEFAULT, rulings=False)
    assert doc.tables and all(g.layout == "positions" for g in doc.tables)
    assert all(c.location.x is not None for g in doc.tables for r in g.rows for c in r)
    requests = _grid_with(doc, "（本列数据")
    texts = [[c.text for c in r] for r in requests.rows]
    i = texts.index(["（二）部分公开（区分处理的，只计这一情"])
    assert texts[i + 1] == ["447", "7", "0", "0", "0", "0", "454"]  # printed between the two lines
    assert texts[i + 2] == ["形，不计其他情形）"]
    first = next(r for r in requests.rows if r[0].text.startswith("一、本年新收"))
    xs = [c.location.x or 0 for c in first[1:]]
    assert [c.text for c in first[1:]] == ["3001", "53", "0", "0", "61", "4", "3119"]
    assert xs == sorted(xs)
    total = next(r for r in requests.rows if r[0].text.startswith("（七）总计"))
    assert [round(c.location.x or 0) for c in total[1:]] == [round(x) for x in xs]  # same columns
    report = extract(doc)
    assert [m for m in mismatches(HUAIAN_GOLD, report) if m.startswith(("active", "review"))] == []


# ---------------------------------------------------------------- the corpus through LibreOffice


@pytest.fixture(scope="module")
def corpus_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("pdf-corpus")


@needs_soffice
@pytest.mark.parametrize("gold", GOLDS, ids=[g.stem for g in GOLDS])
def test_corpus_text_pdf_reads_back_exactly(gold: Path, corpus_dir: Path) -> None:
    report = nianbao.parse(make_pdf(gold, corpus_dir))
    assert report.source.reader == "pdf"
    assert mismatches(gold, report) == []


def _lineless(docx: bytes) -> bytes:
    """The DOCX with every table border removed, as WPS and Word exports often print them."""
    src = zipfile.ZipFile(io.BytesIO(docx))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for item in src.infolist():
            data = src.read(item.filename)
            if item.filename.endswith(".xml"):
                data = re.sub(
                    rb"<w:(tblBorders|tcBorders)\b.*?</w:\1>|<w:(tblBorders|tcBorders)/>",
                    b"",
                    data,
                    flags=re.S,
                )
                data = re.sub(rb'<w:tblStyle w:val="[^"]*"/>', b"", data)
            dst.writestr(item, data)
    return out.getvalue()


def _to_pdf(docx: bytes, target: Path) -> Path:
    from nianbao.readers.legacy import convert

    target.write_bytes(convert(docx, ".docx", "pdf", Settings(convert_timeout=180), None))
    return target


@needs_soffice
def test_table_without_lines_is_read_by_position(corpus_dir: Path, tmp_path: Path) -> None:
    gold = GOLD_DIR / "003_f25b27e041e62a7d.json"
    pdf = _to_pdf(_lineless(make_docx(gold, corpus_dir).read_bytes()), tmp_path / "lineless.pdf")
    doc = read(pdf)
    assert doc.tables and all(g.layout == "positions" for g in doc.tables)
    report = extract(doc)
    assert mismatches(gold, report) == []
    blank = GOLD_DIR / "000_898f5e2484ea1ed0.json"  # the 2019 format: rows printed without values
    pdf = _to_pdf(_lineless(make_docx(blank, corpus_dir).read_bytes()), tmp_path / "blank.pdf")
    report = nianbao.parse(pdf)
    assert mismatches(blank, report) == []
    assert report.tables["requests"].rows["carried_over"].cells["total"].value is None


@needs_soffice
def test_repeated_header_and_kangxi_radicals(tmp_path: Path) -> None:
    """A table over two pages with its header row repeated by Word is one grid with one header;
    the Kangxi radicals WPS emits (⾏ U+2F8F) stay as printed."""
    docx = pytest.importorskip("docx")
    document = docx.Document()
    document.add_paragraph("⾏政许可统计")
    table = document.add_table(rows=1, cols=3)
    table.style = "Table Grid"
    header = table.rows[0]
    header._tr.get_or_add_trPr().append(docx.oxml.parse_xml(
        '<w:tblHeader xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"/>'
    ))  # fmt: skip
    for cell, text in zip(header.cells, ("项目", "本年数量", "上年数量"), strict=True):
        cell.text = text
    for i in range(70):
        row = table.add_row()
        for cell, text in zip(row.cells, (f"⾏政事项{i + 1}", str(i * 3), str(i)), strict=True):
            cell.text = text
    buf = io.BytesIO()
    document.save(buf)
    doc = read(_to_pdf(buf.getvalue(), tmp_path / "long.pdf"))
    assert doc.pages == 2
    [grid] = doc.tables
    assert {c.location.page for r in grid.rows for c in r} == {1, 2}
    texts = [[c.text for c in r] for r in grid.rows]
    assert texts.count(["项目", "本年数量", "上年数量"]) == 1
    assert len(texts) == 71 and texts[-1] == ["⾏政事项70", "207", "69"]
    assert doc.paragraphs[0].text == "⾏政许可统计"  # raw; textnorm.fold matches it as 行政许可


# ---------------------------------------------------------------- layout rules on made pages


def _line(text: str, x: float, y: float, size: float = 10.0) -> list[Piece]:
    """Pieces of one printed line, one glyph ``size`` wide; a space is half a glyph."""
    out, cursor = [], x
    for word in text.split(" "):
        if word:
            out.append(Piece(word, cursor, y, cursor + size * len(word), y + size))
        cursor += size * len(word) + size / 2
    return out


def _page(
    no: int,
    lines: list[list[Piece]],
    tables: list[list[tuple[tuple[float, float, float, float], list[Piece]]]] | None = None,
) -> Page:
    return Page(no, 595.0, 842.0, tables=tables or [], loose=[p for ln in lines for p in ln])


def _ruled(
    top: float, rows: list[tuple[str, str]]
) -> list[tuple[tuple[float, float, float, float], list[Piece]]]:
    cells = []
    for i, (a, b) in enumerate(rows):
        y = top + 20 * i
        cells.append(((70.0, y, 300.0, y + 20), _line(a, 75, y + 5)))
        cells.append(((300.0, y, 520.0, y + 20), _line(b, 305, y + 5)))
    return cells


def test_ruled_table_continued_on_next_page_is_one_grid_without_repeated_header() -> None:
    body = [_line("正文第一行，足够长的一行文字把栏宽占满了。", 70, 100)]
    first = _page(
        1,
        body + [_line("-1-", 290, 800)],
        [_ruled(600, [("项目", "数量"), ("甲", "1"), ("乙", "2")])],
    )
    second = _page(2, [_line("第 2 页", 280, 810)], [_ruled(60, [("项目", "数量"), ("丙", "3")])])
    out = blocks([first, second], "x.pdf")
    grids = [b for b in out if isinstance(b, TableGrid)]
    assert len(grids) == 1
    assert [[c.text for c in r] for r in grids[0].rows] == [
        ["项目", "数量"],
        ["甲", "1"],
        ["乙", "2"],
        ["丙", "3"],
    ]
    assert grids[0].rows[-1][1].location.page == 2
    assert [b.text for b in out if isinstance(b, TextBlock)] == [
        "正文第一行，足够长的一行文字把栏宽占满了。"
    ]


def test_tables_that_do_not_line_up_stay_apart() -> None:
    first = _page(1, [], [_ruled(600, [("项目", "数量"), ("甲", "1")])])
    narrower = [
        ((70.0, 60.0, 200.0, 80.0), _line("丙", 75, 65)),
        ((200.0, 60.0, 400.0, 80.0), _line("3", 205, 65)),
    ]
    out = blocks([first, _page(2, [], [narrower])], None)
    assert len([b for b in out if isinstance(b, TableGrid)]) == 2


def test_wrapped_paragraph_is_one_block_and_a_heading_is_not_joined() -> None:
    lines = [
        _line("一、总体情况", 90, 100),
        _line("本年度，本机关认真贯彻落实条例，坚持以公开为常态、不公开为例外，", 90, 120),
        _line("持续深化政务公开。", 70, 140),
        _line("（一）主动公开情况。本年度主动公开政府信息一千条，比上年多一些。", 90, 160),
    ]
    texts = [b.text for b in blocks([_page(1, lines)], None)]
    assert texts == [
        "一、总体情况",
        "本年度，本机关认真贯彻落实条例，坚持以公开为常态、不公开为例外，持续深化政务公开。",
        "（一）主动公开情况。本年度主动公开政府信息一千条，比上年多一些。",
    ]


def test_values_are_separate_cells_and_label_only_rows_stay_in_the_table() -> None:
    lines = [
        _line("信息内容    本年新制作数量    本年新公开数量", 70, 100),
        _line("规章    3    0", 70, 120),
        _line("规范性文件", 70, 140),  # printed without values: blank cells
        _line("行政许可", 70, 160),
        _line("行政处罚    1 234    5", 70, 180),
    ]
    [grid] = blocks([_page(1, lines)], None)
    assert isinstance(grid, TableGrid) and grid.layout == "positions"
    assert [[c.text for c in r] for r in grid.rows] == [
        ["信息内容", "本年新制作数量", "本年新公开数量"],
        ["规章", "3", "0"],
        ["规范性文件"],
        ["行政许可"],
        ["行政处罚", "1", "234", "5"],
    ]


def test_each_cell_carries_its_box_on_the_page() -> None:
    """The evidence box of a cell outlines the printed value (a viewer draws it on the page)."""
    import pypdfium2

    report = nianbao.parse(HUAIAN)
    pdf = pypdfium2.PdfDocument(HUAIAN)
    try:
        for table in report.tables.values():
            for row in table.rows.values():
                for cell in row.cells.values():
                    if not cell.raw.strip():
                        continue
                    loc = cell.location
                    assert loc.box is not None and loc.page is not None
                    x0, top, x1, bottom = loc.box
                    page = pdf[loc.page - 1]
                    height = page.get_height()
                    inside = page.get_textpage().get_text_bounded(
                        x0, height - bottom, x1, height - top
                    )
                    assert cell.raw in inside.replace("\r\n", "\n"), (cell.raw, inside)
    finally:
        pdf.close()
    assert report.to_dict()["evidence"]["active"]["licensing"]["cells"]["decisions"]["box"]


# ---------------------------------------------------------------- text nobody can see


@pytest.mark.parametrize(
    ("operators", "seen"),
    [
        (b"1 1 1 rg", False),  # filled white (the default render mode): invisible
        (b"1 1 1 rg 1 1 1 RG 2 Tr", False),  # filled and stroked white
        (b"1 1 1 rg 0 0 0 RG 2 Tr", True),  # white fill, black outline: printed
        (b"1 1 1 rg 1 Tr", True),  # outlined only, in the default black
        (b"0 0 0 rg", True),
    ],
)
def test_white_text_is_read_only_where_it_prints(operators: bytes, seen: bool) -> None:
    """A number hidden in white on white must not become the agency's figure."""
    from test_readers_pdf_hostile import assemble

    visible = b"BT /F1 12 Tf 72 760 Td (Annual report on government information 2024) Tj ET\n"
    hidden = b"BT " + operators + b" /F1 12 Tf 72 700 Td (Received 98765 applications) Tj ET\n"
    content = visible + hidden
    data = assemble(
        [
            b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Kids [5 0 R] /Count 1 >>",
            b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
            b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream",
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
            b"/Resources << /Font << /F1 3 0 R >> >> /Contents 4 0 R >>",
        ]
    )
    text = "\n".join(b.text for b in read(data).blocks)
    assert "Annual report" in text
    assert ("98765" in text) is seen
