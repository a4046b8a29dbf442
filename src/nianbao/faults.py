"""One fault, one finding: arithmetic findings that one printed mistake explains are merged.

A wrong cell breaks every identity it sits in: a wrong （七）总计 breaks T3-02 (the sum of the
results) and T3-03 (the 勾稽关系), and makes T3-04's derived carry-over negative; a wrong total
column repeats the fault of the person column it sums. The rules report each identity; this
module groups the error findings of the table families that share a cell they locate or fix
(or that repeat the same differences in another column of the same row while the row totals
hold) into one finding that lists the identities it explains as evidence. Within a group no
cell gets two different values: when the identities disagree on a cell, its fixes become
readings side by side (value None, each with its reason) — the data cannot decide.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from itertools import compress
from typing import Any, TypeVar

from .formats import FORMATS
from .model import Evidence, Finding, Fix, Location, Problem, Severity
from .model.finding import CitedCells, CitedEvidence, cited, new_finding
from .model.location import distinct_cells

#: the families whose findings are arithmetic over one table's cells
_FAMILIES = ("T2-", "T3-", "T4-")
Key = tuple[str | None, str | None, str | None]
T = TypeVar("T")


def _key(loc: Location) -> Key:
    return (loc.table, loc.row, loc.col)


def _mergeable(f: Finding) -> bool:
    return (
        f.status == "fail"
        and str(f.severity) == "error"
        and f.rule.startswith(_FAMILIES)
        and f.location.table is not None
        and f.location.row is not None
        and f.location.col is not None
    )


def _signature(f: Finding) -> tuple[str, str, Any]:
    return (f.rule, str(f.location.row), f.values.get("diff", f.values.get("computed")))


#: extraction problems that say how a value was read, not that one may be misread or missing
_BENIGN = frozenset(
    {"continuation_joined", "duplicate_row", "blank_row", "missing_row", "missing_table"}
)


def misread(problems: Sequence[Problem], table_id: str) -> list[Problem]:
    """The problems of one table that mean some printed values may not have been read, or sit
    in the wrong cells: a row placed by position, cut short or over-long, a row no official
    label matched, a wrong count of values."""
    return [p for p in problems if p.location.table == table_id and p.code not in _BENIGN]


def spare_misread(findings: Sequence[Finding], problems: Sequence[Problem]) -> list[Finding]:
    """Arithmetic errors over cells that were not read well are 无法判断, not the agency's
    faults: the rows with a reading problem, or the whole table when the problem is not one
    row's (its numbers may belong to any identity)."""
    if not problems:
        return list(findings)  # (most reports: no comprehension over no problems)
    rows: dict[str, set[str | None]] = {}
    why: dict[str, list[str]] = {}
    for table_id in {p.location.table for p in problems if p.location.table}:
        assert table_id is not None
        for p in misread(problems, table_id):
            whole = p.code == "unrecognised_row" or p.location.row is None
            rows.setdefault(table_id, set()).add(None if whole else p.location.row)
            why.setdefault(table_id, []).append(p.message)
    if not rows:
        return list(findings)
    out: list[Finding] = []
    for f in findings:
        table = f.location.table
        if not _mergeable(f) or table not in rows:
            out.append(f)
            continue
        touched = {c.row for c in f.cells if c.table == table}
        if None not in rows[table] and not touched & rows[table]:
            out.append(f)
            continue
        reason = "；".join(dict.fromkeys(why[table][:2]))
        out.append(
            replace(
                f,
                severity=Severity.INFO,
                status="not_assessable",
                message=f"{f.message}（无法判断：该表有读取问题，{reason}，可能是没有读准而不是印错）",
                values={**f.values, "reason": reason},
            )
        )
    return out


