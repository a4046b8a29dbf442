"""Row records → the three tables, by the row keys of the national formats.

Each printed row is matched by the phrases that identify it (``RowSpec.keys``), never by its
position alone; a row whose label is missing or unreadable borrows the label fragments printed
next to it, or the row above when it is a continuation line. What cannot be placed is
reported as a ``Problem``, never guessed.
"""

from __future__ import annotations

import bisect
import itertools
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import cache, lru_cache
from statistics import median

from ..formats import FORMAT_2019, FORMAT_2021
from ..formats.spec import RowSpec, TableSpec
from ..model import Cell, GridCell, Location, Problem, Row, Table, TraceEvent, Value
from ..model.location import Where, in_table, new_location
from ..model.quick import builder, slots_base
from ..model.report import TextRow, new_cell
from ..model.trace import TraceKind, new_trace_event
from ..textnorm import fold, loose_number
from .orphans import lost_cell, place_short
from .rows import Record, align, fit
from .values import REMEMBERED, is_blank, parse_value, remember

_FRAGMENT_REACH = 2
#: the item number a row label starts with (一、 （一） 1.)
_ITEM = re.compile(
    r"^\s*(?:[（(][一二三四五六七八九十]+[）)]|[一二三四五六七八九十]+、|\d+[.．、])"
)
_MAX_FRAGMENT_CELLS = 8


@dataclass(slots=True)
class Assembly:
    rows: dict[str, Row] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    #: what the assembler did with each printed row, for ``parse --debug``; None when not
    #: asked for (``assemble(…, trace=True)``): a parse makes a report per file, and the
    #: events cost some 3 % of it
    trace: list[TraceEvent] | None = None
    #: the records as assembled (labels joined from fragments and continuation lines)
    records: list[Record] = field(default_factory=list)
    #: rows printed with fewer values than columns: row id → the printed value cells, which
    #: only the identities can place (``orphans.settle_requests``)
    short: dict[str, list[GridCell]] = field(default_factory=dict)
    #: row id → the line of numbers without a label merged into it as its second line
    merged: dict[str, Record] = field(default_factory=dict)
    #: ``loose_cells()``, once made
    loose: dict[int, GridCell] | None = None

    def loose_cells(self) -> dict[int, GridCell]:
        """A number a converter lost from a row and printed after it as loose text
        (``22（其中修订 16 件）``): the row's line → the loose line. Made on first use (only
        表三's settling reads it, when a row is left to settle) from the records as printed:
        the assembler asks for it before it relabels one (a row of numbers that takes a label
        is no loose line any more)."""
        if self.loose is None:
            self.loose = loose_numbers(self.records)
        return self.loose


@cache
def _keys(spec: RowSpec) -> tuple[tuple[str, ...], tuple[str, ...]]:
    return tuple(fold(k) for k in spec.keys), tuple(fold(k) for k in spec.exact)


#: the rows a printed label is matched against, by name; the name is the cache key (hashing
#: the specs themselves costs more than matching). 表三 takes the 2021 rows and the 2019
#: single （六）其他处理 row, so either format is read and a mixed one is seen.
ROW_SETS: dict[str, tuple[RowSpec, ...]] = {
    "2021.active": FORMAT_2021.tables["active"].rows,
    "2019.active": FORMAT_2019.tables["active"].rows,
    "requests": FORMAT_2021.tables["requests"].rows
    + tuple(r for r in FORMAT_2019.tables["requests"].rows if r.id == "other"),
}


#: each row set's row ids → their place in it, the order of the assembled table's rows
_ROW_ORDER = {
    name: {spec.id: i for i, spec in enumerate(specs)} for name, specs in ROW_SETS.items()
}


def _ranked(
    specs: tuple[RowSpec, ...],
) -> tuple[dict[str, tuple[RowSpec, str]], tuple[tuple[str, RowSpec], ...]]:
    """A row set's folded keys as ``_match`` ranks them, so that matching a label hashes no
    RowSpec and tries the keys best first: the best row for each exact key (highest priority,
    the first printed of equals), and the other keys by priority, then length, then print
    order, the first one found in a label being the best."""
    exact: dict[str, tuple[RowSpec, str]] = {}
    found: list[tuple[str, RowSpec]] = []
    for spec in specs:
        keys, exact_keys = _keys(spec)
        for k in exact_keys:
            if k not in exact or spec.priority > exact[k][0].priority:
                exact[k] = (spec, k)
        found += ((k, spec) for k in keys)
    found.sort(key=lambda h: (-h[1].priority, -len(h[0])))  # stable: print order among equals
    return exact, tuple(found)


#: each row set's keys, ranked (``_ranked``)
_RANKED = {name: _ranked(specs) for name, specs in ROW_SETS.items()}


@lru_cache(maxsize=1 << 16)
def match_row(row_set: str, label: str) -> tuple[RowSpec, str] | None:
    """The row of ``ROW_SETS[row_set]`` whose key is found in ``label``: exact keys first,
    then priority, then length."""
    return _match(_RANKED[row_set], fold(label))


