"""Rows of 表三 that only the format's row order and identities can place → read, or named.

PDF→Markdown converters print some rows of 表三 so that neither their label nor their columns
place them:
- a number row without its label (``|  | 25 | 0 | 0 | 0 | 0 | 0 | 25 |``): the rows the
  format's order misses between two printed rows take the label-less rows printed there, in
  print order, when they are as many;
- such a row right after a row printed with its label only: that row's second line, or the
  next row printed without its label (both readings are tried);
- a row printed one cell short, the lost cell printed after it as loose text
  (``22（其中修订 16 件）``): the number could belong to any column (each is tried).
A label-less row is placed only when every row of the table is then present and every identity
of 表三 holds (each row's 总计, （七）总计 = the sum of the results, the 勾稽). A short row's
cells are read where every reading the identities leave agrees on them; the others stay
unread. Each value's note says how it was placed; what stays open is named (``unplaced_row``,
``short_row``, ``second_line_or_row``), never guessed.
"""

from __future__ import annotations

import itertools
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from operator import itemgetter
from typing import TYPE_CHECKING

from ..formats import FORMAT_2019, FORMAT_2021
from ..formats.spec import Identity, TableSpec
from ..model import Cell, GridCell, Location, Problem, Row, Table
from ..textnorm import loose_number
from .values import is_blank, parse_value

if TYPE_CHECKING:  # the assembler places short rows of 表四 with this module's help
    from .tables import Assembly

#: one reading of a row: a cell per column (None: a lost cell nothing printed gives)
Option = tuple[GridCell | None, ...]
#: readings of all uncertain rows tried together, at most
_MAX_READINGS = 20_000

_ORPHAN_NOTE = (
    "此行印刷时没有行名：按表三行序对应为「{label}」（前后两行之间缺的行与没有行名的行"
    "数目相同，依次对应），每行总计、（七）总计等于各项之和、勾稽关系均核对一致"
)
_SHORT_NOTE = (
    "此行印刷时只有 {found} 个值（应有 {width} 个），各值所在的列由勾稽关系（每行总计、"
    "（七）总计等于各项之和、第一项加第二项等于第三项加第四项）确定"
)
_LOOSE_NOTE = "此数印在表格之外（第 {line} 行「{text}」），是该行缺的一格，所在的列由勾稽关系确定"


@dataclass(slots=True)
class _Piece:
    """A row whose cells are not placed yet: its possible readings."""

    row_id: str
    options: list[Option]
    location: Location
    #: the label as printed (none for a label-less row) and the official one
    label: str
    official: str
    note: str
    #: the label-less printed row it comes from (None: a short row under its own label)
    orphan: Problem | None = None


def settle_requests(
    table: Table, problems: list[Problem], asm: Assembly
) -> tuple[Table, list[Problem]]:
    """表三 with its label-less and short rows placed where order and identities decide."""
    if not asm.short and not asm.merged and not any(_unplaced_row(p) for p in problems):
        # nothing to settle (the usual table): ``_settle`` would find no piece to place in
        # either format and give the table and the problems back as they are
        return table, problems
    return _settle(table, problems, asm)


def _settle(table: Table, problems: list[Problem], asm: Assembly) -> tuple[Table, list[Problem]]:
    for spec in _specs(table):
        confirmed = _confirm(spec, table, problems, asm)
        if confirmed is not None:
            return confirmed
    # no reading of the label-less rows is confirmed: they are named, not read
    spec = (FORMAT_2019 if table.format == "2019" else FORMAT_2021).tables["requests"]
    rows = dict(table.rows)
    out = list(problems)
    for rid, second in _second_lines(spec, table, asm):
        # the row printed with its label only, or with the next line as its second: unread
        row = rows.pop(rid)
        out = [p for p in out if not (p.code == "continuation_joined" and p.row == rid)]
        out.append(
            Problem("second_line_or_row", row.location, label=row.label, values=second.values)
        )
    placed = _place_orphans(spec, table.rows, _orphans(spec, problems), asm.loose_cells())
    if placed is not None:
        named = {id(piece.orphan): piece for piece in placed if piece.orphan is not None}
        out = [_unplaced(named[id(p)], p) if id(p) in named else p for p in out]
    done = _solve(spec, rows, _shorts(spec, table, asm), complete=False)
    if done:
        used_lines = _loose_lines(done)
        out = [p for p in out if not _settled(p, done, used_lines)]
        rows.update(done)
    return replace(table, rows=rows), out


