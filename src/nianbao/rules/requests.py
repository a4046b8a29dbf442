"""Table 三 (收到和处理政府信息公开申请情况): T3-01 … T3-09 of format.md §5.3.

A rule that finds at most one thing returns its finding in a tuple, or (), and makes no
generator: on most reports it finds nothing, and a generator's making and running cost
more than its tests.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator

from ..formats.spec import TableSpec
from ..identities import col_label, row_label, show
from ..model import Evidence, Finding, number
from ..model.finding import CitedCells, CitedEvidence
from ..rule import ERROR, INFO, WARNING, Context, rule
from ..textnorm import squash
from .arith import identity_findings
from .common import bad_counts, fail_cells, problems_of

T = "requests"


@rule(
    "T3-01",
    title="表三各行总计等于各类申请人之和",
    severity=ERROR,
    citation="国办公开办函〔2021〕30号附件表三（「总计」列为各类申请人之和）",
    tags=("table3", "arithmetic"),
    message="表三「{where}」行：总计印为 {printed}，各类申请人之和为 {computed}（差 {diff}）{hint}",
)
def row_totals(ctx: Context) -> Iterable[Finding]:
    """每一行：总计 = 自然人 + 商业企业 + 科研机构 + 社会公益组织 + 法律服务机构 + 其他。

    The identity is ``t3.row_total`` of the format data. A row with a blank or unreadable cell
    is not assessable; the finding says whether it would hold with blanks as 0.
    """
    return identity_findings(ctx, T, "t3.row_total")


@rule(
    "T3-02",
    title="（七）总计等于各项办理结果之和",
    severity=ERROR,
    citation="国办公开办函〔2021〕30号附件表三（「（七）总计」为办理结果（一）至（六）各项之和；（二）「区分处理的，只计这一情形，不计其他情形」）",
    tags=("table3", "arithmetic"),
    message="表三（七）总计「{where}」列印为 {printed}，各项办理结果之和为 {computed}（差 {diff}）{hint}",
)
def result_total(ctx: Context) -> Iterable[Finding]:
    """每一列：（七）总计 = （一）+（二）+ 不予公开 8 项 + 无法提供 3 项 + 不予处理 5 项 + 其他处理
    （2021 年格式 3 项，2019 年格式 1 行）。

    Because 部分公开 counts an application once (「区分处理的，只计这一情形」), every concluded
    application falls in exactly one result row, so the identity is exact (``t3.result_total``).
    """
    return identity_findings(ctx, T, "t3.result_total")


@rule(
    "T3-03",
    title="勾稽关系：第一项加第二项之和等于第三项加第四项之和",
    severity=ERROR,
    citation="国办公开办函〔2021〕30号附件表三表头「本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和」",
    tags=("table3", "arithmetic"),
    message="表三勾稽关系不成立（{where}列）：一 + 二 = {lhs}，（七）总计 + 四 = {rhs}（差 {diff}）{hint}",
)
def balance(ctx: Context) -> Iterable[Finding]:
    """每一列：本年新收 + 上年结转 = （七）总计 + 结转下年度继续办理（``t3.balance``）。

    This is the only identity the format itself prints, in the table's top-left cell.
    """
    return identity_findings(ctx, T, "t3.balance")


#: the rows of 一 + 二 − （七）, which is 四 (the carry-over) and cannot be negative
_CARRY = ("new_received", "carried_over", "total")


@rule(
    "T3-04",
    title="表三各格为非负整数，结转数不为负",
    severity=ERROR,
    citation="国办公开办函〔2021〕30号附件表三（件数为非负整数；表头勾稽关系说明）",
    tags=("table3", "arithmetic"),
    message="表三有 {count} 个格不是非负整数：{cells_text}",
    messages={
        "negative_carry": "表三「{where}」列：一 + 二 − （七）总计 = {computed}，"
        "办结的申请多于收到的申请，结转数不可能为负"
    },
)
def non_negative(ctx: Context) -> Iterator[Finding]:
    """All 175 (2021) or 161 (2019) cells are integers ≥ 0, so 四 = 一 + 二 − 七 ≥ 0 too.

    Per-cell detail (decimals, negatives) is in CELL-03/CELL-04; this rule gives the table's
    verdict and the derived carry-over check, column by column.
    """
    table, spec = ctx.table(T), ctx.spec(T)
    if table is None or spec is None:
        return
    census = ctx.analysis.census(T)
    odd = census.odd
    if odd:  # (a decimal or a negative number: most tables have none)
        yield from fail_cells(ctx, spec, bad_counts(odd, spec))
    if census.counts and _balanced(spec):
        ev = ctx.analysis.evaluated(T)
        if ev is not None and ev.outcomes is None:
            # every cell a count and every identity holding (most tables, evaluated by
            # T3-01 already): in each column 一 + 二 − （七） is 四, a count, never negative
            return
    rows = [table.rows[r] for r in _CARRY if r in table.rows]
    if len(rows) < len(_CARRY):
        return  # a row absent: no column can be told (STR-04 reports it)
    new, old, total = (row.cells for row in rows)
    for col in spec.columns:
        cid = col.id
        a, b, c = number(new.get(cid)), number(old.get(cid)), number(total.get(cid))
        if a is None or b is None or c is None:
            continue
        carry = (a or 0.0) + (b or 0.0) - (c or 0.0)
        if carry < 0:
            cells = [table.rows[r].cells[col.id] for r in _CARRY]
            yield ctx.fail(
                variant="negative_carry",
                location=cells[2].location,
                evidence=CitedEvidence(cells),  # (merged with the identities' findings)
                cells=CitedCells(cells),
                where=col.label,
                computed=show(carry),
            )


#: ``_balanced`` of each spec, by ``id(spec)`` with the spec (as ``common._kinds``: a spec
#: hashes all its rows)
_BALANCED: dict[int, tuple[TableSpec, bool]] = {}


def _balanced(spec: TableSpec) -> bool:
    """Whether ``spec`` has the identity 一 + 二 = （七） + 四 in each of its columns: then in a
    table of counts where it holds, every column's 一 + 二 − （七） is a count (T3-04)."""
    cached = _BALANCED.get(id(spec))
    if cached is None or cached[0] is not spec:
        columns = {col.id for col in spec.columns}
        held = any(
            ident.axis == "rows"
            and ident.relation == "eq"
            and ident.lhs == _CARRY[:2]
            and ident.rhs[:1] == _CARRY[2:]
            and columns <= set(ident.across)
            for ident in spec.identities
        )
        cached = _BALANCED[id(spec)] = (spec, held)
    return cached[1]


