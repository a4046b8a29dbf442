"""``nianbao template``, ``nianbao render`` and ``nianbao ledger``: thin commands over author/.

Exit status: 0 written, 1 the checker found errors and ``--force`` was not given (nothing
written), 2 unreadable input or bad usage.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from pathlib import Path
from typing import Any

from ..errors import NianbaoError

EXIT_OK, EXIT_FINDINGS, EXIT_UNREADABLE = 0, 1, 2


def register(sub: Any) -> None:
    """Add the three authoring commands to the ``nianbao`` subparsers."""
    t = sub.add_parser(
        "template",
        help="生成年报数据填报模板（XLSX 或 YAML）",
        description="生成年报数据填报模板：三张表按官方表样排列，总计为公式（XLSX）或读取时计算（YAML）",
    )
    t.add_argument("--year", type=int, default=None, help="报告年度（决定使用的格式版本）")
    t.add_argument("--format", choices=("xlsx", "yaml"), default="xlsx", help="模板格式")
    t.add_argument("--out", metavar="FILE", help="写入的文件（默认：年报数据-年度.xlsx/.yaml）")
    t.set_defaults(func=cmd_template)

    r = sub.add_parser(
        "render",
        help="由数据文件生成官方格式的年报（DOCX、HTML、Markdown、PDF）",
        description="由数据文件生成官方格式的年报；先检查，有错误时不生成（--force 强制生成）",
    )
    r.add_argument("data", metavar="DATA", help="数据文件（.yaml、.json、.xlsx）")
    r.add_argument("--out", required=True, metavar="REPORT", help="输出：.docx、.html、.md 或 .pdf")
    r.add_argument("--force", action="store_true", help="检查发现错误时仍然生成")
    r.add_argument("--previous", metavar="LAST_YEAR", help="上一年度的数据文件或报告（跨年度检查）")
    r.set_defaults(func=cmd_render)

    g = sub.add_parser(
        "ledger",
        help="由依申请公开台账计算表三",
        description="由依申请公开台账（每件申请一行）按格式的统计口径计算表三，写入数据文件",
    )
    g.add_argument("ledger", metavar="LEDGER", help="台账（.xlsx 或 .csv）")
    g.add_argument("--year", type=int, required=True, help="报告年度")
    g.add_argument("--previous", metavar="LAST_YEAR_LEDGER", help="上一年度的台账（结转的申请）")
    g.add_argument(
        "--out",
        metavar="DATA",
        help="写入的数据文件（.yaml、.json、.xlsx）；已存在时只替换其中的表三",
    )
    g.set_defaults(func=cmd_ledger)


def cmd_template(args: argparse.Namespace) -> int:
    from .publish import template_bytes

    year = args.year or dt.date.today().year - 1
    out = Path(args.out or f"年报数据-{year}.{args.format}")
    try:
        out.write_bytes(template_bytes(year, args.format))
    except (NianbaoError, OSError) as err:
        print(str(err), file=sys.stderr)
        return EXIT_UNREADABLE
    print(f"已生成模板：{out}")
    return EXIT_OK


def cmd_render(args: argparse.Namespace) -> int:
    from rich.console import Console

    from ..render.findings import print_findings
    from .publish import REPORT_SUFFIXES, errors, prepare, write_report

    if Path(args.out).suffix.lower() not in REPORT_SUFFIXES:
        print(
            f"{args.out}：不支持的输出格式，请用 {'、'.join(REPORT_SUFFIXES)}"
            f"（unsupported output format）",
            file=sys.stderr,
        )
        return EXIT_UNREADABLE
    try:
        report, findings = prepare(args.data, previous=args.previous)
    except NianbaoError as err:
        print(str(err), file=sys.stderr)
        return EXIT_UNREADABLE
    blocking = errors(findings)
    if blocking:
        print_findings(report, blocking, tables=True, out=Console(stderr=True))
        if not args.force:
            print(
                f"检查发现 {len(blocking)} 个错误，未生成报告；请改正数据，或加 --force 强制生成。",
                file=sys.stderr,
            )
            return EXIT_FINDINGS
    try:
        write_report(report, args.out)
    except NianbaoError as err:
        print(str(err), file=sys.stderr)
        return EXIT_UNREADABLE
    rest = len(findings) - len(blocking)
    note = f"（另有 {rest} 条警告或提示，用 nianbao check {args.out} 查看）" if rest else ""
    print(f"已生成报告：{args.out}{note}")
    return EXIT_OK


def cmd_ledger(args: argparse.Namespace) -> int:
    from ..render.terminal import console, render_table
    from .compose import compose
    from .data import load_data
    from .ledger import applications, count, merge, requests_data
    from .publish import data_bytes, kind_of, with_requests

    try:
        current = applications(args.ledger)
        earlier = applications(args.previous) if args.previous else []
        table = count(merge(earlier, current), args.year)
        out = Path(args.out) if args.out else None
        kind = kind_of(out) if out else "yaml"
        base = load_data(out) if out is not None and out.exists() else None
        draft = with_requests(base, requests_data(table, args.year), args.year)
        rendered = render_table(compose(draft), "requests")
        if rendered is not None:
            console().print(rendered)
        if out is not None:
            out.write_bytes(data_bytes(draft, kind))
            print(f"已写入数据文件：{out}（生成报告：nianbao render {out} --out 报告.docx）")
    except (NianbaoError, OSError) as err:
        print(str(err), file=sys.stderr)
        return EXIT_UNREADABLE
    return EXIT_OK
