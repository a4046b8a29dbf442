"""Findings → the printable check report as DOCX, for reviewers who send Word files: the same
content as ``check-html`` (header, every finding with evidence, fix and 依据, the official
tables with failing cells shaded and marked by ✗ ! ? ◆)."""

from __future__ import annotations

import io
from collections.abc import Sequence

from ..errors import MissingDependency
from ..formats import TABLE_TITLES
from ..model import TABLE_IDS, Finding, Report
from ..model.finding import STATUS_ZH
from . import Options, Output, Renderer
from .check_report import (
    basis,
    cell_marks,
    check_title,
    evidence_lines,
    fix_lines,
    head_items,
    listed_findings,
)
from .docx import _BODY_FONT, _HEAD_FONT, _page_setup, _paragraph, _table
from .findings import where
from .html import official_layout, table_format
from .terminal import CELL_CULPRIT, CELL_ERROR, CELL_INFO, CELL_WARNING, MARKER

_LEGEND = "图例：" + "　".join(
    f"{MARKER[s]}{name}"
    for s, name in (
        (CELL_ERROR, "错误"),
        (CELL_WARNING, "警告"),
        (CELL_INFO, "提示"),
        (CELL_CULPRIT, "最可能的错误格"),
    )
)


def check_report_docx(report: Report, findings: Sequence[Finding]) -> bytes:
    try:
        import docx
    except ModuleNotFoundError as err:
        raise MissingDependency(None, "python-docx", "pip install 'nianbao[docx]'") from err
    doc = docx.Document()
    _page_setup(doc)
    _paragraph(doc, check_title(report), font=_HEAD_FONT, size=18, align="center", bold=True)
    for key, value in head_items(report, findings):
        _paragraph(doc, f"{key}：{value}", font=_BODY_FONT, size=12)
    _paragraph(doc, "问题清单", font=_HEAD_FONT, size=14, style="Heading 2")
    listed = listed_findings(findings)
    if not listed:
        _paragraph(doc, "未发现问题。", font=_BODY_FONT, size=12)
    for n, f in enumerate(listed, 1):
        status = f"（{STATUS_ZH[f.status]}）" if f.status != "fail" else ""
        w = where(f.location)
        lead = f"{n}. {f.rule} {f.severity.zh}{status}" + (f"　位置：{w}" if w else "")
        _paragraph(doc, lead, font=_HEAD_FONT, size=12)
        _paragraph(doc, f.message, font=_BODY_FONT, size=12)
        for label, lines in (("证据", evidence_lines(f)), ("改法", fix_lines(report, f))):
            for line in lines:
                _paragraph(doc, f"{label}：{line}", font=_BODY_FONT, size=11)
        if b := basis(f):
            _paragraph(doc, f"依据：{b}", font=_BODY_FONT, size=11)
    _paragraph(doc, "表格（问题格已标注）", font=_HEAD_FONT, size=14, style="Heading 2")
    _paragraph(doc, _LEGEND, font=_BODY_FONT, size=11)
    marks = cell_marks(findings)
    for table_id in TABLE_IDS:
        caption = f"{TABLE_TITLES[table_id]}（{table_format(report, table_id).id} 年格式）"
        _paragraph(doc, caption, font=_HEAD_FONT, size=12)
        if table_id not in report.tables:
            _paragraph(doc, "未读到表格。", font=_BODY_FONT, size=11)
            continue
        rows = tuple(row for sub in official_layout(report, table_id) for row in sub)
        _table(doc, rows, marks)
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def _render(out: Output, options: Options) -> bytes:
    return check_report_docx(out.report, out.findings or ())


RENDERER = Renderer(
    name="check-docx",
    help="可打印的中文检查意见 DOCX（与 check-html 内容相同，问题格加底色和符号）",
    render=_render,
    suffix=".docx",
    binary=True,
    findings=True,
)
