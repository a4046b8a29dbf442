"""One page of a PDF's text layer through PDFium: glyphs with their boxes, ruling segments.

PDFium (pypdfium2) parses a page's content in C; this module only asks it for what the layout
needs, through its raw C API (the object wrappers cost more than the calls):

- every visible glyph with its box, set as pdfminer sets it (from the baseline's descent up
  one font size), so the layout's thresholds, tuned in font sizes, keep their meaning; glyphs
  PDFium inserts itself (spaces and line breaks it guesses) are left out, as are white glyphs
  and glyphs printed twice on one spot (fake bold);
- the horizontal and vertical segments of the page's path objects that are drawn as borders
  (stroked, or filled and thin), in forms too, in page coordinates with y growing downwards.

Every call goes through ``pypdfium2.raw`` with reusable output structures.
"""

from __future__ import annotations

import ctypes
import math
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

import pypdfium2.raw as pdfium_c

from .gridlines import Box
from .layout import Piece

_THIN = 2.0  # points: a filled rectangle thinner than this is a drawn border
_AXIS = 0.01  # points: a segment this close to level (or plumb) is horizontal (or vertical)
_DUPLICATE = 1.0  # points: the same glyph this close to another is printed twice (fake bold)
_MAX_DEPTH = 8  # forms nested deeper than this are not followed (a hostile file can loop)
_WHITE = 0.95 * 255
#: code points of the BMP that ``str.isspace`` calls white space
_SPACES = frozenset(c for c in range(0x10000) if chr(c).isspace())

#: colour outputs, reused: PDFium is called from one thread per process (pypdfium2 is not
#: thread-safe), so one set serves every call
_RGBA = [ctypes.c_uint() for _ in range(4)]

_Matrix = tuple[float, float, float, float, float, float]
_IDENTITY: _Matrix = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)


@dataclass(slots=True)
class PageObjects:
    """What the page's content draws, besides text."""

    horizontal: list[Box] = field(default_factory=list)
    vertical: list[Box] = field(default_factory=list)
    #: an image or a shape other than a straight line (a scan, a drawing): worth OCR if no text
    drawn: bool = False
    #: some text is filled white: glyphs are then checked one by one
    white_text: bool = False


@dataclass(frozen=True, slots=True)
class PageBox:
    """The visible page (the crop box) in PDF user space: where y = 0 of our coordinates is."""

    left: float
    top: float
    width: float
    height: float


def page_box(page: Any) -> PageBox:
    rect = pdfium_c.FS_RECTF()
    if not pdfium_c.FPDF_GetPageBoundingBox(page, rect):
        width, height = pdfium_c.FPDF_GetPageWidthF(page), pdfium_c.FPDF_GetPageHeightF(page)
        return PageBox(0.0, height, width, height)
    return PageBox(rect.left, rect.top, rect.right - rect.left, rect.top - rect.bottom)


# ---------------------------------------------------------------- glyphs


def glyphs(
    textpage: Any,
    box: PageBox,
    check_colour: bool,
    cell_of: Callable[[float, float], int],
    word_gap: float,
) -> list[tuple[Piece, int]]:
    """The visible glyphs of a text page in content order, in page coordinates, each with the
    table cell its centre falls in (``cell_of``; -1 outside every table).

    Glyphs that follow each other on one baseline in one font and one cell, with no space
    between and no gap wider than ``word_gap`` font sizes, come as one piece (a run): what
    ``words`` would join anyway, built here without a piece per glyph. The loop runs once per
    character, so it keeps to one PDFium call per glyph where it can (the codes come in one
    call, font sizes are cached) and to local names."""
    n = pdfium_c.FPDFText_CountChars(textpage)
    if n <= 0:
        return []
    get_box = pdfium_c.FPDFText_GetLooseCharBox
    generated = pdfium_c.FPDFText_IsGenerated
    rect = pdfium_c.FS_RECTF()
    left, top, width, height = box.left, box.top, box.width, box.height
    # font size by the loose box's height and width (ascent to descent and advance: the font's
    # own shares of its size): two calls saved per glyph, as a page sets most glyphs in a few
    # fonts and sizes; the width keeps two fonts whose boxes are equally tall apart
    sizes: dict[tuple[float, float], float] = {}
    seen: dict[tuple[int, int], list[tuple[float, float, float]]] = {}
    out: list[tuple[Piece, int]] = []
    run: Piece | None = None  # the run the next glyph may extend
    run_cell = -1
    for index, code in enumerate(_codes(textpage, n)):
        if code < 0x20 or 0xD800 <= code < 0xE000 or code >= 0xFFFE:
            continue  # line breaks, hyphenation marks, unpaired surrogates: not printed glyphs
        space = code in _SPACES
        if (space and generated(textpage, index)) or not get_box(textpage, index, rect):
            continue
        x0 = rect.left - left
        x1 = rect.right - left
        y0 = rect.bottom
        bottom = top - y0
        if x1 < 0 or x0 > width or bottom < 0:
            continue
        shape = (rect.top - y0, x1 - x0)
        size = sizes.get(shape)
        if size is None:
            size = sizes[shape] = _font_size(textpage, index)
        glyph_top = bottom - size
        if glyph_top > height or (check_colour and _white_glyph(textpage, index)):
            continue
        cell = cell_of((x0 + x1) / 2, (glyph_top + bottom) / 2)
        if space:
            run = None
            out.append((Piece(chr(code), x0, glyph_top, x1, bottom), cell))
            continue
        row = int(glyph_top)
        key = (code, row)
        if key in seen or (code, row - 1) in seen or (code, row + 1) in seen:
            if _duplicate(seen, code, row, x0, glyph_top, size):
                continue
            seen.setdefault(key, []).append((x0, glyph_top, size))
        else:
            seen[key] = [(x0, glyph_top, size)]
        if (
            run is not None
            and cell == run_cell
            and glyph_top == run.top
            and bottom == run.bottom
            and run.x0 <= x0
            and x0 - run.x1 <= word_gap * size
        ):
            run.text += chr(code)
            run.x1 = x1
            continue
        run, run_cell = Piece(chr(code), x0, glyph_top, x1, bottom), cell
        out.append((run, cell))
    return out


