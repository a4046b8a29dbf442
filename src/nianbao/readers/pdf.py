"""PDF → Document: the text layer through pdfplumber, scanned pages through OCR.

Tables are found from their ruling lines where they have them (``layout="cells"``, spans
marked ``merged``) and from text positions where they do not (WPS and Word exports often draw
no lines; ``layout="positions"``). Text is kept as printed: the Kangxi radicals WPS emits
(⾏政) stay raw here and are folded only when labels are matched. Pages without a text layer
are rendered with pypdfium2 and read by OCR (the ``ocr`` extra).
"""

from __future__ import annotations

import hashlib
import io
import re
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

from ..errors import LimitExceeded, MissingDependency, NianbaoError
from ..model import Document, Location, ReadProblem
from ..settings import Settings
from . import layout
from .failures import brief, from_library
from .gridlines import Box, cell_finder, tables_from_rulings
from .layout import Piece

if TYPE_CHECKING:
    import pdfplumber.page
    import pypdfium2

_RULING_TOLERANCE = 2.0  # points: a border drawn twice, or with a hairline offset, is one line
_MIN_RULING = 3.0  # points: shorter strokes are glyph parts, not borders
_THIN = 2.0  # points: a filled rectangle thinner than this is a drawn border
_MIN_TEXT_CHARS = 10  # fewer visible characters than this: the page has no text layer
_GAP = 0.3  # font sizes: a wider gap between glyphs splits a word
# pdfminer raises these (besides its own exceptions) for damaged content; a page that raises
# one is skipped with a problem, a document whose every page fails is unreadable
_PAGE_ERRORS: tuple[type[Exception], ...] = (
    ValueError,
    KeyError,
    TypeError,
    IndexError,
    AttributeError,
)


def read(data: bytes, path: str | None, settings: Settings) -> Document:
    return read_pdf(data, path, settings)


def read_pdf(data: bytes, path: str | None, settings: Settings, rulings: bool = True) -> Document:
    """``read`` with a switch: ``rulings=False`` reads every table by text position, ignoring
    drawn lines, as for an export that draws none (tests check both paths on one file)."""
    pdfium = _pdfium(path)
    plumber = _pdfplumber(path)
    with _pdfium_document(pdfium, data, path) as doc:
        n_pages = len(doc)
        if n_pages > settings.max_pages:
            raise LimitExceeded(
                path,
                f"PDF 有 {n_pages} 页，超过上限 {settings.max_pages} 页，不像一份年度报告",
                f"{n_pages} pages, more than the limit of {settings.max_pages}",
            )
        if n_pages == 0:
            raise NianbaoError(path, "PDF 没有页面", "the PDF has no pages", code="empty")
        pages, notes, ocr_used, problems = _read_pages(plumber, doc, data, path, settings, rulings)
    if not pages:
        reasons = "；".join(p.message for p in problems[:3])
        raise NianbaoError(
            path,
            f"PDF 各页都无法读取{'：' + reasons if reasons else ''}",
            "no page of the PDF could be read",
            code="corrupt",
        )
    blocks = layout.blocks(pages, path)
    notes += layout.confidence_notes(blocks, settings.ocr_min_confidence)
    return Document(
        path=path,
        sha256=hashlib.sha256(data).hexdigest(),
        reader="ocr" if ocr_used else "pdf",
        blocks=tuple(blocks),
        pages=n_pages,
        notes=tuple(notes),
        problems=tuple(problems),
    )


def _read_pages(
    plumber: Any,
    doc: pypdfium2.PdfDocument,
    data: bytes,
    path: str | None,
    settings: Settings,
    rulings: bool,
) -> tuple[list[layout.Page], list[str], bool, list[ReadProblem]]:
    """Every page that can be read; a damaged or oversized page is skipped with a problem
    naming it, and the other pages are still read."""
    pages: list[layout.Page] = []
    notes: list[str] = []
    problems: list[ReadProblem] = []
    ocr_used = False
    with _open_plumber(plumber, data, path) as pdf:
        for index, page in enumerate(pdf.pages):
            no = index + 1
            try:
                refusal = _oversized(page.page_obj, settings)
                if refusal is not None:
                    problems.append(
                        _page_problem("page_too_large", no, path, f"第 {no} 页{refusal}")
                    )
                    continue
                content = page_content(page, no, rulings)
                if content is None and _has_drawing(page):
                    from . import ocr  # the optional extra, imported only for scanned pages

                    content = ocr.read_pdf_page(doc[index], no, path, settings)
                    notes.append(f"第 {no} 页没有文字层，已用文字识别（OCR）读取")
                    ocr_used = True
            except (NianbaoError, MemoryError):
                raise
            except Exception as err:
                if not (isinstance(err, _PAGE_ERRORS) or from_library(err)):
                    raise  # nianbao's own bug, not the page's
                problems.append(
                    _page_problem(
                        "page_unreadable",
                        no,
                        path,
                        f"第 {no} 页已损坏，无法读取，已跳过（{brief(err)}）",
                    )
                )
                continue
            finally:
                page.close()
            if content is not None:
                pages.append(content)
    return pages, notes, ocr_used, problems


