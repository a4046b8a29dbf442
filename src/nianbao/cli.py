"""The ``nianbao`` command: thin — parse options, call the library, render, exit.

Exit status is decided in one place (``main``): 0 success, 1 findings at or above
``--fail-on``, 2 unreadable input or bad usage.

``nianbao check --json`` prints JSON Lines: one object per report and line,
``{"report": <Report.to_dict()>, "findings": [<Finding.to_dict()>, …]}``, and for a file that
cannot be read ``{"report": null, "path": …, "error": …, "findings": []}``.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterator, Sequence
from pathlib import Path

from . import __version__
from .errors import NianbaoError

EXIT_OK, EXIT_FINDINGS, EXIT_UNREADABLE = 0, 1, 2


def _cmd_parse(args: argparse.Namespace) -> int:
    from .extract import extract
    from .extract.kind import ensure_report
    from .readers import read
    from .render.terminal import print_report, print_trace

    status = EXIT_OK
    for path in args.files:
        try:
            document = read(path)
            report = ensure_report(extract(document))
        except NianbaoError as err:
            print(str(err), file=sys.stderr)
            status = EXIT_UNREADABLE
            continue
        if args.json:
            json.dump(
                report.to_dict(), sys.stdout, ensure_ascii=False, indent=None if args.compact else 2
            )
            sys.stdout.write("\n")
        else:
            print_report(report)
        if args.debug:
            print_trace(report, document)
    return status


#: file suffixes a directory walk picks up (the reader itself decides by content)
REPORT_SUFFIXES = frozenset(
    ".txt .md .markdown .htm .html .shtml .docx .doc .wps .rtf .odt .pdf .ofd "
    ".png .jpg .jpeg .tif .tiff .bmp .gif .webp".split()
)


def _walk(paths: Sequence[str]) -> Iterator[str]:
    """Files as given; directories walked (sorted) for report files."""
    for p in paths:
        path = Path(p)
        if path.is_dir():
            yield from (
                str(f)
                for f in sorted(path.rglob("*"))
                if f.is_file() and f.suffix.lower() in REPORT_SUFFIXES
            )
        else:
            yield p


def _selectors(text: str | None) -> list[str] | None:
    return [s.strip() for s in text.split(",") if s.strip()] if text else None


def _cmd_check(args: argparse.Namespace) -> int:
    from rich.console import Console
    from rich.progress import Progress

    from . import parse
    from .model import Report, Severity
    from .render.findings import print_findings, to_json
    from .runner import check, exit_status, pair_previous, previous_misfit, select_rules

    select, skip = _selectors(args.select), _selectors(args.skip)
    try:
        select_rules(select, skip)
    except ValueError as err:
        print(str(err), file=sys.stderr)
        return EXIT_UNREADABLE
    previous: Report | None = None
    if args.previous:
        try:
            previous = parse(args.previous)
        except NianbaoError as err:
            print(str(err), file=sys.stderr)
            return EXIT_UNREADABLE
    files = list(_walk(args.paths))
    status = EXIT_OK
    parsed: list[tuple[str, Report | NianbaoError]] = []
    err_console = Console(stderr=True)
    with Progress(console=err_console, transient=True, disable=len(files) < 5) as progress:
        task = progress.add_task("读取", total=len(files))
        for path in files:
            try:
                parsed.append((path, parse(path)))
            except NianbaoError as err:
                parsed.append((path, err))
            progress.advance(task)
    reports = [r for _, r in parsed if isinstance(r, Report)]
    pairs = dict(zip(map(id, reports), pair_previous(reports), strict=True))
    if previous is not None:
        # --previous goes with the reports it is last year's report of; the others keep
        # their own previous year from the batch. A --previous that fits none is refused.
        misfits = {id(r): previous_misfit(r, previous) for r in reports}
        if reports and all(misfits.values()):
            reason = "；".join(dict.fromkeys(str(m) for m in misfits.values()))
            print(f"{args.previous}：不能作为上年年报：{reason}", file=sys.stderr)
            return EXIT_UNREADABLE
        pairs.update({k: previous for k, misfit in misfits.items() if misfit is None})
    fail_on = Severity(args.fail_on) if args.fail_on else None
    for path, item in parsed:
        if isinstance(item, NianbaoError):
            print(str(item), file=sys.stderr)
            if args.json:
                _json_line({"report": None, "path": path, "error": str(item), "findings": []})
            status = EXIT_UNREADABLE
            continue
        findings = check(item, pairs[id(item)], select=select, skip=skip, peers=reports)
        if args.json:
            _json_line(to_json(item, findings))
        else:
            print_findings(item, findings, tables=not args.no_tables)
        if status == EXIT_OK:
            status = max(status, exit_status(findings, fail_on))
    return status


def _json_line(obj: object) -> None:
    json.dump(obj, sys.stdout, ensure_ascii=False)
    sys.stdout.write("\n")


def _cmd_rules(args: argparse.Namespace) -> int:
    from .rules.docs import markdown, print_catalogue

    if args.markdown:
        sys.stdout.write(markdown())
    else:
        print_catalogue()
    return EXIT_OK


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="nianbao",
        description="政府信息公开工作年度报告：读取、检查与比较",
    )
    parser.add_argument("--version", action="version", version=f"nianbao {__version__}")
    sub = parser.add_subparsers(dest="command", required=True, metavar="命令")

    p = sub.add_parser(
        "parse", help="读取报告，按官方格式显示三张表", description="读取报告，按官方格式显示三张表"
    )
    p.add_argument(
        "files", nargs="+", metavar="FILE", help="报告文件（TXT、Markdown、DOCX、HTML、PDF、图片…）"
    )
    p.add_argument("--json", action="store_true", help="输出数据模型 JSON")
    p.add_argument("--compact", action="store_true", help="JSON 不缩进")
    p.add_argument("--debug", action="store_true", help="显示每个表格行来自哪些行、为何这样识别")
    p.set_defaults(func=_cmd_parse)

    c = sub.add_parser(
        "check",
        help="按国家统一格式检查报告：逐条列出问题、证据和改法",
        description="按国家统一格式检查报告：按严重程度列出问题、位置、原文证据和改法，并画出标注了问题格的三张表",
    )
    c.add_argument(
        "paths", nargs="+", metavar="FILE_OR_DIR", help="报告文件或目录（目录中的报告文件逐个检查）"
    )
    c.add_argument(
        "--json",
        action="store_true",
        help='每份报告输出一行 JSON：{"report": …, "findings": […]}（JSON Lines）',
    )
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
    c.set_defaults(func=_cmd_check)

    r = sub.add_parser(
        "rules", help="列出检查规则目录", description="列出检查规则目录（编号、级别、名称、依据）"
    )
    r.add_argument("--markdown", action="store_true", help="输出 docs/rules.md 的 Markdown")
    r.set_defaults(func=_cmd_rules)

    from .author.commands import register

    register(sub)
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
