"""Number runs printed apart from their labels (``pdftotext`` in reading order) → rows.

Reading-order text prints each cell on its own line, and a table's labels and numbers often
drift apart: a label, then the numbers of its row and of the rows after it, whose labels come
later or never. The text reader hands a table over as a ``layout="runs"`` grid: each row the
text lines printed since the previous run of numbers, then the run. Here the runs are cut
placed on the format's grid in row order or column order (extract/arrange.py), and a
placement is used only when the format's identities confirm it and no other arrangement also
satisfies them: every row's total, every column's （七）总计, the 勾稽 of table 三, the three
totals of table 四 (labels printed between the numbers are not trusted to name their rows:
a tool may print all labels first). Anything else stays unread with an ``unplaced_runs`` problem listing the
numbers and saying why (a count that does not fill the grid: blank cells print nothing);
nothing is guessed. Table 二 has no
identities, so only a run printed right after its own row label is read there.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..formats import FORMAT_2019, FORMAT_2021
from ..formats.spec import RowSpec, TableSpec
from ..model import GridCell, Problem, TableGrid
from ..textnorm import fold
from .arrange import Grid, Outcome, arrange
from .tables import _keys, decide_active_format
from .values import cell_kind

#: text lines before a run tried as its label (a label wrapped over lines, read backwards)
_LABEL_LINES = 3


@dataclass(slots=True)
class _Run:
    texts: list[GridCell]
    numbers: list[GridCell]


def place_runs(grid: TableGrid, table_id: str) -> tuple[TableGrid, list[Problem]]:
    """A ``cells`` grid of the rows the runs were placed on, and the problems of the rest."""
    runs = _runs(grid)
    numbers = [c for r in runs for c in r.numbers]
    if not numbers:
        return TableGrid((), grid.location, layout="cells"), []
    if table_id == "review_litigation":
        rows, problem = _review(runs)
    elif table_id == "requests":
        rows, problem = _requests(runs)
    else:
        return _active(grid, runs)
    if rows is None:
        problems = [problem] if problem is not None else []
        return TableGrid((), grid.location, layout="cells"), problems
    out = [(GridCell(spec.label, cells[0].location), *cells) for spec, cells in rows]
    return TableGrid(tuple(out), grid.location, layout="cells"), []


def _runs(grid: TableGrid) -> list[_Run]:
    """Consecutive number cells make a run; the text cells before it go with it."""
    out: list[_Run] = []
    texts: list[GridCell] = []
    numbers: list[GridCell] = []
    for cell in (c for row in grid.rows for c in row if c.text.strip()):
        if cell_kind(cell.text) == "number":
            numbers.append(cell)
            continue
        if numbers:
            out.append(_Run(texts, numbers))
            texts, numbers = [], []
        texts.append(cell)
    if texts or numbers:
        out.append(_Run(texts, numbers))
    return out


def _label(specs: tuple[RowSpec, ...], texts: list[GridCell]) -> RowSpec | None:
    """The row the last text lines before a run name exactly (a wrapped label joined)."""
    for n in range(1, min(_LABEL_LINES, len(texts)) + 1):
        folded = fold("".join(c.text for c in texts[-n:]))
        hits = {s.id: s for s in specs if _names(s, folded)}
        if len(hits) == 1:
            return next(iter(hits.values()))
    return None


def _names(spec: RowSpec, folded: str) -> bool:
    keys, exact = _keys(spec)
    official = fold(spec.label)
    return folded == official or folded in exact or any(folded.endswith(k) for k in keys)


def _sum_holds(values: list[float], total: int, terms: list[int]) -> bool:
    return abs(values[total] - sum(values[t] for t in terms)) < 1e-6


def _floats(cells: list[GridCell]) -> list[float] | None:
    try:
        return [float(c.text.replace(",", "").replace("，", "")) for c in cells]
    except ValueError:
        return None


# ---------------------------------------------------------------- table 三


def _sequences() -> list[TableSpec]:
    """Table 三 of each format: 2021 (（六） in three items), then 2019 (one row)."""
    return [FORMAT_2021.tables["requests"], FORMAT_2019.tables["requests"]]


Placed = list[tuple[RowSpec, list[GridCell]]]

_HOW = {
    "rows": "按{table}行序对应（逐行印刷，每行 {width} 个数）",
    "columns": "按{table}列序对应（逐列印刷，每列自上而下）",
    "blocks": "按分块的列顺序排列（每块为相邻若干列的若干行，块内逐行印刷）",
}
_CHECKED = {
    "requests": "每行总计、（七）总计等于各项之和、勾稽关系（第一项加第二项等于第三项加第四项）",
    "review_litigation": "三组“总计等于各项之和”",
}
_TABLE = {"requests": "表三", "review_litigation": "表四"}


def _note(table_id: str, how: str, width: int) -> str:
    placed = _HOW[how].format(table=_TABLE[table_id], width=width)
    return (
        f"阅读顺序文本中数字与行名分开印刷：{placed}，由{_CHECKED[table_id]}核验，"
        "其他排列都不能使这些关系同时成立"
    )


def _segments(runs: list[_Run]) -> list[list[GridCell]]:
    """The numbers printed together: a run cut where a blank line came between two numbers."""
    out: list[list[GridCell]] = []
    for run in runs:
        last: int | None = None
        for cell in run.numbers:
            line = cell.location.line
            if (
                not out
                or last is None
                or line is None
                or line != last + 1
                or cell is run.numbers[0]
            ):
                out.append([])
            out[-1].append(cell)
            last = line
    return out


def _shows_blocks(segments: list[list[GridCell]]) -> bool:
    """Most numbers printed in blocks (several together): the blocks carry the arrangement.
    Each number printed apart (a blank line between any two) says nothing of blocks."""
    together = sum(len(s) for s in segments if len(s) > 1)
    return 2 * together >= sum(len(s) for s in segments)


def _page_starts(segments: list[list[GridCell]]) -> list[bool]:
    pages = [s[0].location.page for s in segments]
    return [i > 0 and p is not None and p != pages[i - 1] for i, p in enumerate(pages)]


def _arranged(
    table_id: str,
    spec_grid: Grid,
    segments: list[list[GridCell]],
    *,
    blocks: bool = False,
) -> tuple[list[GridCell] | None, Outcome]:
    """The numbers in the grid's row-major order, when one reading is confirmed."""
    values = [_floats(s) for s in segments]
    if any(v is None for v in values):
        return None, Outcome(None, "none")
    outcome = arrange(
        spec_grid,
        [v or [] for v in values],
        blocks=blocks and _shows_blocks(segments),
        pages=_page_starts(segments),
    )
    if outcome.order is None:
        return None, outcome
    cells = [c for s in segments for c in s]
    placed: list[GridCell | None] = [None] * len(cells)
    note = _note(table_id, outcome.how, len(spec_grid.cols))
    for cell, at in zip(cells, outcome.order, strict=True):
        placed[at] = _noted(cell, note)
    return [c for c in placed if c is not None], outcome


