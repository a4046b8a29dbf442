"""Number runs printed apart from their labels (``pdftotext`` in reading order) → rows.

Reading-order text prints each cell on its own line, and a table's labels and numbers often
drift apart: a label, then the numbers of its row and of the rows after it, whose labels come
later or never. The text reader hands a table over as a ``layout="runs"`` grid: each row the
text lines printed since the previous run of numbers, then the run. Here the runs are cut
into rows of the table's width and placed on the format's rows **by row order**, and that
placement is used only when the format's identities confirm it: every row's total, every
column's （七）总计, the 勾稽 of table 三, the three totals of table 四. A label printed right
before a run must agree with the place row order gives it. Anything else stays unread with
an ``unplaced_runs`` problem listing the numbers; nothing is guessed. Table 二 has no
identities, so only a run printed right after its own row label is read there.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..formats import FORMAT_2019, FORMAT_2021
from ..formats.spec import RowSpec, TableSpec
from ..model import GridCell, Problem, TableGrid
from ..textnorm import fold
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
        rows, note = _review(numbers)
    elif table_id == "requests":
        rows, note = _requests(runs)
    else:
        return _active(grid, runs)
    if rows is None:
        return TableGrid((), grid.location, layout="cells"), [_unplaced(table_id, numbers)]
    out = [
        (GridCell(spec.label, cells[0].location), *(_noted(c, note) for c in cells))
        for spec, cells in rows
    ]
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


def _requests(runs: list[_Run]) -> tuple[Placed | None, str]:
    width = len(FORMAT_2021.tables["requests"].columns)
    chunks: list[tuple[list[GridCell], list[GridCell]]] = []  # (label texts, values)
    for run in runs:
        if not run.numbers:
            continue
        if len(run.numbers) % width:
            return None, ""
        for k in range(0, len(run.numbers), width):
            chunks.append((run.texts if k == 0 else [], run.numbers[k : k + width]))
    for spec in _sequences():
        rows = spec.rows
        if len(chunks) != len(rows):
            continue
        labelled = [_label(rows, texts) if texts else None for texts, _ in chunks]
        if any(
            got is not None and got.id != row.id for got, row in zip(labelled, rows, strict=True)
        ):
            continue
        values = [_floats(cells) for _, cells in chunks]
        nums = {row.id: v for row, v in zip(rows, values, strict=True) if v is not None}
        if len(nums) != len(rows) or not identities_hold(spec, nums):
            continue
        named = sum(1 for got in labelled if got is not None)
        note = (
            f"阅读顺序文本中数字与行名分开印刷：按表三行序对应（{len(rows)} 行，"
            f"其中 {named} 行印有行名且一致），每行总计、（七）总计等于各项之和、"
            "勾稽关系（第一项加第二项等于第三项加第四项）均核对一致"
        )
        return [(row, cells) for row, (_, cells) in zip(rows, chunks, strict=True)], note
    return None, ""


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


def _review(numbers: list[GridCell]) -> tuple[Placed | None, str]:
    spec = FORMAT_2021.tables["review_litigation"]
    per = len(spec.rows[0].columns)
    values = _floats(numbers)
    if values is None or len(numbers) != per * len(spec.rows):
        return None, ""
    cols = list(spec.rows[0].columns)
    total = cols.index("total")
    terms = [j for j, c in enumerate(cols) if c != "total"]
    for g in range(len(spec.rows)):
        if not _sum_holds(values[g * per : (g + 1) * per], total, terms):
            return None, ""
    note = "阅读顺序文本中表四的 15 个数按表列顺序对应，三组“总计等于各项之和”均核对一致"
    # one printed row of 15 values, as the table builder expects it
    head = spec.rows[0]
    return [(head, numbers)], note


# ---------------------------------------------------------------- table 二


def _active(grid: TableGrid, runs: list[_Run]) -> tuple[TableGrid, list[Problem]]:
    """Only runs printed right after their own row label, of exactly that row's width."""
    printed = " ".join(c.text for r in runs for c in r.texts)
    fmt = FORMAT_2019 if decide_active_format([], printed) == "2019" else FORMAT_2021
    table = fmt.tables["active"]
    columns = {fold(c.label) for c in table.columns}
    header = [c for r in runs for c in r.texts if fold(c.text) in columns]
    out: list[tuple[GridCell, ...]] = [(GridCell("信息内容", grid.location), *header)]
    left: list[GridCell] = []
    for run in runs:
        spec = _label(table.rows, run.texts) if run.texts else None
        if spec is None or len(run.numbers) != len(spec.columns):
            left.extend(run.numbers)
            continue
        out.append((GridCell(spec.label, run.texts[-1].location), *run.numbers))
    problems = [_unplaced("active", left)] if left else []
    return TableGrid(tuple(out), grid.location, layout="cells"), problems


def _noted(cell: GridCell, note: str) -> GridCell:
    return GridCell(cell.text, cell.location, note=note)


def _unplaced(table_id: str, numbers: list[GridCell]) -> Problem:
    return Problem(
        "unplaced_runs",
        numbers[0].location.with_(table=table_id, x=None),
        values=tuple(c.text for c in numbers),
    )
