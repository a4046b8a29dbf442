"""Report → the terminal: the three tables in the official layout, with Chinese labels."""

from __future__ import annotations

from collections.abc import Mapping

from rich.cells import cell_len
from rich.console import Console, Group, RenderableType
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


#: the text marker drawn beside a marked cell, so the mark survives ``> file`` and ``| less``
#: where colour is lost; the legend (render.findings) explains each one
CELL_ERROR, CELL_WARNING, CELL_INFO, CELL_CULPRIT = (
    "bold white on red",
    "black on yellow",
    "underline",
    "bold white on magenta",
)
MARKER = {CELL_ERROR: "✗", CELL_WARNING: "!", CELL_INFO: "?", CELL_CULPRIT: "◆"}

#: width of the row-label column; labels fold inside it
_LABEL_WIDTH = 26
#: a header wider than this folds onto more lines instead of widening its column
_HEADER_FOLD = 8


def render_table(
    report: Report, table_id: str, marks: Marks | None = None, *, width: int | None = None
) -> RenderableType | None:
    """One of the three tables in the official row order and labels. Below the width the
    columns need, the table is split into blocks of columns, each repeating the row labels,
    so that no column is ever cut off."""
    table = report.tables.get(table_id)
    if table is None:
        return None
    spec = report.spec(table_id)
    marks = marks or {}
    title = f"{TABLE_TITLES[table_id]}（{report.format_of(table_id)} 年格式）"
    rows: list[tuple[Text, list[Text]]] = []
    if table_id == "active":
        headers = [f"第{i + 1}列" for i in range(max(len(r.columns) for r in spec.rows))]
        groups: dict[str, list[str]] = {}
        for r in spec.rows:
            groups.setdefault(r.group, []).append(r.id)
        for group, row_ids in groups.items():
            first = spec.row(row_ids[0])
            heads = [Text(spec.column(c).label, style="cyan") for c in first.columns]
            rows.append((Text(group, style="bold cyan"), heads))
            for row_id in row_ids:
                r = spec.row(row_id)
                rows.append(_cells(report, table_id, r.label, row_id, r.columns, marks))
        label = "信息内容"
    else:
        columns = [c for c in spec.columns if any(c.id in r.columns for r in spec.rows)]
        headers = [c.label for c in columns]
        ids = tuple(c.id for c in columns)
        rows = [_cells(report, table_id, r.label, r.id, ids, marks) for r in spec.rows]
        label = "项目"
    return _blocks(title, label, headers, rows, width or console().width)


def _blocks(
    title: str, label: str, headers: list[str], rows: list[tuple[Text, list[Text]]], width: int
) -> RenderableType:
    """Pack the value columns into as few tables as fit ``width``; each repeats the labels."""
    need = [
        max(
            min(cell_len(h), _HEADER_FOLD),
            *(cell_len(r[1][i].plain) if i < len(r[1]) else 0 for r in rows),
        )
        for i, h in enumerate(headers)
    ]
    label_width = max(10, min(_LABEL_WIDTH, width // 3))
    room = width - (label_width + 4)  # label column with its borders and padding
    spans: list[list[int]] = [[]]
    used = 0
    for i, w in enumerate(need):
        if spans[-1] and used + w + 3 > room:
            spans.append([])
            used = 0
        spans[-1].append(i)
        used += w + 3
    tables: list[RichTable] = []
    for n, span in enumerate(spans, 1):
        part = f"（续 {n}/{len(spans)}）" if n > 1 else ""
        head = f"{title.split('（')[0]}{part}" if n > 1 else title
        out = RichTable(title=head, title_justify="left", header_style="bold")
        out.add_column(label, width=label_width, overflow="fold")
        for i in span:
            out.add_column(headers[i], justify="right", overflow="fold", min_width=need[i])
        for name, cells in rows:
            out.add_row(name, *(cells[i] if i < len(cells) else Text("") for i in span))
        tables.append(out)
    return Group(*tables)


def _cells(
    report: Report,
    table_id: str,
    label: str,
    row_id: str,
    cols: tuple[str, ...],
    marks: Marks,
) -> tuple[Text, list[Text]]:
    row = report.tables[table_id].rows.get(row_id)
    cells: list[Text] = []
    for col in cols:
        cell = row.cells.get(col) if row else None
        text = show(cell.value if cell else None, cell is not None)
        style = marks.get((table_id, row_id, col))
        if style:
            text = Text(MARKER.get(style, "*")) + text
            text.stylize(style)
        cells.append(text)
    name = Text(label if row else f"{label}（未读到）", style="" if row else "red")
    return name, cells


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
