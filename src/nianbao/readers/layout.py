"""Positioned text on pages → blocks: prose lines, ruled tables and tables found by position.

Shared by the PDF reader (glyphs of the text layer) and the OCR reader (recognised boxes), so
both give the extractor the same kind of grids. Coordinates are PDF points, y downwards.

- Text inside a ruled table's cell becomes that cell's text (its lines joined by "\\n"); the
  table becomes a ``layout="cells"`` grid with spanned positions marked ``merged``.
- Other text is grouped into visual lines. A line with cells far apart (three or more, or a
  number beside a label) is a table line; short lines between table lines are the fragments
  of wrapped labels. A run of them becomes a ``layout="positions"`` grid, one row per visual
  line, each cell with its horizontal centre in ``location.x``.
- A table that ends at the foot of a page and goes on at the head of the next is one grid;
  header rows repeated on the new page are dropped; page numbers are dropped.
"""

from __future__ import annotations

import bisect
import re
import statistics
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from ..formats.headings import heading_of
from ..model import GridCell, Location, TableGrid, TextBlock
from ..textnorm import nfkc
from .gridlines import Box, bbox, layout, spans

_CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
_NUMBER = re.compile(r"^[-+]?\d[\d,，.]*%?$")
_PLACEHOLDER = frozenset("/／-—–－")
_PAGE_NUMBER = re.compile(
    r"^(?:[-—–－_]*\s*\d{1,4}\s*[-—–－_]*|第\s*\d{1,4}\s*页(?:\s*[，,/]?\s*共\s*\d+\s*页)?|\d{1,4}\s*/\s*\d{1,4})$"
)
# a numbered heading starts a paragraph of its own
_SECTION_HEAD = re.compile(r"^[一二三四五六七八九十][、.．]\S{2,}")
_FRAGMENT_EMS = 20  # widest wrapped-label fragment, in font sizes
_MAX_FRAGMENTS = 6  # fragment lines between two table lines
_EDGE_FRACTION = 0.12
_JOINED_VALUES_CONFIDENCE = 0.5  # top and bottom share of a page where page numbers sit


@dataclass(slots=True)  # not frozen: built per glyph, and a frozen init costs 5× as much
class Piece:
    """A run of text at a known place: a word of the PDF text layer or one OCR box."""

    text: str
    x0: float
    top: float
    x1: float
    bottom: float
    confidence: float | None = None
    #: a space was printed before this piece (so its text is joined with one)
    spaced: bool = False

    @property
    def cx(self) -> float:
        return (self.x0 + self.x1) / 2

    @property
    def cy(self) -> float:
        return (self.top + self.bottom) / 2

    @property
    def height(self) -> float:
        return self.bottom - self.top


@dataclass(slots=True)
class Page:
    """What a reader found on one page: ruled tables (cell boxes with their pieces) and the rest."""

    no: int
    width: float
    height: float
    tables: list[list[tuple[Box, list[Piece]]]] = field(default_factory=list)
    loose: list[Piece] = field(default_factory=list)
    #: glyph height per font size (PDF glyph boxes are one em; OCR boxes are taller)
    em_ratio: float = 1.0
    #: snapping distance for table boundaries (points)
    tolerance: float = 2.0


@dataclass(slots=True)
class _Cell:
    box: Box  # in stacked coordinates: tables continued over pages share one y axis
    text: str
    confidence: float | None
    page: int
    line: int | None
    y: float


@dataclass(slots=True)
class _Ruled:
    cells: list[_Cell]
    top: float  # on the first page
    bottom: float  # on the last page
    tolerance: float

    @property
    def end(self) -> float:
        """The bottom in stacked coordinates."""
        return max(c.box[3] for c in self.cells)


@dataclass(slots=True)
class _Line:
    page: int
    no: int
    cells: list[Piece]
    em: float

    @property
    def top(self) -> float:
        return min(c.top for c in self.cells)

    @property
    def bottom(self) -> float:
        return max(c.bottom for c in self.cells)

    @property
    def text(self) -> str:
        return _join(self.cells, self.em)

    @property
    def cx(self) -> float:
        return (self.cells[0].x0 + self.cells[-1].x1) / 2


@dataclass(slots=True)
class _Positions:
    lines: list[_Line]

    @property
    def top(self) -> float:
        return self.lines[0].top

    @property
    def bottom(self) -> float:
        return self.lines[-1].bottom


@dataclass(slots=True)
class _Paragraph:
    lines: list[_Line]
    heading: bool = False


_Item = _Line | _Ruled | _Positions