def _page_problem(code: str, no: int, path: str | None, message: str) -> ReadProblem:
    return ReadProblem(code, message, Location(path=path, page=no))


def _oversized(page_obj: Any, settings: Settings) -> str | None:
    """Why the page's content is too large to lay out, or None. Checked on
    the content streams before any is interpreted: a report page holds some 30 KB of content
    and 1,000 characters; pdfminer needs minutes and gigabytes for 50 MB."""
    from pdfminer.pdftypes import resolve1

    limit = settings.max_page_content_bytes
    total, glyph_bytes = 0, 0
    streams = page_obj.contents or []
    for ref in streams if isinstance(streams, list) else [streams]:
        stream = resolve1(ref)
        size = _decoded_size(stream, limit - total + 1)
        total += size
        if total > limit:
            return f"内容过大（超过 {limit / 2**20:.0f} MiB），不像一页报告，已跳过"
        if size and hasattr(stream, "get_data"):
            glyph_bytes += _string_bytes(stream.get_data())
    if glyph_bytes > settings.max_page_glyph_bytes:
        return f"文字过多（约 {glyph_bytes} 字节），不像一页报告，已跳过"
    return None


_STRINGS = re.compile(rb"\((?:[^()\\]|\\.)*\)|<[0-9A-Fa-f\s]*>")


def _string_bytes(content: bytes) -> int:
    """Bytes of text in the content's string operands (hex strings count half)."""
    total = 0
    for m in _STRINGS.finditer(content):
        token = m.group()
        total += len(token) - 2 if token[:1] == b"(" else (len(token) - 2) // 2
    return total


def _decoded_size(stream: Any, cap: int) -> int:
    """The stream's decoded length, or more than ``cap`` without inflating past it."""
    if not hasattr(stream, "get_rawdata"):
        return 0
    if stream.data is not None:
        return len(stream.data)
    raw = stream.get_rawdata() or b""
    filters = [f for f, _params in stream.get_filters()]
    if not filters:
        return len(raw)
    if len(filters) == 1 and getattr(filters[0], "name", filters[0]) in ("FlateDecode", "Fl"):
        try:
            return len(zlib.decompressobj().decompress(raw, cap))
        except zlib.error:
            return 0  # pdfminer reports it (or reads what it can) when the page is laid out
    return len(stream.get_data() or b"")


# ---------------------------------------------------------------- one page of the text layer


def page_content(page: pdfplumber.page.Page, no: int, rulings: bool = True) -> layout.Page | None:
    """The page's words and ruled tables, or ``None`` when it has no text layer."""
    chars = _visible_chars(page)
    if sum(1 for c in chars if c["text"].strip()) < _MIN_TEXT_CHARS:
        return None
    tables = tables_from_rulings(*_rulings(page), _RULING_TOLERANCE, _MIN_RULING) if rulings else []
    in_cells: list[list[list[dict[str, Any]]]] = [[[] for _ in t] for t in tables]
    loose: list[dict[str, Any]] = []
    finders = [cell_finder(t, _RULING_TOLERANCE) for t in tables]
    for ch in chars:
        x, y = (ch["x0"] + ch["x1"]) / 2, (ch["top"] + ch["bottom"]) / 2
        for t, find in enumerate(finders):
            cell = find(x, y)
            if cell is not None:
                in_cells[t][cell].append(ch)
                break
        else:
            loose.append(ch)
    return layout.Page(
        no=no,
        width=float(page.width),
        height=float(page.height),
        tables=[
            [(box, words(cell_chars)) for box, cell_chars in zip(t, in_cells[i], strict=True)]
            for i, t in enumerate(tables)
        ],
        loose=words(loose),
    )


def _visible_chars(page: pdfplumber.page.Page) -> list[dict[str, Any]]:
    width, height = float(page.width), float(page.height)
    out = []
    for ch in page.dedupe_chars().chars:
        if ch["x1"] < 0 or ch["x0"] > width or ch["bottom"] < 0 or ch["top"] > height:
            continue
        if _white(ch.get("non_stroking_color")) and not _white(
            ch.get("stroking_color"), default=True
        ):
            continue
        out.append(ch)
    return out


