"""Damaged and oversized input: a library's exception never leaks, a damaged page loses only
that page, and oversized content is refused from its size before it is interpreted."""

from __future__ import annotations

import io
import re
import struct
import zipfile
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from PIL import Image

import corpus
from nianbao import parse
from nianbao.errors import LimitExceeded, NianbaoError
from nianbao.readers import read
from nianbao.readers.image import _strips
from nianbao.runner import check
from nianbao.settings import Settings
from test_readers_pdf_hostile import assemble, make_pdf

GOLD = Path(__file__).parent / "fixtures" / "gold"
_TEXT = b"BT /F1 12 Tf 72 760 Td (Annual report on government information 2024) Tj ET\n"


def _two_page_pdf(second_font: bytes) -> bytes:
    """Two pages with the same text; the second page's font is ``second_font``."""
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [5 0 R 6 0 R] /Count 2 >>",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        b"<< /Length %d >>\nstream\n" % len(_TEXT) + _TEXT + b"\nendstream",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
        b"/Resources << /Font << /F1 3 0 R >> >> /Contents 4 0 R >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
        b"/Resources << /Font << /F1 7 0 R >> >> /Contents 4 0 R >>",
        second_font,
    ]
    return assemble(objects)


def test_a_damaged_font_loses_its_page_not_the_document() -> None:
    damaged = b"<< /Type /Font /Subtype /Type3 /FontMatrix 5 /CharProcs << >> >>"
    doc = read(_two_page_pdf(damaged))
    assert "Annual report" in " ".join(b.text for b in doc.paragraphs)  # page 1 was read
    for problem in doc.problems:  # PDFium may read the page anyway; if not, only it is lost
        assert problem.code == "page_unreadable" and problem.location.page == 2
        assert "第 2 页" in problem.message


