"""The terminal renderer: a read report as its three tables, a checked one as its findings."""

from __future__ import annotations

from . import Options, Output, Renderer
from .findings import print_findings
from .terminal import console, print_report, print_trace


def render(out: Output, options: Options) -> str:
    """What ``rich`` prints for the report, captured (colours only on a terminal)."""
    with console().capture() as captured:
        if out.findings is None:
            print_report(out.report)
        else:
            print_findings(out.report, out.findings, tables=options.tables)
        if options.debug:
            print_trace(out.report, out.document)
    return captured.get()


RENDERER = Renderer(
    name="terminal",
    help="终端（默认）：官方格式的三张表；检查时按严重程度列出问题",
    render=render,
    suffix=".txt",
    findings=True,
    stream=True,
)
