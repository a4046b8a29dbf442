"""``nianbao check``: every rule over each report; findings with evidence and fixes."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from ..errors import NianbaoError
from .common import (
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


def register(sub: Any) -> None:
    c = sub.add_parser(
        "check",
        help="按国家统一格式检查报告：逐条列出问题、证据和改法",
        description="按国家统一格式检查报告：按严重程度列出问题、位置、原文证据和改法，并画出标注了问题格的三张表",
    )
    c.add_argument(
        "paths", nargs="+", metavar="FILE_OR_DIR", help="报告文件或目录（目录中的报告文件逐个检查）"
    )
    add_output_options(c, findings=True)
    c.add_argument(
        "--fail-on",
        choices=("error", "warning"),
        default=None,
        help="有此级别或更严重的问题时退出码为 1（无法读取的文件退出码为 2）",
    )
    c.add_argument(
        "--previous",
        metavar="LAST_YEAR",
        help="同一机关上一年度的报告（跨年度检查）；未给出时，同批检查中同一机关相邻年度的报告自动配对",
    )
    c.add_argument(
        "--select", metavar="IDS", help="只运行这些规则或标签，逗号分隔（如 T3,FMT-02,arithmetic）"
    )
    c.add_argument("--skip", metavar="IDS", help="跳过这些规则或标签，逗号分隔")
    c.add_argument("--no-tables", action="store_true", help="不画出三张表")
    add_batch_options(c)
    add_settings_options(c)
    c.add_argument(
        "--stream",
        action="store_true",
        help="每个文件读完即输出（不按输入顺序等待）；不做需要同批其他报告的检查（自动年度配对、PUB-02、XY-08）",
    )
    c.add_argument(
        "--out",
        metavar="DIR",
        help="把检查意见写入目录：每份报告一个可打印的 HTML，另有 index.html、summary.csv、summary.xlsx",
    )
    c.add_argument(
        "--docx",
        action="store_true",
        help="与 --out 一起：每份检查意见另存为 DOCX（问题格以底色和符号标注，供用 Word 的单位修改）",
    )
    c.add_argument(
        "--pdf",
        action="store_true",
        help="与 --out 一起：每份检查意见另存为 PDF（用 Chromium 或 LibreOffice 打印；都未安装时给出提示）",
    )
    c.set_defaults(run=run)


def _selectors(text: str | None) -> list[str] | None:
    return [s.strip() for s in text.split(",") if s.strip()] if text else None


def run(args: argparse.Namespace) -> Outcome:
    from .. import parse
    from ..batch import run as run_batch
    from ..model import Report, Severity
    from ..render import Options, Output, load_renderers
    from ..render.summary import Entry, summary_lines, write_batch
    from ..runner import exit_status, previous_misfit, select_rules

    select, skip = _selectors(args.select), _selectors(args.skip)
    try:
        settings = settings_of(args)
    except NianbaoError as err:
        return fail_usage(str(err))
    try:
        select_rules(select, skip)
    except ValueError as err:
        return fail_usage(str(err))
    previous: Report | None = None
    if args.previous:
        try:
            previous = parse(args.previous, settings)
        except NianbaoError as err:
            return fail_usage(str(err))
    for flag in ("pdf", "docx"):
        if getattr(args, flag) and not args.out:
            return fail_usage(f"--{flag} 需要与 --out DIR 一起使用（--{flag} needs --out DIR）")
    try:
        files, contents = inputs(args.paths, pages=args.pages, settings=settings)
    except NianbaoError as err:
        return fail_usage(str(err))
    named = files if args.pages else args.paths  # the files the user named (not found in folders)
    if not files:
        return fail_usage(
            f"{'、'.join(args.paths)}：没有文件可检查（目录为空）(no files to check: empty folder)"
        )
    writer = Writer(load_renderers()[args.format], args.output, count=len(files))
    problem = writer.check()
    if problem:
        return fail_usage(problem)
    bar, task, on_page = progress(len(files))
    with bar:
        outcomes = run_batch(
            files,
            jobs=args.jobs,
            select=select,
            skip=skip,
            previous=previous,
            cross=not args.stream,
            ordered=not args.stream,
            debug=args.debug,
            contents=contents,
            settings=settings,
            pages=on_page,
        )
        if previous is not None and not args.stream:
            # --previous goes with the reports it is last year's report of; the others keep
            # their own previous year from the batch. A --previous that fits none is refused.
            done = list(outcomes)
            misfits = [previous_misfit(o.report, previous) for o in done if o.report is not None]
            if misfits and all(misfits):
                reason = "；".join(dict.fromkeys(str(m) for m in misfits))
                return fail_usage(f"{args.previous}：不能作为上年年报：{reason}")
            outcomes = iter(done)
        fail_on = Severity(args.fail_on) if args.fail_on else None
        options = Options(tables=not args.no_tables)
        outcome = Outcome()
        entries: list[Entry] = []
        for out in outcomes:
            advance(bar, task, len(files))
            if out.report is None and skipped(out.path, out.code, named):
                entries.append(Entry(out.path, skipped=out.error or ""))
                writer.skip(out.path, out.error or "")
                continue
            if out.report is None:
                print(out.error, file=sys.stderr)
                if out.traceback:
                    print(out.traceback, file=sys.stderr)
                writer.error(out.path, out.error or "")
                entries.append(
                    Entry(out.path, error=out.error or "", not_report=out.code == "not_report")
                )
                outcome.unreadable = True
                continue
            entries.append(Entry(out.path, out.report, out.findings))
            writer.write(out.path, Output(out.report, findings=out.findings), options)
            outcome.failing = outcome.failing or exit_status(out.findings, fail_on) == 1
    if args.out:
        written = write_batch(
            Path(args.out), entries, pdf=args.pdf, docx=args.docx, settings=settings
        )
        for problem in written:
            print(problem, file=sys.stderr)
    if len(entries) > 1 or args.out:
        for line in summary_lines(entries):
            print(line, file=sys.stderr)
        if args.out:
            print(
                f"检查意见已写入 {args.out}（index.html、summary.csv、summary.xlsx）",
                file=sys.stderr,
            )
    return outcome
