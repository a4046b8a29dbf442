"""Rewrite a report's tables (from gold) into every text layout real exports produce.

Used by the re-layout tests: the same tables printed one cell per line (DOCX text export),
as tab rows with empty leading cells (PDF→Markdown), as Markdown pipe tables, and as
space-aligned columns with wrapped labels and a page break inside table 三 (pdftotext -layout).
"""

from __future__ import annotations

import unicodedata
from typing import Any

from nianbao.formats import FORMAT_2019, FORMAT_2021, REQUEST_COLUMNS, SECTIONS
from nianbao.model import Report

LAYOUTS = ("cells", "tabs", "pipe", "spaces")
Row = list[str]

_T3_LABELS: dict[str, list[str]] = {
    "一": ["一、本年新收政府信息公开申请数量"],
    "二": ["二、上年结转政府信息公开申请数量"],
    "三.一": ["三、本年度办理结果", "（一）予以公开"],
    "三.二": ["", "（二）部分公开（区分处理的，只计这一情形，不计其他情形）"],
    "三.六": ["", "（六）其他处理"],
    "三.七": ["", "（七）总计"],
    "四": ["四、结转下年度继续办理"],
}
_GROUPS = {
    "三": "（三）不予公开",
    "四": "（四）无法提供",
    "五": "（五）不予处理",
    "六": "（六）其他处理",
}
_ROW_ID = {  # gold key → format row id, for the sub-item labels
    "三.三": "denied", "三.四": "unable", "三.五": "not_processed", "三.六": "other",
}  # fmt: skip


def _fmt(value: Any) -> str:
    return "" if value is None else str(value)


def _t3_label(key: str) -> list[str]:
    if key in _T3_LABELS:
        return _T3_LABELS[key]
    group, item = key.rsplit(".", 1)
    spec = FORMAT_2021.tables["requests"]
    sub = [r for r in spec.rows if r.id.startswith(_ROW_ID[group] + ".")][int(item) - 1]
    return ["", _GROUPS[group[-1]] if item == "1" else "", sub.label]


def table_rows(gold: dict[str, Any]) -> dict[str, list[tuple[Row, Row]]]:
    """Per table: (label cells, value cells) for caption, header and data rows, as printed."""
    fmt = FORMAT_2019 if gold.get("format") == "2019" else FORMAT_2021
    active = fmt.tables["active"]
    t2: list[tuple[Row, Row]] = []
    group = None
    for label, values in gold["table2"].items():
        spec = next(r for r in active.rows if r.label == label or label in r.aliases)
        if spec.group != group:
            group = spec.group
            t2.append(([group], []))
            t2.append((["信息内容", *(active.column(c).label for c in spec.columns)], []))
        t2.append(([label], [_fmt(v) for v in values]))
    t3: list[tuple[Row, Row]] = [
        ([REQUESTS_NOTE, "申请人情况"], []),
        (["", "自然人", "法人或其他组织", "总计"], []),
        (["", "", *(c.label for c in REQUEST_COLUMNS[1:6])], []),
    ]
    for key, values in gold["table3"].items():
        t3.append((_t3_label(key), [_fmt(v) for v in values]))
    heads = ["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"]
    t4: list[tuple[Row, Row]] = [
        (["行政复议", "", "", "", "", "行政诉讼"], []),
        ([*heads, "未经复议直接起诉", "", "", "", "", "复议后起诉"], []),
        (["", "", "", "", "", *heads, *heads], []),
        ([], [_fmt(v) for v in gold["table4"]]),
    ]
    return {"active": t2, "requests": t3, "review_litigation": t4}


REQUESTS_NOTE = FORMAT_2021.tables["requests"].note


def _width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _pad(text: str, width: int, right: bool = False) -> str:
    fill = " " * max(width - _width(text), 0)
    return fill + text if right else text + fill


def render_table(rows: list[tuple[Row, Row]], layout: str, table_id: str) -> str:
    if layout == "cells":
        return "".join("".join(f"\t{c}\n" for c in [*lab, *val]) + "\n" for lab, val in rows)
    if layout == "tabs":
        return "".join("\t".join([*lab, *val]) + "\n" for lab, val in rows)
    if layout == "pipe":
        width = max(len(lab) + len(val) for lab, val in rows)
        lines = []
        for i, (lab, val) in enumerate(rows):
            cells = [*lab, *val] + [""] * (width - len(lab) - len(val))
            lines.append("| " + " | ".join(cells) + " |")
            if i == 0:
                lines.append("|" + "---|" * width)
        return "\n".join(lines) + "\n"
    return _spaces(rows, table_id)


def _spaces(rows: list[tuple[Row, Row]], table_id: str) -> str:
    """pdftotext -layout style: fixed columns, long labels wrapped around their numbers."""
    label_w, value_w, start = {
        "active": (16, 12, 28),
        "requests": (36, 9, 48),
        "review_litigation": (0, 6, 0),
    }[table_id]
    out: list[str] = []
    for n, (lab, val) in enumerate(rows):
        text = "".join(c for c in lab if c)
        step = max(label_w // 2, 1)
        pieces = [text[i : i + step] for i in range(0, len(text), step)] or [""]
        numbers = "".join(_pad(v, value_w, right=True) for v in val)
        if not val:
            out.append("    ".join(c for c in lab if c))
        elif len(pieces) == 1:
            out.append(_pad(pieces[0], start) + numbers if start else numbers)
        else:
            above, middle, below = pieces[0], (pieces[1] if len(pieces) > 2 else ""), pieces[-1]
            out.append(above)
            out.append(_pad(middle, start) + numbers)
            out.append(below)
        out.append("")
        if table_id == "requests" and n == 14:
            out.append(" " * 40 + "-3-")
            out.append("\f")
    return "\n".join(out) + "\n"


def render(gold: dict[str, Any], narrative: Report, layout: str) -> str:
    """A whole report: the narrative of ``narrative`` with the gold tables in ``layout``."""
    tables = table_rows(gold)
    organ = gold.get("organ") or ""
    parts = [f"{organ}{gold['year']}年政府信息公开工作年度报告", ""]
    by_no = {s.no: s for s in narrative.sections}
    for spec in SECTIONS:
        parts.append(spec.title)
        table_id = {2: "active", 3: "requests", 4: "review_litigation"}.get(spec.no)
        if table_id:
            parts.append(render_table(tables[table_id], layout, table_id))
        section = by_no.get(spec.no)
        if section is not None and section.text and not table_id:
            parts.append(section.text)
        parts.append("")
    return "\n".join(parts)
