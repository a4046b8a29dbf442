"""Where each number of a table printed one number per line goes, when the identities decide it.

``pdftotext`` in reading order prints a table's numbers apart from their labels, in an order
that depends on how the PDF was made: row by row (each row left to right), column by
column, or in blocks. A block is a few adjacent columns of a band of rows, printed row by
row (LibreOffice's PDFs: a band ends where a tall label or a page break changes the row
spacing); pdftotext goes down the page band by band, each band's blocks left to right, and
comes back up for the columns further right (each column's bands top to bottom). Each
arrangement of the known grid (表三 rows × 7 columns, 表四 3 groups × 5) is tried, pruned by
the identities as rows and columns complete; a reading is used only when every arrangement
that satisfies every identity gives every cell the same value: once one is found, the search
looks for one that gives some cell another value, and stops when none can. A blank cell prints nothing, so a count that does not fill the
grid decides nothing.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from ..formats.spec import Identity

#: runs of numbers printed together (no blank or other line between them)
Segments = Sequence[Sequence[float]]
#: search steps tried before the arrangement is called undecidable (too many fit)
BUDGET = 40_000
#: (first row, height, columns done) of each band of rows not yet complete, top to bottom
_Bands = tuple[tuple[int, int, int], ...]


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
    how: str  # "rows", "columns", "blocks" when placed; else the reason code
    candidates: int = 0


class _Budget(Exception):
    """The search tried more arrangements than it may."""


def arrange(
    grid: Grid, segments: Segments, *, blocks: bool = False, pages: Sequence[bool] = ()
) -> Outcome:
    """The one value-reading of the numbers that every identity confirms, else why not.

    Whole-table row order and column order are always tried; block arrangements when
    ``blocks`` (the print shows them: numbers printed together, not each apart). ``pages``:
    per segment, whether a page starts with it (no band runs over a page break)."""
    flat = [v for s in segments for v in s]
    size = len(grid.rows) * len(grid.cols)
    if len(flat) != size:
        return Outcome(None, "count")
    found: dict[tuple[float, ...], tuple[tuple[int, ...], str]] = {}
    for how, order in (("rows", _row_major(grid)), ("columns", _column_major(grid))):
        values = _values(flat, order, size)
        if _complete_ok(grid, values):
            found.setdefault(tuple(values), (order, how))
    if blocks:
        try:
            search = _Search(grid, segments, pages)
            first = search.first(None)
            if first is not None:
                reference = tuple(_values(flat, first, size))
                found.setdefault(reference, (first, "blocks"))
                other = search.first(reference)
                if other is not None:
                    found.setdefault(tuple(_values(flat, other, size)), (other, "blocks"))
        except _Budget:
            return Outcome(None, "budget")
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


class _Search:
    """Depth first over block arrangements, one run of numbers a block, in print order."""

    def __init__(self, grid: Grid, segments: Segments, pages: Sequence[bool]) -> None:
        self.n_rows, self.n_cols = len(grid.rows), len(grid.cols)
        self.segments = [list(s) for s in segments]
        self.page_starts = [bool(p) for p in pages] or [False] * len(self.segments)
        self.checks = _Checks(grid)
        self.values: list[float | None] = [None] * (self.n_rows * self.n_cols)
        self.order = [0] * sum(len(s) for s in self.segments)
        self.starts = [sum(len(s) for s in self.segments[:i]) for i in range(len(self.segments))]
        self.nodes = 0
        self.reference: tuple[float, ...] | None = None
        self.differ = 0
        self.seen: set[tuple[object, ...]] = set()
        m = len(self.segments)
        # per segment and height: how many columns of that height the runs from here can fill
        self.room = [[0] * (self.n_rows + 1) for _ in range(m + 1)]
        # per segment: the runs from here hold one value only (or none)
        self.uniform = [True] * (m + 1)
        left: set[float] = set()
        for j in range(m - 1, -1, -1):
            n = len(self.segments[j])
            for h in range(1, self.n_rows + 1):
                fits = n % h == 0 and n // h <= self.n_cols
                self.room[j][h] = self.room[j + 1][h] + (n // h if fits else 0)
            left.update(self.segments[j])
            self.uniform[j] = len(left) <= 1

    def first(self, reference: tuple[float, ...] | None) -> tuple[int, ...] | None:
        """The first arrangement that satisfies every identity (with ``reference``: the first
        that also gives some cell another value than it)."""
        self.reference, self.differ = reference, 0
        self.seen = set()
        try:
            self._dfs(0, 0, (), -1)
        except _Found as found:
            return found.order
        return None

    def _dfs(self, i: int, end: int, bands: _Bands, current: int) -> None:
        self.nodes += 1
        if self.nodes > BUDGET:
            raise _Budget
        if self.reference is not None and not self.differ and self.uniform[i]:
            return  # what is left can only repeat the reference's values
        key = (i, end, bands, current, tuple(self.values))
        if key in self.seen:
            return
        self.seen.add(key)
        if i == len(self.segments):
            if not bands and end == self.n_rows:
                raise _Found(tuple(self.order))
            return
        if self.page_starts[i] and bands:
            return  # a band never runs over a page break
        for b, first, height, col, width in self._options(
            len(self.segments[i]), end, bands, current
        ):
            placed = self._place(i, first, col, width)
            if self._holds(first, height, col, width):
                nxt = bands[:b] + ((first, height, col + width),) + bands[b + 1 :]
                now = b
                if col + width == self.n_cols:  # complete: only the top open band can be
                    nxt, now = nxt[1:], b - 1
                if self._room(i + 1, nxt):
                    self._dfs(i + 1, max(end, first + height), nxt, now)
            self._unplace(placed)

    def _options(
        self, n: int, end: int, bands: _Bands, current: int
    ) -> list[tuple[int, int, int, int, int]]:
        """(band, first row, height, first column, width) of each place the next block fits:
        more of the band it follows, or of the band below, or (from the lowest band) of the
        top band again; or a new band under the lowest. Taller bands first."""
        out = []
        lowest = current >= len(bands) - 1
        for b in sorted({current, current + 1, 0 if lowest else current}):
            if not 0 <= b < len(bands):
                continue
            first, height, done = bands[b]
            above = bands[b - 1][2] if b else self.n_cols
            if n % height == 0 and done + n // height <= above:
                out.append((b, first, height, done, n // height))
        if lowest:
            above = bands[-1][2] if bands else self.n_cols
            for height in range(self.n_rows - end, 0, -1):
                if n % height == 0 and n // height <= above:
                    out.append((len(bands), end, height, 0, n // height))
        return out

    def _place(self, i: int, first: int, col: int, width: int) -> list[int]:
        placed = []
        for k, value in enumerate(self.segments[i]):
            at = (first + k // width) * self.n_cols + col + k % width
            self.values[at] = value
            self.order[self.starts[i] + k] = at
            if self.reference is not None and self.reference[at] != value:
                self.differ += 1
            placed.append(at)
        return placed

    def _unplace(self, placed: list[int]) -> None:
        for at in placed:
            if self.reference is not None and self.reference[at] != self.values[at]:
                self.differ -= 1
            self.values[at] = None

    def _holds(self, first: int, height: int, col: int, width: int) -> bool:
        """The identities of the rows and columns this block completed."""
        if col + width == self.n_cols:
            if not all(self.checks.row(self.values, r) for r in range(first, first + height)):
                return False
        if first + height == self.n_rows:
            return all(self.checks.col(self.values, c) for c in range(col, col + width))
        return True

    def _room(self, i: int, bands: _Bands) -> bool:
        """The runs left can still fill the open bands, height by height."""
        need: dict[int, int] = {}
        for _, height, done in bands:
            need[height] = need.get(height, 0) + self.n_cols - done
        return all(self.room[i][h] >= k for h, k in need.items())


class _Found(Exception):
    def __init__(self, order: tuple[int, ...]) -> None:
        super().__init__()
        self.order = order
