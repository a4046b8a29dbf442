"""Crawled page text: the visible text of a report page, table cells glued with no separator.

``一、本年新收政府信息公开申请数量801000081二、上年结转…`` is what a crawler keeps of a table.
Such text is cut at the section headings (the whole body is often one line), and each of the
table sections 二/三/四 becomes a ``layout="glued"`` grid of (label, digit run) rows; the
extractor splits the runs by the format's identities (``extract/glued.py``). An item number
glued to the run before it (``…4910000502.没有现成…``) goes back to its label; a count the
narrative states (``共收到申请28件``) is not a cell.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from ..formats import SECTIONS
from ..model import GridCell, Location, TableGrid, TextBlock

# a row label with a number glued right after it
_GLUED = re.compile(
    r"(?:申请数量|予以公开|继续办理|规章|规范性文件|行政许可|行政处罚|行政强制|事项|总计)"
    r"-?\d+(?:\.\d+)?(?![\d.件个项条次家人份元万%％])"
)
_TABS_OF_A_TABLE = 20
_RUN = re.compile(r"-?\d+(?:\.\d+)?(?:[ \u00a0\u3000]*-?\d+(?:\.\d+)?)*")
# the last digit of a run followed by "." or "、" and a label is the next row's item number
_ITEM_AFTER = re.compile(r"[.．、]\s*[^\d\s]")
# a count the narrative states (28件, 3个), not a table cell
_UNIT_AFTER = re.compile(r"\s*[件条个项次家人份元万%％年月日]")
_HEADINGS = re.compile("|".join(re.escape(s.title) for s in SECTIONS))
_TABLE_SECTIONS = {2, 3, 4}


def is_glued(text: str, tabs: int) -> bool:
    """Two or more table rows printed as a label with its numbers glued on (a count the
    narrative states, 规章2件, is not one), in a text with no tab-separated table (``tabs``:
    the tabs in it, which the caller counted)."""
    if tabs >= _TABS_OF_A_TABLE:
        return False
    return len(_GLUED.findall(text, 0, 2_000_000)) >= 2


def glued_blocks(
    lines: list[tuple[int, int | None, str]], path: str | None
) -> list[TextBlock | TableGrid]:
    """Blocks of (line number, page, text) lines: prose, headings, and glued table grids."""
    blocks: list[TextBlock | TableGrid] = []
    section = 0
    for no, page, text in lines:
        for piece, heading in _pieces(text):
            loc = Location(path=path, page=page, line=no)
            if heading is not None:
                section = heading
                blocks.append(TextBlock(piece, loc, kind="heading"))
                continue
            if section in _TABLE_SECTIONS:
                rows = list(_rows(piece, loc))
                if rows:
                    blocks.append(TableGrid(tuple(rows), loc, layout="glued"))
                    continue
            if piece.strip():
                blocks.append(TextBlock(piece.strip(), loc))
    return blocks


def _pieces(text: str) -> Iterator[tuple[str, int | None]]:
    """The text cut before and after every section heading printed inside it."""
    start = 0
    for m in _HEADINGS.finditer(text):
        if text[start : m.start()].strip():
            yield text[start : m.start()], None
        no = next(s.no for s in SECTIONS if s.title == m.group(0))
        yield m.group(0), no
        start = m.end()
    if text[start:].strip():
        yield text[start:], None


def _rows(text: str, loc: Location) -> Iterator[tuple[GridCell, GridCell]]:
    """(label, run) pairs: the text before each digit run, and the run."""
    label_start = 0
    pos = 0
    while True:
        m = _RUN.search(text, pos)
        if m is None:
            break
        start, end = m.start(), m.end()
        run = m.group(0)
        if _ITEM_AFTER.match(text, end):
            end -= 1
            run = run[:-1].rstrip(" \u00a0\u3000")
        if not run or _UNIT_AFTER.match(text, m.end()):
            pos = m.end()
            continue
        label = text[label_start:start].strip()
        yield GridCell(label, loc), GridCell(run, loc)
        label_start = end
        pos = m.end()
    tail = text[label_start:].strip()
    if tail and label_start:
        yield GridCell(tail, loc), GridCell("", loc)