def blocks(pages: Sequence[Page], path: str | None) -> list[TextBlock | TableGrid]:
    """All pages' blocks in reading order: wrapped lines joined into paragraphs, tables
    continued over page breaks joined into one grid."""
    per_page = [_page_items(page) for page in pages]
    columns = _columns([it for items in per_page for it in items], pages)
    seq: list[_Item] = []
    previous: Page | None = None
    for page, items in zip(pages, per_page, strict=True):
        if previous is not None and seq and items:
            joined = _continue(seq[-1], items[0], previous, page)
            if joined is not None:
                seq[-1] = joined
                items = items[1:]
        seq.extend(items)
        previous = page
    return [_block(item, path) for item in _paragraphs(_runs(seq, columns), columns)]


# ---------------------------------------------------------------- one page


def _page_items(page: Page) -> list[_Item]:
    everything = list(page.loose) + [p for t in page.tables for _, ps in t for p in ps]
    numbering = _line_numbers(everything, page.em_ratio)
    items: list[_Item] = []
    for table in page.tables:
        cells = []
        for box, pieces in table:
            text, conf = _cell_text(pieces, page.em_ratio)
            line = numbering(min((p.cy for p in pieces), default=box[1]))
            cells.append(_Cell(box, text, conf, page.no, line if pieces else None, box[1]))
        top, bottom = min(b[1] for b, _ in table), max(b[3] for b, _ in table)
        items.append(_Ruled(cells, top, bottom, page.tolerance))
    lines = [
        _Line(page.no, numbering(_centre(group)), _merge_cells(group, em), em)
        for group in group_lines(page.loose, page.em_ratio)
        for em in (_em(group, page.em_ratio),)
    ]
    items.extend(ln for ln in lines if not _page_number(ln, page))
    items.sort(key=lambda it: it.top)
    return items


def group_lines(pieces: Iterable[Piece], em_ratio: float = 1.0) -> list[list[Piece]]:
    """Pieces grouped into visual lines, top to bottom, each line left to right.

    A piece joins the line above when its vertical centre is within half a glyph height of
    that line's; so a number printed between the two lines of a wrapped label is a line of
    its own, as in ``pdftotext -layout``.
    """
    lines: list[list[Piece]] = []
    line: list[Piece] = []
    heights: list[float] = []  # the line's glyph heights, sorted (for their median)
    total = centre = 0.0  # sum and mean of the line's vertical centres
    for p in sorted(pieces, key=_reading_key):
        cy, h = (p.top + p.bottom) / 2, p.bottom - p.top
        if line and abs(cy - centre) <= 0.5 * max(h, _median(heights)):
            line.append(p)
            bisect.insort(heights, h)
            total += cy
            centre = total / len(line)
        else:
            line = [p]
            lines.append(line)
            heights = [h]
            total = centre = cy
    return [sorted(line, key=_x0) for line in lines]


def _reading_key(p: Piece) -> tuple[float, float]:
    return ((p.top + p.bottom) / 2, p.x0)


def _x0(p: Piece) -> float:
    return p.x0


def _median(ordered: list[float]) -> float:
    n = len(ordered)
    mid = n // 2
    return ordered[mid] if n % 2 else (ordered[mid - 1] + ordered[mid]) / 2


def _em(pieces: list[Piece], em_ratio: float) -> float:
    """The font size of a line: the height of its longest piece (digits and Latin letters are
    set in other fonts with other heights)."""
    longest = max(pieces, key=lambda p: len(p.text))
    return max(longest.height / em_ratio, 1.0)


def _centre(pieces: list[Piece]) -> float:
    return statistics.fmean(p.cy for p in pieces)


def _line_numbers(pieces: list[Piece], em_ratio: float) -> _Numbering:
    centres = [_centre(g) for g in group_lines(pieces, em_ratio)]
    return _Numbering(centres)


@dataclass(slots=True)
class _Numbering:
    """Visual line number (1-based, per page) of a vertical position."""

    centres: list[float]

    def __call__(self, y: float) -> int:
        if not self.centres:
            return 1
        i = bisect.bisect_left(self.centres, y)
        if i == len(self.centres) or (i > 0 and y - self.centres[i - 1] < self.centres[i] - y):
            i -= 1
        return i + 1


def is_value(text: str) -> bool:
    """A number or a placeholder ("/", "—"): a token that is its own cell in a table line."""
    s = nfkc(text).strip()
    return bool(_NUMBER.match(s)) or (bool(s) and all(ch in _PLACEHOLDER for ch in s))


