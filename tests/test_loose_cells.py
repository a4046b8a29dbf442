"""``Assembly.loose_cells`` is made on first use, not when a table is assembled: the same
loose numbers as ``loose_numbers`` of the records before the assembler relabelled any."""

from __future__ import annotations

from types import FunctionType
from typing import Any

import pytest

import nianbao
from families import text_variants
from gold import all_gold
from nianbao.extract import tables
from nianbao.extract.rows import Record
from nianbao.formats import FORMAT_2021
from nianbao.model import GridCell, Location


@pytest.mark.skipif(
    not isinstance(tables.assemble, FunctionType),
    reason="compiled build: calls inside the compiled assembler cannot be intercepted",
)
def test_loose_cells_are_those_of_the_records_as_printed(monkeypatch: pytest.MonkeyPatch) -> None:
    seen = {"found": 0, "relabelled": 0}
    assemble = tables.assemble

    def both(table: Any, row_set: str, recs: list[Any], trace: bool = False) -> Any:
        printed = tables.loose_numbers(recs)
        labels = [r.label for r in recs]
        asm = assemble(table, row_set, recs, trace)
        relabelled = labels != [r.label for r in recs]
        assert asm.loose_cells() == printed
        seen["found"] += bool(printed)
        seen["relabelled"] += relabelled
        return asm

    monkeypatch.setattr(tables, "assemble", both)
    for gold in all_gold():
        for data in text_variants(gold):
            nianbao.parse(data)
    assert seen["found"] and seen["relabelled"]  # both kinds of table were assembled


def test_a_loose_number_that_takes_a_label_fragment_stays_loose() -> None:
    """A number printed on a line of its own, a wrapped label's rest above it: the assembler
    joins the two into a row, yet the number was printed as a loose line after the row above."""

    def rec(line: int, label: str, values: list[str]) -> Record:
        at = Location("t.txt", None, line)
        labels = [GridCell(label, at)] if label else []
        return Record(labels, [GridCell(v, at) for v in values], at, "cells", (line,))

    recs = [
        rec(10, "（一）予以公开", ["3", "0", "0", "0", "0", "0", "3"]),
        rec(11, "（二）部分公开", []),
        rec(12, "", ["5"]),
    ]
    printed = tables.loose_numbers(recs)
    assert printed == {10: recs[2].values[0]}
    asm = tables.assemble(FORMAT_2021.tables["requests"], "requests", recs)
    assert recs[2].label  # joined with the label above it
    assert tables.loose_numbers(recs) == {}
    assert asm.loose_cells() == printed
