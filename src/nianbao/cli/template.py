"""``nianbao template``: the fill-in template of a report's data (XLSX or YAML)."""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from pathlib import Path
from typing import Any

from ..errors import NianbaoError
from .common import Outcome


def register(sub: Any) -> None:
    t = sub.add_parser(
        "template",
        help="生成年报数据填报模板（XLSX 或 YAML）",
        description="生成年报数据填报模板：三张表按官方表样排列，总计为公式（XLSX）或读取时计算（YAML）",
    )
    t.add_argument("--year", type=int, default=None, help="报告年度（决定使用的格式版本）")
    t.add_argument("--format", choices=("xlsx", "yaml"), default="xlsx", help="模板格式")
    t.add_argument("--out", metavar="FILE", help="写入的文件（默认：年报数据-年度.xlsx/.yaml）")
    t.set_defaults(run=run)


def run(args: argparse.Namespace) -> Outcome:
    from ..author.publish import template_bytes

    year = args.year or dt.date.today().year - 1
    out = Path(args.out or f"年报数据-{year}.{args.format}")
    try:
        out.write_bytes(template_bytes(year, args.format))
    except (NianbaoError, OSError) as err:
        print(str(err), file=sys.stderr)
        return Outcome(unreadable=True)
    print(f"已生成模板：{out}")
    return Outcome()
