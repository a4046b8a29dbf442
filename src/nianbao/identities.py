"""The arithmetic identities of a table, evaluated twice (blanks as missing, blanks as 0), and
the cell that explains their failures: a pure engine the rules and the renderers both use.

The identities are read from the format data (``formats.national``: ``TableSpec.identities``),
never hard-coded. Each identity holds once per ``across`` item (a row or a column); one such
equation is an ``Instance``. ``diagnose()`` looks at all failing equality instances of a table
together: a cell that sits in no holding instance and for which two or more failing ones ask
the same correction is the likely culprit (a row identity and a column identity cross at it).
Otherwise each failing instance gets its alternative readings (the 总计 is wrong, or a detail).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from itertools import chain, compress, repeat
from operator import is_, itemgetter
from typing import Any, Literal

from .extract.values import PLACEHOLDERS
from .formats.spec import Identity, TableSpec
from .model import Cell, Fix, Location, Table, Value, number
from .model.quick import builder, quick_init

Ref = tuple[str, str]  # (row id, column id)
Outcome = Literal["holds", "fails", "not_assessable"]
Policy = Literal["missing", "zero"]

_EPS = 1e-6
#: alternative readings offered for one failing equation (which cell could be wrong)
_MAX_READINGS = 4


def is_blankish(cell: Cell | None) -> bool:
    """Blank or a placeholder ("/", "—", "无"): what "blanks as 0" may count as 0."""
    if cell is None:
        return False
    if cell.value is None:
        return True
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


@quick_init
@dataclass(frozen=True, slots=True)
class Instance:
    identity: Identity
    item: str
    lhs: tuple[Ref, ...]
    rhs: tuple[Ref, ...]
    #: the cell at each of the plan's refs (``Plan.refs``; None: not printed), one list shared
    #: by all the table's instances: cells are read by position (``cell``), not by hashing
    #: their refs (a table of blanks asks for a hundred)
    found: Sequence[Cell | None]
    #: each ref's position in ``found`` (``Plan.index``)
    index: Mapping[Ref, int]
    #: Σlhs − Σrhs under each policy (None: not assessable under that policy)
    residual: float | None
    residual_zero: float | None
    #: ``lhs + rhs``, kept: the diagnosis asks for it of every instance, again and again
    refs: tuple[Ref, ...]
    #: the position in ``found`` of each of ``refs``
    at: tuple[int, ...]
    #: the outcome under each policy (``_outcome`` of the residual), told once: the rules and
    #: the diagnosis ask it of every instance
    status: Outcome
    status_zero: Outcome
    #: the positions in ``found`` of every cell of the table's identities that is not a number
    #: (absent, blank, a placeholder or text), one set shared by all the table's instances
    gaps: frozenset[int]
    #: the row or column the instance holds in, by its label (``Step.where``)
    where: str

    def cell(self, ref: Ref) -> Cell | None:
        """The cell at ``ref`` (one of the table's identities' refs; None: not printed)."""
        return self.found[self.index[ref]]

    def sign(self, ref: Ref) -> int:
        return 1 if ref in self.lhs else -1

    def sums(self, policy: Policy = "missing") -> tuple[float, float] | None:
        """Σlhs and Σrhs (each 0 added as 0.0); None when a cell has no value. The cells read
        by position (``at``, which follows ``refs``: lhs, then rhs)."""
        found = self.found
        vals: list[float | None]
        if policy == "missing":
            # a cell that is not a number is a gap: with none among its cells, each cell's
            # value is its number, read without a call a cell
            if not self.gaps.isdisjoint(self.at):
                return None
            vals = [found[at].value for at in self.at]  # type: ignore[union-attr,misc]
        else:
            vals = [_val(found[at], policy) for at in self.at]
        if None in vals:
            return None
        n = len(self.lhs)
        return sum([v or 0.0 for v in vals[:n]]), sum([v or 0.0 for v in vals[n:]])

    def outcome(self, policy: Policy = "missing") -> Outcome:
        return self.status if policy == "missing" else self.status_zero

    @property
    def missing(self) -> tuple[Ref, ...]:
        """Cells that are absent, blank, placeholders or text (not numbers)."""
        return tuple(compress(self.refs, map(self.gaps.__contains__, self.at)))


new_instance = builder(Instance)


def _outcome(relation: str, r: float | None) -> Outcome:
    """Whether an identity holds with residual ``r`` (None: not assessable)."""
    if r is None:
        return "not_assessable"
    if relation == "le":
        return "holds" if r <= _EPS else "fails"
    return "holds" if abs(r) <= _EPS else "fails"


def _val(cell: Cell | None, policy: Policy) -> float | None:
    n = number(cell)
    if n is None and policy == "zero" and is_blankish(cell):
        return 0.0
    return n


@dataclass(frozen=True, slots=True)
class Step:
    """One instance of an identity as the format defines it: which cells it adds up, by ref
    and by position in ``Plan.refs``."""

    identity: Identity
    item: str
    lhs: tuple[Ref, ...]
    rhs: tuple[Ref, ...]
    refs: tuple[Ref, ...]
    #: the position in ``Plan.refs`` of each of ``refs``
    at: tuple[int, ...]
    #: ``item`` by its label (a column's, or a row's for an identity across columns), which
    #: the identity rules name an instance by
    where: str
    #: the short name of the instance, the identity's title and ``where``, which a diagnosis
    #: names it by: made once per format, not once for each fix of each check
    label: str
    #: the terms of Σlhs − Σrhs, in the order they are added, from the values of ``Plan.refs``
    #: followed by their negations: each lhs value, then each rhs value negated
    terms: Callable[[Sequence[float | None]], tuple[float | None, ...]]


@dataclass(frozen=True, slots=True)
class Plan:
    """A spec's identities compiled once: each instance's cells, and every cell any names."""

    spec: TableSpec
    steps: tuple[Step, ...]
    refs: tuple[Ref, ...]
    #: each ref's position in ``refs``
    index: Mapping[Ref, int]
    #: ``refs`` by row: each row's columns, whose refs follow each other in ``refs`` from
    #: ``start`` to ``end``, with a getter of those columns' cells from a row's cells
    #: (``_getter``), so that a row is looked up once and its cells read in one call
    by_row: tuple[
        tuple[str, tuple[str, ...], int, int, Callable[[Mapping[str, Cell]], tuple[Cell, ...]]], ...
    ]
    #: whether every step holds, from the values of ``refs`` when each is an int and their
    #: magnitudes add up to less than ``exact`` (``_all_hold``): each step's sums compared
    holds: Callable[[Sequence[int]], bool]
    #: ints whose magnitudes add up to less than this add up in floats to their exact sum
    #: in any step (no partial sum reaches 2**53, a ref counted as often as a step names it),
    #: so comparing the sums of ints is comparing the residuals
    exact: int
    #: each step's Σlhs − Σrhs, from the values of ``refs`` when none is None: the terms
    #: added up in order from 0.0, as ``sum(step.terms(…), 0.0)`` adds them (``_residuals``)
    residuals: Callable[[Sequence[float]], tuple[float, ...]]
    #: by identity id: how many steps it has, and the positions in ``refs`` they name, each
    #: once, in the order its steps name them (a pooled finding about all its instances
    #: lists their missing cells in that order)
    named: Mapping[str, tuple[int, tuple[int, ...]]]
    #: each step's relation ("eq" or "le") and positions (``Step.at``), by index in
    #: ``steps``: the outcomes of a table's steps are told from these lists
    relations: tuple[str, ...]
    ats: tuple[tuple[int, ...], ...]
    #: the indices of the steps of identities across rows (``axis`` "columns"), and their
    #: rows: a step whose row is not printed is not evaluated (an absent row is STR-04's)
    row_steps: tuple[int, ...]
    row_items: tuple[str, ...]
    #: each identity's id, and the indices of its steps (they follow each other in ``steps``)
    spans: tuple[tuple[str, range], ...]
    #: the identities whose steps name every ref, first named in the order of ``refs`` (表三's
    #: row totals): the positions of such an identity's missing cells are the gaps in order
    covering: frozenset[str]


#: each spec's plan by ``id(spec)`` (the plan keeps its spec, so that a new spec at a reused
#: address is never served another's)
_PLANS: dict[int, Plan] = {}


def _plan(spec: TableSpec) -> Plan:
    """Every instance of ``spec``'s identities, in spec order, worked out once per spec: they
    depend on the format alone, not on the report."""
    cached = _PLANS.get(id(spec))
    if cached is not None and cached.spec is spec:
        return cached
    named: dict[str, dict[str, None]] = {}  # each row's columns any identity names
    sides: list[tuple[Identity, str, tuple[Ref, ...], tuple[Ref, ...]]] = []
    for ident in spec.identities:
        for item in ident.across:
            if ident.axis == "rows":
                lhs = tuple((r, item) for r in ident.lhs)
                rhs = tuple((r, item) for r in ident.rhs)
            else:
                lhs = tuple((item, c) for c in ident.lhs)
                rhs = tuple((item, c) for c in ident.rhs)
            for row_id, col_id in lhs + rhs:
                named.setdefault(row_id, {})[col_id] = None
            sides.append((ident, item, lhs, rhs))
    # the refs row by row, so that ``_found`` reads each row's cells into one slice
    refs = [(row_id, col_id) for row_id, cols in named.items() for col_id in cols]
    at = {ref: i for i, ref in enumerate(refs)}
    # the terms are read from the values followed by their negations (``len(at)`` further on)
    steps = [
        Step(
            ident,
            item,
            lhs,
            rhs,
            lhs + rhs,
            tuple(at[r] for r in lhs + rhs),
            where,
            f"{ident.title.split('：')[-1]}（{where}）",
            _getter([at[r] for r in lhs] + [len(at) + at[r] for r in rhs]),
        )
        for ident, item, lhs, rhs in sides
        for where in [col_label(spec, item) if ident.axis == "rows" else row_label(spec, item)]
    ]
    rows = []
    for row_id, cols in named.items():
        start = at[row_id, next(iter(cols))]
        rows.append((row_id, tuple(cols), start, start + len(cols), _getter(list(cols))))
    exact = 2**53 // max(
        (max(map(step.refs.count, step.refs)) for step in steps if step.refs), default=1
    )
    names = _named(steps)
    plan = Plan(
        spec,
        tuple(steps),
        tuple(at),
        at,
        tuple(rows),
        _holds(steps, at),
        exact,
        _residuals(steps, at),
        names,
        tuple(step.identity.relation for step in steps),
        tuple(step.at for step in steps),
        tuple(k for k, step in enumerate(steps) if step.identity.axis != "rows"),
        tuple(step.item for step in steps if step.identity.axis != "rows"),
        _spans(steps),
        frozenset(ident for ident, (_, named) in names.items() if named == tuple(range(len(at)))),
    )
    _PLANS[id(spec)] = plan
    return plan


def _holds(steps: list[Step], at: dict[Ref, int]) -> Callable[[Sequence[int]], bool]:
    """A function telling from the values of a plan's refs (ints) whether every step holds:
    each step's sides summed and compared (``Σlhs == Σrhs``, or ``<=``), all steps in one
    expression, as ``quick_init`` writes its builders: each term costs two bytecodes where
    ``Step.terms`` fetched it and ``sum`` added it in C calls. (Unpacking the values into
    locals first, a term one bytecode, measured no faster: 2.50 → 2.44 µs on a 表三 of 161
    refs; the ints' additions are the cost.)"""
    tests = []
    for step in steps:
        lhs = " + ".join(f"v[{at[r]}]" for r in step.lhs) or "0"
        rhs = " + ".join(f"v[{at[r]}]" for r in step.rhs) or "0"
        tests.append(f"{lhs} {'<=' if step.identity.relation == 'le' else '=='} {rhs}")
    holds: Callable[[Sequence[int]], bool] = _function(
        "holds", " and ".join(f"({t})" for t in tests) or "True"
    )
    return holds


def _residuals(
    steps: list[Step], at: dict[Ref, int]
) -> Callable[[Sequence[float]], tuple[float, ...]]:
    """A function giving every step's residual from the values of a plan's refs (none None),
    in one generated expression (as ``_holds``): ``0.0 + v[a] + v[b] - v[c]`` adds the terms
    in ``sum(step.terms(…), 0.0)``'s order, and subtracting a value is adding its negation,
    in floats as in ints, where a call per step fetched the terms and added them."""
    sums = []
    for step in steps:
        lhs = "".join(f" + v[{at[r]}]" for r in step.lhs)
        rhs = "".join(f" - v[{at[r]}]" for r in step.rhs)
        sums.append(f"0.0{lhs}{rhs}")
    residuals: Callable[[Sequence[float]], tuple[float, ...]] = _function(
        "residuals", f"({', '.join(sums)}{',' if len(sums) == 1 else ''})"
    )
    return residuals


def _function(name: str, expression: str) -> Callable[[Any], Any]:
    """``def name(v): return expression``, compiled (the plan's generated functions)."""
    namespace: dict[str, Any] = {}
    exec(f"def {name}(v):\n    return {expression}\n", namespace)
    function: Callable[[Any], Any] = namespace[name]
    return function


def named_positions(spec: TableSpec, identity_id: str) -> tuple[int, tuple[int, ...]]:
    """How many instances ``identity_id`` has over ``spec``, and the positions (in the cells
    its instances share, ``Instance.found``) they name, each once, in order (``Plan.named``)."""
    return _plan(spec).named[identity_id]


def _named(steps: list[Step]) -> dict[str, tuple[int, tuple[int, ...]]]:
    """``Plan.named``: each identity's count of steps and the positions they name."""
    by_identity: dict[str, list[Step]] = {}
    for step in steps:
        by_identity.setdefault(step.identity.id, []).append(step)
    return {
        ident: (len(own), tuple(dict.fromkeys(chain.from_iterable(s.at for s in own))))
        for ident, own in by_identity.items()
    }


def _spans(steps: list[Step]) -> tuple[tuple[str, range], ...]:
    """``Plan.spans``: each identity's steps, which ``_plan`` lists one identity after another."""
    spans: list[tuple[str, range]] = []
    start = 0
    for k, step in enumerate(steps):
        if k + 1 == len(steps) or steps[k + 1].identity is not step.identity:
            spans.append((step.identity.id, range(start, k + 1)))
            start = k + 1
    return tuple(spans)


def _getter(keys: list[Any]) -> Callable[[Any], tuple[Any, ...]]:
    """The items at ``keys``, as a tuple even for one (``itemgetter`` gives one bare)."""
    if len(keys) == 1:
        (key,) = keys
        return lambda items: (items[key],)
    return itemgetter(*keys)


def _found(table: Table, plan: Plan) -> list[Cell | None]:
    """The cell at each of ``plan.refs`` (None: not printed)."""
    return _found_all(table, plan)[0]


def _found_all(table: Table, plan: Plan) -> tuple[list[Cell | None], bool]:
    """``_found``, and whether every ref's cell is printed (no None among them: told as the
    rows are read, where a test of the list after compares each cell with None by its
    ``__eq__``). (The rows' getters mapped over their cells and chained, in C, measured
    slower: 3.8 → 4.4 µs on 表三.)"""
    rows = table.rows
    found: list[Cell | None] = [None] * len(plan.refs)
    whole = True
    for row_id, columns, start, end, cells_of in plan.by_row:
        row = rows.get(row_id)
        if row is not None:
            try:
                found[start:end] = cells_of(row.cells)
            except KeyError:  # a column not printed
                found[start:end] = map(row.cells.get, columns)
                whole = False
        else:
            whole = False
    return found, whole


def _all_hold(
    table: Table,
    plan: Plan,
    raw: list[Value],
    counts: bool = False,
    kinds: set[type] | None = None,
) -> bool:
    """Whether every instance holds with every cell printed and a number (``raw``: the cells'
    values): then each holds under both policies, as ``_instances`` would tell. ``counts``:
    every cell the table prints is an int ≥ 0 (its census), so each value is one unless
    its cell is not printed (None). ``kinds``: the values' types, when the caller has them
    (``evaluate`` tells them once for this and ``_outcomes``)."""
    if counts:
        try:
            small = sum(raw) < plan.exact  # type: ignore[arg-type]  # ints ≥ 0: magnitudes
        except TypeError:  # a None: a cell not printed
            return False
        if small:
            return plan.holds(raw)  # type: ignore[arg-type]  # as below
    else:
        if kinds is None:
            kinds = set(map(type, raw))
        if kinds == _INT and sum(map(abs, raw)) < plan.exact:  # type: ignore[arg-type]
            # ints (most tables): each step's sums compared, exactly as its residual would
            # be; an absent row leaves a None, so no step is skipped
            return plan.holds(raw)  # type: ignore[arg-type]
        if not kinds <= _NUMBERS:
            return False
    rows = table.rows
    numbers: list[float] = raw  # type: ignore[assignment]  # told above
    terms = numbers + [-v for v in numbers]  # ``_signed``, without its test for None
    for step in plan.steps:
        identity = step.identity
        if identity.axis != "rows" and step.item not in rows:
            continue
        r: float = sum(step.terms(terms), 0.0)  # type: ignore[type-var,assignment]
        if (r > _EPS) if identity.relation == "le" else (abs(r) > _EPS):
            return False
    return True


@quick_init  # (on a failing table: some 10,000 instructions less than the frozen __init__)
@dataclass(frozen=True, slots=True)
class Outcomes:
    """Every instance of a plan over a table, told by its step's index in ``Plan.steps``:
    its residual and outcome under each policy (``Instance``'s), in lists, without making
    the instance (``instance`` makes it): most are only looked at (a table of blanks leaves
    dozens open, which the rules pool), and a diagnosis asks for the failing ones alone."""

    plan: Plan
    #: the cell at each of the plan's refs (``Instance.found``)
    found: Sequence[Cell | None]
    #: the positions of the cells that are not numbers (``Instance.gaps``)
    gaps: frozenset[int]
    #: the indices of the steps evaluated, in order: every step but those of a row not
    #: printed (``Plan.row_steps``)
    evaluated: Sequence[int]
    residual: Sequence[float | None]
    residual_zero: Sequence[float | None]
    status: Sequence[Outcome]
    status_zero: Sequence[Outcome]
    #: the instances made so far, by step index
    made: dict[int, Instance]
    #: every cell of ``found`` is known to be printed (none is None: ``_found_all``)
    printed: bool = False

    def instance(self, k: int) -> Instance:
        """The instance of step ``k`` (one of ``evaluated``), made once."""
        inst = self.made.get(k)
        if inst is None:
            plan = self.plan
            step = plan.steps[k]
            inst = self.made[k] = new_instance(
                step.identity,
                step.item,
                step.lhs,
                step.rhs,
                self.found,
                plan.index,
                self.residual[k],
                self.residual_zero[k],
                step.refs,
                step.at,
                self.status[k],
                self.status_zero[k],
                self.gaps,
                step.where,
            )
        return inst


#: ``Outcomes(…)`` without the class call (``quick.builder``)
new_outcomes = builder(Outcomes)


def _instances(
    table: Table, plan: Plan, found: list[Cell | None], raw: list[Value]
) -> list[Instance]:
    """Every instance of every identity of ``plan`` over ``table``, in spec order, from the
    cells ``found`` at ``plan.refs`` and their values ``raw`` (``_outcomes``, each made)."""
    outcomes = _outcomes(table, plan, found, raw)
    return [outcomes.instance(k) for k in outcomes.evaluated]


def _outcomes(
    table: Table,
    plan: Plan,
    found: list[Cell | None],
    raw: list[Value],
    kinds: set[type] | None = None,
    printed: bool = False,
) -> Outcomes:
    """The outcomes of every instance of every identity of ``plan`` over ``table``, from the
    cells ``found`` at ``plan.refs`` and their values ``raw``. ``kinds``: the values' types,
    when the caller has them; ``printed``: every cell of ``found`` is known to be printed
    (``_found_all``)."""
    rows = table.rows
    # every cell printed and a number (most tables): each residual has all its terms, and
    # blanks as 0 changes nothing; told by the values' types, in C
    if kinds is None:
        kinds = set(map(type, raw))
    values: list[float | None]
    zeros: list[float | None]
    if kinds <= _NUMBERS:
        values = zeros = raw  # type: ignore[assignment]
        same = True
        gaps: frozenset[int] = frozenset()
        zero_gaps = gaps
    elif printed and kinds <= _NUMBERS_OR_NONE:
        # no text, every cell printed (a table of blanks and numbers): each value None is a
        # blank, 0 with blanks as 0, so that no step has a gap then and the values differ
        # (there is a None); with blanks as 0 they are made only when one is not 0 (a table
        # of blanks and zeros holds as 0: none is added up)
        values = raw  # type: ignore[assignment]
        zeros = [0.0 if v is None else v for v in values] if any(values) else values
        same = False
        gaps = _nones(values)
        zero_gaps = frozenset()
    else:
        # each cell's number (``cell.number``: bool is none), and blanks as 0; the values
        # themselves when each is a number or None (no text: a table of blanks)
        values = (
            raw  # type: ignore[assignment]
            if kinds <= _NUMBERS_OR_NONE
            else [v if type(v) is int or type(v) is float else None for v in raw]
        )
        # blanks as 0: ``is_blankish`` of each cell that is not a number, told from the value
        # read (a table of blanks has a hundred such; with nothing but blanks, each printed
        # cell is 0)
        if kinds == _NONE:
            zeros = [None if cell is None else 0.0 for cell in found]
        elif values is raw:
            # no text (a table of blanks and some numbers): a printed cell without a number
            # is blank, as 0, its value read None
            zeros = [
                v if v is not None or cell is None else 0.0
                for v, cell in zip(values, found, strict=True)
            ]
        else:
            zeros = [
                v
                if v is not None or cell is None
                else (
                    0.0 if r is None or (isinstance(r, str) and r.strip() in PLACEHOLDERS) else None
                )
                for v, r, cell in zip(values, raw, found, strict=True)
            ]
        same = zeros == values
        gaps = _nones(values)
        zero_gaps = gaps if same else _nones(zeros) if None in zeros else frozenset()
    # blanks as 0 fills some gaps and changes no number: a step with no gap has the same terms
    # under both policies, so each step is added up once, from the values with blanks as 0;
    # with no gap at all (a table of blanks, as 0), every step at once
    residual_zero: Sequence[float | None]
    status_zero: Sequence[Outcome]
    if not zero_gaps and not any(zeros):
        # every value 0 (a table of blanks, as 0, and zeros): each residual, added up from
        # 0.0, is 0.0, and each step holds
        residual_zero = [0.0] * len(plan.steps)
        status_zero = ["holds"] * len(plan.steps)
    else:
        if zero_gaps:
            terms = _signed(zeros)
            residual_zero = [_residual(step, terms, zero_gaps) for step in plan.steps]
        else:
            residual_zero = plan.residuals(zeros)  # type: ignore[arg-type]
        status_zero = list(map(_outcome, plan.relations, residual_zero))
    residual: Sequence[float | None] = residual_zero
    status: Sequence[Outcome] = status_zero
    if not same and gaps:
        # a step with a cell that is not a number: blanks as missing, not assessable
        open_ = list(map(gaps.isdisjoint, plan.ats))
        if not all(open_):
            residual = [r if ok else None for r, ok in zip(residual_zero, open_, strict=True)]
            status = [
                o if ok else "not_assessable" for o, ok in zip(status_zero, open_, strict=True)
            ]
    evaluated: Sequence[int] = range(len(plan.steps))
    if not all(map(rows.__contains__, plan.row_items)):
        absent = {
            k for k, item in zip(plan.row_steps, plan.row_items, strict=True) if item not in rows
        }
        evaluated = [k for k in evaluated if k not in absent]
    return new_outcomes(
        plan, found, gaps, evaluated, residual, residual_zero, status, status_zero, {}, printed
    )


#: the types of a number (``Cell.number``: bool is none)
_NUMBERS = frozenset({int, float})
_NUMBERS_OR_NONE = frozenset({int, float, type(None)})
_INT = frozenset({int})
_NONE = frozenset({type(None)})


def _signed(values: list[float | None]) -> list[float | None]:
    """The values followed by their negations, which ``Step.terms`` reads."""
    return values + [None if v is None else -v for v in values]


def _nones(values: list[float | None]) -> frozenset[int]:
    """The positions of the values that are None."""
    return frozenset(compress(range(len(values)), map(is_, values, repeat(None))))


def _residual(step: Step, terms: list[float | None], gaps: frozenset[int]) -> float | None:
    """Σlhs − Σrhs of ``step`` from ``terms`` (``_signed``), added up in order from 0.0 (so
    decimals round as they always did: subtracting a value is adding its negation); None
    when one of its cells has no value, told by its positions in ``gaps`` (the positions of
    the values that are None): looking for None among the terms compared it with each."""
    if gaps and not gaps.isdisjoint(step.at):
        return None
    return sum(step.terms(terms), 0.0)  # type: ignore[type-var]


def _cell(table: Table, ref: Ref) -> Cell | None:
    row = table.rows.get(ref[0])
    return row.cells.get(ref[1]) if row else None


# ---------------------------------------------------------------- culprits and readings


def diagnose(table: Table, spec: TableSpec, outcomes: Outcomes) -> dict[int, tuple[Fix, ...]]:
    """The fixes to show for each failing equality instance (by its step's index): the
    culprit where one cell explains the failures, else the alternative readings. Instances
    blanks made not assessable are diagnosed again with blanks as 0. Only the failing
    instances are made (``Outcomes.instance``): the holding ones give their cells alone."""
    fixes: dict[int, tuple[Fix, ...]] = {}
    if "fails" not in outcomes.status_zero:
        # none fails even with blanks as 0 (a table of blanks): nothing to explain; a step
        # that fails with blanks as missing fails with blanks as 0 (its cells are numbers)
        return fixes
    plan = outcomes.plan
    equalities = [k for k in outcomes.evaluated if plan.relations[k] == "eq"]
    status, status_zero = outcomes.status, outcomes.status_zero
    for policy in ("missing", "zero"):
        if policy == "missing":
            failing = [k for k in equalities if status[k] == "fails"]
        else:
            # blanks as 0 only for instances blanks made not assessable
            failing = [
                k for k in equalities if status_zero[k] == "fails" and status[k] == "not_assessable"
            ]
        if not failing:
            continue  # nothing to explain (most tables): the holding cells are not needed
        told = status if policy == "missing" else status_zero
        # the cells of the holding instances, by position (a ref is a tuple, hashed slower)
        held = set(chain.from_iterable(plan.ats[k] for k in equalities if told[k] == "holds"))
        insts = {k: outcomes.instance(k) for k in failing}
        explained: dict[int, Fix] = {}
        for ref, delta, group in _culprits(failing, insts, held, policy):
            because = _names(plan, group)
            fix = _fix(table, ref, delta=delta, because=because, policy=policy, culprit=True)
            for i in group:
                explained[i] = fix
        for i in failing:
            fixes[i] = (
                (explained[i],)
                if i in explained
                else _readings(table, plan.steps[i].label, insts, i, held, failing, policy)
            )
    return fixes


def _usable(inst: Instance, ref: Ref, policy: Policy) -> bool:
    cell = inst.cell(ref)
    return number(cell) is not None or (policy == "zero" and is_blankish(cell))


def _usable_refs(inst: Instance, policy: Policy) -> list[Ref]:
    """``inst.refs`` that ``_usable`` keeps."""
    return [r for r, _ in _usable_at(inst, policy)]


def _usable_at(inst: Instance, policy: Policy) -> list[tuple[Ref, int]]:
    """``_usable_refs``, each with its position. Blanks as missing, a ref is usable when its
    cell is a number: when its position is not among the gaps (a set test, not a call per
    ref)."""
    pairs = zip(inst.refs, inst.at, strict=True)
    if policy == "missing":
        gaps = inst.gaps
        if not gaps:  # every cell a number (a printed table that fails)
            return list(pairs)
        return [(r, at) for r, at in pairs if at not in gaps]
    return [(r, at) for r, at in pairs if _usable(inst, r, policy)]


def _culprits(
    failing: list[int], insts: Mapping[int, Instance], held: set[int], policy: Policy
) -> list[tuple[Ref, float, frozenset[int]]]:
    """Cells that alone explain a set of failing instances, without breaking a holding one.

    A candidate is a cell in no holding instance together with the failing instances that
    ask it the same correction. It is a culprit when it explains two or more of them (a row
    and a column identity cross at it) and no other candidate explains as many of the same
    instances, or when it is the only cell that could fix its one failing instance and sits
    in no other failing one. ``held``: the positions of the cells of the holding instances.
    """
    cands: list[tuple[Ref, float, frozenset[int]]] = []
    free = {
        r
        for i in failing
        for r, at in zip(insts[i].refs, insts[i].at, strict=True)
        if at not in held
    }
    for ref in sorted(free):
        by_delta: dict[float, list[int]] = {}
        for i in failing:
            if ref in insts[i].refs and _usable(insts[i], ref, policy):
                delta = round(-_residual_of(insts[i], policy) / insts[i].sign(ref), 6)
                by_delta.setdefault(delta, []).append(i)
        cands += [(ref, d, frozenset(g)) for d, g in by_delta.items()]
    out: list[tuple[Ref, float, frozenset[int]]] = []
    for ref, delta, group in cands:
        rivals = [c for c in cands if c[0] != ref and c[2] & group and len(c[2]) >= len(group)]
        if rivals:
            continue
        alone = not any(c[0] != ref and c[2] & group for c in cands) and not any(
            ref in insts[i].refs for i in failing if i not in group
        )
        if len(group) >= 2 or alone:
            out.append((ref, delta, group))
    return out


def _residual_of(inst: Instance, policy: Policy) -> float:
    r = inst.residual if policy == "missing" else inst.residual_zero
    assert r is not None
    return r


def _fix(
    table: Table, ref: Ref, *, delta: float, because: str, policy: Policy, culprit: bool
) -> Fix:
    """The correction ``delta`` to the cell at ``ref``; ``because`` names the equations that
    ask for it (``_names``)."""
    cell = _cell(table, ref)
    value = (number(cell) or 0.0) + delta
    if culprit:
        reason = f"此格位于所有不成立的等式（{because}）的交叉处，改为 {show(value)} 后它们全部成立"
    else:
        reason = f"按「{because}」，此格应为 {show(value)}"
    if policy == "zero":
        reason += "（按空白为 0 计算）"
    loc = cell.location if cell else Location(table=table.id, row=ref[0], col=ref[1])
    return Fix(loc, cell.value if cell else None, as_value(value), reason, culprit)


def _names(plan: Plan, group: Iterable[int]) -> str:
    """The equations of ``group`` (step indices) by their short names, each once."""
    steps = plan.steps
    return "、".join(dict.fromkeys([steps[k].label for k in group]))


def _readings(
    table: Table,
    because: str,
    insts: Mapping[int, Instance],
    i: int,
    held: set[int],
    failing: list[int],
    policy: Policy,
) -> tuple[Fix, ...]:
    """Alternative corrections of one failing instance: the cells that could be wrong (those in
    no holding identity, else those shared with another failing one); when there are many,
    the total and "a detail cell is off by N". ``because``: the instance's short name
    (``Step.label``); ``held``: the positions of the holding instances' cells."""
    inst = insts[i]
    usable_at = _usable_at(inst, policy)
    usable = [r for r, _ in usable_at]
    free = [r for r, at in usable_at if at not in held]
    typo = _typo_culprit(table, because, inst, free, policy)
    if free:
        candidates = free
    else:  # the cells shared with another failing instance, asked only when none is free
        others = {at for j in failing if j != i for at in insts[j].at}
        candidates = [r for r, at in usable_at if at in others]
    total = inst.lhs[0] if len(inst.lhs) == 1 and inst.lhs[0] in usable else None
    chosen = candidates if len(candidates) <= 2 or total is None else [total]
    r = _residual_of(inst, policy)
    fixes = [
        _fix(table, ref, delta=-r / inst.sign(ref), because=because, policy=policy, culprit=False)
        for ref in chosen[:_MAX_READINGS]
    ]
    if total is not None and not any(ref in inst.rhs for ref in chosen[:_MAX_READINGS]):
        # the other reading: the total is right and a detail cell (which one, unknown) is off
        where = (
            Location(table=table.id, col=inst.item)
            if inst.identity.axis == "rows"
            else Location(table=table.id, row=inst.item)
        )
        fixes.append(
            Fix(
                where,
                None,
                None,
                f"或总计无误，而明细共{'少' if r > 0 else '多'}计 {show(abs(r))}（无法确定是哪一格）",
            )
        )
    return (typo, *fixes) if typo else tuple(fixes)


def _typo_culprit(
    table: Table, because: str, inst: Instance, refs: list[Ref], policy: Policy
) -> Fix | None:
    """When the arithmetic cannot single a cell out, the print can: if exactly one cell's
    printed value is its correct value with two digits swapped, or a digit dropped or doubled,
    that cell is the likely culprit (a keying slip), and the fix says why. ``because``: the
    instance's short name (``Step.label``)."""
    r = _residual_of(inst, policy)
    found: list[tuple[Ref, float, str]] = []
    for ref in refs:
        printed = number(_cell(table, ref))
        if printed is None:
            continue
        value = printed - r / inst.sign(ref)
        slip = typo(printed, value)
        if slip:
            found.append((ref, value - printed, slip))
    if len(found) != 1:
        return None
    ref, delta, slip = found[0]
    fix = _fix(table, ref, delta=delta, because=because, policy=policy, culprit=True)
    return Fix(
        fix.location,
        fix.printed,
        fix.value,
        f"{fix.reason}；印刷值与应有值{slip}，像是录入笔误",
        True,
    )


def typo(printed: float, value: float) -> str | None:
    """How ``printed`` differs from ``value`` when it looks like a keying slip, else None."""
    if printed < 0 or value < 0 or printed != int(printed) or value != int(value):
        return None
    p, v = str(int(printed)), str(int(value))
    if p == v:
        return None
    if len(p) == len(v) > 1 and sorted(p) == sorted(v):
        diffs = [k for k in range(len(p)) if p[k] != v[k]]
        if len(diffs) == 2:
            return "只差两位数字顺序颠倒"
    if len(p) + 1 == len(v) and any(v[:k] + v[k + 1 :] == p for k in range(len(v))):
        return "只差少印一位数字"
    if len(p) == len(v) + 1 and any(p[:k] + p[k + 1 :] == v for k in range(len(p))):
        return "只差多印一位数字"
    return None


# ---------------------------------------------------------------- labels


#: each spec's row and column labels by id, by ``id(spec)`` (the spec kept, as in ``_PLANS``):
#: a message names dozens of cells, each a search through the spec's rows and columns
_LABELS: dict[int, tuple[TableSpec, dict[str, str], dict[str, str]]] = {}


def _labels(spec: TableSpec) -> tuple[TableSpec, dict[str, str], dict[str, str]]:
    cached = _LABELS.get(id(spec))
    if cached is None or cached[0] is not spec:
        rows = {r.id: spec.row_label(r.id) for r in spec.rows}
        cols = {c.id: spec.column(c.id).label for c in spec.columns}
        cached = _LABELS[id(spec)] = (spec, rows, cols)
    return cached


def row_label(spec: TableSpec, row_id: str) -> str:
    """The row's official label (``TableSpec.row_label``), or its id when the table has none."""
    return _labels(spec)[1].get(row_id, row_id)


def col_label(spec: TableSpec, col_id: str) -> str:
    """The column's official label, or its id when the table has none such."""
    return _labels(spec)[2].get(col_id, col_id)


def cell_label(spec: TableSpec, ref: Ref) -> str:
    """「row」行「column」列 (``row_label``, ``col_label``: the labels looked up once)."""
    _, rows, cols = _labels(spec)
    row_id, col_id = ref
    return f"「{rows.get(row_id, row_id)}」行「{cols.get(col_id, col_id)}」列"


# ---------------------------------------------------------------- one table, evaluated


@quick_init  # (three a check, each 5,000 instructions less than by the frozen __init__)
@dataclass(frozen=True, slots=True)
class Evaluated:
    table: Table
    spec: TableSpec
    #: the outcome of every instance (None when every instance holds)
    outcomes: Outcomes | None
    #: step index of a failing instance → its fixes (see ``diagnose``)
    fixes: dict[int, tuple[Fix, ...]]
    #: the step indices of the instances that do not hold (blanks as missing), by identity
    #: id: all that each identity's rule reports on
    unsettled: dict[str, list[int]]


#: ``Evaluated(…)`` without the class call (``quick.builder``)
new_evaluated = builder(Evaluated)


def evaluate(table: Table, spec: TableSpec, *, counts: bool = False) -> Evaluated:
    """The identity instances of the table that do not hold and the diagnosis of the failing
    ones. A table whose instances all hold, every cell printed (most tables), is told so from
    the residuals alone, without building its instances: nothing would be reported of them.
    ``counts``: every cell of the table is known to be an int ≥ 0 (``_all_hold``)."""
    plan = _plan(spec)
    found, printed = _found_all(table, plan)
    raw = [None if cell is None else cell.value for cell in found]
    # the values' types told once, for ``_all_hold`` and then ``_outcomes`` (a table that
    # does not hold is told so before its outcomes are)
    kinds = None if counts else set(map(type, raw))
    if _all_hold(table, plan, raw, counts, kinds):
        return new_evaluated(table, spec, None, {}, {})
    outcomes = _outcomes(table, plan, found, raw, kinds, printed)
    unsettled: dict[str, list[int]] = {}
    status = outcomes.status
    whole = len(outcomes.evaluated) == len(plan.steps)  # (else a row is not printed)
    kept = set() if whole else set(outcomes.evaluated)
    for identity_id, span in plan.spans:  # each identity's steps in one comprehension
        open_ = [k for k in span if status[k] != "holds" and (whole or k in kept)]
        if open_:
            unsettled.setdefault(identity_id, []).extend(open_)
    return new_evaluated(table, spec, outcomes, diagnose(table, spec, outcomes), unsettled)
