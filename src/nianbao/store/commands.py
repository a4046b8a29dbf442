"""The corpus commands: ``ingest``, ``organs`` (and later ``export``, ``compare``, ``stats``)."""

from __future__ import annotations

import argparse
import sys
import time
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from ..corpus import Condition

EXIT_OK, EXIT_UNREADABLE = 0, 2


def _as_outcome(command: Any) -> Any:
    """The command's exit status as the ``nianbao.cli`` outcome (2: unreadable or bad usage)."""

    def run(args: argparse.Namespace) -> Any:
        from ..cli.common import Outcome

        return Outcome(usage=command(args) == EXIT_UNREADABLE)

    return run


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
    i.set_defaults(run=_as_outcome(_cmd_ingest))

    o = sub.add_parser(
        "organs",
        help="列出机关，或登记机关名称的别名",
        description="列出数据库中的机关；--alias 名称 --to 机关 把另一种写法登记为同一机关（跨年度比较时合并）",
    )
    _db_option(o)
    o.add_argument("--alias", metavar="NAME", help="报告上印的另一种名称")
    o.add_argument("--to", metavar="ORGAN", help="它所指的机关")
    o.add_argument("--region", metavar="REGION", help="机关所在地区（同名机关有多个时）")
    o.set_defaults(run=_as_outcome(_cmd_organs))

    e = sub.add_parser(
        "export",
        help="导出数据库：每份报告一行（每个单元格一列）、单元格长表、检查结果",
        description="导出三张表：reports（每份报告一行，每个单元格一列，如 requests.total.total）、"
        "cells（单元格长表，含原文和页、行）、findings（检查结果）；XLSX 为一个工作簿三张工作表，中文表头",
    )
    _db_option(e)
    e.add_argument("--format", choices=("csv", "xlsx", "parquet", "jsonl"), default="csv")
    _where_option(e)
    e.add_argument(
        "--out", metavar="PATH", default="nianbao-export", help="输出目录（XLSX 可给 .xlsx 文件名）"
    )
    e.add_argument("--all-versions", action="store_true", help="包括每份报告的旧版本")
    e.set_defaults(run=_as_outcome(_cmd_export))


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

    from ..corpus import Corpus
    from ..export import export

    where = _conditions(args)
    if where is None:
        return EXIT_UNREADABLE
    corpus = Corpus(args.db)
    for path in export(corpus, args.format, Path(args.out), where, all_versions=args.all_versions):
        print(path)
    return EXIT_OK


def register_analysis(sub: Any) -> None:
    s = sub.add_parser(
        "stats",
        help="统计：申请数量、办理结果构成、纠错率、有错误的报告占比、最常违反的规则",
        description="按地区、年度或机关汇总数据库中的报告（每份报告的最新版本）：本年新收和上年结转申请、"
        "办理结果构成（予以公开率、不予公开、无法提供、不予处理、其他处理，占办理结果总计）、"
        "复议纠错率和诉讼纠错率、有错误的报告占比、最常违反的规则；比率为分组合计之比",
    )
    _db_option(s)
    s.add_argument("--by", choices=("region", "year", "organ"), default=None, help="分组方式")
    _where_option(s)
    s.add_argument(
        "--plot", metavar="DIR", help="把图表写入此目录：PNG 图片和一个可交互的 HTML 页面"
    )
    s.add_argument("--json", action="store_true", help="输出 JSON（每组一行）")
    s.set_defaults(run=_as_outcome(_cmd_stats))

    c = sub.add_parser(
        "compare",
        help="比较：同一机关历年逐格对比，或同一年度各机关按指标排名",
        description="给出机关名称：该机关各年度的每个单元格及其变化、跨年度检查结果；"
        "给出 --year 和 --rank：该年度各机关按指标排名",
    )
    _db_option(c)
    c.add_argument("organ", nargs="?", help="机关名称（任一写法或别名）")
    c.add_argument("--region", help="同名机关有多个时，指定地区")
    c.add_argument("--year", type=int, help="排名的年度")
    c.add_argument(
        "--rank",
        metavar="FIGURE",
        help="排名指标：received（本年新收）、granted_rate（予以公开率）、review_correction（复议纠错率）、"
        "errors（发现的错误数）等，或单元格名如 requests.new_received.total",
    )
    c.add_argument("--top", type=int, default=None, help="只列前 N 名")
    c.add_argument("--all-cells", action="store_true", help="也列出各年度都为空的单元格")
    _where_option(c)
    c.set_defaults(run=_as_outcome(_cmd_compare))

    r = sub.add_parser(
        "rollup",
        help="汇总核对：汇总年报与库中各成员年报之和逐格比较",
        description="把一份汇总年报（如人民政府、政务公开办汇总本地区部门和乡镇的年报）的表三、表四，"
        "与数据库中其成员年报之和逐格比较，列出每处差异及各成员的数值（警告）；"
        "成员由 --members 指定，否则取同一地区、同一年度的部门和乡镇年报",
    )
    _db_option(r)
    r.add_argument("organ", help="汇总年报的机关名称")
    r.add_argument("--year", type=int, required=True, help="年度")
    r.add_argument("--members", help="成员机关名称，逗号分隔（默认按地区和层级查找）")
    r.add_argument("--region", help="同名机关有多个时，指定地区")
    r.set_defaults(run=_as_outcome(_cmd_rollup))


