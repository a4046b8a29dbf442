"""The extractor's trace as typed events (as pdfplumber's ``debug_tablefinder()`` returns
objects): what it did with each printed table row, for ``nianbao parse --debug``."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal

from ..formats import TABLE_SHORT
from .quick import builder, quick_init

TraceKind = Literal[
    "joined_label", "continuation", "unrecognised", "duplicate", "matched", "blank_row", "values"
]


@quick_init
@dataclass(frozen=True, slots=True)
class TraceEvent:
    """One decision on one printed row: its lines, its printed label, the row it went to."""

    kind: TraceKind
    table: str
    lines: tuple[int, ...]
    #: the label as printed (joined from its fragments for ``joined_label``)
    label: str = ""
    #: the format's row id it was placed in (or merged into, for ``continuation``)
    row: str = ""
    #: the matching phrase that identified the row
    key: str = ""
    #: the printed values as read, one per column
    values: tuple[str, ...] = ()

    def __str__(self) -> str:
        head = f"{TABLE_SHORT.get(self.table, self.table)} 行{list(self.lines)}: "
        return head + _TEXT[self.kind](self)


#: ``TraceEvent(…)`` without the class call (one per printed table row)
new_trace_event = builder(TraceEvent)

_TEXT: dict[str, Callable[[TraceEvent], str]] = {
    "joined_label": lambda e: f"标签由相邻行拼接「{e.label}」",
    "continuation": lambda e: f"续行，并入上一行 {e.row}",
    "unrecognised": lambda e: f"无法识别「{e.label}」→ 未采用",
    "duplicate": lambda e: f"重复的 {e.row}，未采用",
    "matched": lambda e: f"「{e.label}」→ {e.row}（关键词「{e.key}」） 值 {list(e.values)}",
    "blank_row": lambda e: f"「{e.label}」→ {e.row}，无数字，整行空白",
    "values": lambda e: f"{len(e.values)} 个值 {list(e.values)}",
}