def _specs(table: Table) -> list[TableSpec]:
    """The formats 表三 may be in: a row of （六） tells; else both are tried (the 2019 row
    （六）其他处理 may be the one printed without its label)."""
    if any(rid.startswith("other.") for rid in table.rows):
        return [FORMAT_2021.tables["requests"]]
    if "other" in table.rows:
        return [FORMAT_2019.tables["requests"]]
    return [FORMAT_2021.tables["requests"], FORMAT_2019.tables["requests"]]


def _confirm(
    spec: TableSpec, table: Table, problems: list[Problem], asm: Assembly
) -> tuple[Table, list[Problem]] | None:
    """Every label-less row placed by order, every row then present, every identity holding
    (short rows read where all such readings agree); None when that is not so."""
    orphans = _orphans(spec, problems)
    seconds = _second_lines(spec, table, asm)
    rows = dict(table.rows)
    for rid, _ in seconds:
        rows[rid] = _blank_row(spec, table.rows[rid])
    placed = _place_orphans(spec, rows, [*orphans, *(p for _, p in seconds)], asm.loose_cells())
    if placed is None:
        return None
    done = _solve(spec, rows, [*_shorts(spec, table, asm), *placed], complete=True)
    if done is None:
        return None
    used = {id(o) for o in orphans}
    used_lines = _loose_lines(done)
    split = {rid for rid, _ in seconds}
    kept = [
        p
        for p in problems
        if id(p) not in used
        and not (p.code == "missing_row" and p.table == "requests")
        and not (p.code == "continuation_joined" and p.row in split)
        and not _settled(p, done, used_lines)
    ]
    fmt = "2019" if spec is FORMAT_2019.tables["requests"] else "2021"
    return replace(table, format=fmt, rows={**rows, **done}), kept


def _shorts(spec: TableSpec, table: Table, asm: Assembly) -> list[_Piece]:
    order = [r.id for r in spec.rows]
    return [
        _short_piece(spec, table.rows[rid], cells, asm.loose_cells())
        for rid, cells in asm.short.items()
        if rid in table.rows and rid in order
    ]


def _unplaced_row(p: Problem) -> bool:
    """A row of 表三 printed without a label the assembler knew (``_orphans`` looks at no other)."""
    return p.code == "unrecognised_row" and p.table == "requests"


def _orphans(spec: TableSpec, problems: list[Problem]) -> list[Problem]:
    """Rows of numbers printed without a label: a row's width of cells (blank ones at its
    edges), or a number short (a lost cell)."""
    width = len(spec.columns)
    return [
        p
        for p in problems
        if _unplaced_row(p)
        and p.location.line is not None
        and (len(p.values) >= width or len(_trimmed(p.values)) >= width - 1)
    ]


def _trimmed(values: Sequence[str]) -> list[str]:
    texts = [t.strip() for t in values]
    while texts and not texts[0]:
        texts.pop(0)
    while texts and not texts[-1]:
        texts.pop()
    return texts


# ---------------------------------------------------------------- the uncertain rows


def _insertions(cells: list[GridCell], width: int, lost: GridCell | None) -> list[Option]:
    """Every way to spread the printed cells, in order, over ``width`` columns; the columns
    left over take the lost number (one) or stay unknown."""
    gaps = width - len(cells)
    if gaps < 0 or gaps > 2:
        return []
    out: list[Option] = []
    for holes in itertools.combinations(range(width), gaps):
        it = iter(cells)
        fill = lost if gaps == 1 else None
        out.append(tuple(fill if j in holes else next(it) for j in range(width)))
    return out


