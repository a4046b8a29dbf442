"""Number rows printed without their label (PDF→Markdown converters drop it) → their rows.

A converter may print a row of 表三 as ``|  | 25 | 0 | 0 | 0 | 0 | 0 | 25 |``: the numbers
without the label. When every such row sits, in print order, in the one gap the format's row
order leaves for exactly one missing row, it is placed there, and kept only when every
identity of 表三 then holds (each row's 总计, （七）总计 = the sum of the results, the 勾稽);
its values' notes say so. When the order names the row but the identities cannot confirm it
(a row unread, a total misprinted), an ``unplaced_row`` problem says which row it would be and
lists its numbers; they are not read.
"""

from __future__ import annotations

from dataclasses import replace

from ..formats import FORMAT_2019, FORMAT_2021
from ..formats.spec import TableSpec
from ..model import Cell, Location, Problem, Row, Table
from .runs import identities_hold
from .values import parse_value


def place_orphans(table: Table, problems: list[Problem]) -> tuple[Table, list[Problem]]:
    """表三 with its label-less number rows placed where order and identities agree."""
    spec = (FORMAT_2019 if table.format == "2019" else FORMAT_2021).tables["requests"]
    orphans = [
        p
        for p in problems
        if p.code == "unrecognised_row" and p.table == "requests" and p.location.line is not None
    ]
    missing = [p for p in problems if p.code == "missing_row" and p.table == "requests"]
    if not orphans or len(orphans) != len(missing):
        return table, problems
    placement = _gaps(spec, table, orphans, missing)
    if placement is None:
        return table, problems
    width = len(spec.columns)
    rows = {row_id: _row(spec, row_id, orphan, width) for row_id, orphan in placement.items()}
    merged = {r.id: table.rows.get(r.id) or rows.get(r.id) for r in spec.rows}
    complete = {k: v for k, v in merged.items() if v is not None}
    if len(complete) == len(merged) and _confirmed(spec, complete):
        used = {id(p) for p in (*orphans, *missing)}
        return replace(table, rows=complete), [p for p in problems if id(p) not in used]
    # the order names the row, the identities cannot confirm it: said, not read
    unplaced = {
        id(orphan): Problem(
            "unplaced_row",
            orphan.location.with_(row=row_id),
            label=spec.row(row_id).label,
            values=orphan.values,
        )
        for row_id, orphan in placement.items()
    }
    return table, [unplaced.get(id(p), p) for p in problems]


def _gaps(
    spec: TableSpec, table: Table, orphans: list[Problem], missing: list[Problem]
) -> dict[str, Problem] | None:
    """Missing row → the one label-less row printed between its neighbours in row order."""
    order = [r.id for r in spec.rows]
    lines = {rid: row.location.line for rid, row in table.rows.items()}
    placement: dict[str, Problem] = {}
    for m in missing:
        if m.row not in order:
            return None
        i = order.index(m.row)
        before = [lines[r] for r in order[:i] if r in lines]
        after = [lines[r] for r in order[i + 1 :] if r in lines]
        low = before[-1] if before else None
        high = after[0] if after else None
        if (low is None and high is None) or any(x is None for x in (*before[-1:], *after[:1])):
            return None
        fits = [
            o
            for o in orphans
            if (low is None or (o.location.line or 0) > low)
            and (high is None or (o.location.line or 0) < high)
        ]
        if len(fits) != 1:
            return None
        placement[m.row or ""] = fits[0]
    if len({id(o) for o in placement.values()}) != len(placement):
        return None
    return placement


def _row(spec: TableSpec, row_id: str, orphan: Problem, width: int) -> Row | None:
    texts = [t.strip() for t in orphan.values]
    while texts and not texts[0]:
        texts.pop(0)
    while texts and not texts[-1]:
        texts.pop()
    if len(texts) != width:
        return None
    note = (
        f"此行印刷时没有行名：按表三行序对应为「{spec.row(row_id).label}」"
        "（前后两行之间只缺这一行），每行总计、（七）总计等于各项之和、勾稽关系均核对一致"
    )
    at = orphan.location
    cells: dict[str, Cell] = {}
    for col, text in zip(spec.columns, texts, strict=True):
        value, notes = parse_value(text)
        if not isinstance(value, int | float):
            return None
        loc = Location(at.path, at.page, at.line, "requests", row_id, col.id)
        cells[col.id] = Cell(value, text, loc, (*notes, note))
    base = Location(at.path, at.page, at.line, "requests", row_id)
    return Row(row_id, orphan.label, cells, base)


def _confirmed(spec: TableSpec, rows: dict[str, Row]) -> bool:
    """Every identity of 表三 holds, each cell of each row a number."""
    cols = [c.id for c in spec.columns]
    values: dict[str, list[float]] = {}
    for rid, row in rows.items():
        nums = [row.cells[c].value if c in row.cells else None for c in cols]
        if any(not isinstance(v, int | float) for v in nums):
            return False
        values[rid] = [float(v) for v in nums if isinstance(v, int | float)]
    return identities_hold(spec, values)
