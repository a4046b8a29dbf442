"""Prose lines → paragraphs: wrapped lines joined, a title over two lines joined, headings marked."""

from __future__ import annotations

import re
import statistics
from collections.abc import Sequence

from ...settings import LayoutSettings
from ...textnorm import nfkc
from .items import Column, Item, Line, Paragraph
from .lines import Page

# a numbered item or heading starts a paragraph of its own
_NEW_ITEM = re.compile(
    r"^(?:[一二三四五六七八九十]+[、.．]|[（(][一二三四五六七八九十\d]+[）)]|\d+[、.．])"
)
_SECTION_HEAD = re.compile(r"^[一二三四五六七八九十][、.．]\S{2,}")


def columns(
    items: list[Item], pages: Sequence[Page], settings: LayoutSettings
) -> dict[int, Column]:
    """Each page's text column, measured on lines in the body font."""
    lines = [it for it in items if isinstance(it, Line)]
    body_em = statistics.median([ln.em for ln in lines]) if lines else settings.default_body_em
    out = {}
    for page in pages:
        mine = [
            ln
            for ln in lines
            if ln.page == page.no and abs(ln.em - body_em) < settings.body_em_share * body_em
        ]
        lefts = sorted(ln.cells[0].x0 for ln in mine)
        rights = sorted(ln.cells[-1].x1 for ln in mine)
        left = lefts[int(len(lefts) * settings.column_outliers)] if lefts else 0.0
        right = rights[-1 - int(len(rights) * settings.column_outliers)] if rights else page.width
        out[page.no] = Column(left, right, page.width / 2, body_em)
    return out


def paragraphs(
    items: list[Item], columns: dict[int, Column], settings: LayoutSettings
) -> list[Item | Paragraph]:
    """Consecutive prose lines joined where the first runs to the column's right edge and the
    next starts at its left edge unindented (a wrapped paragraph), or where both are centred in a
    font larger than the body's (a title over two lines)."""
    out: list[Item | Paragraph] = []
    for item in items:
        if not isinstance(item, Line):
            out.append(item)
            continue
        last = out[-1] if out else None
        if isinstance(last, Paragraph) and _continues(last, item, columns, settings):
            last.lines.append(item)
            continue
        col = columns.get(item.page)
        heading = col is not None and item.em > settings.heading_em_factor * col.em
        out.append(Paragraph([item], heading=heading))
    return out


def _continues(
    par: Paragraph, line: Line, columns: dict[int, Column], settings: LayoutSettings
) -> bool:
    prev = par.lines[-1]
    a, b = columns.get(prev.page), columns.get(line.page)
    if a is None or b is None or abs(prev.em - line.em) > settings.same_font_share * prev.em:
        return False
    if line.page == prev.page and line.top - prev.bottom > settings.paragraph_gap_ems * prev.em:
        return False
    if _NEW_ITEM.match(nfkc(line.text).strip()) or _SECTION_HEAD.match(nfkc(prev.text).strip()):
        return False
    em = prev.em
    if par.heading:
        return (
            line.page == prev.page
            and abs(line.cx - b.centre) < settings.centred_ems * em
            and abs(prev.cx - a.centre) < settings.centred_ems * em
        )
    full = prev.cells[-1].x1 >= a.right - settings.full_line_ems * em
    flush_left = line.cells[0].x0 <= b.left + settings.flush_left_ems * em
    return full and flush_left
