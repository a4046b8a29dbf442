"""Report → DOCX in the official layout: A4, 仿宋 body, 黑体 headings, tables merged as in the
official blank template (gridSpan across, vMerge down)."""

from __future__ import annotations

import io
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from ..errors import MissingDependency
from ..model import Report
from . import Renderer, of_report
from .html import SubTable, article_parts, official_layout, place, width

BODY_FONT = "仿宋_GB2312"
HEAD_FONT = "黑体"
TITLE_FONT = "方正小标宋简体"
_TABLE_FONT = "宋体"
#: (table, row, column) → (shading fill as RRGGBB, text marker) of a marked cell
Marks = Mapping[tuple[str, str, str], tuple[str, str]]
#: column widths in cm for each table width (表二 4, 表三 10, 表四 15 grid columns); 15.6 cm total
_WIDTHS = {
    4: (4.8, 3.6, 3.6, 3.6),
    10: (1.0, 1.8, 4.4) + (1.2,) * 7,
    15: (1.04,) * 15,
}


def render_docx(report: Report, path: str | Path | None = None) -> bytes:
    """The DOCX bytes (also written to ``path`` when given)."""
    try:
        import docx
    except ModuleNotFoundError as err:
        raise MissingDependency(None, "python-docx", "pip install 'nianbao[docx]'") from err
    doc = docx.Document()
    page_setup(doc)
    for kind, payload in article_parts(report):
        if kind == "title":
            paragraph(doc, payload, font=TITLE_FONT, size=22, align="center", bold=True)
        elif kind == "heading":
            paragraph(doc, payload, font=HEAD_FONT, size=16, style="Heading 2")
        elif kind == "paragraph":
            paragraph(doc, payload, font=BODY_FONT, size=16, indent=True)
        elif kind == "sign":
            paragraph(doc, payload, font=BODY_FONT, size=16, align="right")
        else:  # the sub-tables of a table are printed as one table, as in the template
            draw_table(doc, tuple(row for sub in official_layout(report, payload) for row in sub))
    out = io.BytesIO()
    doc.save(out)
    data = out.getvalue()
    if path is not None:
        Path(path).write_bytes(data)
    return data


def page_setup(doc: Any) -> None:
    from docx.shared import Cm

    section = doc.sections[0]
    section.page_width, section.page_height = Cm(21.0), Cm(29.7)
    section.top_margin, section.bottom_margin = Cm(3.7), Cm(3.5)
    section.left_margin, section.right_margin = Cm(2.8), Cm(2.6)
    for name in ("Normal", "Heading 2"):
        style = doc.styles[name]
        style.font.name = BODY_FONT
        style.font.color.rgb = None
        _east_asian(style.element, BODY_FONT)


def paragraph(
    doc: Any,
    text: str,
    *,
    font: str,
    size: float,
    align: str = "left",
    indent: bool = False,
    bold: bool = False,
    style: str | None = None,
) -> None:
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Pt, RGBColor

    p = doc.add_paragraph(style=style)
    p.alignment = {"left": WD_ALIGN_PARAGRAPH.JUSTIFY, "center": WD_ALIGN_PARAGRAPH.CENTER,
                   "right": WD_ALIGN_PARAGRAPH.RIGHT}[align]  # fmt: skip
    if indent:
        p.paragraph_format.first_line_indent = Pt(size * 2)
    run = p.add_run(text)
    run.font.size = Pt(size)
    run.font.name = font
    run.font.bold = bold
    run.font.color.rgb = RGBColor(0, 0, 0)
    _east_asian(run._element, font)


def draw_table(doc: Any, sub: SubTable, *, marks: Marks | None = None) -> None:
    """The sub-table with its merged cells; a cell in ``marks`` gets the marker before its text
    and the fill as shading (a check report's failing cells)."""
    from docx.enum.table import WD_TABLE_ALIGNMENT
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Cm, Pt

    cells = list(place(sub))
    n_cols = width(sub)
    table = doc.add_table(rows=len(sub), cols=n_cols)
    table.style = doc.styles["Table Grid"]
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    widths = _WIDTHS.get(n_cols, (15.6 / n_cols,) * n_cols)
    # the cell objects once, before merging: python-docx's table.cell() rescans the whole grid
    grid = [list(row.cells) for row in table.rows]
    for c, w in enumerate(widths):
        table.columns[c].width = Cm(w)
        for row in grid:
            row[c].width = Cm(w)
    for r, c, cell in cells:
        target = grid[r][c]
        if cell.rowspan > 1 or cell.colspan > 1:
            target = target.merge(grid[r + cell.rowspan - 1][c + cell.colspan - 1])
        mark = (marks or {}).get(cell.key) if cell.key else None
        target.text = f"{mark[1]}{cell.text}" if mark else cell.text
        if mark:
            _shade(target, mark[0])
        p = target.paragraphs[0]
        p.alignment = WD_ALIGN_PARAGRAPH.LEFT if cell.label else WD_ALIGN_PARAGRAPH.CENTER
        for run in p.runs:
            run.font.size = Pt(9)
            run.font.name = _TABLE_FONT
            _east_asian(run._element, _TABLE_FONT)


def _shade(cell: Any, fill: str) -> None:
    """Cell shading (``w:shd``), e.g. ``F8C4C4``; python-docx has no API for it."""
    from docx.oxml.ns import qn

    tcpr = cell._tc.get_or_add_tcPr()
    shd = tcpr.makeelement(
        qn("w:shd"), {qn("w:val"): "clear", qn("w:color"): "auto", qn("w:fill"): fill}
    )
    tcpr.append(shd)


def _east_asian(element: Any, font: str) -> None:
    """python-docx sets only the Latin font; CJK text takes the eastAsia font."""
    from docx.oxml.ns import qn

    rpr = element.get_or_add_rPr()
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = rpr.makeelement(qn("w:rFonts"), {})
        rpr.insert(0, fonts)
    for theme in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
        fonts.attrib.pop(qn(theme), None)  # a theme font would override the one named here
    fonts.set(qn("w:eastAsia"), font)


RENDERER = Renderer(
    name="docx",
    help="官方格式排版的 DOCX 文档（需要 --output）",
    render=of_report(render_docx),
    suffix=".docx",
    binary=True,
)
