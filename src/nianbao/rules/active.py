"""Table 二 (主动公开政府信息情况): T2-01 … T2-08 of format.md §5.2.

A rule that finds at most one thing returns its finding in a tuple, or (), and makes no
generator: on most reports it finds nothing, and a generator's making and running cost
more than its tests.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator

from ..identities import show
from ..model import Evidence, Finding, Report, number
from ..model.finding import CitedCells, CitedEvidence
from ..rule import ERROR, INFO, WARNING, Context, rule
from ..textnorm import fold, squash
from .arith import identity_findings
from .common import count_kind, fail_cells, problems_of

T = "active"


@rule(
    "T2-01",
    title="表二件数为非负整数",
    severity=ERROR,
    citation="国办公开办函〔2021〕30号附件表二（件数栏为非负整数）",
    tags=("table2", "arithmetic"),
    message="表二有 {count} 个件数格不是非负整数：{cells_text}",
)
def counts(ctx: Context) -> Iterable[Finding]:
    """2021: 规章/行政规范性文件 three counts, 行政许可/处罚/强制 decisions are integers ≥ 0.
    2019: every count except 本年增/减 (which may be negative) and 采购总金额 (money)."""
    table, spec = ctx.table(T), ctx.spec(T)
    if table is None or spec is None:
        return ()
    # the odd cells of count columns (``bad_counts`` of those: each breaks its kind), told by
    # their column ids, without their Locations
    bad = [
        cell for col_id, cell in ctx.analysis.census(T).odd if count_kind(spec, col_id) == "count"
    ]
    return fail_cells(ctx, spec, bad)


@rule(
    "T2-02",
    title="金额格不为负",
    severity=ERROR,
    citation="国办公开办函〔2021〕30号附件表二「本年收费金额（单位：万元）」；2019 年格式「采购总金额」",
    tags=("table2", "arithmetic"),
    message="表二{label}为 {value}，金额不能为负",
)
def money(ctx: Context) -> Iterator[Finding]:
    """2021 行政事业性收费 本年收费金额 ≥ 0 (decimals allowed, e.g. 1505.5301 万元);
    2019 政府集中采购 采购总金额 ≥ 0."""
    table, spec = ctx.table(T), ctx.spec(T)
    if table is None or spec is None:
        return
    # a negative number is one of the census's odd cells (in print order, as the cells)
    for col_id, cell in ctx.analysis.census(T).odd:
        v = number(cell)
        if count_kind(spec, col_id) == "money" and v is not None and v < 0:
            row_id = next(k for k, row in table.rows.items() if row.cells.get(col_id) is cell)
            yield ctx.fail(
                location=cell.location,
                evidence=[Evidence.of(cell)],
                cells=[cell.location],
                label=f"「{spec.row(row_id).label}」{spec.column(col_id).label}",
                value=cell.raw.strip(),
            )


_YUAN_ONLY = re.compile(r"(?<!万)元")
#: national and provincial aggregates may legitimately collect more than 1e6 万元
_BIG_AGGREGATE = re.compile(r"国务院|^国家|部$|总局|省|自治区|北京市|天津市|上海市|重庆市")


@rule(
    "T2-03",
    title="收费金额的单位是万元",
    severity=WARNING,
    citation="国办公开办函〔2021〕30号附件表二「本年收费金额（单位：万元）」；金额阈值为审核惯例，非强制",
    tags=("table2",),
    message="表二行政事业性收费：{detail}",
)
def fee_unit(ctx: Context) -> Iterable[Finding]:
    """The 2021 header reads 本年收费金额（单位：万元）. A cell written in 元 (「元」 without
    「万元」), a header naming another unit, or an amount above 1,000,000 万元 from a body that
    is not a national or provincial aggregate suggests the amount was filled in 元."""
    table = ctx.table(T)
    if table is None or table.format != "2021":
        return ()
    cell = ctx.report.cell(T, "fees", "amount")
    if cell is None:
        return ()
    v = number(cell)
    detail = None
    # (ASCII squashed stays ASCII, which prints no 元: most cells print digits alone)
    if not cell.raw.isascii() and _YUAN_ONLY.search(squash(cell.raw)):
        detail = f"金额写作「{cell.raw.strip()}」，单位应为万元"
    elif _unit_unnamed(table.header):
        detail = "表头「本年收费金额」未注明「单位：万元」"
    elif v is not None and v > 1e6 and not _BIG_AGGREGATE.search(ctx.report.meta.organ or ""):
        detail = f"金额 {show(v)} 万元（超过 100 亿元），可能误按元填报"
    if detail:
        return (
            ctx.fail(
                location=cell.location,
                evidence=[Evidence.of(cell)],
                cells=[cell.location],
                detail=detail,
            ),
        )
    return ()


def _unit_unnamed(header: str) -> bool:
    """Whether the header (squashed) names 收费金额 but not 万元. A header printing 万元 (the
    2021 template does) names it squashed too, so it is squashed only when it does not:
    squashing keeps both ideographs (neither is one the simplified table changes) and only
    drops spaces between them."""
    if "万元" in header:
        return False
    squashed = squash(header)
    return "收费金额" in squashed and "万元" not in squashed


#: a county-level or lower body: no 规章-making power (立法法 arts 80, 82)
_LOW_LEVEL = re.compile(r"(县|旗|乡|镇|街道|(?<!自治)区(?!域))")
_ENTITLED = re.compile(r"国务院|省|自治区|自治州|北京市|天津市|上海市|重庆市")


_GOVERNMENT = re.compile(r"人民政府|政府")


def organ_level_low(report: Report) -> str | None:
    """The organ name when it is plainly county level or below (no rule-making power)."""
    name = report.meta.organ or report.meta.region or ""
    s = squash(name)
    if not s or _ENTITLED.search(s):
        return None
    head = _GOVERNMENT.split(s)[0] or s
    return name if _LOW_LEVEL.search(head) else None


@rule(
    "T2-04",
    title="只有有权制定规章的机关才有规章数",
    severity=WARNING,
    citation="《中华人民共和国立法法》（2023年修正）第九十一条（部门规章）、第九十三条（地方政府规章）",
    tags=("table2",),
    message="{organ}属县级或以下，无权制定规章，但表二「规章」填有 {values}",
)
def regulations_entitled(ctx: Context) -> Iterable[Finding]:
    """Only 国务院部门, 省级政府 and 设区的市、自治州政府 make 规章. A county, district,
    township or sub-district body reporting non-zero 规章 counts has probably counted
    规范性文件 or the higher level's 规章. The organ level is read from the organ's name;
    when it is not plainly county level the rule stays silent."""
    table = ctx.table(T)
    row = table.rows.get("regulations") if table is not None else None
    if row is None:
        return ()
    nums = [(c, number(c)) for c in row.cells.values()]
    # (the organ's level, a normalised name searched, told only for 规章 counted)
    if any(v for _, v in nums) and (organ := organ_level_low(ctx.report)) is not None:
        cells = [c for c, _ in nums]
        return (
            ctx.fail(
                location=row.location,
                evidence=CitedEvidence(cells),  # (made when first read)
                cells=CitedCells(cells),
                organ=organ,
                values="/".join(c.raw.strip() or "空白" for c in cells),
            ),
        )
    return ()


@rule(
    "T2-05",
    title="本年制发件数不超过现行有效件数与本年废止件数之和",
    severity=WARNING,
    citation="国办公开办函〔2021〕30号附件表二第二十条第（一）项各栏含义；审核惯例，非强制",
    tags=("table2", "arithmetic"),
    message="表二「{where}」：本年制发 {lhs} 件，多于现行有效与本年废止之和 {rhs} 件",
)
def made_within_stock(ctx: Context) -> Iterable[Finding]:
    """2021: a1 ≤ a3 + a2 and b1 ≤ b3 + b2 (``t2.made_within_stock``). A document made this
    year is either still in force or was repealed; failure means something is off. Warning only:
    amendments and expiry without formal repeal exist."""
    table = ctx.table(T)
    if table is None or table.format != "2021":
        return ()
    return identity_findings(ctx, T, "t2.made_within_stock")


@rule(
    "T2-06",
    title="单值行只有一个数",
    severity=WARNING,
    citation="国办公开办函〔2021〕30号附件表二（第五、六、八项为单值行）",
    tags=("table2", "extraction"),
    message="表二「{label}」应只有一个数，却印有 {count} 个：{values}（错列或混用了 2019 年格式）",
)
def single_value_rows(ctx: Context) -> Iterator[Finding]:
    """In the 2021 format the （五）（六）（八） rows (行政许可, 行政处罚, 行政强制,
    行政事业性收费) hold exactly one number. Two or three numbers mean column drift or rows
    copied from the 2019 format (上一年项目数量 / 本年增减 / 处理决定数量)."""
    table, spec = ctx.table(T), ctx.spec(T)
    if table is None or spec is None or table.format != "2021":
        return
    for row in table.rows.values():
        if not row.extra or len(spec.row(row.id).columns) != 1:  # (most rows print no extra)
            continue
        cells = [*row.cells.values(), *row.extra]
        yield ctx.fail(
            location=row.location,
            evidence=CitedEvidence(cells),  # (made when first read)
            cells=CitedCells(cells),
            label=spec.row(row.id).label,
            count=len(cells),
            values="、".join(c.raw.strip() for c in cells),
        )
    seen = {r.location.line for r in table.rows.values() if r.extra}
    for p in problems_of(ctx.report, T, ("extra_values",)):
        if p.location.line not in seen:
            yield ctx.fail(
                location=p.location,
                evidence=[Evidence(p.message, p.location)],
                label=p.location.row or "?",
                count="多",
                values=p.message,
            )


@rule(
    "T2-07",
    title="2019 年格式表二的存量关系",
    severity=ERROR,
    citation="2019 年试行格式（国办公开办函〔2019〕60号）表二各栏含义",
    tags=("table2", "arithmetic"),
    message="表二「{label}」：上一年项目数量 {previous} + 本年增/减 {change} = {result}，项目数不能为负",
    messages={
        "published": "表二「{where}」：本年新公开数量 {lhs} 多于对外公开总数量 {rhs}",
    },
)
def stock_2019(ctx: Context) -> Iterator[Finding]:
    """2019 trial format only: 上一年项目数量 + 本年增/减 ≥ 0 for every item row (error), and
    本年新公开数量 ≤ 对外公开总数量 for 规章 and 规范性文件 (warning)."""
    table, spec = ctx.table(T), ctx.spec(T)
    if table is None or spec is None or table.format != "2019":
        return
    for row in table.rows.values():
        prev, change = row.cells.get("previous_items"), row.cells.get("change")
        p, c = number(prev), number(change)
        if prev is None or change is None or p is None or c is None or p + c >= 0:
            continue
        yield ctx.fail(
            location=change.location,
            evidence=[Evidence.of(prev), Evidence.of(change)],
            cells=[prev.location, change.location],
            label=spec.row(row.id).label,
            previous=show(p),
            change=show(c),
            result=show(p + c),
        )
    yield from identity_findings(
        ctx, T, "t2.published_within_total", variant="published", severity=WARNING
    )


_UNIT = re.compile(r"万元|元")


@rule(
    "T2-08",
    title="2019 年格式采购总金额的单位",
    severity=INFO,
    citation="2019 年试行格式（国办公开办函〔2019〕60号）表二「采购总金额」未规定单位；审核惯例，非强制",
    tags=("table2",),
    message="表二「政府集中采购」采购总金额 {value} 未注明单位（元或万元），不宜与其他报告比较",
)
def procurement_unit(ctx: Context) -> Iterable[Finding]:
    """The 2019 template gives 采购总金额 no unit; values such as 8040, 808 and 251000元 occur.
    The unit is taken from the cell or the header; when neither names one it is unknown and
    amounts must not be compared across reports."""
    table = ctx.table(T)
    cell = ctx.report.cell(T, "procurement", "amount") if table is not None else None
    if table is None or cell is None or table.format != "2019" or number(cell) is None:
        return ()
    if (
        _UNIT.search(cell.raw)
        or "万元" in fold(table.header)
        or "采购总金额元" in fold(table.header)
    ):
        return ()
    return (
        ctx.fail(
            location=cell.location,
            evidence=[Evidence.of(cell)],
            cells=[cell.location],
            value=cell.raw.strip(),
        ),
    )
