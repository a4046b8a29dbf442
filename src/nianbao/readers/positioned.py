"""Positioned HTML → Document: what ``pdftohtml -s`` and similar PDF→HTML tools write.

Every text run is an absolutely positioned ``<p>``/``<div>``/``<span>`` (``top``/``left`` in
its style, the font size from its class or style) inside one positioned block per page; the
tables survive only as positions. Each run becomes a ``layout.Piece`` and the pages go through
the PDF reader's position-based reading (``readers/layout.py``), so prose, wrapped labels and
tables are read exactly as for the PDF itself. Widths are not written by these tools: a run's
width is estimated from its characters (full-width 1 em, others ½ em).
"""

from __future__ import annotations

import hashlib
import html
import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass

from ..model import Document
from . import layout
from .layout import Piece

_PAGE = re.compile(
    r"""<div[^>]*?id=["']?page(\d+)(?:-div)?["']?[^>]*?style=["']([^"']*)["'][^>]*>""", re.I
)
_RUN = re.compile(
    r"""<(p|div|span)\b([^>]*?style=["'][^"']*position\s*:\s*absolute[^"']*["'][^>]*)>(.*?)</\1>""",
    re.I | re.S,
)
_STYLE = re.compile(r"""style=["']([^"']*)["']""", re.I)
_CLASS = re.compile(r"""class=["']([^"']*)["']""", re.I)
_PX = r"\s*:\s*(-?[\d.]+)px"
_TOP = re.compile(r"(?:^|;)\s*top" + _PX, re.I)
_LEFT = re.compile(r"(?:^|;)\s*left" + _PX, re.I)
_WIDTH = re.compile(r"(?:^|;)\s*width" + _PX, re.I)
_HEIGHT = re.compile(r"(?:^|;)\s*height" + _PX, re.I)
_FONT = re.compile(r"font-size" + _PX, re.I)
_CSS_CLASS = re.compile(r"\.([\w-]+)\s*\{([^}]*)\}")
_TAG = re.compile(r"<[^>]+>")
_DEFAULT_FONT = 16.0
_NUMBER = re.compile(r"^[-+]?\d[\d,，.]*%?$")
#: absolutely positioned runs that make a page of positioned HTML
MIN_RUNS = 20


@dataclass(slots=True)
class _Run:
    page: int
    top: float
    left: float
    size: float
    text: str


def is_positioned(text: str) -> bool:
    """Most text of the page sits in absolutely positioned runs with top and left."""
    return len(_RUN.findall(text, 0, 200_000)) >= MIN_RUNS


def read_positioned(text: str, data: bytes, path: str | None, encoding: str) -> Document:
    runs = list(_runs(text))
    pages = [_page(no, size, [r for r in runs if r.page == no]) for no, size in _pages(text, runs)]
    blocks = layout.blocks([p for p in pages if p.loose], path)
    return Document(
        path=path,
        sha256=hashlib.sha256(data).hexdigest(),
        reader="html-positioned",
        blocks=tuple(blocks),
        encoding=encoding,
        pages=len(pages) or None,
    )


def _pages(text: str, runs: list[_Run]) -> Iterator[tuple[int, tuple[float, float]]]:
    sizes: dict[int, tuple[float, float]] = {}
    for m in _PAGE.finditer(text):
        style = m.group(2)
        w, h = _WIDTH.search(";" + style), _HEIGHT.search(";" + style)
        if w and h:
            sizes[int(m.group(1))] = (float(w.group(1)), float(h.group(1)))
    for no in sorted({r.page for r in runs}):
        bottom = max(r.top + r.size for r in runs if r.page == no)
        right = max(r.left + _width(r.text, r.size) for r in runs if r.page == no)
        yield no, sizes.get(no, (right, bottom))


def _page(no: int, size: tuple[float, float], runs: list[_Run]) -> layout.Page:
    pieces = [p for r in sorted(runs, key=lambda r: (r.top, r.left)) for p in _pieces(r)]
    return layout.Page(no=no, width=size[0], height=size[1], loose=pieces)


def _pieces(run: _Run) -> Iterator[Piece]:
    """One piece per run; a run of numbers the tool joined with spaces (``72 64``, two table
    cells close together) is one piece per number, placed by the estimated widths."""
    tokens = run.text.split()
    if len(tokens) < 2 or not all(_NUMBER.match(t) for t in tokens):
        yield Piece(
            run.text, run.left, run.top, run.left + _width(run.text, run.size), run.top + run.size
        )
        return
    x = run.left
    for i, token in enumerate(tokens):
        width = _width(token, run.size)
        yield Piece(token, x, run.top, x + width, run.top + run.size, spaced=i > 0)
        x += width + run.size


def _runs(text: str) -> Iterator[_Run]:
    fonts = _class_fonts(text)
    starts = [(m.start(), int(m.group(1))) for m in _PAGE.finditer(text)]
    index = 0
    page = starts[0][1] if starts else 1
    for m in _RUN.finditer(text):
        while index < len(starts) and starts[index][0] < m.start():
            page = starts[index][1]
            index += 1
        attrs, inner = m.group(2), m.group(3)
        style = ";" + (_STYLE.search(attrs) or _EMPTY).group(1)
        top, left = _TOP.search(style), _LEFT.search(style)
        if top is None or left is None:
            continue
        size = _size(style, _CLASS.search(attrs), fonts)
        # a run may hold <br/>: each printed line is a run of its own, one line height down
        for i, part in enumerate(re.split(r"<br\s*/?>", inner, flags=re.I)):
            words = html.unescape(_TAG.sub("", part)).replace("\xa0", " ").strip()
            if words:
                yield _Run(
                    page, float(top.group(1)) + i * size * 1.2, float(left.group(1)), size, words
                )


class _NoMatch:
    def group(self, _: int) -> str:
        return ""


_EMPTY = _NoMatch()


def _class_fonts(text: str) -> dict[str, float]:
    fonts: dict[str, float] = {}
    for m in _CSS_CLASS.finditer(text, 0, 200_000):
        f = _FONT.search(m.group(2))
        if f:
            fonts[m.group(1)] = float(f.group(1))
    return fonts


def _size(style: str, cls: re.Match[str] | None, fonts: dict[str, float]) -> float:
    own = _FONT.search(style)
    if own:
        return float(own.group(1))
    for name in cls.group(1).split() if cls else ():
        if name in fonts:
            return fonts[name]
    return _DEFAULT_FONT


def _width(text: str, size: float) -> float:
    return size * sum(1.0 if unicodedata.east_asian_width(ch) in "WF" else 0.5 for ch in text)