def _rulings(page: pdfplumber.page.Page) -> tuple[list[Box], list[Box]]:
    """Horizontal and vertical segments drawn as borders: stroked lines and rectangles, and
    thin filled rectangles (how Word draws cell borders). Filled backgrounds are not borders."""
    from pdfplumber.utils import obj_to_edges

    horizontal: list[Box] = []
    vertical: list[Box] = []
    for obj in page.lines + page.rects + page.curves:
        stroked = bool(obj.get("stroke")) and not _white(obj.get("stroking_color"))
        thin = min(obj["width"], obj["height"]) <= _THIN
        filled = bool(obj.get("fill")) and thin and not _white(obj.get("non_stroking_color"))
        if not (stroked or filled):
            continue
        if filled and not stroked:
            box = (obj["x0"], obj["top"], obj["x1"], obj["bottom"])
            (horizontal if obj["width"] >= obj["height"] else vertical).append(box)
            continue
        for e in obj_to_edges(obj):
            box = (e["x0"], e["top"], e["x1"], e["bottom"])
            if e["orientation"] == "h":
                horizontal.append(box)
            elif e["orientation"] == "v":
                vertical.append(box)
    return horizontal, vertical


def _white(color: Any, default: bool = False) -> bool:
    """Whether a pdfminer colour is (nearly) white; patterns and unknowns count as ``default``."""
    if color is None:
        return default
    values = color if isinstance(color, list | tuple) else (color,)
    if not values or not all(isinstance(v, int | float) for v in values):
        return default
    if len(values) == 4:  # CMYK
        return all(v <= 0.05 for v in values)
    return all(v >= 0.95 for v in values)


def _has_drawing(page: pdfplumber.page.Page) -> bool:
    return bool(page.images or page.curves or page.rects)


def words(chars: list[dict[str, Any]]) -> list[Piece]:
    """Glyphs → words: split at spaces and at gaps wider than a third of the font size."""
    glyphs = [
        Piece(c["text"], float(c["x0"]), float(c["top"]), float(c["x1"]), float(c["bottom"]))
        for c in chars
    ]
    out: list[Piece] = []
    for line in layout.group_lines(glyphs):
        run: list[Piece] = []
        spaced = False  # a space was printed before the run being collected
        for g in line:
            if not g.text.strip():
                if run:
                    out.append(_word(run, spaced))
                    run = []
                spaced = True
                continue
            if run and g.x0 - run[-1].x1 > _GAP * max(g.height, run[-1].height):
                out.append(_word(run, spaced))
                run, spaced = [], False
            run.append(g)
        if run:
            out.append(_word(run, spaced))
    return out


def _word(run: list[Piece], spaced: bool) -> Piece:
    return Piece(
        "".join(g.text for g in run),
        run[0].x0,
        min(g.top for g in run),
        run[-1].x1,
        max(g.bottom for g in run),
        spaced=spaced,
    )


# ---------------------------------------------------------------- opening


def _pdfium(path: str | None) -> Any:
    try:
        import pypdfium2
    except ModuleNotFoundError as err:
        raise MissingDependency(path, "pypdfium2", "pip install 'nianbao[pdf]'") from err
    return pypdfium2


def _pdfplumber(path: str | None) -> Any:
    try:
        import pdfplumber
    except ModuleNotFoundError as err:
        raise MissingDependency(path, "pdfplumber", "pip install 'nianbao[pdf]'") from err
    return pdfplumber


@contextmanager
def _pdfium_document(pdfium: Any, data: bytes, path: str | None) -> Iterator[Any]:
    try:
        doc = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as err:
        raise _open_error(pdfium, err, path) from err
    try:
        yield doc
    finally:
        doc.close()


def _open_error(pdfium: Any, err: Any, path: str | None) -> NianbaoError:
    code = getattr(err, "err_code", None)
    if code == pdfium.raw.FPDF_ERR_PASSWORD:
        return NianbaoError(
            path, "PDF 已加密，需要密码才能打开", "the PDF is password-protected", code="encrypted"
        )
    if code == pdfium.raw.FPDF_ERR_SECURITY:
        return NianbaoError(
            path, "PDF 使用了不支持的加密方式", "unsupported PDF security scheme", code="encrypted"
        )
    return NianbaoError(
        path,
        f"PDF 文件已损坏，无法打开（{err}）",
        f"damaged PDF, cannot be opened ({err})",
        code="corrupt",
    )


@contextmanager
def _open_plumber(plumber: Any, data: bytes, path: str | None) -> Iterator[Any]:
    from pdfminer.pdfdocument import PDFPasswordIncorrect
    from pdfminer.pdfparser import PDFSyntaxError
    from pdfminer.psparser import PSException
    from pdfplumber.utils.exceptions import PdfminerException

    try:
        pdf = plumber.open(io.BytesIO(data))
        pdf.pages  # noqa: B018 - parse the page tree now, inside the error handling
    except (PdfminerException, PDFSyntaxError, PSException, PDFPasswordIncorrect) as err:
        cause = err.args[0] if isinstance(err, PdfminerException) and err.args else err
        if isinstance(cause, PDFPasswordIncorrect):
            raise NianbaoError(
                path,
                "PDF 已加密，需要密码才能打开",
                "the PDF is password-protected",
                code="encrypted",
            ) from err
        raise NianbaoError(
            path, f"PDF 文件已损坏，无法读取（{cause}）", f"damaged PDF ({cause})", code="corrupt"
        ) from err
    try:
        yield pdf
    finally:
        pdf.close()