def place_short(
    cells: list[GridCell], width: int, lost: GridCell | None, sums: list[tuple[int, list[int]]]
) -> list[GridCell | None] | None:
    """A row printed short: its printed cells (and the lost one) spread in order over the
    columns every way that keeps the sums (total index, term indexes); per column the cell
    every such way gives, else None. None when no way keeps them."""
    kept = [
        option
        for option in _insertions(cells, width, lost)
        if all(_sum_holds([_number(c) for c in option], t, terms) for t, terms in sums)
    ]
    return _agreed(kept) if kept else None


def _sum_holds(values: list[float | None], total: int, terms: list[int]) -> bool:
    parts = [values[total], *(values[t] for t in terms)]
    return any(v is None for v in parts) or _equal(parts, 1)


def lost_cell(loose: dict[int, GridCell], line: int | None) -> GridCell | None:
    """The loose number printed after the row on ``line``, as a cell of its own."""
    cell = loose.get(line) if line is not None else None
    if cell is None:
        return None
    number = loose_number(cell.text) or ""
    note = _LOOSE_NOTE.format(line=cell.location.line, text=cell.text.strip())
    return GridCell(number, cell.location, note=note)


def _short_piece(
    spec: TableSpec, row: Row, cells: list[GridCell], loose: dict[int, GridCell]
) -> _Piece:
    width = len(spec.columns)
    options = _insertions(cells, width, lost_cell(loose, row.location.line))
    note = _SHORT_NOTE.format(found=len(cells), width=width)
    return _Piece(row.id, options, row.location, row.label, spec.row(row.id).label, note)


def _orphan_piece(
    spec: TableSpec, row_id: str, orphan: Problem, loose: dict[int, GridCell]
) -> _Piece:
    at = orphan.location
    texts = _trimmed(orphan.values)
    cells = [GridCell(t, at) for t in texts]
    width = len(spec.columns)
    lost = lost_cell(loose, at.line)
    if len(cells) == width:
        options: list[Option] = [tuple(cells)]
    elif len(cells) == width - 1 and lost is not None:
        options = _insertions(cells, width, lost)
    else:
        # blank cells at the row's edges, which cannot be told from its label's empty cells
        # and the table's padding: the printed cells may start in any column
        blank = GridCell("", at)
        options = [
            (*[blank] * k, *cells, *[blank] * (width - len(cells) - k))
            for k in range(width - len(cells) + 1)
        ]
        if len(cells) == width - 1:
            options += _insertions(cells, width, None)
    official = spec.row(row_id).label
    note = _ORPHAN_NOTE.format(label=official)
    return _Piece(row_id, options, at.with_(row=row_id), orphan.label, official, note, orphan)


def _second_lines(spec: TableSpec, table: Table, asm: Assembly) -> list[tuple[str, Problem]]:
    """Rows printed with their label only whose next line, numbers without a label, was merged
    into them as their second line, while the next row of the format is missing: that line
    may be the next row. Each as (row id, the line as a label-less row)."""
    order = [r.id for r in spec.rows]
    out: list[tuple[str, Problem]] = []
    for rid, rec in asm.merged.items():
        row = table.rows.get(rid)
        if row is None or rid not in order or order.index(rid) + 1 >= len(order):
            continue
        if order[order.index(rid) + 1] in table.rows:
            continue
        if any(c.location.line != rec.line for c in row.cells.values() if c.value is not None):
            continue  # the row's own line has numbers: the second line continues it
        values = tuple(c.text for c in rec.values)
        loc = rec.location.with_(table="requests", row=None, x=None, y=None)
        out.append((rid, Problem("unrecognised_row", loc, values=values)))
    return out


def _blank_row(spec: TableSpec, row: Row) -> Row:
    """The row as printed on its own line: its label, every cell blank."""
    at = row.location
    cells = {
        c.id: Cell(None, "", Location(at.path, at.page, at.line, "requests", row.id, c.id))
        for c in spec.columns
    }
    return Row(row.id, row.label, cells, at)


