"""The arithmetic identities of a table, evaluated twice (blanks as missing, blanks as 0), and
the cell that explains their failures.

The identities are read from the format data (``formats.national``: ``TableSpec.identities``),
never hard-coded. Each identity holds once per ``across`` item (a row or a column); one such
equation is an ``Instance``. ``culprits()`` looks at all failing equality instances of a table
together: a cell that sits in every failing instance of a group, in no holding one, and for
which all of them ask the same correction is the likely culprit (a row identity and a column
identity cross at it). Otherwise each failing instance gets its alternative readings.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Literal

from ..formats.spec import Identity, TableSpec
from ..model import Cell, Evidence, Finding, Fix, Location, Report, Table, Value
from ..rule import Context

Ref = tuple[str, str]  # (row id, column id)
Outcome = Literal["holds", "fails", "not_assessable"]
Policy = Literal["missing", "zero"]

_EPS = 1e-6


def number(cell: Cell | None) -> float | None:
    """The cell's number, or None when it is absent, blank, a placeholder or text."""
    if cell is None or not cell.is_number:
        return None
    return float(cell.value)  # type: ignore[arg-type]


def is_blankish(cell: Cell | None) -> bool:
    """Blank or a placeholder ("/", "—", "无"): what "blanks as 0" may count as 0."""
    if cell is None:
        return False
    if cell.value is None:
        return True
    from ..extract.values import PLACEHOLDERS

    return isinstance(cell.value, str) and cell.value.strip() in PLACEHOLDERS


def show(x: float | Value) -> str:
    """A number as a reader expects it: 29, 1505.5301, never 29.0."""
    if isinstance(x, float) and x.is_integer():
        return str(int(x))
    if isinstance(x, float):
        return f"{x:.6f}".rstrip("0").rstrip(".")
    return "空白" if x is None else str(x)


def as_value(x: float) -> Value:
    return int(x) if float(x).is_integer() else round(x, 6)


@dataclass(frozen=True, slots=True)
class Instance:
    identity: Identity
    item: str
    lhs: tuple[Ref, ...]
    rhs: tuple[Ref, ...]
    cells: dict[Ref, Cell | None]
    #: Σlhs − Σrhs under each policy (None: not assessable under that policy)
    residual: float | None
    residual_zero: float | None

    @property
    def refs(self) -> tuple[Ref, ...]:
        return self.lhs + self.rhs

    def sign(self, ref: Ref) -> int:
        return 1 if ref in self.lhs else -1

    def sums(self, policy: Policy = "missing") -> tuple[float, float] | None:
        vals = {r: _val(self.cells[r], policy) for r in self.refs}
        if any(v is None for v in vals.values()):
            return None
        return sum(vals[r] or 0.0 for r in self.lhs), sum(vals[r] or 0.0 for r in self.rhs)

    def outcome(self, policy: Policy = "missing") -> Outcome:
        r = self.residual if policy == "missing" else self.residual_zero
        if r is None:
            return "not_assessable"
        if self.identity.relation == "le":
            return "holds" if r <= _EPS else "fails"
        return "holds" if abs(r) <= _EPS else "fails"

    @property
    def missing(self) -> tuple[Ref, ...]:
        """Cells that are absent, blank, placeholders or text (not numbers)."""
        return tuple(r for r in self.refs if number(self.cells[r]) is None)

    @property
    def blank(self) -> tuple[Ref, ...]:
        return tuple(r for r in self.refs if is_blankish(self.cells[r]))


def _val(cell: Cell | None, policy: Policy) -> float | None:
    n = number(cell)
    if n is None and policy == "zero" and is_blankish(cell):
        return 0.0
    return n


def instances(table: Table, spec: TableSpec) -> list[Instance]:
    """Every instance of every identity of ``spec`` over ``table``, in spec order."""
    out: list[Instance] = []
    for ident in spec.identities:
        for item in ident.across:
            if ident.axis == "rows":
                lhs = tuple((r, item) for r in ident.lhs)
                rhs = tuple((r, item) for r in ident.rhs)
            else:
                if item not in table.rows:
                    continue  # an absent row is STR-04's finding, not one per identity
                lhs = tuple((item, c) for c in ident.lhs)
                rhs = tuple((item, c) for c in ident.rhs)
            cells = {ref: _cell(table, ref) for ref in lhs + rhs}
            out.append(
                Instance(ident, item, lhs, rhs, cells, _residual(lhs, rhs, cells, "missing"),
                         _residual(lhs, rhs, cells, "zero"))
            )
    return out


def _cell(table: Table, ref: Ref) -> Cell | None:
    row = table.rows.get(ref[0])
    return row.cells.get(ref[1]) if row else None


def _residual(lhs: tuple[Ref, ...], rhs: tuple[Ref, ...], cells: dict[Ref, Cell | None],
              policy: Policy) -> float | None:
    total = 0.0
    for refs, sign in ((lhs, 1.0), (rhs, -1.0)):
        for ref in refs:
            v = _val(cells[ref], policy)
            if v is None:
                return None
            total += sign * v
    return total


