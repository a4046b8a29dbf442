"""Test corpus: each gold report (tests/fixtures/gold/*.json) as DOCX, HTML, PDF, .doc, OFD ….

Stable API for other test modules (keep the signatures):

- ``make_docx(gold, outdir) -> Path``: the report in the official DOCX layout (merged headers
  as in ``tests/fixtures/template-2021-blank.docx``).
- ``make_html(gold, outdir, variant) -> Path``: as government CMSs publish it; ``variant`` is
  one of ``HTML_VARIANTS``:
  ``"cms"``   GBK with ``<meta charset>``, ``&nbsp;`` in blank cells, page chrome around the article;
  ``"split"`` GB2312 declared by http-equiv, one ``<table>`` per 第二十条 sub-table of table 二;
  ``"word"``  Word's "save as web page" soup (MsoNormal spans, ``<o:p>``, tables inside ``<p>``),
              GB18030 bytes with no charset declared (the reader must detect it).
- ``make_pdf(gold, tmpdir) -> Path``: the DOCX converted by LibreOffice headless (own profile per
  conversion). Needs ``soffice``; use ``needs_soffice`` to skip without it.
- ``make_legacy(gold, outdir, fmt) -> Path``: the DOCX converted to ``doc``, ``rtf`` or ``odt``.
- ``make_ofd(gold, outdir) -> Path``: a standard-style OFD (text objects, ruled table cells).

``gold`` is a gold dict or the path of a gold JSON file. Files are named by content (gold,
variant and the renderer sources), so ``outdir`` may be a persistent cache; nothing is committed.
``mismatches(gold, report)`` compares with gold through ``gold.py`` (score.py's mapping).
"""

from __future__ import annotations

import hashlib
import html
import io
import json
import re
import shutil
import zipfile
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any, TypeVar

import pytest

from gold import expected_cells, score
from nianbao.formats import SECTIONS
from nianbao.model import Cell, Location, Meta, Report, Row, Section, Source, Table, TextBlock
from nianbao.render import docx as render_docx
from nianbao.render import html as render_html
from nianbao.settings import Settings

ROOT = Path(__file__).resolve().parent
GOLD_DIR = ROOT / "fixtures" / "gold"
GOLDS = sorted(GOLD_DIR.glob("*.json"))
HTML_VARIANTS = ("cms", "split", "word")
LEGACY_FORMATS = ("doc", "rtf", "odt")

F = TypeVar("F", bound=Callable[..., Any])

_no_soffice = pytest.mark.skipif(
    shutil.which("soffice") is None,
    reason="LibreOffice not installed (apt-get install libreoffice-writer-nogui fonts-noto-cjk)",
)


def needs_soffice(fn: F) -> F:
    """A test that converts with LibreOffice: skipped without it, and ``slow`` (seconds per
    conversion), so ``pytest -m "not slow"`` stays a quick loop."""
    marked: F = pytest.mark.slow(_no_soffice(fn))
    return marked


GoldArg = Mapping[str, Any] | str | Path


def load_gold(gold: GoldArg) -> dict[str, Any]:
    if isinstance(gold, str | Path):
        return dict(json.loads(Path(gold).read_text(encoding="utf-8")))
    return dict(gold)


def mismatches(gold: GoldArg, report: Report) -> list[str]:
    """The gold cells and meta fields the parsed report gets wrong (score.py's mapping)."""
    return score(load_gold(gold), report.to_dict())[2]


# ---------------------------------------------------------------------- gold → Report


