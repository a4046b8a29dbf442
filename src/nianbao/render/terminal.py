"""Report → the terminal: the three tables in the official layout, with Chinese labels."""

from __future__ import annotations

from collections.abc import Mapping

from rich.console import Console
from rich.panel import Panel
from rich.table import Table as RichTable
from rich.text import Text

from ..formats import FORMATS, TABLE_TITLES
from ..model import Document, Report, TableGrid, Value

#: (table, row, column) → rich style, for cells a finding points at
Marks = Mapping[tuple[str, str, str], str]

_console: Console | None = None


def console() -> Console:
    global _console
    if _console is None:
        _console = Console(highlight=False, soft_wrap=False)
    return _console


def show(value: Value, present: bool = True) -> Text:
    if not present:
        return Text("（缺）", style="bold red")
    if value is None:
        return Text("（空白）", style="dim")
    if isinstance(value, str):
        return Text(value, style="yellow")
    if isinstance(value, float):
        return Text(f"{value:g}" if abs(value) < 1e15 else str(value))
    return Text(str(value))


def render_table(report: Report, table_id: str, marks: Marks | None = None) -> RichTable | None:
    """One of the three tables as a rich table, in the official row order and labels."""
    table = report.tables.get(table_id)
    if table is None:
        return None
    spec = report.spec(table_id)
    marks = marks or {}
    title = f"{TABLE_TITLES[table_id]}（{report.format_of(table_id)} 年格式）"
    out = RichTable(title=title, title_justify="left", show_lines=False, header_style="bold")
    columns = [c for c in spec.columns if any(c.id in r.columns for r in spec.rows)]
    if table_id == "active":
        out.add_column("信息内容", min_width=18, overflow="fold")
        groups: dict[str, list[str]] = {}
        for r in spec.rows:
            groups.setdefault(r.group, []).append(r.id)
        width = max(len(r.columns) for r in spec.rows)
        for i in range(width):
            out.add_column(f"第{i + 1}列", justify="right")
        for group, row_ids in groups.items():
            first = spec.row(row_ids[0])
            out.add_row(
                Text(group, style="bold cyan"),
                *[Text(spec.column(c).label, style="cyan") for c in first.columns],
            )
            for row_id in row_ids:
                _add(
                    out,
                    report,
                    table_id,
                    spec.row(row_id).label,
                    row_id,
                    spec.row(row_id).columns,
                    marks,
                )
        return out
    out.add_column("项目", min_width=26, overflow="fold")
    for c in columns:
        out.add_column(c.label, justify="right", overflow="fold")
    for r in spec.rows:
        _add(out, report, table_id, r.label, r.id, tuple(c.id for c in columns), marks)
    return out


def _add(
    out: RichTable,
    report: Report,
    table_id: str,
    label: str,
    row_id: str,
    cols: tuple[str, ...],
    marks: Marks,
) -> None:
    row = report.tables[table_id].rows.get(row_id)
    cells: list[Text] = []
    for col in cols:
        cell = row.cells.get(col) if row else None
        text = show(cell.value if cell else None, cell is not None)
        style = marks.get((table_id, row_id, col))
        if style:
            text.stylize(style)
        cells.append(text)
    name = Text(label if row else f"{label}（未读到）", style="" if row else "red")
    out.add_row(name, *cells)


def print_report(report: Report, marks: Marks | None = None) -> None:
    c = console()
    m = report.meta
    lines = [
        f"标题：{m.title or '（未识别）'}",
        f"机关：{m.organ or '（未识别）'}    地区：{m.region or '（未识别）'}",
        f"年度：{m.year or '（未识别）'}    发布日期：{m.published or '（未识别）'}    格式：{_format_name(m.format)}",
        f"文件：{report.source.path or '<bytes>'}（{report.source.reader}"
        + (f"，{report.source.encoding}" if report.source.encoding else "")
        + (f"，{report.source.pages} 页" if report.source.pages else "")
        + "）",
        "章节：" + ("、".join(s.heading for s in report.sections) or "（未找到）"),
    ]
    c.print(Panel("\n".join(lines), title="政府信息公开工作年度报告", expand=False))
    for table_id in ("active", "requests", "review_litigation"):
        rt = render_table(report, table_id, marks)
        if rt is None:
            c.print(Text(f"{TABLE_TITLES[table_id]}：未读到表格", style="bold red"))
        else:
            c.print(rt)
    for note in report.source.notes:
        c.print(Text(f"读取提示：{note}", style="yellow"))
    if report.problems:
        c.print(Text("未能完整读取之处：", style="bold yellow"))
        for p in report.problems:
            where = _where(p.location.to_dict())
            c.print(f"  • {p.message}" + (f"（{where}）" if where else ""))


def _where(loc: Mapping[str, object]) -> str:
    parts = []
    if "page" in loc:
        parts.append(f"第 {loc['page']} 页")
    if "line" in loc:
        parts.append(f"第 {loc['line']} 行")
    return "，".join(parts)


def _format_name(fmt: str | None) -> str:
    if fmt is None:
        return "（未识别）"
    spec = FORMATS[fmt]
    return f"{fmt}（{spec.document}）"


def print_trace(report: Report, document: Document | None = None) -> None:
    c = console()
    if document is not None:
        for i, grid in enumerate(document.tables, 1):
            where = _where(grid.location.to_dict())
            if document.reader == "docx" and grid.location.line is not None:
                where = f"第 {grid.location.line} 段"
            title = f"表格网格 {i}（{document.reader}，{grid.layout}，{where}）"
            c.print(Text(title, style="bold"))
            c.print(_grid(grid))
    c.print(Text("识别过程：", style="bold"))
    for line in report.trace:
        c.print(f"  {line}", markup=False)


def _grid(grid: TableGrid) -> RichTable:
    """The grid as the reader saw it: 〃 marks a position covered by a merged cell, · a blank."""
    width = max((len(r) for r in grid.rows), default=0)
    lines = {r[0].location.line for r in grid.rows if r}
    out = RichTable(show_header=False, show_lines=False, box=None, pad_edge=False)
    out.add_column("行", style="dim")
    for _ in range(width):
        out.add_column()
    for i, row in enumerate(grid.rows, 1):
        line = row[0].location.line if row else None
        label = f"第{line}行" if len(lines) > 1 and line is not None else f"#{i}"
        cells = [
            Text("〃", style="dim") if c.merged else Text(c.text.replace("\n", "⏎") or "·")
            for c in row
        ]
        out.add_row(label, *cells)
    return out