def _place_orphans(
    spec: TableSpec, rows: Mapping[str, Row], orphans: list[Problem], loose: dict[int, GridCell]
) -> list[_Piece] | None:
    """Each run of rows the order misses takes the label-less rows printed between its
    neighbours, in print order, when they are as many; None when any run or row is left."""
    if not orphans:
        return None
    order = [r.id for r in spec.rows]
    lines = {rid: row.location.line for rid, row in rows.items()}
    if any(lines.get(r, 0) is None for r in order):
        return None
    pieces: list[_Piece] = []
    used: set[int] = set()
    i = 0
    while i < len(order):
        if order[i] in rows:
            i += 1
            continue
        j = i
        while j < len(order) and order[j] not in rows:
            j += 1
        low = lines[order[i - 1]] if i > 0 else None
        high = lines[order[j]] if j < len(order) else None
        if low is None and high is None:
            return None
        fits = sorted(
            (o for o in orphans if _between(o.location.line, low, high)),
            key=lambda o: o.location.line or 0,
        )
        if len(fits) != j - i:
            return None
        for rid, orphan in zip(order[i:j], fits, strict=True):
            pieces.append(_orphan_piece(spec, rid, orphan, loose))
            used.add(id(orphan))
        i = j
    return pieces if len(used) == len(orphans) else None


def _between(line: int | None, low: int | None, high: int | None) -> bool:
    at = line or 0
    return (low is None or at > low) and (high is None or at < high)


# ---------------------------------------------------------------- solving


def _solve(
    spec: TableSpec, rows: dict[str, Row], pieces: list[_Piece], *, complete: bool
) -> dict[str, Row] | None:
    """The pieces' rows, cells read where every reading that keeps the identities agrees.
    ``complete``: every row must then be present, every cell known, every identity checked."""
    if not pieces or any(not p.options for p in pieces):
        return None
    count = 1
    for p in pieces:
        count *= len(p.options)
    if count > _MAX_READINGS:
        return None
    cols = [c.id for c in spec.columns]
    fixed = {rid: _numbers(row, cols) for rid, row in rows.items()}
    for p in pieces:
        fixed.pop(p.row_id, None)
    if complete and len({*fixed, *(p.row_id for p in pieces)}) != len(spec.rows):
        return None
    tried = _tried(spec, fixed, pieces, complete=complete)
    # a check no reading can pass (a misprint elsewhere in its terms) tells none apart; a
    # label-less row is placed only when every check passes
    broken = frozenset[tuple[str, str, int]]() if complete or not tried else _common(tried)
    kept = [picked for picked, failed in tried if failed <= broken]
    if not kept:
        return None
    out: dict[str, Row] = {}
    for k, piece in enumerate(pieces):
        agreed = _agreed([piece.options[picked[k]] for picked in kept])
        if complete and any(c is None for c in agreed):
            return None
        out[piece.row_id] = _row(spec, piece, agreed)
    return out