def gold_report(gold: GoldArg) -> Report:
    """The gold tables as a Report with a short generic narrative, ready for the renderers."""
    g = load_gold(gold)
    year, who = g.get("year"), g.get("organ") or g.get("region") or ""
    rows: dict[str, dict[str, dict[str, Cell]]] = {}
    for table_id, row_id, col_id, value in expected_cells(g):
        raw = render_html.format_value(value)
        cell = Cell(value, raw, Location(table=table_id, row=row_id, col=col_id))
        rows.setdefault(table_id, {}).setdefault(row_id, {})[col_id] = cell
    fmt = g.get("format") or "2021"
    formats = {
        "active": fmt,
        "requests": "2019" if "三.六" in (g.get("table3") or {}) else "2021",
        "review_litigation": fmt,
    }
    tables = {
        table_id: Table(
            table_id,
            formats[table_id],
            {rid: Row(rid, rid, cells, Location()) for rid, cells in table_rows.items()},
            Location(),
        )
        for table_id, table_rows in rows.items()
    }
    title = f"{who}{year}年政府信息公开工作年度报告"
    intro = (
        f"本报告根据《中华人民共和国政府信息公开条例》和《中华人民共和国政府信息公开工作年度报告格式》"
        f"要求编制。本报告中所列数据的统计期限自{year}年1月1日起至{year}年12月31日止。"
    )
    sections = tuple(
        Section(s.no, s.title, _NARRATIVE.get(s.no, ""), Location(line=10 * s.no)) for s in SECTIONS
    )
    return Report(
        source=Source(g.get("file"), "", "gold"),
        meta=Meta(
            title=title,
            organ=g.get("organ"),
            region=g.get("region"),
            year=year,
            published=f"{year + 1}-01-20" if year else None,
            format=fmt,
        ),
        sections=sections,
        tables=tables,
        paragraphs=(TextBlock(intro, Location(line=1)),),
    )


_NARRATIVE = {
    1: "本年度，本机关认真贯彻落实《中华人民共和国政府信息公开条例》，"
    "坚持以公开为常态、不公开为例外，持续深化政务公开，各项工作有序推进。",
    5: "存在的主要问题是公开内容的深度和解读的针对性有待加强。下一步将健全工作机制，加强业务培训，"
    "不断提升政府信息公开工作质量。",
    6: "本年度未收取信息处理费。无其他需要报告的事项。",
}


# ---------------------------------------------------------------------- files


def _key(gold: Mapping[str, Any], variant: str) -> str:
    h = hashlib.sha256(json.dumps(gold, sort_keys=True, ensure_ascii=False).encode())
    h.update(variant.encode())
    for module in (render_docx, render_html):
        h.update(Path(str(module.__file__)).read_bytes())
    h.update(Path(__file__).read_bytes())
    return h.hexdigest()[:12]


def _target(gold: Mapping[str, Any], outdir: Path, variant: str, suffix: str) -> Path:
    stem = Path(str(gold.get("file", "report"))).stem
    outdir.mkdir(parents=True, exist_ok=True)
    return outdir / f"{stem}.{variant}.{_key(gold, variant)}{suffix}"


def make_docx(gold: GoldArg, outdir: Path) -> Path:
    g = load_gold(gold)
    target = _target(g, Path(outdir), "docx", ".docx")
    if not target.exists():
        render_docx.render_docx(gold_report(g), target)
    return target


def make_html(gold: GoldArg, outdir: Path, variant: str = "cms") -> Path:
    if variant not in HTML_VARIANTS:
        raise ValueError(f"variant must be one of {HTML_VARIANTS}")
    g = load_gold(gold)
    target = _target(g, Path(outdir), f"html-{variant}", ".html")
    if not target.exists():
        report = gold_report(g)
        if variant == "word":
            target.write_bytes(_word_page(report).encode("gb18030"))
        else:
            article = render_html.article_html(report, split_active=variant == "split")
            page, encoding = _cms_page(report, _nbsp(article), variant)
            target.write_bytes(page.encode(encoding))
    return target


def make_pdf(gold: GoldArg, tmpdir: Path) -> Path:
    """DOCX → PDF through LibreOffice headless, each conversion with its own profile."""
    return _converted(gold, Path(tmpdir), "pdf")


def make_legacy(gold: GoldArg, outdir: Path, fmt: str) -> Path:
    if fmt not in LEGACY_FORMATS:
        raise ValueError(f"fmt must be one of {LEGACY_FORMATS}")
    return _converted(gold, Path(outdir), fmt)