def _merge_cells(line: list[Piece], em: float) -> list[Piece]:
    """Pieces closer than one font size form one cell; two values never do."""
    out: list[Piece] = []
    for p in line:
        if out and p.x0 - out[-1].x1 < em and not (is_value(p.text) and is_value(out[-1].text)):
            prev = out[-1]
            out[-1] = Piece(
                _join([prev, p], em),
                prev.x0,
                min(prev.top, p.top),
                p.x1,
                max(prev.bottom, p.bottom),
                _min_conf([prev.confidence, p.confidence]),
                prev.spaced,
            )
        else:
            out.append(p)
    return out


def _join(pieces: Sequence[Piece], em: float) -> str:
    """Text of pieces on one line: a space where the gap is wider than a fifth of a font size."""
    text = ""
    prev: Piece | None = None
    for p in pieces:
        if prev is not None and (p.spaced or p.x0 - prev.x1 > 0.2 * em):
            text += " "
        text += p.text
        prev = p
    return text


def _min_conf(values: Iterable[float | None]) -> float | None:
    known = [v for v in values if v is not None]
    return min(known) if known else None


def _cell_text(pieces: list[Piece], em_ratio: float) -> tuple[str, float | None]:
    if not pieces:
        return "", None
    lines = group_lines(pieces, em_ratio)
    text = "\n".join(_join(line, _em(line, em_ratio)) for line in lines)
    conf = _min_conf(p.confidence for p in pieces)
    # two numbers in one cell: a column line between them was missed
    if conf is not None and any(sum(is_value(p.text) for p in line) > 1 for line in lines):
        conf = min(conf, _JOINED_VALUES_CONFIDENCE)
    return text, conf


def _page_number(line: _Line, page: Page) -> bool:
    edge = _EDGE_FRACTION * page.height
    if line.top > edge and line.bottom < page.height - edge:
        return False
    return bool(_PAGE_NUMBER.match(nfkc(line.text).strip()))


# ---------------------------------------------------------------- tables by position


def _tabular(line: _Line) -> bool:
    texts = [nfkc(c.text).strip() for c in line.cells]
    if not is_value(texts[-1]) and heading_of(line.text, 0) is not None:
        return False
    if len(texts) >= 3:
        return True
    if len(texts) == 2:
        wide = line.cells[1].x0 - line.cells[0].x1 >= 4 * line.em
        return wide or any(is_value(t) for t in texts)
    return False


def _fragment(line: _Line, columns: dict[int, _Column]) -> bool:
    """A short line: part of a wrapped label, or a label printed without values."""
    col = columns.get(line.page)
    width = line.cells[-1].x1 - line.cells[0].x0
    limit = (
        0.7 * (col.right - col.left)
        if col is not None and col.right > col.left
        else _FRAGMENT_EMS * line.em
    )
    narrow = line.bottom - line.top < 3 * line.em and width <= limit
    return narrow and heading_of(line.text, 0) is None


def _runs(seq: list[_Item], columns: dict[int, _Column]) -> list[_Item]:
    """Each stretch of prose lines (over page breaks too) with its tables found by position."""
    out: list[_Item] = []
    i = 0
    while i < len(seq):
        if not isinstance(seq[i], _Line):
            out.append(seq[i])
            i += 1
            continue
        j = i
        while j < len(seq) and isinstance(seq[j], _Line):
            j += 1
        out.extend(_line_runs([ln for ln in seq[i:j] if isinstance(ln, _Line)], columns))
        i = j
    return out


def _line_runs(lines: list[_Line], columns: dict[int, _Column]) -> list[_Item]:
    """Prose lines stay lines; table lines with their fragments become position tables.

    Short lines between two table lines are fragments when there are few of them, or when
    they follow each other as closely as table rows do (labels of rows printed without any
    value: a blank row of a table drawn without lines)."""
    kinds = ["table" if _tabular(ln) else "text" for ln in lines]
    tables = [i for i, k in enumerate(kinds) if k == "table"]
    for a, b in zip(tables, tables[1:], strict=False):
        between = range(a + 1, b)
        if not between or not all(_fragment(lines[i], columns) for i in between):
            continue
        dense = all(_gap(lines[i - 1], lines[i]) <= 2 * lines[i].em for i in range(a + 1, b + 1))
        if len(between) <= _MAX_FRAGMENTS or dense:
            for i in between:
                kinds[i] = "fragment"
    for a in tables:  # the head or tail of a wrapped label just before or after a table line
        for step in (1, -1):
            i = a + step
            while (
                0 <= i < len(lines)
                and abs(i - a) <= 2
                and kinds[i] == "text"
                and _fragment(lines[i], columns)
            ):
                kinds[i] = "fragment"
                i += step
    items: list[_Item] = []
    run: list[_Line] = []
    for ln, kind in zip(lines, kinds, strict=True):
        if kind == "text":
            if run:
                items.append(_positions(run))
                run = []
            items.append(ln)
            continue
        if run and _gap(run[-1], ln) > 5 * ln.em:
            items.append(_positions(run))
            run = []
        run.append(ln)
    if run:
        items.append(_positions(run))
    # a lone fragment is prose after all
    return [
        it.lines[0] if isinstance(it, _Positions) and not any(map(_tabular, it.lines)) else it
        for it in items
    ]


