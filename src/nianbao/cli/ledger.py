"""``nianbao ledger``: 表三 from the 依申请公开台账, written into a data file for ``render``."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from ..errors import NianbaoError
from .common import Outcome


def register(sub: Any) -> None:
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
    g.set_defaults(run=run)


def run(args: argparse.Namespace) -> Outcome:
    from ..author.compose import compose
    from ..author.data import load_data
    from ..author.ledger import applications, count, merge, requests_data
    from ..author.publish import data_bytes, kind_of, with_requests
    from ..render.terminal import console, render_table

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
        return Outcome(unreadable=True)
    return Outcome()
