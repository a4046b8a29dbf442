"""Tables continued over a page break: one grid, the header rows repeated on the new page dropped."""

from __future__ import annotations

from collections.abc import Callable

from ...settings import LayoutSettings
from ...textnorm import nfkc
from ..gridlines import bbox
from .items import Cell, Item, Ruled
from .lines import Page, is_value


def continue_table(
    last: Item, first: Item, prev: Page, page: Page, settings: LayoutSettings
) -> Item | None:
    """``last`` (foot of the previous page) and ``first`` (head of this one) as one table."""
    if last.bottom < settings.foot_share * prev.height:
        return None
    if first.top > settings.head_share * page.height:
        return None
    if isinstance(last, Ruled) and isinstance(first, Ruled):
        a, b = bbox(c.box for c in last.cells), bbox(c.box for c in first.cells)
        tol = max(last.tolerance, first.tolerance) * settings.edge_tolerances
        if abs(a[0] - b[0]) > tol or abs(a[2] - b[2]) > tol:
            return None
        return _join_ruled(last, first)
    return None


def repeated(head: list[list[str]], rows: list[list[str]]) -> int:
    """How many leading ``rows`` repeat the leading rows of ``head`` (a repeated table header)."""
    return _repeats(min(len(head), len(rows)), head.__getitem__, rows.__getitem__)


def _repeats(n: int, head: Callable[[int], list[str]], rows: Callable[[int], list[str]]) -> int:
    """``repeated`` over ``n`` rows each side given by index; only the rows compared are
    built and normalised."""
    k = 0
    while k < n - 1:
        norm = [nfkc(t).strip() for t in head(k)]
        if [nfkc(t).strip() for t in rows(k)] != norm:
            break
        if not any(norm) or all(is_value(t) for t in norm if t):
            break
        k += 1
    return k


def _join_ruled(a: Ruled, b: Ruled) -> Ruled:
    k = _repeats(min(len(a.layout()), len(b.layout())), _row_texts(a), _row_texts(b))
    cells_b = b.cells
    if k:
        _, _, sp = b.spans()
        cells_b = [c for c, s in zip(b.cells, sp, strict=True) if s.row0 >= k]
    if not cells_b:
        return a
    shift = a.end - min(c.box[1] for c in cells_b)
    moved = [
        Cell(
            (c.box[0], c.box[1] + shift, c.box[2], c.box[3] + shift),
            c.text,
            c.confidence,
            c.page,
            c.line,
            c.y,
            c.page_box,
        )
        for c in cells_b
    ]
    return Ruled(a.cells + moved, a.top, b.bottom, a.tolerance)


def _row_texts(t: Ruled) -> Callable[[int], list[str]]:
    """Grid row → its cells' texts, built when asked for (a repeated header is a row or two)."""
    cells, grid = t.cells, t.layout()
    return lambda k: [cells[slot[0]].text if slot else "" for slot in grid[k]]
