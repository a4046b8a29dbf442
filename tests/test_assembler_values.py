"""The assembler reads a value cell's text through a dict kept beside ``parse_value``
(``remember``), and a printed label's row through one kept beside ``match_row``."""

from __future__ import annotations

from nianbao.extract import tables
from nianbao.extract.values import REMEMBERED, parse_value, remember


def test_value_texts_kept_for_the_assembler_read_as_parse_value_and_stay_bounded() -> None:
    for i in range(5000):
        text = f"{i:,}件" if i % 2 else f" {i} "
        assert remember(tables._VALUES, parse_value, text) == parse_value(text)
        assert tables._VALUES[text] == parse_value(text)
    assert len(tables._VALUES) <= REMEMBERED


def test_labels_kept_for_the_assembler_match_as_match_row() -> None:
    from nianbao.extract.rows import Record
    from nianbao.model import GridCell, Location

    at = Location(line=1)
    labels = ["（一）予以公开", "规章", "行政许可", "合计", "", "本年新收政府信息公开申请数量"]
    labels += [f"第{i}行" for i in range(5000)]
    recs = [Record([GridCell(label, at)], [], at, "cells") for label in labels]
    for row_set in tables.ROW_SETS:
        for _ in range(2):  # first read, then kept
            got = tables._matches(row_set, recs)
            assert got == [tables.match_row(row_set, r.label) for r in recs]
        assert len(tables._MATCHED[row_set]) <= 4096
