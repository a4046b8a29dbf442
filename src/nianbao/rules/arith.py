"""The arithmetic identity rules' shared machinery: one identity's findings over a table,
from the engine in ``nianbao.identities`` (evaluated once per report and memoised)."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from itertools import chain
from operator import itemgetter

from ..formats.spec import TableSpec
from ..identities import (
    Evaluated,
    Instance,
    Outcome,
    Step,
    cell_label,
    col_label,
    named_positions,
    row_label,
    show,
)
from ..model import Finding, Fix, Location, Severity
from ..model.finding import CitedCells, CitedEvidence
from ..model.location import off_cell
from ..rule import Context
from .common import listing, named

# ---------------------------------------------------------------- findings of one identity


def identity_findings(
    ctx: Context,
    table_id: str,
    identity_id: str,
    items: tuple[str, ...] | None = None,
    variant: str | None = None,
    severity: Severity | None = None,
) -> Iterable[Finding]:
    """Findings for every instance of one identity: fail (with fix), or not assessable.

    ``variant``/``severity`` choose the rule's message variant and the severity of failures.
    Message values: ``where`` (the row or column), ``lhs``/``rhs`` (the two sums), ``printed``
    and ``computed`` (when one side is a single cell: its value and the other side's sum),
    ``diff`` and ``hint`` (the culprit or the alternative readings, a sentence).
    (An empty tuple when every instance holds, told before a generator is made: eight rules
    ask, and on most tables every instance of each holds.)
    """
    ev = ctx.analysis.evaluated(table_id)
    if ev is None or ev.outcomes is None or identity_id not in ev.unsettled:
        return ()  # no table, or every instance holds
    return _findings(ctx, ev, table_id, identity_id, items, variant, severity)


def _findings(
    ctx: Context,
    ev: Evaluated,
    table_id: str,
    identity_id: str,
    items: tuple[str, ...] | None,
    variant: str | None,
    severity: Severity | None,
) -> Iterator[Finding]:
    """``identity_findings`` of an identity with an instance that does not hold."""
    outcomes = ev.outcomes
    assert outcomes is not None  # (told by the caller)
    steps = outcomes.plan.steps
    pending: dict[Outcome, list[int]] = {}
    for idx in ev.unsettled[identity_id]:
        if items is not None and steps[idx].item not in items:
            continue
        outcome = outcomes.status[idx]
        if outcome != "fails":
            zero = outcomes.status_zero[idx]
            if zero != "fails":
                # pooled into one finding below, which cites no instance's evidence: a table
                # of blanks leaves dozens open, and neither their instances nor their cells'
                # Locations need be made
                pending.setdefault(zero, []).append(idx)
                continue
        inst = outcomes.instance(idx)
        # the instance's cells each once, lhs then rhs, read by position (each of its
        # positions once is each of its refs once)
        shared = inst.found
        present = [c for at in dict.fromkeys(inst.at) if (c := shared[at]) is not None]
        # their Locations and evidence made when first read (merging a fault's findings
        # cites the cells of all, and writing it out reads them)
        cells = CitedCells(present)
        evidence = CitedEvidence(present, printed=True)
        anchor = inst.lhs[0] if len(inst.lhs) == 1 else inst.rhs[0]
        anchor_cell = inst.cell(anchor)
        location = (
            anchor_cell.location
            if anchor_cell is not None
            else Location(table=table_id, row=anchor[0], col=anchor[1])
        )
        where = inst.where
        fixes = ev.fixes.get(idx, ())
        if outcome == "fails":
            sums = inst.sums()
            assert sums is not None
            lhs, rhs = show(sums[0]), show(sums[1])  # (each shown once)
            yield ctx.fail(
                variant=variant,
                severity=severity,
                location=location,
                evidence=evidence,
                fix=fixes,
                cells=cells,
                where=where,
                lhs=lhs,
                rhs=rhs,
                printed=lhs if len(inst.lhs) == 1 else rhs,
                computed=rhs if len(inst.lhs) == 1 else lhs,
                diff=show(abs(sums[0] - sums[1])),
                hint=hint(ev.spec, fixes),
            )
            continue
        z = inst.sums("zero")
        assert z is not None
        yield ctx.not_assessable(
            location=location,
            evidence=evidence,
            cells=cells,
            fix=fixes,
            reason=f"「{where}」有 {len(inst.missing)} 个所需的格为空白或非数字"
            f"（{_gaps(ev.spec, inst, limit=ctx.settings.listed_items)}），按缺失无法判断；按空白为 0 计算不成立"
            f"（{show(z[0])} 对 {show(z[1])}）{hint(ev.spec, fixes)}",
            where=where,
            blank_as_zero=zero,
        )
    for zero, group in pending.items():
        yield _pooled(ctx, ev, group, zero, identity_id)


def _gaps(spec: TableSpec, inst: Instance, *, limit: int) -> str:
    """The missing cells of one instance, named by the part that varies (row or column)."""
    axis_rows = inst.identity.axis == "rows"
    names = [row_label(spec, r) if axis_rows else col_label(spec, c) for r, c in inst.missing]
    return listing(names, limit=limit)


def _pooled(
    ctx: Context, ev: Evaluated, group: list[int], zero: Outcome, identity_id: str
) -> Finding:
    """One not-assessable finding for every instance blanks left open (and 0 would settle):
    ``group``, the step indices of instances of ``identity_id``."""
    outcomes = ev.outcomes
    assert outcomes is not None  # some instance does not hold
    steps = [outcomes.plan.steps[k] for k in group]
    axis_rows = steps[0].identity.axis == "rows"
    names = [step.where for step in steps]
    limit = ctx.settings.listed_items
    where = listing(
        [f"「{n}」" for n in named(names, limit)],  # (only those the listing names quoted)
        limit=limit,
        more=f" 等 {{n}} {'列' if axis_rows else '行'}",
        count=len(names),
    )
    # each cell looked up once, not once for every instance that names it; their Locations
    # are made only when the finding is written out (a table of blanks leaves a hundred
    # cells open)
    # every instance of the identity that does not hold, every row printed (a table of
    # blanks, but for a row of zeros): the missing cells are those of every instance, told
    # from the positions the plan's instances name: an instance that holds has every cell a
    # number, so a position of one never is missing, and each missing one is first named by
    # one of ``group`` (an instance of a row not printed, not evaluated, names missing ones)
    plan = outcomes.plan
    whole = len(group) == len(ev.unsettled[identity_id]) and len(outcomes.evaluated) == len(
        plan.steps
    )
    if whole and identity_id in plan.covering:
        # its steps name every cell, in the order of the plan's refs (表三's row totals): the
        # missing are the gaps, in order
        missing = sorted(outcomes.gaps)
    else:
        every = named_positions(ev.spec, identity_id)[1]
        missing = _missing(steps, every if whole else None, gaps=outcomes.gaps)
    shared = outcomes.found
    if outcomes.printed and len(missing) > 1:
        # every cell printed (no None among them): read at once (a table of blanks: some 150)
        cells = CitedCells(itemgetter(*missing)(shared), unique=True)
    else:
        cells = CitedCells([c for at in missing if (c := shared[at]) is not None], unique=True)
    tail = (
        "按空白为 0 计算则成立"
        if zero == "holds"
        else "按空白为 0 也无法计算（有非数字内容或缺行）"
    )
    first = shared[missing[0]]  # the first instance's first: each names one
    location = first.location if first is not None else Location(table=ev.table.id)
    return ctx.not_assessable(
        location=off_cell(location) if len(group) > 1 else location,
        cells=cells,
        reason=f"{where}所需的 {len(missing)} 个格为空白或非数字，按缺失无法判断；{tail}",
        where="、".join(names),
        blank_as_zero=zero,
    )


def _missing(
    group: Sequence[Instance] | Sequence[Step],
    named: Iterable[int] | None = None,
    *,
    gaps: frozenset[int] | None = None,
) -> list[int]:
    """The positions (in the cells they share) of the cells of ``group``'s instances that are
    not numbers, each once: each instance's missing cells in its own order, in turn. Told as
    every position they name, each once in that order, then those of the cells not numbers
    (whether a cell is one depends on the cell alone): a test per position, where telling
    each instance's missing cells first cost a filter per instance. ``named``: those
    positions, when known. ``gaps``: the positions of the cells not numbers, for a
    ``group`` of the instances' steps (an instance knows them: ``Instance.gaps``)."""
    if gaps is None:
        gaps = group[0].gaps  # type: ignore[union-attr]  # instances, then
    if named is None:
        named = dict.fromkeys(chain.from_iterable(i.at for i in group))
    return [at for at in named if at in gaps]


def hint(spec: TableSpec, fixes: tuple[Fix, ...]) -> str:
    """The fix as a sentence: the likely culprit, or the alternative readings."""
    if not fixes:
        return ""

    def name(f: Fix) -> str:
        loc = f.location
        return cell_label(spec, (loc.row or "", loc.col or ""))

    if fixes[0].culprit:
        f = fixes[0]
        return f"；最可能有误的是{name(f)}：印为 {show(f.printed)}，应为 {show(f.value)}"
    options = "，".join(
        f"{name(f)}应为 {show(f.value)}" if f.value is not None else f.reason for f in fixes
    )
    return f"；可能是{options}"
