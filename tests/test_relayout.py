"""Every seed's tables, rewritten into every supported text layout and encoding, still read 100%."""

from __future__ import annotations

import codecs
import unicodedata
from functools import cache
from typing import Any

import pytest

import nianbao
from gold import EXAMPLES, FIXTURES, all_gold, score
from layouts import LAYOUTS, render

GOLDS = all_gold()
ENCODINGS = ("utf-8", "utf-8-sig", "gb18030", "gbk", "utf-16", "utf-16-le", "utf-16-be")


@cache
def _narrative(name: str) -> nianbao.Report:
    src = FIXTURES / "huaian-2024.layout.txt" if name.startswith("huaian") else EXAMPLES / name
    return nianbao.parse(src)


def _text(gold: dict[str, Any], layout: str) -> str:
    return render(gold, _narrative(gold["file"]), layout)


@pytest.mark.parametrize("layout", LAYOUTS)
@pytest.mark.parametrize("gold", GOLDS, ids=lambda g: g["file"][:6])
def test_layout_reads_back(gold: dict[str, Any], layout: str) -> None:
    report = nianbao.parse(_text(gold, layout).encode("utf-8"))
    ok, n, misses = score(gold, report.to_dict())
    assert misses == [], f"{layout}: {misses[:5]}"


@pytest.mark.parametrize("encoding", ENCODINGS)
@pytest.mark.parametrize("layout", ("cells", "spaces"))
@pytest.mark.parametrize("gold", GOLDS, ids=lambda g: g["file"][:6])
def test_encodings_and_crlf(gold: dict[str, Any], layout: str, encoding: str) -> None:
    text = _text(gold, layout).replace("\n", "\r\n")
    data = text.encode(encoding)
    if encoding == "utf-16-le":
        assert not data.startswith(codecs.BOM_UTF16_LE)
    report = nianbao.parse(data)
    ok, n, misses = score(gold, report.to_dict())
    assert misses == []
    assert report.source.encoding is not None


def test_markdown_pipe_is_detected_as_markdown() -> None:
    report = nianbao.parse(_text(GOLDS[2], "pipe").encode())
    assert report.source.reader == "markdown"


def test_display_width_fast_path_matches_unicodedata() -> None:
    """The space-aligned reader measures a text of ASCII and common wide characters without a
    look-up per character: every character its pattern lets through must be wide (W or F)
    in this Python's Unicode data, and the width must be the per-character sum."""
    from nianbao.readers.text import _NOT_ASCII_OR_WIDE, _width

    for cp in range(0x80, 0x10000):
        ch = chr(cp)
        if _NOT_ASCII_OR_WIDE.match(ch) is None:
            assert unicodedata.east_asian_width(ch) in "WF", hex(cp)
    for text in (
        "（一）予以公开",
        "行政许可 12",
        "结转下年度—继续办理",
        "Ａ１，２",
        "中\u3000文",
        "é中",
    ):
        expected = sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)
        assert _width(text) == expected, text


def test_a_space_aligned_cell_built_in_place_is_the_builders() -> None:
    """``_cell_at`` builds a cell and its location on their slots bases: the same objects as
    the builders make, still frozen."""
    from dataclasses import FrozenInstanceError

    from nianbao.model import GridCell
    from nianbao.model.document import new_grid_cell
    from nianbao.model.location import new_location
    from nianbao.readers.text import _cell_at

    for path, page in (("a.txt", 2), (None, None)):
        made = _cell_at("12", path, page, 7, 10.5)
        built = new_grid_cell("12", new_location(path, page, 7, None, None, None, None, 10.5))
        assert type(made) is GridCell and made == built and repr(made) == repr(built)
        assert hash(made) == hash(built) and type(made.location) is type(built.location)
        with pytest.raises(FrozenInstanceError):
            made.text = "13"  # type: ignore[misc]
