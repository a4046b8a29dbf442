"""The assembler reads a value cell's text through a dict kept beside ``parse_value``."""

from __future__ import annotations

from nianbao.extract import tables
from nianbao.extract.values import parse_value


def test_value_texts_kept_for_the_assembler_read_as_parse_value_and_stay_bounded() -> None:
    for i in range(5000):
        text = f"{i:,}件" if i % 2 else f" {i} "
        assert tables._value(text) == parse_value(text)
        assert tables._VALUES[text] == parse_value(text)
    assert len(tables._VALUES) <= 4096
