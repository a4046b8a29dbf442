"""The parsed report: meta, sections and the three tables, each value with its evidence.

``Report.to_dict()`` is the public JSON contract of ``../shared/spec/data-model.md``
(schema ``nianbao.report/1``); keys may be added, never renamed or dropped.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from functools import cache
from itertools import repeat
from typing import Any, NoReturn

from ..formats import FORMATS, expected_format
from ..formats.spec import TableSpec
from .document import TextBlock
from .location import Location, Where, new_location, placed
from .problem import Problem
from .quick import builder, quick_init, slot
from .trace import TraceEvent

SCHEMA = "nianbao.report/1"
TABLE_IDS = ("active", "requests", "review_litigation")

#: A cell as printed: int, float where a decimal is printed, None for blank, str for "/", "—", "无".
Value = int | float | str | None


@quick_init
@dataclass(frozen=True, slots=True)
class Cell:
    """A value cell. ``location`` is built on first access when the assembler made the cell
    from a printed cell (``placed_cell``): most cells are checked by value, and a Location
    costs more than the rest of the cell."""

    value: Value
    raw: str
    location: Location
    #: what normalisation was needed to read the number (full-width digits, "1,234", "12件" …)
    notes: tuple[str, ...] = ()
    confidence: float | None = None

    @property
    def is_number(self) -> bool:
        # a tuple, not ``int | float``: that makes a union type at every call
        return isinstance(self.value, (int, float)) and not isinstance(self.value, bool)

    @property
    def number(self) -> int | float | None:
        """The printed number; None for a blank, a placeholder or text (never a silent 0)."""
        v = self.value
        # type() rather than isinstance: bool is not a number here, and this runs per cell
        return v if type(v) is int or type(v) is float else None

    def evidence(self) -> dict[str, Any]:
        where = {k: v for k, v in self.location.to_dict().items() if k != "path"}
        out: dict[str, Any] = {"raw": self.raw, **where}
        if self.notes:
            out["notes"] = list(self.notes)
        if self.confidence is not None:
            out["confidence"] = round(self.confidence, 4)
        return out


def number(cell: Cell | None) -> int | float | None:
    """``cell.number``, and None for an absent cell (a row or column not printed); its test
    written out, without the property's call (the table rules ask it of some sixty cells)."""
    if cell is None:
        return None
    v = cell.value
    return v if type(v) is int or type(v) is float else None


@quick_init
@dataclass(frozen=True, slots=True)
class Row:
    """A table row. ``location`` is built on first access when the assembler placed the row
    (``(where, table, row)`` in the slot: the printed row's Location moved to table/row),
    as a value cell's is: a parse reads few row Locations."""

    id: str
    label: str
    cells: Mapping[str, Cell]
    location: Location
    #: values printed beyond the format's columns (column drift, a mixed format)
    extra: tuple[Cell, ...] = ()
    #: physical lines that were joined to make this row (a wrapped label, a continuation line)
    joined_lines: tuple[int, ...] = ()


#: ``Cell(…)`` and ``Row(…)`` without the class call (the assembler builds one per value)
new_cell = builder(Cell)
new_row = builder(Row)

_row_location_slot = slot(Row, "location")
_get_row_location, _set_row_location = _row_location_slot.__get__, _row_location_slot.__set__


def _row_location(row: Row) -> Location:
    """``Row.location``: the slot, or the Location of a placed row, built once: from
    ``(where, table, row)``, or from a text row's ``TextRow`` (its cells' shared tuple), whose
    first printed cell is where the row was printed."""
    loc = _get_row_location(row, Row)
    if type(loc) is not tuple:
        return loc
    if len(loc) == 3:
        where, table, row_id = loc
    else:
        printed, _, table, row_id, _ = loc
        where = printed[0] if type(printed) is list else printed
    if type(where) is tuple:  # a printed line's (path, page, line)
        path, page, line = where
    else:
        path, page, line = where.path, where.page, where.line
    loc = new_location(path, page, line, table, row_id)
    _set_row_location(row, loc)
    return loc


setattr(Row, "location", property(_row_location))  # noqa: B010

_location_slot = slot(Cell, "location")
_get_location, _set_location = _location_slot.__get__, _location_slot.__set__


def _cell_location(cell: Cell) -> Location:
    """``Cell.location``: the slot, or the Location a placed cell describes, built once."""
    loc = _get_location(cell, Cell)
    if type(loc) is not tuple:
        return loc
    if len(loc) == 4:
        loc = placed(*loc)
    else:  # a text row's cell (``TextRow``), inline: a rule reads some hundred of them
        row, col = loc
        where = row[0]
        at = where[row[1] + row[4].index(col)] if type(where) is list else where
        loc = placed(at, row[2], row[3], col)
    _set_location(cell, loc)
    return loc


setattr(Cell, "location", property(_cell_location))  # noqa: B010