@lru_cache(maxsize=1 << 16)
def match_folded(row_set: str, folded: str) -> tuple[RowSpec, str] | None:
    """``match_row`` of a label given folded."""
    return _match(_RANKED[row_set], folded)


#: ``match_row`` of the labels seen, by row set (a dict look-up costs a third of the
#: ``lru_cache`` call, made once a printed row)
_MATCHED: dict[str, dict[str, tuple[RowSpec, str] | None]] = {name: {} for name in ROW_SETS}


def _matches(row_set: str, recs: list[Record]) -> list[tuple[RowSpec, str] | None]:
    """``[match_row(row_set, r.label) for r in recs]``, kept in ``_MATCHED`` (emptied when
    full: a batch export holds many labels)."""
    seen = _MATCHED[row_set]
    out: list[tuple[RowSpec, str] | None] = []
    for r in recs:
        label = r.label
        if label in seen:
            out.append(seen[label])
        else:
            if len(seen) >= REMEMBERED:
                seen.clear()
            out.append(hit := match_row(row_set, label))
            seen[label] = hit
    return out


def _match(
    ranked: tuple[dict[str, tuple[RowSpec, str]], tuple[tuple[str, RowSpec], ...]], folded: str
) -> tuple[RowSpec, str] | None:
    if not folded:
        return None
    exact, keys = ranked
    hit = exact.get(folded)
    if hit is not None:
        return hit
    for k, spec in keys:
        if k in folded:
            return spec, k
    return None


def _position(rec: Record, index: int) -> float:
    """Where the row was printed, for nearness: page and line (lines restart on each page of a
    PDF), else its index in the table."""
    at = rec.at  # not its Location, made only for this
    if type(at) is Location:
        page, line = at.page, at.line
    else:
        _path, page, line = at
    if line is None:
        return float(index)
    return (page or 0) * 100_000.0 + line


#: a placed row's value cells by column (None where a column was left blank), or for a text
#: row whose values fill its columns, the index of the first in ``Record.texts``: its values
#: are read from its texts without making its cells
Slots = list[GridCell | None] | int


def _cells_placed(
    placed: dict[str, tuple[RowSpec, Record, Slots]], row_id: str
) -> tuple[RowSpec, Record, list[GridCell | None]]:
    """A placed row with its value cells made (a continuation line merges into them)."""
    spec, rec, slots = placed[row_id]
    if isinstance(slots, int):
        at = slots - rec.split
        slots = list(rec.values[at : at + len(spec.columns)])
        placed[row_id] = (spec, rec, slots)
    return spec, rec, slots


@dataclass(slots=True)
class _Work:
    """The assembler's state: the records, what each matched, where each official row was
    placed."""

    table: TableSpec
    row_set: str
    recs: list[Record]
    matched: list[tuple[RowSpec, str] | None]
    #: records with values, and records with a label only (fragments, blank rows)
    data: list[int]
    label_only: list[int]
    #: records printed blank under an item's label that matches no row (a wrapped label:
    #: ``_join_fragments``), and whether a record with values matches no row
    blank: list[int]
    unmatched: bool
    out: Assembly
    placed: dict[str, tuple[RowSpec, Record, Slots]] = field(default_factory=dict)
    used_fragments: set[int] = field(default_factory=set)


def assemble(table: TableSpec, row_set: str, recs: list[Record], trace: bool = False) -> Assembly:
    """The table's rows from its printed records, matched against ``ROW_SETS[row_set]``;
    ``trace``: keep what was done with each record (``Assembly.trace``).

    ``recs`` are the caller's to give away (``extract`` builds them for this table alone):
    labels joined from fragments and continuation lines are set on them, not on copies (a
    copy per printed row cost 2 % of parsing), and they are returned in ``Assembly.records``."""
    matched = _matches(row_set, recs)
    data: list[int] = []
    label_only: list[int] = []
    blank: list[int] = []
    unmatched = False
    for i, r in enumerate(recs):  # one pass, not one for each list
        if not r.width:
            if r.labelled:
                label_only.append(i)
        elif r.has_values:
            data.append(i)
            unmatched = unmatched or matched[i] is None
        elif matched[i] is not None:
            data.append(i)
        elif _ITEM.match(r.label):
            blank.append(i)
    out = Assembly(records=recs, trace=[] if trace else None)
    w = _Work(table, row_set, recs, matched, data, label_only, blank, unmatched, out)
    _join_fragments(w)
    _join_item_rest(w)
    _place_rows(w)
    _place_blank_rows(w)
    placed = w.placed
    for row_id in sorted(placed, key=_ROW_ORDER[row_set].__getitem__):
        spec, rec, slots = placed[row_id]
        out.rows[row_id] = _row(table.id, spec, rec, slots)
    return out


