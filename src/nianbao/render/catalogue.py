"""The check catalogue → the terminal (``nianbao rules``): id, severity, title, citation."""

from __future__ import annotations

from rich.table import Table as RichTable

from ..rule import iter_rules
from .terminal import console


def print_catalogue() -> None:
    table = RichTable(title="检查规则目录", title_justify="left", show_lines=False)
    table.add_column("编号", no_wrap=True)
    table.add_column("级别", no_wrap=True)
    table.add_column("名称", overflow="fold")
    table.add_column("依据", overflow="fold")
    for r in iter_rules():
        table.add_row(r.id, r.severity.zh, r.title, r.citation)
    console().print(table)