#: what a text row's value cells share (``placed_cell``): where the row was printed
#: (``document.PrintedWhere``: its line's ``Where``, or for a cell a line a list of each
#: printed text's, ``start`` the first value's), its table and row, and its columns
TextRow = tuple[Any, int, str, str, Sequence[str]]


def _printed_in_row(shared: TextRow, col: str) -> Where:
    where, start, _, _, columns = shared
    return where[start + columns.index(col)] if type(where) is list else where


def printed_where(cell: Cell) -> Where:
    """Where ``cell`` was printed when its Location is not built yet (``placed_cell``),
    else its Location."""
    loc = _get_location(cell, Cell)
    if type(loc) is not tuple:
        return loc
    return loc[0] if len(loc) == 4 else _printed_in_row(*loc)


def cell_place(cell: Cell) -> tuple[str | None, str | None]:
    """``(cell.location.row, cell.location.col)``, read from what a placed cell's Location is
    made of when it is not built yet (``placed_cell``), without building it: a message names
    a blank table's first cells by their labels, while only a finding written out reads the
    cells' Locations (``model.finding.CitedCells``)."""
    loc = _get_location(cell, Cell)
    if type(loc) is not tuple:
        return loc.row, loc.col
    if len(loc) == 4:  # (where, table, row, col)
        return loc[2], loc[3]
    row, col = loc  # (a text row's ``TextRow``, col)
    return row[3], col


def cell_locations(cells: Sequence[Cell]) -> list[Location]:
    """``[c.location for c in cells]``, the slots read in C: a rule citing a table's blank
    cells reads Locations that an earlier rule built, and the property's Python call per
    cell cost more than the read. Only a cell whose Location is not built yet is asked."""
    locs: list[Any] = list(map(_get_location, cells, repeat(Cell)))
    if tuple in map(type, locs):
        locs = [
            loc if type(loc) is not tuple else _cell_location(c)
            for c, loc in zip(cells, locs, strict=True)
        ]
    return locs


#: ``placed_cell(value, raw, (where, table, row, col), notes, confidence)``: a Cell whose
#: Location is ``where`` (the printed cell's, ``location.Where``) moved to table/row/col
#: without x and y (``location.placed``), made
#: only when asked for (equality, hashing, pickling and ``replace`` ask for it). The
#: builder itself, so a cell costs no extra call. A text row's value cells hold ``(row,
#: col)`` instead, ``row`` (a ``TextRow``) shared by the row's cells: no 4-tuple a cell.
placed_cell = new_cell


@quick_init
@dataclass(frozen=True, slots=True)
class Table:
    id: str
    format: str | None
    rows: Mapping[str, Row]
    location: Location
    #: header and caption text as printed, for format fingerprints and label checks
    header: str = ""

    def value(self, row: str, col: str) -> Value:
        r = self.rows.get(row)
        if r is None or col not in r.cells:
            raise KeyError((self.id, row, col))
        return r.cells[col].value

    def cells(self) -> list[tuple[str, str, Cell]]:
        """(row id, column id, cell) of every cell, row by row: a list, as every caller walks
        them all (a generator's step per cell cost more than the list)."""
        return [
            (row_id, col_id, cell)
            for row_id, row in self.rows.items()
            for col_id, cell in row.cells.items()
        ]


@quick_init
@dataclass(frozen=True, slots=True)
class Section:
    no: int
    heading: str
    text: str
    location: Location
    paragraphs: tuple[TextBlock, ...] = ()


@quick_init
@dataclass(frozen=True, slots=True)
class Meta:
    title: str | None = None
    organ: str | None = None
    region: str | None = None
    year: int | None = None
    published: str | None = None
    format: str | None = None


