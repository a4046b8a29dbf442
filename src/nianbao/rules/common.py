"""Helpers shared by the rule families: count-cell checks, extraction problems, cell lists,
words looked for in text."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from typing import TypeVar

from ..formats.spec import TableSpec
from ..identities import cell_label, show
from ..model import Cell, Finding, Problem, Report
from ..model.finding import CitedCells, CitedEvidence
from ..model.report import cell_place
from ..rule import Context

T = TypeVar("T")

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


def listing(
    names: Sequence[str],
    *,
    limit: int,
    more: str = " 等 {n} 格",
    sep: str = "、",
    count: int | None = None,
) -> str:
    """The first ``limit`` names (``Settings.listed_items``) and, when there are more, ``more``
    with the count: one way every message cuts a list. ``count``: how many there are in all,
    for a caller that named only the first ``limit`` (a table may have 150 blank cells)."""
    total = len(names) if count is None else count
    text = sep.join(names[:limit])
    return text + (more.format(n=total) if total > limit else "")


def named(items: Sequence[T], limit: int) -> Sequence[T]:
    """The items ``listing(…, limit=limit)`` names (a negative limit, which a config file may
    set, cuts from the end of the whole list, so then all are named)."""
    return items if limit < 0 else items[:limit]


def cells_text(
    spec: TableSpec, cells: Sequence[Cell], *, limit: int, labels: Sequence[str] | None = None
) -> str:
    """「行」行「列」列为 raw；… for a message (the first ``limit`` cells, the only ones named).
    ``labels``: those cells' labels (``cell_labels``), when the caller has them."""
    shown = named(cells, limit)
    if labels is None:
        labels = cell_labels(spec, shown)
    names = [
        f"{label}为 {c.raw.strip() or show(c.value)}"
        for c, label in zip(shown, labels, strict=True)
    ]
    return listing(names, limit=limit, sep="；", count=len(cells))


def cell_labels(spec: TableSpec, cells: Sequence[Cell]) -> list[str]:
    """Each cell's 「行」行「列」列 (``identities.cell_label``), from where it sits
    (``cell_place``), its Location left unbuilt."""
    return [cell_label(spec, (row or "", col or "")) for row, col in map(cell_place, cells)]


def problems_of(report: Report, table_id: str, codes: Iterable[str]) -> list[Problem]:
    """The report's extraction problems of one table with one of ``codes``."""
    if not report.problems:
        return []  # (most reports: no set, no comprehension)
    wanted = set(codes)
    return [p for p in report.problems if p.code in wanted and p.location.table == table_id]


def fail_cells(ctx: Context, spec: TableSpec, bad: list[Cell]) -> tuple[Finding, ...]:
    """One finding naming every bad cell of a table (the rule's message uses count,
    cells_text), none without one. (A tuple, not a generator: most tables have no bad
    cell, and a generator's making and running cost more than this test.)"""
    if not bad:
        return ()
    finding = ctx.fail(
        location=bad[0].location,
        evidence=CitedEvidence(bad),
        cells=CitedCells(bad),
        count=len(bad),
        cells_text=cells_text(spec, bad, limit=ctx.settings.listed_items),
    )
    return (finding,)


def literal(words: str) -> tuple[str, ...]:
    """The words of ``words``, a bare alternation of literal words (``a|b|c``): a text holds
    one of them (``mentions``) exactly when the alternation's regex finds a match, which
    ``str.__contains__`` tells several times sooner than the regex engine's scan."""
    out = tuple(words.split("|"))
    if any(not w or re.escape(w) != w for w in out):
        raise ValueError(f"not a bare alternation of literal words: {words!r}")
    return out


def mentions(words: Sequence[str], text: str) -> bool:
    """Whether ``text`` holds one of ``words``."""
    for w in words:  # a loop, not any(): no generator for each test
        if w in text:
            return True
    return False