def _conditions(args: argparse.Namespace) -> list[Condition] | None:
    """The ``--where`` conditions, or None (the reason printed) when one does not parse."""
    from ..corpus import Condition

    try:
        return [Condition.parse(w) for w in args.where]
    except ValueError as err:
        print(str(err), file=sys.stderr)
        return None


def _where_option(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--where",
        action="append",
        default=[],
        metavar="COND",
        help="筛选条件，可重复：字段 运算符 值（= != > >= < <= ~），如 year=2023、region=清河县、"
        "errors>0、requests.new_received.total>=10",
    )


def _fmt(value: float | int | None, rate: bool) -> str:
    if value is None:
        return "—"
    if rate:
        return f"{value * 100:.1f}%"
    return f"{value:g}" if isinstance(value, float) and not value.is_integer() else f"{int(value)}"


def _cmd_stats(args: argparse.Namespace) -> int:
    import json

    from rich.console import Console
    from rich.table import Table

    from ..corpus import Corpus
    from ..rule import iter_rules
    from ..stats import FIGURES, compute

    where = _conditions(args)
    if where is None:
        return EXIT_UNREADABLE
    corpus = Corpus(args.db)
    groups = compute(corpus, by=args.by, where=where)
    titles = {r.id: r.title for r in iter_rules()}
    if args.json:
        for g in groups:
            print(json.dumps(g.to_dict(), ensure_ascii=False))
    else:
        console = Console()
        table = Table(title="政府信息公开工作年度报告统计")
        table.add_column({"region": "地区", "year": "年度", "organ": "机关"}.get(args.by, "范围"))
        table.add_column("报告数", justify="right")
        for f in FIGURES:
            table.add_column(f.zh, justify="right")
        table.add_column("有错误的报告占比", justify="right")
        for g in groups:
            table.add_row(
                g.name,
                str(g.reports),
                *(_fmt(g.figure(f.id), bool(f.per)) for f in FIGURES),
                _fmt(g.error_share, True),
            )
        console.print(table)
        total = sum(g.reports for g in groups)
        rules: dict[str, int] = {}
        for g in groups:
            for rule, n in g.rules.items():
                rules[rule] = rules.get(rule, 0) + n
        top = Table(title="最常违反的规则（错误或警告，按报告数）")
        for col in ("规则", "名称", "报告数", "占比"):
            top.add_column(col)
        for rule, n in sorted(rules.items(), key=lambda kv: (-kv[1], kv[0]))[:10]:
            title = titles.get(rule, "")
            top.add_row(rule, title, str(n), _fmt(n / total if total else None, True))
        console.print(top)
    if args.plot:
        from pathlib import Path

        from ..plot import chart_data, write_html, write_png

        data = chart_data(groups, titles)
        out = Path(args.plot)
        for path in [
            *write_png(data, out, "年报统计"),
            write_html(data, out / "stats.html", "年报统计"),
        ]:
            print(path, file=sys.stderr)
    return EXIT_OK