def _font_size(textpage: Any, index: int) -> float:
    """The glyph's font size on the page: as set, scaled by the text and graphics matrices."""
    size = float(pdfium_c.FPDFText_GetFontSize(textpage, index))
    m = pdfium_c.FS_MATRIX()
    if pdfium_c.FPDFText_GetMatrix(textpage, index, m):
        size *= math.sqrt(abs(m.a * m.d - m.b * m.c))
    return size


def _codes(textpage: Any, n: int) -> list[int]:
    """Each char's code point, in one call where PDFium's text lines up with its chars (it
    does unless it drops or inserts some), else char by char."""
    buffer = (ctypes.c_uint16 * (n + 1))()
    written = pdfium_c.FPDFText_GetText(textpage, 0, n, buffer)
    if written == n + 1:
        codes = list(buffer[:n])
        if all(0xD800 > c or c >= 0xE000 for c in codes):
            return codes
    get_unicode = pdfium_c.FPDFText_GetUnicode
    return [get_unicode(textpage, i) for i in range(n)]


def _duplicate(
    seen: dict[tuple[int, int], list[tuple[float, float, float]]],
    code: int,
    row: int,
    x0: float,
    top: float,
    size: float,
) -> bool:
    """Whether the same glyph (``seen``: (code, whole points from the top) → (x0, top, size)
    of each glyph placed) was already placed within ``_DUPLICATE`` of this one."""
    for key in ((code, row), (code, row - 1), (code, row + 1)):
        for x, y, h in seen.get(key, ()):
            if abs(x - x0) <= _DUPLICATE and abs(y - top) <= _DUPLICATE:
                if abs(h - size) <= _DUPLICATE:
                    return True
    return False


def _white_glyph(textpage: Any, index: int) -> bool:
    """Filled white and not stroked in a dark colour: invisible on the page."""
    rgba = _RGBA
    if not pdfium_c.FPDFText_GetFillColor(textpage, index, *rgba) or not _white(rgba):
        return False
    if not pdfium_c.FPDFText_GetStrokeColor(textpage, index, *rgba):
        return True
    return _white(rgba)


def _white(rgba: list[ctypes.c_uint]) -> bool:
    return rgba[0].value >= _WHITE and rgba[1].value >= _WHITE and rgba[2].value >= _WHITE


# ---------------------------------------------------------------- page objects


def page_objects(page: Any, box: PageBox) -> PageObjects:
    """Border segments and the other things the page draws, from its (nested) page objects."""
    found = PageObjects()
    count, get = pdfium_c.FPDFPage_CountObjects, pdfium_c.FPDFPage_GetObject
    _walk(found, (get(page, i) for i in range(max(count(page), 0))), _IDENTITY, box, 0)
    return found


