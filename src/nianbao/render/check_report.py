"""Findings → a printable check report in Chinese (HTML): what a reviewer sends an agency.

The three tables are drawn in the official layout (``render.html``) with every failing cell
marked by colour and by a symbol, so the mark survives printing in black and white; each
finding gives its rule, message, 依据, evidence (page/line and the printed text) and the fix.
"""

from __future__ import annotations

import html
from collections.abc import Sequence

from ..formats import TABLE_TITLES
from ..model import Finding, Report, Severity
from ..model.finding import STATUS_ZH
from ..rule import get_rule
from . import Options, Output, Renderer
from .findings import cell_name, counts, marks, show_value, where
from .html import CellMarks, official_layout, report_title, table_format, table_html
from .terminal import CELL_CULPRIT, CELL_ERROR, CELL_INFO, CELL_WARNING, MARKER

_ORDER = (Severity.ERROR, Severity.WARNING, Severity.INFO)
_CLASS = {
    CELL_ERROR: "m-error",
    CELL_WARNING: "m-warning",
    CELL_INFO: "m-info",
    CELL_CULPRIT: "m-culprit",
}
_LEGEND = (
    (CELL_ERROR, "错误"),
    (CELL_WARNING, "警告"),
    (CELL_INFO, "提示"),
    (CELL_CULPRIT, "最可能的错误格"),
)
CSS = """
body { font-family: "Noto Serif CJK SC", "FangSong", serif; max-width: 62em; margin: 2em auto;
       line-height: 1.7; color: #000; }
h1 { text-align: center; font-size: 1.5em; }
h2 { font-family: "Noto Sans CJK SC", "SimHei", sans-serif; font-size: 1.15em;
     border-bottom: 1px solid #000; }
table { border-collapse: collapse; width: 100%; margin: 0.5em 0 1em; font-size: 0.85em; }
td, th { border: 1px solid #000; padding: 0.2em 0.3em; text-align: center; }
th { font-weight: normal; }
td.label { text-align: left; }
dl.head { display: grid; grid-template-columns: 7em 1fr; margin: 0; }
dl.head dt { font-weight: bold; }
.marker { font-weight: bold; margin-right: 0.15em; }
.m-error { background: #f8c4c4; font-weight: bold; outline: 2px solid #c00; }
.m-warning { background: #fbe7a6; }
.m-info { text-decoration: underline; }
.m-culprit { background: #e7b6f0; font-weight: bold; outline: 3px double #000; }
.finding { border-left: 4px solid #888; padding: 0.2em 0.8em; margin: 0.8em 0;
           break-inside: avoid; }
.sev-error { border-color: #c00; } .sev-warning { border-color: #d90; }
.rule { font-family: monospace; font-weight: bold; }
q { quotes: "「" "」"; }
@media print { body { margin: 0; max-width: none; } a { color: #000; } }
"""


def verdict(findings: Sequence[Finding]) -> str:
    """The one-line conclusion a reviewer reads first."""
    n = counts(findings)
    if n["error"]:
        return "需修改：有错误"
    if n["warning"]:
        return "建议修改：有警告"
    return "未发现错误或警告"


def cell_marks(findings: Sequence[Finding]) -> CellMarks:
    """(table, row, column) → (CSS class, marker), from the terminal's marks."""
    return {k: (_CLASS[s], MARKER[s]) for k, s in marks(findings).items()}


def counts_zh(findings: Sequence[Finding]) -> str:
    n = counts(findings)
    text = f"错误 {n['error']} · 警告 {n['warning']} · 提示 {n['info']}"
    return text + (f"（其中无法判断 {n['not_assessable']}）" if n["not_assessable"] else "")


def heading(report: Report) -> str:
    """The check report's title: the report's own, then 检查意见."""
    return f"{report_title(report)} 检查意见"


def head_fields(report: Report, findings: Sequence[Finding]) -> list[tuple[str, str]]:
    """The header a reviewer reads first: organ, year, format, verdict, counts, file, notes."""
    m = report.meta
    fmt = m.format or "（未识别）"
    head = [
        ("机关", m.organ or "（未识别）"),
        ("年度", str(m.year) if m.year else "（未识别）"),
        ("格式", f"{fmt} 年格式" if m.format else fmt),
        ("结论", verdict(findings)),
        ("问题数", counts_zh(findings)),
        ("文件", report.source.path or "（未知）"),
    ]
    return head + [("说明", f.message) for f in findings if f.status == "note"]


