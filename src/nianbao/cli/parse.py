"""``nianbao parse``: read reports and show them in the official layout (or as JSON, HTML, DOCX)."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..errors import NianbaoError
from ..render import Options, Output, load_renderers
from ..settings import Settings
from .common import (
    STDIN,
    Outcome,
    Writer,
    add_batch_options,
    add_output_options,
    add_settings_options,
    fail_usage,
    inputs,
    settings_of,
    skipped,
)
from .progress import advance, progress

if TYPE_CHECKING:
    from ..batch import Outcome as BatchOutcome


def register(sub: Any) -> None:
    p = sub.add_parser(
        "parse", help="读取报告，按官方格式显示三张表", description="读取报告，按官方格式显示三张表"
    )
    p.add_argument(
        "paths",
        nargs="+",
        metavar="FILE_OR_DIR",
        help="报告文件（TXT、Markdown、DOCX、HTML、PDF、图片…）或目录；- 表示标准输入",
    )
    add_output_options(p, findings=False)
    p.add_argument("--compact", action="store_true", help="JSON 不缩进（多份报告时总是每份一行）")
    add_batch_options(
        p,
        debug="显示每个表格行来自哪些行、为何这样识别（在本进程中逐个读取，出错时显示错误回溯）",
    )
    add_settings_options(p)
    p.set_defaults(run=run)


def run(args: argparse.Namespace) -> Outcome:
    from ..extract import extract
    from ..extract.kind import ensure_report
    from ..readers import read

    try:
        settings = settings_of(args)
    except NianbaoError as err:
        return fail_usage(str(err))
    try:
        files, contents = inputs(args.paths, pages=args.pages, settings=settings)
    except NianbaoError as err:
        return fail_usage(str(err))
    if not files:
        return fail_usage(
            f"{'、'.join(args.paths)}：没有文件可读取（目录为空）(no files to read: empty folder)"
        )
    writer = Writer(load_renderers()[args.format], args.output, count=len(files))
    problem = writer.check()
    if problem:
        return fail_usage(problem)
    # several reports as JSON: one line each (JSON Lines); one file: indented unless --compact
    several = len(files) > 1 or any(Path(p).is_dir() for p in args.paths if p != STDIN)
    options = Options(compact=args.compact or several, debug=args.debug)
    if not args.debug:
        return _batch(args, files, contents, writer, options, settings)
    outcome = Outcome()  # --debug: in this process, to show the grids and any traceback
    for path in files:
        try:
            document = read(contents.get(path, path), settings)
            report = ensure_report(extract(document, trace=True))
        except NianbaoError as err:
            print(str(err), file=sys.stderr)
            writer.error(path, str(err))
            outcome.unreadable = True
            continue
        writer.write(path, Output(report, document=document), options)
    return outcome


def _batch(
    args: argparse.Namespace,
    files: list[str],
    contents: dict[str, bytes],
    writer: Writer,
    options: Options,
    settings: Settings,
) -> Outcome:
    """Each file read in a worker (``nianbao.batch``), in input order; a file that fails is a
    one-line error and the others go on; a file of a folder that is no report is skipped."""
    from ..batch import run as run_batch

    outcome = Outcome()
    bar, task, on_page = progress(len(files), "读取")
    with bar:
        batch = run_batch(
            files,
            jobs=args.jobs,
            check=False,
            ordered=True,
            contents=contents,
            settings=settings,
            pages=on_page,
        )
        for out in batch:
            advance(bar, task, len(files))
            _write(out, files if args.pages else args.paths, writer, options, outcome)
    return outcome


def _write(
    out: BatchOutcome,
    named: Sequence[str],
    writer: Writer,
    options: Options,
    outcome: Outcome,
) -> None:
    """One file's report, its one-line error, or that it was skipped (a file found in a
    folder, not ``named`` by the user, that is no report)."""
    if out.report is None and skipped(out.path, out.code, named):
        print(f"跳过：{out.error}", file=sys.stderr)
        writer.skip(out.path, out.error or "")
    elif out.report is None:
        print(out.error, file=sys.stderr)
        if out.traceback:
            print(out.traceback, file=sys.stderr)
        writer.error(out.path, out.error or "")
        outcome.unreadable = True
    else:
        writer.write(out.path, Output(out.report), options)
