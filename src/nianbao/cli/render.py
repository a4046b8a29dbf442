"""``nianbao render``: a data file → the report in the official layout (DOCX, HTML, Markdown,
PDF), checked first: errors stop it (exit 1) unless ``--force``."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from ..errors import NianbaoError
from .common import Outcome, fail_usage


def register(sub: Any) -> None:
    r = sub.add_parser(
        "render",
        help="由数据文件生成官方格式的年报（DOCX、HTML、Markdown、PDF）",
        description="由数据文件生成官方格式的年报；先检查，有错误时不生成（--force 强制生成）",
    )
    r.add_argument("data", metavar="DATA", help="数据文件（.yaml、.json、.xlsx）")
    r.add_argument("--out", required=True, metavar="REPORT", help="输出：.docx、.html、.md 或 .pdf")
    r.add_argument("--force", action="store_true", help="检查发现错误时仍然生成")
    r.add_argument("--previous", metavar="LAST_YEAR", help="上一年度的数据文件或报告（跨年度检查）")
    r.set_defaults(run=run)


def run(args: argparse.Namespace) -> Outcome:
    from rich.console import Console

    from ..author.publish import REPORT_SUFFIXES, errors, prepare, write_report
    from ..render.findings import print_findings

    if Path(args.out).suffix.lower() not in REPORT_SUFFIXES:
        return fail_usage(
            f"{args.out}：不支持的输出格式，请用 {'、'.join(REPORT_SUFFIXES)}"
            f"（unsupported output format）"
        )
    try:
        report, findings = prepare(args.data, previous=args.previous)
    except NianbaoError as err:
        print(str(err), file=sys.stderr)
        return Outcome(unreadable=True)
    blocking = errors(findings)
    if blocking:
        print_findings(report, blocking, tables=True, out=Console(stderr=True))
        if not args.force:
            print(
                f"检查发现 {len(blocking)} 个错误，未生成报告；请改正数据，或加 --force 强制生成。",
                file=sys.stderr,
            )
            return Outcome(failing=True)
    try:
        write_report(report, args.out)
    except NianbaoError as err:
        print(str(err), file=sys.stderr)
        return Outcome(unreadable=True)
    rest = len(findings) - len(blocking)
    note = f"（另有 {rest} 条警告或提示，用 nianbao check {args.out} 查看）" if rest else ""
    print(f"已生成报告：{args.out}{note}")
    return Outcome()
