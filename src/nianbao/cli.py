"""The ``nianbao`` command: thin — parse options, call the library, render, exit.

Exit status is decided in one place (``main``): 0 success, 1 findings at or above
``--fail-on``, 2 unreadable input or bad usage.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence

from . import __version__
from .errors import NianbaoError

EXIT_OK, EXIT_FINDINGS, EXIT_UNREADABLE = 0, 1, 2


def _cmd_parse(args: argparse.Namespace) -> int:
    from .extract import extract
    from .readers import read
    from .render.terminal import print_report, print_trace

    status = EXIT_OK
    for path in args.files:
        try:
            document = read(path)
            report = extract(document)
        except NianbaoError as err:
            print(str(err), file=sys.stderr)
            status = EXIT_UNREADABLE
            continue
        if args.json:
            json.dump(report.to_dict(), sys.stdout, ensure_ascii=False, indent=None if args.compact else 2)
            sys.stdout.write("\n")
        else:
            print_report(report)
        if args.debug:
            print_trace(report, document)
    return status


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="nianbao",
        description="政府信息公开工作年度报告：读取、检查与比较",
    )
    parser.add_argument("--version", action="version", version=f"nianbao {__version__}")
    sub = parser.add_subparsers(dest="command", required=True, metavar="命令")

    p = sub.add_parser("parse", help="读取报告，按官方格式显示三张表", description="读取报告，按官方格式显示三张表")
    p.add_argument("files", nargs="+", metavar="FILE", help="报告文件（TXT、Markdown、DOCX、HTML、PDF、图片…）")
    p.add_argument("--json", action="store_true", help="输出数据模型 JSON")
    p.add_argument("--compact", action="store_true", help="JSON 不缩进")
    p.add_argument("--debug", action="store_true", help="显示每个表格行来自哪些行、为何这样识别")
    p.set_defaults(func=_cmd_parse)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return int(args.func(args))
    except BrokenPipeError:
        return EXIT_OK
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    sys.exit(main())
