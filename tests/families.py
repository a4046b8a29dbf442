"""The layouts real reports come in, generated from each gold report with seeded variation.

``generate(gold, family, seed) -> bytes`` writes one variant; ``score_family(gold, report)``
counts (correct, wrong, total) cells, a wrong value being a returned value that differs from
gold (a blank returned where a number is printed included), a missing one simply not counted
as correct. Families (the issue's list):

- ``html_fragment``: a CMS content field: starts with ``<p>``, ``<div>`` or a small ``<table>``,
  no ``<html>``, the first report table 10 KB or more into the file;
- ``html_js``: the same fragment inside a JavaScript string (``\\"`` and ``\\n`` escapes);
- ``docx_tabs``: a DOCX whose tables are tab-separated paragraphs (LibreOffice from a text
  export);
- ``browser_text``: text copied from a browser: page chrome, tab-separated rows, a merged cell
  printed only in its first row;
- ``bad_bytes``: a text export with one stray 0xFF byte, or its last character cut in half;
- ``crawled``: a page's visible text with its chrome and every table's cells glued;
- ``markdown``: PDF→Markdown converter output (shredded pipe fragments, loose labels,
  placeholder or wrong header rows, split group labels, page footers);
- ``reading_order``: ``pdftotext`` without ``-layout`` of a PDF another tool drew: a cell per
  line, a table's labels first and its numbers after them, row by row or column by column.

Everything is generated at test time from ``tests/fixtures/gold`` and the seeds' narrative.
"""

from __future__ import annotations

import io
import random
import re
import subprocess
import tempfile
from functools import cache
from pathlib import Path
from typing import Any

import nianbao
from corpus import gold_report, make_pdf
from gold import EXAMPLES, FIXTURES, _same, expected_cells
from layouts import LAYOUTS, render, table_rows
from nianbao.formats import SECTIONS
from nianbao.render import html as render_html

FAMILIES = (
    "html_fragment",
    "html_js",
    "docx_tabs",
    "browser_text",
    "bad_bytes",
    "crawled",
    "markdown",
    "reading_order",
)
#: families made from the report's PDF (the real 淮安 PDF; the seeds through LibreOffice):
#: ``pdftohtml -s -i``; ``pdftotext`` in reading order (each cell a line of its own, labels
#: and numbers apart); ``pdftotext -raw`` (a row as ``label n1 n2 …``)
PDF_FAMILIES = ("positioned_html", "pdftotext_reading", "pdftotext_raw")
_PDFTOTEXT_OPTIONS = {
    "pdftotext_reading": ([], ["-nopgbrk"]),
    "pdftotext_raw": (["-raw"], ["-raw", "-nopgbrk"]),
}

_PROSE = (
    "坚持以人民为中心的发展思想，围绕中心工作，持续深化政务公开，提升政府工作透明度。",
    "严格落实公开属性源头认定机制，做好政策文件解读，及时回应社会关切。",
    "加强政府网站和政务新媒体管理，规范栏目设置，确保信息发布及时、准确、规范。",
    "完善依申请公开工作流程，规范答复文书，依法保障人民群众知情权、参与权和监督权。",
    "组织开展政务公开业务培训，提高工作人员的业务能力和服务水平。",
)


@cache
def narrative(name: str) -> nianbao.Report:
    """The seed's own narrative (sections as printed), parsed once."""
    src = FIXTURES / "huaian-2024.layout.txt" if name.startswith("huaian") else EXAMPLES / name
    return nianbao.parse(src)


def generate(gold: dict[str, Any], family: str, seed: int, pdf_dir: Path | None = None) -> bytes:
    """One variant. The PDF families need ``pdf_dir`` (a cache for LibreOffice's PDFs of the
    seeds) except for 淮安, whose real PDF is a fixture."""
    rng = random.Random(f"{gold['file']}:{family}:{seed}")
    if family in PDF_FAMILIES:
        return _from_pdf(gold, family, rng, pdf_dir)
    return _MAKERS[family](gold, rng)


#: the text families a reader sees as plain text (no converter, no PDF)
TEXT_FAMILIES = ("crawled", "browser_text", "markdown", "reading_order")


def text_variants(
    gold: dict[str, Any], families: tuple[str, ...] = TEXT_FAMILIES, seeds: int = 2
) -> list[bytes]:
    """The gold report in every text layout, then ``seeds`` variants of each of ``families``."""
    texts = [render(gold, narrative(gold["file"]), layout).encode() for layout in LAYOUTS]
    texts += [generate(gold, family, seed) for family in families for seed in range(seeds)]
    return texts


