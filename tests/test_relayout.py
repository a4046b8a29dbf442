"""Every seed's tables, rewritten into every supported text layout and encoding, still read 100%."""

from __future__ import annotations

import codecs
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
