"""Cross-year checks (format.md §5.6, XY-01…08): this year's report against last year's and its copies."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Sequence
from typing import Any, TypeVar

from ..extract.sentences import report_text, section_text
from ..extract.similarity import jaccard, shingles
from ..formats import REQUEST_COLUMNS, TABLE_SHORT
from ..identities import cell_label, row_label, show
from ..model import Evidence, Finding, Fix, Location, Report, number, organ_key
from ..model.location import in_section
from ..rule import ERROR, INFO, WARNING, Context, rule

_RESTRUCTURED = re.compile(
    r"机构改革|机构调整|机构合并|职能划转|职责划转|机构更名|撤并|新组建|重新组建"
)
_SAME_NUMBERS = 0.8
_MIN_NONZERO = 5
T = TypeVar("T")


def _prev(ctx: Context) -> Report:
    assert ctx.previous is not None  # needs_previous rules only run with one
    return ctx.previous


def _active_format(report: Report) -> str | None:
    table = report.table("active")
    return (table.format if table is not None else None) or report.meta.format


def _text(report: Report) -> str:
    return report_text(report)


def _year_label(report: Report) -> str:
    return f"{report.meta.year}年" if report.meta.year else "上年"


@rule(
    "XY-01",
    title="上年结转等于上年年报的结转下年度",
    severity=ERROR,
    citation="国办公开办函〔2021〕30号附件表三（「二、上年结转」即上年的「四、结转下年度继续办理」）",
    message="表三「二、上年结转」{column}列为 {printed}，{prev_year}年报「四、结转下年度继续办理」为 {expected}{restructure_note}",
    tags=("cross_year", "table3"),
    needs_previous=True,
)
def carry_over_continuity(ctx: Context) -> Iterator[Finding]:
    """本年表三「二、上年结转政府信息公开申请数量」每列应等于上一年度年报「四、结转下年度继续办理」
    同列。任一年报提到机构改革（合并、职能划转……）时降为警告。"""
    prev = _prev(ctx)
    restructured: bool | None = None  # read from the narratives only when a column differs
    missing: list[str] = []
    for col in REQUEST_COLUMNS:
        this = ctx.report.cell("requests", "carried_over", col.id)
        last = prev.cell("requests", "carried_forward", col.id)
        a, b = number(this), number(last)
        if a is None or b is None:
            missing.append(col.label)
            continue
        if a != b:
            assert this is not None and last is not None
            if restructured is None:
                restructured = bool(
                    _RESTRUCTURED.search(_text(ctx.report)) or _RESTRUCTURED.search(_text(prev))
                )
            yield ctx.fail(
                location=this.location,
                evidence=[Evidence.of(this), Evidence.of(last)],
                cells=[this.location],
                fix=[
                    Fix(
                        this.location,
                        this.value,
                        last.value,
                        "应等于上年年报「四、结转下年度继续办理」同列",
                    )
                ],
                severity=WARNING if restructured else None,
                column=col.label,
                printed=a,
                expected=b,
                prev_year=_year_label(prev),
                restructure_note="（报告提到机构改革，口径可能变化）" if restructured else "",
            )
    if missing:
        yield ctx.not_assessable(
            location=Location(path=ctx.report.source.path, table="requests", row="carried_over"),
            reason=f"本年「二、上年结转」或上年「四、结转下年度继续办理」以下列为空：{'、'.join(missing)}",
        )


def _stock(
    ctx: Context,
    rows: Sequence[str],
    stock: str,
    base: Report,
    plus: tuple[Report, str],
    minus: tuple[Report, str] | None,
) -> Iterator[Finding]:
    """stock(Y) = stock(base) + plus − minus, row by row."""
    for row in rows:
        this = ctx.report.cell("active", row, stock)
        before = base.cell("active", row, stock)
        added = plus[0].cell("active", row, plus[1])
        removed = minus[0].cell("active", row, minus[1]) if minus else None
        values = [number(this), number(before), number(added)] + (
            [number(removed)] if minus else []
        )
        if this is None and before is None:
            continue  # the row is in neither report
        if any(v is None for v in values):
            yield ctx.not_assessable(
                location=(
                    this.location
                    if this is not None
                    else Location(path=ctx.report.source.path, table="active", row=row)
                ),
                reason=f"表二「{_row_label(ctx, row)}」所需单元格为空或缺失",
            )
            continue
        assert this is not None and before is not None and added is not None
        a, b, c = number(this) or 0, number(before) or 0, number(added) or 0
        d = (number(removed) or 0) if minus else 0
        expected = b + c - d
        if a != expected:
            yield ctx.fail(
                location=this.location,
                evidence=[Evidence.of(x) for x in (this, before, added, removed) if x is not None],
                cells=[this.location],
                fix=[Fix(this.location, this.value, expected, "按上年数与本年增减推算")],
                label=this.location.row or row,
                printed=a,
                expected=expected,
                previous=b,
                added=c,
                removed=d,
            )


@rule(
    "XY-02",
    title="现行有效件数跨年衔接（2021 格式）",
    severity=WARNING,
    citation="国办公开办函〔2021〕30号附件表二「现行有效件数」；审核惯例，非强制",
    message="表二「{label}」现行有效件数为 {printed}，按上年 {previous} + 本年制发 {added} − 本年废止 {removed} 应为 {expected}",
    tags=("cross_year", "table2"),
    needs_previous=True,
)
def in_force_continuity(ctx: Context) -> Iterator[Finding]:
    """现行有效件数(Y) = 现行有效件数(Y−1) + 本年制发件数(Y) − 本年废止件数(Y)，规章和行政规范性文件
    各自成立。修订、到期失效未正式废止、机构改革都会打破它，故只作警告；两年都用 2021 格式时才检查。"""
    prev = _prev(ctx)
    if _active_format(ctx.report) != "2021" or _active_format(prev) != "2021":
        return
    rep = ctx.report
    yield from _stock(
        ctx,
        ("regulations", "normative_documents"),
        "in_force",
        prev,
        (rep, "issued"),
        (rep, "repealed"),
    )


@rule(
    "XY-03",
    title="上一年项目数量跨年衔接（2019 试行格式）",
    severity=WARNING,
    citation="2019 年试行格式表二「上一年项目数量」「本年增/减」；审核惯例，非强制",
    message="表二「{label}」上一年项目数量为 {printed}，按上年报告 {previous} + 本年增/减 {added} 应为 {expected}",
    tags=("cross_year", "table2"),
    needs_previous=True,
)
def item_count_continuity(ctx: Context) -> Iterator[Finding]:
    """2019 试行格式：上一年项目数量(Y) = 上一年项目数量(Y−1) + 本年增/减(Y−1)，对行政许可、其他对外
    管理服务事项、行政处罚、行政强制、行政事业性收费各行。"""
    prev = _prev(ctx)
    if _active_format(ctx.report) != "2019" or _active_format(prev) != "2019":
        return
    rows = ("licensing", "other_services", "penalty", "coercion", "fees")
    yield from _stock(ctx, rows, "previous_items", prev, (prev, "change"), None)


@rule(
    "XY-04",
    title="跨年格式变化",
    severity=INFO,
    citation="国办公开办函〔2021〕30号（2021 年度报告起使用新格式）",
    message="表二格式由{prev_year}年报的 {before} 格式变为 {after} 格式，跨年只核对上年结转（XY-01）",
    tags=("cross_year",),
    needs_previous=True,
)
def format_boundary(ctx: Context) -> Iterator[Finding]:
    """两年表二格式不同（如 2020 年试行格式、2021 年新格式）时，表二口径不同，跨年只核对表三结转。"""
    prev = _prev(ctx)
    before, after = _active_format(prev), _active_format(ctx.report)
    if before and after and before != after:
        yield ctx.note(
            location=Location(path=ctx.report.source.path, table="active"),
            before=before,
            after=after,
            prev_year=_year_label(prev),
        )


#: the memo entry of a caller that checks many reports together (the cross pass): every
#: report's memo by its content's hash, shared by all its checks, so that what the rules
#: make of a report (its sections' text, n-grams) is made once whether it is the report
#: checked, the year before another or another's peer
SHARED_MEMOS = "shared_memos"


def memo_of(ctx: Context, report: Report, key: str, compute: Callable[[], T]) -> T:
    """``ctx.memo`` for any report of the check: this one's, or the previous year's or a
    peer's, kept in that report's shared memo (``SHARED_MEMOS``) when the caller gives one."""
    if report is ctx.report:
        return ctx.memo(key, compute)
    shared: dict[str, dict[str, Any]] | None = ctx.cache.get(SHARED_MEMOS)
    if shared is None:
        return ctx.memo(f"{key}@{report.source.sha256}", compute)
    memo = shared.setdefault(report.source.sha256, {})
    if key not in memo:
        memo[key] = compute()
    value: T = memo[key]
    return value


#: the sections whose matching text XY-05 and XY-07 compare
COMPARED_SECTIONS = (1, 5)


def section_memo(no: int) -> str:
    """The memo key of a section's matching text (``section_text(report, no) or ""``): a
    caller that has the text already (the cross pass, stored at ingest) puts it in the
    report's memo."""
    return f"cross_year.section_text.{no}"