# ---------------------------------------------------------------- culprits and readings


@dataclass(frozen=True, slots=True)
class Diagnosis:
    """Per failing instance (by index in the evaluated list): the fixes to show."""

    fixes: dict[int, tuple[Fix, ...]]
    #: the refs named as culprit, for the mutation statistics and the drawn table
    culprits: frozenset[Ref]


def diagnose(table: Table, spec: TableSpec, insts: list[Instance]) -> Diagnosis:
    eq = [i for i, inst in enumerate(insts) if inst.identity.relation == "eq"]
    fixes: dict[int, tuple[Fix, ...]] = {}
    culprits: set[Ref] = set()
    for policy in ("missing", "zero"):
        failing = [i for i in eq if insts[i].outcome(policy) == "fails" and i not in fixes]
        if policy == "zero":
            # blanks as 0 only for instances blanks made not assessable
            failing = [i for i in failing if insts[i].outcome("missing") == "not_assessable"]
        holding = [i for i in eq if insts[i].outcome(policy) == "holds"]
        held_refs = {ref for i in holding for ref in insts[i].refs}
        for group in _groups(failing, insts):
            ref_delta = _single_cell(group, insts, held_refs, policy)
            if ref_delta is not None:
                ref, delta = ref_delta
                fix = _fix(table, spec, ref, delta, group, insts, policy, culprit=True)
                culprits.add(ref)
                for i in group:
                    fixes[i] = (fix,)
                continue
            for i in group:
                fixes[i] = _readings(table, spec, insts, i, held_refs, failing, policy)
    return Diagnosis(fixes, frozenset(culprits))


def _groups(failing: list[int], insts: list[Instance]) -> list[list[int]]:
    """Failing instances joined when they share a cell (connected components)."""
    groups: list[tuple[set[Ref], list[int]]] = []
    for i in failing:
        refs = set(insts[i].refs)
        joined = [g for g in groups if g[0] & refs]
        for g in joined:
            groups.remove(g)
            refs |= g[0]
        groups.append((refs, [j for g in joined for j in g[1]] + [i]))
    return [sorted(g[1]) for g in groups]


def _residual_of(inst: Instance, policy: Policy) -> float:
    r = inst.residual if policy == "missing" else inst.residual_zero
    assert r is not None
    return r


def _single_cell(group: list[int], insts: list[Instance], held: set[Ref],
                 policy: Policy) -> tuple[Ref, float] | None:
    """The one cell in every instance of ``group``, in no holding one, with one correction."""
    common = set(insts[group[0]].refs)
    for i in group[1:]:
        common &= set(insts[i].refs)
    found: list[tuple[Ref, float]] = []
    for ref in sorted(common - held):
        if number(insts[group[0]].cells[ref]) is None and not (
            policy == "zero" and is_blankish(insts[group[0]].cells[ref])
        ):
            continue
        deltas = {round(-_residual_of(insts[i], policy) / insts[i].sign(ref), 6) for i in group}
        if len(deltas) == 1:
            found.append((ref, deltas.pop()))
    return found[0] if len(found) == 1 else None


def _fix(table: Table, spec: TableSpec, ref: Ref, delta: float, group: Iterable[int],
         insts: list[Instance], policy: Policy, culprit: bool) -> Fix:
    cell = _cell(table, ref)
    base = number(cell)
    if base is None:
        base = 0.0
    value = base + delta
    names = "、".join(dict.fromkeys(inst_label(spec, insts[i]) for i in group))
    if culprit:
        reason = f"此格位于所有不成立的等式（{names}）的交叉处，改为 {show(value)} 后它们全部成立"
    else:
        reason = f"按「{names}」，此格应为 {show(value)}"
    if policy == "zero":
        reason += "（按空白为 0 计算）"
    loc = cell.location if cell else Location(table=table.id, row=ref[0], col=ref[1])
    return Fix(loc, cell.value if cell else None, as_value(value), reason, culprit)


def _readings(table: Table, spec: TableSpec, insts: list[Instance], i: int, held: set[Ref],
              failing: list[int], policy: Policy) -> tuple[Fix, ...]:
    """Alternative single-cell corrections of one failing instance, most plausible first."""
    inst = insts[i]
    usable = [r for r in inst.refs
              if number(inst.cells[r]) is not None or (policy == "zero" and is_blankish(inst.cells[r]))]
    free = [r for r in usable if r not in held]
    shared = [r for r in usable if any(r in insts[j].refs for j in failing if j != i)]
    totals = [r for r in inst.lhs if r in usable] if len(inst.lhs) == 1 else []
    chosen = free or shared or totals
    r = _residual_of(inst, policy)
    return tuple(_fix(table, spec, ref, -r / inst.sign(ref), [i], insts, policy, culprit=False)
                 for ref in chosen[:4])


