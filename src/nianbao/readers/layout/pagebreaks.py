"""Tables continued over a page break: one grid, the header rows repeated on the new page dropped."""

from __future__ import annotations

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
    norm = [[nfkc(t).strip() for t in r] for r in head]
    k = 0
    while k < min(len(head), len(rows)) - 1 and [nfkc(t).strip() for t in rows[k]] == norm[k]:
        if not any(norm[k]) or all(is_value(t) for t in norm[k] if t):
            break
        k += 1
    return k


def _join_ruled(a: Ruled, b: Ruled) -> Ruled:
    k = repeated(_ruled_rows(a), _ruled_rows(b))
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


def _ruled_rows(t: Ruled) -> list[list[str]]:
    return [[t.cells[slot[0]].text if slot else "" for slot in row] for row in t.layout()]