@quick_init
@dataclass(frozen=True, slots=True)
class Source:
    path: str | None
    sha256: str
    reader: str
    encoding: str | None = None
    pages: int | None = None
    #: what the reader noticed (a wrong declared charset, OCR cells under the confidence bar)
    notes: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Report:
    source: Source
    meta: Meta
    sections: tuple[Section, ...]
    tables: Mapping[str, Table]
    #: every narrative paragraph in reading order (title, 落款 and section text)
    paragraphs: tuple[TextBlock, ...] = ()
    meta_evidence: Mapping[str, Mapping[str, Any]] = field(default_factory=dict)
    problems: tuple[Problem, ...] = ()
    #: extraction trace for ``nianbao parse --debug``: one event per table row considered;
    #: kept only when asked for (``nianbao.parse(…, trace=True)``), empty otherwise
    trace: tuple[TraceEvent, ...] = ()

    def table(self, table_id: str) -> Table | None:
        return self.tables.get(table_id)

    def format_of(self, table_id: str) -> str:
        """The format a table is printed in: its own (read from its header and rows), else the
        report's, else the one the report year requires, else 2021. The one answer the
        checker and every renderer use, so a cell is never labelled by another format."""
        table = self.tables.get(table_id)
        own = table.format if table is not None else None
        return own or self.meta.format or expected_format(self.meta.year) or "2021"

    def spec(self, table_id: str) -> TableSpec:
        """The national TableSpec of the table (see ``format_of``), also for an absent table."""
        return FORMATS[self.format_of(table_id)].tables[table_id]

    def section(self, no: int) -> Section | None:
        for s in self.sections:  # a loop, not next(generator): the rules ask ~20 times a report
            if s.no == no:
                return s
        return None

    def cell(self, table: str, row: str, col: str) -> Cell | None:
        """The cell, or None when this report has no such cell (not printed, or the other
        format's row); an id that no national format has is a KeyError naming the valid ids,
        so a typo is never mistaken for a blank."""
        if (table, row, col) not in _known_cells():  # a set look-up, in place of a call:
            _unknown_cell(table, row, col)  # the rules ask for cells by the dozen
        t = self.tables.get(table)
        if t is None or row not in t.rows:
            return None
        return t.rows[row].cells.get(col)

    def with_value(self, table: str, row: str, col: str, value: Value) -> Report:
        """A copy with one cell changed (mutation tests, what-if computations); never in place."""
        t = self.tables[table]
        r = t.rows[row]
        old = r.cells[col]
        cell = replace(old, value=value, raw="" if value is None else str(value))
        new_row = replace(r, cells={**r.cells, col: cell})
        new_table = replace(t, rows={**t.rows, row: new_row})
        return replace(self, tables={**self.tables, table: new_table})

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "schema": SCHEMA,
            "source": {
                "path": self.source.path,
                "sha256": self.source.sha256,
                "reader": self.source.reader,
                "encoding": self.source.encoding,
                "pages": self.source.pages,
                "notes": list(self.source.notes),
            },
            "meta": {
                "title": self.meta.title,
                "organ": self.meta.organ,
                "region": self.meta.region,
                "year": self.meta.year,
                "published": self.meta.published,
                "format": self.meta.format,
            },
            "sections": [
                {"no": s.no, "heading": s.heading, "text": s.text, **_loc(s.location)}
                for s in self.sections
            ],
        }
        evidence: dict[str, Any] = {"meta": dict(self.meta_evidence)}
        formats: dict[str, str | None] = {}
        for table_id in TABLE_IDS:
            t = self.tables.get(table_id)
            if t is None:
                out[table_id] = None
                continue
            formats[table_id] = t.format
            out[table_id] = {
                row_id: {col_id: cell.value for col_id, cell in row.cells.items()}
                for row_id, row in t.rows.items()
            }
            evidence[table_id] = {
                row_id: {
                    "label": row.label,
                    **_loc(row.location),
                    **({"joined_lines": list(row.joined_lines)} if row.joined_lines else {}),
                    **({"extra": [c.evidence() for c in row.extra]} if row.extra else {}),
                    "cells": {col_id: cell.evidence() for col_id, cell in row.cells.items()},
                }
                for row_id, row in t.rows.items()
            }
        out["table_formats"] = formats
        out["evidence"] = evidence
        out["problems"] = [
            {
                "code": p.code,
                "message": p.message,
                "location": p.location.to_dict(),
                **({"label": p.label} if p.label else {}),
                **({"lines": list(p.lines)} if p.lines else {}),
                **({"values": list(p.values)} if p.values else {}),
                **({"expected": p.expected} if p.expected is not None else {}),
                **({"found": p.found} if p.found is not None else {}),
            }
            for p in self.problems
        ]
        return out


def _loc(location: Location) -> dict[str, Any]:
    return {k: v for k, v in location.to_dict().items() if k in ("page", "line")}


@cache
def _known_cells() -> frozenset[tuple[str, str, str]]:
    """Every (table, row, column) of the national formats."""
    return frozenset(
        (table, r.id, c)
        for f in FORMATS.values()
        for table, spec in f.tables.items()
        for r in spec.rows
        for c in r.columns
    )


def _unknown_cell(table: str, row: str, col: str) -> NoReturn:
    """The KeyError for a cell no national format has (not in ``_known_cells``): what of the
    table, row and column is unknown, and the valid ids."""
    specs = [f.tables[table] for f in FORMATS.values() if table in f.tables]
    if not specs:
        valid = sorted({t for f in FORMATS.values() for t in f.tables})
        raise KeyError(f"unknown table {table!r}; valid: {', '.join(valid)}")
    rows = {r.id: r for spec in specs for r in spec.rows}
    if row not in rows:
        raise KeyError(f"unknown row {row!r} of {table!r}; valid: {', '.join(rows)}")
    cols = dict.fromkeys(c for spec in specs for r in spec.rows if r.id == row for c in r.columns)
    raise KeyError(f"unknown column {col!r} of {table}.{row}; valid: {', '.join(cols)}")
