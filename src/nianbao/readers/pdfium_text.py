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
import struct
from collections.abc import Callable
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
_SURROGATES = frozenset(range(0xD800, 0xE000))
_ROW = 0x10000  # a glyph's row times this plus its UTF-16 code: one int per (code, row)
#: each UTF-16 code's kind: 0 a glyph, 1 white space (``str.isspace``), 2 never a printed
#: glyph (line breaks and other controls, hyphenation marks, unpaired surrogates)
_KINDS = bytes(
    2 if c < 0x20 or 0xD800 <= c < 0xE000 or c >= 0xFFFE else 1 if chr(c).isspace() else 0
    for c in range(0x10000)
)

#: colour outputs, reused: PDFium is called from one thread per process (pypdfium2 is not
#: thread-safe), so one set serves every call
_RGBA = [ctypes.c_uint() for _ in range(4)]
_RGBA_REFS = tuple(ctypes.byref(c) for c in _RGBA)
_RECT = pdfium_c.FS_RECTF()  # left, top, right, bottom
_RECT_REF = ctypes.byref(_RECT)
_FOUR_FLOATS = struct.Struct("4f").unpack_from  # a rectangle's fields in one call
_MATRIX = pdfium_c.FS_MATRIX()
_MATRIX_REF = ctypes.byref(_MATRIX)


class _Handle(ctypes.c_void_p):
    """A pointer PDFium returns, kept as a ctypes object so it goes back to PDFium as is."""


def _direct(function: Any, restype: Any) -> Any:
    """``function`` of PDFium called without pypdfium2's conversion of each argument, which
    costs more than the call itself in the loops that run once per glyph and per page object,
    and without releasing the GIL around a call of a microsecond (PDFium is called from one
    thread anyway). Arguments must then already be C values: handles as pypdfium2 or
    ``_Handle`` gives them, outputs through ``ctypes.byref``, indices as ints."""
    address = ctypes.cast(function, ctypes.c_void_p).value
    if address is None:
        raise ImportError(f"PDFium lacks {function.__name__}")
    return ctypes.PYFUNCTYPE(restype)(address)  # no argument types: passed as they come


_get_font_size = _direct(pdfium_c.FPDFText_GetFontSize, ctypes.c_double)
_get_text_matrix = _direct(pdfium_c.FPDFText_GetMatrix, ctypes.c_int)
_get_text_fill = _direct(pdfium_c.FPDFText_GetFillColor, ctypes.c_int)
_get_text_stroke = _direct(pdfium_c.FPDFText_GetStrokeColor, ctypes.c_int)
_get_loose_box = _direct(pdfium_c.FPDFText_GetLooseCharBox, ctypes.c_int)
_is_generated = _direct(pdfium_c.FPDFText_IsGenerated, ctypes.c_int)
_get_object = _direct(pdfium_c.FPDFPage_GetObject, _Handle)
_get_form_object = _direct(pdfium_c.FPDFFormObj_GetObject, _Handle)
_get_type = _direct(pdfium_c.FPDFPageObj_GetType, ctypes.c_int)
_get_fill = _direct(pdfium_c.FPDFPageObj_GetFillColor, ctypes.c_int)
_get_stroke = _direct(pdfium_c.FPDFPageObj_GetStrokeColor, ctypes.c_int)
_get_matrix = _direct(pdfium_c.FPDFPageObj_GetMatrix, ctypes.c_int)
_count_form_objects = _direct(pdfium_c.FPDFFormObj_CountObjects, ctypes.c_int)
_get_draw_mode = _direct(pdfium_c.FPDFPath_GetDrawMode, ctypes.c_int)
_count_segments = _direct(pdfium_c.FPDFPath_CountSegments, ctypes.c_int)
_get_segment = _direct(pdfium_c.FPDFPath_GetPathSegment, _Handle)
_get_point = _direct(pdfium_c.FPDFPathSegment_GetPoint, ctypes.c_int)
_get_segment_type = _direct(pdfium_c.FPDFPathSegment_GetType, ctypes.c_int)
_get_close = _direct(pdfium_c.FPDFPathSegment_GetClose, ctypes.c_int)

_Matrix = tuple[float, float, float, float, float, float]
#: a table cell's index (-1: none) and the region where that holds: x from, x before, y
#: from, y before
Region = tuple[int, float, float, float, float]
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
        width, height = (
            pdfium_c.FPDF_GetPageWidthF(page),
            pdfium_c.FPDF_GetPageHeightF(page),
        )
        return PageBox(0.0, height, width, height)
    return PageBox(rect.left, rect.top, rect.right - rect.left, rect.top - rect.bottom)


# ---------------------------------------------------------------- glyphs


