"""Layout items → the blocks of a Document: paragraphs as TextBlocks, tables as TableGrids."""

from __future__ import annotations

from ...model import GridCell, Location, TableGrid, TextBlock
from ..gridlines import Box, layout
from .items import Item, Line, Paragraph, Positions, Ruled


def to_block(item: Item | Paragraph, path: str | None) -> TextBlock | TableGrid:
    if isinstance(item, Paragraph):
        first = item.lines[0]
        return TextBlock(
            "".join(ln.text for ln in item.lines),
            Location(path=path, page=first.page, line=first.no, y=round(first.top, 1)),
            kind="heading" if item.heading else "paragraph",
        )
    if isinstance(item, Line):
        return TextBlock(
            item.text, Location(path=path, page=item.page, line=item.no, y=round(item.top, 1))
        )
    if isinstance(item, Positions):
        rows = tuple(
            tuple(
                GridCell(
                    c.text,
                    _loc(path, ln.page, ln.no, c.cx, c.top, (c.x0, c.top, c.x1, c.bottom)),
                    confidence=c.confidence,
                )
                for c in ln.cells
            )
            for ln in item.lines
        )
        first = item.lines[0]
        return TableGrid(
            rows, _loc(path, first.page, first.no, None, first.top), layout="positions"
        )
    return _ruled_grid(item, path)


def _ruled_grid(t: Ruled, path: str | None) -> TableGrid:
    """A ruled table as a ``layout="cells"`` grid, spanned positions marked ``merged``."""
    xs, _, sp = t.spans()
    grid = layout(sp)
    rows: list[tuple[GridCell, ...]] = []
    for row in grid:
        origin = next((t.cells[s[0]] for s in row if s is not None), t.cells[0])
        out: list[GridCell] = []
        for col, slot in enumerate(row):
            centre = (xs[col] + xs[col + 1]) / 2 if col + 1 < len(xs) else xs[col]
            if slot is None:
                out.append(GridCell("", _loc(path, origin.page, origin.line, centre, origin.y)))
                continue
            cell = t.cells[slot[0]]
            x = (cell.box[0] + cell.box[2]) / 2 if slot[1] else centre
            out.append(
                GridCell(
                    cell.text,
                    _loc(path, cell.page, cell.line, x, cell.y, cell.page_box),
                    merged=not slot[1],
                    confidence=cell.confidence,
                )
            )
        rows.append(tuple(out))
    first = min(t.cells, key=lambda c: c.box[1])
    return TableGrid(tuple(rows), _loc(path, first.page, first.line, None, first.y), layout="cells")


def _loc(
    path: str | None,
    page: int,
    line: int | None,
    x: float | None,
    y: float | None,
    box: Box | None = None,
) -> Location:
    return Location(
        path=path,
        page=page,
        line=line,
        x=None if x is None else round(x, 1),
        y=None if y is None else round(y, 1),
        box=None
        if box is None
        else (round(box[0], 1), round(box[1], 1), round(box[2], 1), round(box[3], 1)),
    )
