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
from collections.abc import Iterator
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


def glyphs(textpage: Any, box: PageBox, check_colour: bool) -> list[Piece]:
    """The visible glyphs of a text page, in content order, as pieces in page coordinates."""
    get_unicode = pdfium_c.FPDFText_GetUnicode
    get_box = pdfium_c.FPDFText_GetLooseCharBox
    get_size = pdfium_c.FPDFText_GetFontSize
    get_matrix = pdfium_c.FPDFText_GetMatrix
    generated = pdfium_c.FPDFText_IsGenerated
    rect = pdfium_c.FS_RECTF()
    matrix = pdfium_c.FS_MATRIX()
    left, top, width, height = box.left, box.top, box.width, box.height
    seen: dict[tuple[str, int, int], list[Piece]] = {}
    out: list[Piece] = []
    n = pdfium_c.FPDFText_CountChars(textpage)
    i = 0
    while i < n:
        code = get_unicode(textpage, i)
        index = i
        i += 1
        if 0xD800 <= code < 0xDC00 and i < n:  # a surrogate pair: one glyph beyond the BMP
            low = get_unicode(textpage, i)
            if 0xDC00 <= low < 0xE000:
                code = 0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00)
                i += 1
        if code < 0x20 or code == 0xFFFE or code == 0xFFFF:
            continue  # line breaks, hyphenation marks: not printed glyphs
        text = chr(code)
        if text.isspace() and generated(textpage, index):
            continue
        if not get_box(textpage, index, rect):
            continue
        x0, x1, bottom = rect.left - left, rect.right - left, top - rect.bottom
        if x1 < 0 or x0 > width or bottom < 0:
            continue
        size = get_size(textpage, index)
        if get_matrix(textpage, index, matrix):
            size *= math.sqrt(abs(matrix.a * matrix.d - matrix.b * matrix.c))
        glyph_top = bottom - size
        if glyph_top > height:
            continue
        if check_colour and _white_glyph(textpage, index):
            continue
        piece = Piece(text, x0, glyph_top, x1, bottom)
        if not text.isspace() and _duplicate(seen, piece):
            continue
        out.append(piece)
    return out


def _duplicate(seen: dict[tuple[str, int, int], list[Piece]], p: Piece) -> bool:
    """Whether the same glyph was already placed within ``_DUPLICATE`` of ``p`` (else note it)."""
    kx, ky = int(p.x0), int(p.top)
    for dx in (-1, 0, 1):
        for dy in (-1, 0, 1):
            for q in seen.get((p.text, kx + dx, ky + dy), ()):
                if (
                    abs(q.x0 - p.x0) <= _DUPLICATE
                    and abs(q.top - p.top) <= _DUPLICATE
                    and abs(q.height - p.height) <= _DUPLICATE
                ):
                    return True
    seen.setdefault((p.text, kx, ky), []).append(p)
    return False


def _white_glyph(textpage: Any, index: int) -> bool:
    """Filled white and not stroked in a dark colour: invisible on the page."""
    rgba = [ctypes.c_uint() for _ in range(4)]
    if not pdfium_c.FPDFText_GetFillColor(textpage, index, *rgba) or not _white(rgba):
        return False
    if not pdfium_c.FPDFText_GetStrokeColor(textpage, index, *rgba):
        return True
    return _white(rgba)


def _white(rgba: list[ctypes.c_uint]) -> bool:
    return all(c.value >= _WHITE for c in rgba[:3])


# ---------------------------------------------------------------- page objects


def page_objects(page: Any, box: PageBox) -> PageObjects:
    """Border segments and the other things the page draws, from its (nested) page objects."""
    found = PageObjects()
    count, get = pdfium_c.FPDFPage_CountObjects, pdfium_c.FPDFPage_GetObject
    _walk(found, (get(page, i) for i in range(count(page))), _IDENTITY, box, 0)
    return found


def _walk(
    found: PageObjects, objects: Iterator[Any], outer: _Matrix, box: PageBox, depth: int
) -> None:
    get_type = pdfium_c.FPDFPageObj_GetType
    for obj in objects:
        kind = get_type(obj)
        if kind == pdfium_c.FPDF_PAGEOBJ_TEXT:
            if not found.white_text and _white_fill(obj):
                found.white_text = True
        elif kind == pdfium_c.FPDF_PAGEOBJ_PATH:
            _path(found, obj, _compose(_matrix(obj), outer), box)
        elif kind == pdfium_c.FPDF_PAGEOBJ_IMAGE or kind == pdfium_c.FPDF_PAGEOBJ_SHADING:
            found.drawn = True
        elif kind == pdfium_c.FPDF_PAGEOBJ_FORM and depth < _MAX_DEPTH:
            n = pdfium_c.FPDFFormObj_CountObjects(obj)
            get = pdfium_c.FPDFFormObj_GetObject
            inner = (get(obj, i) for i in range(max(n, 0)))
            _walk(found, inner, _compose(_matrix(obj), outer), box, depth + 1)


def _white_fill(obj: Any) -> bool:
    rgba = [ctypes.c_uint() for _ in range(4)]
    return bool(pdfium_c.FPDFPageObj_GetFillColor(obj, *rgba)) and _white(rgba)


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
    rgba = [ctypes.c_uint() for _ in range(4)]
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
