"""Glued cells (crawled page text: ``一、本年新收政府信息公开申请数量801000081``) → values.

A crawler that keeps only a page's visible text glues every table cell to the next. The text
reader hands such a table over as rows of (label, digit run) in a ``layout="glued"`` grid;
here each digit run is split into the row's columns, and only a split the format's identities
(row totals, column totals, the 勾稽 of table 三) leave as the single possibility is used.
Where several splits satisfy every identity the row's undecided cells stay unread, and a
problem lists the candidates; never is one picked silently. Each value's note says how its
run was split.
"""

from __future__ import annotations

import itertools
import math
import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from functools import cache, lru_cache

from ..formats import FORMAT_2019, FORMAT_2021
from ..formats.spec import RowSpec, TableSpec
from ..model import GridCell, Problem, TableGrid
from ..model.document import new_grid_cell
from ..textnorm import fold
from .stated import StatedCounts, agrees, stated_for
from .tables import ROW_SETS, _keys, decide_active_format

#: longest number one cell holds (digits), and in characters (a minus sign before them)
_MAX_DIGITS = 9
_MAX_CHARS = _MAX_DIGITS + 1
#: splits of one run kept before the run counts as undecidable
_MAX_SPLITS = 5_000
#: ways to spread a run over a row with blank cells tried, at most
_MAX_TRIED = 20_000
#: combinations of the ambiguous rows tried against the identities across rows
_MAX_COMBINATIONS = 200_000
_VALUE = re.compile(r"^-?\d+(?:\.\d+)?$")
#: the rows a glued table's labels name, by a name that keys ``_owners``' cache (hashing the
#: specs themselves costs more than matching)
_SPECS = {**ROW_SETS, "review_litigation": FORMAT_2021.tables["review_litigation"].rows}

Split = tuple[str, ...]


@dataclass(slots=True)
class _Row:
    spec: RowSpec
    label: GridCell
    run: GridCell
    splits: list[Split]
    #: the narrative's words that narrowed the splits (「现行有效规章11件」), and the splits
    #: the identities alone left
    stated: str = ""
    before: tuple[Split, ...] = ()


def unglue(
    grid: TableGrid, table_id: str, stated: Callable[[], StatedCounts] | None = None
) -> tuple[TableGrid, list[Problem]]:
    """A ``cells`` grid with each row's run split where the identities decide it; where they
    leave several splits, the counts the narrative states (``stated()``, called only then:
    reading them costs as much as the split) may leave one."""
    table, row_set = _table(grid, table_id)
    found: dict[str, _Row] = {}
    header: list[GridCell] = []
    for cells in grid.rows:
        label, run = cells[0], cells[1]
        owners = _owners(row_set, label.text)
        header.append(label)
        if table.id == "review_litigation":
            owners = owners[-1:]
        for k, spec in enumerate(owners):
            last = k == len(owners) - 1
            width, groups, blocks = _shape(table, row_set, spec)
            if not last or not run.text.strip():
                # a row printed without numbers, glued to the next label: every cell blank
                if spec.id not in found:
                    blank = GridCell("", run.location)
                    found[spec.id] = _Row(
                        spec, GridCell(spec.label, label.location), blank, [("",) * width]
                    )
                continue
            splits = list(_splits(run.text, width, groups, blocks))
            splits = splits or _sparse(run.text, width, groups)
            found[spec.id] = _Row(spec, GridCell(spec.label, label.location), run, splits)
    rows = list(found.values())
    solutions = _solve(table, rows)
    undecided = len(solutions) > 1 or (not solutions and any(len(r.splits) > 1 for r in rows))
    if stated is not None and undecided:
        counts = stated()
        if counts:
            solutions = narrow(table, rows, solutions, counts)
    problems: list[Problem] = []
    out: list[tuple[GridCell, ...]] = []
    for i, row in enumerate(rows):
        if len(solutions) == 1:
            options = [solutions[0][i]]
        else:
            options = sorted({s[i] for s in solutions}) if solutions else row.splits
        out.append(_cells(row, options))
        if len(options) != 1 and row.run.text.strip():
            problems.append(_ambiguous(table, row, options))
    # the labels as printed stay as label rows (headers included): they tell the format apart
    heads = tuple((c,) for c in header if c.text.strip())
    return TableGrid((*heads, *out), grid.location, layout="cells"), problems


