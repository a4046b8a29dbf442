"""The runner: every selected rule over a report, all findings collected, crashes contained.

``check(report, previous=None, select=None, skip=None)`` runs the catalogue (``nianbao.rules``)
over one report and returns every finding, in catalogue order; it never stops at the first.
A rule that raises yields one ``rule-error`` finding (severity error, the exception in the
message) and the run goes on. ``select``/``skip`` take rule ids ("T3-02"), id prefixes
("T3") or tags ("table3", "arithmetic", "text" …); an unknown selector is a ``ValueError``.

``previous`` is the same organ's report for the year before (cross-year rules, XY-*);
``pair_previous(reports)`` finds it among reports checked together.
"""

from __future__ import annotations

import traceback
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from .faults import merge_faults, spare_misread
from .model import Evidence, Finding, Location, Report, Severity, organ_key
from .rule import ERROR, RULE_ERROR, Context, Rule, ordered_rules
from .settings import DEFAULT, Settings

__all__ = ["check", "exit_status", "pair_previous", "previous_misfit", "select_rules"]


def select_rules(
    select: Iterable[str] | str | None = None, skip: Iterable[str] | str | None = None
) -> list[Rule]:
    """The rules matching any of ``select`` (all when None) and none of ``skip``. Ids and tags
    match in any case (``t3-02`` is ``T3-02``); a string is a comma-separated list, never
    its characters."""
    return list(_selected(select, skip))


def _selected(
    select: Iterable[str] | str | None,
    skip: Iterable[str] | str | None,
    previous: bool = True,
    peers: bool = True,
) -> Sequence[Rule]:
    """``select_rules``' answer, not copied: a check asks once, and a copy of the catalogue
    and its test against the cache cost the runner as much as a small rule. Without
    ``previous`` (last year's report) or ``peers`` (other reports of the batch), the rules
    that compare with them are left out: they could only find nothing, and telling them
    apart in the runner's loop cost two tests a rule on each check."""
    rules = ordered_rules()
    if select is None and not skip and previous and peers:
        return rules
    if not isinstance(select, str | None):
        select = tuple(select)
    if not isinstance(skip, str | None):
        skip = tuple(skip)
    # the same selection is made for every report of a batch and of an ingest's cross pass
    key = (select, skip, previous, peers)
    hit = _SELECTED.get(key)
    if hit is not None and hit[0] is rules:  # the catalogue's tuple is new when it changes
        return hit[1]
    chosen = tuple(
        r
        for r in _select(rules, select, skip)
        if (previous or not r.needs_previous) and (peers or not r.needs_peers)
    )
    if len(_SELECTED) >= _SELECTED_SIZE:
        _SELECTED.clear()
    _SELECTED[key] = (rules, chosen)
    return chosen


#: _selected's answers by (select, skip), with the catalogue they were made from
_SELECTED: dict[tuple[Any, Any, bool, bool], tuple[tuple[Rule, ...], tuple[Rule, ...]]] = {}
_SELECTED_SIZE = 64


def _select(
    rules: tuple[Rule, ...], select: Sequence[str] | str | None, skip: Sequence[str] | str | None
) -> tuple[Rule, ...]:
    known = {k.casefold(): k for r in rules for k in (r.id, *r.tags)}

    def resolve(selectors: Iterable[str] | str) -> list[str]:
        items = selectors.split(",") if isinstance(selectors, str) else list(selectors)
        wanted = [s.strip() for s in items if s.strip()]
        unknown = [s for s in wanted if s.casefold() not in known]
        if unknown:
            raise ValueError(f"未知的规则或标签：{', '.join(unknown)}（unknown rule id or tag）")
        return [known[s.casefold()] for s in wanted]

    sel = resolve(select) if select is not None else None
    skp = resolve(skip or ())

    def matches(r: Rule, selectors: list[str]) -> bool:
        return any(s == r.id or s in r.tags for s in selectors)

    return tuple(r for r in rules if (sel is None or matches(r, sel)) and not matches(r, skp))


