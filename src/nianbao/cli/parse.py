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
    p.add_argument(
        "--debug",
        action="store_true",
        help="显示每个表格行来自哪些行、为何这样识别（在本进程中逐个读取，出错时显示错误回溯）",
    )
    p.add_argument(
        "--jobs",
        type=int,
        default=None,
        metavar="N",
        help="同时读取的文件数（工作进程数，默认为 CPU 核数）；每个文件限时 60 秒、内存 1.5 GiB",
    )
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
    if not args.debug:
        return _batch(args, writer, options)
    outcome = Outcome()  # --debug: in this process, to show the grids and any traceback
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


def _batch(args: argparse.Namespace, writer: Writer, options: Options) -> Outcome:
    """Each file read in a worker (``nianbao.batch``), in input order; a file that fails is a
    one-line error and the others go on."""
    from ..batch import run as run_batch

    outcome = Outcome()
    for out in run_batch(args.files, jobs=args.jobs, check=False, ordered=True):
        if out.report is None:
            print(out.error, file=sys.stderr)
            writer.error(out.path, out.error or "")
            outcome.unreadable = True
            continue
        writer.write(out.path, Output(out.report), options)
    return outcome
