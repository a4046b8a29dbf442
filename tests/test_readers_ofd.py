"""OFD reader: standard-style files (text objects, ruled tables) read back exactly; the package
structure, CTM and DeltaX handled; broken and hostile packages refused clearly."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest

import nianbao
from corpus import GOLDS, gold_report, make_ofd, mismatches
from nianbao.errors import LimitExceeded, NianbaoError
from nianbao.readers import read
from nianbao.render.docx import render_docx

pytest.importorskip("lxml")
_NS = 'xmlns:ofd="http://www.ofdspec.org/2016"'


def _ofd(
    content: str, doc_root: str = "/Doc_0/Document.xml", base_loc: str = "Pages/P1.xml"
) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr(
            "OFD.xml",
            f"<ofd:OFD {_NS}><ofd:DocBody><ofd:DocRoot>{doc_root}</ofd:DocRoot></ofd:DocBody></ofd:OFD>",
        )
        zf.writestr(
            "Doc_0/Document.xml",
            f'<ofd:Document {_NS}><ofd:Pages><ofd:Page ID="1" BaseLoc="{base_loc}"/></ofd:Pages>'
            "</ofd:Document>",
        )
        zf.writestr(
            "Doc_0/Pages/P1.xml",
            f"<ofd:Page {_NS}><ofd:Content><ofd:Layer>{content}</ofd:Layer></ofd:Content></ofd:Page>",
        )
    return out.getvalue()


@pytest.mark.parametrize("gold", GOLDS, ids=lambda p: p.stem)
def test_corpus_ofd_reads_back_exactly(gold: Path, tmp_path: Path) -> None:
    report = nianbao.parse(make_ofd(gold, tmp_path))
    assert report.source.reader == "ofd"
    assert mismatches(gold, report) == []


def test_ruled_merges_match_the_docx_layout(tmp_path: Path) -> None:
    huaian = next(g for g in GOLDS if g.stem == "huaian-2024")
    ofd = read(make_ofd(huaian, tmp_path))
    docx = read(render_docx(gold_report(huaian)))
    masks = [[[c.merged for c in row] for row in t.rows] for t in ofd.tables]
    assert masks == [[[c.merged for c in row] for row in t.rows] for t in docx.tables]
    requests = ofd.tables[1]
    assert requests.rows[5][0].text == "三、本年度办理结果"  # wrapped over three printed lines
    assert requests.rows[6][1].text.startswith("（二）部分公开（区分处理的")
    assert ofd.pages == 3 and requests.location.page == 2


def test_text_objects_ctm_deltax_and_reading_order() -> None:
    content = (
        # printed lower on the page but written first: reading order follows the page
        '<ofd:TextObject ID="1" Boundary="20 60 100 6" Size="4">'
        '<ofd:TextCode X="0" Y="4" DeltaX="g 5 4">二、主动公开</ofd:TextCode></ofd:TextObject>'
        # the same line in two pieces; the CTM scales the second by 2 from a 2 mm font
        '<ofd:TextObject ID="2" Boundary="20 40 20 6" Size="4">'
        '<ofd:TextCode X="0" Y="4" DeltaX="4 4 4">一、总体</ofd:TextCode></ofd:TextObject>'
        '<ofd:TextObject ID="3" Boundary="36 40 20 6" Size="2" CTM="2 0 0 2 0 0">'
        '<ofd:TextCode X="0" Y="2" DeltaX="2">情况</ofd:TextCode></ofd:TextObject>'
    )
    doc = read(_ofd(content))
    assert [(b.text, b.location.page, b.location.line) for b in doc.paragraphs] == [
        ("一、总体情况", 1, 1),
        ("二、主动公开", 1, 2),
    ]
    assert doc.reader == "ofd" and doc.pages == 1


def test_missing_part_and_bomb_are_refused(tmp_path: Path) -> None:
    broken = tmp_path / "坏.ofd"
    broken.write_bytes(_ofd("", doc_root="Doc_9/Document.xml"))
    with pytest.raises(NianbaoError, match="OFD 缺少部件"):
        read(broken)
    bomb = _ofd("<ofd:TextObject/>" + " " * 30_000_000)
    with pytest.raises(LimitExceeded, match="压缩比异常"):
        read(bomb)
