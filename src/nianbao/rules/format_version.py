"""Format version and label fidelity: FMT-01 … FMT-06 of format.md §5.1.

A rule that finds at most one thing returns its finding in a tuple, or (), and makes no
generator: on most reports it finds nothing, and a generator's making and running cost
more than its tests.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import cache, lru_cache
from itertools import repeat
from typing import Any

from ..formats import TABLE_SHORT, expected_format
from ..formats.spec import RowSpec, TableSpec
from ..model import Evidence, Finding, Location, Report
from ..model.location import off_cell
from ..rule import ERROR, INFO, WARNING, Context, rule
from ..textnorm import fold as _fold

_VERSION_ZH = {
    "2019": "2019 年试行格式",
    "2021": "2021 年格式",
    "mixed": "混用两种格式",
    "unknown": "无法识别",
}


@dataclass(frozen=True, slots=True)
class Version:
    """The §2.5 fingerprints, classified separately for table 二 and for table 三 （六）, with
    what the FMT rules say of them: made once per pair of fingerprints (``_classified``), not
    once a check."""

    active: str | None
    requests: str | None
    #: the report's version: 2019, 2021, mixed or unknown
    overall: str
    #: the fingerprints in words, for a message
    detail: str


def detect(report: Report) -> Version:
    active = report.table("active")
    requests = report.table("requests")
    t3: str | None = None
    if requests is not None:
        single = "other" in requests.rows
        split = any(map(str.startswith, requests.rows, repeat("other.")))  # in C
        t3 = "mixed" if single and split else "2019" if single else "2021" if split else None
    return _classified(active.format if active is not None else None, t3)


@cache
def _classified(active: str | None, requests: str | None) -> Version:
    """The ``Version`` of table 二's and table 三 （六）'s fingerprints (a few pairs in all)."""
    known = {v for v in (active, requests) if v in ("2019", "2021")}
    if requests == "mixed" or len(known) > 1:
        overall = "mixed"
    else:
        overall = known.pop() if known else "unknown"
    parts = []
    if active:
        parts.append(f"表二为{_VERSION_ZH.get(active, active)}")
    if requests:
        parts.append(f"表三（六）为{_VERSION_ZH.get(requests, requests)}")
    return Version(active, requests, overall, "，".join(parts) or "未读到表二和表三")


def _version(ctx: Context) -> Version:
    """``detect(ctx.report)``, told once for the FMT rules that ask."""
    found = ctx.cache.get("format_version")
    if found is None:
        found = ctx.cache["format_version"] = detect(ctx.report)
    return found


def _where(report: Report) -> Location:
    t = report.table("active") or report.table("requests")
    return off_cell(t.location) if t else Location(path=report.source.path)


@rule(
    "FMT-01",
    title="识别报告格式版本",
    severity=INFO,
    citation="国办公开办函〔2021〕30号附件表格与 2019 年试行格式（国办公开办函〔2019〕60号）表格的行、列差异",
    tags=("format",),
    message="报告格式：{version}（{detail}）",
)
def version(ctx: Context) -> Iterator[Finding]:
    """Classify table 二 (its column headers and rows) and table 三 （六） (one row in 2019,
    three sub-rows in 2021) separately, and the report as 2019, 2021, mixed or unknown. A
    recognised version is recorded as a note; an unrecognisable one is the rule's failure."""
    v = _version(ctx)
    overall = v.overall
    values: dict[str, Any] = {
        "version": _VERSION_ZH[overall],
        "detail": v.detail,
        "code": overall,
    }
    if overall == "unknown":
        yield ctx.fail(location=_where(ctx.report), **values)
    else:
        yield ctx.note(location=_where(ctx.report), **values)