def _section_text(ctx: Context, report: Report, no: int) -> str:
    """The section's matching text, split into sentences once: XY-05 and XY-07 both compare
    第五部分 of this year's and last year's reports."""
    return memo_of(ctx, report, section_memo(no), lambda: section_text(report, no) or "")


def _section_shingles(ctx: Context, report: Report, no: int) -> frozenset[str]:
    return memo_of(
        ctx, report, f"cross_year.shingles.{no}", lambda: shingles(_section_text(ctx, report, no))
    )


@rule(
    "XY-05",
    title="未照抄上年年报",
    severity=WARNING,
    citation="国办公开办函〔2021〕30号（四）「内容雷同」；中国社会科学院法学研究所《法治蓝皮书》（2017）「与去年的重复率竟达90%」",
    message="第{part}部分「{heading}」与{prev_year}年报相似度 {percent}（字符 5 元组 Jaccard，阈值 {threshold}）",
    tags=("cross_year", "quality"),
    needs_previous=True,
)
def copied_from_last_year(ctx: Context) -> Iterator[Finding]:
    """「一、总体情况」「五、存在的主要问题及改进情况」与上年年报相应部分的字符 5 元组 Jaccard 相似度
    超过 0.9（数字不计，只改年份和数字的照抄也算），或第五部分完全相同。"""
    prev = _prev(ctx)
    threshold = ctx.settings.copy_similarity
    for no in COMPARED_SECTIONS:
        section = ctx.report.section(no)
        a, b = _section_text(ctx, ctx.report, no), _section_text(ctx, prev, no)
        if section is None or not a or not b:
            continue
        sim = jaccard(_section_shingles(ctx, ctx.report, no), _section_shingles(ctx, prev, no))
        if sim is None or (sim <= threshold and not (no == 5 and a == b)):
            continue
        yield ctx.fail(
            location=in_section(section.location, no),
            evidence=[Evidence(section.heading, section.location)],
            part="一二三四五六"[no - 1],
            heading=section.heading,
            prev_year=_year_label(prev),
            percent=f"{sim:.0%}",
            threshold=threshold,
            similarity=round(sim, 4),
        )