def _requests(runs: list[_Run]) -> tuple[Placed | None, Problem | None]:
    segments = _segments(runs)
    outcome = Outcome(None, "count")
    for spec in _sequences():
        grid = Grid(
            tuple(r.id for r in spec.rows),
            tuple(c.id for c in spec.columns),
            spec.identities,
        )
        cells, outcome = _arranged("requests", grid, segments, blocks=True)
        if cells is not None:
            width = len(grid.cols)
            return [
                (row, cells[k * width : (k + 1) * width]) for k, row in enumerate(spec.rows)
            ], None
        if outcome.how != "count":
            break
    size = len(FORMAT_2021.tables["requests"].rows) * len(FORMAT_2021.tables["requests"].columns)
    return None, _unplaced("requests", [c for s in segments for c in s], outcome, size)


def identities_hold(spec: TableSpec, nums: dict[str, list[float]]) -> bool:
    """Every identity of table 三 holds on values of every row (row id → the columns' values)."""
    cols = [c.id for c in spec.columns]
    for ident in spec.identities:
        if ident.axis == "columns":
            total = cols.index(ident.lhs[0])
            terms = [cols.index(c) for c in ident.rhs]
            if not all(_sum_holds(v, total, terms) for v in nums.values()):
                return False
            continue
        for j in range(len(cols)):
            lhs = sum(nums[r][j] for r in ident.lhs)
            if abs(lhs - sum(nums[r][j] for r in ident.rhs)) > 1e-6:
                return False
    return True


# ---------------------------------------------------------------- table 四


def _review(runs: list[_Run]) -> tuple[Placed | None, Problem | None]:
    """Three groups of five: printed in row order (the 15 left to right) or group by group
    down the columns."""
    spec = FORMAT_2021.tables["review_litigation"]
    grid = Grid(tuple(r.id for r in spec.rows), spec.rows[0].columns, spec.identities)
    segments = _segments(runs)
    cells, outcome = _arranged("review_litigation", grid, segments)
    if cells is None:
        size = len(grid.rows) * len(grid.cols)
        return None, _unplaced("review_litigation", [c for s in segments for c in s], outcome, size)
    # one printed row of 15 values, as the table builder expects it
    return [(spec.rows[0], cells)], None


# ---------------------------------------------------------------- table 二


