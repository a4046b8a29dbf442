"""Findings → the terminal: per report, grouped by severity, in Chinese, the official tables
drawn with the failing cells marked."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from rich.console import Console
from rich.panel import Panel
from rich.text import Text

from ..formats import TABLE_SHORT
from ..identities import col_label, row_label
from ..model import TABLE_IDS, Finding, Location, Report, Severity
from ..model.finding import STATUS_ZH
from ..rule import get_rule
from .terminal import (
    CELL_CULPRIT,
    CELL_ERROR,
    CELL_INFO,
    CELL_WARNING,
    MARKER,
    Marks,
    console,
    render_table,
)

_STYLE = {Severity.ERROR: "bold red", Severity.WARNING: "yellow", Severity.INFO: "cyan"}
_CELL_STYLE = {Severity.ERROR: CELL_ERROR, Severity.WARNING: CELL_WARNING, Severity.INFO: CELL_INFO}
_CULPRIT = CELL_CULPRIT
_ORDER = (Severity.ERROR, Severity.WARNING, Severity.INFO)


def counts(findings: Sequence[Finding]) -> dict[str, int]:
    """The header's counts: failing and not-assessable findings by severity (notes apart)."""
    counted = [f for f in findings if f.status != "note"]
    out = {sev.value: sum(1 for f in counted if f.severity == sev) for sev in _ORDER}
    out["not_assessable"] = sum(1 for f in counted if f.status == "not_assessable")
    return out


def summary(findings: Sequence[Finding]) -> str:
    """「错误 2 · 警告 3 · 提示 5（其中无法判断 1）」 over the failing and not-assessable findings."""
    n = counts(findings)
    parts = [f"{sev.zh} {n[sev.value]}" for sev in _ORDER]
    na = n["not_assessable"]
    return " · ".join(parts) + (f"（其中无法判断 {na}）" if na else "")


def marks(findings: Iterable[Finding]) -> Marks:
    """(table, row, col) → style: the worst severity among the failing findings on that cell,
    and a distinct style for the cell named as the likely culprit."""
    rank: dict[tuple[str, str, str], Severity] = {}
    culprits: set[tuple[str, str, str]] = set()
    for f in findings:
        if f.status != "fail":
            continue
        for loc in (*f.cells, f.location):
            key = _key(loc)
            if key and (key not in rank or f.severity.rank > rank[key].rank):
                rank[key] = f.severity
        culprits |= {k for k in (_key(x.location) for x in f.culprits) if k}
    out = {k: _CELL_STYLE[s] for k, s in rank.items()}
    out.update({k: _CULPRIT for k in culprits})
    return out


def _key(loc: Location) -> tuple[str, str, str] | None:
    if loc.table and loc.row and loc.col:
        return (loc.table, loc.row, loc.col)
    return None


def where(loc: Location) -> str:
    """「表三 第 4 页 第 97 行」 (DOCX: 「表三 第 3 个表格第 20 行第 10 列」, the Word table
    and its row and column): a location as a reader looks for it."""
    parts = []
    if loc.table:
        parts.append(TABLE_SHORT.get(loc.table, loc.table))
    elif loc.section:
        parts.append(
            f"第{'一二三四五六'[loc.section - 1] if 1 <= loc.section <= 6 else loc.section}部分"
        )
    if loc.page is not None:
        parts.append(f"第 {loc.page} 页")
    if loc.grid is not None:  # DOCX: the Word table and its row and column, not a line
        number, row, col = loc.grid
        parts.append(f"第 {number} 个表格第 {row} 行第 {col} 列")
    elif loc.line is not None:
        parts.append(f"第 {loc.line} 行")
    return " ".join(parts)


#: extraction problems that mean part of the report was not read (the others are notes on
#: how a value was read, e.g. a wrapped label joined)
_UNREAD_CODES = frozenset(
    {
        "missing_table",
        "unrecognised_row",
        "short_row",
        "extra_values",
        "aligned_by_position",
        "unplaced_row",
        "unplaced_runs",
        "second_line_or_row",
    }
)