def _join_fragments(w: _Work) -> None:
    """A row with values but no usable label takes the label fragments printed around it;
    a fragment equally near two rows goes to the one whose own label matches nothing."""
    recs, matched = w.recs, w.matched
    fragments: dict[int, list[int]] = {}
    # a row printed with its label only, its cells blank, whose label (an item's: a header
    # row's has no item number) wraps: a target too
    blank = w.blank
    if not blank and not w.unmatched:
        # every row matched its own label (the usual table): a fragment would go to a row
        # that keeps its label, so none is joined, and the rows need no ranking
        return
    targets = sorted({*w.data, *blank})
    # equally near: a row whose own label matches nothing before one that matches, one with a
    # label of its own (cut short) before a row of numbers with none. That order does not
    # depend on the fragment, so the rows printed at one position (a glued table's are all on
    # one line) are ranked once, not for each fragment
    rank = {d: (matched[d] is not None, not recs[d].labelled, -d) for d in targets}
    best_at: dict[float, int] = {}
    for d in targets:
        p = _position(recs[d], d)
        if p not in best_at or rank[d] < rank[best_at[p]]:
            best_at[p] = d
    positions = sorted(best_at)
    for f in w.label_only:
        pos = _position(recs[f], f)
        lo = bisect.bisect_left(positions, pos - _FRAGMENT_REACH)
        hi = bisect.bisect_right(positions, pos + _FRAGMENT_REACH)
        if lo < hi:
            near = min([(abs(p - pos), rank[best_at[p]], best_at[p]) for p in positions[lo:hi]])
            fragments.setdefault(near[2], []).append(f)
    for d in targets:
        if matched[d] is not None or d not in fragments:
            continue
        parts = sorted([d, *fragments[d]], key=lambda i: _position(recs[i], i))
        found = _best_join(w.row_set, recs[d], [recs[i] for i in parts])
        if found:
            cells, hit = found
            rec = recs[d]
            _relabel(w.out, rec, cells)
            rec.lines = sorted({ln for i in parts for ln in recs[i].lines})
            matched[d] = hit
            w.used_fragments.update(fragments[d])
            if w.out.trace is not None:
                joined = "".join(c.text.strip() for c in cells)
                w.out.trace.append(_event("joined_label", w.table.id, rec, label=joined))
    w.data = [d for d in targets if d in w.data or matched[d] is not None]


def _join_item_rest(w: _Work) -> None:
    """A group label printed in its first item's row with that item's label wrapped
    (``（六）其他处理 | 1.申请人无正当理由逾`` then ``期不补正、……`` on a line of its own)
    matches the group; joined with the rest on the next line it names the item."""
    recs, matched = w.recs, w.matched
    rest = {recs[f].line: f for f in w.label_only if f not in w.used_fragments}
    if not rest:
        return
    for d in w.data:
        m, line = matched[d], recs[d].line
        if m is None or line is None or line + 1 not in rest:
            continue
        f = rest[line + 1]
        found = _best_join(w.row_set, recs[d], [recs[d], recs[f]])
        if found is None or not found[1][0].id.startswith(m[0].id + "."):
            continue
        _relabel(w.out, recs[d], found[0])
        recs[d].lines = sorted({*recs[d].lines, *recs[f].lines})
        matched[d] = found[1]
        w.used_fragments.add(f)


def _place_rows(w: _Work) -> None:
    """Place every data row; a continuation line merges into the row above it."""
    table_id, out, placed, recs, matched = w.table.id, w.out, w.placed, w.recs, w.matched
    trace = out.trace
    previous: str | None = None
    for d in w.data:
        rec, m = recs[d], matched[d]
        if m is None:
            if previous and _merge_continuation(_cells_placed(placed, previous), rec, out):
                if trace is not None:
                    trace.append(_event("continuation", table_id, rec, row=previous))
                if not rec.labelled:
                    out.merged[previous] = rec
                _tie_lost(rec, table_id, placed[previous][0], out)
                above = placed[previous][1]
                out.problems.append(
                    Problem(
                        "continuation_joined",
                        _loc(rec, table_id, previous),
                        label=above.label,
                        lines=tuple(above.lines),
                    )
                )
            elif rec.has_values:
                out.problems.append(
                    Problem(
                        "unrecognised_row",
                        _loc(rec, table_id, None),
                        label=rec.label,
                        values=tuple(c.text for c in rec.values),
                    )
                )
                if trace is not None:
                    trace.append(_event("unrecognised", table_id, rec, label=rec.label))
            continue
        spec, key = m
        if spec.id in placed:
            first = placed[spec.id][1]
            out.problems.append(
                Problem(
                    "duplicate_row",
                    _loc(rec, table_id, spec.id),
                    label=spec.label,
                    lines=(first.line, rec.line),
                    values=tuple(c.text.strip() for c in rec.values if not is_blank(c.text)),
                )
            )
            if trace is not None:
                trace.append(_event("duplicate", table_id, rec, row=spec.id))
            continue
        row_id = spec.id
        slots: Slots | None = None
        if rec.where is not None:  # a text row: its values read from its texts where they fit
            width = len(spec.columns)
            # _printed_start's first answer without its call: values that fill the columns
            slots = rec.split if rec.width == width else _printed_start(rec, width)
        if slots is None:
            slots = (
                list(rec.values)  # the usual row: a value a column (``_fit``'s first answer)
                if rec.width == len(spec.columns) and rec.layout != "positions"
                else _fit(spec, rec, recs, w.data, out, table_id)
            )
        if rec.lost is not None:
            _tie_lost(rec, table_id, spec, out)
        placed[row_id] = (spec, rec, slots)
        previous = row_id
        if trace is not None:
            shown = (
                rec.texts[slots : slots + len(spec.columns)]
                if isinstance(slots, int)
                else tuple([c.text if c else "" for c in slots])
            )
            trace.append(
                _event("matched", table_id, rec, label=rec.label, row=row_id, key=key, values=shown)
            )


