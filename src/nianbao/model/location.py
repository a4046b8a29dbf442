"""Where a value, a block or a finding came from: file, page, line, table cell, section."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, fields
from operator import attrgetter
from typing import Any, final

from .quick import builder, quick_init


@final  # so ``type(x) is Location`` tells mypy both ways (an ``isinstance`` that fails costs
# a look-up of ``__class__``: some 400 instructions)
@quick_init
@dataclass(frozen=True, slots=True)
class Location:
    """A typed position; every field is optional so one class serves readers, cells and findings."""

    path: str | None = None
    page: int | None = None
    line: int | None = None
    table: str | None = None
    row: str | None = None
    col: str | None = None
    section: int | None = None
    x: float | None = None
    y: float | None = None
    #: the cell's box on its page (x0, top, x1, bottom; PDF points, y downwards) where the reader
    #: knows it (PDF and OCR), so a viewer can outline the printed cell on the page image
    box: tuple[float, float, float, float] | None = None
    #: where the cell is in the document's own table, for a reader that has one (DOCX): the
    #: table's number in the document and the row and column in it, counted from 1, so a
    #: reviewer finds the cell in Word (columns of the table's grid, merged cells expanded)
    grid: tuple[int, int, int] | None = None

    def to_dict(self) -> dict[str, Any]:
        """The fields that are set, in field order. Spelled out: each field a slot read, where
        a ``getattr`` by name a field cost four times as much (a parse makes a few for its
        meta evidence, JSON output one a cell; tests/test_location.py checks the fields)."""
        out: dict[str, Any] = {}
        if self.path is not None:
            out["path"] = self.path
        if self.page is not None:
            out["page"] = self.page
        if self.line is not None:
            out["line"] = self.line
        if self.table is not None:
            out["table"] = self.table
        if self.row is not None:
            out["row"] = self.row
        if self.col is not None:
            out["col"] = self.col
        if self.section is not None:
            out["section"] = self.section
        if self.x is not None:
            out["x"] = self.x
        if self.y is not None:
            out["y"] = self.y
        if self.box is not None:
            out["box"] = self.box
        if self.grid is not None:
            out["grid"] = self.grid
        return out

    def with_(self, **changes: Any) -> Location:
        """A copy with ``changes`` (``dataclasses.replace`` costs four times as much, and a
        call with all eleven fields by keyword twice as much as by position)."""
        values = list(_values(self))
        for name, value in changes.items():
            values[_INDEX[name]] = value
        return new_location(*values)


_FIELDS = tuple(f.name for f in fields(Location))
_values = attrgetter(*_FIELDS)
_INDEX = {name: i for i, name in enumerate(_FIELDS)}
#: ``Location(…)`` without the class call, for the loops that build one per printed cell
new_location = builder(Location)

#: a printed line: its file, page and number (a tuple: a Location costs as much as a cell)
Position = tuple[str | None, int | None, int]
#: where a printed cell is: its Location, or ``(path, page, line)`` where the reader left the
#: Location to be made on first access (``document.GridCell``): a text report prints some 300
#: cells a line each, most read by value only, and a Location costs as much as the cell
Where = Location | Position


def placed(where: Where, table: str, row: str, col: str) -> Location:
    """Where a value cell sits in a report table: ``where`` (a printed cell's) at
    ``table``/``row``/``col``, without x and y."""
    if isinstance(where, tuple):
        path, page, line = where
        return new_location(path, page, line, table, row, col)
    return new_location(
        where.path, where.page, where.line, table, row, col, where.section, None, None,
        where.box, where.grid,
    )  # fmt: skip


def in_table(loc: Location, table: str, row: str | None) -> Location:
    """``loc.with_(table=table, row=row, x=None, y=None)``: where a printed row sits in a
    report table. By position, a third of ``with_``'s cost (its keywords and field list)."""
    return new_location(
        loc.path, loc.page, loc.line, table, row, loc.col, loc.section, None, None, loc.box,
        loc.grid,
    )  # fmt: skip


def in_section(loc: Location, section: int | None) -> Location:
    """``loc.with_(section=section)``, by position (see ``in_table``)."""
    return new_location(
        loc.path, loc.page, loc.line, loc.table, loc.row, loc.col, section, loc.x, loc.y,
        loc.box, loc.grid,
    )  # fmt: skip


def off_cell(loc: Location) -> Location:
    """``loc.with_(row=None, col=None)``, by position (see ``in_table``): where a finding about
    many cells of a table points, made by a rule for every such finding."""
    return new_location(
        loc.path, loc.page, loc.line, loc.table, None, None, loc.section, loc.x, loc.y,
        loc.box, loc.grid,
    )  # fmt: skip


def distinct_cells(locations: Sequence[Location]) -> bool:
    """Whether no two of ``locations`` name the same cell (table, row, column): Locations that
    do not are distinct without hashing their eleven fields. (Read by ``attrgetter("table",
    "row", "col")`` in C measured three times as slow, 3.2 → 10.3 µs for 58 Locations.)"""
    return len({(x.table, x.row, x.col) for x in locations}) == len(locations)