def _converted(gold: GoldArg, outdir: Path, fmt: str) -> Path:
    from nianbao.readers.legacy import convert

    g = load_gold(gold)
    target = _target(g, outdir, fmt, f".{fmt}")
    if not target.exists():
        docx_path = make_docx(g, outdir)
        data = convert(docx_path.read_bytes(), ".docx", fmt, Settings(convert_timeout=180), None)
        target.write_bytes(data)
    return target


# ---------------------------------------------------------------------- page shapes


def _nbsp(article: str) -> str:
    """CMS editors leave &nbsp; in blank cells."""
    return re.sub(r"<td([^>]*)></td>", r"<td\1>&nbsp;</td>", article)


def _cms_page(report: Report, article: str, variant: str) -> tuple[str, str]:
    title = render_html.report_title(report)
    if variant == "cms":
        meta, encoding = '<meta charset="gbk">', "gbk"
    else:
        meta, encoding = (
            '<meta http-equiv="Content-Type" content="text/html; charset=gb2312">',
            "gb18030",
        )
    page = f"""<!DOCTYPE html>
<html><head>{meta}
<title>{title}_政府信息公开年报_人民政府门户网站</title>
<link rel="stylesheet" href="/css/main.css">
<style>.nav li {{ float: left; }} td {{ border: 1px solid #ccc; }}</style>
<script>var _hmt = _hmt || []; document.write("<table><tr><td>广告</td></tr></table>");</script>
</head><body>
<div class="header"><div class="logo"><img src="/img/logo.png" alt="人民政府门户网站"></div>
<form class="search" action="/search"><input name="q" value="搜索"><button>搜索</button></form></div>
<div class="nav"><ul><li><a href="/">首页</a></li><li><a href="/zwgk">政务公开</a></li>
<li><a href="/xxgk">政府信息公开年报</a></li><li><a href="/hdjl">互动交流</a></li></ul></div>
<div class="position">当前位置：<a href="/">首页</a> &gt; 政务公开 &gt; 政府信息公开年报</div>
<div class="main"><div class="article-info">发布时间：{report.meta.published or ""}&nbsp;&nbsp;来源：本网&nbsp;&nbsp;浏览次数：<span id="views">128</span></div>
<div class="TRS_Editor">
{article}
</div>
<div class="share">分享到：微信 微博</div></div>
<div class="footer"><p>主办：人民政府办公室&nbsp;&nbsp;版权所有</p><p>网站标识码：1234000001&nbsp;&nbsp;备案号：某ICP备12345678号</p></div>
<script src="/js/jquery.min.js"></script>
</body></html>
"""
    return page, encoding


def _word_page(report: Report) -> str:
    """Word's "save as web page": MsoNormal paragraphs, <o:p>, spans, tables inside <p>."""
    parts = []
    for kind, text in render_html.article_parts(report):
        if kind == "table":
            table = render_html.table_html(render_html.official_layout(report, text))
            table = re.sub(
                r"<(td|th)([^>]*)>(.*?)</\1>",
                r"<td\2 style='border:solid windowtext 1.0pt'><p class=MsoNormal align=center>"
                r"<span style='font-family:宋体'>\3<o:p></o:p></span></p></td>",
                table,
            ).replace('<table border="1"', "<table class=MsoNormalTable border=1")
            parts.append(f"<p class=MsoNormal>{table}</p>")  # Word wraps tables in <p> soup
        else:
            style = " align=center" if kind == "title" else ""
            parts.append(
                f"<p class=MsoNormal{style}><![if !supportLists]><span lang=EN-US>"
                f"<![endif]><span style='font-size:16.0pt;font-family:仿宋_GB2312'>"
                f"{_wrap(text)}<o:p></o:p></span></p>"
            )
    body = "\n".join(parts)
    return f"""<html xmlns:v="urn:schemas-microsoft-com:vml" xmlns:o="urn:schemas-microsoft-com:office:office"
xmlns:w="urn:schemas-microsoft-com:office:word" xmlns="http://www.w3.org/TR/REC-html40">
<head><meta name=ProgId content=Word.Document><meta name=Generator content="Microsoft Word 15">
<!--[if gte mso 9]><xml><w:WordDocument><w:View>Print</w:View></w:WordDocument></xml><![endif]-->
<style><!-- p.MsoNormal {{margin:0cm; font-size:10.5pt;}} --></style></head>
<body lang=ZH-CN style='tab-interval:21.0pt'><div class=WordSection1>
{body}
</div></body></html>
"""