def _gap(above: _Line, below: _Line) -> float:
    """Blank space between two lines; none across a page break."""
    return below.top - above.bottom if below.page == above.page else 0.0


def _positions(lines: list[_Line]) -> _Positions:
    """A run of table lines, without the header lines repeated at the head of a new page."""
    kept = list(lines)
    head = [[c.text for c in ln.cells] for ln in lines]
    i = 1
    while i < len(kept):
        if kept[i].page != kept[i - 1].page:
            rest = [[c.text for c in ln.cells] for ln in kept[i:]]
            del kept[i : i + _repeated(head, rest)]
        i += 1
    return _Positions(kept)


# ---------------------------------------------------------------- page breaks


def _continue(last: _Item, first: _Item, prev: Page, page: Page) -> _Item | None:
    """``last`` (foot of the previous page) and ``first`` (head of this one) as one table."""
    if last.bottom < 0.6 * prev.height or first.top > 0.4 * page.height:
        return None
    if isinstance(last, _Ruled) and isinstance(first, _Ruled):
        a, b = bbox(c.box for c in last.cells), bbox(c.box for c in first.cells)
        tol = max(last.tolerance, first.tolerance) * 2
        if abs(a[0] - b[0]) > tol or abs(a[2] - b[2]) > tol:
            return None
        return _join_ruled(last, first)
    return None


def _repeated(head: list[list[str]], rows: list[list[str]]) -> int:
    """How many leading ``rows`` repeat the leading rows of ``head`` (a repeated table header)."""
    norm = [[nfkc(t).strip() for t in r] for r in head]
    k = 0
    while k < min(len(head), len(rows)) - 1 and [nfkc(t).strip() for t in rows[k]] == norm[k]:
        if not any(norm[k]) or all(is_value(t) for t in norm[k] if t):
            break
        k += 1
    return k


def _join_ruled(a: _Ruled, b: _Ruled) -> _Ruled:
    rows_a, rows_b = _ruled_rows(a), _ruled_rows(b)
    k = _repeated(rows_a, rows_b)
    cells_b = b.cells
    if k:
        _, ys, sp = spans([c.box for c in b.cells], b.tolerance)
        cells_b = [c for c, s in zip(b.cells, sp, strict=True) if s.row0 >= k]
    if not cells_b:
        return a
    shift = a.end - min(c.box[1] for c in cells_b)
    moved = [
        _Cell(
            (c.box[0], c.box[1] + shift, c.box[2], c.box[3] + shift),
            c.text,
            c.confidence,
            c.page,
            c.line,
            c.y,
        )
        for c in cells_b
    ]
    return _Ruled(a.cells + moved, a.top, b.bottom, a.tolerance)


def _ruled_rows(t: _Ruled) -> list[list[str]]:
    _, _, sp = spans([c.box for c in t.cells], t.tolerance)
    grid = layout(sp)
    return [[t.cells[slot[0]].text if slot else "" for slot in row] for row in grid]


# ---------------------------------------------------------------- paragraphs


@dataclass(frozen=True, slots=True)
class _Column:
    """The text column of a page: where full lines start and end, the body font size."""

    left: float
    right: float
    centre: float
    em: float


