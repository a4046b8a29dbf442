"""The ``nianbao`` command: thin — parse options, call the library, render, exit.

One module per command (``parse``, ``check``, ``rules``, ``template``, ``render``, ``ledger``,
``serve``),
each with ``register(subparsers)`` that adds its options and sets ``run(args) -> Outcome``. A new command is a new module and one
line in ``COMMANDS``. The exit status is decided here only: 0 success, 1 findings at or above
``--fail-on``, 2 unreadable input or bad usage, 130 interrupted.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence

from .. import __version__
from . import check, corpus, ledger, parse, render, rules, serve, template
from .common import Outcome
from .zh import Parser, epilog

EXIT_OK, EXIT_FINDINGS, EXIT_UNREADABLE, EXIT_INTERRUPTED = 0, 1, 2, 130

#: the command modules, in the order ``--help`` lists them
COMMANDS = (parse, check, rules, template, render, ledger, corpus, serve)


def build_parser() -> Parser:
    parser = Parser(
        prog="nianbao",
        description="政府信息公开工作年度报告：读取、检查与比较",
        epilog=epilog(
            (
                "nianbao check 报告.pdf",
                "nianbao check 年报目录/ --out 检查意见/",
                "nianbao parse --json 报告.docx",
                "nianbao 命令 --help                # 每个命令的选项和示例",
            )
        ),
    )
    parser.add_argument(
        "--version", action="version", version=f"nianbao {__version__}", help="显示版本并退出"
    )
    sub = parser.add_subparsers(dest="command", required=True, metavar="命令")
    for command in COMMANDS:
        command.register(sub)
    return parser


def exit_code(outcome: Outcome) -> int:
    """Unreadable input or bad usage outranks findings."""
    if outcome.unreadable or outcome.usage:
        return EXIT_UNREADABLE
    return EXIT_FINDINGS if outcome.failing else EXIT_OK


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return exit_code(args.run(args))
    except BrokenPipeError:
        # the reader went away (``| head``): exit quietly, and keep Python from complaining
        # when it flushes stdout on the way out
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return EXIT_OK
    except KeyboardInterrupt:
        return EXIT_INTERRUPTED


if __name__ == "__main__":
    sys.exit(main())
