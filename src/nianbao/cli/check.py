"""``nianbao check``: every rule over each report; findings with evidence and fixes."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from ..errors import NianbaoError
from .common import Outcome, Writer, add_output_options, fail_usage, walk


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
    c.set_defaults(run=run)


def _selectors(text: str | None) -> list[str] | None:
    return [s.strip() for s in text.split(",") if s.strip()] if text else None


def run(args: argparse.Namespace) -> Outcome:
    from rich.console import Console
    from rich.progress import Progress

    from .. import parse
    from ..model import Report, Severity
    from ..render import Options, Output, load_renderers
    from ..runner import check, exit_status, pair_previous, previous_misfit, select_rules

    select, skip = _selectors(args.select), _selectors(args.skip)
    try:
        select_rules(select, skip)
    except ValueError as err:
        return fail_usage(str(err))
    previous: Report | None = None
    if args.previous:
        try:
            previous = parse(args.previous)
        except NianbaoError as err:
            return fail_usage(str(err))
    files = list(walk(args.paths))
    writer = Writer(load_renderers()[args.format], args.output, count=len(files))
    problem = writer.check()
    if problem:
        return fail_usage(problem)
    parsed: list[tuple[str, Report | NianbaoError]] = []
    with Progress(console=Console(stderr=True), transient=True, disable=len(files) < 5) as bar:
        task = bar.add_task("读取", total=len(files))
        for path in files:
            try:
                parsed.append((path, parse(path)))
            except NianbaoError as err:
                parsed.append((path, err))
            bar.advance(task)
    reports = [r for _, r in parsed if isinstance(r, Report)]
    pairs = dict(zip(map(id, reports), pair_previous(reports), strict=True))
    if previous is not None:
        # --previous goes with the reports it is last year's report of; the others keep
        # their own previous year from the batch. A --previous that fits none is refused.
        misfits = {id(r): previous_misfit(r, previous) for r in reports}
        if reports and all(misfits.values()):
            reason = "；".join(dict.fromkeys(str(m) for m in misfits.values()))
            return fail_usage(f"{args.previous}：不能作为上年年报：{reason}")
        pairs.update({k: previous for k, misfit in misfits.items() if misfit is None})
    fail_on = Severity(args.fail_on) if args.fail_on else None
    options = Options(tables=not args.no_tables)
    outcome = Outcome()
    for path, item in parsed:
        if isinstance(item, NianbaoError):
            print(str(item), file=sys.stderr)
            writer.error(path, str(item))
            outcome.unreadable = True
            continue
        findings = check(item, pairs[id(item)], select=select, skip=skip, peers=reports)
        writer.write(path, Output(item, findings=tuple(findings)), options)
        outcome.failing = outcome.failing or exit_status(findings, fail_on) == 1
    return outcome