def _columns(items: list[_Item], pages: Sequence[Page]) -> dict[int, _Column]:
    lines = [it for it in items if isinstance(it, _Line)]
    body_em = statistics.median([ln.em for ln in lines]) if lines else 10.0
    out = {}
    for page in pages:
        mine = [ln for ln in lines if ln.page == page.no and abs(ln.em - body_em) < 0.15 * body_em]
        lefts = sorted(ln.cells[0].x0 for ln in mine)
        rights = sorted(ln.cells[-1].x1 for ln in mine)
        left = lefts[len(lefts) // 10] if lefts else 0.0
        right = rights[-1 - len(rights) // 10] if rights else page.width
        out[page.no] = _Column(left, right, page.width / 2, body_em)
    return out


_NEW_ITEM = re.compile(
    r"^(?:[一二三四五六七八九十]+[、.．]|[（(][一二三四五六七八九十\d]+[）)]|\d+[、.．])"
)


def _paragraphs(items: list[_Item], columns: dict[int, _Column]) -> list[_Item | _Paragraph]:
    """Consecutive prose lines joined where the first runs to the column's right edge and the
    next starts at its left edge unindented (a wrapped paragraph), or where both are centred in a
    font larger than the body's (a title over two lines)."""
    out: list[_Item | _Paragraph] = []
    for item in items:
        if not isinstance(item, _Line):
            out.append(item)
            continue
        last = out[-1] if out else None
        if isinstance(last, _Paragraph) and _continues(last, item, columns):
            last.lines.append(item)
            continue
        col = columns.get(item.page)
        out.append(_Paragraph([item], heading=col is not None and item.em > 1.15 * col.em))
    return out


def _continues(par: _Paragraph, line: _Line, columns: dict[int, _Column]) -> bool:
    prev = par.lines[-1]
    a, b = columns.get(prev.page), columns.get(line.page)
    if a is None or b is None or abs(prev.em - line.em) > 0.2 * prev.em:
        return False
    if line.page == prev.page and line.top - prev.bottom > prev.em:
        return False
    if _NEW_ITEM.match(nfkc(line.text).strip()) or _SECTION_HEAD.match(nfkc(prev.text).strip()):
        return False
    em = prev.em
    if par.heading:
        return (
            line.page == prev.page
            and abs(line.cx - b.centre) < 2 * em
            and abs(prev.cx - a.centre) < 2 * em
        )
    full = prev.cells[-1].x1 >= a.right - 1.5 * em
    flush_left = line.cells[0].x0 <= b.left + 0.5 * em
    return full and flush_left


# ---------------------------------------------------------------- blocks


def _block(item: _Item | _Paragraph, path: str | None) -> TextBlock | TableGrid:
    if isinstance(item, _Paragraph):
        first = item.lines[0]
        return TextBlock(
            "".join(ln.text for ln in item.lines),
            Location(path=path, page=first.page, line=first.no, y=round(first.top, 1)),
            kind="heading" if item.heading else "paragraph",
        )
    if isinstance(item, _Line):
        return TextBlock(
            item.text, Location(path=path, page=item.page, line=item.no, y=round(item.top, 1))
        )
    if isinstance(item, _Positions):
        rows = tuple(
            tuple(
                GridCell(c.text, _loc(path, ln.page, ln.no, c.cx, c.top), confidence=c.confidence)
                for c in ln.cells
            )
            for ln in item.lines
        )
        first = item.lines[0]
        return TableGrid(
            rows, _loc(path, first.page, first.no, None, first.top), layout="positions"
        )
    return _ruled_grid(item, path)


def _ruled_grid(t: _Ruled, path: str | None) -> TableGrid:
    xs, _, sp = spans([c.box for c in t.cells], t.tolerance)
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
                    _loc(path, cell.page, cell.line, x, cell.y),
                    merged=not slot[1],
                    confidence=cell.confidence,
                )
            )
        rows.append(tuple(out))
    first = min(t.cells, key=lambda c: c.box[1])
    return TableGrid(tuple(rows), _loc(path, first.page, first.line, None, first.y), layout="cells")


def _loc(
    path: str | None, page: int, line: int | None, x: float | None, y: float | None
) -> Location:
    return Location(
        path=path,
        page=page,
        line=line,
        x=None if x is None else round(x, 1),
        y=None if y is None else round(y, 1),
    )


def confidence_notes(blocks: Sequence[TextBlock | TableGrid], threshold: float) -> list[str]:
    """A note for each table cell holding a value (no Chinese text) whose OCR confidence is
    under ``threshold``, so a reviewer checks it against the original."""
    notes = []
    for block in blocks:
        if not isinstance(block, TableGrid):
            continue
        for row in block.rows:
            for cell in row:
                if cell.merged or cell.confidence is None or cell.confidence >= threshold:
                    continue
                if _CJK.search(cell.text):
                    continue
                loc = cell.location
                where = f"第 {loc.page} 页" + (f"第 {loc.line} 行" if loc.line else "")
                what = f"“{cell.text.strip()}”" if cell.text.strip() else "有字迹但未能识别"
                notes.append(
                    f"{where}表格单元{what}，识别置信度 {cell.confidence:.2f}（低于 {threshold:.2f}），请对照原件核对"
                )
    return notes