def merge_faults(findings: Sequence[Finding]) -> list[Finding]:
    """The findings with each group of arithmetic errors one fault explains merged into one."""
    # (the family first, in line: most findings are of no arithmetic family, told without a
    # call each)
    items = [i for i, f in enumerate(findings) if f.rule.startswith(_FAMILIES) and _mergeable(f)]
    if len(items) < 2:
        return list(findings)  # a group needs two findings (most reports have none)
    parent = {i: i for i in items}

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    def union(a: int, b: int) -> None:
        parent[find(a)] = find(b)

    by_cell: dict[Key, int] = {}
    for i in items:
        f = findings[i]
        keys = {_key(f.location)} | {
            _key(x.location) for x in f.fix if x.value is not None and x.location.row
        }
        for k in keys:
            if k in by_cell:
                union(i, by_cell[k])
            else:
                by_cell[k] = i
    _join_columns(findings, items, find, union)

    groups: dict[int, list[int]] = {}
    for i in items:
        groups.setdefault(find(i), []).append(i)
    merged: dict[int, Finding] = {}
    dropped: set[int] = set()
    for members in groups.values():
        if len(members) < 2:
            continue
        members.sort()
        primary = _primary(findings, members)
        merged[primary] = _merge(findings[primary], [findings[i] for i in members if i != primary])
        dropped.update(i for i in members if i != primary)
    return [merged.get(i, f) for i, f in enumerate(findings) if i not in dropped]


def _join_columns(findings: Sequence[Finding], items: list[int], find: Any, union: Any) -> None:
    """Groups in one row of one table whose rules and differences are the same column by column
    (the 总计 column repeating the 自然人 column's fault) are one fault, unless a row-total
    finding on that row says the columns disagree."""
    rows_broken = {
        (findings[i].location.table, findings[i].location.row)
        for i in items
        if findings[i].location.col == "total" and findings[i].rule in ("T3-01",)
    }
    sigs: dict[int, set[tuple[str, str, Any]]] = {}
    where: dict[int, tuple[str | None, str | None]] = {}
    for i in items:
        root = find(i)
        sigs.setdefault(root, set()).add(_signature(findings[i]))
        where[root] = (findings[i].location.table, findings[i].location.row)
    roots = list(sigs)
    for a_i, a in enumerate(roots):
        for b in roots[a_i + 1 :]:
            if where[a] == where[b] and sigs[a] == sigs[b] and where[a] not in rows_broken:
                union(a, b)


def _primary(findings: Sequence[Finding], members: list[int]) -> int:
    """The finding that speaks for the group: the first rule, on the total column if any."""
    return min(members, key=lambda i: (findings[i].location.col != "total", i))


def _strip_hint(f: Finding) -> str:
    hint = f.values.get("hint")
    return f.message.replace(hint, "") if isinstance(hint, str) and hint else f.message


def _merge(primary: Finding, others: list[Finding]) -> Finding:
    group = [primary, *others]
    col = primary.location.col
    own = [primary, *(f for f in others if f.location.col == col)]
    signatures = {_signature(f) for f in own}
    # the same identities failing the same way in another column: that column repeats the fault
    # (a finding in another column is none of ``own``, nor equal to one: its location differs;
    # and one equal to a repeat is a repeat, its signature being the same)
    repeated = [f.location.col != col and _signature(f) in signatures for f in others]
    repeats = list(compress(others, repeated))
    told = [primary, *(f for f, r in zip(others, repeated, strict=True) if not r)]
    fixes = _fixes(group)
    message = "；".join(dict.fromkeys(_strip_hint(f) for f in told))
    shown = {_key(f.location)[2] for f in told} | {_key(x.location)[2] for f in told for x in f.fix}
    readings = list(
        dict.fromkeys(_reading(x) for x in fixes if x.reason and x.location.col in shown)
    )
    if readings:
        message += "。可能是：" + "；或".join(r.removeprefix("或") for r in readings)
    columns = sorted({str(f.values.get("where") or f.location.col) for f in repeats})
    if columns:
        message += f"（{'、'.join(f'「{c}」' for c in columns)}列同样）"
    evidence: tuple[Evidence, ...] | CitedEvidence
    cells: tuple[Location, ...] | CitedCells
    made = [cited(f) for f in group]
    if all(made):
        # every finding's evidence and cells still the cells they cite (the identity rules'):
        # the merged finding cites them all, each cell once, its evidence and Locations made
        # when first read, as ``_evidence_once`` and ``_locations_once`` would make them
        # (a cell is one Location object, its evidence one raw text there)
        cites = [pair for pair in made if pair is not None]
        located_once = _objects_once([c for _, located in cites for c in located.cells])
        cells = CitedCells(located_once, unique=True)
        if all(quoted.cells is located.cells for quoted, located in cites) and all(
            c.raw.strip() for quoted, _ in cites if not quoted.printed for c in quoted.cells
        ):
            # each finding's evidence is its cells, or those of them printed, and a blank
            # cell is evidence of none: the group's evidence is its cells printed, each once
            # (a cell printed is first cited where it is first named)
            evidence = CitedEvidence(located_once, unique=True, printed=True)
        else:
            evidence = CitedEvidence(
                _objects_once([c for quoted, _ in cites for c in quoted.cells]), unique=True
            )
    else:
        evidence = tuple(_evidence_once([e for f in group for e in f.evidence]))
        cells = tuple(_locations_once([c for f in group for c in f.cells]))
    explains = [{"rule": f.rule, "message": f.message, "location": f.location} for f in group]
    # ``replace(primary, …)`` by position, without the frozen ``__init__``
    return new_finding(
        primary.rule,
        primary.severity,
        message,
        primary.location,
        evidence,
        tuple(fixes),
        primary.status,
        {**primary.values, "explains": explains},
        cells,
        primary.basis,
    )