def report_pdf(gold: dict[str, Any], pdf_dir: Path | None) -> Path:
    if gold["file"].startswith("huaian"):
        return FIXTURES / "huaian-2024.pdf"
    if pdf_dir is None:
        raise ValueError("the seeds' PDFs need a directory to be made in (LibreOffice)")
    return make_pdf(gold, pdf_dir)


def _from_pdf(gold: dict[str, Any], family: str, rng: random.Random, pdf_dir: Path | None) -> bytes:
    pdf = report_pdf(gold, pdf_dir)
    with tempfile.TemporaryDirectory() as tmp:
        if family in _PDFTOTEXT_OPTIONS:
            out = Path(tmp, "out.txt")
            options = rng.choice(_PDFTOTEXT_OPTIONS[family])
            subprocess.run(["pdftotext", *options, str(pdf), str(out)], check=True, timeout=120)
            return out.read_bytes()
        zoom = rng.choice(("1.5", "1", "2", "1.3"))
        out = Path(tmp, "out.html")
        command = ["pdftohtml", "-s", "-i", "-q", "-zoom", zoom, str(pdf), str(out)]
        subprocess.run(command, check=True, timeout=120, capture_output=True)
        made = sorted(Path(tmp).glob("out*.html"))
        return made[0].read_bytes()


def score_family(gold: dict[str, Any], report: dict[str, Any]) -> tuple[int, int, int, list[str]]:
    """(correct, wrong, total, wrong cells) over every gold cell."""
    ok = wrong = n = 0
    bad: list[str] = []
    for table, row, col, value in expected_cells(gold):
        n += 1
        got = ((report.get(table) or {}).get(row) or {}).get(col, "<missing>")
        if got == "<missing>":
            continue
        if _same(value, got):
            ok += 1
        else:
            wrong += 1
            bad.append(f"{table}.{row}.{col}: gold {value!r} got {got!r}")
    return ok, wrong, n, bad


# ---------------------------------------------------------------------- HTML


def _padding(rng: random.Random, size: int) -> str:
    out: list[str] = []
    total = 0
    while total < size:
        text = "".join(rng.choice(_PROSE) for _ in range(rng.randint(3, 8)))
        out.append(f'<p style="text-indent:2em">{text}</p>')
        total += len(text.encode("utf-8")) + 30
    return "\n".join(out)


def _fragment(gold: dict[str, Any], rng: random.Random) -> str:
    report = gold_report(gold)
    article = render_html.article_html(report, split_active=rng.random() < 0.5)
    body = article.removeprefix("<article>").removesuffix("</article>").strip()
    if rng.random() < 0.5:
        body = re.sub(r"<td([^>]*)></td>", r"<td\1>&nbsp;</td>", body)
    if rng.random() < 0.5:
        body = body.replace("<td", '<td align="center" valign="middle"')
    # a long 总体情况 before the first table: the first table sits 10 KB or more into the file
    first_heading = body.index("</h2>", body.index("<h2>")) + len("</h2>")
    pad = _padding(rng, rng.randint(10_500, 16_000))
    body = body[:first_heading] + "\n" + pad + body[first_heading:]
    start = rng.choice(("p", "div", "table"))
    if start == "div":
        return f'<div class="TRS_Editor"><div class="Custom_UnionStyle">\n{body}\n</div></div>\n'
    if start == "table":
        info = (
            '<table class="xxgk-info"><tr><td>索引号：</td><td>000014349/2024-00012</td>'
            "<td>发布机构：</td><td>办公室</td></tr></table>\n"
        )
        return info + body
    return body.replace("<h1>", "<p><strong>", 1).replace("</h1>", "</strong></p>", 1)


def _html_fragment(gold: dict[str, Any], rng: random.Random) -> bytes:
    text = _fragment(gold, rng)
    return text.encode(rng.choice(("utf-8", "utf-8", "gb18030")))


def _html_js(gold: dict[str, Any], rng: random.Random) -> bytes:
    text = _fragment(gold, rng)
    escaped = text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")
    if rng.random() < 0.5:
        escaped = escaped.replace("</", "<\\/")
    if rng.random() < 0.5:
        escaped = escaped.replace("\t", "\\t")
    wrapper = rng.choice(
        (
            'var content = "{}";\ndocument.getElementById("zoom").innerHTML = content;\n',
            '{{"code":0,"data":{{"title":"年报","content":"{}"}}}}',
            '<script type="text/javascript">\nvar str_1 = "{}";\ndocument.write(str_1);\n</script>\n',
        )
    )
    return wrapper.format(escaped).encode("utf-8")


