"""Positioned pieces of text → visual lines, cells of a line, and the text of a cell."""

from __future__ import annotations

import bisect
import math
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from ...settings import DEFAULT, LayoutSettings
from ...textnorm import nfkc
from ..gridlines import Box, Grid

_NUMBER = re.compile(r"^[-+]?\d[\d,，.]*%?$")
_PLACEHOLDER = frozenset("/／-—–－")


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
    #: each table's grid at ``tolerance`` where the reader has already laid it out (it
    #: placed the glyphs in the cells), so that it is not computed again
    grids: list[Grid] | None = None


def group_lines(
    pieces: Iterable[Piece], em_ratio: float = 1.0, *, settings: LayoutSettings = DEFAULT.layout
) -> list[list[Piece]]:
    """Pieces grouped into visual lines, top to bottom, each line left to right.

    A piece joins the line above when its vertical centre is within half a glyph height
    (``settings.line_overlap``) of that line's; so a number printed between the two lines of
    a wrapped label is a line of its own, as in ``pdftotext -layout``.
    """
    lines: list[list[Piece]] = []
    line: list[Piece] = []
    heights: list[float] = []  # the line's glyph heights, sorted (for their median)
    total = centre = 0.0  # sum and mean of the line's vertical centres
    for p in sorted(pieces, key=_reading_key):
        cy, h = (p.top + p.bottom) / 2, p.bottom - p.top
        if line and abs(cy - centre) <= settings.line_overlap * max(h, _median(heights)):
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


def line_em(pieces: list[Piece], em_ratio: float) -> float:
    """The font size of a line: the height of its longest piece (digits and Latin letters are
    set in other fonts with other heights)."""
    longest = max(pieces, key=lambda p: len(p.text))
    return max(longest.height / em_ratio, 1.0)


def centre(pieces: list[Piece]) -> float:
    """The mean of the pieces' vertical centres (``statistics.fmean``'s sum, without its
    counting of an iterator)."""
    return math.fsum([(p.top + p.bottom) / 2 for p in pieces]) / len(pieces)


@dataclass(slots=True)
class Numbering:
    """Visual line number (1-based, per page) of a vertical position."""

    centres: list[float]

    def __call__(self, y: float) -> int:
        if not self.centres:
            return 1
        i = bisect.bisect_left(self.centres, y)
        if i == len(self.centres) or (i > 0 and y - self.centres[i - 1] < self.centres[i] - y):
            i -= 1
        return i + 1


def line_numbers(pieces: list[Piece], em_ratio: float, settings: LayoutSettings) -> Numbering:
    return Numbering([centre(g) for g in group_lines(pieces, em_ratio, settings=settings)])


def is_value(text: str) -> bool:
    """A number or a placeholder ("/", "—"): a token that is its own cell in a table line."""
    s = nfkc(text).strip()
    return bool(_NUMBER.match(s)) or (bool(s) and all(ch in _PLACEHOLDER for ch in s))


def merge_cells(line: list[Piece], em: float, settings: LayoutSettings) -> list[Piece]:
    """Pieces closer than one font size form one cell; two values never do."""
    out: list[Piece] = []
    for p in line:
        close = out and p.x0 - out[-1].x1 < settings.cell_gap_ems * em
        if close and not (is_value(p.text) and is_value(out[-1].text)):
            prev = out[-1]
            out[-1] = Piece(
                join([prev, p], em, settings),
                prev.x0,
                min(prev.top, p.top),
                p.x1,
                max(prev.bottom, p.bottom),
                min_conf([prev.confidence, p.confidence]),
                prev.spaced,
            )
        else:
            out.append(p)
    return out


def join(pieces: Sequence[Piece], em: float, settings: LayoutSettings) -> str:
    """Text of pieces on one line: a space where the gap is wider than a fifth of a font size."""
    text = ""
    prev: Piece | None = None
    for p in pieces:
        if prev is not None and (p.spaced or p.x0 - prev.x1 > settings.space_gap_ems * em):
            text += " "
        text += p.text
        prev = p
    return text


def min_conf(values: Iterable[float | None]) -> float | None:
    known = [v for v in values if v is not None]
    return min(known) if known else None


def cell_text(
    pieces: list[Piece], em_ratio: float, settings: LayoutSettings
) -> tuple[str, float | None]:
    """A ruled cell's text (its lines joined by "\\n") and its lowest OCR confidence."""
    if not pieces:
        return "", None
    if len(pieces) == 1:  # most cells hold one word: a number, a short label
        return pieces[0].text, pieces[0].confidence
    lines = group_lines(pieces, em_ratio, settings=settings)
    text = "\n".join(join(line, line_em(line, em_ratio), settings) for line in lines)
    conf = min_conf(p.confidence for p in pieces)
    # two numbers in one cell: a column line between them was missed
    if conf is not None and any(sum(is_value(p.text) for p in line) > 1 for line in lines):
        conf = min(conf, settings.joined_values_confidence)
    return text, conf
