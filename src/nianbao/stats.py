"""Corpus statistics: applications, outcome shares, correction rates, reports with errors.

Every figure of a group is a ratio of sums over the group's current reports (never a mean
of per-report ratios), computed from the printed cells; a blank cell or printed text ("/")
adds nothing. Shares of outcomes are of 办理结果「（七）总计」; 复议纠错率 is 结果纠正 over
行政复议「总计」, 诉讼纠错率 the same over both 行政诉讼 rows.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import and_, or_, select

from .corpus import Condition, Corpus
from .store.schema import cells, findings, organs, reports

BY = ("region", "year", "organ")


@dataclass(frozen=True, slots=True)
class Figure:
    """A sum of cells, or a ratio of two sums. A key ending in "." is a row prefix and
    stands for the 总计 column of every row under it (``requests.denied.`` → 不予公开)."""

    id: str
    zh: str
    keys: tuple[str, ...]
    per: tuple[str, ...] = ()

    def matches(self, key: str, patterns: tuple[str, ...]) -> bool:
        return any(
            key.startswith(p) and key.endswith(".total") if p.endswith(".") else key == p
            for p in patterns
        )


_HANDLED = ("requests.total.total",)
FIGURES = (
    Figure("received", "本年新收申请", ("requests.new_received.total",)),
    Figure("carried_over", "上年结转申请", ("requests.carried_over.total",)),
    Figure("handled", "办理结果总计", _HANDLED),
    Figure("carried_forward", "结转下年度", ("requests.carried_forward.total",)),
    Figure("granted_rate", "予以公开率", ("requests.granted.total",), _HANDLED),
    Figure("partial_rate", "部分公开率", ("requests.partially_granted.total",), _HANDLED),
    Figure("denied_rate", "不予公开", ("requests.denied.",), _HANDLED),
    Figure("unable_rate", "无法提供", ("requests.unable.",), _HANDLED),
    Figure("not_processed_rate", "不予处理", ("requests.not_processed.",), _HANDLED),
    Figure("other_rate", "其他处理", ("requests.other.",), _HANDLED),
    Figure(
        "review_correction",
        "复议纠错率",
        ("review_litigation.review.corrected",),
        ("review_litigation.review.total",),
    ),
    Figure(
        "litigation_correction",
        "诉讼纠错率",
        (
            "review_litigation.litigation_direct.corrected",
            "review_litigation.litigation_after_review.corrected",
        ),
        (
            "review_litigation.litigation_direct.total",
            "review_litigation.litigation_after_review.total",
        ),
    ),
)
BY_ID = {f.id: f for f in FIGURES}


@dataclass
class Group:
    """The figures of one group of reports."""

    name: str
    reports: int = 0
    with_errors: int = 0
    sums: dict[str, float] = field(default_factory=dict)
    denominators: dict[str, float] = field(default_factory=dict)
    rules: Counter[str] = field(default_factory=Counter)

    def figure(self, figure_id: str) -> float | None:
        """A sum, or a ratio (None when its denominator is 0 or absent)."""
        if not BY_ID[figure_id].per:
            return self.sums.get(figure_id, 0.0)
        den = self.denominators.get(figure_id, 0.0)
        return self.sums.get(figure_id, 0.0) / den if den else None

    @property
    def error_share(self) -> float | None:
        return self.with_errors / self.reports if self.reports else None

    def to_dict(self) -> dict[str, Any]:
        return {
            "group": self.name,
            "reports": self.reports,
            **{f.id: self.figure(f.id) for f in FIGURES},
            "error_share": self.error_share,
            "rules": dict(self.rules.most_common()),
        }


def compute(
    corpus: Corpus, *, by: str | None = None, where: Sequence[str | Condition] = ()
) -> list[Group]:
    """The figures per group (``by`` region, year or organ; one group "全部" when None)."""
    if by is not None and by not in BY:
        raise ValueError(f"unknown grouping {by!r}: one of {', '.join(BY)}")
    rows = corpus.report_rows(where)
    names = _organ_names(corpus) if by == "organ" else {}
    group_of: dict[int, str] = {}
    groups: dict[str, Group] = {}
    for r in rows:
        if by is None:
            name = "全部"
        elif by == "organ":
            name = names.get(r["organ_id"]) or r["organ"] or r["region"] or "（未识别机关）"
        else:
            name = "（未知）" if r[by] is None else str(r[by])
        group = groups.setdefault(name, Group(name))
        group.reports += 1
        group.with_errors += 1 if r["errors"] else 0
        group_of[r["report_id"]] = name
    _add_cells(corpus, group_of, groups)
    _add_rules(corpus, group_of, groups)
    return [groups[k] for k in sorted(groups)]


def _organ_names(corpus: Corpus) -> dict[int, str]:
    with corpus.engine.connect() as conn:
        return {r.id: r.name for r in conn.execute(select(organs.c.id, organs.c.name))}


def _add_cells(corpus: Corpus, group_of: dict[int, str], groups: dict[str, Group]) -> None:
    wanted = [p for f in FIGURES for p in (*f.keys, *f.per)]
    exact = sorted({p for p in wanted if not p.endswith(".")})
    prefixes = sorted({p for p in wanted if p.endswith(".")})
    key_filter = or_(cells.c.key.in_(exact), *(cells.c.key.startswith(p) for p in prefixes))
    query = (
        select(cells.c.report_id, cells.c.key, cells.c.value)
        .join(reports, reports.c.id == cells.c.report_id)
        .where(and_(reports.c.is_current.is_(True), key_filter, cells.c.value.is_not(None)))
    )
    with corpus.engine.connect() as conn:
        for report_id, key, value in conn.execute(query):
            name = group_of.get(report_id)
            if name is None:
                continue
            group = groups[name]
            for f in FIGURES:
                if f.matches(key, f.keys):
                    group.sums[f.id] = group.sums.get(f.id, 0.0) + value
                if f.matches(key, f.per):
                    group.denominators[f.id] = group.denominators.get(f.id, 0.0) + value


def _add_rules(corpus: Corpus, group_of: dict[int, str], groups: dict[str, Group]) -> None:
    """Per group: how many reports break each rule (a failing error or warning)."""
    query = (
        select(findings.c.report_id, findings.c.rule)
        .join(reports, reports.c.id == findings.c.report_id)
        .where(
            reports.c.is_current.is_(True),
            findings.c.status == "fail",
            findings.c.severity.in_(("error", "warning")),
        )
        .distinct()
    )
    seen: dict[str, set[tuple[int, str]]] = defaultdict(set)
    with corpus.engine.connect() as conn:
        for report_id, rule in conn.execute(query):
            name = group_of.get(report_id)
            if name is not None and (report_id, rule) not in seen[name]:
                seen[name].add((report_id, rule))
                groups[name].rules[rule] += 1
