"""Ruling lines → table cells → one full grid with spans (shared by the PDF and the OCR reader).

The chain is pdfplumber's, rewritten on tuples: ruling segments are snapped and joined
(``merge_edges``), their crossings found (``edges_to_intersections``), the smallest
rectangles between crossings become cells (``intersections_to_cells``) and touching cells
form tables (``cells_to_tables``). ``spans`` then lays a table's cells on the grid of all its
column and row boundaries, so a cell spanning several columns or rows is one origin plus
covered positions.
"""

from __future__ import annotations

import bisect
import itertools
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

from ..model.quick import quick_init

#: (x0, top, x1, bottom), y growing downwards, in the caller's unit (PDF points or pixels)
Box = tuple[float, float, float, float]


@quick_init
@dataclass(frozen=True, slots=True)
class Span:
    """Where one cell sits on the grid: rows ``row0 ≤ r < row1``, columns ``col0 ≤ c < col1``."""

    row0: int
    row1: int
    col0: int
    col1: int


def tables_from_rulings(
    horizontal: Iterable[Box], vertical: Iterable[Box], tolerance: float, min_length: float
) -> list[list[Box]]:
    """Tables (each a list of cell boxes, top to bottom) drawn by ruling segments.

    ``tolerance`` snaps segments that are meant to be one line and joins collinear pieces;
    segments shorter than ``min_length`` (glyph strokes, specks) are ignored. A "table" of one
    cell is a frame around text, not a table, and is dropped.
    """
    rows = [((b[1] + b[3]) / 2, b[0], b[2]) for b in horizontal if b[2] - b[0] >= min_length]
    cols = [((b[0] + b[2]) / 2, b[1], b[3]) for b in vertical if b[3] - b[1] >= min_length]
    if not rows and not cols:
        return []
    rows = [e for e in _merge(rows, tolerance) if e[2] - e[1] >= min_length]
    cols = [e for e in _merge(cols, tolerance) if e[2] - e[1] >= min_length]
    return [t for t in _tables(_cells(_crossings(rows, cols, tolerance))) if len(t) >= 2]


#: a ruling line as (position across it, start, end): (y, x0, x1) drawn level, (x, top,
#: bottom) drawn plumb
_Edge = tuple[float, float, float]


def _merge(edges: list[_Edge], tolerance: float) -> list[_Edge]:
    """Edges snapped to the mean position of their cluster (positions each within
    ``tolerance`` of the next), then those on one line joined where they overlap or are
    less than ``tolerance`` apart. The arithmetic and the order are pdfplumber's
    (``merge_edges``), so the same drawing gives the same cells."""
    snapped = _snap(edges, tolerance) if tolerance > 0 else list(edges)
    snapped.sort(key=_position)
    out: list[_Edge] = []
    for _, line in itertools.groupby(snapped, key=_position):
        joined: list[_Edge] = []
        for e in sorted(line, key=_start):
            last = joined[-1] if joined else None
            if last is None or e[1] > last[2] + tolerance:
                joined.append(e)
            elif e[2] > last[2]:
                joined[-1] = (last[0], last[1], e[2])
        out += joined
    return out


def _snap(edges: list[_Edge], tolerance: float) -> list[_Edge]:
    values = sorted({e[0] for e in edges})
    cluster: dict[float, int] = {}
    n = 0
    for i, v in enumerate(values):
        if i and v > values[i - 1] + tolerance:
            n += 1
        cluster[v] = n
    members: list[list[_Edge]] = [[] for _ in range(n + 1)]
    for e in edges:
        members[cluster[e[0]]].append(e)
    snapped: list[_Edge] = []
    for group in members:
        if group:
            mean = sum(e[0] for e in group) / len(group)
            snapped += [(e[0] + (mean - e[0]), e[1], e[2]) for e in group]
    return snapped


def _position(e: _Edge) -> float:
    return e[0]


def _start(e: _Edge) -> float:
    return e[1]


_Crossings = dict[tuple[float, float], tuple[set[_Edge], set[_Edge]]]