def _unread(report: Report) -> list[str]:
    """The header lines saying what could not be read and why: findings on those parts are
    无法判断, not the agency's faults."""
    unread = [p for p in report.problems if p.code in _UNREAD_CODES]
    if not unread:
        return []
    shown = "；".join(dict.fromkeys(p.message for p in unread[:3]))
    more = f" 等 {len(unread)} 处" if len(unread) > 3 else ""
    return [f"未能完整读取：{shown}{more}（相关检查记为无法判断）"]


def print_findings(
    report: Report, findings: Sequence[Finding], *, tables: bool = True, out: Console | None = None
) -> None:
    c = out or console()
    m = report.meta
    notes = [f.message for f in findings if f.status == "note"]
    head = [
        f"文件：{report.source.path or '<bytes>'}",
        f"机关：{m.organ or '（未识别）'}    年度：{m.year or '（未识别）'}",
        *notes,
        *_unread(report),
        f"检查结果：{summary(findings)}",
    ]
    c.print(Panel("\n".join(head), title=m.title or "政府信息公开工作年度报告", expand=False))
    for sev in _ORDER:
        group = [f for f in findings if f.severity == sev and f.status != "note"]
        if not group:
            continue
        c.print(Text(f"{sev.zh}（{len(group)}）", style=_STYLE[sev]))
        for f in group:
            c.print(_line(report, f))
    if tables:
        mk = marks(findings)
        for table_id in ("active", "requests", "review_litigation"):
            if any(k[0] == table_id for k in mk):
                rt = render_table(report, table_id, mk)
                if rt is not None:
                    c.print(rt)
        if mk:
            c.print(legend())


def legend() -> Text:
    """「图例：✗ 错误 ! 警告 ◆ 最可能的错误格」, in the cells' own colours and markers."""
    out = Text("图例：")
    for style, name in (
        (_CELL_STYLE[Severity.ERROR], "错误"),
        (_CELL_STYLE[Severity.WARNING], "警告"),
        (_CELL_STYLE[Severity.INFO], "提示"),
        (_CULPRIT, "最可能的错误格"),
    ):
        out.append(f"{MARKER[style]} {name}", style).append("  ")
    return out


def cell_name(report: Report, loc: Location) -> str:
    """「表三「（七）总计」行「自然人」列（第 85 行）」 for a cell location."""
    known = loc.table is not None and loc.table in TABLE_IDS
    spec = report.spec(loc.table) if known and loc.table is not None else None
    if spec is None or not loc.row or not loc.col:
        return where(loc)
    line = (
        f"（{where(loc.with_(table=None))}）"
        if loc.line is not None or loc.page is not None or loc.grid is not None
        else ""
    )
    return f"{TABLE_SHORT[spec.id]}「{row_label(spec, loc.row)}」行「{col_label(spec, loc.col)}」列{line}"


def _line(report: Report, f: Finding) -> Text:
    r = get_rule(f.rule)
    t = Text("  ")
    t.append(f"[{f.rule}]", style="bold")
    if f.status != "fail":
        t.append(f"[{STATUS_ZH[f.status]}]", style="dim")
    # no space after the id: the wrap never leaves the rule id alone on its line
    t.append(f"{f.message}")
    w = where(f.location)
    if w:
        t.append(f"（{w}）", style="dim")
    for x in f.fix:
        t.append("\n      → ")
        if x.value is None:
            t.append(x.reason, style="dim")
            continue
        t.append(
            f"{cell_name(report, x.location)} 印为 {show_value(x.printed)}，应为 {show_value(x.value)}",
            style="bold magenta" if x.culprit else "",
        )
        t.append(f"：{x.reason}", style="dim")
    if r is not None:
        t.append(f"\n      依据：{r.citation}", style="dim")
    return t


def show_value(v: object) -> str:
    if v is None:
        return "空白"
    if isinstance(v, float) and v.is_integer():
        return str(int(v))
    return str(v)
