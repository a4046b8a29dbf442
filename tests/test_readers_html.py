"""HTML reader: pages as government CMSs publish them (GBK, &nbsp;, chrome, spans, Word soup),
and the HTML renderer's escaping."""

from __future__ import annotations

from pathlib import Path

import pytest

import nianbao
from corpus import GOLDS, HTML_VARIANTS, gold_report, make_html, mismatches
from nianbao.model import Document, TableGrid, TextBlock
from nianbao.readers import read
from nianbao.render.html import render_html

pytest.importorskip("lxml")


def _page(body: str, head: str = "") -> str:
    return f"<!DOCTYPE html><html><head>{head}</head><body>{body}</body></html>"


def _texts(doc: Document) -> list[str]:
    return [b.text for b in doc.blocks if isinstance(b, TextBlock)]


def _grid(doc: Document, n: int = 0) -> list[list[tuple[str, bool]]]:
    return [[(c.text, c.merged) for c in row] for row in doc.tables[n].rows]


@pytest.mark.parametrize("variant", HTML_VARIANTS)
@pytest.mark.parametrize("gold", GOLDS, ids=lambda p: p.stem)
def test_corpus_html_reads_back_exactly(gold: Path, variant: str, tmp_path: Path) -> None:
    report = nianbao.parse(make_html(gold, tmp_path, variant))
    assert report.source.reader == "html"
    assert mismatches(gold, report) == []


def test_corpus_pages_are_what_the_variant_says(tmp_path: Path) -> None:
    huaian = next(g for g in GOLDS if g.stem == "huaian-2024")
    cms = read(make_html(huaian, tmp_path, "cms"))
    split = read(make_html(huaian, tmp_path, "split"))
    word = read(make_html(huaian, tmp_path, "word"))
    assert (cms.encoding, split.encoding, word.encoding) == ("gb18030", "gb18030", "gb18030")
    assert b"charset" not in make_html(huaian, tmp_path, "word").read_bytes().lower()
    assert [len(d.tables) for d in (cms, split, word)] == [3, 6, 3]
    for doc in (cms, split, word):
        texts = _texts(doc)
        assert "淮安市人民政府2024年政府信息公开工作年度报告" in texts[:2]
        assert not {
            "首页",
            "当前位置：首页 > 政务公开 > 政府信息公开年报",
            "分享到：微信 微博",
        } & set(texts)
        assert not any("备案号" in t or "_hmt" in t or "广告" in t for t in texts)
        assert texts[-2:] == ["淮安市人民政府", "2025年1月20日"]


def test_rowspan_colspan_expand_into_a_grid() -> None:
    doc = read(
        _page(
            "<table><tr><th rowspan=2>信息内容</th><th colspan='2'>数量</th></tr>"
            "<tr><td>本年</td><td>&nbsp;</td></tr>"
            "<tr><td rowspan=0>规章</td><td>1,234</td><td>　</td></tr>"
            "<tr><td rowspan=9>5</td></tr></table>"
        ).encode()
    )
    assert _grid(doc) == [
        [("信息内容", False), ("数量", False), ("数量", True)],
        [("信息内容", True), ("本年", False), ("", False)],
        [("规章", False), ("1,234", False), ("", False)],
        [("规章", True), ("5", False), ("", False)],
    ]
    assert doc.tables[0].layout == "cells"
    cell = doc.tables[0].rows[2][1]
    assert (cell.location.row, cell.location.col, cell.location.line) == ("3", "2", 1)


def test_ragged_and_overlapping_spans_stay_rectangular() -> None:
    doc = read(
        _page(
            "<table><tr><td>a</td><td rowspan=2>b</td></tr>"
            "<tr><td colspan=2>c</td></tr><tr><td>d</td></tr></table>"
        ).encode()
    )
    grid = _grid(doc)
    # c's colspan runs into b's rowspan: the earlier cell keeps the position, as in a browser
    assert grid == [
        [("a", False), ("b", False)],
        [("c", False), ("b", True)],
        [("d", False), ("", False)],
    ]