# ---------------------------------------------------------------- labels


def row_label(spec: TableSpec, row_id: str) -> str:
    try:
        row = spec.row(row_id)
    except StopIteration:
        return row_id
    if row.group and row.group.startswith("（") and not row.label.startswith("（"):
        return f"{row.group} {row.label}"
    return row.label


def col_label(spec: TableSpec, col_id: str) -> str:
    try:
        return spec.column(col_id).label
    except StopIteration:
        return col_id


def cell_label(spec: TableSpec, ref: Ref) -> str:
    return f"「{row_label(spec, ref[0])}」行「{col_label(spec, ref[1])}」列"


def inst_label(spec: TableSpec, inst: Instance) -> str:
    """An instance's short name: the identity title and the row or column it holds in."""
    item = inst.item
    where = col_label(spec, item) if inst.identity.axis == "rows" else row_label(spec, item)
    return f"{inst.identity.title.split('：')[-1]}（{where}）"


# ---------------------------------------------------------------- per-report cache


@dataclass(frozen=True, slots=True)
class Evaluated:
    table: Table
    spec: TableSpec
    instances: list[Instance]
    diagnosis: Diagnosis


def evaluate(ctx: Context, table_id: str, report: Report | None = None) -> Evaluated | None:
    """The table's identity instances and diagnosis, computed once per report (memoised)."""
    rep = report or ctx.report

    def compute() -> Evaluated | None:
        table = rep.table(table_id)
        spec = ctx.spec(table_id, rep)
        if table is None or spec is None:
            return None
        insts = instances(table, spec)
        return Evaluated(table, spec, insts, diagnose(table, spec, insts))

    key = f"arith:{table_id}:{id(rep)}"
    return ctx.memo(key, compute)


# ---------------------------------------------------------------- findings of one identity


def identity_findings(
    ctx: Context,
    table_id: str,
    identity_id: str,
    items: tuple[str, ...] | None = None,
) -> Iterator[Finding]:
    """Findings for every instance of one identity: fail (with fix), or not assessable.

    Message values: ``where`` (the row or column), ``lhs``/``rhs`` (the two sums), ``printed``
    and ``computed`` (when one side is a single cell: its value and the other side's sum),
    ``diff`` and ``hint`` (the culprit or the alternative readings, a sentence).
    """
    ev = evaluate(ctx, table_id)
    if ev is None:
        return
    for idx, inst in enumerate(ev.instances):
        if inst.identity.id != identity_id or (items is not None and inst.item not in items):
            continue
        outcome = inst.outcome("missing")
        if outcome == "holds":
            continue
        present = [(ref, c) for ref, c in inst.cells.items() if c is not None]
        cells = tuple(c.location for _, c in present)
        evidence = tuple(Evidence.of(c) for _, c in present if c.raw.strip())
        anchor = inst.lhs[0] if len(inst.lhs) == 1 else inst.rhs[0]
        anchor_cell = inst.cells[anchor]
        location = (anchor_cell.location if anchor_cell is not None
                    else Location(table=table_id, row=anchor[0], col=anchor[1]))
        where = (col_label(ev.spec, inst.item) if inst.identity.axis == "rows"
                 else row_label(ev.spec, inst.item))
        fixes = ev.diagnosis.fixes.get(idx, ())
        if outcome == "fails":
            sums = inst.sums()
            assert sums is not None
            yield ctx.fail(
                location=location, evidence=evidence, fix=fixes, cells=cells,
                where=where, lhs=show(sums[0]), rhs=show(sums[1]),
                printed=show(sums[0]) if len(inst.lhs) == 1 else show(sums[1]),
                computed=show(sums[1]) if len(inst.lhs) == 1 else show(sums[0]),
                diff=show(abs(sums[0] - sums[1])), hint=hint(ev.spec, fixes),
            )
            continue
        zero = inst.outcome("zero")
        gaps = "、".join(cell_label(ev.spec, r) for r in inst.missing[:6])
        more = f"等 {len(inst.missing)} 格" if len(inst.missing) > 6 else ""
        if zero == "holds":
            tail = "按空白为 0 计算则成立"
        elif zero == "fails":
            z = inst.sums("zero")
            assert z is not None
            tail = f"按空白为 0 计算不成立（{show(z[0])} 对 {show(z[1])}）" + hint(ev.spec, fixes)
        else:
            tail = "按空白为 0 也无法计算（有非数字内容或缺行）"
        yield ctx.not_assessable(
            location=location, evidence=evidence, cells=cells, fix=fixes if zero == "fails" else (),
            reason=f"「{where}」所需的 {gaps}{more} 为空白或非数字，按缺失无法判断；{tail}",
            where=where, blank_as_zero=zero,
        )


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
    options = "，或".join(f"{name(f)}应为 {show(f.value)}" for f in fixes)
    return f"；可能是{options}"