# ---------------------------------------------------------------------- text exports


def _chrome(gold: dict[str, Any], rng: random.Random) -> tuple[list[str], list[str]]:
    who = gold.get("organ") or gold.get("region") or ""
    title = f"{who}{gold['year']}年政府信息公开工作年度报告"
    head = rng.sample(
        [
            "首页 > 政务公开 > 政府信息公开年报",
            "当前位置：首页 > 信息公开 > 年度报告",
            "字号：大 中 小",
            "【字体：大 中 小】",
            "分享到：微信 微博 QQ空间",
            f"发布时间：{gold['year'] + 1}-01-2{rng.randint(0, 9)} 来源：办公室 浏览次数：{rng.randint(10, 999)}",
        ],
        k=rng.randint(2, 5),
    )
    if rng.random() < 0.5:
        head.append(f"标题：{title}")
    foot = rng.sample(
        [
            "【打印本页】 【关闭窗口】",
            "扫一扫在手机打开当前页",
            "主办单位：人民政府办公室",
            "网站标识码：3200000001",
        ],
        k=rng.randint(1, 3),
    )
    return head, foot


def _text_layout(gold: dict[str, Any], layout: str) -> str:
    return render(gold, narrative(gold["file"]), layout)


def _docx_tabs(gold: dict[str, Any], rng: random.Random) -> bytes:
    import docx  # type: ignore[import-untyped]

    text = _text_layout(gold, rng.choice(("cells", "cells", "tabs")))
    document = docx.Document()
    for line in text.split("\n"):
        document.add_paragraph(line)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def _browser_rows(gold: dict[str, Any], rng: random.Random, table_id: str) -> list[str]:
    """A table as a browser copies it: one line per row, cells by tabs; a cell merged over
    several rows appears in its first row only, a cell spanning columns once."""
    report = gold_report(gold)
    lines: list[str] = []
    for sub in render_html.official_layout(report, table_id):
        for row in sub:
            cells = [c.text for c in row]
            lines.append("\t".join(cells) + ("\t" if rng.random() < 0.2 else ""))
    return lines


def _browser_text(gold: dict[str, Any], rng: random.Random) -> bytes:
    head, foot = _chrome(gold, rng)
    body = _sections(gold, lambda table_id: _browser_rows(gold, rng, table_id))
    return "\n".join([*head, *body, *foot]).encode("utf-8")


def _sections(gold: dict[str, Any], table: Any) -> list[str]:
    who = gold.get("organ") or gold.get("region") or ""
    out = [f"{who}{gold['year']}年政府信息公开工作年度报告"]
    by_no = {s.no: s for s in narrative(gold["file"]).sections}
    for spec in SECTIONS:
        out.append(spec.title)
        table_id = {2: "active", 3: "requests", 4: "review_litigation"}.get(spec.no)
        if table_id:
            out.extend(table(table_id))
        elif spec.no in by_no and by_no[spec.no].text:
            out.append(by_no[spec.no].text)
    return out


