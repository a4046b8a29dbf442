"""``records`` of a grid whose rows' lines the reader gave (``TableGrid.lines``) visits a
row's cells only up to its label's end: the same records as the general pass, which looks at
every cell for merged positions and lines, gives."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from families import text_variants
from gold import all_gold
from nianbao.extract.rows import Record, records
from nianbao.model import GridCell, Location, TableGrid
from nianbao.readers.text import text_blocks


def _fields(rec: Record) -> tuple[Any, ...]:
    return (
        rec.label_cells,
        rec.values,
        rec.location,
        rec.layout,
        tuple(rec.lines),  # the general pass gives a list where a row has several lines
        rec.extra,
        rec.lost,
        rec.label,
        rec.has_values,
    )


def _same_both_ways(grid: TableGrid) -> None:
    assert grid.lines is not None
    quick = [_fields(r) for r in records(grid)]
    general = [_fields(r) for r in records(replace(grid, lines=None))]
    assert quick == general


_TEXTS = st.sampled_from(
    [
        "",
        " ",
        "\u3000",
        "\u00a0",
        "0",
        "12",
        "1,234",
        "３",
        "12件",
        "1.5",
        "/",
        "—",
        "无",
        "E",
        "总计",
        "（一）本年新收政府信息公开申请数量",
        "1.属于国家秘密",
        "结\n果",
    ]
)


@given(
    st.lists(
        st.tuples(st.lists(_TEXTS, min_size=1, max_size=12), st.sampled_from(["line", "cell"])),
        min_size=1,
        max_size=8,
    ),
    st.sampled_from(["cells", "positions"]),
)
@settings(max_examples=300)
def test_rows_with_their_lines_give_the_records_of_the_general_pass(
    rows: list[tuple[list[str], str]], layout: str
) -> None:
    grid_rows = []
    lines = []
    no = 3
    for texts, printed in rows:
        if printed == "cell":  # a cell per line (a DOCX export)
            grid_rows.append(
                tuple(GridCell(t, Location(path="t.txt", line=no + i)) for i, t in enumerate(texts))
            )
            lines.append(tuple(range(no, no + len(texts))))
            no += len(texts) + 1
            continue
        if layout == "cells":  # a line's cells share its Location, as the text reader's do
            loc = Location(path="t.txt", line=no)
            grid_rows.append(tuple(GridCell(t, loc) for t in texts))
        else:  # each cell of a space-aligned line at its own x
            grid_rows.append(
                tuple(
                    GridCell(t, Location(path="t.txt", line=no, x=10.0 * i))
                    for i, t in enumerate(texts)
                )
            )
        lines.append((no,))
        no += 1
    grid = TableGrid(tuple(grid_rows), Location(line=3), layout, tuple(lines))  # type: ignore[arg-type]
    _same_both_ways(grid)


def test_the_text_reader_gives_each_rows_lines() -> None:
    """Every grid the text reader makes, over the gold reports in every layout, gives each
    row's lines (those of its cells, in order, each once) and no merged cell, and the same
    records both ways; DOCX exports' rows, a cell per line, and one-line rows are seen."""
    seen = {True: 0, False: 0}
    for gold in all_gold():
        for data in text_variants(gold, ("markdown",)):
            for block in text_blocks(data.decode().split("\n"), "t.txt"):
                if not isinstance(block, TableGrid):
                    continue
                assert block.lines is not None
                for row, lines in zip(block.rows, block.lines, strict=True):
                    assert lines == tuple(sorted({c.location.line for c in row}))  # type: ignore[type-var]
                    assert not any(c.merged for c in row)
                    seen[len(lines) == 1] += 1
                _same_both_ways(block)
    assert seen[True] and seen[False]