def _walk(
    found: PageObjects, objects: Iterator[Any], outer: _Matrix, box: PageBox, depth: int
) -> None:
    get_type, get_fill = pdfium_c.FPDFPageObj_GetType, pdfium_c.FPDFPageObj_GetFillColor
    text, path = pdfium_c.FPDF_PAGEOBJ_TEXT, pdfium_c.FPDF_PAGEOBJ_PATH
    pictures = (pdfium_c.FPDF_PAGEOBJ_IMAGE, pdfium_c.FPDF_PAGEOBJ_SHADING)
    r, g, b, a = rgba = _RGBA
    for obj in objects:
        kind = get_type(obj)
        if kind == text:
            if not found.white_text and get_fill(obj, r, g, b, a) and _white(rgba):
                found.white_text = True
        elif kind == path:
            _path(found, obj, _compose(_matrix(obj), outer), box)
        elif kind in pictures:
            found.drawn = True
        elif kind == pdfium_c.FPDF_PAGEOBJ_FORM and depth < _MAX_DEPTH:
            n = pdfium_c.FPDFFormObj_CountObjects(obj)
            get = pdfium_c.FPDFFormObj_GetObject
            inner = (get(obj, i) for i in range(max(n, 0)))
            _walk(found, inner, _compose(_matrix(obj), outer), box, depth + 1)


def _matrix(obj: Any) -> _Matrix:
    m = pdfium_c.FS_MATRIX()
    if not pdfium_c.FPDFPageObj_GetMatrix(obj, m):
        return _IDENTITY
    return (m.a, m.b, m.c, m.d, m.e, m.f)


def _compose(inner: _Matrix, outer: _Matrix) -> _Matrix:
    """``inner`` then ``outer`` (PDF row-vector convention: p · inner · outer)."""
    a, b, c, d, e, f = inner
    A, B, C, D, E, F = outer
    return (
        a * A + b * C,
        a * B + b * D,
        c * A + d * C,
        c * B + d * D,
        e * A + f * C + E,
        e * B + f * D + F,
    )


def _path(found: PageObjects, obj: Any, m: _Matrix, box: PageBox) -> None:
    """A path's border segments: each straight piece that is level or plumb when stroked, the
    whole shape when it is a thin filled bar (how Word draws cell borders). Filled
    backgrounds are not borders."""
    fill_mode, stroke = ctypes.c_int(), ctypes.c_int()
    if not pdfium_c.FPDFPath_GetDrawMode(obj, fill_mode, stroke):
        return
    rgba = _RGBA
    stroked = bool(stroke.value) and not (
        pdfium_c.FPDFPageObj_GetStrokeColor(obj, *rgba) and _white(rgba)
    )
    filled = fill_mode.value != pdfium_c.FPDF_FILLMODE_NONE and not (
        pdfium_c.FPDFPageObj_GetFillColor(obj, *rgba) and _white(rgba)
    )
    points = _points(obj, m, box)
    if len(points) > 2:
        found.drawn = True
    if not (stroked or filled) or not points:
        return
    xs = [x for x, _, _ in points]
    ys = [y for _, y, _ in points]
    x0, x1, top, bottom = min(xs), max(xs), min(ys), max(ys)
    if not stroked:
        if min(x1 - x0, bottom - top) <= _THIN:
            bar = (x0, top, x1, bottom)
            (found.horizontal if x1 - x0 >= bottom - top else found.vertical).append(bar)
        return
    for (ax, ay, _), (bx, by, joined) in zip(points, points[1:], strict=False):
        if not joined:
            continue
        if abs(ay - by) <= _AXIS:
            found.horizontal.append((min(ax, bx), ay, max(ax, bx), ay))
        elif abs(ax - bx) <= _AXIS:
            found.vertical.append((ax, min(ay, by), ax, max(ay, by)))


def _points(obj: Any, m: _Matrix, box: PageBox) -> list[tuple[float, float, bool]]:
    """The path's points in page coordinates, each with whether a straight line joins it to the
    point before (closing a subpath adds its first point again)."""
    a, b, c, d, e, f = m
    x, y = ctypes.c_float(), ctypes.c_float()
    get_segment, get_point = pdfium_c.FPDFPath_GetPathSegment, pdfium_c.FPDFPathSegment_GetPoint
    get_kind, get_close = pdfium_c.FPDFPathSegment_GetType, pdfium_c.FPDFPathSegment_GetClose
    out: list[tuple[float, float, bool]] = []
    start: tuple[float, float] | None = None
    for i in range(max(pdfium_c.FPDFPath_CountSegments(obj), 0)):
        seg = get_segment(obj, i)
        if not seg or not get_point(seg, x, y):
            continue
        px = a * x.value + c * y.value + e - box.left
        py = box.top - (b * x.value + d * y.value + f)
        kind = get_kind(seg)
        if kind == pdfium_c.FPDF_SEGMENT_MOVETO or start is None:
            start = (px, py)
        out.append((px, py, kind == pdfium_c.FPDF_SEGMENT_LINETO))
        if get_close(seg):
            out.append((start[0], start[1], True))
    return out