@rule(
    "FMT-02",
    title="2021 年及以后的报告须用 2021 年格式",
    severity=ERROR,
    citation="国办公开办函〔2021〕30号（2021年9月26日印发，适用于 2021 年度报告起）",
    tags=("format",),
    message="{year} 年度报告应使用 2021 年格式（国办公开办函〔2021〕30号），实际为{version}（{detail}）",
)
def format_2021(ctx: Context) -> Iterable[Finding]:
    """A report for 2021 or later in the 2019 trial format breaks the format in force (30号).
    A report mixing the two formats is FMT-04's one finding (one fact, one finding)."""
    if ctx.year is None or expected_format(ctx.year) != "2021":
        return ()
    v = _version(ctx)
    if v.overall != "2019":
        return ()
    return (
        ctx.fail(
            location=_where(ctx.report),
            year=ctx.year,
            version=_VERSION_ZH[v.overall],
            detail=v.detail,
        ),
    )


@rule(
    "FMT-03",
    title="2019、2020 年度报告须用 2019 年试行格式",
    severity=ERROR,
    citation="国办公开办函〔2019〕60号《政府信息公开工作年度报告格式（试行）》",
    tags=("format",),
    message="{year} 年度报告应使用 2019 年试行格式，却有 2021 年格式的特征（{detail}）："
    "年份可能有误，或报告是后来重写的",
)
def format_2019(ctx: Context) -> Iterable[Finding]:
    """2021 fingerprints (本年制发件数, 逾期未缴费 rows …) in a 2019 or 2020 report: the year
    is probably wrong, or the report was rewritten later."""
    if ctx.year is None or expected_format(ctx.year) != "2019":
        return ()
    v = _version(ctx)
    if "2021" in (v.active, v.requests):
        return (ctx.fail(location=_where(ctx.report), year=ctx.year, detail=v.detail),)
    return ()


@rule(
    "FMT-04",
    title="混用两种格式",
    severity=WARNING,
    citation="国办公开办函〔2021〕30号附件表二、表三（一份报告只用一种格式）",
    tags=("format",),
    message="表二与表三（六）的格式不一致：{detail}",
    messages={
        "after_2021": "表二与表三（六）的格式不一致：{detail}；{year} 年度报告应全部使用 2021 年格式"
        "（国办公开办函〔2021〕30号）"
    },
)
def mixed(ctx: Context) -> Iterator[Finding]:
    """Table 二 and table 三 （六） disagree on the version (e.g. a 2021 table 二 with the 2019
    single 「（六）其他处理」 row), or table 三 carries both kinds of （六） rows. For a 2021 or
    later report the message says the whole report needs the 2021 format (FMT-02 stays silent)."""
    v = _version(ctx)
    if v.overall != "mixed":
        return
    if ctx.year is not None and expected_format(ctx.year) == "2021":
        yield ctx.fail(
            location=_where(ctx.report), variant="after_2021", detail=v.detail, year=ctx.year
        )
    else:
        yield ctx.fail(location=_where(ctx.report), detail=v.detail)


@rule(
    "FMT-05",
    title="2018 年及以前的报告不在检查范围",
    severity=INFO,
    citation="《政府信息公开条例》（国务院令第711号）2019年5月15日施行",
    tags=("format",),
    message="{year} 年度报告适用修订前的条例和格式，本检查目录不适用",
)
def pre_2019(ctx: Context) -> Iterable[Finding]:
    """Reports for 2018 and before follow the 2008 条例 and a different content; the catalogue
    does not apply to them."""
    if ctx.year is not None and ctx.year <= 2018:
        return (ctx.fail(location=Location(path=ctx.report.source.path), year=ctx.year),)
    return ()


#: labels repeat across reports (official ones always): fold each once
fold = lru_cache(maxsize=4096)(_fold)