def _locations_once(locations: list[Location]) -> list[Location]:
    """``list(dict.fromkeys(locations))`` without hashing each Location (the generated
    ``__hash__`` hashes eleven fields, and a merged group names some sixty cells): the same
    object is one Location, and objects that name distinct cells (table, row, column) are
    distinct Locations; only when two objects name one cell are they compared whole."""
    once = list({id(x): x for x in locations}.values())
    if distinct_cells(once):
        return once
    return list(dict.fromkeys(once))


def _objects_once(items: list[T]) -> list[T]:
    """``items`` without the repeats of an object (by identity), in order."""
    return list({id(x): x for x in items}.values())


def _evidence_once(evidence: list[Evidence]) -> list[Evidence]:
    """``list(dict.fromkeys(evidence))``, told as ``_locations_once`` tells Locations: the same
    text at the same Location object is the same evidence, and texts at Locations naming
    distinct cells are distinct evidence."""
    # (an evidence whose text and Location object repeat an earlier one's equals it: the
    # later one is kept in the earlier one's place, the same value)
    once = list(
        dict(zip([(e.raw, id(e.location)) for e in evidence], evidence, strict=True)).values()
    )
    if distinct_cells(list({id(e.location): e.location for e in once}.values())):
        return once
    return list(dict.fromkeys(once))


def _reading(x: Fix) -> str:
    """A fix's reason naming its cell (the merged message speaks of several cells)."""
    loc = x.location
    if loc.table is None or loc.row is None or loc.col is None or "此格" not in x.reason:
        return x.reason
    try:
        table = FORMATS["2021"].tables[loc.table]
        name = f"「{table.row(loc.row).label}」行「{table.column(loc.col).label}」列"
    except KeyError:
        return x.reason
    return x.reason.replace("此格", name)


def _fixes(group: list[Finding]) -> list[Fix]:
    """Every fix of the group once; a cell the identities give different values becomes
    readings without a value (the data cannot decide which identity the cell should meet)."""
    values: dict[Key, set[Any]] = {}
    for f in group:
        for x in f.fix:
            if x.value is not None:
                values.setdefault(_key(x.location), set()).add(x.value)
    out: dict[tuple[Key, Any, str], Fix] = {}
    for f in group:
        for x in f.fix:
            k = _key(x.location)
            if x.value is not None and len(values.get(k, ())) > 1:
                x = Fix(x.location, x.printed, None, x.reason, False)  # ``replace``, spelled out
            out.setdefault((k, x.value, x.reason), x)
    return list(out.values())