def _tie_lost(rec: Record, table_id: str, spec: RowSpec | None, out: Assembly) -> None:
    """A printed row that lost cells (the reader saw fewer cells than its table has) becomes
    a problem of the report row it went to (of the whole table when the table's values run
    across rows), so no identity is computed over values that may sit one column off their
    header."""
    if rec.lost is None:
        return
    out.problems.append(
        Problem(
            "missing_cells",
            _loc(rec, table_id, spec.id if spec else None),
            label=spec.label if spec else "",
            lines=tuple(rec.lines),
            values=tuple(c.text.strip() for c in rec.values if not is_blank(c.text)),
            text=rec.lost.message,
        )
    )
    rec.lost = None


def _relabel(out: Assembly, rec: Record, cells: list[GridCell]) -> None:
    """``rec.relabel(cells)``, the loose cells read first (``Assembly.loose_cells``)."""
    out.loose_cells()
    rec.relabel(cells)


def _place_blank_rows(w: _Work) -> None:
    """In a position layout a row printed with its label only is a row of blank cells (its
    label may wrap onto the next line too)."""
    recs, matched = w.recs, w.matched
    for a, b in zip(w.label_only, w.label_only[1:], strict=False):
        if matched[a] or matched[b] or recs[a].layout != "positions":
            continue
        if abs(_position(recs[b], b) - _position(recs[a], a)) > _FRAGMENT_REACH:  # not near
            continue
        if {a, b} & w.used_fragments:
            continue
        found = _best_join(w.row_set, recs[a], [recs[a], recs[b]])
        if found:
            _relabel(w.out, recs[a], found[0])
            recs[a].lines = sorted({*recs[a].lines, *recs[b].lines})
            matched[a] = found[1]
            w.used_fragments.add(b)
    for i in w.label_only:
        m = matched[i]
        rec = recs[i]
        if m is None or rec.layout != "positions" or i in w.used_fragments or m[0].id in w.placed:
            continue
        spec = m[0]
        w.placed[spec.id] = (spec, rec, [None] * len(spec.columns))
        w.out.problems.append(
            Problem("blank_row", _loc(rec, w.table.id, spec.id), label=spec.label)
        )
        if w.out.trace is not None:
            w.out.trace.append(_event("blank_row", w.table.id, rec, label=rec.label, row=spec.id))


def _best_join(
    row_set: str, own: Record, parts: list[Record]
) -> tuple[list[GridCell], tuple[RowSpec, str]] | None:
    """The label a row's fragments make: the fragment cells, kept in print order, whose join
    with the row's own label identifies a row. Cells of a neighbouring column (the characters
    of a vertical group label such as 结/果) can sit on the same lines, so every subset of the
    few fragment cells is tried and the best-identified, fullest label wins."""
    cells = [c for r in parts for c in r.label_cells]
    own_ids = {id(c) for c in own.label_cells}
    loose = [k for k, c in enumerate(cells) if id(c) not in own_ids][:_MAX_FRAGMENT_CELLS]
    texts = [c.text.strip() for c in cells]  # stripped once, not once a subset
    match: Callable[[str, str], tuple[RowSpec, str] | None] = match_row
    if FOLDS_BY_PIECE.fullmatch("".join(texts)):
        # a label's folded form is its cells' folded forms joined: each cell is folded once,
        # not once in each of the up to 256 subsets' labels
        texts = list(map(_folded, texts))
        match = match_folded
    # the subsets' labels, subset ``mask`` (a bit per loose cell, in print order) at index
    # ``mask``: built a loose cell at a time, each label once from a shorter one's, with the
    # cells always kept (the row's own) between them
    labels = ["".join(texts[: loose[0]] if loose else texts)]
    for b, k in enumerate(loose):
        after = "".join(texts[k + 1 : loose[b + 1] if b + 1 < len(loose) else len(texts)])
        with_k = texts[k] + after
        labels = [label + after for label in labels] + [label + with_k for label in labels]
    always = len(cells) - len(loose)
    best: tuple[tuple[int, int, int], int, tuple[RowSpec, str]] | None = None
    for mask, m in enumerate(map(match, itertools.repeat(row_set), labels)):
        if m is None:
            continue
        score = (m[0].priority, len(m[1]), always + mask.bit_count())
        if best is None or score > best[0]:
            best = (score, mask, m)
    if best is None:
        return None
    mask = best[1]
    dropped = {k for b, k in enumerate(loose) if not mask >> b & 1}
    return [c for k, c in enumerate(cells) if k not in dropped], best[2]


