"""The reader's output: text blocks and table grids in reading order, each with provenance.

Every reader (text, DOCX, HTML, PDF, OCR …) ends here, so the extractor never knows the input format.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import ClassVar, Literal

from .location import Location, Where, new_location
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


@quick_init
@dataclass(frozen=True, slots=True)
class TableGrid:
    rows: tuple[tuple[GridCell, ...], ...]
    location: Location
    layout: GridLayout = "cells"
    #: each row's printed lines (in order, each once) where the reader knows them and no cell
    #: is merged (text tables): the extractor then reads a row's label without a step per
    #: cell to find its lines. Derived from ``rows``: a grid made with other rows leaves it out
    lines: tuple[tuple[int, ...], ...] | None = field(default=None, compare=False, repr=False)


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