def _tried(
    spec: TableSpec, fixed: dict[str, list[float | None]], pieces: list[_Piece], *, complete: bool
) -> list[tuple[tuple[int, ...], frozenset[tuple[str, str, int]]]]:
    """Every reading (the index of one option per piece, in order: the options themselves are
    looked up for the few readings kept) with the checks it fails (``_failures``
    of the table it makes); ``complete``: only the readings leaving no cell unknown and
    failing no check. A check that involves no piece's row fails or holds alike for every
    reading, and a row's own checks depend on its option only: both are made once."""
    # a later piece of the same row replaces an earlier one's values
    owner = {p.row_id: k for k, p in enumerate(pieces)}
    numbers = [[[_number(c) for c in option] for option in p.options] for p in pieces]
    if complete and any(v is None for vs in fixed.values() for v in vs):
        return []
    names = {*fixed, *owner}
    cols = [c.id for c in spec.columns]
    idents = [i for i in spec.identities if i.relation == "eq"]
    within = [i for i in idents if i.axis == "columns"]  # a row's own checks
    always = _failures(spec, fixed, within)
    own = [
        [_failures(spec, {p.row_id: vs}, within) for vs in nums]
        for p, nums in zip(pieces, numbers, strict=True)
    ]
    across: list[_Across] = []
    for ident in idents:
        terms = [*ident.lhs, *ident.rhs]
        if ident.axis == "columns" or any(n not in names for n in terms):
            continue
        if not any(n in owner for n in terms):
            always |= _failures(spec, fixed, [ident])
            continue
        for j in (cols.index(c) for c in ident.across if c in cols):
            values = [None if n in owner else fixed[n][j] for n in terms]
            if any(values[t] is None for t, n in enumerate(terms) if n not in owner):
                continue  # a fixed row's value unknown: the check is never made
            reads = [(t, owner[n]) for t, n in enumerate(terms) if n in owner]
            rest = sum(v or 0.0 for v in values[: len(ident.lhs)])
            rest -= sum(v or 0.0 for v in values[len(ident.lhs) :])
            signs = [(k, 1.0 if t < len(ident.lhs) else -1.0) for t, k in reads]
            across.append(_Across(ident.id, j, len(ident.lhs), values, reads, rest, signs))
    choices = [
        [
            o
            for o, vs in enumerate(nums)
            if not (complete and owner[p.row_id] == k and any(v is None for v in vs))
        ]
        for k, (p, nums) in enumerate(zip(pieces, numbers, strict=True))
    ]
    if complete and always:
        return []
    # whole numbers (well inside a float's exact range) add up to the same sum in any order:
    # a check across rows is then its fixed rows' difference plus each piece's value
    whole = all(
        v is None or (v.is_integer() and -(2**40) < v < 2**40)
        for vs in (*fixed.values(), *(o for nums in numbers for o in nums))
        for v in vs
    )
    # each check across rows is made once the last piece it reads is picked
    due: list[list[_Across]] = [[] for _ in pieces]
    for check in across:
        due[max(k for _, k in check.reads)].append(check)
    # what a piece's option fails depends on the options of the pieces its due checks read
    # only: found once for each choice of those (``made``), not once for every reading
    keys = [
        itemgetter(*sorted({k, *(i for c in due[k] for _, i in c.reads)}))
        for k in range(len(pieces))
    ]
    made: list[dict[object, frozenset[tuple[str, str, int]]]] = [{} for _ in pieces]
    out: list[tuple[tuple[int, ...], frozenset[tuple[str, str, int]]]] = []
    picked: list[int] = []

    def failing(k: int, o: int) -> frozenset[tuple[str, str, int]]:
        more = set(own[k][o]) if owner[pieces[k].row_id] == k else set()
        for check in due[k]:
            if whole:
                diff = check.rest
                for i, sign in check.signs:
                    v = numbers[i][picked[i]][check.column]
                    if v is None:
                        break
                    diff += sign * v
                else:
                    if diff:
                        more.add((check.ident, "", check.column))
                continue
            j, values, split = check.column, check.values[:], check.split
            for t, i in check.reads:
                values[t] = numbers[i][picked[i]][j]
            # _equal inlined (no None here): this runs for every check of every choice
            if None not in values and not (
                abs(sum(values[:split]) - sum(values[split:])) < 1e-6  # type: ignore[arg-type]
            ):
                more.add((check.ident, "", j))
        return frozenset(more)

    last = len(pieces) - 1

    def pick(k: int, failed: frozenset[tuple[str, str, int]]) -> None:
        """Readings in the order of ``itertools.product``; with ``complete`` a reading that
        fails a check is dropped as soon as it does, with the readings it starts. The last
        piece's options end their readings here, without a call each."""
        key, known = keys[k], made[k]
        for o in choices[k]:
            picked.append(o)
            at = key(picked)
            more = known.get(at)
            if more is None:
                more = known[at] = failing(k, o)
            if k == last:
                if not more:
                    out.append((tuple(picked), failed))
                elif not complete:
                    out.append((tuple(picked), failed | more))
            elif not more:
                pick(k + 1, failed)
            elif not complete:
                pick(k + 1, failed | more)
            picked.pop()

    pick(0, frozenset(always))
    # pick refers to itself, a cycle that would hold every reading's work until a collection
    pick = None  # type: ignore[assignment]
    return out


@dataclass(frozen=True, slots=True)
class _Across:
    """An identity across rows in one column, with pieces among its terms: the fixed rows'
    values in term order (None where a piece's value goes), and each piece's (term, piece)."""

    ident: str
    column: int
    split: int
    values: list[float | None]
    reads: list[tuple[int, int]]
    #: the fixed rows' values on the left less those on the right, and each piece's
    #: (piece, sign): the check made by adding, when every value is a whole number
    rest: float
    signs: list[tuple[int, float]]