def _printed_start(rec: Record, width: int) -> int | None:
    """Where a text row's values fill ``width`` columns, the index of the first in its texts,
    read as ``_fit`` places its cells (``fit``: blank cells trimmed at the end, then at the
    start, down to ``width``); None where that leaves fewer values, or values beyond the
    columns (``_fit`` reports them)."""
    texts = rec.texts
    start, end = rec.split, len(texts)
    if end - start <= width:  # the usual row: its values fill the columns, or too few
        return start if end - start == width else None
    while end - start > width and is_blank(texts[end - 1]):
        end -= 1
    while end - start > width and is_blank(texts[start]):
        start += 1
    for text in texts[start + width : end]:
        if not is_blank(text):
            return None
    return start


def _fit(
    spec: RowSpec,
    rec: Record,
    recs: list[Record],
    data: list[int],
    out: Assembly,
    table_id: str,
) -> list[GridCell | None]:
    width = len(spec.columns)
    if rec.layout == "positions":
        values = [c for c in rec.values if not is_blank(c.text)]
        if len(values) == width:
            return list(values)
        centres = _centres(recs, data, width, rec.location.page)
        if centres and len(values) < width:
            out.problems.append(
                Problem(
                    "aligned_by_position",
                    _loc(rec, table_id, spec.id),
                    label=spec.label,
                    expected=width,
                    found=len(values),
                )
            )
            return align(values, centres)
        vals, extra = values[:width], values[width:]
    elif len(rec.values) == width:  # the usual row: a value a column, nothing to trim
        return list(rec.values)
    else:
        vals, extra = fit(rec.values, width)
    if extra:
        out.problems.append(
            Problem(
                "extra_values",
                _loc(rec, table_id, spec.id),
                label=spec.label,
                values=tuple(c.text for c in extra),
                expected=width,
            )
        )
        rec.extra = extra
    if len(vals) < width:
        printed = tuple(c.text for c in vals if not is_blank(c.text))
        out.problems.append(
            Problem(
                "short_row",
                _loc(rec, table_id, spec.id),
                label=spec.label,
                values=printed,
                expected=width,
                found=len(vals),
            )
        )
        out.short[spec.id] = list(vals)
        if printed:
            # nothing tells which columns the printed values belong to: none is guessed
            return [GridCell(c.text, c.location, unread=True) for c in vals]
    return list(vals)


def _centres(recs: list[Record], data: list[int], width: int, page: int | None) -> list[float]:
    full = [
        [c.location.x or 0.0 for c in recs[d].values if not is_blank(c.text)]
        for d in data
        if recs[d].layout == "positions"
    ]
    full = [xs for xs in full if len(xs) == width]
    if not full:
        return []
    return [median(xs[i] for xs in full) for i in range(width)]


#: a loose number lost from a row follows it within this many lines, or as many lines
#: after the rest of its wrapped label (at most this many loose lines between them)
_LOOSE_REACH = 2


def _loose_line(rec: Record) -> bool:
    """A record that is one number printed on a line of its own (maybe with a remark)."""
    if rec.layout != "cells" or rec.width > 1:  # the usual answer, told first
        return False
    cells = [c for c in (*rec.label_cells, *rec.values) if not is_blank(c.text)]
    return len(cells) == 1 and loose_number(cells[0].text) is not None


def loose_numbers(recs: list[Record]) -> dict[int, GridCell]:
    """Row line → the loose line right after the row that holds one number: a converter lost
    the cell from the row and printed it there (a wrapped label's rest may come between)."""
    out: dict[int, GridCell] = {}
    for i, rec in enumerate(recs):
        below = rec.line
        # most records have several values: told here, before a call per record
        if rec.width > 1 or below is None or not _loose_line(rec):
            continue
        cells = [c for c in (*rec.label_cells, *rec.values) if not is_blank(c.text)]
        for j in range(i - 1, max(i - 2 - _LOOSE_REACH, -1), -1):
            above = recs[j]
            if above.line is None or below - above.line > _LOOSE_REACH:
                break
            if above.has_values:
                out.setdefault(above.line, cells[0])
                break
            if above.width:  # a row of blanks: no lost number of its own to print
                break
            below = above.line
    return out


def _merge_continuation(
    target: tuple[RowSpec, Record, list[GridCell | None]], rec: Record, out: Assembly
) -> bool:
    """Merge ``rec`` into the row above when their values never overlap (a split row)."""
    spec, above, slots = target
    if rec.layout == "positions":
        return False
    vals, _ = fit(rec.values, len(spec.columns))
    if len(vals) != len(slots):
        return False
    filled = [c is not None and not is_blank(c.text) for c in slots]
    incoming = [not is_blank(c.text) for c in vals]
    if any(a and b for a, b in zip(filled, incoming, strict=True)) or not any(incoming):
        return False
    for i, has in enumerate(incoming):
        if has:
            slots[i] = vals[i]
    _relabel(out, above, above.label_cells + rec.label_cells)
    above.lines = sorted({*above.lines, *rec.lines})
    return True


