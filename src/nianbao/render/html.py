"""Report → HTML in the official layout (merged headers as rowspan/colspan), every text escaped.

``official_layout`` describes each table of 国办公开办函〔2021〕30号 (or the 2019 trial format)
as rows of spanning cells; this module renders it as HTML and ``render.docx`` as a DOCX, so
both files have the same merged cells as the official blank template.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass

from ..formats import FORMATS, REQUEST_COLUMNS, REVIEW_COLUMNS, SECTIONS
from ..formats.spec import FormatSpec, RowSpec
from ..model import Report, TextBlock, Value
from . import Renderer, of_report

_APPLICANT_NOTE = "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）"
_RESULTS = "三、本年度办理结果"
_CSS = """
body { font-family: "FangSong", "仿宋_GB2312", "Noto Serif CJK SC", serif; max-width: 60em;
       margin: 2em auto; line-height: 1.8; }
h1 { text-align: center; font-size: 1.6em; }
h2 { font-family: "SimHei", "黑体", "Noto Sans CJK SC", sans-serif; font-size: 1.15em; }
table { border-collapse: collapse; width: 100%; margin: 0.5em 0 1em; font-size: 0.85em; }
td, th { border: 1px solid #000; padding: 0.2em 0.3em; text-align: center; }
th { font-weight: normal; }
td.label { text-align: left; }
p.sign { text-align: right; }
"""


@dataclass(frozen=True, slots=True)
class LayoutCell:
    """One printed cell: its text, its spans, and whether it is a heading or a value cell."""

    text: str
    rowspan: int = 1
    colspan: int = 1
    header: bool = False
    label: bool = False
    #: (table, row, column) of a value cell, so a check report can mark it
    key: tuple[str, str, str] | None = None


#: rows of cells; a row lists only the cells that start in it, as HTML does
SubTable = tuple[tuple[LayoutCell, ...], ...]


def official_layout(report: Report, table_id: str) -> tuple[SubTable, ...]:
    """The table as printed in the official format: one sub-table per 第二十条 item for table 二,
    one sub-table for 三 and 四. Rows absent from the report are printed blank."""
    fmt = table_format(report, table_id)
    if table_id == "active":
        return _active(report, fmt)
    if table_id == "requests":
        return (_requests(report, fmt),)
    return (_review(report),)


def table_format(report: Report, table_id: str) -> FormatSpec:
    return FORMATS[report.format_of(table_id)]


def place(sub: SubTable) -> Iterator[tuple[int, int, LayoutCell]]:
    """(row, column, cell) of every cell, skipping positions taken by an earlier span."""
    taken: set[tuple[int, int]] = set()
    for r, row in enumerate(sub):
        c = 0
        for cell in row:
            while (r, c) in taken:
                c += 1
            yield r, c, cell
            taken.update((r + i, c + j) for i in range(cell.rowspan) for j in range(cell.colspan))
            c += cell.colspan


def width(sub: SubTable) -> int:
    return max(c + cell.colspan for _, c, cell in place(sub))


def value_text(report: Report, table_id: str, row_id: str, col_id: str) -> str:
    """A value as printed: the raw text where the report has one, else the value itself."""
    cell = report.cell(table_id, row_id, col_id)
    if cell is None:
        return ""
    if cell.raw.strip():
        return cell.raw.strip()
    return format_value(cell.value)


def format_value(value: Value) -> str:
    if value is None:
        return ""
    return str(value)


def report_title(report: Report) -> str:
    if report.meta.title:
        return report.meta.title
    who = report.meta.organ or report.meta.region or ""
    year = f"{report.meta.year}年" if report.meta.year else ""
    return f"{who}{year}政府信息公开工作年度报告"


def signature(report: Report) -> tuple[str, ...]:
    """The 落款: organ and date (2024年1月19日), where known."""
    out = []
    if report.meta.organ:
        out.append(report.meta.organ)
    m = re.fullmatch(r"(\d{4})-(\d{2})-(\d{2})", report.meta.published or "")
    if m:
        out.append(f"{int(m[1])}年{int(m[2])}月{int(m[3])}日")
    return tuple(out)


def intro(report: Report) -> tuple[TextBlock, ...]:
    """Paragraphs printed between the title and section 一."""
    first = min((s.location.line for s in report.sections if s.location.line), default=None)
    title = report_title(report)
    return tuple(
        p
        for p in report.paragraphs
        if p.location.line is not None
        and (first is None or p.location.line < first)
        and p.kind == "paragraph"
        and p.text.strip() not in (title, *signature(report))
    )


def section_parts(report: Report) -> Iterator[tuple[str, tuple[str, ...], str | None]]:
    """(heading, paragraphs, table id or None) of the six sections in order."""
    for spec in SECTIONS:
        section = report.section(spec.no)
        heading = section.heading if section else spec.title
        text = section.text if section else ""
        paragraphs = tuple(p.strip() for p in text.split("\n") if p.strip())
        yield heading, paragraphs, spec.table if spec.table in report.tables else None


# ---------------------------------------------------------------------- layouts


def _values(report: Report, table_id: str, row_id: str, cols: tuple[str, ...]) -> list[LayoutCell]:
    return [
        LayoutCell(value_text(report, table_id, row_id, c), key=(table_id, row_id, c)) for c in cols
    ]


def _active(report: Report, fmt: FormatSpec) -> tuple[SubTable, ...]:
    spec = fmt.tables["active"]
    groups: dict[str, list[RowSpec]] = {}
    for row in spec.rows:
        groups.setdefault(row.group, []).append(row)
    subs = []
    for group, rows in groups.items():
        cols = rows[0].columns
        pad = 3 - len(cols)  # the last column spans what a short group leaves free
        heads = [LayoutCell(spec.column(c).label, header=True) for c in cols]
        heads[-1] = LayoutCell(heads[-1].text, colspan=1 + pad, header=True)
        out: list[tuple[LayoutCell, ...]] = [
            (LayoutCell(group, colspan=4, header=True),),
            (LayoutCell("信息内容", header=True), *heads),
        ]
        for row in rows:
            values = _values(report, "active", row.id, cols)
            values[-1] = LayoutCell(values[-1].text, colspan=1 + pad, key=values[-1].key)
            out.append((LayoutCell(row.label, label=True), *values))
        subs.append(tuple(out))
    return tuple(subs)


def _requests(report: Report, fmt: FormatSpec) -> SubTable:
    spec = fmt.tables["requests"]
    cols = tuple(c.id for c in REQUEST_COLUMNS)
    out: list[tuple[LayoutCell, ...]] = [
        (LayoutCell(_APPLICANT_NOTE, rowspan=3, colspan=3, header=True),
         LayoutCell("申请人情况", colspan=7, header=True)),
        (LayoutCell("自然人", rowspan=2, header=True),
         LayoutCell("法人或其他组织", colspan=5, header=True),
         LayoutCell("总计", rowspan=2, header=True)),
        tuple(LayoutCell(c.label, header=True) for c in REQUEST_COLUMNS[1:6]),
    ]  # fmt: skip
    results = [r for r in spec.rows if r.group.startswith(("（", _RESULTS))]
    group_sizes: dict[str, int] = {}
    for r in results:
        group_sizes[r.group] = group_sizes.get(r.group, 0) + 1
    for row in spec.rows:
        values = _values(report, "requests", row.id, cols)
        if row not in results:
            out.append((LayoutCell(row.label, colspan=3, label=True), *values))
            continue
        lead: list[LayoutCell] = []
        if row is results[0]:
            lead.append(LayoutCell(_RESULTS, rowspan=len(results), header=True))
        if row.group == _RESULTS:
            lead.append(LayoutCell(row.label, colspan=2, label=True))
        else:
            if row is next(r for r in results if r.group == row.group):
                lead.append(LayoutCell(row.group, rowspan=group_sizes[row.group], label=True))
            lead.append(LayoutCell(row.label, label=True))
        out.append((*lead, *values))
    return tuple(out)


def _review(report: Report) -> SubTable:
    heads = tuple(c.label for c in REVIEW_COLUMNS)
    values: list[LayoutCell] = []
    for row in ("review", "litigation_direct", "litigation_after_review"):
        values += _values(report, "review_litigation", row, tuple(c.id for c in REVIEW_COLUMNS))
    return (
        (
            LayoutCell("行政复议", colspan=5, header=True),
            LayoutCell("行政诉讼", colspan=10, header=True),
        ),
        (
            *(LayoutCell(h, rowspan=2, header=True) for h in heads),
            LayoutCell("未经复议直接起诉", colspan=5, header=True),
            LayoutCell("复议后起诉", colspan=5, header=True),
        ),
        tuple(LayoutCell(h, header=True) for h in heads * 2),
        tuple(values),
    )


# ---------------------------------------------------------------------- HTML


#: a marked cell: (CSS class, text marker) — the marker keeps the mark in black-and-white print
CellMarks = Mapping[tuple[str, str, str], tuple[str, str]]


def table_html(
    subs: tuple[SubTable, ...], *, split: bool = False, marks: CellMarks | None = None
) -> str:
    """The sub-tables as one ``<table>``, or one ``<table>`` each with ``split``; cells in
    ``marks`` get its class and marker."""
    marks = marks or {}
    groups = [[s] for s in subs] if split else [list(subs)]
    out = []
    for group in groups:
        rows = [row for sub in group for row in sub]
        out.append('<table border="1" cellspacing="0" cellpadding="0">')
        for row in rows:
            out.append("<tr>" + "".join(_cell_html(c, marks) for c in row) + "</tr>")
        out.append("</table>")
    return "\n".join(out)


def _cell_html(cell: LayoutCell, marks: CellMarks) -> str:
    tag = "th" if cell.header else "td"
    attrs = ""
    mark = marks.get(cell.key) if cell.key else None
    if cell.rowspan > 1:
        attrs += f' rowspan="{cell.rowspan}"'
    if cell.colspan > 1:
        attrs += f' colspan="{cell.colspan}"'
    if cell.label:
        attrs += ' class="label"'
    if mark:
        attrs += f' class="{mark[0]}" data-cell="{html.escape("/".join(cell.key or ()))}"'
        marker = f'<span class="marker">{html.escape(mark[1])}</span>'
        return f"<{tag}{attrs}>{marker}{html.escape(cell.text)}</{tag}>"
    return f"<{tag}{attrs}>{html.escape(cell.text)}</{tag}>"


def article_parts(report: Report) -> Iterator[tuple[str, str]]:
    """The article in print order as (kind, text): kind is title, paragraph, heading, sign, or
    table (text is then the table id)."""
    yield "title", report_title(report)
    for p in intro(report):
        yield "paragraph", p.text
    for heading, paragraphs, table_id in section_parts(report):
        yield "heading", heading
        for text in paragraphs:
            yield "paragraph", text
        if table_id:
            yield "table", table_id
    for text in signature(report):
        yield "sign", text


def article_html(report: Report, *, split_active: bool = False) -> str:
    """The report as an ``<article>``: title, 导语, six sections with their tables, 落款."""
    tags = {"title": "<h1>", "heading": "<h2>", "paragraph": "<p>", "sign": '<p class="sign">'}
    out = ["<article>"]
    for kind, text in article_parts(report):
        if kind == "table":
            layout = official_layout(report, text)
            out.append(table_html(layout, split=split_active and text == "active"))
        else:
            close = tags[kind].split()[0].rstrip(">").replace("<", "</") + ">"
            out.append(f"{tags[kind]}{html.escape(text)}{close}")
    out.append("</article>")
    return "\n".join(out)


def render_html(report: Report) -> str:
    """A standalone UTF-8 page (no scripts, no external resources) in the official layout."""
    title = html.escape(report_title(report))
    return (
        '<!DOCTYPE html>\n<html lang="zh-CN">\n<head>\n<meta charset="utf-8">\n'
        f"<title>{title}</title>\n<style>{_CSS}</style>\n</head>\n<body>\n"
        f"{article_html(report)}\n</body>\n</html>\n"
    )


RENDERER = Renderer(
    name="html",
    help="官方格式排版的 HTML 网页",
    render=of_report(render_html),
    suffix=".html",
)