@pytest.mark.parametrize(
    ("head", "encoding", "data_encoding"),
    [
        ('<meta charset="gbk">', "gb18030", "gbk"),
        (
            '<meta http-equiv="Content-Type" content="text/html; charset=gb2312">',
            "gb18030",
            "gb18030",
        ),
        ("", "gb18030", "gb18030"),
        ("", "utf-8", "utf-8"),
        ('<meta charset="utf-8">', "gb18030", "gb18030"),  # declared wrongly: detected instead
    ],
)
def test_encodings(head: str, encoding: str, data_encoding: str) -> None:
    text = "朱镕基同志批示：本年新收政府信息公开申请数量二十件，予以公开十五件，部分公开五件。"
    body = f"<h2>三、收到和处理政府信息公开申请情况</h2><p>{text}</p>" * 3
    doc = read(_page(body, head).encode(data_encoding))
    assert doc.encoding == encoding
    assert _texts(doc)[:2] == ["三、收到和处理政府信息公开申请情况", text]
    assert doc.paragraphs[0].kind == "heading"
    if "utf-8" in head:
        assert doc.notes and "utf-8" in doc.notes[0]


def test_chrome_is_dropped_but_an_article_header_is_kept() -> None:
    doc = read(
        _page(
            "<header class='top'><a>某县人民政府</a></header>"
            "<nav><a>首页</a></nav><div id='breadcrumb'>首页 &gt; 年报</div>"
            "<article><header><h1>某县2023年政府信息公开工作年度报告</h1></header>"
            "<p>第一段</p><div class='share'>分享到</div><div id='nav-body'>第二段<table>"
            "<tr><td>规章</td><td>1</td></tr></table></div>"
            "<p hidden>隐藏</p><p style='display: none'>也隐藏</p><p>第三段<br>第四段</p>"
            "</article><footer>版权所有</footer>"
            "<script>document.write('脚本')</script><style>p{}</style><noscript>无脚本</noscript>",
            "<title>标题栏</title>",
        ).encode()
    )
    assert _texts(doc) == [
        "某县2023年政府信息公开工作年度报告",
        "第一段",
        "第二段",
        "第三段",
        "第四段",
    ]


def test_word_soup_and_several_tables_in_order() -> None:
    doc = read(
        _page(
            "<p class=MsoNormal>二、主动公开政府信息情况<o:p></o:p></p>"
            "<p class=MsoNormal><table border=1><tr><td><p class=MsoNormal><span>规章</span></p>"
            "</td><td><p class=MsoNormal><span lang=EN-US>0<o:p></o:p></span></p></td></tr>"
            "</table></p><p>三、收到和处理政府信息公开申请情况</p>"
            "<table><tr><td>自然人</td><td>总计</td></tr></table>"
        ).encode()
    )
    assert [type(b).__name__ for b in doc.blocks] == [
        "TextBlock",
        "TableGrid",
        "TextBlock",
        "TableGrid",
    ]
    assert _grid(doc, 0) == [[("规章", False), ("0", False)]]
    assert [t.location.table for t in doc.tables] == ["1", "2"]


def test_layout_table_around_the_article_is_read_as_text() -> None:
    prose = "本年度，本机关认真贯彻落实《中华人民共和国政府信息公开条例》。" * 8
    doc = read(
        _page(
            "<table><tr><td>导航</td><td><h1>标题</h1><p>" + prose + "</p>"
            "<table><tr><td>行政许可</td><td>12</td></tr></table></td></tr></table>"
        ).encode()
    )
    assert _texts(doc) == ["导航", "标题", prose]
    assert len(doc.tables) == 1 and _grid(doc) == [[("行政许可", False), ("12", False)]]


def test_nothing_is_fetched_or_expanded() -> None:
    page = (
        '<?xml version="1.0"?><!DOCTYPE html [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'
        '<html><body><p>&xxe;前</p><img src="http://127.0.0.1:9/x.png">'
        '<iframe src="http://127.0.0.1:9/"></iframe><p>后</p></body></html>'
    )
    texts = _texts(read(page.encode()))
    assert texts[-1] == "后" and not any("root:" in t for t in texts)


def test_rendered_html_escapes_everything_and_reads_back() -> None:
    huaian = next(g for g in GOLDS if g.stem == "huaian-2024")
    report = gold_report(huaian)
    evil = "<script>alert('x')</script>&amp;"
    report = report.with_value("active", "fees", "amount", evil)
    page = render_html(report)
    assert "<script" not in page and "&lt;script&gt;" in page
    doc = read(page.encode("utf-8"))
    assert isinstance(doc.tables[0], TableGrid)
    assert doc.tables[0].rows[-1][1].text == evil
    assert doc.encoding == "utf-8"
