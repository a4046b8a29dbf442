"""Grid rows → row records: the printed label and the value cells, whatever the layout.

The label is every text cell up to the last one; the values are the cells after it. Merged
positions are skipped. Label fragments printed on lines of their own (a wrapped label in a
PDF export) and continuation lines (a label broken over two lines with the last value on the
second) are joined to the row they belong to by the table assembler, which knows the row keys.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from types import FunctionType

from ..model import GridCell, Location, ReadProblem, TableGrid
from ..model.document import PrintedRow, PrintedRows, PrintedWhere, printed_cells
from ..model.location import Position, Where, new_location
from .values import BLANK_CHARS, cell_kind, is_blank, remember


@dataclass(slots=True)
class Record:
    """A printed row. A text table's row (``TableGrid.stored_rows``) keeps its texts and
    where they were printed, and makes its cells (``label_cells``, ``values``) on first
    read: the assembler reads most rows by their texts only."""

    #: the cells, or None where they are still to be made from ``texts`` and ``where``
    cells_of_label: list[GridCell] | None
    cells_of_values: list[GridCell] | None
    #: where the row was printed (its first cell): a Location, or a text row's ``(path,
    #: page, line)``, its Location made on first read (``location``): most rows need none
    at: Where
    layout: str
    #: tuples where the record is built (a record per printed row of a batch export read as
    #: one file: an empty or one-line list each cost as much again); the assembler may set lists
    lines: Sequence[int] = ()
    #: non-blank values printed beyond the row's columns
    extra: Sequence[GridCell] = ()
    #: the reader's problem when the printed row lost cells (its values may sit one column
    #: off their header); the assembler ties it to the report row the record is placed in
    lost: ReadProblem | None = None
    #: a text table's row as printed (``PrintedRow``): every cell's text, where they were
    #: printed (None for a row of GridCells) and where its values start
    texts: tuple[str, ...] = ()
    where: PrintedWhere | None = None
    split: int = 0

    #: derived from label_cells and values (kept, not recomputed, on the hot path):
    #: the label, whether a value is not blank, whether there is a label cell and how many
    #: values there are (``bool(label_cells)`` and ``len(values)`` without making the cells)
    label: str = field(init=False, default="")
    has_values: bool = field(init=False, default=False)
    labelled: bool = field(init=False, default=False)
    width: int = field(init=False, default=0)
    #: the line it was printed on (``at``'s), read without making a Location
    line: int | None = field(init=False, default=None)

    def __post_init__(self) -> None:
        _derive(self)

    @property
    def label_cells(self) -> list[GridCell]:
        cells = self.cells_of_label
        if cells is None:
            cells = self._make_cells()[0]
        return cells

    @property
    def values(self) -> list[GridCell]:
        cells = self.cells_of_values
        if cells is None:
            cells = self._make_cells()[1]
        return cells

    def _make_cells(self) -> tuple[list[GridCell], list[GridCell]]:
        """The label's and the values' cells, those not made yet made from the printed row
        at once (``printed_cells``: equal cells of a line one object, as the reader made)."""
        assert self.where is not None
        cells = printed_cells(self.texts, self.where)
        if self.cells_of_label is None:
            self.cells_of_label = _label_of(cells[: self.split])
        if self.cells_of_values is None:
            self.cells_of_values = list(cells[self.split :])
        return self.cells_of_label, self.cells_of_values

    def relabel(self, cells: list[GridCell]) -> None:
        self.cells_of_label = cells
        self.label = " ".join([c.text.strip().replace("\n", "") for c in cells])
        self.labelled = bool(cells)

    @property
    def location(self) -> Location:
        at = self.at
        if type(at) is not Location:
            at = self.at = new_location(*at)
        return at


_new_record = object.__new__


def _label_of(cells: Sequence[GridCell]) -> list[GridCell]:
    """The cells of a label not blank."""
    return [c for c in cells if c.text.strip(BLANK_CHARS)]


def _derive(rec: Record) -> None:
    """The fields a record derives from its cells and where it was printed."""
    at = rec.at
    rec.line = at.line if type(at) is Location else at[2]
    label_cells = rec.label_cells
    rec.label = " ".join([c.text.strip().replace("\n", "") for c in label_cells])
    rec.labelled = bool(label_cells)
    rec.width = len(rec.values)
    rec.has_values = False
    for c in rec.values:
        if c.text.strip(BLANK_CHARS):
            rec.has_values = True
            break


#: this module was compiled by mypyc (README, "Compiled build"), so Record is a native class
_COMPILED = not isinstance(_derive, FunctionType)


def _kind(text: str) -> str:
    """``cell_kind(text)``, a blank told apart from the other "value" cells (placeholders)."""
    return "blank" if not text.strip(BLANK_CHARS) else cell_kind(text)


#: ``_kind`` of the texts seen (``remember``)
_KINDS: dict[str, str] = {}


def records(grid: TableGrid) -> list[Record]:
    stored = grid.stored_rows
    if type(stored) is PrintedRows and grid.lines is not None:
        return _text_records(stored.printed, grid.lines)
    if grid.lines is not None:
        return _printed_records(grid, grid.lines)
    out: list[Record] = []
    layout = grid.layout
    # in a cells grid the label ends before the first number, so an unreadable value
    # (an OCR misreading, a stray word) stays in its column instead of becoming label
    stop_at_number = layout == "cells"
    for row in grid.rows:
        # one pass: the cells that are not merged positions, and the last label among them
        # (in a cells grid, up to the first number)
        cells: list[GridCell] = []
        last_label = -1
        scanning = True
        for c in row:
            if c.merged:
                continue
            if scanning:
                kind = _KINDS.get(c.text) or remember(_KINDS, _kind, c.text)
                if kind == "label":
                    last_label = len(cells)
                elif kind == "number" and stop_at_number:
                    scanning = False
            cells.append(c)
        if not cells:
            continue
        first = cells[0].location
        lines: Sequence[int]
        for c in cells:
            if c.location is not first:  # cells of several printed lines
                lines = sorted({c.location.line for c in cells if c.location.line is not None})
                break
        else:
            lines = () if first.line is None else (first.line,)  # one printed line
        out.append(_record(cells, last_label + 1, first, layout, lines))
    return out


def _printed_records(grid: TableGrid, printed: tuple[tuple[int, ...], ...]) -> list[Record]:
    """``records`` of a grid whose rows' lines the reader gave, no cell merged
    (``TableGrid.lines``): a row's cells are all kept, so only those up to its label's end
    are visited."""
    out: list[Record] = []
    layout = grid.layout
    stop_at_number = layout == "cells"  # as in ``records``
    for row, lines in zip(grid.rows, printed, strict=True):
        # the last label cell, and the last other cell not blank: the row has values when
        # that one comes after the label
        last_label = last_value = -1
        i = -1
        for c in row:
            i += 1
            kind = _KINDS.get(text := c.text) or remember(_KINDS, _kind, text)
            if kind == "label":
                last_label = i
            elif kind == "number":
                last_value = i
                if stop_at_number:
                    break
            elif kind == "value":  # a placeholder
                last_value = i
        has_values = last_value > last_label
        # the first cell's location slot, read without ``GridCell.location``'s call: its
        # Location is made only if the record's is read
        out.append(_record(row, last_label + 1, row[0].where, layout, lines, has_values))
    return out


def _text_records(
    rows: tuple[PrintedRow, ...], printed: tuple[tuple[int, ...], ...]
) -> list[Record]:
    """``_printed_records`` of a text table's rows as printed (``PrintedRows``): read from
    the texts, the cells left to be made (``Record.label_cells``, ``Record.values``)."""
    out: list[Record] = []
    for (texts, where), lines in zip(rows, printed, strict=True):
        # as in ``_printed_records`` (a "cells" grid: the label ends at the first number), and
        # how many cells before the last label cell are not blank
        last_label = last_value = -1
        i = -1
        seen = before = 0
        for text in texts:
            i += 1
            try:  # a subscript, cheaper than ``.get``'s method call
                kind = _KINDS[text]
            except KeyError:
                kind = remember(_KINDS, _kind, text)
            if kind == "blank":  # the most frequent (rows printed without their zeros)
                continue
            if kind == "label":
                last_label = i
                before = seen
                seen += 1
            elif kind == "number":
                last_value = i
                break
            else:  # a placeholder
                last_value = i
                seen += 1
        split = last_label + 1
        # the label and whether it has a cell (``_record``'s, from the texts)
        if split == 0:
            label = ""
        elif not before:  # the usual row: the label cell the one not blank up to it
            label = texts[last_label].strip().replace("\n", "")
        else:
            parts: list[str] = []
            for text in texts[:split]:
                if text.strip(BLANK_CHARS):
                    parts.append(text.strip().replace("\n", ""))
            label = " ".join(parts)
        # where the row was printed: its line, or its first cell's
        # (``type``: an ``isinstance`` that fails looks ``__class__`` up, and mypy cannot
        # tell a list is not a tuple from ``type``)
        first: Position = where[0] if type(where) is list else where  # type: ignore[assignment]
        if _COMPILED:  # a native class: only its constructor builds one
            rec = Record([], [], first, "cells", lines)
        else:  # Record(…) without the class call and the generated __init__ (a record a row)
            rec = _new_record(Record)
            rec.at = first
            rec.layout = "cells"
            rec.lines = lines
            rec.extra = ()
            rec.lost = None
        rec.cells_of_label = rec.cells_of_values = None
        rec.texts = texts
        rec.where = where
        rec.split = split
        rec.label = label
        rec.has_values = last_value > last_label
        rec.labelled = split > 0
        rec.width = len(texts) - split
        rec.line = first[2]
        out.append(rec)
    return out


def _record(
    cells: Sequence[GridCell],
    split: int,
    first: Where,
    layout: str,
    lines: Sequence[int],
    has_values: bool | None = None,
) -> Record:
    """``Record(cells[:split] not blank, cells[split:], first, layout, lines)``;
    ``has_values``, whether a value cell is not blank, when the caller knows it."""
    # the label's cells and its text in one pass (``_derive``, inlined: a record per row)
    if split == 1:  # the usual row: one label cell, not blank (its kind is "label")
        label_cells = [cells[0]]
        label = cells[0].text.strip().replace("\n", "")
    else:
        label_cells = []
        parts: list[str] = []
        for c in cells[:split]:
            text = c.text
            if text.strip(BLANK_CHARS):
                label_cells.append(c)
                parts.append(text.strip().replace("\n", ""))
        label = " ".join(parts)
    values = list(cells[split:])
    if _COMPILED:  # a native class: only its constructor builds one (it derives the same)
        return Record(label_cells, values, first, layout, lines)
    if has_values is None:
        has_values = False
        for c in values:
            if c.text.strip(BLANK_CHARS):
                has_values = True
                break
    # Record(label_cells, values, first, layout, lines) without the class call and the
    # generated __init__ (a record per printed row)
    rec = _new_record(Record)
    rec.cells_of_label = label_cells
    rec.cells_of_values = values
    rec.at = first
    rec.layout = layout
    rec.lines = lines
    rec.extra = ()
    rec.lost = None
    rec.texts = ()
    rec.where = None
    rec.split = 0
    rec.label = label
    rec.has_values = has_values
    rec.labelled = bool(label_cells)
    rec.width = len(values)
    rec.line = first.line if type(first) is Location else first[2]
    return rec


def fit(values: list[GridCell], width: int) -> tuple[list[GridCell], list[GridCell]]:
    """Trim blank cells a layout adds around the value cells (trailing tabs, a merged label
    column) until ``width`` remain; return (values, extra non-blank values beyond width)."""
    if len(values) <= width:  # the usual row: nothing to trim
        return list(values), []
    vals = list(values)
    while len(vals) > width and is_blank(vals[-1].text):
        vals.pop()
    while len(vals) > width and is_blank(vals[0].text):
        vals.pop(0)
    return vals[:width], [c for c in vals[width:] if not is_blank(c.text)]


def align(values: list[GridCell], centres: list[float]) -> list[GridCell | None]:
    """Place position-layout values into columns by nearest centre, keeping their order.

    Used where a blank cell left no text in a PDF or ``pdftotext -layout`` line."""
    slots: list[GridCell | None] = [None] * len(centres)
    col = 0
    for cell in values:
        x = cell.location.x if cell.location.x is not None else 0.0
        best = min(range(col, len(centres)), key=lambda j: abs(centres[j] - x), default=None)
        if best is None:
            break
        slots[best] = cell
        col = best + 1
    return slots
