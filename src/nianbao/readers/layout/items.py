"""One page → its items in reading order: ruled tables and prose lines, page numbers dropped."""

from __future__ import annotations

from dataclasses import dataclass

from ...settings import LayoutSettings
from ...textnorm import is_page_number
from ..gridlines import Box, Span, layout, spans
from .lines import (
    Page,
    Piece,
    cell_text,
    centre,
    group_lines,
    join,
    line_em,
    line_numbers,
    merge_cells,
)


@dataclass(slots=True)
class Cell:
    box: Box  # in stacked coordinates: tables continued over pages share one y axis
    text: str
    confidence: float | None
    page: int
    line: int | None
    y: float
    page_box: Box  # on its own page


@dataclass(slots=True)
class Ruled:
    """A table drawn with lines: its cells, possibly from several pages."""

    cells: list[Cell]
    top: float  # on the first page
    bottom: float  # on the last page
    tolerance: float
    #: the cells' spans on the grid (``gridlines.spans``) and the grid they fill
    #: (``gridlines.layout``), once asked for
    grid: tuple[list[float], list[float], list[Span]] | None = None
    filled: list[list[tuple[int, bool] | None]] | None = None

    def spans(self) -> tuple[list[float], list[float], list[Span]]:
        """Column boundaries, row boundaries and each cell's span, computed once."""
        if self.grid is None:
            self.grid = spans([c.box for c in self.cells], self.tolerance)
        return self.grid

    def layout(self) -> list[list[tuple[int, bool] | None]]:
        """The grid as rows of (cell index, is origin), computed once."""
        if self.filled is None:
            self.filled = layout(self.spans()[2])
        return self.filled

    @property
    def end(self) -> float:
        """The bottom in stacked coordinates."""
        return max(c.box[3] for c in self.cells)


@dataclass(slots=True)
class Line:
    """A visual line of text outside ruled tables, its pieces merged into cells."""

    page: int
    no: int
    cells: list[Piece]
    em: float
    text: str

    @property
    def top(self) -> float:
        return min(c.top for c in self.cells)

    @property
    def bottom(self) -> float:
        return max(c.bottom for c in self.cells)

    @property
    def cx(self) -> float:
        return (self.cells[0].x0 + self.cells[-1].x1) / 2


@dataclass(slots=True)
class Positions:
    """Table lines found by position (a table drawn without lines)."""

    lines: list[Line]

    @property
    def top(self) -> float:
        return self.lines[0].top

    @property
    def bottom(self) -> float:
        return self.lines[-1].bottom


@dataclass(slots=True)
class Paragraph:
    lines: list[Line]
    heading: bool = False


@dataclass(frozen=True, slots=True)
class Column:
    """The text column of a page: where full lines start and end, the body font size."""

    left: float
    right: float
    centre: float
    em: float


Item = Line | Ruled | Positions


def page_items(page: Page, settings: LayoutSettings) -> list[Item]:
    """The page's ruled tables and prose lines, top to bottom, without its page number."""
    everything = list(page.loose) + [p for t in page.tables for _, ps in t for p in ps]
    numbering = line_numbers(everything, page.em_ratio, settings)
    items: list[Item] = []
    for t, table in enumerate(page.tables):
        cells = []
        for box, pieces in table:
            text, conf = cell_text(pieces, page.em_ratio, settings)
            line = numbering(min([(p.top + p.bottom) / 2 for p in pieces], default=box[1]))
            cells.append(Cell(box, text, conf, page.no, line if pieces else None, box[1], box))
        top, bottom = min(b[1] for b, _ in table), max(b[3] for b, _ in table)
        ruled = Ruled(cells, top, bottom, page.tolerance)
        if page.grids is not None:
            grid = page.grids[t]
            ruled.grid, ruled.filled = (grid.xs, grid.ys, grid.spans), grid.slots
        items.append(ruled)
    for group in group_lines(page.loose, page.em_ratio, settings=settings):
        em = line_em(group, page.em_ratio)
        merged = merge_cells(group, em, settings)
        prose = Line(page.no, numbering(centre(group)), merged, em, join(merged, em, settings))
        if not _page_number(prose, page, settings):
            items.append(prose)
    items.sort(key=lambda it: it.top)
    return items


def _page_number(line: Line, page: Page, settings: LayoutSettings) -> bool:
    edge = settings.page_edge_share * page.height
    if line.top > edge and line.bottom < page.height - edge:
        return False
    return is_page_number(line.text)