def check(
    report: Report | str | Path,
    previous: Report | str | Path | None = None,
    *,
    select: Iterable[str] | str | None = None,
    skip: Iterable[str] | str | None = None,
    settings: Settings = DEFAULT,
    peers: Sequence[Report] = (),
    memo: dict[str, Any] | None = None,
) -> list[Finding]:
    """Every finding of the selected rules on ``report`` (a Report, or a path to parse).

    ``peers`` are the other reports of the same batch (PUB-02, XY-08 compare against them).
    ``memo``: the rules' shared cache (``Context.memo``, ``Context.analysis``), for a caller
    that reuses what they computed."""
    report = _load(report, settings)
    prev = _load(previous, settings) if previous is not None else None
    cache: dict[str, Any] = {} if memo is None else memo
    findings: list[Finding] = []
    others = tuple(p for p in peers if p is not report) if peers else ()
    # one Context for the run, told each rule in turn (a rule's findings are all made before
    # the next rule runs)
    ctx: Context | None = None
    for r in _selected(select, skip, prev is not None, bool(others)):
        if ctx is None:
            ctx = Context(report, r, prev, settings, cache, others)
        else:
            ctx.rule = r
        try:
            for finding in r.fn(ctx):
                findings.append(finding)
        except Exception as err:  # a broken rule must not hide the other rules' findings
            findings.append(_rule_error(r, report, err))
    return merge_faults(spare_misread(findings, report.problems))


def _load(source: Report | str | Path, settings: Settings) -> Report:
    if isinstance(source, Report):
        return source
    from . import parse

    return parse(source, settings)


def _rule_error(r: Rule, report: Report, err: Exception) -> Finding:
    frame = traceback.extract_tb(err.__traceback__)[-1] if err.__traceback__ else None
    where = f"{Path(frame.filename).name}:{frame.lineno}" if frame else ""
    return Finding(
        rule=RULE_ERROR,
        severity=ERROR,
        message=f"规则 {r.id}（{r.title}）运行出错，未能完成检查：{type(err).__name__}: {err}",
        location=Location(path=report.source.path),
        evidence=(
            Evidence(f"{type(err).__name__}: {err} ({where})", Location(path=report.source.path)),
        ),
        values={
            "failed_rule": r.id,
            "exception": type(err).__name__,
            "detail": str(err),
            "where": where,
        },
    )


def exit_status(findings: Iterable[Finding], fail_on: Severity | None) -> int:
    """1 when a failing or rule-error finding is at or above ``fail_on``, else 0."""
    if fail_on is None:
        return 0
    hit = any(f.status == "fail" and f.severity.rank >= fail_on.rank for f in findings)
    return 1 if hit else 0


def previous_misfit(report: Report, previous: Report) -> str | None:
    """Why ``previous`` cannot be ``report``'s report for the year before (None when it can):
    another organ, or not the year before. Unknown organ or year on either side cannot be
    confirmed either, so it is a reason too; the cross-year rules would otherwise compare two
    unrelated reports and blame the agency."""
    mine, theirs = organ_key(report), organ_key(previous)
    year, prev_year = report.meta.year, previous.meta.year
    if year is None or prev_year is None:
        return "无法识别报告年度，不能确认是上一年度的年报（the report year could not be read）"
    if prev_year != year - 1:
        return (
            f"上年年报是 {prev_year} 年度的，本报告是 {year} 年度，应为 {year - 1} 年度"
            f"（the previous report is for {prev_year}, not {year - 1}）"
        )
    if mine is None or theirs is None:
        return "无法识别机关名称，不能确认是同一机关（the organ could not be read）"
    if mine != theirs:
        return (
            f"上年年报的机关是「{previous.meta.organ or previous.meta.region}」，"
            f"本报告是「{report.meta.organ or report.meta.region}」（another organ）"
        )
    return None


def pair_previous(reports: Sequence[Report]) -> list[Report | None]:
    """For each report, the report of the same organ for the year before, when present."""
    by_key: dict[tuple[str, int], Report] = {}
    for rep in reports:
        key = organ_key(rep)
        if key and rep.meta.year is not None:
            by_key.setdefault((key, rep.meta.year), rep)
    out: list[Report | None] = []
    for rep in reports:
        key = organ_key(rep)
        year = rep.meta.year
        out.append(by_key.get((key, year - 1)) if key and year is not None else None)
    return out