#: ``Table(…)`` by position, without the class call
_new_table = builder(Table)
_CELL_SLOTS = slots_base(Cell)
_ROW_SLOTS = slots_base(Row)

#: ``parse_value`` of the value texts seen (``remember``: ``_row`` reads one a value cell)
_VALUES: dict[str, tuple[Value, tuple[str, ...]]] = {}


def _row(table_id: str, spec: RowSpec, rec: Record, slots: Slots) -> Row:
    row_id = spec.id
    # new_row(row_id, rec.label, cells, new_location(r.path, r.page, r.line, table_id, row_id),
    # extra, joined lines), built in place as the cells are; the Location is made on first
    # access from (rec.at, table, row), or for a text row from what its value cells share
    # (``TextRow``: its first printed cell is ``rec.at``) (``Row.location``)
    row = _ROW_SLOTS()
    if isinstance(slots, int):
        shared = (rec.where, slots, table_id, row_id, spec.columns)
        row.cells = _text_cells(shared, rec.texts)
        row.location = shared
    else:
        row.cells = _slot_cells(table_id, row_id, spec.columns, rec.at, slots)
        row.location = (rec.at, table_id, row_id)
    row.id = row_id
    row.label = rec.label
    row.extra = _extra(table_id, row_id, rec.extra) if rec.extra else ()
    lines = rec.lines
    row.joined_lines = tuple(lines) if len(lines) > 1 else ()
    row.__class__ = Row
    return row


def _slot_cells(
    table_id: str, row_id: str, columns: Sequence[str], at: Where, slots: list[GridCell | None]
) -> dict[str, Cell]:
    """A row's value cells by column, from the printed cells placed in its columns; ``at``:
    where the row was printed."""
    cells: dict[str, Cell] = {}
    for col_id, grid_cell in zip(columns, slots):  # noqa: B905 (slots may be fewer)
        if grid_cell is None:
            if type(at) is not Location:  # the row's Location, made at its first blank slot
                at = new_location(*at)
            loc = new_location(at.path, at.page, at.line, table_id, row_id, col_id)
            cells[col_id] = new_cell(None, "", loc, ("该位置无文字，按空白处理",))
            continue
        if grid_cell.unread:
            continue
        # placed_cell(value, text, (where, table, row, col), notes, confidence), built in place
        # (``slots_base``): every field of Cell is stored
        cell = _CELL_SLOTS()
        cell.value, cell.notes = _VALUES.get(text := grid_cell.text) or remember(
            _VALUES, parse_value, text
        )
        cell.raw = text
        # the printed cell's location as stored: a text reader's cell line leaves its
        # Location unbuilt, and most value cells are read by value only
        cell.location = (grid_cell.where, table_id, row_id, col_id)
        if grid_cell.note:
            cell.notes = (*cell.notes, grid_cell.note)
        cell.confidence = grid_cell.confidence
        cell.__class__ = Cell
        cells[col_id] = cell
    return cells


def _text_cells(shared: TextRow, texts: tuple[str, ...]) -> dict[str, Cell]:
    """``_slot_cells`` of a text row whose values from ``texts[start]`` fill the columns
    (``Slots``), from its texts and where they were printed: without the cells
    ``Record.values`` would make. Each value's ``GridCell.where`` is its line's ``Where``, or
    its own (a cell a line): the record's ``where``, shared by the row's cells with the
    ``start``, table, row and columns (``shared``: ``TextRow``)."""
    cells: dict[str, Cell] = {}
    start, columns = shared[1], shared[4]
    for col_id, text in zip(columns, texts[start:]):  # noqa: B905 (the columns fewest)
        # placed_cell(value, text, (shared, col)), built in place as in _slot_cells
        cell = _CELL_SLOTS()
        try:  # a subscript, cheaper than ``.get``'s method call
            cell.value, cell.notes = _VALUES[text]
        except KeyError:
            cell.value, cell.notes = remember(_VALUES, parse_value, text)
        cell.raw = text
        cell.location = (shared, col_id)
        cell.confidence = None
        cell.__class__ = Cell
        cells[col_id] = cell
    return cells


def _extra(table_id: str, row_id: str, extra: Sequence[GridCell]) -> tuple[Cell, ...]:
    """The cells of the values printed beyond a row's columns."""
    return tuple(
        Cell(
            parse_value(c.text)[0],
            c.text,
            c.location.with_(table=table_id, row=row_id, x=None),
        )
        for c in extra
    )


def _event(
    kind: TraceKind,
    table_id: str,
    rec: Record,
    *,
    label: str = "",
    row: str = "",
    key: str = "",
    values: tuple[str, ...] = (),
) -> TraceEvent:
    return new_trace_event(kind, table_id, tuple(rec.lines), label, row, key, values)


