"""Layout items → the blocks of a Document: paragraphs as TextBlocks, tables as TableGrids."""

from __future__ import annotations

from ...model import GridCell, Location, TableGrid, TextBlock
from ..gridlines import Box
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
    """A ruled table as a ``layout="cells"`` grid, spanned positions marked ``merged``.

    Built once per printed position, so what positions share is made once: a column's
    centre and a cell's y and box, each rounded once (``round`` to a digit costs some 3,000
    machine instructions), and the grid cell of a position a cell spans downwards (frozen,
    so one instance serves every row it covers)."""
    xs, _, _ = t.spans()
    grid = t.layout()
    cells = t.cells
    n_cols = max((len(row) for row in grid), default=0)
    centres = [
        round((xs[c] + xs[c + 1]) / 2 if c + 1 < len(xs) else xs[c], 1) for c in range(n_cols)
    ]
    placed: dict[int, tuple[float, Box]] = {}  # cell index → its rounded y and box
    shared: dict[tuple[int, int], GridCell] = {}
    rows: list[tuple[GridCell, ...]] = []
    for row in grid:
        lead = next((s[0] for s in row if s is not None), 0)
        origin = cells[lead]
        out: list[GridCell] = []
        for col, slot in enumerate(row):
            if slot is None:
                y = placed[lead][0] if lead in placed else round(origin.y, 1)
                loc = Location(path=path, page=origin.page, line=origin.line, x=centres[col], y=y)
                out.append(GridCell("", loc))
                continue
            index, is_origin = slot
            cell = cells[index]
            at = placed.get(index)
            if at is None:
                b = cell.page_box
                at = placed[index] = (
                    round(cell.y, 1),
                    (round(b[0], 1), round(b[1], 1), round(b[2], 1), round(b[3], 1)),
                )
            if is_origin:
                x = round((cell.box[0] + cell.box[2]) / 2, 1)
                loc = Location(path=path, page=cell.page, line=cell.line, x=x, y=at[0], box=at[1])
                out.append(GridCell(cell.text, loc, confidence=cell.confidence))
                continue
            spanned = shared.get((index, col))
            if spanned is None:
                loc = Location(
                    path=path, page=cell.page, line=cell.line, x=centres[col], y=at[0], box=at[1]
                )
                spanned = shared[(index, col)] = GridCell(
                    cell.text, loc, merged=True, confidence=cell.confidence
                )
            out.append(spanned)
        rows.append(tuple(out))
    first = min(cells, key=lambda c: c.box[1])
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