@rule(
    "XY-06",
    title="表格数字未照搬上年",
    severity=WARNING,
    citation="审核惯例，非强制（数字与上年大面积相同）",
    message="表二、表三非零数字有 {same}/{total}（{percent}）与{prev_year}年报同一单元格相同",
    tags=("cross_year", "quality"),
    needs_previous=True,
)
def identical_numbers(ctx: Context) -> Iterator[Finding]:
    """表二、表三本年非零单元格中，与上年同一单元格数值相同的占 80% 以上（至少 5 个非零单元格）。"""
    prev = _prev(ctx)
    same, total, cells = 0, 0, []
    for table_id in ("active", "requests"):
        table = ctx.report.table(table_id)
        if table is None:
            continue
        for row_id, col_id, cell in table.cells():
            value = number(cell)
            if not value:
                continue
            total += 1
            if number(prev.cell(table_id, row_id, col_id)) == value:
                same += 1
                cells.append(cell)
    if total >= _MIN_NONZERO and same >= _SAME_NUMBERS * total:
        yield ctx.fail(
            location=Location(path=ctx.report.source.path, table="requests"),
            evidence=[Evidence.of(c) for c in cells[:10]],
            cells=[c.location for c in cells],
            same=same,
            total=total,
            percent=f"{same / total:.0%}",
            prev_year=_year_label(prev),
        )