def _loc(rec: Record, table_id: str, row_id: str | None) -> Location:
    return in_table(rec.location, table_id, row_id)


# ---------------------------------------------------------------- the three tables


_ACTIVE_PRINTS = {
    f.id: tuple(fold(p) for p in f.tables["active"].fingerprints)
    for f in (FORMAT_2021, FORMAT_2019)
}


def decide_active_format(recs: list[Record], header_text: str) -> str:
    return _active_format(fold(header_text + "".join(r.label for r in recs)), recs)


#: the characters whose NFKC form does not depend on the characters around them: ASCII, CJK
#: punctuation less its tone marks (U+302A–302F, which combine), ideographs (and extension
#: A), full-width forms, curly quotes. A text made of these folds piece by piece: its folded
#: form is its pieces' folded forms joined (``fold`` drops spaces and translates the rest
#: character by character); tests/test_textnorm.py checks every such character
FOLDS_BY_PIECE = re.compile(
    "[\x00-\x7f\u2018-\u201d\u3000-\u3029\u3030-\u303f\u3400-\u4dbf\u4e00-\u9fff\uff01-\uff60]*"
)


@lru_cache(maxsize=4096)
def _folded(label: str) -> str:
    """``fold(label)``, kept: the rows of a table are labelled alike from report to report."""
    return fold(label)


def _active_format(text: str, recs: list[Record]) -> str:
    """The format of 表二 from its folded header and labels: the version whose fingerprints
    it prints more of, else 2019 where the licence row has three values or more."""
    return _fingerprinted(text) or _licence_format(recs)


def _fingerprinted(text: str) -> str | None:
    """The version whose fingerprints a folded 表二 prints more of; None on a tie."""
    score = {fmt: sum(p in text for p in prints) for fmt, prints in _ACTIVE_PRINTS.items()}
    if score["2019"] > score["2021"]:
        return "2019"
    if score["2021"] > score["2019"]:
        return "2021"
    return None


#: ``_fingerprinted`` of a 表二's header and labels as printed (``remember``): the same
#: template is printed from report to report, and folding its labels cost 1.5 % of a parse
_PRINTED_FORMATS: dict[str, str | None] = {}


def _printed_format(printed: str, head: list[str], labels: list[str]) -> str | None:
    """``_fingerprinted`` of the folded ``printed`` (``head`` joined by spaces, then the
    ``labels``), each label folded from a cache where the text folds piece by piece (a
    fold of the whole text cost 2 % of parsing a report)."""
    if FOLDS_BY_PIECE.fullmatch(printed):
        text = "".join(map(_folded, head)) + "".join(map(_folded, labels))
    else:
        text = fold(printed)
    return _fingerprinted(text)


def _licence_format(recs: list[Record]) -> str:
    """表二's format where its fingerprints tie: 2019 where the licence row has three
    values or more."""
    lic = next((r for r in recs if match_row("2019.active", r.label)), None)
    return (
        "2019"
        if lic is not None and len([c for c in lic.values if not is_blank(c.text)]) >= 3
        else "2021"
    )


def build_active(recs: list[Record], trace: bool = False) -> tuple[Table | None, Assembly]:
    if not recs:
        return None, Assembly()
    head = [r.label for r in recs if not r.width or not r.has_values]
    header = " ".join(head)
    labels = [r.label for r in recs]
    printed = header + "".join(labels)
    # decide_active_format(recs, header): the folded text is the printed one's alone
    try:  # a subscript, cheaper than ``.get``'s method call
        fmt = _PRINTED_FORMATS[printed] or _licence_format(recs)
    except KeyError:
        fmt = remember(
            _PRINTED_FORMATS, lambda text: _printed_format(text, head, labels), printed
        ) or _licence_format(recs)
    spec = (FORMAT_2019 if fmt == "2019" else FORMAT_2021).tables["active"]
    asm = assemble(spec, f"{fmt}.active", recs, trace)
    if not asm.rows:
        return None, asm
    _missing_rows(spec, asm, recs)
    return _new_table("active", fmt, asm.rows, _first(recs, "active"), header), asm


def _missing_rows(spec: TableSpec, asm: Assembly, recs: list[Record]) -> None:
    for row in spec.rows:
        if row.id not in asm.rows:
            asm.problems.append(
                Problem("missing_row", in_table(recs[0].location, spec.id, row.id), label=row.label)
            )


#: the 2021 format's rows of （六）其他处理 (``other.…``), one of which a 2021 表三 prints
_OTHER_2021 = frozenset(spec.id for spec in ROW_SETS["requests"] if spec.id.startswith("other."))


