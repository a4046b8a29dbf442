"""Table 四 (行政复议、行政诉讼情况): T4-01 … T4-06 of format.md §5.4.

A rule that finds at most one thing returns its finding in a tuple, or (), and makes no
generator: on most reports it finds nothing, and a generator's making and running cost
more than its tests.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from ..identities import show
from ..model import Evidence, Finding, number
from ..rule import ERROR, INFO, Context, rule
from .arith import identity_findings
from .common import bad_counts, fail_cells

T = "review_litigation"
_MSG = "表四「{where}」：总计印为 {printed}，结果维持 + 结果纠正 + 其他结果 + 尚未审结 = {computed}（差 {diff}）{hint}"


@rule(
    "T4-01",
    title="行政复议总计等于各项之和",
    severity=ERROR,
    citation="国办公开办函〔2021〕30号附件表四（「总计」为结果维持、结果纠正、其他结果、尚未审结之和）",
    tags=("table4", "arithmetic"),
    message=_MSG,
)
def review_total(ctx: Context) -> Iterable[Finding]:
    """行政复议：总计 = 结果维持 + 结果纠正 + 其他结果 + 尚未审结（t4 = t0+t1+t2+t3）."""
    return identity_findings(ctx, T, "t4.row_total", ("review",))


@rule(
    "T4-02",
    title="未经复议直接起诉的总计等于各项之和",
    severity=ERROR,
    citation="国办公开办函〔2021〕30号附件表四（「总计」为结果维持、结果纠正、其他结果、尚未审结之和）",
    tags=("table4", "arithmetic"),
    message=_MSG,
)
def direct_suit_total(ctx: Context) -> Iterable[Finding]:
    """行政诉讼·未经复议直接起诉：总计 = 四项之和（t9 = t5+t6+t7+t8）."""
    return identity_findings(ctx, T, "t4.row_total", ("litigation_direct",))


@rule(
    "T4-03",
    title="复议后起诉的总计等于各项之和",
    severity=ERROR,
    citation="国办公开办函〔2021〕30号附件表四（「总计」为结果维持、结果纠正、其他结果、尚未审结之和）",
    tags=("table4", "arithmetic"),
    message=_MSG,
)
def after_review_total(ctx: Context) -> Iterable[Finding]:
    """行政诉讼·复议后起诉：总计 = 四项之和（t14 = t10+t11+t12+t13）."""
    return identity_findings(ctx, T, "t4.row_total", ("litigation_after_review",))


@rule(
    "T4-04",
    title="表四各格为非负整数",
    severity=ERROR,
    citation="国办公开办函〔2021〕30号附件表四（件数为非负整数）",
    tags=("table4", "arithmetic"),
    message="表四有 {count} 个格不是非负整数：{cells_text}",
)
def non_negative(ctx: Context) -> Iterable[Finding]:
    """All 15 cells count cases: integers ≥ 0 (per-cell detail in CELL-03/CELL-04)."""
    table, spec = ctx.table(T), ctx.spec(T)
    if table is None or spec is None:
        return ()
    bad = bad_counts(ctx.analysis.census(T).odd, spec)
    return fail_cells(ctx, spec, bad)


@rule(
    "T4-05",
    title="2024 年起仍有未经复议直接起诉",
    severity=INFO,
    citation="《中华人民共和国行政复议法》（2023年修订，2024年1月1日施行）第二十三条（政府信息公开案件复议前置）",
    tags=("table4",),
    message="{year} 年度报告有 {count} 件未经复议直接起诉；2024 年起多数政府信息公开争议须先申请行政复议，请核实",
)
def review_first(ctx: Context) -> Iterable[Finding]:
    """From 2024 the revised 行政复议法 puts most 政府信息公开 disputes behind 复议前置, so
    suits filed without review (t9 > 0) deserve a second look. Plausibility only."""
    cell = ctx.report.cell(T, "litigation_direct", "total")
    v = number(cell)
    if cell is None or ctx.year is None or ctx.year < 2024 or not v:
        return ()
    return (
        ctx.fail(
            location=cell.location,
            evidence=[Evidence.of(cell)],
            cells=[cell.location],
            year=ctx.year,
            count=show(v),
        ),
    )


@rule(
    "T4-06",
    title="无复议却有复议后起诉",
    severity=INFO,
    citation="审核惯例，非强制（复议后起诉以先有行政复议为前提）",
    tags=("table4",),
    message="复议后起诉 {suits} 件，但本年行政复议总计为 0{last_year}",
)
def suit_without_review(ctx: Context) -> Iterator[Finding]:
    """A suit after review (t14 > 0) needs a review, this year or last: flag t14 > 0 when this
    year's t4 is 0 and last year's t4 is 0 too. Without last year's report the rule cannot
    tell and says so."""
    suits = ctx.report.cell(T, "litigation_after_review", "total")
    reviews = ctx.report.cell(T, "review", "total")
    s, r = number(suits), number(reviews)
    if suits is None or reviews is None or not s or r is None or r > 0:
        return
    cells = [suits.location, reviews.location]
    evidence = [Evidence.of(suits), Evidence.of(reviews)]
    if ctx.previous is None:
        yield ctx.not_assessable(
            location=suits.location,
            evidence=evidence,
            cells=cells,
            reason=f"复议后起诉 {show(s)} 件而本年复议为 0，需要上一年度报告才能判断",
        )
        return
    last = number(ctx.previous.cell(T, "review", "total"))
    if last is None:
        yield ctx.not_assessable(
            location=suits.location,
            evidence=evidence,
            cells=cells,
            reason="上一年度报告的行政复议总计未读到",
        )
    elif last == 0:
        yield ctx.fail(
            location=suits.location,
            evidence=evidence,
            cells=cells,
            suits=show(s),
            last_year="，上一年度也为 0",
        )