_SUBTOTAL = re.compile(r"不予公开|无法提供|不予处理|其他处理|小计|合计")


@rule(
    "T3-05",
    title="自加的小计行须等于其子项之和且不重复计入总计",
    severity=WARNING,
    citation="国办公开办函〔2021〕30号附件表三（表格不设小计行）；审核惯例，非强制",
    tags=("table3", "arithmetic"),
    message="表三印有自加的小计行「{label}」：{detail}",
)
def subtotals(ctx: Context) -> Iterator[Finding]:
    """When a report prints its own （三）…（六） subtotal rows, each must equal the sum of its
    sub-items and must not be added into （七）总计 a second time.

    A 2021 table that also carries a single （六）其他处理 row with numbers (the 2019 row) is read
    as such a subtotal: it is compared with the three 2021 sub-items. Subtotal rows the
    extractor could not place are listed as not assessable.
    """
    table, spec = ctx.table(T), ctx.spec(T)
    if table is None or spec is None:
        return
    # (the sub-items are looked for only beside a single （六） row: a 2021 table has none)
    subs = [r for r in table.rows if r.startswith("other.")] if "other" in table.rows else []
    if subs:
        row = table.rows["other"]
        for col_id, cell in row.cells.items():
            total = number(cell)
            parts = [number(table.rows[s].cells.get(col_id)) for s in subs]
            if total is None or any(p is None for p in parts):
                continue
            s = sum(p or 0.0 for p in parts)
            if abs(total - s) > 1e-6:
                yield ctx.fail(
                    location=cell.location,
                    evidence=[Evidence.of(cell)],
                    cells=[cell.location],
                    label=row.label,
                    detail=f"「{col_label(spec, col_id)}」列印为 {show(total)}，"
                    f"三个子项之和为 {show(s)}",
                )
    for p in problems_of(ctx.report, T, ("unrecognised_row",)):
        if _SUBTOTAL.search(p.label):
            yield ctx.not_assessable(
                location=p.location,
                evidence=[Evidence(p.message, p.location)],
                reason=f"有一行像是自加的小计，但无法对应到官方行，未核对：{p.message}",
            )