def _wrap(text: str, width: int = 38) -> str:
    """Escaped text wrapped as Word wraps source lines, mid-sentence: the reader must not see a
    space there."""
    return "\n".join(html.escape(text[i : i + width]) for i in range(0, len(text), width))


# ---------------------------------------------------------------------- OFD


def make_ofd(gold: GoldArg, outdir: Path) -> Path:
    """A standard-style OFD as Word→OFD converters write it: one TextObject per printed line,
    table cells drawn as ruled rectangles (merged cells are one rectangle), A4 pages."""
    g = load_gold(gold)
    target = _target(g, Path(outdir), "ofd", ".ofd")
    if not target.exists():
        pages = _OfdPages()
        report = gold_report(g)
        for kind, text in render_html.article_parts(report):
            if kind == "table":  # one ruled table, as in the DOCX it was converted from
                layout = render_html.official_layout(report, text)
                pages.table(tuple(row for sub in layout for row in sub))
            else:
                pages.paragraph(text, kind)
        target.write_bytes(pages.package(render_html.report_title(report)))
    return target


_NS = 'xmlns:ofd="http://www.ofdspec.org/2016"'
_OFD_WIDTHS = {
    4: (50.0, 40.0, 40.0, 40.0),
    10: (12.0, 24.0, 50.0) + (12.0,) * 7,
    15: (170 / 15,) * 15,
}


