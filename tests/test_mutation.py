"""Mutation test: change one cell of a real table; the checker must notice and name the cell.

For every table of the five seeds and the 淮安 report (gold tables as Reports), one numeric
cell is changed at a time (±1…±100, two digits swapped, a digit dropped, the neighbouring
column's value) with a seeded RNG. A mutation is *detectable* when an equality identity of the
format (read from formats.national, evaluated here independently of the checker) held before
and fails after. It is *locatable* when the identities single the cell out: the mutated cell is
the only cell that sits in every identity it broke and in no identity that still holds (a row
and a column identity cross at it). Table 四 has one identity per row and no column identity,
so a changed cell there is detectable but never locatable: the checker lists both readings
(the 总计 is wrong, or a detail cell is).

The checker must flag ≥ 99 % of detectable mutations (a failing finding that marks the cell),
name the mutated cell as the culprit in ≥ 95 % of the locatable ones, and offer at least two
readings for the others. Run with ``-s`` to see the figures per report.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

from checkkit import from_gold
from nianbao.formats import FORMATS
from nianbao.model import Report, Table
from nianbao.runner import check

GOLD = (
    "000_898f5e2484ea1ed0.json",
    "001_b5fe446b3f679b76.json",
    "002_ca1fd1482ab00037.json",
    "003_f25b27e041e62a7d.json",
    "004_81a26273262094ca.json",
    "huaian-2024.json",
)
PER_TABLE = 40
SEED = 20240531
KINDS = ("delta", "swap", "drop", "shift")


@dataclass
class Tally:
    mutations: int = 0
    detectable: int = 0
    flagged: int = 0
    locatable: int = 0
    culprit: int = 0
    culprit_any: int = 0
    wrong: int = 0
    readings: int = 0

    def add(self, other: Tally) -> None:
        for k in self.__dataclass_fields__:
            setattr(self, k, getattr(self, k) + getattr(other, k))


Instance = tuple[str, str]
Ref = tuple[str, str]


def _instances(table: Table, fmt: str) -> dict[Instance, tuple[list[Ref], bool]]:
    """Every assessable equality instance: its cells and whether it holds."""
    spec = FORMATS[fmt].tables[table.id]
    out: dict[Instance, tuple[list[Ref], bool]] = {}
    for ident in spec.identities:
        if ident.relation != "eq":
            continue
        for item in ident.across:
            if ident.axis == "rows":
                lhs, rhs = [(r, item) for r in ident.lhs], [(r, item) for r in ident.rhs]
            else:
                lhs, rhs = [(item, c) for c in ident.lhs], [(item, c) for c in ident.rhs]
            vals = []
            for row, col in lhs + rhs:
                cell = table.rows[row].cells.get(col) if row in table.rows else None
                if cell is None or not cell.is_number:
                    break
                vals.append(float(cell.value))  # type: ignore[arg-type]
            else:
                holds = abs(sum(vals[: len(lhs)]) - sum(vals[len(lhs) :])) < 1e-6
                out[(ident.id, item)] = (lhs + rhs, holds)
    return out


def _holding(table: Table, fmt: str) -> set[Instance]:
    return {k for k, (_, holds) in _instances(table, fmt).items() if holds}


def _locatable(table: Table, fmt: str, broken: set[Instance], ref: Ref) -> bool:
    insts = _instances(table, fmt)
    held = {r for k, (refs, holds) in insts.items() if holds for r in refs}
    common = set.intersection(*(set(insts[k][0]) for k in broken))
    return common - held == {ref}


def _mutate(rng: random.Random, table: Table, row: str, col: str) -> int | float | None:
    value = table.rows[row].cells[col].value
    assert isinstance(value, int | float)
    kind = rng.choice(KINDS)
    digits = str(value)
    if kind == "swap" and len(digits) >= 2 and digits.isdigit():
        i = rng.randrange(len(digits) - 1)
        swapped = digits[:i] + digits[i + 1] + digits[i] + digits[i + 2 :]
        return int(swapped)
    if kind == "drop" and len(digits) >= 2 and digits.isdigit():
        i = rng.randrange(len(digits))
        return int(digits[:i] + digits[i + 1 :])
    if kind == "shift":
        cols = list(table.rows[row].cells)
        j = cols.index(col)
        neighbours = [cols[k] for k in (j - 1, j + 1) if 0 <= k < len(cols)]
        other = table.rows[row].cells[rng.choice(neighbours)].value if neighbours else None
        if isinstance(other, int | float):
            return other
    delta = rng.randint(1, 100) * rng.choice((-1, 1))
    return value + delta


def _run(report: Report, rng: random.Random, tallies: dict[str, Tally]) -> None:
    for table_id, table in report.tables.items():
        tally = tallies.setdefault(table_id, Tally())
        fmt = table.format or report.meta.format or "2021"
        numeric = [(r, c) for r, c, cell in table.cells() if cell.is_number]
        if not numeric:
            continue
        before = _holding(table, fmt)
        for _ in range(PER_TABLE):
            row, col = rng.choice(numeric)
            new = _mutate(rng, table, row, col)
            if new == table.rows[row].cells[col].value:
                continue
            mutated = report.with_value(table_id, row, col, new)
            tally.mutations += 1
            broken = before - _holding(mutated.tables[table_id], fmt)
            if not broken:
                continue
            tally.detectable += 1
            locatable = _locatable(mutated.tables[table_id], fmt, broken, (row, col))
            findings = check(mutated, select=["arithmetic"])
            marked = any(
                f.status == "fail"
                and any(c.row == row and c.col == col and c.table == table_id for c in f.cells)
                for f in findings
            )
            named = any(
                x.culprit
                and (x.location.table, x.location.row, x.location.col) == (table_id, row, col)
                for f in findings
                for x in f.fix
            )
            tally.flagged += marked
            tally.culprit_any += named
            tally.wrong += any(
                x.culprit
                and (x.location.table, x.location.row, x.location.col) != (table_id, row, col)
                for f in findings
                for x in f.fix
            )
            if locatable:
                tally.locatable += 1
                tally.culprit += named
            else:
                tally.readings += any(
                    f.status == "fail"
                    and len(f.fix) >= 2
                    and any(c.row == row and c.col == col for c in f.cells)
                    for f in findings
                )


def test_mutations_are_flagged_and_the_cell_named() -> None:
    rng = random.Random(SEED)
    by_table: dict[str, Tally] = {}
    for name in GOLD:
        _run(from_gold(name), rng, by_table)
    total = Tally()
    for table_id, tally in by_table.items():
        print(
            f"{table_id}: {tally.mutations} mutations, {tally.detectable} detectable, {tally.flagged} flagged, "
            f"{tally.locatable} locatable, culprit named in {tally.culprit_any}"
        )
        total.add(tally)
    flagged = total.flagged / total.detectable
    culprit = total.culprit / total.locatable
    print(
        f"mutation test: {total.mutations} mutations, {total.detectable} detectable by the identities, "
        f"flagged {flagged:.1%}; {total.locatable} locatable, culprit named {culprit:.1%}; "
        f"culprit named over all detectable {total.culprit_any / total.detectable:.1%} "
        f"(the rest get two or more readings: {total.readings}/{total.detectable - total.locatable}); "
        f"another cell named as culprit: {total.wrong}"
    )
    assert total.detectable >= 300 and total.locatable >= 120
    assert total.wrong == 0
    assert flagged >= 0.99
    assert culprit >= 0.95
    assert total.readings == total.detectable - total.locatable