@rule(
    "T3-06",
    title="本年无申请却有办理结果或结转",
    severity=ERROR,
    citation="国办公开办函〔2021〕30号附件表三表头勾稽关系说明",
    tags=("table3", "arithmetic"),
    message="表三第一项、第二项全为 0（本年没有新收也没有上年结转的申请），"
    "但「{row}」的总计为 {value}",
)
def empty_year(ctx: Context) -> Iterator[Finding]:
    """一 = 二 = 0 in every column, yet （七）总计 > 0 or 四 > 0: results without applications.

    T3-03 already fails in that case; this rule says it in the words a reader needs.
    """
    table, spec = ctx.table(T), ctx.spec(T)
    if table is None or spec is None:
        return
    # every head (一 and 二, each column) a number and 0, told head by head until one is not
    # (a year with applications, most, at its first cell)
    for head_id in ("new_received", "carried_over"):
        head = table.rows.get(head_id)
        cells = {} if head is None else head.cells
        for col in spec.columns:
            v = number(cells.get(col.id))
            if v is None or v:
                return
    for row_id in ("total", "carried_forward"):
        cell = table.rows[row_id].cells.get("total") if row_id in table.rows else None
        v = number(cell)
        if cell is not None and v:
            yield ctx.fail(
                location=cell.location,
                evidence=[Evidence.of(cell)],
                cells=[cell.location],
                row=row_label(spec, row_id),
                value=show(v),
            )


@rule(
    "T3-07",
    title="结转下年度的申请过多",
    severity=INFO,
    citation="《政府信息公开条例》第三十三条（答复期限）；阈值为审核惯例，非强制",
    tags=("table3",),
    message="表三结转下年度继续办理 {carried} 件，超过本年应办理申请（一 + 二 = {due} 件）的一半",
)
def large_carry(ctx: Context) -> Iterable[Finding]:
    """四[总计] > 0.5 × (一 + 二)[总计] with 一 + 二 ≥ 10: with a 20 + 20 working-day deadline
    (条例第三十三条) only applications of the last weeks should be carried over."""
    table = ctx.table(T)
    if table is None:
        return ()
    cells = [
        table.rows[r].cells.get("total") if r in table.rows else None
        for r in ("new_received", "carried_over", "carried_forward")
    ]
    a, b, c = (number(x) for x in cells)
    if a is None or b is None or c is None:
        return ()
    if a + b >= 10 and c > 0.5 * (a + b):
        present = [x for x in cells if x is not None]
        return (
            ctx.fail(
                location=present[-1].location,
                evidence=CitedEvidence(present),  # (made when first read)
                cells=CitedCells(present),
                carried=show(c),
                due=show(a + b),
            ),
        )
    return ()


_NO_FEE_NOTICE = re.compile(
    r"(未|没有|无|不存在)(发出|出具|下发|发放|开具)?[^。；]{0,6}收费通知"
    r"|(不涉及|未涉及|没有涉及|无)[^。；]{0,4}信息处理费"
)


@rule(
    "T3-08",
    title="逾期未缴费而终止的申请与第六部分的收费说明矛盾",
    severity=WARNING,
    citation="国办函〔2020〕109号《政府信息公开信息处理费管理办法》",
    tags=("table3", "text"),
    message="表三「逾期未按收费通知要求缴纳费用」为 {count} 件，但第六部分称「{sentence}」",
)
def fee_closures(ctx: Context) -> Iterator[Finding]:
    """三（六）2 > 0 means fee notices were issued and not paid; section 六 must not then say
    that no fee notice was issued or that 信息处理费 was not involved. 「未收取」 alone is
    consistent (the applicant did not pay)."""
    table = ctx.table(T)
    cell = ctx.report.cell(T, "other.unpaid_fee", "total") if table is not None else None
    count = number(cell)
    section = ctx.report.section(6)
    if cell is None or not count or section is None:
        return
    for para in section.paragraphs or ():
        m = _NO_FEE_NOTICE.search(squash(para.text))
        if m:
            yield ctx.fail(
                location=para.location,
                evidence=[Evidence.of(cell), Evidence(para.text, para.location)],
                cells=[cell.location],
                count=show(count),
                sentence=m.group(0),
            )
            return


_SHIFT_CODES = (
    "continuation_joined",
    "short_row",
    "extra_values",
    "aligned_by_position",
    "missing_cells",
)


@rule(
    "T3-09",
    title="表三可能错列（一行的数字个数不对或折行）",
    severity=WARNING,
    citation="国办公开办函〔2021〕30号附件表三（每行 7 个数）",
    tags=("table3", "extraction"),
    message="{detail}；请核对该行各数所在的列",
)
def column_shift(ctx: Context) -> Iterator[Finding]:
    """A row printed with more or fewer than 7 numbers, or with its total on a continuation
    line (a label broken over two lines, 「（六）其 / 他处理」), may have shifted a value into
    the wrong column. The extractor records these as problems; values aligned only by their
    horizontal position are reported at info level."""
    table = ctx.table(T)
    for p in problems_of(ctx.report, T, _SHIFT_CODES):
        row = table.rows.get(p.row or "") if table is not None else None
        yield ctx.fail(
            location=p.location,
            evidence=[Evidence(p.message, p.location)],
            cells=CitedCells(list(row.cells.values()) if row else []),  # (made when first read)
            severity=INFO if p.code == "aligned_by_position" else None,
            detail=p.message,
        )
