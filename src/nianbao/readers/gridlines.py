"""Ruling lines → table cells → one full grid with spans (shared by the PDF and the OCR reader).

The chain follows pdfplumber's own: ruling segments are snapped and joined
(``merge_edges``), their crossings found (``edges_to_intersections``), the smallest
rectangles between crossings become cells (``intersections_to_cells``) and touching cells
form tables (``cells_to_tables``). ``spans`` then lays a table's cells on the grid of all its
column and row boundaries, so a cell spanning several columns or rows is one origin plus
covered positions.
"""

from __future__ import annotations

import bisect
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from pdfplumber.table import cells_to_tables, edges_to_intersections, merge_edges

#: (x0, top, x1, bottom), y growing downwards, in the caller's unit (PDF points or pixels)
Box = tuple[float, float, float, float]


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
    edges = [_edge(b, "h") for b in horizontal if b[2] - b[0] >= min_length]
    edges += [_edge(b, "v") for b in vertical if b[3] - b[1] >= min_length]
    if not edges:
        return []
    merged = merge_edges(edges, tolerance, tolerance, tolerance, tolerance)
    merged = [
        e
        for e in merged
        if (e["x1"] - e["x0"] if e["orientation"] == "h" else e["bottom"] - e["top"]) >= min_length
    ]
    crossings = edges_to_intersections(merged, tolerance, tolerance)
    cells = _cells(crossings)
    tables: list[list[Box]] = [
        [(float(c[0]), float(c[1]), float(c[2]), float(c[3])) for c in t]
        for t in cells_to_tables(cells)
    ]
    return [t for t in tables if len(t) >= 2]


def _cells(crossings: dict[tuple[float, float], dict[str, list[dict[str, Any]]]]) -> list[Box]:
    """The smallest rectangles whose four corners are crossings joined by drawn edges.

    The same cells as pdfplumber's ``intersections_to_cells`` (for each crossing, the first
    crossing below and then the first to its right that close a rectangle), found through
    each crossing's row and column instead of a scan of all crossings, with each crossing's
    edges kept as sets once."""
    v_edges = {p: {_bbox(e) for e in d["v"]} for p, d in crossings.items()}
    h_edges = {p: {_bbox(e) for e in d["h"]} for p, d in crossings.items()}
    columns: dict[float, list[float]] = {}
    rows: dict[float, list[float]] = {}
    for x, y in sorted(crossings):
        columns.setdefault(x, []).append(y)
        rows.setdefault(y, []).append(x)
    cells: list[Box] = []
    for x, y in sorted(crossings):
        v, h = v_edges[(x, y)], h_edges[(x, y)]
        ys, xs = columns[x], rows[y]
        below = ys[bisect.bisect_right(ys, y) :]
        right = xs[bisect.bisect_right(xs, x) :]
        cell = _smallest(x, y, below, right, v, h, v_edges, h_edges)
        if cell is not None:
            cells.append(cell)
    return cells


def _smallest(
    x: float,
    y: float,
    below: list[float],
    right: list[float],
    v: set[Box],
    h: set[Box],
    v_edges: dict[tuple[float, float], set[Box]],
    h_edges: dict[tuple[float, float], set[Box]],
) -> Box | None:
    for by in below:
        if v.isdisjoint(v_edges[(x, by)]):
            continue
        for rx in right:
            if h.isdisjoint(h_edges[(rx, y)]):
                continue
            corner = (rx, by)
            if (
                corner in v_edges
                and not v_edges[corner].isdisjoint(v_edges[(rx, y)])
                and not h_edges[corner].isdisjoint(h_edges[(x, by)])
            ):
                return (x, y, rx, by)
    return None


def _bbox(e: dict[str, Any]) -> Box:
    return (e["x0"], e["top"], e["x1"], e["bottom"])


def _edge(b: Box, orientation: str) -> dict[str, Any]:
    x0, top, x1, bottom = b
    if orientation == "h":
        y = (top + bottom) / 2
        return {
            "x0": x0,
            "x1": x1,
            "top": y,
            "bottom": y,
            "width": x1 - x0,
            "height": 0.0,
            "orientation": "h",
        }
    x = (x0 + x1) / 2
    return {
        "x0": x,
        "x1": x,
        "top": top,
        "bottom": bottom,
        "width": 0.0,
        "height": bottom - top,
        "orientation": "v",
    }


def boundaries(values: Iterable[float], tolerance: float) -> list[float]:
    """Sorted distinct positions, values closer than ``tolerance`` counted as one (their mean)."""
    out: list[list[float]] = []
    for v in sorted(values):
        if out and v - out[-1][-1] <= tolerance:
            out[-1].append(v)
        else:
            out.append([v])
    return [sum(g) / len(g) for g in out]


def spans(cells: Sequence[Box], tolerance: float) -> tuple[list[float], list[float], list[Span]]:
    """(column boundaries, row boundaries, each cell's span) for the cells of one table."""
    xs = boundaries((v for c in cells for v in (c[0], c[2])), tolerance)
    ys = boundaries((v for c in cells for v in (c[1], c[3])), tolerance)
    col, row = _Nearest(xs), _Nearest(ys)  # cells share their edges: each is looked up once
    out = []
    for x0, top, x1, bottom in cells:
        c0, c1 = col[x0], col[x1]
        r0, r1 = row[top], row[bottom]
        out.append(Span(r0, max(r1, r0 + 1), c0, max(c1, c0 + 1)))
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
        for r in range(s.row0, s.row1):
            for c in range(s.col0, s.col1):
                if grid[r][c] is None:
                    grid[r][c] = (i, r == s.row0 and c == s.col0)
    return grid


def inside(box: Box, x: float, y: float, margin: float = 0.0) -> bool:
    return box[0] - margin <= x <= box[2] + margin and box[1] - margin <= y <= box[3] + margin


def bbox(boxes: Iterable[Box]) -> Box:
    bs = list(boxes)
    return (
        min(b[0] for b in bs),
        min(b[1] for b in bs),
        max(b[2] for b in bs),
        max(b[3] for b in bs),
    )


def cell_finder(cells: Sequence[Box], tolerance: float) -> Callable[[float, float], int | None]:
    """A function (x, y) → index of the cell of ``cells`` holding that point, or ``None``."""
    xs, ys, sp = spans(cells, tolerance)
    grid = layout(sp)

    def find(x: float, y: float) -> int | None:
        if not (xs[0] <= x <= xs[-1] and ys[0] <= y <= ys[-1]):
            return None
        col = min(bisect.bisect_right(xs, x) - 1, len(xs) - 2)
        row = min(bisect.bisect_right(ys, y) - 1, len(ys) - 2)
        slot = grid[row][col] if row < len(grid) and col < len(grid[row]) else None
        return None if slot is None else slot[0]

    return find