def _bad_bytes(gold: dict[str, Any], rng: random.Random) -> bytes:
    text = _text_layout(gold, rng.choice(("cells", "tabs", "spaces"))).rstrip("\n")
    encoding = rng.choice(("utf-8", "gb18030"))
    if rng.random() < 0.6:
        # one stray byte after a full stop of the prose (never inside a number)
        stops = [m.end() for m in re.finditer("。", text)] or [len(text) // 2]
        at = rng.choice(stops)
        return text[:at].encode(encoding) + b"\xff" + text[at:].encode(encoding)
    # the last character cut in half (a truncated download)
    return (text + "。").encode(encoding)[:-1]


# ---------------------------------------------------------------------- crawled text


def _glued_table(gold: dict[str, Any], rng: random.Random, table_id: str) -> str:
    rows = table_rows(gold)[table_id]
    out: list[str] = []
    for labels, values in rows:
        label = "".join(c for c in labels if c)
        cells = list(values)
        if cells and rng.random() < 0.1:
            i = rng.randrange(len(cells))
            cells[i] = cells[i] + " "  # a stray space after one cell
        out.append(label + "".join(cells))
    return "".join(out)


def _stated(gold: dict[str, Any]) -> str:
    """The counts a 总体情况 states about table 二 and 三 (2021 format), as many reports do."""
    t2, t3 = gold.get("table2") or {}, gold.get("table3") or {}
    parts = []
    for label in ("规章", "行政规范性文件"):
        issued, _, in_force = (t2.get(label) or [None] * 3)[:3]
        if gold.get("format") != "2019" and issued is not None and in_force is not None:
            parts.append(f"制发{label}{issued}件，现行有效{label}{in_force}件")
    received = (t3.get("一") or [None] * 7)[6]
    if received is not None:
        parts.append(f"全年共收到政府信息公开申请{received}件")
    return "本年度" + "；".join(parts) + "。" if parts else ""


def _crawled(gold: dict[str, Any], rng: random.Random) -> bytes:
    head, foot = _chrome(gold, rng)
    body = _sections(gold, lambda table_id: [_glued_table(gold, rng, table_id)])
    if rng.random() < 0.5:  # the narrative states some counts (extra constraints on splits)
        at = body.index(SECTIONS[0].title) + 1
        body.insert(at, _stated(gold))
    if rng.random() < 0.5:
        lines = [*head, "".join(body), *foot]
    else:
        lines = [*head, *body, *foot]
    return "\n".join(lines).encode("utf-8")


# ---------------------------------------------------------------------- converter Markdown


def _markdown(gold: dict[str, Any], rng: random.Random) -> bytes:
    """What PDF→Markdown converters make of the tables: fragments with placeholder or wrong
    header rows (at a fragment's top, or printed over rows in its middle), number rows
    without their label, wrapped labels dumped as loose lines, group labels split over two rows, a
    cell lost from its row as loose text (the row printed short), page footers."""
    other_header = ["信息内容", "本年制发件数", "本年废止件数", "现行有效件数"]
    requests_header = [
        "",
        "自然人",
        "商业企业",
        "科研机构",
        "社会公益组织",
        "法律服务机构",
        "其他",
        "总计",
    ]

    def wrong_headers(table_id: str, width: int) -> list[list[str]]:
        other = requests_header if table_id == "active" else other_header
        return [
            [f"数据{i + 1}" for i in range(width)],
            (other + [""] * width)[: max(width, len(other))],
        ]

    def row_line(cells: list[str]) -> str:
        return "| " + " | ".join(cells) + " |"

    def table(table_id: str) -> list[str]:
        rows = table_rows(gold)[table_id]
        width = max(len(lab) + len(val) for lab, val in rows)
        out: list[str] = []
        fresh = True
        split_group = ""
        for lab, val in rows:
            if not fresh and rng.random() < 0.15:
                out.append("")
                if rng.random() < 0.3:
                    out.append(f"— {rng.randint(2, 9)} —")
                    out.append("")
                fresh = True
            lab = list(lab)
            loose: list[str] = []
            if table_id == "requests" and any(val) and not split_group and rng.random() < 0.04:
                # a number row printed without its label (after a row with numbers, or after
                # one printed with its label only, where it could also read as that row's
                # second line)
                lab = [""] * len(lab)
            if split_group and len(lab) == 3:  # a group label's second half, a row down
                lab[1], split_group = split_group, ""
            elif len(lab) == 3 and len(lab[1]) >= 6 and rng.random() < 0.5:
                cut = rng.randint(3, len(lab[1]) - 2)
                lab[1], split_group = lab[1][:cut], lab[1][cut:]
            last = lab[-1] if lab else ""
            if len(last) > 14 and rng.random() < 0.4:
                cut = rng.randint(10, len(last) - 2)
                lab[-1], wrapped = last[:cut], last[cut:]
                loose.append(wrapped)
            cells = [*lab, *val] + [""] * (width - len(lab) - len(val))
            printed = [i for i, v in enumerate(val) if v]
            if len(val) > 1 and printed and rng.random() < 0.05:
                # a cell with a number lost from its row, printed after it as loose text
                lost = rng.choice(printed)
                short = [*lab, *(v for i, v in enumerate(val) if i != lost)]
                cells = short
                remark = f"（其中修订 {rng.randint(1, 9)} 件）" if rng.random() < 0.5 else ""
                loose.append(val[lost] + remark)
            if fresh:
                kind = rng.random()
                if kind < 0.4:
                    out.append(row_line([f"数据{i + 1}" for i in range(width)]))
                elif kind < 0.6 and table_id != "active":
                    out.append(row_line(other_header + [""] * max(width - 4, 0)))
                else:
                    out.append(row_line(cells))
                    cells = []
                out.append("|" + "---|" * width)
                fresh = False
            elif val and rng.random() < 0.1:
                # a wrong header row printed over the rows, no rule under it: placeholders,
                # or a header taken from another table
                out.append(row_line(rng.choice(wrong_headers(table_id, width))))
            if cells:
                out.append(row_line(cells))
            if loose:
                out.extend(loose)
                fresh = True
        return out

    body = _sections(gold, table)
    return "\n".join(body).encode("utf-8")


# ---------------------------------------------------------------------- reading order


def _number_order(values: list[list[str]], order: str) -> list[list[str]]:
    """The numbers of a grid in print order, cut where pdftotext would put a blank line: after
    each row (row order) or column (column order). A blank cell prints nothing."""
    if order == "rows":
        return [[v for v in row if v] for row in values]
    width = max(len(row) for row in values)
    return [[row[c] for row in values if c < len(row) and row[c]] for c in range(width)]


def _blocks(values: list[list[str]], rng: random.Random) -> list[list[str]]:
    """Table 三 as LibreOffice's PDFs come out of pdftotext: the rows in bands (a page break
    after a random row), each band's columns in blocks of 1–3 read row by row; down the page
    band by band up to a column where each band is cut, then back up for the columns right of
    the cut. A form feed starts the page's first block."""
    width = len(values[0])
    page = rng.randint(8, len(values) - 5)
    pages: list[list[tuple[int, int]]] = [[], []]
    row = 0
    while row < len(values):
        end = page if row < page else len(values)
        height = min(rng.randint(1, 6), end - row)
        pages[row >= page].append((row, height))
        row += height
    out: list[list[str]] = []
    for bands in pages:
        # a band's cut is never right of the cut above it (each column printed top down)
        cuts = sorted((rng.choice((width, rng.randint(3, width - 1))) for _ in bands), reverse=True)
        start = len(out)
        for part in (0, 1):
            for (first, height), cut in zip(bands, cuts, strict=True):
                col, stop = (0, cut) if part == 0 else (cut, width)
                while col < stop:
                    step = min(rng.choice((1, 1, 1, 2, 3)), stop - col)
                    block = range(col, col + step)
                    out.append([values[r][c] for r in range(first, first + height) for c in block])
                    col += step
        if start and rng.random() < 0.5:
            out[start] = ["\f" + out[start][0], *out[start][1:]]
    return out


def _reading_order(gold: dict[str, Any], rng: random.Random) -> bytes:
    return reading_order(gold, rng)


def reading_order(gold: dict[str, Any], rng: random.Random, requests: str = "") -> bytes:
    """Table 二 row by row, each label right above its numbers; tables 三 and 四 with every
    label first, then their numbers row by row or column by column (表四 as 3 groups × 5),
    a blank line between rows or columns, or between every two numbers; or table 三 in
    LibreOffice's blocks. ``requests`` fixes table 三's order."""
    tables = table_rows(gold)

    def cells(lines: list[str]) -> list[str]:
        return [x for line in lines for x in (line, "")] if rng.random() < 0.5 else lines

    def table(table_id: str) -> list[str]:
        rows = tables[table_id]
        if table_id == "active":
            return [x for lab, val in rows for x in (*(c for c in lab if c), *val, "")]
        labels = [c for lab, _ in rows for c in lab if c]
        values = [val for _, val in rows if val]
        if table_id == "review_litigation":
            values = [values[0][k : k + 5] for k in range(0, 15, 5)]
        out = [*labels, ""]
        order = rng.choice(("rows", "columns", "blocks", "blocks"))
        if table_id == "requests" and requests:
            order = requests
        if table_id == "requests" and order == "blocks":
            return [*out, *(x for block in _blocks(values, rng) for x in (*block, ""))]
        for run in _number_order(values, "rows" if order == "blocks" else order):
            out.extend(cells(run))
            out.append("")
        return out

    body = _sections(gold, table)
    return "\n".join(body).encode("utf-8")


_MAKERS = {
    "html_fragment": _html_fragment,
    "html_js": _html_js,
    "docx_tabs": _docx_tabs,
    "browser_text": _browser_text,
    "bad_bytes": _bad_bytes,
    "crawled": _crawled,
    "markdown": _markdown,
    "reading_order": _reading_order,
}