@lru_cache(maxsize=4096)
def _owners(row_set: str, label: str) -> tuple[RowSpec, ...]:
    """The rows of ``_SPECS[row_set]`` a glued label names, in print order: a row printed
    without numbers runs into the next row's label, so one label can name several rows (the
    last one owns the run). A group label directly before its own items (（六）其他处理1.…) is
    not a row of its own. Cached: the same labels are printed in report after report."""
    specs = _SPECS[row_set]
    folded = fold(label)
    hits: list[tuple[int, int, RowSpec]] = []
    for spec in specs:
        keys, exact = _keys(spec)
        # a key that must be the whole label (规章) ends the glued label: the run follows it
        for key in (*keys, *(e for e in exact if folded.endswith(e))):
            start = folded.find(key) if key in keys else len(folded) - len(key)
            while start >= 0:
                hits.append((start, start + len(key), spec))
                start = folded.find(key, start + 1) if key in keys else -1
    taken: list[tuple[int, int, RowSpec]] = []
    for hit in sorted(hits, key=lambda h: (-(h[1] - h[0]), -h[2].priority, h[0])):
        if all(hit[1] <= t[0] or hit[0] >= t[1] for t in taken):
            taken.append(hit)
    ordered = [t[2] for t in sorted(taken)]
    out: list[RowSpec] = []
    for i, spec in enumerate(ordered):
        after = ordered[i + 1] if i + 1 < len(ordered) else None
        if after is not None and after.id.startswith(spec.id + "."):
            continue
        if spec not in out:
            out.append(spec)
    return tuple(out)


def _table(grid: TableGrid, table_id: str) -> tuple[TableSpec, str]:
    """The table's spec and the name of the rows its labels are matched against."""
    if table_id in ("requests", "review_litigation"):
        return FORMAT_2021.tables[table_id], table_id
    printed = "".join(r[0].text for r in grid.rows)
    version = "2019" if decide_active_format([], printed) == "2019" else "2021"
    return (FORMAT_2019 if version == "2019" else FORMAT_2021).tables["active"], f"{version}.active"


#: (row set, row id) → ``_shape``: the same rows are split in report after report
_SHAPES: dict[tuple[str, str], tuple[int, list[tuple[int, list[int]]], dict[int, int] | None]] = {}


def _shape(
    table: TableSpec, row_set: str, spec: RowSpec
) -> tuple[int, list[tuple[int, list[int]]], dict[int, int] | None]:
    """A printed row's width, its identities (``_groups``) and their blocks (``_blocks``),
    made once a row (``row_set`` names the table)."""
    key = (row_set, spec.id)
    shape = _SHAPES.get(key)
    if shape is None:
        width = _width(table, spec)
        groups = _groups(table, spec)
        shape = _SHAPES[key] = (width, groups, _blocks(width, groups))
    return shape


def _width(table: TableSpec, spec: RowSpec) -> int:
    if table.id == "review_litigation":  # printed as one row of 3 × 5 values
        return len(table.rows) * len(spec.columns)
    return len(spec.columns)


def _groups(table: TableSpec, spec: RowSpec) -> list[tuple[int, list[int]]]:
    """(total index, term indexes) of each identity inside one printed row."""
    cols = list(spec.columns)
    if table.id == "review_litigation":
        per = len(cols)
        return [
            (
                g * per + cols.index("total"),
                [g * per + j for j, c in enumerate(cols) if c != "total"],
            )
            for g in range(len(table.rows))
        ]
    out = []
    for ident in table.identities:
        if ident.axis != "columns" or ident.relation != "eq" or spec.id not in ident.across:
            continue
        if len(ident.lhs) == 1 and all(c in cols for c in (*ident.lhs, *ident.rhs)):
            out.append((cols.index(ident.lhs[0]), [cols.index(c) for c in ident.rhs]))
    return out


