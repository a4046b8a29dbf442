"""Tables drawn without lines: runs of table lines, with the fragments of wrapped labels."""

from __future__ import annotations

from ...formats.headings import heading_of
from ...settings import LayoutSettings
from ...textnorm import nfkc
from .items import Column, Item, Line, Positions
from .lines import is_value
from .pagebreaks import repeated


def find_positions(
    seq: list[Item], columns: dict[int, Column], settings: LayoutSettings
) -> list[Item]:
    """Each stretch of prose lines (over page breaks too) with its tables found by position."""
    out: list[Item] = []
    i = 0
    while i < len(seq):
        if not isinstance(seq[i], Line):
            out.append(seq[i])
            i += 1
            continue
        j = i
        while j < len(seq) and isinstance(seq[j], Line):
            j += 1
        stretch = [ln for ln in seq[i:j] if isinstance(ln, Line)]
        out.extend(_line_runs(stretch, columns, settings))
        i = j
    return out


def _tabular(line: Line, settings: LayoutSettings) -> bool:
    texts = [nfkc(c.text).strip() for c in line.cells]
    if not is_value(texts[-1]) and heading_of(line.text, 0) is not None:
        return False
    if len(texts) >= 3:
        return True
    if len(texts) == 2:
        wide = line.cells[1].x0 - line.cells[0].x1 >= settings.wide_gap_ems * line.em
        return wide or any(is_value(t) for t in texts)
    return False


def _fragment(line: Line, columns: dict[int, Column], settings: LayoutSettings) -> bool:
    """A short line: part of a wrapped label, or a label printed without values."""
    col = columns.get(line.page)
    width = line.cells[-1].x1 - line.cells[0].x0
    limit = (
        settings.fragment_column_share * (col.right - col.left)
        if col is not None and col.right > col.left
        else settings.fragment_ems * line.em
    )
    narrow = line.bottom - line.top < settings.fragment_height_ems * line.em and width <= limit
    return narrow and heading_of(line.text, 0) is None


def _kinds(lines: list[Line], columns: dict[int, Column], settings: LayoutSettings) -> list[str]:
    """ "table", "fragment" or "text" for each line.

    Short lines between two table lines are fragments when there are few of them, or when
    they follow each other as closely as table rows do (labels of rows printed without any
    value: a blank row of a table drawn without lines)."""
    kinds = ["table" if _tabular(ln, settings) else "text" for ln in lines]
    tables = [i for i, k in enumerate(kinds) if k == "table"]
    for a, b in zip(tables, tables[1:], strict=False):
        between = range(a + 1, b)
        if not between or not all(_fragment(lines[i], columns, settings) for i in between):
            continue
        dense = all(
            gap(lines[i - 1], lines[i]) <= settings.dense_gap_ems * lines[i].em
            for i in range(a + 1, b + 1)
        )
        if len(between) <= settings.max_fragments or dense:
            for i in between:
                kinds[i] = "fragment"
    for a in tables:  # the head or tail of a wrapped label just before or after a table line
        for step in (1, -1):
            i = a + step
            while (
                0 <= i < len(lines)
                and abs(i - a) <= settings.edge_fragments
                and kinds[i] == "text"
                and _fragment(lines[i], columns, settings)
            ):
                kinds[i] = "fragment"
                i += step
    return kinds


def _line_runs(
    lines: list[Line], columns: dict[int, Column], settings: LayoutSettings
) -> list[Item]:
    """Prose lines stay lines; table lines with their fragments become position tables."""
    items: list[Item] = []
    run: list[Line] = []
    for ln, kind in zip(lines, _kinds(lines, columns, settings), strict=True):
        if kind == "text":
            if run:
                items.append(_positions(run))
                run = []
            items.append(ln)
            continue
        if run and gap(run[-1], ln) > settings.table_gap_ems * ln.em:
            items.append(_positions(run))
            run = []
        run.append(ln)
    if run:
        items.append(_positions(run))
    # a lone fragment is prose after all
    return [
        it.lines[0]
        if isinstance(it, Positions) and not any(_tabular(ln, settings) for ln in it.lines)
        else it
        for it in items
    ]


def gap(above: Line, below: Line) -> float:
    """Blank space between two lines; none across a page break."""
    return below.top - above.bottom if below.page == above.page else 0.0


def _positions(lines: list[Line]) -> Positions:
    """A run of table lines, without the header lines repeated at the head of a new page."""
    kept = list(lines)
    head = [[c.text for c in ln.cells] for ln in lines]
    i = 1
    while i < len(kept):
        if kept[i].page != kept[i - 1].page:
            rest = [[c.text for c in ln.cells] for ln in kept[i:]]
            del kept[i : i + repeated(head, rest)]
        i += 1
    return Positions(kept)
