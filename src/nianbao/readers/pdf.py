"""PDF → Document: the text layer through PDFium (``pdfium_text``), scanned pages through OCR.

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

from .. import progress
from ..errors import LimitExceeded, MissingDependency, NianbaoError
from ..model import Document, Location, ReadProblem
from ..settings import Settings
from . import layout
from .confidence import confidence_notes
from .failures import brief, from_library
from .gridlines import cell_finder, tables_from_rulings
from .layout import Piece

if TYPE_CHECKING:
    import pypdfium2

_RULING_TOLERANCE = 2.0  # points: a border drawn twice, or with a hairline offset, is one line
_MIN_RULING = 3.0  # points: shorter strokes are glyph parts, not borders
_MIN_TEXT_CHARS = 10  # fewer visible characters than this: the page has no text layer
_GAP = 0.3  # font sizes: a wider gap between glyphs splits a word


def read(data: bytes, path: str | None, settings: Settings) -> Document:
    return read_pdf(data, path, settings)


def read_pdf(data: bytes, path: str | None, settings: Settings, rulings: bool = True) -> Document:
    """``read`` with a switch: ``rulings=False`` reads every table by text position, ignoring
    drawn lines, as for an export that draws none (tests check both paths on one file)."""
    pdfium = _pdfium(path)
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
        refusals = oversized_pages(data, settings)
        pages, notes, ocr_used, problems = _read_pages(
            pdfium, doc, path, settings, rulings, refusals
        )
    if not pages:
        reasons = "；".join(p.message for p in problems[:3])
        raise NianbaoError(
            path,
            f"PDF 各页都无法读取{'：' + reasons if reasons else ''}",
            "no page of the PDF could be read",
            code="corrupt",
        )
    blocks = layout.blocks(pages, path, settings.layout)
    notes += confidence_notes(blocks, settings.ocr_min_confidence)
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
    pdfium: Any,
    doc: pypdfium2.PdfDocument,
    path: str | None,
    settings: Settings,
    rulings: bool,
    refusals: dict[int, str],
) -> tuple[list[layout.Page], list[str], bool, list[ReadProblem]]:
    """Every page that can be read; a damaged or oversized page is skipped with a problem
    naming it, and the other pages are still read."""
    pages: list[layout.Page] = []
    notes: list[str] = []
    problems: list[ReadProblem] = []
    ocr_used = False
    for index in range(len(doc)):
        no = index + 1
        if index in refusals:
            problems.append(
                _page_problem("page_too_large", no, path, f"第 {no} 页{refusals[index]}")
            )
            continue
        try:
            page = doc[index]
        except pdfium.PdfiumError as err:
            problems.append(_unreadable(no, path, err))
            continue
        try:
            content, drawn = page_content(page, no, rulings)
            if content is None and drawn:
                from . import ocr  # the optional extra, imported only for scanned pages

                progress.page_started(no, len(doc))
                content = ocr.read_pdf_page(page, no, path, settings)
                notes.append(f"第 {no} 页没有文字层，已用文字识别（OCR）读取")
                ocr_used = True
        except (NianbaoError, MemoryError):
            raise
        except Exception as err:
            if not (isinstance(err, pdfium.PdfiumError) or from_library(err)):
                raise  # nianbao's own bug, not the page's
            problems.append(_unreadable(no, path, err))
            continue
        finally:
            page.close()
        if content is not None:
            pages.append(content)
    return pages, notes, ocr_used, problems


def _unreadable(no: int, path: str | None, err: Exception) -> ReadProblem:
    return _page_problem(
        "page_unreadable", no, path, f"第 {no} 页已损坏，无法读取，已跳过（{brief(err)}）"
    )


def _page_problem(code: str, no: int, path: str | None, message: str) -> ReadProblem:
    return ReadProblem(code, message, Location(path=path, page=no))


def oversized_pages(data: bytes, settings: Settings) -> dict[int, str]:
    """Page index → why its content is too large to lay out. Read from the content streams'
    sizes before PDFium loads the page: a report page holds some 30 KB of content and 2 KB of
    text, and loading a page of 50 MB takes seconds and more than a gigabyte. Nothing is
    refused when the file's structure cannot be read this way (PDFium then reports it)."""
    try:
        from pdfminer.pdfdocument import PDFDocument
        from pdfminer.pdfpage import PDFPage
        from pdfminer.pdfparser import PDFParser
    except ModuleNotFoundError:
        return {}
    out: dict[int, str] = {}
    try:
        document = PDFDocument(PDFParser(io.BytesIO(data)))
        for index, page in enumerate(PDFPage.create_pages(document)):
            if index >= settings.max_pages:
                break
            reason = _oversized(page, settings)
            if reason is not None:
                out[index] = reason
    except Exception as err:
        if not from_library(err):
            raise
    return out


def _oversized(page_obj: Any, settings: Settings) -> str | None:
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
            return 0  # PDFium reads what it can of the page, or reports it
    return len(stream.get_data() or b"")


# ---------------------------------------------------------------- one page of the text layer


def page_content(
    page: pypdfium2.PdfPage, no: int, rulings: bool = True
) -> tuple[layout.Page | None, bool]:
    """The page's words and ruled tables, or ``None`` when it has no text layer; and whether
    the page draws anything (an image, a shape) that OCR could read."""
    from . import pdfium_text  # pypdfium2 is checked for by ``read_pdf``

    box = pdfium_text.page_box(page.raw)
    drawing = pdfium_text.page_objects(page.raw, box)
    textpage = page.get_textpage()
    try:
        chars = pdfium_text.glyphs(textpage.raw, box, drawing.white_text)
    finally:
        textpage.close()
    if sum(1 for c in chars if not c.text.isspace()) < _MIN_TEXT_CHARS:
        return None, drawing.drawn
    tables = (
        tables_from_rulings(drawing.horizontal, drawing.vertical, _RULING_TOLERANCE, _MIN_RULING)
        if rulings
        else []
    )
    in_cells: list[list[list[Piece]]] = [[[] for _ in t] for t in tables]
    loose: list[Piece] = []
    finders = [cell_finder(t, _RULING_TOLERANCE) for t in tables]
    for ch in chars:
        x, y = ch.cx, ch.cy
        for t, find in enumerate(finders):
            cell = find(x, y)
            if cell is not None:
                in_cells[t][cell].append(ch)
                break
        else:
            loose.append(ch)
    content = layout.Page(
        no=no,
        width=box.width,
        height=box.height,
        tables=[
            [
                (cell_box, words(cell_chars))
                for cell_box, cell_chars in zip(t, in_cells[i], strict=True)
            ]
            for i, t in enumerate(tables)
        ],
        loose=words(loose),
    )
    return content, drawing.drawn


def words(glyphs: list[Piece]) -> list[Piece]:
    """Glyphs → words: split at spaces and at gaps wider than a third of the font size."""
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
