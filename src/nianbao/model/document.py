"""The reader's output: text blocks and table grids in reading order, each with provenance.

Every reader (text, DOCX, HTML, PDF, OCR …) ends here, so the extractor never knows the input format.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import ClassVar, Literal

from .location import Location, Position, Where, new_location
from .quick import builder, quick_init, slot

#: "cells": every cell is present, blank cells included (DOCX, HTML, tab or pipe text).
#: "positions": cells were found from text positions, so a blank cell may be invisible;
#: each cell's ``location.x`` is its horizontal position and the extractor aligns by it.
#: "glued": rows of (label, digit run) from text whose cells were glued together; the
#: extractor splits each run by the format's identities before reading the grid.
#: "runs": one cell per row, text and numbers in reading order (``pdftotext`` without
#: ``-layout``); the extractor places the number runs on rows where identities confirm it.
GridLayout = Literal["cells", "positions", "glued", "runs"]


@quick_init
@dataclass(frozen=True, slots=True)
class TextBlock:
    """A paragraph or a heading as printed (one line of a text file, one DOCX paragraph …)."""

    text: str
    location: Location
    kind: Literal["paragraph", "heading"] = "paragraph"


@quick_init
@dataclass(frozen=True, slots=True)
class GridCell:
    """One cell of a table grid.

    ``merged`` marks a position covered by another cell's rowspan/colspan (its text repeats the
    origin's); the extractor skips it so a merged value is never counted twice. ``confidence``
    is the OCR confidence in [0, 1] where the text came from OCR. ``location`` is built on
    first access where the reader stored only ``(path, page, line)`` (``Where``).
    """

    text: str
    location: Location
    merged: bool = False
    confidence: float | None = None
    #: the value could not be told (several splits of glued digits fit): left out, not blank
    unread: bool = False
    #: how the value was obtained, when reading it needed more than the printed cell
    note: str = ""
    #: the ``location`` slot as stored (``Where``), without making its Location: the
    #: assembler hands it on to the value cell it places (``location.placed``). A slot read
    #: (the slot's own descriptor), where ``location`` is a property's Python call
    where: ClassVar[Where]


#: ``TextBlock(…)`` and ``GridCell(…)`` without the class call (readers build one per line or cell)
new_text_block = builder(TextBlock)
new_grid_cell = builder(GridCell)

_location_slot = slot(GridCell, "location")
_set_location = _location_slot.__set__


def _grid_cell_location(cell: GridCell) -> Location:
    """``GridCell.location``: the slot, or the Location its ``(path, page, line)`` names,
    built once."""
    loc = cell.where
    if not isinstance(loc, tuple):
        return loc
    built = new_location(*loc)
    _set_location(cell, built)
    return built


setattr(GridCell, "location", property(_grid_cell_location))  # noqa: B010
setattr(GridCell, "where", _location_slot)  # noqa: B010


#: where a text table's row was printed: its line, which every cell of the line shares (a
#: tab or pipe row), or a list of each cell's line (a row printed a cell per line); each a
#: ``(path, page, line)``, its Location made only if asked for
PrintedWhere = Position | list[Position]
#: a text table's row as printed: its cells' texts, and where they were printed
PrintedRow = tuple[tuple[str, ...], PrintedWhere]


def printed_cells(texts: tuple[str, ...], where: PrintedWhere) -> tuple[GridCell, ...]:
    """The GridCells of a printed row (``PrintedRow``). Equal cells of a line are one object
    (frozen, same text and place: a table's rows are mostly blanks and zeros)."""
    if type(where) is list:
        return tuple(map(new_grid_cell, texts, where))
    made: dict[str, GridCell] = {}
    row = []
    for text in texts:
        cell = made.get(text)
        if cell is None:
            cell = made[text] = new_grid_cell(text, where)
        row.append(cell)
    return tuple(row)


class PrintedRows:
    """What a text reader keeps of a table (``TableGrid.stored_rows``): each row as printed
    (``PrintedRow``). The extractor reads its rows' texts, and ``TableGrid.rows`` makes the
    GridCells from them on first read: a text report prints some 200 cells, most read by
    their text only."""

    __slots__ = ("printed", "cells")

    def __init__(self, printed: tuple[PrintedRow, ...]) -> None:
        self.printed = printed
        self.cells: tuple[tuple[GridCell, ...], ...] | None = None

    def rows(self) -> tuple[tuple[GridCell, ...], ...]:
        """The grid's rows of GridCells, made once."""
        if self.cells is None:
            self.cells = tuple([printed_cells(texts, where) for texts, where in self.printed])
        return self.cells


@quick_init
@dataclass(frozen=True, slots=True)
class TableGrid:
    """A table as read. ``rows`` is made on first read where a text reader kept only each
    row's texts and where they were printed (``PrintedRows``)."""

    rows: tuple[tuple[GridCell, ...], ...]
    location: Location
    layout: GridLayout = "cells"
    #: each row's printed lines (in order, each once) where the reader knows them and no cell
    #: is merged (text tables): the extractor then reads a row's label without a step per
    #: cell to find its lines. Derived from ``rows``: a grid made with other rows leaves it out
    lines: tuple[tuple[int, ...], ...] | None = field(default=None, compare=False, repr=False)
    #: the ``rows`` slot as stored, without making its GridCells: a text reader's
    #: ``PrintedRows``, else the rows (a slot read, where ``rows`` is a property's call)
    stored_rows: ClassVar[tuple[tuple[GridCell, ...], ...] | PrintedRows]


def printed_grid(
    printed: tuple[PrintedRow, ...], location: Location, lines: tuple[tuple[int, ...], ...]
) -> TableGrid:
    """A "cells" grid of a text reader's printed rows, its GridCells made on first read."""
    grid: TableGrid = new_table_grid(PrintedRows(printed), location, "cells", lines)
    return grid


def _grid_rows(grid: TableGrid) -> tuple[tuple[GridCell, ...], ...]:
    """``TableGrid.rows``: the slot, or the GridCells of the rows it holds as printed."""
    rows = grid.stored_rows
    return rows.rows() if isinstance(rows, PrintedRows) else rows


new_table_grid = builder(TableGrid)
setattr(TableGrid, "stored_rows", slot(TableGrid, "rows"))  # noqa: B010
setattr(TableGrid, "rows", property(_grid_rows))  # noqa: B010


Block = TextBlock | TableGrid


@dataclass(frozen=True, slots=True)
class ReadProblem:
    """What the reader could read only in part (a damaged byte, cells it could not split);
    the extractor reports it among the report's ``problems`` with the same code."""

    code: str
    message: str
    location: Location
    values: tuple[str, ...] = ()


@quick_init
@dataclass(frozen=True, slots=True)
class Document:
    path: str | None
    sha256: str
    reader: str
    blocks: tuple[Block, ...]
    encoding: str | None = None
    pages: int | None = None
    notes: tuple[str, ...] = field(default=())
    problems: tuple[ReadProblem, ...] = field(default=())

    @property
    def paragraphs(self) -> tuple[TextBlock, ...]:
        return tuple([b for b in self.blocks if isinstance(b, TextBlock)])

    @property
    def tables(self) -> tuple[TableGrid, ...]:
        return tuple([b for b in self.blocks if isinstance(b, TableGrid)])
