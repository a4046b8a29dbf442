"""Findings → the check report as DOCX, for agencies that work in Word: the same content as
the printable HTML (``render.check_report``): header, every finding with its rule, message,
依据, evidence and fix, and the three tables with failing cells shaded and marked by symbol."""

from __future__ import annotations

import io
from collections.abc import Sequence
from typing import Any

from ..errors import MissingDependency
from ..formats import TABLE_TITLES
from ..model import Finding, Report
from ..model.finding import STATUS_ZH
from . import Options, Output, Renderer
from .check_report import (
    basis,
    cell_marks,
    evidence_lines,
    fix_lines,
    head_fields,
    heading,
    legend,
    listed,
)
from .docx import BODY_FONT, HEAD_FONT, TITLE_FONT, draw_table, page_setup, paragraph
from .findings import where
from .html import official_layout, table_format

#: the shading of a marked cell, by the HTML's class (the same colours as the HTML page)
FILL = {"m-error": "F8C4C4", "m-warning": "FBE7A6", "m-info": "DCE9F5", "m-culprit": "E7B6F0"}


def check_report_docx(report: Report, findings: Sequence[Finding]) -> bytes:
    try:
        import docx
    except ModuleNotFoundError as err:
        raise MissingDependency(None, "python-docx", "pip install 'nianbao[docx]'") from err
    doc = docx.Document()
    page_setup(doc)
    paragraph(doc, heading(report), font=TITLE_FONT, size=18, align="center", bold=True)
    for name, value in head_fields(report, findings):
        paragraph(doc, f"{name}：{value}", font=BODY_FONT, size=12)
    paragraph(doc, "问题清单", font=HEAD_FONT, size=15, style="Heading 2")
    shown = listed(findings)
    if not shown:
        paragraph(doc, "未发现问题。", font=BODY_FONT, size=12)
    for n, f in enumerate(shown, 1):
        _finding(doc, report, f, n)
    paragraph(doc, "表格（问题格已标注）", font=HEAD_FONT, size=15, style="Heading 2")
    key = "　".join(f"{marker} {name}" for marker, name, _ in legend())
    paragraph(doc, f"图例：{key}（问题格另以底色标出）", font=BODY_FONT, size=11)
    marks = {k: (FILL[cls], marker) for k, (cls, marker) in cell_marks(findings).items()}
    for table_id in ("active", "requests", "review_litigation"):
        caption = f"{TABLE_TITLES[table_id]}（{table_format(report, table_id).id} 年格式）"
        paragraph(doc, caption, font=HEAD_FONT, size=12)
        if table_id not in report.tables:
            paragraph(doc, "未读到表格。", font=BODY_FONT, size=12)
            continue
        draw_table(
            doc, tuple(r for sub in official_layout(report, table_id) for r in sub), marks=marks
        )
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def _finding(doc: Any, report: Report, f: Finding, n: int) -> None:
    status = f"（{STATUS_ZH[f.status]}）" if f.status != "fail" else ""
    w = where(f.location)
    head = f"{n}. {f.rule} {f.severity.zh}{status}" + (f"　位置：{w}" if w else "")
    paragraph(doc, head, font=HEAD_FONT, size=12)
    paragraph(doc, f.message, font=BODY_FONT, size=12)
    for label, lines in (("证据", evidence_lines(f)), ("改法", fix_lines(report, f))):
        if lines:
            paragraph(doc, f"{label}：", font=BODY_FONT, size=12, bold=True)
            for line in lines:
                paragraph(doc, f"· {line}", font=BODY_FONT, size=11)
    b = basis(f)
    if b:
        paragraph(doc, f"依据：{b}", font=BODY_FONT, size=12)


def _render(out: Output, options: Options) -> bytes:
    return check_report_docx(out.report, out.findings or ())


RENDERER = Renderer(
    name="check-docx",
    help="中文检查意见 DOCX（问题格以底色和符号标注；需要 --output）",
    render=_render,
    suffix=".docx",
    binary=True,
    findings=True,
)
