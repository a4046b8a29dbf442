"""``nianbao parse``: read reports and show them in the official layout (or as JSON, HTML, DOCX)."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from ..errors import NianbaoError
from ..render import Options, Output, load_renderers
from .common import Outcome, Writer, add_output_options, fail_usage


def register(sub: Any) -> None:
    p = sub.add_parser(
        "parse", help="读取报告，按官方格式显示三张表", description="读取报告，按官方格式显示三张表"
    )
    p.add_argument(
        "files", nargs="+", metavar="FILE", help="报告文件（TXT、Markdown、DOCX、HTML、PDF、图片…）"
    )
    add_output_options(p, findings=False)
    p.add_argument("--compact", action="store_true", help="JSON 不缩进")
    p.add_argument("--debug", action="store_true", help="显示每个表格行来自哪些行、为何这样识别")
    p.set_defaults(run=run)


def run(args: argparse.Namespace) -> Outcome:
    from ..extract import extract
    from ..extract.kind import ensure_report
    from ..readers import read

    writer = Writer(load_renderers()[args.format], args.output, count=len(args.files))
    problem = writer.check()
    if problem:
        return fail_usage(problem)
    options = Options(compact=args.compact, debug=args.debug)
    outcome = Outcome()
    for path in args.files:
        try:
            document = read(path)
            report = ensure_report(extract(document))
        except NianbaoError as err:
            print(str(err), file=sys.stderr)
            outcome.unreadable = True
            continue
        writer.write(path, Output(report, document=document), options)
    return outcome