def test_a_page_with_50_mb_of_content_is_refused_from_its_size() -> None:
    ops = b"10 10 m 200 200 l S\n"
    data = make_pdf(text=b"", drawing=ops * (50 * 2**20 // len(ops)))
    with pytest.raises(NianbaoError) as err:
        read(data)
    assert "第 1 页内容过大" in str(err.value)


def test_a_page_showing_too_much_text_is_skipped_with_a_problem() -> None:
    heavy = _TEXT * 2000  # 140 KB of content, 100 KB of it shown text
    data = make_pdf(pages=1, drawing=heavy)
    with pytest.raises(NianbaoError) as err:
        read(data)
    assert "文字过多" in str(err.value)
    assert read(data, Settings(max_page_glyph_bytes=10**6)).blocks  # under the limit: read


def test_an_image_56_a4_pages_long_is_refused_before_decoding(tmp_path: Path) -> None:
    path = tmp_path / "long.png"
    Image.new("L", (827, 65535), 255).save(path)
    with pytest.raises(LimitExceeded) as err:
        read(path)
    assert "827" in str(err.value) and "长图" in str(err.value)


def test_a_long_image_is_cut_into_pages_between_lines_of_text() -> None:
    width = 600
    gray = np.full((width * 4, width), 255, dtype=np.uint8)
    for top in range(20, gray.shape[0] - 20, 30):
        gray[top : top + 18, 40:560] = 0  # a line of "text" every 30 rows
    strips = _strips(gray)
    assert len(strips) == 3 and sum(s.shape[0] for s in strips) == gray.shape[0]
    for strip in strips[1:]:
        assert (strip[0] == 255).all()  # every cut falls between two lines


def _png_with_broken_chunk() -> bytes:
    buf = io.BytesIO()
    Image.new("L", (300, 200), 255).save(buf, "PNG")
    data = bytearray(buf.getvalue())
    idat = data.index(b"IDAT") - 4
    (length,) = struct.unpack(">I", data[idat : idat + 4])
    data[idat : idat + 4] = struct.pack(">I", length - 6)  # the next chunk starts mid-data
    return bytes(data)


def test_a_broken_png_is_a_clear_error(tmp_path: Path) -> None:
    path = tmp_path / "scan.png"
    path.write_bytes(_png_with_broken_chunk())
    with pytest.raises(NianbaoError) as err:
        read(path)
    assert "scan.png" in str(err.value) and err.value.code == "corrupt"


def test_declared_utf8_with_one_bad_byte_keeps_its_charset(tmp_path: Path) -> None:
    page = (
        '<html><head><meta charset="utf-8"></head><body>'
        "<p>某某区人民政府2023年政府信息公开工作年度报告</p>"
        "<table><tr><td>收到申请数</td><td>12</td></tr></table></body></html>"
    ).encode()
    cut = page.index("收到".encode())
    damaged = page[:cut] + b"\xff" + page[cut:]
    doc = read(damaged)
    assert doc.encoding == "utf-8"
    text = " ".join(b.text for b in doc.paragraphs)
    assert "政府信息公开工作年度报告" in text  # not re-decoded as GB18030 garbage
    assert any(c.text.endswith("收到申请数") for g in doc.tables for r in g.rows for c in r)
    assert [p.code for p in doc.problems] == ["undecodable_bytes"]


def test_a_decode_without_any_chinese_is_a_problem() -> None:
    doc = read(b"Annual report\n\nTable 1\tReceived\t12\nTable 2\tGranted\t7\n" * 3)
    assert "no_chinese_text" in [p.code for p in doc.problems]
    clean = read("政府信息公开工作年度报告\n收到申请 12 件\n".encode())
    assert "no_chinese_text" not in [p.code for p in clean.problems]


def test_a_row_that_lost_a_cell_is_a_problem_not_a_clean_row() -> None:
    head = "<tr><td>项目</td><td>自然人</td><td>法人</td><td>总计</td></tr>"
    full = "<tr><td>本年新收申请数量</td><td>6</td><td>1</td><td>7</td></tr>"
    lost = "<tr><td>本年新收申请数量</td><td>6</td><td>7</td></tr>"  # the 法人 <td> dropped
    page = '<html><head><meta charset="utf-8"></head><body><table>{}</table></body></html>'
    assert not read(page.format(head + full).encode()).problems
    [problem] = read(page.format(head + lost).encode()).problems
    assert problem.code == "missing_cells" and problem.location.row == "2"


def _drop_first_value_html(page: bytes) -> bytes:
    row = re.search("（一）予以公开</td><td>6</td>".encode("gbk"), page)
    assert row is not None
    return page[: row.end() - len(b"<td>6</td>")] + page[row.end() :]


def _drop_first_value_docx(docx: bytes) -> bytes:
    src = zipfile.ZipFile(io.BytesIO(docx))
    xml = src.read("word/document.xml").decode()
    label = xml.index("（一）予以公开")
    start = xml.index("<w:tc>", label)
    end = xml.index("</w:tc>", start) + len("</w:tc>")
    assert "<w:t>6</w:t>" in xml[start:end]
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as dst:
        for name in src.namelist():
            body = src.read(name)
            dst.writestr(name, xml[:start] + xml[end:] if name == "word/document.xml" else body)
    return out.getvalue()


@pytest.mark.parametrize(
    ("make", "drop"),
    [(corpus.make_html, _drop_first_value_html), (corpus.make_docx, _drop_first_value_docx)],
)
def test_a_seed_row_that_lost_a_cell_is_not_computed_and_is_one_problem(
    tmp_path: Path, make: Any, drop: Any
) -> None:
    """Seed 001 as a CMS page and as DOCX with the first number of 表三 （一）予以公开
    (6 0 0 1 0 0 7) lost: the row's values sit one column to the left, so its sums would be
    false errors (T3-02 three times before the problem was tied to the row)."""
    page = make(GOLD / "001_b5fe446b3f679b76.json", tmp_path).read_bytes()
    report = parse(drop(page))
    [problem] = [p for p in report.problems if p.code == "missing_cells"]
    assert (problem.location.table, problem.location.row) == ("requests", "granted")
    assert "（一）予以公开" in problem.message and "无法判断" in problem.message
    arithmetic = [
        f
        for f in check(report)
        if f.status == "fail" and str(f.severity) == "error" and f.rule[:3] in {"T2-", "T3-", "T4-"}
    ]
    assert arithmetic == [], [f.message for f in arithmetic]
    assert not [f for f in check(parse(page)) if f.rule == "T3-09"]  # undamaged: no shift
    assert any(f.rule == "T3-09" for f in check(report))  # damaged: the row is named