def _splits(
    run: str, width: int, groups: list[tuple[int, list[int]]], blocks: dict[int, int] | None
) -> Iterator[Split]:
    """Every way to cut the run into ``width`` numbers (no leading zeros, a minus sign only at
    the start of a number, a space always between two numbers) that keeps each row identity
    (``groups``, their ``_blocks``); stops after ``_MAX_SPLITS``. Splits come in one order
    (shortest first part first, then the second …), so the cap keeps the same ones whichever
    way they are found."""
    chunks = run.split()
    digits = "".join(chunks)
    bounds = set(itertools.accumulate(len(c) for c in chunks))
    if blocks is not None and digits.isdigit() and digits.isascii():
        yield from _counted_splits(digits, width, bounds, blocks)
        return
    checks: dict[int, list[tuple[int, list[int]]]] = {}
    for total, terms in groups:
        checks.setdefault(max(total, *terms), []).append((total, terms))
    found = 0

    def walk(pos: int, parts: list[str]) -> Iterator[Split]:
        nonlocal found
        k = len(parts)
        if k == width:
            if pos == len(digits):
                found += 1
                yield tuple(parts)
            return
        left = width - k
        for end in range(pos + 1, min(len(digits), pos + _MAX_CHARS) + 1):
            if len(digits) - end < left - 1 or found >= _MAX_SPLITS:
                break
            part = digits[pos:end]
            if not _VALUE.match(part) or _leading_zero(part):
                continue
            if any(pos < b < end for b in bounds):
                break
            if end < len(digits) and digits[end] in ".":
                continue
            parts.append(part)
            if all(_holds(parts, t, terms) for t, terms in checks.get(k, ())):
                yield from walk(end, parts)
            parts.pop()

    try:
        yield from walk(0, [])
    finally:
        walk = None  # type: ignore[assignment]  # it refers to itself: a cycle otherwise


def _blocks(width: int, groups: list[tuple[int, list[int]]]) -> dict[int, int] | None:
    """{first column: total column} when every row identity is a total printed right after
    its terms (表三: 总计 after the six kinds; 表四: each 总计 after its four outcomes), the
    blocks apart; None for any other shape."""
    out: dict[int, int] = {}
    taken: set[int] = set()
    for total, terms in groups:
        first = total - len(terms)
        if not terms or terms != list(range(first, total)) or taken & set(range(first, total + 1)):
            return None
        taken |= set(range(first, total + 1))
        out[first] = total
    return out if all(c < width for c in taken) else None


def _counted_splits(
    digits: str, width: int, bounds: set[int], blocks: dict[int, int]
) -> Iterator[Split]:
    """``_splits`` for a run of plain digits whose identities are all blocks (terms, then
    their total): a block's total is taken first (a number ending the block), so its terms
    are cut only into parts that can still add up to it, which prunes most of the ways to
    cut the run. The same splits in the same order as trying every cut."""
    size = len(digits)
    if size <= width:
        # a digit a number at least: a run of as many digits as numbers (most rows of 表三)
        # is cut into its digits or not at all, which the search would find the long way
        if size == width and all(
            sum(map(int, digits[first:total])) == int(digits[total])
            for first, total in blocks.items()
        ):
            yield tuple(digits)
        return
    found = 0
    # the end of the longest number starting at each position (no space inside a number: the
    # end of its chunk at most; the last chunk ends the run)
    reach: list[int] = []
    for chunk_end in sorted(bounds):
        reach += [min(start + _MAX_CHARS, chunk_end) for start in range(len(reach), chunk_end)]
    # the sum of the digits before each position: numbers add up, modulo 9, to the sum of
    # their digits however these are cut
    sums = list(itertools.accumulate(map(int, digits), initial=0))

    def part(start: int, end: int) -> str | None:
        """The number between two cuts, or None where it cannot be one."""
        if end > reach[start] or (end - start > 1 and digits[start] == "0"):
            return None
        return digits[start:end]

    def terms(start: int, end: int, count: int, target: int) -> Iterator[list[str]]:
        """``digits[start:end]`` cut into ``count`` numbers adding up to ``target``."""
        if count == 1:
            text = part(start, end)
            if text is not None and int(text) == target:
                yield [text]
            return
        last = min(end - count + 1, reach[start], start + 1 if digits[start] == "0" else end)
        for cut in range(start + 1, last + 1):
            value = int(digits[start:cut])
            if value > target:
                break  # longer numbers from here are larger still
            least, limit = _range(end - cut, count - 1)
            if least <= target - value < limit:
                for rest in terms(cut, end, count - 1, target - value):
                    yield [digits[start:cut], *rest]

    def block(pos: int, first: int, total: int) -> list[tuple[int, list[str]]]:
        """Every way to cut the block starting at ``pos``, in the order of their lengths, with
        where it ends."""
        count = total - first
        later = width - 1 - total  # columns after the block, a digit each at least
        out: list[tuple[int, list[str]]] = []
        for start in range(pos + count, size - later):
            nines = (sums[start] - sums[pos]) % 9  # what the terms add up to, modulo 9
            # and _MAX_CHARS digits each at most: a total that ends sooner leads to no split
            # (a block that ends the row ends with the run), so its terms are not cut
            least = max(start + 1, size - later * _MAX_CHARS)
            for end in range(least, min(size - later, reach[start]) + 1):
                text = part(start, end)
                if text is None:
                    break  # a leading zero
                value = int(text)
                least, limit = _range(start - pos, count)
                if value % 9 == nines and least <= value < limit:
                    out += ((end, [*cut, text]) for cut in terms(pos, start, count, value))
        if len(out) > 1:
            out.sort(key=lambda found: [len(t) for t in found[1]])
        return out

    def walk(pos: int, parts: list[str]) -> Iterator[Split]:
        nonlocal found
        k = len(parts)
        if k == width:
            if pos == size:
                found += 1
                yield tuple(parts)
            return
        if k in blocks:
            for end, cut in block(pos, k, blocks[k]):
                if found >= _MAX_SPLITS:
                    return
                yield from walk(end, parts + cut)
            return
        for end in range(pos + 1, min(size, reach[pos]) + 1):
            if size - end < width - k - 1 or found >= _MAX_SPLITS:
                break
            if end - pos > 1 and digits[pos] == "0":
                break
            yield from walk(end, [*parts, digits[pos:end]])

    try:
        yield from walk(0, [])
    finally:
        walk = terms = None  # type: ignore[assignment]  # each refers to itself: a cycle otherwise


