"""Positioned text on pages → blocks: prose paragraphs, ruled tables and tables found by position.

Shared by the PDF reader (glyphs of the text layer) and the OCR reader (recognised boxes), so
both give the extractor the same kind of grids. Coordinates are PDF points, y downwards; every
factor is a field of ``LayoutSettings`` (nianbao.settings).

- lines.py: pieces → visual lines; text inside a ruled table's cell becomes that cell's text
  (its lines joined by "\\n").
- items.py: one page → ruled tables and prose lines; page numbers at the page's edges dropped.
- pagebreaks.py: a table that ends at the foot of a page and goes on at the head of the next
  is one grid; header rows repeated on the new page are dropped.
- positions.py: a line with cells far apart (three or more, or a number beside a label) is a
  table line; short lines between table lines are fragments of wrapped labels. A run of them
  becomes a ``layout="positions"`` grid, one row per visual line, each cell with its
  horizontal centre in ``location.x``.
- paragraphs.py: wrapped prose lines → paragraphs; grids.py: everything → TextBlock/TableGrid
  (a ruled table is a ``layout="cells"`` grid with spanned positions marked ``merged``).
"""

from __future__ import annotations

from collections.abc import Sequence

from ...model import TableGrid, TextBlock
from ...settings import DEFAULT, LayoutSettings
from .grids import to_block
from .items import Item, page_items
from .lines import Page, Piece, group_lines, is_value
from .pagebreaks import continue_table
from .paragraphs import columns, paragraphs
from .positions import find_positions

__all__ = ["Page", "Piece", "blocks", "group_lines", "is_value"]


def blocks(
    pages: Sequence[Page], path: str | None, settings: LayoutSettings = DEFAULT.layout
) -> list[TextBlock | TableGrid]:
    """All pages' blocks in reading order: wrapped lines joined into paragraphs, tables
    continued over page breaks joined into one grid."""
    per_page = [page_items(page, settings) for page in pages]
    cols = columns([it for items in per_page for it in items], pages, settings)
    seq: list[Item] = []
    previous: Page | None = None
    for page, items in zip(pages, per_page, strict=True):
        if previous is not None and seq and items:
            joined = continue_table(seq[-1], items[0], previous, page, settings)
            if joined is not None:
                seq[-1] = joined
                items = items[1:]
        seq.extend(items)
        previous = page
    found = find_positions(seq, cols, settings)
    return [to_block(item, path) for item in paragraphs(found, cols, settings)]