@rule(
    "XY-07",
    title="说明上年问题的整改情况",
    severity=INFO,
    citation="审核惯例，非强制（上年度问题的整改）",
    message="「存在的主要问题及改进情况」未提及上年度（{prev_year}年报）所列问题的整改情况",
    tags=("cross_year",),
    needs_previous=True,
)
def follow_up(ctx: Context) -> Iterator[Finding]:
    """上年年报第五部分列了问题时，本年第五部分宜说明上年度问题的整改情况（「上年度……问题……已整改」）。"""
    prev = _prev(ctx)
    section = ctx.report.section(5)
    last = _section_text(ctx, prev, 5)
    if section is None or len(re.sub(r"\W", "", last)) < 10:
        return
    this = _section_text(ctx, ctx.report, 5)
    year = prev.meta.year
    last_year = rf"|{year}年度?" if year else ""
    if re.search(
        rf"(?:上一?年度?|去年{last_year})[^。]{{0,40}}?(?:问题|整改|改进|不足)|整改(?:落实)?情况|已整改|完成整改|整改到位",
        this,
    ):
        return
    yield ctx.fail(
        location=in_section(section.location, 5),
        evidence=[Evidence(section.heading, section.location)],
        prev_year=_year_label(prev),
    )


def peers(ctx: Context) -> tuple[Report, ...]:
    """The other reports checked together with this one (a batch), when the runner passes them."""
    return tuple(
        r for r in ctx.peers if r is not ctx.report and r.source.sha256 != ctx.report.source.sha256
    )


def _row_label(ctx: Context, row: str) -> str:
    spec = ctx.spec("active")
    return row_label(spec, row) if spec is not None else row


def _cell_name(ctx: Context, key: tuple[str, str, str]) -> str:
    """「表三「（七）总计」行「总计」列」: the official labels, never the ids."""
    table_id, row, col = key
    spec = ctx.spec(table_id)
    where = cell_label(spec, (row, col)) if spec is not None else f"「{row}」行「{col}」列"
    return f"{TABLE_SHORT[table_id]}{where}"


def _numbers(report: Report) -> dict[tuple[str, str, str], float | int | str | None]:
    out = {}
    for table_id in ("active", "requests", "review_litigation"):
        table = report.table(table_id)
        if table is not None:
            for row_id, col_id, cell in table.cells():
                out[(table_id, row_id, col_id)] = cell.value
    return out


@rule(
    "XY-08",
    title="同一年报的不同版本数字一致",
    severity=WARNING,
    citation="中国社会科学院法学研究所政府透明度评估（2016）「发布后有变动」「多平台发布」",
    message="同一机关同一年度的另一份年报（{other}）有 {count} 个单元格数字不同，如：{examples}",
    tags=("cross_year", "quality"),
    needs_peers=True,
)
def republished_copies(ctx: Context) -> Iterator[Finding]:
    """一起检查的年报中，同一机关、同一年度的另一份（多平台发布或发布后修改）表格数字与本份不同。"""
    key, year = organ_key(ctx.report), ctx.year
    if key is None or year is None:
        return
    mine = _numbers(ctx.report)
    for other in peers(ctx):
        if other.meta.year != year or organ_key(other) != key:
            continue
        theirs = _numbers(other)
        diff = [k for k in mine.keys() & theirs.keys() if mine[k] != theirs[k]]
        if not diff:
            continue
        diff.sort()
        examples = "；".join(
            f"{_cell_name(ctx, k)}：{show(mine[k])} 与 {show(theirs[k])}"
            for k in diff[: ctx.settings.listed_items]
        )
        cells = [ctx.report.cell(*k) for k in diff]
        yield ctx.fail(
            location=Location(path=ctx.report.source.path),
            evidence=[Evidence.of(c) for c in cells[:5] if c is not None],
            cells=[c.location for c in cells if c is not None],
            other=other.source.path or other.source.sha256[:12],
            count=len(diff),
            examples=examples,
        )