def glyphs(
    textpage: Any,
    box: PageBox,
    check_colour: bool,
    cell_of: Callable[[float, float], Region] | None,
    word_gap: float,
) -> tuple[dict[int, list[Piece]], int]:
    """The visible glyphs of a text page in content order, in page coordinates, by the table
    cell their centre falls in (``cell_of``: the cell, -1 outside every table, and the
    region around the point where that holds, so that it is asked again only when a glyph
    leaves it; ``None`` when the page has no table); and how many of them are not spaces.

    Glyphs that follow each other on one baseline in one font and one cell, with no space
    between and no gap wider than ``word_gap`` font sizes, come as one piece (a run): what
    ``words`` would join anyway, built here without a piece per glyph. The loop runs once per
    character, so it keeps to one PDFium call per glyph where it can (the codes come in one
    call, font sizes are cached, calls go direct) and to local names."""
    cells: dict[int, list[Piece]] = {}
    n = pdfium_c.FPDFText_CountChars(textpage)
    if n <= 0:
        return cells, 0
    get_box, generated, rect, fields = _get_loose_box, _is_generated, _RECT_REF, _FOUR_FLOATS
    kinds, out_rect, row = _KINDS, _RECT, _ROW
    left, top, width, height = box.left, box.top, box.width, box.height
    # font size by the loose box's height and width (ascent to descent and advance: the font's
    # own shares of its size): two calls saved per glyph, as a page sets most glyphs in a few
    # fonts and sizes; the width keeps two fonts whose boxes are equally tall apart
    sizes: dict[tuple[float, float], float] = {}
    last_h = last_w = last_size = math.nan  # the last shape looked up (NaN equals nothing)
    seen: dict[int, list[tuple[float, float, float]]] = {}
    # the run the next glyph may extend, its cell (-2: no run) and its box
    run = Piece("", 0.0, 0.0, 0.0, 0.0)
    run_cell, run_x0, run_x1, run_top, run_bottom = -2, 0.0, 0.0, 0.0, 0.0
    visible = 0
    cell, x_from, x_before, y_from, y_before = -1, 0.0, 0.0, 0.0, 0.0  # an empty region
    for index, code in enumerate(_codes(textpage, n)):
        kind = kinds[code]  # a glyph, a space (PDFium adds some) or a code never printed
        if kind > 1 or (kind and generated(textpage, index)) or not get_box(textpage, index, rect):
            continue
        r_left, r_top, r_right, r_bottom = fields(out_rect)
        x0 = r_left - left
        x1 = r_right - left
        bottom = top - r_bottom
        if x1 < 0 or x0 > width or bottom < 0:
            continue
        h = r_top - r_bottom
        w = x1 - x0
        if h != last_h or w != last_w:  # most glyphs are shaped as the glyph before
            shape = (h, w)
            last_size = sizes.get(shape)  # type: ignore[assignment]
            if last_size is None:
                last_size = sizes[shape] = _font_size(textpage, index)
            last_h, last_w = h, w
        size = last_size
        glyph_top = bottom - size
        if glyph_top > height or (check_colour and _white_glyph(textpage, index)):
            continue
        if cell_of is not None:
            cx, cy = (x0 + x1) / 2, (glyph_top + bottom) / 2
            if not (x_from <= cx < x_before and y_from <= cy < y_before):
                cell, x_from, x_before, y_from, y_before = cell_of(cx, cy)
        if kind:
            run_cell = -2
            piece = Piece(chr(code), x0, glyph_top, x1, bottom)
        else:
            # the same glyph within a point of one printed before (fake bold) is dropped;
            # glyphs are filed by code and whole points from the top, in one int
            key = int(glyph_top) * row + code
            if key in seen or key - row in seen or key + row in seen:
                if _duplicate(seen, key, x0, glyph_top, size):
                    continue
                seen.setdefault(key, []).append((x0, glyph_top, size))
            else:
                seen[key] = [(x0, glyph_top, size)]
            visible += 1
            if (
                cell == run_cell
                and glyph_top == run_top
                and bottom == run_bottom
                and run_x0 <= x0
                and x0 - run_x1 <= word_gap * size
            ):
                run.text += chr(code)
                run.x1 = run_x1 = x1
                continue
            run = piece = Piece(chr(code), x0, glyph_top, x1, bottom)
            run_cell, run_x0, run_x1, run_top, run_bottom = cell, x0, x1, glyph_top, bottom
        bucket = cells.get(cell)
        if bucket is None:
            cells[cell] = [piece]
        else:
            bucket.append(piece)
    return cells, visible


def _font_size(textpage: Any, index: int) -> float:
    """The glyph's font size on the page: as set, scaled by the text and graphics matrices."""
    size = float(_get_font_size(textpage, index))
    m = _MATRIX
    if _get_text_matrix(textpage, index, _MATRIX_REF):
        size *= math.sqrt(abs(m.a * m.d - m.b * m.c))
    return size


def _codes(textpage: Any, n: int) -> list[int]:
    """Each char's code point, in one call where PDFium's text lines up with its chars (it
    does unless it drops or inserts some), else char by char."""
    buffer = (ctypes.c_uint16 * (n + 1))()
    written = pdfium_c.FPDFText_GetText(textpage, 0, n, buffer)
    if written == n + 1:
        codes = list(buffer[:n])
        if _SURROGATES.isdisjoint(codes):
            return codes
    get_unicode = pdfium_c.FPDFText_GetUnicode
    return [min(get_unicode(textpage, i), 0xFFFF) for i in range(n)]  # beyond: never printed


