"""What the extractor could not read, as data: a code and fields, the message a template of them.

As frictionless-py's errors: rules read ``code``, ``table``, ``row``, ``label``, ``values`` …;
the message a person reads is rendered from the code's template, so rewording it never
changes what a rule sees.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from ..formats import SECTIONS, TABLE_SHORT
from .location import Location
from .quick import quick_init


@quick_init
@dataclass(frozen=True, slots=True)
class Problem:
    """Something the extractor could not read, or read only by joining or aligning."""

    code: str
    location: Location
    #: the row's label: the official one, or as printed for a row that matched none
    label: str = ""
    #: printed line numbers involved (None where the document has no line numbers)
    lines: tuple[int | None, ...] = ()
    #: the printed values involved (for a duplicate row: the copy that was not used)
    values: tuple[str, ...] = ()
    #: how many values the row or table should have, and how many were printed
    expected: int | None = None
    found: int | None = None
    #: a reader's own description, for codes without a template (damaged bytes …)
    text: str = ""

    @property
    def table(self) -> str | None:
        return self.location.table

    @property
    def row(self) -> str | None:
        return self.location.row

    @property
    def message(self) -> str:
        """The problem in words, from its code's template (the reader's text for other codes)."""
        template = TEMPLATES.get(self.code)
        return template(self) if template is not None else self.text


def _short(p: Problem) -> str:
    return TABLE_SHORT.get(p.table or "", "")


def _listed(values: tuple[str, ...]) -> str:
    return str(list(values))


def _extra_values(p: Problem) -> str:
    if not p.label:
        return f"{_short(p)}印有多余的值 {_listed(p.values)}"
    return f"{_short(p)}「{p.label}」印有多余的值 {_listed(p.values)}（该行应有 {p.expected} 列）"


def _missing_table(p: Problem) -> str:
    section = SECTIONS[(p.location.section or 0) - 1]
    return f"未读到{TABLE_SHORT.get(section.table or '', '')}（{section.title}）"


def _glued(p: Problem) -> str:
    head = f"{_short(p)}「{p.label}」的数字连写为“{p.text}”，"
    if not p.values:
        return head + "没有一种拆法满足勾稽关系，未读取"
    shown = "；".join(p.values[:6])
    count = f"等 {len(p.values)} 种" if len(p.values) > 6 else f"共 {len(p.values)} 种"
    return head + f"可能的拆法不唯一（{shown}，{count}），无法确定的格未读取"


#: code → the message of a problem with that code
TEMPLATES: dict[str, Callable[[Problem], str]] = {
    "continuation_joined": lambda p: (
        f"{_short(p)}「{p.label}」一行被拆成两行印刷，已按列合并"
        f"（第 {', '.join(map(str, p.lines))} 行）"
    ),
    "unrecognised_row": lambda p: (
        f"{_short(p)} 有一行数字无法对应到任何官方行：「{p.label or '（无标签）'}」"
        f"{_listed(p.values)}"
    ),
    "duplicate_row": lambda p: (
        f"{_short(p)}「{p.label}」出现两次（第 {p.lines[0]} 行与第 {p.lines[1]} 行），采用第一次"
    ),
    "blank_row": lambda p: f"{_short(p)}「{p.label}」只印出行名，没有数字，整行按空白处理",
    "aligned_by_position": lambda p: (
        f"{_short(p)}「{p.label}」只印出 {p.found} 个数（应有 {p.expected} 个），"
        "按列位置对齐，其余视为空白"
    ),
    "extra_values": _extra_values,
    "missing_cells": lambda p: (
        f"{_short(p)}「{p.label}」：{p.text}，读到 {_listed(p.values)}；涉及该行的计算无法判断"
        if p.label
        else f"{_short(p)}：{p.text}；涉及该表的计算无法判断"
        if _short(p)
        else p.text
    ),
    "short_row": lambda p: (
        f"{_short(p)}「{p.label}」只有 {p.found} 个值（应有 {p.expected} 个），"
        + (
            f"无法判断各值属于哪一列，该行未读取：{_listed(p.values)}"
            if p.values
            else "缺少的列未读取"
        )
    ),
    "glued_ambiguous": _glued,
    "unplaced_row": lambda p: (
        f"{_short(p)}有一行数字印刷时没有行名，按行序应为「{p.label}」，"
        f"但勾稽关系不能确认，未读取：{_listed(tuple(v for v in p.values if v.strip()))}"
    ),
    "second_line_or_row": lambda p: (
        f"{_short(p)}「{p.label}」只印出行名，下一行没有行名的数字 "
        f"{_listed(tuple(v for v in p.values if v.strip()))} 可能是它的第二行，也可能是缺了行名的"
        "下一行，勾稽关系不能确认，该行未读取"
    ),
    "unplaced_runs": lambda p: (
        f"{_short(p)}的数字与行名分开印刷（按阅读顺序导出的文本），"
        f"按行序对应未能由勾稽关系确认，未读取：{_listed(p.values[:21])}"
        + (f" 等 {len(p.values)} 个数" if len(p.values) > 21 else "")
    ),
    "missing_row": lambda p: f"{_short(p)}缺少「{p.label}」行（未读到）",
    "mixed_rows": lambda p: "表三同时出现 2019 年格式的（六）其他处理单行和 2021 年格式的三个子项",
    "table_values_count": lambda p: (
        f"{_short(p)}应有 {p.expected} 个数，读到 {p.found} 个：{_listed(p.values)}；未按位置猜测"
    ),
    "missing_table": _missing_table,
}