def _active(grid: TableGrid, runs: list[_Run]) -> tuple[TableGrid, list[Problem]]:
    """Runs printed right after their own row label, of exactly that row's width; or right
    after column headers (with the group's heading): a run under one column header goes down
    the group's rows that have that column, a run for one row across its headers; a block of
    several rows and columns only when row order and column order give the same values."""
    printed = " ".join(c.text for r in runs for c in r.texts)
    fmt = FORMAT_2019 if decide_active_format([], printed) == "2019" else FORMAT_2021
    table = fmt.tables["active"]
    placed: dict[str, dict[str, GridCell]] = {}
    first_line: dict[str, GridCell] = {}
    left: list[GridCell] = []
    several: list[GridCell] = []
    for run in runs:
        spec = _label(table.rows, run.texts) if run.texts else None
        if spec is not None and len(run.numbers) == len(spec.columns):
            placed.setdefault(spec.id, {}).update(zip(spec.columns, run.numbers, strict=True))
            first_line.setdefault(spec.id, run.texts[-1])
            continue
        cells = _under_headers(table, run)
        if cells is None:
            (several if _headed(table, run) else left).extend(run.numbers)
            continue
        for (row_id, col_id), cell in cells.items():
            placed.setdefault(row_id, {})[col_id] = cell
    columns = {fold(c.label) for c in table.columns}
    header = [c for r in runs for c in r.texts if fold(c.text) in columns]
    out: list[tuple[GridCell, ...]] = [(GridCell("信息内容", grid.location), *header)]
    for spec in table.rows:
        got = placed.get(spec.id)
        if not got:
            continue
        anchor = first_line.get(spec.id) or next(iter(got.values()))
        row = [got.get(c) or GridCell("", anchor.location, unread=True) for c in spec.columns]
        out.append((GridCell(spec.label, anchor.location), *row))
    problems = [_unplaced("active", left)] if left else []
    if several:
        problems.append(_unplaced("active", several, Outcome(None, "order")))
    return TableGrid(tuple(out), grid.location, layout="cells"), problems


def _headers(table: TableSpec, run: _Run) -> tuple[list[str], str | None]:
    """The column ids printed right before a run, and the group heading above them."""
    by_label = {fold(c.label): c.id for c in table.columns}
    cols: list[str] = []
    texts = list(run.texts)
    while texts and fold(texts[-1].text) in by_label:
        cols.insert(0, by_label[fold(texts.pop().text)])
    groups = {fold(r.group): r.group for r in table.rows if r.group}
    group = groups.get(fold(texts[-1].text)) if texts and cols else None
    return cols, group


def _headed(table: TableSpec, run: _Run) -> bool:
    return bool(_headers(table, run)[0])


def _under_headers(table: TableSpec, run: _Run) -> dict[tuple[str, str], GridCell] | None:
    """(row, column) → number of a run printed under column headers, when position decides."""
    cols, group = _headers(table, run)
    if not cols:
        return None
    rows = [r for r in table.rows if all(c in r.columns for c in cols) and group in (None, r.group)]
    if group is None and len({r.group for r in rows}) > 1:
        return None  # a column several groups share, and no heading to say which
    if not rows or len(run.numbers) != len(rows) * len(cols):
        return None
    by_rows = {
        (r.id, c): run.numbers[i * len(cols) + j]
        for i, r in enumerate(rows)
        for j, c in enumerate(cols)
    }
    by_cols = {
        (r.id, c): run.numbers[j * len(rows) + i]
        for i, r in enumerate(rows)
        for j, c in enumerate(cols)
    }
    if any(by_rows[k].text != by_cols[k].text for k in by_rows):
        return None  # row order and column order read differently: nothing decides
    note = "阅读顺序文本中数字印在列名之下：按列名和表二行序对应"
    return {k: _noted(cell, note) for k, cell in by_rows.items()}


def _noted(cell: GridCell, note: str) -> GridCell:
    return GridCell(cell.text, cell.location, note=note)


#: why no arrangement was used, in the words of the ``unplaced_runs`` problem
_WHY = {
    "count": "印有 {found} 个数，表格应有 {expected} 个（空白单元格不留痕迹），无法判断各数所在的格",
    "none": "按行序、列序和分块排列都不能使勾稽关系成立",
    "budget": "可能的分块排列过多，无法判断",
    "order": "印在列名之下的数字块按行序和按列序读出的数不同，表二没有可以核验的勾稽关系，无法判断",
    "several": "有 {candidates} 种读法都使勾稽关系成立，无法判断",
}


def _unplaced(
    table_id: str,
    numbers: list[GridCell],
    outcome: Outcome | None = None,
    size: int = 0,
) -> Problem:
    why = outcome.how if outcome is not None else "none"
    found = len(numbers)
    text = _WHY[why].format(found=found, expected=size, candidates=outcome and outcome.candidates)
    return Problem(
        "unplaced_runs",
        numbers[0].location.with_(table=table_id, x=None),
        values=tuple(c.text for c in numbers),
        expected=size or None,
        found=found,
        text=text,
    )