def _duplicate(
    seen: dict[int, list[tuple[float, float, float]]],
    key: int,
    x0: float,
    top: float,
    size: float,
) -> bool:
    """Whether the same glyph (``seen``: code and whole points from the top, as ``key`` → the
    x0, top and size of each glyph placed) was already placed within ``_DUPLICATE`` of this
    one."""
    for near in (key, key - _ROW, key + _ROW):
        for x, y, h in seen.get(near, ()):
            if abs(x - x0) <= _DUPLICATE and abs(y - top) <= _DUPLICATE:
                if abs(h - size) <= _DUPLICATE:
                    return True
    return False


def _white_glyph(textpage: Any, index: int) -> bool:
    """Filled white and not stroked in a dark colour: invisible on the page. Text is stroked
    only in the render modes that say so (``Tr`` 1, 2, 5, 6): a glyph only filled has a stroke
    colour too (black by default), which must not make white-on-white text count as printed."""
    rgba = _RGBA
    if not _get_text_fill(textpage, index, *_RGBA_REFS) or not _white(rgba):
        return False
    obj = pdfium_c.FPDFText_GetTextObject(textpage, index)
    if obj and pdfium_c.FPDFTextObj_GetTextRenderMode(obj) not in _STROKED:
        return True
    if not _get_text_stroke(textpage, index, *_RGBA_REFS):
        return True
    return _white(rgba)


_STROKED = frozenset(
    {
        pdfium_c.FPDF_TEXTRENDERMODE_STROKE,
        pdfium_c.FPDF_TEXTRENDERMODE_FILL_STROKE,
        pdfium_c.FPDF_TEXTRENDERMODE_STROKE_CLIP,
        pdfium_c.FPDF_TEXTRENDERMODE_FILL_STROKE_CLIP,
    }
)


def _white(rgba: list[ctypes.c_uint]) -> bool:
    return rgba[0].value >= _WHITE and rgba[1].value >= _WHITE and rgba[2].value >= _WHITE


# ---------------------------------------------------------------- page objects


def page_objects(page: Any, box: PageBox) -> PageObjects:
    """Border segments and the other things the page draws, from its (nested) page objects."""
    found = PageObjects()
    count = max(pdfium_c.FPDFPage_CountObjects(page), 0)
    _walk(found, page, count, _get_object, _IDENTITY, box, 0)
    return found


def _walk(
    found: PageObjects,
    holder: Any,
    count: int,
    get: Any,
    outer: _Matrix,
    box: PageBox,
    depth: int,
) -> None:
    """The ``count`` objects ``get(holder, i)`` of a page or a form. Runs once per object (a
    page of WPS text holds one object per glyph), so it asks PDFium as little as it can."""
    get_type, get_fill = _get_type, _get_fill
    text, path = pdfium_c.FPDF_PAGEOBJ_TEXT, pdfium_c.FPDF_PAGEOBJ_PATH
    pictures = (pdfium_c.FPDF_PAGEOBJ_IMAGE, pdfium_c.FPDF_PAGEOBJ_SHADING)
    red = _RGBA[0]
    r, g, b, a = _RGBA_REFS
    white_text = found.white_text
    for i in range(count):
        obj = get(holder, i)
        kind = get_type(obj)
        if kind == text:
            if not white_text and get_fill(obj, r, g, b, a) and red.value >= _WHITE:
                white_text = found.white_text = _white(_RGBA)
        elif kind == path:
            _path(found, obj, _compose(_matrix(obj), outer), box)
        elif kind in pictures:
            found.drawn = True
        elif kind == pdfium_c.FPDF_PAGEOBJ_FORM and depth < _MAX_DEPTH:
            n = max(_count_form_objects(obj), 0)
            inner = _compose(_matrix(obj), outer)
            _walk(found, obj, n, _get_form_object, inner, box, depth + 1)
            white_text = found.white_text


def _matrix(obj: Any) -> _Matrix:
    m = _MATRIX
    if not _get_matrix(obj, _MATRIX_REF):
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
    if not _get_draw_mode(obj, ctypes.byref(fill_mode), ctypes.byref(stroke)):
        return
    rgba = _RGBA
    stroked = bool(stroke.value) and not (_get_stroke(obj, *_RGBA_REFS) and _white(rgba))
    filled = fill_mode.value != pdfium_c.FPDF_FILLMODE_NONE and not (
        _get_fill(obj, *_RGBA_REFS) and _white(rgba)
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
    x_ref, y_ref = ctypes.byref(x), ctypes.byref(y)
    get_segment, get_point, get_kind, get_close = (
        _get_segment,
        _get_point,
        _get_segment_type,
        _get_close,
    )
    out: list[tuple[float, float, bool]] = []
    start: tuple[float, float] | None = None
    for i in range(max(_count_segments(obj), 0)):
        seg = get_segment(obj, i)
        if not seg or not get_point(seg, x_ref, y_ref):
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