def listed(findings: Sequence[Finding]) -> list[Finding]:
    """The findings a check report lists, errors first (notes are in the header)."""
    return [f for sev in _ORDER for f in findings if f.severity == sev and f.status != "note"]


def legend() -> tuple[tuple[str, str, str], ...]:
    """(marker, meaning, CSS class) of each mark, in the legend's order."""
    return tuple((MARKER[s], name, _CLASS[s]) for s, name in _LEGEND)


def check_report_html(report: Report, findings: Sequence[Finding]) -> str:
    """A standalone page (no scripts, no external resources), every report text escaped."""
    e = html.escape
    title = heading(report)
    head = head_fields(report, findings)
    out = [
        '<!DOCTYPE html>\n<html lang="zh-CN">\n<head>\n<meta charset="utf-8">',
        f"<title>{e(title)}</title>\n<style>{CSS}</style>\n</head>\n<body>",
        f"<h1>{e(title)}</h1>",
        '<dl class="head">' + "".join(f"<dt>{e(k)}</dt><dd>{e(v)}</dd>" for k, v in head) + "</dl>",
        "<h2>问题清单</h2>",
    ]
    shown = listed(findings)
    if not shown:
        out.append("<p>未发现问题。</p>")
    out += [_finding_html(report, f, i) for i, f in enumerate(shown, 1)]
    out.append("<h2>表格（问题格已标注）</h2>")
    out.append(_legend_html())
    mk = cell_marks(findings)
    for table_id in ("active", "requests", "review_litigation"):
        caption = f"{TABLE_TITLES[table_id]}（{table_format(report, table_id).id} 年格式）"
        out.append(f"<h3>{e(caption)}</h3>")
        if table_id not in report.tables:
            out.append("<p>未读到表格。</p>")
            continue
        out.append(table_html(official_layout(report, table_id), marks=mk))
    out.append("</body>\n</html>\n")
    return "\n".join(out)


def _legend_html() -> str:
    items = (
        f'<span class="{cls}"><span class="marker">{marker}</span>{name}</span>'
        for marker, name, cls in legend()
    )
    return '<p class="legend">图例：' + "　".join(items) + "</p>"


def basis(f: Finding) -> str:
    """The finding's 依据, from the finding or else the rule's catalogue entry."""
    if f.basis:
        return f.basis
    rule = get_rule(f.rule)
    return rule.citation if rule is not None else ""


def evidence_lines(f: Finding) -> list[str]:
    """「第 85 行：「（七）总计 29 …」」 for each piece of evidence."""
    out = []
    for ev in f.evidence:
        w = where(ev.location)
        out.append(f"{w}：「{ev.raw}」" if w else f"「{ev.raw}」")
    return list(dict.fromkeys(out))  # a cell two broken identities share is listed once


def fix_lines(report: Report, f: Finding) -> list[str]:
    out = []
    for x in f.fix:
        if x.value is None:
            out.append(x.reason)
            continue
        lead = "【最可能】" if x.culprit else ""
        name = cell_name(report, x.location)
        out.append(
            f"{lead}{name} 印为 {show_value(x.printed)}，应为 {show_value(x.value)}：{x.reason}"
        )
    return out


def _finding_html(report: Report, f: Finding, n: int) -> str:
    e = html.escape
    status = f"（{STATUS_ZH[f.status]}）" if f.status != "fail" else ""
    w = where(f.location)
    parts = [
        f'<section class="finding sev-{f.severity.value}" id="f{n}">',
        f'<p><span class="rule">{e(f.rule)}</span> {e(f.severity.zh)}{e(status)}'
        + (f"　位置：{e(w)}" if w else "")
        + "</p>",
        f'<p class="message">{e(f.message)}</p>',
    ]
    ev = evidence_lines(f)
    if ev:
        parts.append("<p>证据：</p><ul>" + "".join(f"<li>{e(x)}</li>" for x in ev) + "</ul>")
    fixes = fix_lines(report, f)
    if fixes:
        parts.append("<p>改法：</p><ul>" + "".join(f"<li>{e(x)}</li>" for x in fixes) + "</ul>")
    b = basis(f)
    if b:
        parts.append(f"<p>依据：{e(b)}</p>")
    parts.append("</section>")
    return "\n".join(parts)


def _render(out: Output, options: Options) -> str:
    return check_report_html(out.report, out.findings or ())


RENDERER = Renderer(
    name="check-html",
    help="可打印的中文检查意见 HTML（问题格以颜色和符号标注，逐条列出依据、证据和改法）",
    render=_render,
    suffix=".html",
    findings=True,
)