def _cmd_compare(args: argparse.Namespace) -> int:
    from ..compare import history, rank
    from ..corpus import Condition, Corpus

    try:
        where = [Condition.parse(w) for w in args.where]
        corpus = Corpus(args.db)
        if args.rank:
            if args.year is None:
                raise ValueError("--rank 需要 --year（ranking needs --year）")
            _print_rank(rank(corpus, args.year, args.rank, where, args.top), args)
            return EXIT_OK
        if not args.organ:
            raise ValueError(
                "请给出机关名称，或 --year 与 --rank（give an organ, or --year and --rank）"
            )
        _print_history(history(corpus, args.organ, args.region), args.all_cells)
    except ValueError as err:
        print(str(err), file=sys.stderr)
        return EXIT_UNREADABLE
    return EXIT_OK


def _print_rank(pairs: list[tuple[str, int | float | None]], args: argparse.Namespace) -> None:
    from rich.console import Console
    from rich.table import Table

    from ..stats import BY_ID

    rate = args.rank in BY_ID and bool(BY_ID[args.rank].per)
    name = BY_ID[args.rank].zh if args.rank in BY_ID else args.rank
    table = Table(title=f"{args.year}年 各机关按「{name}」排名")
    for col in ("名次", "机关", name):
        table.add_column(col)
    for i, (organ, value) in enumerate(pairs, 1):
        table.add_row(str(i), organ, _fmt(value, rate))
    Console().print(table)


def _print_history(h: Any, all_cells: bool) -> None:
    from rich.console import Console
    from rich.table import Table

    from ..corpus import cell_label

    table = Table(title=f"{h.name}（{h.region or '地区未识别'}）历年对比")
    table.add_column("单元格")
    for i, year in enumerate(h.years):
        table.add_column(f"{year}年", justify="right")
        if i:
            table.add_column("变化", justify="right")
    for key, by_year in h.values.items():
        if not all_cells and all(by_year.get(y) is None for y in h.years):
            continue
        row = [cell_label(key)]
        for i, year in enumerate(h.years):
            value = by_year.get(year)
            row.append("" if value is None else str(value))
            if i:
                change = h.change(key, year)
                row.append("" if change is None else f"{change:+g}")
        table.add_row(*row)
    console = Console()
    console.print(table)
    if h.cross_year:
        console.print("跨年度检查：")
        for year, rule, severity, status, message in h.cross_year:
            console.print(f"  {year}年 {rule} [{severity}/{status}] {message}")
    else:
        console.print("跨年度检查：无发现")


def _cmd_rollup(args: argparse.Namespace) -> int:
    from ..corpus import Corpus
    from ..rollup import check_rollup

    members = [m.strip() for m in (args.members or "").split(",") if m.strip()]
    try:
        result = check_rollup(
            Corpus(args.db), args.organ, args.year, members=members, region=args.region
        )
    except ValueError as err:
        print(str(err), file=sys.stderr)
        return EXIT_UNREADABLE
    print(
        f"{result.organ} {result.year}年 汇总核对：成员 {len(result.members)} 份"
        f"（{'、'.join(result.members) or '无'}），比较 {result.compared} 格"
    )
    if not result.members:
        print("无法判断：数据库中没有找到成员年报（no member reports found）")
        return EXIT_OK
    for diff in result.differences:
        print(f"警告 ROLLUP {diff.message}")
    for key, who in result.not_assessable.items():
        print(f"无法判断 {key}：{'、'.join(who)} 此格为空或非数字")
    if not result.differences:
        print("汇总与成员之和一致")
    return EXIT_OK
