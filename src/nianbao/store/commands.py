"""The corpus commands: ``ingest``, ``organs`` (and later ``export``, ``compare``, ``stats``)."""

from __future__ import annotations

import argparse
import sys
import time
from typing import Any

EXIT_OK, EXIT_UNREADABLE = 0, 2


def register(sub: Any) -> None:
    i = sub.add_parser(
        "ingest",
        help="把报告读入数据库（可续跑、去重、并行）",
        description="遍历文件和目录，并行读取和检查每份报告，存入数据库（默认当前目录 nianbao.sqlite）；"
        "按内容哈希去重，重跑只处理新文件，无法读取的文件记录原因后继续",
    )
    i.add_argument("paths", nargs="+", metavar="FILE_OR_DIR", help="报告文件或目录")
    _db_option(i)
    i.add_argument("--jobs", type=int, default=None, help="并行进程数（默认：CPU 核数）")
    i.add_argument("--retry-failed", action="store_true", help="重试以前无法读取的文件")
    i.add_argument(
        "--engine",
        choices=("local", "dask"),
        default="local",
        help="local：本机进程池；dask：Dask 集群",
    )
    i.add_argument(
        "--scheduler", metavar="tcp://HOST:PORT", help="Dask 调度器地址（--engine dask）"
    )
    i.add_argument("--batch-size", type=int, default=50, help="每个事务写入的报告数（默认 50）")
    i.set_defaults(func=_cmd_ingest)

    o = sub.add_parser(
        "organs",
        help="列出机关，或登记机关名称的别名",
        description="列出数据库中的机关；--alias 名称 --to 机关 把另一种写法登记为同一机关（跨年度比较时合并）",
    )
    _db_option(o)
    o.add_argument("--alias", metavar="NAME", help="报告上印的另一种名称")
    o.add_argument("--to", metavar="ORGAN", help="它所指的机关")
    o.add_argument("--region", metavar="REGION", help="机关所在地区（同名机关有多个时）")
    o.set_defaults(func=_cmd_organs)

    e = sub.add_parser(
        "export",
        help="导出数据库：每份报告一行（每个单元格一列）、单元格长表、检查结果",
        description="导出三张表：reports（每份报告一行，每个单元格一列，如 requests.total.total）、"
        "cells（单元格长表，含原文和页、行）、findings（检查结果）；XLSX 为一个工作簿三张工作表，中文表头",
    )
    _db_option(e)
    e.add_argument("--format", choices=("csv", "xlsx", "parquet", "jsonl"), default="csv")
    e.add_argument(
        "--where",
        action="append",
        default=[],
        metavar="COND",
        help="筛选条件，可重复：字段 运算符 值（= != > >= < <= ~），如 year=2023、region=清河县、"
        "errors>0、requests.new_received.total>=10",
    )
    e.add_argument(
        "--out", metavar="PATH", default="nianbao-export", help="输出目录（XLSX 可给 .xlsx 文件名）"
    )
    e.add_argument("--all-versions", action="store_true", help="包括每份报告的旧版本")
    e.set_defaults(func=_cmd_export)


def _db_option(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--db",
        metavar="URL",
        default=None,
        help="数据库：SQLite 文件路径或 postgresql://用户@主机/库（默认当前目录 nianbao.sqlite）",
    )


def _cmd_ingest(args: argparse.Namespace) -> int:
    from rich.console import Console
    from rich.progress import BarColumn, Progress, TextColumn, TimeRemainingColumn

    from ..ingest import Tally, default_jobs, ingest
    from . import open_store

    if args.engine == "dask" and not args.scheduler:
        print(
            "--engine dask 需要 --scheduler tcp://HOST:PORT（missing scheduler address）",
            file=sys.stderr,
        )
        return EXIT_UNREADABLE
    engine = open_store(args.db)
    console = Console(stderr=True)
    start = time.perf_counter()
    columns = (
        TextColumn("入库"),
        BarColumn(),
        TextColumn("{task.completed}/{task.total} 个文件"),
        TextColumn("{task.fields[rate]:.1f} 份/秒"),
        TextColumn("失败 {task.fields[failed]}"),
        TextColumn("剩余"),
        TimeRemainingColumn(),
    )
    with Progress(*columns, console=console, transient=True) as bar:
        task = bar.add_task("ingest", total=None, rate=0.0, failed=0)

        def show(tally: Tally) -> None:
            done = tally.stored + tally.failed
            rate = tally.stored / max(time.perf_counter() - start, 1e-9)
            bar.update(
                task,
                total=tally.files - tally.skipped,
                completed=done,
                rate=rate,
                failed=tally.failed,
            )

        tally = ingest(
            engine,
            args.paths,
            jobs=args.jobs or default_jobs(),
            retry_failed=args.retry_failed,
            batch_size=args.batch_size,
            scheduler=args.scheduler if args.engine == "dask" else None,
            progress=show,
        )
    seconds = time.perf_counter() - start
    print(
        f"入库 {tally.stored} 份，跳过已入库 {tally.skipped} 个文件，无法读取 {tally.failed} 个"
        f"（{seconds:.1f} 秒，{engine.url.render_as_string(hide_password=True)}）"
    )
    return EXIT_OK


def _cmd_organs(args: argparse.Namespace) -> int:
    from sqlalchemy import func, select

    from . import open_store
    from .organs import add_alias
    from .schema import organ_aliases, organs, reports

    engine = open_store(args.db)
    if args.alias or args.to:
        if not (args.alias and args.to):
            print("--alias 与 --to 须同时给出（give both --alias and --to）", file=sys.stderr)
            return EXIT_UNREADABLE
        with engine.begin() as conn:
            try:
                organ_id = add_alias(conn, args.alias, args.to, region=args.region)
            except ValueError as err:
                print(str(err), file=sys.stderr)
                return EXIT_UNREADABLE
        print(f"已登记：「{args.alias}」→「{args.to}」（机关 {organ_id}）")
        return EXIT_OK
    with engine.connect() as conn:
        counts: dict[int | None, int] = dict(
            conn.execute(
                select(reports.c.organ_id, func.count()).group_by(reports.c.organ_id)
            ).all()
        )
        aliases: dict[int, list[str]] = {}
        for organ_id, printed in conn.execute(
            select(organ_aliases.c.organ_id, organ_aliases.c.printed)
        ):
            aliases.setdefault(organ_id, []).append(printed)
        for row in conn.execute(select(organs).order_by(organs.c.region, organs.c.name)):
            extra = f"  别名：{'、'.join(aliases[row.id])}" if row.id in aliases else ""
            print(f"{row.id}\t{row.region or ''}\t{row.name}\t{counts.get(row.id, 0)} 份{extra}")
    return EXIT_OK


def _cmd_export(args: argparse.Namespace) -> int:
    from pathlib import Path

    from ..corpus import Condition, Corpus
    from ..export import export

    try:
        where = [Condition.parse(w) for w in args.where]
    except ValueError as err:
        print(str(err), file=sys.stderr)
        return EXIT_UNREADABLE
    corpus = Corpus(args.db)
    for path in export(corpus, args.format, Path(args.out), where, all_versions=args.all_versions):
        print(path)
    return EXIT_OK
