"""``orphans.settle_requests`` gives a 表三 with nothing to settle (no short, merged or
label-less row) back as it is, without trying each format's reading: the same table and
problems as ``_settle``, the full search, gives."""

from __future__ import annotations

from typing import Any

import pytest

import nianbao
import nianbao.extract as extract_module
from families import text_variants
from gold import all_gold
from nianbao.extract import orphans


def test_a_table_with_nothing_to_settle_is_what_the_full_search_gives(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    taken = {True: 0, False: 0}

    def both(table: Any, problems: Any, asm: Any) -> Any:
        quick = orphans.settle_requests(table, list(problems), asm)
        full = orphans._settle(table, list(problems), asm)
        assert quick == full
        taken[quick[0] is table] += 1
        return quick

    monkeypatch.setattr(extract_module, "settle_requests", both)
    for gold in all_gold():
        for data in text_variants(gold):
            nianbao.parse(data)
    assert taken[True] and taken[False]  # both ways were compared
