"""Helpers shared by the table families: count-cell checks, extraction problems, cell lists."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence

from ..formats.spec import TableSpec
from ..identities import cell_label, show
from ..model import Cell, Evidence, Finding, Problem, Report
from ..rule import Context

#: each spec's column kinds by column id, by ``id(spec)`` (the spec kept, see ``_kinds``)
_KINDS: dict[int, tuple[TableSpec, dict[str, str]]] = {}


def _kinds(spec: TableSpec) -> dict[str, str]:
    cached = _KINDS.get(id(spec))
    if cached is None or cached[0] is not spec:
        cached = _KINDS[id(spec)] = (spec, {c.id: spec.column_kind(c.id) for c in spec.columns})
    return cached[1]


def count_kind(spec: TableSpec, col_id: str) -> str:
    """The column's kind: "count" (integer ≥ 0), "money" (≥ 0, decimals) or "signed";
    "count" for a column the table does not have."""
    return _kinds(spec).get(col_id, "count")


def bad_counts(odd: Iterable[tuple[str, Cell]], spec: TableSpec) -> list[Cell]:
    """Cells that break their column's kind: counts must be integers ≥ 0, money ≥ 0.
    ``odd``: the table's decimals and negative numbers with their column ids, in print order
    (``Context.analysis.census(table_id).odd``); no other cell can break a kind."""
    kinds = _kinds(spec)
    out: list[Cell] = []
    for col_id, cell in odd:
        v = cell.value
        kind = kinds.get(col_id, "count")
        if kind == "count" or (kind == "money" and v < 0):  # type: ignore[operator]
            out.append(cell)
    return out


def listing(names: Sequence[str], *, limit: int, more: str = " 等 {n} 格", sep: str = "、") -> str:
    """The first ``limit`` names (``Settings.listed_items``) and, when there are more, ``more``
    with the count: one way every message cuts a list."""
    text = sep.join(names[:limit])
    return text + (more.format(n=len(names)) if len(names) > limit else "")


def cells_text(spec: TableSpec, cells: Iterable[Cell], *, limit: int) -> str:
    """「行」行「列」列为 raw；… for a message (the first ``limit`` cells)."""
    names = [
        f"{cell_label(spec, (c.location.row or '', c.location.col or ''))}为 {c.raw.strip() or show(c.value)}"
        for c in cells
    ]
    return listing(names, limit=limit, sep="；")


def problems_of(report: Report, table_id: str, codes: Iterable[str]) -> list[Problem]:
    wanted = set(codes)
    return [p for p in report.problems if p.code in wanted and p.location.table == table_id]


def fail_cells(ctx: Context, spec: TableSpec, bad: list[Cell]) -> Iterator[Finding]:
    """One finding naming every bad cell of a table (the rule's message uses count, cells_text)."""
    if bad:
        yield ctx.fail(
            location=bad[0].location,
            evidence=[Evidence.of(c) for c in bad],
            cells=[c.location for c in bad],
            count=len(bad),
            cells_text=cells_text(spec, bad, limit=ctx.settings.listed_items),
        )