@cache
def _range(length: int, count: int) -> tuple[int, int]:
    """(least, limit): ``length`` digits cut into ``count`` numbers can add up to a target
    only in ``least <= target < limit``. One of them has at least ⌈length/count⌉ digits (no
    leading zero), and the sum is largest when one number takes every digit the others
    leave. An empty range when there are fewer digits than numbers."""
    if length < count:
        return 1, 0
    widest = -(-length // count)
    least = 10 ** (widest - 1) if widest > 1 else 0
    return least, 10 ** (length - count + 1) + 10 * (count - 1)


def _sparse(run: str, width: int, groups: list[tuple[int, list[int]]]) -> list[Split]:
    """Fewer digits than cells, and no split fits: some cells were printed blank (their text
    leaves no trace when glued). Every split of the run into fewer numbers, spread in order
    over the columns with the others blank, that keeps the row identities (a blank counts as
    nothing)."""
    digits = "".join(run.split())
    if (
        not digits
        or len(digits) >= width
        or math.comb(len(digits) - 1 + width, width - 1) > _MAX_TRIED
    ):
        return []  # nothing to split, or too many ways to list
    out: list[Split] = []
    for k in range(1, len(digits) + 1):
        for parts in _splits(run, k, [], {}):
            for cols in itertools.combinations(range(width), k):
                it = iter(parts)
                split = tuple(next(it) if j in cols else "" for j in range(width))
                if all(_holds(split, t, terms) for t, terms in groups):
                    out.append(split)
    return out


def _leading_zero(part: str) -> bool:
    body = part.lstrip("-")
    return (len(body) > 1 and body[0] == "0" and not body.startswith("0.")) or body == "-0"


def _holds(parts: Sequence[str], total: int, terms: list[int]) -> bool:
    return abs(_float(parts[total]) - sum(_float(parts[t]) for t in terms)) < 1e-6


def _float(text: str) -> float:
    return float(text) if text else 0.0


def _solve(table: TableSpec, rows: list[_Row]) -> list[tuple[Split, ...]]:
    """Every choice of one split per row that keeps the identities across rows; [] when there
    are too many to try (then each row keeps its own candidates)."""
    if any(not r.splits for r in rows):
        return []
    count = 1
    for r in rows:
        count *= len(r.splits)
        if count > _MAX_COMBINATIONS:
            return []
    first = tuple(r.splits[0] for r in rows)
    checks = []
    for check in _checks(table, rows):
        if check.varying:
            checks.append(check)
        elif not check.holds(first):  # the same texts whatever is chosen
            return []
    return [
        combo
        for combo in itertools.product(*(r.splits for r in rows))
        if all(check.holds(combo) for check in checks)
    ]


@dataclass(slots=True)
class _Check:
    """One identity across rows in one column: Σ left terms = Σ right terms, unless a term is
    printed blank. Its result is kept by the texts of the terms whose rows' splits differ in
    that column: a column takes few texts, met again in combination after combination."""

    #: (row, position in the split) of each term, the left side's first
    terms: list[tuple[int, int]]
    left: int
    varying: list[tuple[int, int]]
    known: dict[tuple[str, ...], bool] = field(default_factory=dict)

    def holds(self, combo: Sequence[Split]) -> bool:
        key = tuple([combo[i][j] for i, j in self.varying])
        found = self.known.get(key)
        if found is None:
            texts = [combo[i][j] for i, j in self.terms]
            found = "" in texts or (
                abs(sum(map(float, texts[: self.left])) - sum(map(float, texts[self.left :])))
                <= 1e-6
            )
            self.known[key] = found
        return found


def _checks(table: TableSpec, rows: list[_Row]) -> Iterator[_Check]:
    """The identities across rows, a check per column. An identity with a row not printed is
    none (nothing to compare), nor a column one of its rows does not have."""
    index = {r.spec.id: i for i, r in enumerate(rows)}
    # each row's columns whose text differs between its splits, found once a row
    varies = [
        {j for j, texts in enumerate(zip(*r.splits, strict=True)) if len(set(texts)) > 1}
        if len(r.splits) > 1
        else set()
        for r in rows
    ]
    for ident in table.identities:
        names = (*ident.lhs, *ident.rhs)
        if ident.axis != "rows" or ident.relation != "eq" or any(n not in index for n in names):
            continue
        specs = [rows[index[n]].spec for n in names]
        for col in ident.across:
            if all(col in spec.columns for spec in specs):
                terms = [
                    (index[n], spec.columns.index(col))
                    for n, spec in zip(names, specs, strict=True)
                ]
                varying = [(i, j) for i, j in terms if j in varies[i]]
                yield _Check(terms, len(ident.lhs), varying)


def narrow(
    table: TableSpec, rows: list[_Row], solutions: list[tuple[Split, ...]], stated: StatedCounts
) -> list[tuple[Split, ...]]:
    """Keep the splits that agree with the narrative's counts, when some do (a narrative
    that contradicts every split is not believed over the table: nothing is narrowed)."""
    index = {r.spec.id: i for i, r in enumerate(rows)}

    def ok(i: int, split: Split) -> bool:
        return agrees(table, rows[i].spec, split, stated)

    if solutions:
        keep = [c for c in solutions if all(ok(i, c[i]) for i in range(len(rows)))]
        if keep and len(keep) < len(solutions):
            for i, row in enumerate(rows):
                before = sorted({c[i] for c in solutions})
                if len({c[i] for c in keep}) < len(before):
                    row.stated = "；".join(st.raw for st in stated_for(table, row.spec, stated))
                    row.before = tuple(before)
            return keep
        return solutions
    for row in rows:
        kept = [sp for sp in row.splits if ok(index[row.spec.id], sp)]
        if kept and len(kept) < len(row.splits):
            row.before = tuple(row.splits)
            row.splits = kept
            row.stated = "；".join(st.raw for st in stated_for(table, row.spec, stated))
    return solutions


def _cells(row: _Row, options: list[Split]) -> tuple[GridCell, ...]:
    if not options:
        return (row.label,)
    run = row.run
    loc = run.location
    how = "/".join(options[0]) if len(options) == 1 else ""
    # one note for the row's cells (a value's, not a blank's)
    if how and row.stated:
        note = _stated_note(row, how)
    elif how:
        note = f"由连写数字“{run.text.strip()}”按勾稽关系唯一拆分（{how}）"
    else:
        note = f"由连写数字“{run.text.strip()}”拆分：各种满足勾稽关系的拆法在此格一致"
    if len(options) == 1:
        return (row.label, *[new_grid_cell(t, loc, note=note if t else "") for t in options[0]])
    cells = [row.label]
    for values in zip(*options, strict=True):  # a column's texts, one per option
        text = values[0]
        if len(set(values)) == 1:
            cells.append(new_grid_cell(text, loc, note=note if text else ""))
        else:
            cells.append(new_grid_cell("", loc, unread=True))
    return tuple(cells)


def _stated_note(row: _Row, how: str) -> str:
    listed = "；".join("/".join(sp) for sp in row.before)
    return (
        f"由连写数字“{row.run.text.strip()}”拆分为 {how}：可能的拆法有 "
        f"{len(row.before)} 种（{listed}），与正文所述「{row.stated}」相符的只此一种"
    )


def _ambiguous(table: TableSpec, row: _Row, options: list[Split]) -> Problem:
    return Problem(
        "glued_ambiguous",
        row.run.location.with_(table=table.id, row=row.spec.id, x=None),
        label=row.spec.label,
        values=tuple("/".join(v or "空" for v in o) for o in options),
        text=row.run.text.strip(),
    )