def _agreed(options: list[Option]) -> list[GridCell | None]:
    """Per column: the cell every reading gives (same text), else None."""
    out: list[GridCell | None] = []
    for cells in zip(*options, strict=True):
        texts = {c.text.strip() if c is not None else None for c in cells}
        out.append(cells[0] if len(texts) == 1 else None)
    return out


def _numbers(row: Row, cols: list[str]) -> list[float | None]:
    """The row's values for the identities: a printed blank counts as nothing, a cell not
    read (or not a number) as unknown."""
    out: list[float | None] = []
    for c in cols:
        cell = row.cells.get(c)
        value = None if cell is None else 0.0 if cell.value is None else cell.value
        out.append(float(value) if isinstance(value, int | float) else None)
    return out


def _number(cell: GridCell | None) -> float | None:
    if cell is None:
        return None
    if is_blank(cell.text):
        return 0.0
    value, _ = parse_value(cell.text)
    return float(value) if isinstance(value, int | float) else None


def _common(tried: list[tuple[tuple[int, ...], frozenset[tuple[str, str, int]]]]) -> frozenset:
    """The checks every reading fails."""
    return tried[0][1].intersection(*(failed for _, failed in tried))


def _failures(
    spec: TableSpec, values: dict[str, list[float | None]], idents: list[Identity]
) -> set[tuple[str, str, int]]:
    """The checks of 表三's identities ``idents`` that fail, each as (identity, row, column);
    a check with a term unknown or missing is not made."""
    cols = [c.id for c in spec.columns]
    out: set[tuple[str, str, int]] = set()
    for ident in idents:
        if ident.axis == "columns":
            k = [cols.index(c) for c in (*ident.lhs, *ident.rhs)]
            for rid, vs in values.items():
                terms = [vs[j] for j in k]
                if all(t is not None for t in terms) and not _equal(terms, len(ident.lhs)):
                    out.add((ident.id, rid, -1))
            continue
        names = [*ident.lhs, *ident.rhs]
        if any(n not in values for n in names):
            continue
        for j in (cols.index(c) for c in ident.across if c in cols):
            terms = [values[n][j] for n in names]
            if all(t is not None for t in terms) and not _equal(terms, len(ident.lhs)):
                out.add((ident.id, "", j))
    return out


def _equal(terms: list[float | None], split: int) -> bool:
    nums = [t or 0.0 for t in terms]
    return abs(sum(nums[:split]) - sum(nums[split:])) < 1e-6


# ---------------------------------------------------------------- results


def _row(spec: TableSpec, piece: _Piece, cells: list[GridCell | None]) -> Row:
    at = piece.location
    out: dict[str, Cell] = {}
    for col, grid in zip(spec.columns, cells, strict=True):
        if grid is None:
            continue
        value, notes = parse_value(grid.text)
        g = grid.location
        loc = Location(g.path, g.page, g.line, "requests", piece.row_id, col.id)
        out[col.id] = Cell(value, grid.text, loc, (*notes, *filter(None, (grid.note, piece.note))))
    base = Location(at.path, at.page, at.line, "requests", piece.row_id)
    return Row(piece.row_id, piece.label, out, base)


def _loose_lines(done: dict[str, Row]) -> set[int]:
    return {
        c.location.line
        for row in done.values()
        for c in row.cells.values()
        if c.location.line is not None and any("印在表格之外" in n for n in c.notes)
    }


def _settled(p: Problem, done: dict[str, Row], loose_lines: set[int]) -> bool:
    """A problem the placed rows answer: a short row now read in full, a loose number used."""
    if p.table != "requests":
        return False
    if p.code == "short_row" and p.row in done:
        return len(done[p.row].cells) == (p.expected or 0)
    return p.code == "unrecognised_row" and p.location.line in loose_lines


def _unplaced(piece: _Piece, orphan: Problem) -> Problem:
    return Problem(
        "unplaced_row",
        orphan.location.with_(row=piece.row_id),
        label=piece.official,
        values=orphan.values,
    )