def _crossings(rows: list[_Edge], cols: list[_Edge], tolerance: float) -> _Crossings:
    """Each point where a plumb edge meets a level one (within ``tolerance``), with the
    edges of each direction that meet there."""
    out: _Crossings = {}
    for col in cols:
        x, top, bottom = col
        for row in rows:
            y, x0, x1 = row
            if top <= y + tolerance and bottom >= y - tolerance:
                if x0 - tolerance <= x <= x1 + tolerance:
                    found = out.get((x, y))
                    if found is None:
                        out[(x, y)] = ({col}, {row})
                    else:
                        found[0].add(col)
                        found[1].add(row)
    return out


def _cells(crossings: _Crossings) -> list[Box]:
    """The smallest rectangles whose four corners are crossings joined by drawn edges.

    The same cells as pdfplumber's ``intersections_to_cells`` (for each crossing, the first
    crossing below and then the first to its right that close a rectangle), found through
    each crossing's row and column instead of a scan of all crossings."""
    columns: dict[float, list[float]] = {}
    rows: dict[float, list[float]] = {}
    for x, y in sorted(crossings):
        columns.setdefault(x, []).append(y)
        rows.setdefault(y, []).append(x)
    cells: list[Box] = []
    for x, y in sorted(crossings):
        v, h = crossings[(x, y)]
        ys, xs = columns[x], rows[y]
        below = ys[bisect.bisect_right(ys, y) :]
        right = xs[bisect.bisect_right(xs, x) :]
        cell = _smallest(x, y, below, right, v, h, crossings)
        if cell is not None:
            cells.append(cell)
    return cells


def _smallest(
    x: float,
    y: float,
    below: list[float],
    right: list[float],
    v: set[_Edge],
    h: set[_Edge],
    crossings: _Crossings,
) -> Box | None:
    for by in below:
        if v.isdisjoint(crossings[(x, by)][0]):
            continue
        for rx in right:
            if h.isdisjoint(crossings[(rx, y)][1]):
                continue
            corner = crossings.get((rx, by))
            if (
                corner is not None
                and not corner[0].isdisjoint(crossings[(rx, y)][0])
                and not corner[1].isdisjoint(crossings[(x, by)][1])
            ):
                return (x, y, rx, by)
    return None


def _tables(cells: list[Box]) -> list[list[Box]]:
    """Cells → tables of cells that touch at a corner, in pdfplumber's order
    (``cells_to_tables``): passes over the cells left, each taking every cell that touches
    the table grown so far, until a pass takes none; tables sorted by their top-left cell."""
    tables: list[list[Box]] = []
    remaining = cells
    while remaining:
        corners: set[tuple[float, float]] = set()
        table: list[Box] = []
        while True:
            rest: list[Box] = []
            for cell in remaining:
                x0, top, x1, bottom = cell
                mine = ((x0, top), (x0, bottom), (x1, top), (x1, bottom))
                if not table or not corners.isdisjoint(mine):
                    corners.update(mine)
                    table.append(cell)
                else:
                    rest.append(cell)
            grew = len(rest) < len(remaining)
            remaining = rest
            if not grew or not remaining:
                break
        tables.append(table)
    tables.sort(key=lambda t: min((c[1], c[0]) for c in t))
    return tables


def boundaries(values: Iterable[float], tolerance: float) -> list[float]:
    """Sorted distinct positions, values closer than ``tolerance`` counted as one (their mean)."""
    ordered = sorted(values)
    # cells share their edges: the gaps are looked for between distinct values only
    distinct = sorted(set(ordered))
    cuts = [
        bisect.bisect_left(ordered, b)
        for a, b in zip(distinct, distinct[1:], strict=False)
        if b - a > tolerance
    ]
    groups = (ordered[a:b] for a, b in zip([0, *cuts], [*cuts, len(ordered)], strict=True))
    return [sum(g) / len(g) for g in groups if g]


def spans(cells: Sequence[Box], tolerance: float) -> tuple[list[float], list[float], list[Span]]:
    """(column boundaries, row boundaries, each cell's span) for the cells of one table."""
    if not cells:
        return [], [], []
    x0s, tops, x1s, bottoms = zip(*cells, strict=True)
    xs = boundaries(x0s + x1s, tolerance)
    ys = boundaries(tops + bottoms, tolerance)
    col, row = _Nearest(xs), _Nearest(ys)  # cells share their edges: each is looked up once
    out = []
    for x0, top, x1, bottom in cells:
        c0, c1 = col[x0], col[x1]
        r0, r1 = row[top], row[bottom]
        out.append(Span(r0, r1 if r1 > r0 else r0 + 1, c0, c1 if c1 > c0 else c0 + 1))
    return xs, ys, out


