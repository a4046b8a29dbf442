"""Where each number of a table printed one number per line goes, when the identities decide it.

``pdftotext`` in reading order prints a table's numbers apart from their labels, in an order
that depends on how the PDF was made: row by row (each row left to right) or column by
column. Each arrangement of the known grid (表三 rows × 7 columns, 表四 3 groups × 5) is
tried; a reading is used only when every arrangement that satisfies every identity gives
every cell the same value. A blank cell prints nothing, so a count that does not fill the
grid decides nothing.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from ..formats.spec import Identity

#: runs of numbers printed together (no blank or other line between them)
Segments = Sequence[Sequence[float]]


@dataclass(frozen=True, slots=True)
class Grid:
    """The shape of a table's numbers and the identities that hold between them."""

    rows: tuple[str, ...]
    cols: tuple[str, ...]
    identities: tuple[Identity, ...]


@dataclass(frozen=True, slots=True)
class Outcome:
    """The stream positions → grid cell (row-major index) of the reading, or why there is none."""

    order: tuple[int, ...] | None
    how: str  # "rows", "columns" when placed; else the reason code
    candidates: int = 0


def arrange(grid: Grid, segments: Segments) -> Outcome:
    """The one value-reading of the numbers that every identity confirms, else why not:
    whole-table row order and column order."""
    flat = [v for s in segments for v in s]
    size = len(grid.rows) * len(grid.cols)
    if len(flat) != size:
        return Outcome(None, "count")
    found: dict[tuple[float, ...], tuple[tuple[int, ...], str]] = {}
    for how, order in (("rows", _row_major(grid)), ("columns", _column_major(grid))):
        values = _values(flat, order, size)
        if _complete_ok(grid, values):
            found.setdefault(tuple(values), (order, how))
    if not found:
        return Outcome(None, "none")
    if len(found) > 1:
        return Outcome(None, "several", len(found))
    order, how = next(iter(found.values()))
    return Outcome(order, how, 1)


def _row_major(grid: Grid) -> tuple[int, ...]:
    return tuple(range(len(grid.rows) * len(grid.cols)))


def _column_major(grid: Grid) -> tuple[int, ...]:
    n_rows, n_cols = len(grid.rows), len(grid.cols)
    return tuple(r * n_cols + c for c in range(n_cols) for r in range(n_rows))


def _values(flat: list[float], order: Sequence[int], size: int) -> list[float]:
    out = [0.0] * size
    for value, at in zip(flat, order, strict=True):
        out[at] = value
    return out


def _complete_ok(grid: Grid, values: list[float]) -> bool:
    full: list[float | None] = list(values)
    checks = _Checks(grid)
    return all(checks.row(full, r) for r in range(len(grid.rows))) and all(
        checks.col(full, c) for c in range(len(grid.cols))
    )


class _Checks:
    """The identities as checks on one completed row or column of a grid being filled."""

    def __init__(self, grid: Grid) -> None:
        self.n_cols = len(grid.cols)
        col = {c: j for j, c in enumerate(grid.cols)}
        row = {r: i for i, r in enumerate(grid.rows)}
        # per row: (total column, term columns); per column: (lhs rows, rhs rows)
        self.by_row: dict[int, list[tuple[list[int], list[int]]]] = {}
        self.by_col: dict[int, list[tuple[list[int], list[int]]]] = {}
        for ident in grid.identities:
            if ident.axis == "columns":
                pair = ([col[c] for c in ident.lhs], [col[c] for c in ident.rhs])
                for r in ident.across:
                    if r in row:
                        self.by_row.setdefault(row[r], []).append(pair)
            elif ident.relation == "eq" and all(r in row for r in (*ident.lhs, *ident.rhs)):
                pair = ([row[r] for r in ident.lhs], [row[r] for r in ident.rhs])
                for c in ident.across:
                    if c in col:
                        self.by_col.setdefault(col[c], []).append(pair)

    def row(self, values: list[float | None], r: int) -> bool:
        base = r * self.n_cols
        return all(
            _equal([values[base + j] for j in lhs], [values[base + j] for j in rhs])
            for lhs, rhs in self.by_row.get(r, ())
        )

    def col(self, values: list[float | None], c: int) -> bool:
        n = self.n_cols
        return all(
            _equal([values[i * n + c] for i in lhs], [values[i * n + c] for i in rhs])
            for lhs, rhs in self.by_col.get(c, ())
        )


def _equal(lhs: list[float | None], rhs: list[float | None]) -> bool:
    if any(v is None for v in (*lhs, *rhs)):
        return False
    return abs(sum(v or 0.0 for v in lhs) - sum(v or 0.0 for v in rhs)) < 1e-6
