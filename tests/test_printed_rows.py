"""A text table kept as printed (``PrintedRows``: each row's texts and where they were printed)
gives the cells a grid of GridCells gives: ``TableGrid.rows`` made on first read, a record's
cells made from its texts, and the value cells the assembler reads from the texts (``fit``'s
placing of values, ``_row``) the same as from the cells."""

from __future__ import annotations

from dataclasses import replace

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from families import text_variants
from gold import all_gold
from nianbao.extract import extract, tables
from nianbao.extract.rows import Record, fit, records
from nianbao.formats.spec import RowSpec
from nianbao.model import GridCell, Location, TableGrid
from nianbao.model.document import PrintedRows, printed_cells, printed_grid
from nianbao.model.report import printed_where
from nianbao.readers.text import read, text_blocks
from nianbao.settings import DEFAULT

_TEXTS = st.sampled_from(["", " ", "\u3000", "\u200b", "0", "12", "3件", "/", "无", "总计"])


def _record(texts: list[str]) -> Record:
    """A text row's record, its label the first cell."""
    grid = printed_grid(((("标签", *texts), ("t.txt", None, 3)),), Location(line=3), ((3,),))
    (rec,) = records(grid)
    return rec


@given(st.lists(_TEXTS, max_size=12), st.integers(min_value=1, max_value=8))
@settings(max_examples=400)
def test_printed_start_places_values_as_fit_does(texts: list[str], width: int) -> None:
    rec = _record(texts)
    start = tables._printed_start(rec, width)
    vals, extra = fit(rec.values, width)
    if start is None:
        assert extra or len(vals) < width
    else:
        at = start - rec.split
        assert not extra and vals == rec.values[at : at + width]


def test_printed_cells_share_a_lines_equal_cells() -> None:
    where = ("t.txt", 1, 4)  # the line's, shared
    cells = printed_cells(("a", "0", "0", "b", "0"), where)
    assert [c.text for c in cells] == ["a", "0", "0", "b", "0"]
    assert cells[1] is cells[2] is cells[4] and cells[0] is not cells[3]
    assert all(c.where is where for c in cells)  # its Location not made yet
    assert all(c.location == Location("t.txt", 1, 4) for c in cells)
    own = printed_cells(("a", "b"), [("t.txt", 1, 4), ("t.txt", 1, 5)])  # a cell a line
    assert own[0].location == Location("t.txt", 1, 4)
    assert own[1].location == Location("t.txt", 1, 5)


def _text_grids() -> list[TableGrid]:
    grids = []
    for gold in all_gold():
        for data in text_variants(gold, ("markdown",)):
            blocks = text_blocks(data.decode().split("\n"), "t.txt")
            grids.extend(b for b in blocks if isinstance(b, TableGrid))
    return grids


def test_a_text_grids_rows_and_records_as_a_grid_of_its_cells_gives() -> None:
    """Every text grid of the gold reports in every layout: its rows, read twice, are the
    same cells; a grid of them equals it and gives the same records (cells made from the
    texts, label, values and all); each record's values read from its texts make the value
    cells the printed cells make, for every width they fill."""
    seen = 0
    for grid in _text_grids():
        if grid.layout != "cells":
            continue
        assert grid.rows is grid.rows
        plain = TableGrid(grid.rows, grid.location, grid.layout, grid.lines)
        assert plain == grid and hash(plain) == hash(grid)
        for rec, cells_rec in zip(records(grid), records(plain), strict=True):
            assert rec.where is not None
            seen += 1
            for name in ("location", "layout", "lines", "label", "has_values", "labelled"):
                assert getattr(rec, name) == getattr(cells_rec, name)
            assert rec.width == cells_rec.width == len(cells_rec.values)
            for width in range(1, rec.width + 1):
                start = tables._printed_start(rec, width)
                if start is None:
                    continue
                spec = RowSpec("r", "标签", ("标签",), tuple(map(str, range(width))))
                at = start - rec.split
                slots: list[GridCell | None] = list(cells_rec.values[at : at + width])
                by_text = tables._row("t", spec, rec, start)
                by_cell = tables._row("t", spec, cells_rec, slots)
                assert by_text == by_cell
                for col in spec.columns:
                    # a text row's cells share one slot value (``TextRow``), a cell's own
                    # names (where, table, row, col): the same place printed and placed
                    text_cell, cell = by_text.cells[col], by_cell.cells[col]
                    assert printed_where(text_cell) == printed_where(cell)
                    assert text_cell.location == cell.location
            assert rec.label_cells == cells_rec.label_cells
            assert rec.values == cells_rec.values
    assert seen


def test_a_grid_made_from_another_keeps_its_own_rows() -> None:
    """``replace`` of a text grid's rows makes a grid of the new rows, not of the printed ones."""
    where = Location(line=2)
    grid = printed_grid(((("a", "1"), (None, None, 2)),), where, ((2,),))
    other = replace(grid, rows=((GridCell("b", where), GridCell("2", where)),))
    assert [c.text for c in other.rows[0]] == ["b", "2"]
    assert [r.label for r in records(other)] == ["b"]


def test_a_text_reports_extraction_as_from_a_grid_of_its_cells() -> None:
    """Every text variant of the gold reports (every layout, the fuzzed families): the report
    extracted from the grids kept as printed equals the one from grids of their cells (the
    records then made of the cells), trace and problems included."""
    for gold in all_gold():
        for data in text_variants(gold):
            doc = read(data, "t.txt", DEFAULT)
            plain = replace(
                doc,
                blocks=tuple(
                    TableGrid(b.rows, b.location, b.layout, b.lines)
                    if isinstance(b, TableGrid)
                    else b
                    for b in doc.blocks
                ),
            )
            assert extract(doc, trace=True) == extract(plain, trace=True)


def test_a_long_texts_cells_kept_once_per_text_read_as_a_short_texts(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A text of ``_INTERN_LINES`` lines or more keeps one string per distinct cell text (a
    batch export repeats them): every text variant of the gold reports reads to the same
    blocks either way, and in the long form a text repeated in a grid is one string."""
    from nianbao.readers import text

    shared = 0
    for gold in all_gold():
        for data in text_variants(gold, ("markdown",)):
            lines = data.decode().split("\n")
            short = text_blocks(lines, "t.txt")
            monkeypatch.setattr(text, "_INTERN_LINES", 0)
            long = text_blocks(lines, "t.txt")
            monkeypatch.undo()
            assert long == short
            for grid in long:
                if isinstance(grid, TableGrid) and isinstance(grid.stored_rows, PrintedRows):
                    texts = [t for row in grid.stored_rows.printed for t in row[0] if len(t) > 1]
                    shared += len({id(t) for t in texts}) < len(texts)
    assert shared


def test_active_format_as_printed_is_decide_active_format() -> None:
    """表二's format, kept by its header and labels as printed: for the 表二 of every gold
    report in every text layout, the first decision (folded) and the kept one (read back)
    are ``decide_active_format``'s."""
    from nianbao.extract.tables import _PRINTED_FORMATS, build_active, decide_active_format

    seen = 0
    for gold in all_gold():
        for data in text_variants(gold):
            doc = read(data, "t.txt", DEFAULT)
            for grid in doc.tables:
                recs = records(grid)
                if not any(tables.match_row("2021.active", r.label) for r in recs):
                    continue
                head = " ".join(r.label for r in recs if not r.width or not r.has_values)
                expected = decide_active_format(recs, head)
                _PRINTED_FORMATS.clear()
                for _ in range(2):
                    table, _asm = build_active(records(grid))
                    assert table is None or table.format == expected
                seen += 1
    assert seen