class _Nearest(dict[float, int]):
    """Value → index of the nearest of ``points``, computed once per value."""

    def __init__(self, points: list[float]):
        super().__init__()
        self.points = points

    def __missing__(self, v: float) -> int:
        i = self[v] = _nearest(self.points, v)
        return i


def _nearest(points: list[float], v: float) -> int:
    """Index of the point nearest ``v`` in the sorted ``points`` (the first of two as near)."""
    i = bisect.bisect_left(points, v)
    if i == len(points) or (i > 0 and v - points[i - 1] <= points[i] - v):
        return i - 1
    return i


def layout(cell_spans: Sequence[Span]) -> list[list[tuple[int, bool] | None]]:
    """The grid as rows of (cell index, is origin), ``None`` where no cell covers a position.

    Rows and columns are the spans' own (``row1``/``col1`` exclusive); when two cells claim a
    position (a table drawn with overlapping rectangles) the first one keeps it.
    """
    if not cell_spans:
        return []
    n_rows = max(s.row1 for s in cell_spans)
    n_cols = max(s.col1 for s in cell_spans)
    grid: list[list[tuple[int, bool] | None]] = [[None] * n_cols for _ in range(n_rows)]
    for i, s in enumerate(cell_spans):
        if s.row1 - s.row0 == 1 and s.col1 - s.col0 == 1:  # most cells: one position
            line = grid[s.row0]
            if line[s.col0] is None:
                line[s.col0] = (i, True)
            continue
        for r in range(s.row0, s.row1):
            for c in range(s.col0, s.col1):
                if grid[r][c] is None:
                    grid[r][c] = (i, r == s.row0 and c == s.col0)
    return grid


def inside(box: Box, x: float, y: float, margin: float = 0.0) -> bool:
    return box[0] - margin <= x <= box[2] + margin and box[1] - margin <= y <= box[3] + margin


def bbox(boxes: Iterable[Box]) -> Box:
    x0s, tops, x1s, bottoms = zip(*boxes, strict=True)
    return min(x0s), min(tops), max(x1s), max(bottoms)


@dataclass(frozen=True, slots=True)
class Grid:
    """A table's cells laid on the grid of its boundaries: ``slots[row][col]`` is the (cell
    index, is origin) covering that position, ``None`` where no cell does."""

    xs: list[float]
    ys: list[float]
    slots: list[list[tuple[int, bool] | None]]
    #: each cell's span (``spans``), in the order of the cells
    spans: list[Span]

    def position(self, x: float, y: float) -> tuple[int, int] | None:
        """(row, col) of the grid position holding (x, y), or ``None`` outside the table; a
        point on a boundary belongs to the position right of it or below it."""
        xs, ys = self.xs, self.ys
        if not (xs[0] <= x <= xs[-1] and ys[0] <= y <= ys[-1]):
            return None
        col = min(bisect.bisect_right(xs, x) - 1, len(xs) - 2)
        row = min(bisect.bisect_right(ys, y) - 1, len(ys) - 2)
        return row, col

    def cell(self, row: int, col: int) -> int | None:
        grid = self.slots
        slot = grid[row][col] if row < len(grid) and col < len(grid[row]) else None
        return None if slot is None else slot[0]


def grid_of(cells: Sequence[Box], tolerance: float) -> Grid:
    xs, ys, sp = spans(cells, tolerance)
    return Grid(xs, ys, layout(sp), sp)


def cell_finder(cells: Sequence[Box], tolerance: float) -> Callable[[float, float], int | None]:
    """A function (x, y) → index of the cell of ``cells`` holding that point, or ``None``."""
    grid = grid_of(cells, tolerance)

    def find(x: float, y: float) -> int | None:
        at = grid.position(x, y)
        return None if at is None else grid.cell(*at)

    return find