def _near(pattern: str, text: str) -> int:
    """Smallest edit distance between ``pattern`` and any substring of ``text`` (Sellers's
    table, last row), by Myers's bit-parallel algorithm: one column of the table a character
    of ``text``, held as bits of its vertical differences, instead of a Python step per cell
    (a label that swallowed a paragraph is a hundred characters long)."""
    m = len(pattern)
    if not m:
        return 0
    # each character's positions in the pattern, as bits
    peq: dict[str, int] = {}
    for i, c in enumerate(pattern):
        peq[c] = peq.get(c, 0) | 1 << i
    mask = (1 << m) - 1
    top = 1 << (m - 1)
    pv, mv = mask, 0  # the column's +1 and -1 vertical differences (the first column: all +1)
    score = best = m  # the last row's value in this column, and its least so far
    for c in text:
        eq = peq.get(c, 0)
        xv = eq | mv
        xh = (((eq & pv) + pv) ^ pv) | eq
        ph = mv | (~(xh | pv) & mask)
        mh = pv & xh
        if ph & top:
            score += 1
        elif mh & top:
            score -= 1
            if score < best:
                best = score
        # the first row is 0 all along (a match may start anywhere): nothing shifts in
        ph = (ph << 1) & mask
        mh = (mh << 1) & mask
        pv = mh | (~(xv | ph) & mask)
        mv = ph & xv
    return best


#: a spec's column aliases (alias, label, both folded) and its rows by id (each with its
#: label folded), by ``id(spec)`` with the spec (as ``common._kinds``): the same every check
_OFFICIAL: dict[
    int,
    tuple[TableSpec, tuple[tuple[str, str, str, str], ...], dict[str, tuple[RowSpec, str]]],
] = {}


def _official(
    spec: TableSpec,
) -> tuple[tuple[tuple[str, str, str, str], ...], dict[str, tuple[RowSpec, str]]]:
    cached = _OFFICIAL.get(id(spec))
    if cached is None or cached[0] is not spec:
        columns = tuple(
            (alias, col.label, fold(alias), fold(col.label))
            for col in spec.columns
            for alias in col.aliases
        )
        # ``spec.row``: the first of two rows with one id
        rows = {r.id: (spec.row(r.id), fold(spec.row(r.id).label)) for r in spec.rows}
        cached = _OFFICIAL[id(spec)] = (spec, columns, rows)
    return cached[1], cached[2]


@rule(
    "FMT-06",
    title="行、列标签与官方文字不一致",
    severity=INFO,
    citation="国办公开办函〔2021〕30号附件表格文字",
    tags=("format", "labels"),
    message="{table}印作「{printed}」，官方文字为「{official}」",
)
def labels(ctx: Context) -> Iterator[Finding]:
    """A row or column label that differs from the official wording (a known variant such as
    本年度止件数 or 其他法律法规禁止公开, 规范性文件 in a 2021 table, or a close misspelling)
    is reported with the official label. Parsing does not fail on it. Labels assembled from
    several printed lines are only checked against the known variants."""
    for table_id in ("active", "requests"):
        table, spec = ctx.table(table_id), ctx.spec(table_id)
        if table is None or spec is None:
            continue
        short = TABLE_SHORT[table_id]
        header = fold(table.header)
        columns, rows = _official(spec)
        for alias, label, folded_alias, folded_label in columns:
            if folded_alias in header and folded_label not in header:
                yield ctx.fail(
                    location=table.location,
                    evidence=[Evidence(alias, table.location)],
                    table=f"{short}列标题",
                    printed=alias,
                    official=label,
                )
        for row in table.rows.values():
            found = rows.get(row.id)
            if found is None:
                continue  # a row the format does not have
            rs, official = found
            if row.label == rs.label:
                continue  # printed as is (most rows): folded, it holds the official label
            printed = fold(row.label)
            if not printed or official in printed:
                continue
            known = next((a for a in rs.aliases if fold(a) in printed), None)
            limit = max(2, len(official) // 5)
            # (no substring of a shorter text is nearer the official label than the lengths'
            # difference: a fragment of a label is told without a walk of Myers's table)
            typo = (
                not row.joined_lines
                and len(official) - len(printed) <= limit
                and 0 < _near(official, printed) <= limit
            )
            if known is not None or typo:
                yield ctx.fail(
                    location=row.location,
                    evidence=[Evidence(row.label, row.location)],
                    cells=[row.location],
                    table=f"{short}行标签",
                    printed=row.label.strip(),
                    official=rs.label,
                )