class _OfdPages:
    left, top, width, bottom = 20.0, 25.0, 170.0, 272.0

    def __init__(self) -> None:
        self.pages: list[list[str]] = [[]]
        self.y = self.top
        self.ids = 10

    def _id(self) -> int:
        self.ids += 1
        return self.ids

    def text(self, x: float, y: float, text: str, size: float) -> None:
        """A line whose top is at y: TextCode Y is the baseline inside the Boundary."""
        width = size * len(text)
        self.pages[-1].append(
            f'<ofd:TextObject ID="{self._id()}" Boundary="{x:.2f} {y:.2f} {width:.2f} {size * 1.2:.2f}" '
            f'Font="2" Size="{size}"><ofd:TextCode X="0" Y="{size:.2f}" '
            f'DeltaX="g {len(text) - 1} {size}">{html.escape(text)}</ofd:TextCode></ofd:TextObject>'
        )

    def rect(self, x: float, y: float, w: float, h: float) -> None:
        self.pages[-1].append(
            f'<ofd:PathObject ID="{self._id()}" Boundary="{x:.2f} {y:.2f} {w:.2f} {h:.2f}" '
            f'LineWidth="0.25"><ofd:AbbreviatedData>M 0 0 L {w:.2f} 0 L {w:.2f} {h:.2f} '
            f"L 0 {h:.2f} C</ofd:AbbreviatedData></ofd:PathObject>"
        )

    def _room(self, height: float) -> None:
        if self.y + height > self.bottom:
            self.pages.append([])
            self.y = self.top

    def paragraph(self, text: str, kind: str) -> None:
        size = {"title": 6.0, "heading": 4.5}.get(kind, 4.2)
        indent = 2 * size if kind == "paragraph" else 0.0
        per_line = int((self.width - indent) // size)
        for i in range(0, len(text), per_line):
            chunk = text[i : i + per_line]
            self._room(size * 1.7)
            x = self.left + (indent if i == 0 else 0.0)
            if kind == "title":
                x = self.left + (self.width - size * len(chunk)) / 2
            elif kind == "sign":
                x = self.left + self.width - size * len(chunk)
            self.text(x, self.y, chunk, size)
            self.y += size * 1.7

    def table(self, sub: render_html.SubTable, size: float = 2.8) -> None:
        placed = list(render_html.place(sub))
        widths = _OFD_WIDTHS[render_html.width(sub)]
        xs = [self.left + sum(widths[:i]) for i in range(len(widths) + 1)]

        def lines(cell: render_html.LayoutCell, c: int) -> list[str]:
            per = max(1, int((xs[c + cell.colspan] - xs[c] - 1.5) // size))
            return [cell.text[i : i + per] for i in range(0, len(cell.text), per)]

        heights = [5.0] * len(sub)
        for r, c, cell in sorted(placed, key=lambda p: p[2].rowspan):
            need = len(lines(cell, c)) * size * 1.3 + 1.5
            have = sum(heights[r : r + cell.rowspan])
            heights[r + cell.rowspan - 1] += max(0.0, need - have)
        self._room(sum(heights))
        ys = [self.y + sum(heights[:i]) for i in range(len(heights) + 1)]
        for r, c, cell in placed:
            x0, x1 = xs[c], xs[c + cell.colspan]
            y0, y1 = ys[r], ys[r + cell.rowspan]
            self.rect(x0, y0, x1 - x0, y1 - y0)
            text_lines = lines(cell, c)
            top = (y0 + y1) / 2 - len(text_lines) * size * 1.3 / 2
            for i, line in enumerate(text_lines):
                x = x0 + 0.8 if cell.label else (x0 + x1 - size * len(line)) / 2
                self.text(x, top + i * size * 1.3, line, size)
        self.y = ys[-1] + 4.0

    def package(self, title: str) -> bytes:
        out = io.BytesIO()
        with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zf:
            zf.writestr(
                "OFD.xml",
                f'<?xml version="1.0" encoding="UTF-8"?><ofd:OFD {_NS} Version="1.1" DocType="OFD">'
                f"<ofd:DocBody><ofd:DocInfo><ofd:Title>{html.escape(title)}</ofd:Title></ofd:DocInfo>"
                "<ofd:DocRoot>Doc_0/Document.xml</ofd:DocRoot></ofd:DocBody></ofd:OFD>",
            )
            page_refs = "".join(
                f'<ofd:Page ID="{i + 1}" BaseLoc="Pages/Page_{i}/Content.xml"/>'
                for i in range(len(self.pages))
            )
            zf.writestr(
                "Doc_0/Document.xml",
                f'<?xml version="1.0" encoding="UTF-8"?><ofd:Document {_NS}><ofd:CommonData>'
                f"<ofd:MaxUnitID>{self.ids}</ofd:MaxUnitID><ofd:PageArea><ofd:PhysicalBox>0 0 210 297"
                "</ofd:PhysicalBox></ofd:PageArea><ofd:PublicRes>PublicRes.xml</ofd:PublicRes>"
                f"</ofd:CommonData><ofd:Pages>{page_refs}</ofd:Pages></ofd:Document>",
            )
            zf.writestr(
                "Doc_0/PublicRes.xml",
                f'<?xml version="1.0" encoding="UTF-8"?><ofd:Res {_NS} BaseLoc="Res"><ofd:Fonts>'
                '<ofd:Font ID="2" FontName="宋体" FamilyName="宋体"/></ofd:Fonts></ofd:Res>',
            )
            for i, objects in enumerate(self.pages):
                zf.writestr(
                    f"Doc_0/Pages/Page_{i}/Content.xml",
                    f'<?xml version="1.0" encoding="UTF-8"?><ofd:Page {_NS}><ofd:Content>'
                    f'<ofd:Layer ID="{i + 1}">{"".join(objects)}</ofd:Layer></ofd:Content></ofd:Page>',
                )
        return out.getvalue()