def build_requests(recs: list[Record], trace: bool = False) -> tuple[Table | None, Assembly]:
    if not recs:
        return None, Assembly()
    spec = FORMAT_2021.tables["requests"]
    asm = assemble(spec, "requests", recs, trace)
    if not asm.rows:
        return None, asm
    has_2021 = not _OTHER_2021.isdisjoint(asm.rows)
    has_2019 = "other" in asm.rows
    fmt = "2019" if has_2019 and not has_2021 else "2021" if has_2021 or not has_2019 else None
    if has_2019 and has_2021:
        asm.problems.append(Problem("mixed_rows", _first(recs, "requests")))
    _missing_rows((FORMAT_2019 if fmt == "2019" else FORMAT_2021).tables["requests"], asm, recs)
    header = " ".join(r.label for r in asm.records if not r.width or not r.has_values)
    return _new_table("requests", fmt, asm.rows, _first(recs, "requests"), header), asm


def build_review(recs: list[Record], trace: bool = False) -> tuple[Table | None, Assembly]:
    """Table 四 is printed as one row of 15 values under a three-level header."""
    asm = Assembly(trace=[] if trace else None)
    spec = FORMAT_2021.tables["review_litigation"]
    width = sum(len(r.columns) for r in spec.rows)
    values: list[GridCell] = []
    used: list[Record] = []
    for rec in recs:
        if rec.labelled and not rec.has_values:
            continue
        if not rec.width:
            continue
        if not values and rec.where is not None:
            start = _printed_start(rec, width)
            if start is not None:  # a text row of every value (the usual 表四): its texts read
                _tie_lost(rec, "review_litigation", None, asm)
                return _review_table(spec, recs, [rec], start, asm), asm
        vals = (
            rec.values if rec.layout == "cells" else [c for c in rec.values if not is_blank(c.text)]
        )
        if len(vals) >= width and not values:
            vals, extra = fit(vals, width)
            values, used = vals, [rec]
            if extra:
                asm.problems.append(
                    Problem(
                        "extra_values",
                        _loc(rec, "review_litigation", None),
                        values=tuple(c.text for c in extra),
                    )
                )
            break
        values.extend(vals)
        used.append(rec)
        if len(values) >= width:
            break
    if not values:
        return None, asm
    if len(used) > 1 and _loose_line(used[-1]) and len(values) == width:
        # one number on a line of its own after a row one short: a cell lost from the row,
        # not the row's last cell (placed by the totals below, like a loose number)
        values = values[: -len(used.pop().values)]
    for rec in used:
        _tie_lost(rec, "review_litigation", None, asm)
    printed = [c.text for c in values]
    if len(values) == width - 1:
        values = _short_review(spec, recs, used, values)
    if len(values) != width or any(c.unread for c in values):
        asm.problems.append(
            Problem(
                "table_values_count",
                _loc(used[0], "review_litigation", None),
                values=tuple(printed),
                expected=width,
                found=len(printed),
            )
        )
        if len(values) != width:
            return None, asm
    return _review_table(spec, recs, used, values, asm), asm


def _review_table(
    spec: TableSpec,
    recs: list[Record],
    used: list[Record],
    values: list[GridCell] | int,
    asm: Assembly,
) -> Table:
    """表四 of its values in order (``values``: the cells, or for one text row the index of
    the first in its texts, as ``Slots``), a row's columns after another's."""
    rows: dict[str, Row] = {}
    at = 0
    for row_spec in spec.rows:
        n = len(row_spec.columns)
        slots: Slots = values + at if isinstance(values, int) else list(values[at : at + n])
        rows[row_spec.id] = _row("review_litigation", row_spec, used[0], slots)
        at += n
    if asm.trace is not None:
        lines = tuple(sorted({ln for r in used for ln in r.lines}))
        shown = (
            used[0].texts[values : values + at]
            if isinstance(values, int)
            else tuple(c.text for c in values)
        )
        asm.trace.append(TraceEvent("values", "review_litigation", lines, values=shown))
    return _new_table("review_litigation", None, rows, _first(recs, "review_litigation"))


def _short_review(
    spec: TableSpec, recs: list[Record], used: list[Record], values: list[GridCell]
) -> list[GridCell]:
    """Table 四 printed one number short: the numbers placed where the three totals leave one
    way (the lost number printed under the table tried in every column); cells the ways
    disagree on stay unread."""
    per = len(spec.rows[0].columns)
    cols = list(spec.rows[0].columns)
    sums = [
        (g * per + cols.index("total"), [g * per + j for j, c in enumerate(cols) if c != "total"])
        for g in range(len(spec.rows))
    ]
    lost = lost_cell(loose_numbers(recs), used[-1].line)
    placed = place_short(values, per * len(spec.rows), lost, sums)
    if placed is None:
        return values
    note = f"表四只印出 {len(values)} 个数（应有 {len(placed)} 个），各数所在的列由三组“总计等于各项之和”确定"
    return [
        GridCell("", values[0].location, unread=True)
        if c is None
        else GridCell(c.text, c.location, note="；".join(filter(None, (c.note, note))))
        for c in placed
    ]


def _first(recs: list[Record], table_id: str) -> Location:
    if not recs:
        return Location(table=table_id)
    at = recs[0].at
    if type(at) is not Location:  # a printed line, its Location not made: in_table's, once
        path, page, line = at
        return new_location(path, page, line, table_id)
    return in_table(at, table_id, at.row)
